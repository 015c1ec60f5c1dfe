/**
 * The fused fast path (fast-cycle.ts) must take exactly the generic path's decisions: two schedulers with the
 * same seed, one with `fastPath: false`, see the same W2-like randomized workloads (regions x zones, anti-
 * affinity, hard zone spread, soft region spread, node-affinity pins, taints, cordons, oversized pods that
 * fail) interleaved with cluster changes, and every ScheduleResult field must agree.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createScheduler, defaultProfile, type Scheduler } from "@/lib/engine/scheduler";
import type { Node, Pod } from "@/lib/k8s/types";
import { MakeNode, MakePod } from "./builders";

const REGION = "topology.kubernetes.io/region";
const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";

const clusterArb = fc.record({
  regions: fc.integer({ min: 1, max: 3 }),
  zones: fc.integer({ min: 1, max: 3 }),
  perZone: fc.integer({ min: 1, max: 25 }),
  cpu: fc.constantFrom("1", "2", "4"),
  odd: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom("noZone", "taint", "prefer", "cordon", "small") }), { maxLength: 12 }),
  pct: fc.constantFrom(0, 0, 20, 100),
  seed: fc.integer({ min: 0, max: 1 << 20 }),
});
const deploymentArb = fc.record({
  replicas: fc.integer({ min: 1, max: 9 }),
  cpu: fc.constantFrom("100m", "250m", "500m", "3"),
  anti: fc.constantFrom(null, HOST, ZONE),
  hardZone: fc.boolean(),
  maxSkew: fc.integer({ min: 1, max: 2 }),
  softRegion: fc.boolean(),
  softHost: fc.constantFrom(null, 1, 3),
  pin: fc.constantFrom(null, 0, 1),
  tolerate: fc.boolean(),
  preferHost: fc.boolean(),
  nodeName: fc.boolean(),
});
const eventArb = fc.constantFrom("none", "none", "remove", "taint", "untaint", "cordon");

type ClusterSpec = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;
type DeploymentSpec = typeof deploymentArb extends fc.Arbitrary<infer T> ? T : never;

function buildNodes(c: ClusterSpec): Node[] {
  const nodes: Node[] = [];
  for (let r = 0; r < c.regions; r++)
    for (let z = 0; z < c.zones; z++)
      for (let i = 0; i < c.perZone; i++) nodes.push(MakeNode(`r${r}-z${z}-n${String(i).padStart(2, "0")}`).label(REGION, `r${r}`).zone(`r${r}-z${z}`).alloc({ cpu: c.cpu, memory: "8Gi", pods: "20" }).obj());
  for (const o of c.odd) {
    const n = nodes[o.at % nodes.length]!;
    if (o.kind === "noZone") delete n.metadata.labels![ZONE];
    if (o.kind === "taint") (n.spec!.taints ??= []).push({ key: "down", effect: "NoSchedule" });
    if (o.kind === "prefer") (n.spec!.taints ??= []).push({ key: "meh", effect: "PreferNoSchedule" });
    if (o.kind === "cordon") n.spec!.unschedulable = true;
    if (o.kind === "small") n.status = { allocatable: { cpu: "500m", memory: "1Gi", pods: "3" } };
  }
  return nodes;
}

function buildPods(d: DeploymentSpec, k: number, nodes: Node[]): Pod[] {
  const app = `d${k}`;
  const sel = { matchLabels: { app } };
  const pods: Pod[] = [];
  for (let r = 0; r < d.replicas; r++) {
    const b = MakePod(`${app}-${r}`).label("app", app).req({ cpu: d.cpu, memory: "256Mi" });
    if (d.anti) b.podAffinity("podAntiAffinity", { labelSelector: sel, topologyKey: d.anti });
    if (d.hardZone) b.spread(d.maxSkew, ZONE, "DoNotSchedule", sel);
    if (d.softRegion) b.spread(1, REGION, "ScheduleAnyway", sel);
    if (d.softHost !== null) b.spread(d.softHost, HOST, "ScheduleAnyway", sel);
    if (d.pin !== null) b.nodeAffinityIn(REGION, [`r${d.pin}`, `r${d.pin + 1}`]);
    if (d.tolerate) b.toleration({ key: "down", operator: "Exists" });
    if (d.preferHost) b.preferredPodAffinity("podAffinity", 7, { labelSelector: sel, topologyKey: HOST });
    if (d.nodeName && r === 0) b.node(nodes[k % nodes.length]!.metadata.name!);
    pods.push(b.obj());
  }
  return pods;
}

function applyEvent(s: Scheduler, e: string, placed: Pod[], nodes: Node[], k: number): void {
  const n = nodes[(k * 7) % nodes.length]!;
  if (e === "remove" && placed.length > 0) s.removePod(placed[(k * 5) % placed.length]!);
  else if (e === "taint") s.updateNode({ ...n, spec: { ...n.spec, taints: [{ key: "down", effect: "NoExecute" }] } });
  else if (e === "untaint") s.updateNode({ ...n, spec: { ...n.spec, taints: [] } });
  else if (e === "cordon") s.updateNode({ ...n, spec: { ...n.spec, unschedulable: true } });
}

describe("fast path equals generic path", () => {
  it("on W2-like randomized workloads with cluster changes (every result field)", () => {
    fc.assert(
      fc.property(clusterArb, fc.array(fc.tuple(deploymentArb, eventArb), { minLength: 1, maxLength: 14 }), (c, deps) => {
        const nodes = buildNodes(c);
        const profile = defaultProfile({ percentageOfNodesToScore: c.pct });
        const fast = createScheduler({ nodes }, { seed: c.seed, profile });
        const generic = createScheduler({ nodes }, { seed: c.seed, profile, fastPath: false });
        const placed: Pod[] = [];
        deps.forEach(([d, e], k) => {
          for (const pod of buildPods(d, k, nodes)) {
            const a = fast.scheduleAndBind(pod);
            const b = generic.scheduleAndBind(pod);
            expect(a).toEqual(b);
            if (a.nodeName !== null) placed.push(pod);
          }
          applyEvent(fast, e, placed, nodes, k);
          applyEvent(generic, e, placed, nodes, k);
        });
      }),
      { numRuns: 120 },
    );
  });

  it("when the feasible nodes cover fewer soft-spread domains than the walk visits (presumed norms off)", () => {
    // The fast scan presumes the feasible nodes cover every region its walk visits. A pod pinned to two of
    // three regions without a hard constraint walks all nodes but finds feasible nodes in two regions only:
    // PreScore's weight (log(2 + 2), not log(3 + 2)) and min / max differ, and the region of the loaded nodes
    // wins or loses on that difference. The scheduler must notice and score with the real norms.
    const nodes: Node[] = [];
    for (let r = 0; r < 3; r++) for (let i = 0; i < 4; i++) nodes.push(MakeNode(`r${r}-n${i}`).label(REGION, `r${r}`).zone(`r${r}-z0`).alloc({ cpu: "4", memory: "16Gi", pods: "50" }).obj());
    const sel = { matchLabels: { app: "x" } };
    const bound: Pod[] = [];
    // r0: 2 matching pods; r2: 5 matching pods (outside the pin); r1's nodes: heavy unrelated load.
    for (let k = 0; k < 2; k++) bound.push(MakePod(`x-r0-${k}`).label("app", "x").req({ cpu: "100m" }).node(`r0-n${k}`).obj());
    for (let k = 0; k < 5; k++) bound.push(MakePod(`x-r2-${k}`).label("app", "x").req({ cpu: "100m" }).node(`r2-n${k % 4}`).obj());
    for (let i = 0; i < 4; i++) bound.push(MakePod(`load-${i}`).label("app", "load").req({ cpu: "3", memory: "12Gi" }).node(`r1-n${i}`).obj());
    for (let seed = 0; seed < 20; seed++) {
      const fast = createScheduler({ nodes, pods: bound }, { seed });
      const generic = createScheduler({ nodes, pods: bound }, { seed, fastPath: false });
      for (let k = 0; k < 6; k++) {
        const pod = MakePod(`new-${k}`).label("app", "x").req({ cpu: "100m", memory: "128Mi" }).spread(1, REGION, "ScheduleAnyway", sel).nodeAffinityIn(REGION, ["r0", "r1"]).obj();
        const a = fast.scheduleAndBind(pod);
        expect(a).toEqual(generic.scheduleAndBind(pod));
      }
    }
  });

  it("when a hostname spread's counts range differs from the one presumed from the previous pod", () => {
    // The fast scan ranks a lone hostname spread with the count range (and scored-node count) of the previous
    // such cycle. Alternating two workloads whose matching pods lie differently, and nodes loaded unevenly,
    // makes that presumption wrong every other pod: the scheduler must notice and score with the real range.
    const nodes: Node[] = [];
    for (let i = 0; i < 24; i++) nodes.push(MakeNode(`n${String(i).padStart(2, "0")}`).zone(`z${i % 3}`).alloc({ cpu: "8", memory: "32Gi", pods: "60" }).obj());
    const bound: Pod[] = [];
    for (let i = 0; i < 24; i++) {
      for (let k = 0; k < i % 6; k++) bound.push(MakePod(`x-${i}-${k}`).label("app", "x").req({ cpu: "100m" }).node(nodes[i]!.metadata.name!).obj());
      if (i % 4 === 0) bound.push(MakePod(`y-${i}`).label("app", "y").req({ cpu: "100m" }).node(nodes[i]!.metadata.name!).obj());
      bound.push(MakePod(`load-${i}`).label("app", "load").req({ cpu: `${(i * 7) % 6}`, memory: `${(i * 5) % 16}Gi` }).node(nodes[i]!.metadata.name!).obj());
    }
    for (let seed = 0; seed < 10; seed++) {
      for (const pct of [0, 50, 100]) {
        const profile = defaultProfile({ percentageOfNodesToScore: pct });
        const fast = createScheduler({ nodes, pods: bound }, { seed, profile });
        const generic = createScheduler({ nodes, pods: bound }, { seed, profile, fastPath: false });
        for (let k = 0; k < 12; k++) {
          const app = k % 2 === 0 ? "x" : "y";
          const pod = MakePod(`new-${k}`).label("app", app).req({ cpu: "100m", memory: "128Mi" }).spread(k % 3 === 0 ? 1 : 3, HOST, "ScheduleAnyway", { matchLabels: { app } }).obj();
          expect(fast.scheduleAndBind(pod)).toEqual(generic.scheduleAndBind(pod));
        }
      }
    }
  });

  it("gives the same failure message, plugins and counts for pods that fit nowhere", () => {
    const nodes = Array.from({ length: 150 }, (_, i) => {
      const b = MakeNode(`n${String(i).padStart(3, "0")}`).zone(`z${i % 3}`).alloc({ cpu: "1", memory: "2Gi", pods: "5" });
      if (i % 7 === 0) b.taint({ key: `t${i % 2}`, value: "x", effect: "NoSchedule" });
      if (i % 11 === 0) b.unschedulable();
      return b.obj();
    });
    const fast = createScheduler({ nodes }, { seed: 3 });
    const generic = createScheduler({ nodes }, { seed: 3, fastPath: false });
    for (let k = 0; k < 40; k++) {
      const pod = MakePod(`big-${k}`).label("app", "big").req({ cpu: k % 2 ? "2" : "600m", memory: k % 3 ? "3Gi" : "1Gi" }).spread(1, ZONE, "DoNotSchedule", { matchLabels: { app: "big" } }).obj();
      const a = fast.scheduleAndBind(pod);
      expect(a).toEqual(generic.scheduleAndBind(pod));
    }
    const huge = MakePod("huge").req({ cpu: "8" }).obj();
    const r = fast.schedule(huge);
    expect(r).toEqual(generic.schedule(huge));
    expect(r.message).toBe("0/150 nodes are available: 10 node(s) had untolerated taint {t0: x}, 10 node(s) had untolerated taint {t1: x}, 116 Insufficient cpu, 14 node(s) were unschedulable.");
  });
  it("through an outage's failures, whose counting pass reads per-zone summaries that nodes changing invalidate", () => {
    // A zone outage, as the simulation drives it: the zone's nodes are tainted one by one, its pods leave, some
    // replacements bind elsewhere, nodes are cordoned and uncordoned, and workload after workload fails its
    // first cycle. The counting pass of those failures reads the other zones' nodes from per-domain summaries
    // (domain-summary.ts) kept up to date node by node: every result must still equal the generic path's.
    const nodes = Array.from({ length: 60 }, (_, i) => MakeNode(`n${String(i).padStart(2, "0")}`).label(REGION, `r${i % 2}`).zone(`z${i % 4}`).alloc({ cpu: "2", memory: "8Gi", pods: "12" }).obj());
    const fast = createScheduler({ nodes }, { seed: 5 });
    const generic = createScheduler({ nodes }, { seed: 5, fastPath: false });
    const both = <T>(f: (s: Scheduler) => T): T => {
      const a = f(fast);
      expect(f(generic)).toEqual(a);
      return a;
    };
    const placed: Pod[] = [];
    const pod = (app: string, k: number, cpu: string, tolerate: boolean) => {
      const b = MakePod(`${app}-${k}`).label("app", app).req({ cpu, memory: "512Mi" }).spread(1, ZONE, "DoNotSchedule", { matchLabels: { app } });
      if (tolerate) b.toleration({ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoSchedule" });
      if (k % 5 === 4) b.nodeAffinityIn(REGION, ["r1"]);
      return b.obj();
    };
    for (let a = 0; a < 12; a++)
      for (let k = 0; k < 8; k++) {
        const p = pod(`a${a}`, k, a % 3 === 0 ? "700m" : "200m", a % 4 === 1);
        if (both((s) => s.scheduleAndBind(p)).nodeName !== null) placed.push(p);
      }
    const zone0 = nodes.filter((n) => n.metadata.labels![ZONE] === "z0");
    let failures = 0;
    let mixed = 0;
    for (let step = 0; step < zone0.length; step++) {
      const n = zone0[step]!;
      both((s) => s.updateNode({ ...n, spec: { ...n.spec, taints: [{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule" }] } }));
      const victims = placed.filter((p) => fast.nodeOf(p) === n.metadata.name);
      for (const v of victims) both((s) => s.removePod(v));
      if (step % 4 === 2) {
        const c = nodes[(step * 7) % nodes.length]!;
        both((s) => s.updateNode({ ...c, spec: { ...c.spec, unschedulable: step % 8 === 2 } }));
      }
      for (let a = 0; a < 12; a++) {
        const p = pod(`a${a}`, 100 + step, a % 3 === 0 ? "700m" : "200m", a % 4 === 1);
        const r = both((s) => s.scheduleAndBind(p));
        if (r.nodeName !== null) placed.push(p);
        else {
          failures++;
          if (r.message.includes("untolerated taint") && r.message.includes("topology spread")) mixed++;
        }
      }
    }
    // The sequence exercises what it is about: many failures, most counting both the taint and the skew.
    expect(failures).toBeGreaterThan(20);
    expect(mixed).toBeGreaterThan(20);
  });
  it("when more nodes changed between two failures than the change log keeps (the summaries re-read every node)", () => {
    // 30 nodes: the log of node changes (cluster-state.ts) restarts when it holds 4 x 30 + 64 = 184 entries. The
    // load, the first failure, the taint on n3 and 64 binds and removals on n0 make 189 changes: the log restarts
    // and then holds 5, fewer than a zone's 10 nodes, so the summaries would read the log, which no longer has
    // the taint. n5 is tainted from the start (the same pre-spread key for both failures).
    const nodes = Array.from({ length: 30 }, (_, i) => {
      const b = MakeNode(`n${i}`).zone(`z${i % 3}`).alloc({ cpu: "1", memory: "8Gi", pods: "110" });
      if (i === 5) b.taint({ key: "k", value: "v", effect: "NoSchedule" });
      return b.obj();
    });
    const fill = nodes.map((n, i) => {
      const p = MakePod(`fill-${i}`).req({ cpu: "500m" }).obj();
      return { ...p, spec: { ...p.spec, nodeName: n.metadata.name } };
    });
    const fast = createScheduler({ nodes, pods: fill }, { seed: 2 });
    const generic = createScheduler({ nodes, pods: fill }, { seed: 2, fastPath: false });
    const both = <T>(f: (s: Scheduler) => T): T => {
      const a = f(fast);
      expect(f(generic)).toEqual(a);
      return a;
    };
    const big = (k: number) => MakePod(`big-${k}`).label("app", "big").req({ cpu: "600m" }).spread(1, ZONE, "DoNotSchedule", { matchLabels: { app: "big" } }).obj();
    expect(both((s) => s.schedule(big(0))).message).toBe("0/30 nodes are available: 1 node(s) had untolerated taint {k: v}, 29 Insufficient cpu.");
    const n3 = nodes[3]!;
    both((s) => s.updateNode({ ...n3, spec: { ...n3.spec, taints: [{ key: "k", value: "v", effect: "NoSchedule" }] } }));
    for (let k = 0; k < 64; k++) {
      const small = MakePod(`small-${k}`).req({ cpu: "100m" }).obj();
      both((s) => s.bind(small, "n0"));
      both((s) => s.removePod(small));
    }
    expect(both((s) => s.schedule(big(1))).message).toBe("0/30 nodes are available: 2 node(s) had untolerated taint {k: v}, 28 Insufficient cpu.");
  });
});
