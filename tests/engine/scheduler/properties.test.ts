/**
 * fast-check properties of the scheduler on random small clusters:
 *  - an independent checker finds no node over allocatable, no DoNotSchedule skew above maxSkew and no broken
 *    required anti-affinity at bind time, and a reason for every pending pod;
 *  - same input and seed give the same placements; shuffling the input order of nodes and bound pods changes
 *    nothing;
 *  - the fast path (incremental counters, batched filters, sampling) takes the same decisions as a from-scratch
 *    per-node evaluation of the plugins (feasible set and top-scored set).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createScheduler } from "@/lib/engine/scheduler";
import type { Node, Pod } from "@/lib/k8s/types";
import { check } from "../../bench/checker";
import { MakeNode, MakePod } from "./builders";
import { referenceEvaluate } from "./reference";

const nodeArb = fc.record({
  zone: fc.integer({ min: 0, max: 2 }),
  cpu: fc.constantFrom("1", "2", "4"),
  taint: fc.constantFrom(null, "NoSchedule", "PreferNoSchedule"),
  gpu: fc.boolean(),
});
const podArb = fc.record({
  app: fc.constantFrom("a", "b", "c"),
  cpu: fc.constantFrom("100m", "500m", "1", null),
  hardSpread: fc.constantFrom(null, "topology.kubernetes.io/zone", "kubernetes.io/hostname"),
  maxSkew: fc.integer({ min: 1, max: 2 }),
  softSpread: fc.boolean(),
  anti: fc.constantFrom(null, "kubernetes.io/hostname", "topology.kubernetes.io/zone"),
  affinity: fc.boolean(),
  pinZone: fc.constantFrom(null, 0, 1),
  tolerate: fc.boolean(),
  preferGpu: fc.boolean(),
});
type NodeSpec = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never;
type PodSpecArb = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function buildNodes(specs: NodeSpec[]): Node[] {
  return specs.map((s, i) => {
    const b = MakeNode(`node-${i}`).zone(`z${s.zone}`).alloc({ cpu: s.cpu, memory: "4Gi", pods: "8" });
    if (s.taint) b.taint({ key: "t", effect: s.taint as "NoSchedule" | "PreferNoSchedule" });
    if (s.gpu) b.label("gpu", "true");
    return b.obj();
  });
}

function buildPod(s: PodSpecArb, i: number): Pod {
  const sel = { matchLabels: { app: s.app } };
  const b = MakePod(`pod-${i}`).label("app", s.app);
  b.req(s.cpu ? { cpu: s.cpu, memory: "256Mi" } : {});
  if (s.hardSpread) b.spread(s.maxSkew, s.hardSpread, "DoNotSchedule", sel);
  if (s.softSpread) b.spread(1, "topology.kubernetes.io/zone", "ScheduleAnyway", sel);
  if (s.anti) b.podAffinity("podAntiAffinity", { labelSelector: sel, topologyKey: s.anti });
  if (s.affinity) b.preferredPodAffinity("podAffinity", 10, { labelSelector: { matchLabels: { app: "a" } }, topologyKey: "topology.kubernetes.io/zone" });
  if (s.pinZone !== null) b.nodeAffinityIn("topology.kubernetes.io/zone", [`z${s.pinZone}`, `z${s.pinZone + 1}`]);
  if (s.tolerate) b.toleration({ key: "t", operator: "Exists" });
  if (s.preferGpu) b.preferredNodeIn(5, "gpu", ["true"]);
  return b.obj();
}

function place(nodes: Node[], pods: Pod[], seed: number) {
  const s = createScheduler({ nodes }, { seed });
  return pods.map((p) => {
    const r = s.scheduleAndBind(p);
    return { pod: p, node: r.nodeName, message: r.message };
  });
}

const clusterArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 10 }),
  pods: fc.array(podArb, { minLength: 1, maxLength: 24 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

describe("scheduler properties", () => {
  it("never breaks capacity, hard spread or required anti-affinity; pending pods have reasons", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes: ns, pods: ps, seed }) => {
        const nodes = buildNodes(ns);
        const out = place(nodes, ps.map(buildPod), seed);
        const verdict = check({
          nodes,
          binds: out.filter((o) => o.node !== null).map((o) => ({ pod: o.pod, node: o.node! })),
          pending: out.filter((o) => o.node === null).map((o) => ({ pod: o.pod, message: o.message })),
        });
        expect(verdict.problems).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("is deterministic and independent of the input order of nodes and bound pods", () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 1 << 30 }), ({ nodes: ns, pods: ps, seed }, shuffleSeed) => {
        const nodes = buildNodes(ns);
        const pods = ps.map(buildPod);
        const half = Math.floor(pods.length / 2);
        // bind the first half, then schedule the rest; compare with shuffled inputs
        const first = place(nodes, pods.slice(0, half), seed);
        const bound = first.filter((o) => o.node).map((o) => ({ ...o.pod, spec: { ...o.pod.spec, nodeName: o.node! } }));
        const run = (nodeList: Node[], boundList: Pod[]) => {
          const s = createScheduler({ nodes: nodeList, pods: boundList }, { seed });
          return pods.slice(half).map((p) => s.scheduleAndBind(p).nodeName);
        };
        const a = run(nodes, bound);
        expect(run(nodes, bound)).toEqual(a);
        const shuffled = <T,>(xs: T[]) => fc.sample(fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }), { seed: shuffleSeed, numRuns: 1 })[0]!;
        expect(run(shuffled(nodes), shuffled(bound))).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it("a fork of a freshly built scheduler decides as a fresh build, and leaves the one it was forked from as it was", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes: ns, pods: ps, seed }) => {
        const nodes = buildNodes(ns);
        const pods = ps.map(buildPod);
        const half = Math.floor(pods.length / 2);
        // Bound pods with affinity terms, spreads and requests: the fork copies term groups, indices and accounting.
        const bound = place(nodes, pods.slice(0, half), seed).filter((o) => o.node).map((o) => ({ ...o.pod, spec: { ...o.pod.spec, nodeName: o.node! } }));
        const rest = pods.slice(half);
        const decide = (s: ReturnType<typeof createScheduler>) => rest.map((p) => { const r = s.scheduleAndBind(p); return [r.nodeName, r.message]; });
        const fresh = decide(createScheduler({ nodes, pods: bound }, { seed }));
        // Half the bound pods become terminating first (the records a fork shares with its template change).
        const disturb = (s: ReturnType<typeof createScheduler>) => {
          bound.forEach((p, i) => void (i % 2 === 0 && s.markTerminating({ ...p, metadata: { ...p.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" } })));
          return s;
        };
        const freshDisturbed = decide(disturb(createScheduler({ nodes, pods: bound }, { seed })));
        const template = createScheduler({ nodes, pods: bound }, { seed: seed + 1 });
        expect(decide(template.fork({ seed }))).toEqual(fresh);
        expect(decide(disturb(template.fork({ seed })))).toEqual(freshDisturbed);
        // The forks' terminations, binds and cycles did not reach the template: a new fork starts from the same cache.
        expect(decide(template.fork({ seed }))).toEqual(fresh);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses to fork a scheduler that has run a cycle (its caches are not copied)", () => {
    const nodes = buildNodes([{ zone: 0, cpu: "2", taint: null, gpu: false }]);
    const s = createScheduler({ nodes }, { seed: 1 });
    s.schedule(buildPod({ app: "a", cpu: "100m", hardSpread: "topology.kubernetes.io/zone", maxSkew: 1, softSpread: false, anti: null, affinity: false, pinZone: null, tolerate: false, preferGpu: false }, 0));
    expect(() => s.fork()).toThrow(/scheduling cycles/);
  });

  it("fast path matches a from-scratch per-node evaluation of the plugins", () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes: ns, pods: ps, seed }) => {
        const nodes = buildNodes(ns);
        const s = createScheduler({ nodes }, { seed });
        const bound: { pod: Pod; node: string }[] = [];
        ps.map(buildPod).forEach((pod) => {
          const ref = referenceEvaluate(nodes, bound, pod);
          const r = s.schedule(pod, { trace: true });
          expect(r.trace ? [...r.trace.feasible].sort() : []).toEqual([...ref.feasible].sort());
          if (ref.feasible.length === 0) expect(r.nodeName).toBeNull();
          else {
            expect(r.nodeName).not.toBeNull();
            if (ref.feasible.length > 1) {
              const best = Math.max(...ref.totals.values());
              expect(ref.totals.get(r.nodeName!)).toBe(best);
              for (const t of r.trace!.topNodes) expect(t.total).toBe(ref.totals.get(t.node));
            }
            s.bind(pod, r.nodeName!);
            bound.push({ pod, node: r.nodeName! });
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
