/**
 * W4: from W3's steady state (5,000 nodes, 150,000 pods), zone A fails at t = 0: the node lifecycle controller
 * detects it (50 s grace) and taints, taint eviction evicts, the ReplicaSet controller recreates, the scheduler
 * retries. Three variants:
 *  - W4-ignore: the default nodeTaintsPolicy Ignore; eviction and API rate limits lifted (the pods keep the
 *    300 s tolerations admission gave them), 15 min of virtual time, so the measure is the rescheduling work:
 *    every replacement stays Pending (kubernetes/kubernetes#123019).
 *  - W4-honor: the same with nodeTaintsPolicy Honor on both constraints: zone A leaves the spread domains and
 *    replacements fill zones B and C until CPU runs out.
 *  - W4-timed: Ignore with the documented defaults (50 s grace, 300 s toleration, 0.1 nodes/s, API rates) over
 *    6 h of virtual time.
 * The measure is simulate() end to end (loading the store and the scheduler's cache included); the steady
 * state is built beforehand (reported as setupMs). Pending counts are the simulation's.
 */
import type { Deployment, Pod, PodSpec, ReplicaSet, TopologySpreadConstraint } from "@/lib/k8s/types";
import type { SimulationInput } from "@/lib/engine/sim/simulate";
import type { SimulationSettings } from "@/lib/engine/sim/settings";
import type { BenchContext, BenchWorkload, WorkloadResult } from "../types";
import { SIMULATION_NODE_FLAGS } from "@/cli/node-flags";
import { runSimulation } from "./sim-run";
import { steadyState } from "./sim-steady";
import { round1 } from "./w3";
import { W3_SHAPE, type TopologyShape } from "./w3-input";

const UNLIMITED = 1e9;
/** Everything at once: the cost of rescheduling, not of waiting for rate limiters. */
export const INSTANT: Partial<SimulationSettings> = {
  nodeEvictionRate: UNLIMITED, secondaryNodeEvictionRate: UNLIMITED, defaultTolerationSeconds: 0,
  controllerApiQps: UNLIMITED, controllerApiBurst: UNLIMITED, schedulerApiQps: UNLIMITED, schedulerApiBurst: UNLIMITED,
};

/** The same objects with nodeTaintsPolicy Honor on every spread constraint (templates and pods alike). */
export function withTaintsPolicyHonor(input: SimulationInput): SimulationInput {
  const memo = new WeakMap<object, TopologySpreadConstraint[]>();
  const honor = (spec: PodSpec): PodSpec => {
    const cs = spec.topologySpreadConstraints;
    if (!cs) return spec;
    let h = memo.get(cs);
    if (!h) memo.set(cs, (h = cs.map((c) => ({ ...c, nodeTaintsPolicy: "Honor" as const }))));
    return { ...spec, topologySpreadConstraints: h };
  };
  const tpl = <T extends Deployment | ReplicaSet>(o: T): T => ({ ...o, spec: { ...o.spec, template: { ...o.spec.template, spec: honor(o.spec.template!.spec) } } });
  return {
    ...input,
    deployments: input.deployments.map(tpl),
    replicaSets: input.replicaSets.map(tpl),
    pods: input.pods.map((p: Pod) => ({ ...p, spec: honor(p.spec) })),
  };
}

export function runW4(ctx: BenchContext, shape: TopologyShape = W3_SHAPE, prefix = "W4"): WorkloadResult[] {
  const steady = steadyState(shape, ctx.seed);
  const failedZone = "zone-a";
  // Each variant's input is built just before it runs (the Honor copy of 150,000 pods is not kept alive, and
  // collected, while the other variants run).
  const variants: { id: string; input: () => SimulationInput; settings: Partial<SimulationSettings>; horizonMs: number }[] = [
    // 15 min: detection (50 s), the pods' admission-time 300 s toleration, eviction, recreation, rescheduling
    // and two rounds of 5-minute retries; what follows is the node monitor ticking over dead nodes.
    { id: `${prefix}-ignore`, input: () => steady.input, settings: INSTANT, horizonMs: 900_000 },
    { id: `${prefix}-honor`, input: () => withTaintsPolicyHonor(steady.input), settings: INSTANT, horizonMs: 900_000 },
    { id: `${prefix}-timed`, input: () => steady.input, settings: {}, horizonMs: 6 * 3_600_000 },
  ];
  const out: WorkloadResult[] = [];
  for (const v of variants) {
    const input = v.input();
    (globalThis as { gc?: () => void }).gc?.();
    const r = runSimulation(ctx, input, { seed: ctx.seed, horizonMs: v.horizonMs, settings: v.settings, events: [{ atMs: 0, fail: { zone: failedZone } }] });
    if (!r.checker.ok) console.error(`${v.id} checker:`, r.checker.problems.slice(0, 5));
    const lost = r.result.zones.find((z) => z.zone === failedZone);
    const reasons = new Map<string, number>();
    for (const d of r.result.deployments) for (const [m, n] of Object.entries(d.pendingReasons)) reasons.set(m, (reasons.get(m) ?? 0) + n);
    const top = [...reasons].sort((a, b) => b[1] - a[1])[0];
    const replaced = r.binds - (steady.input.pods.length - steady.pending);
    out.push({
      id: v.id,
      ms: round1(r.ms),
      pods: steady.input.pods.length,
      podsPerSecond: Math.round((steady.input.pods.length / r.ms) * 1000),
      peakHeapMB: round1(r.peakHeapMB),
      pending: r.pending,
      checker: r.checker.ok ? "pass" : "fail",
      nodes: steady.input.nodes.length,
      failedZoneNodes: lost?.nodes ?? 0,
      rescheduled: replaced,
      topPendingReason: top ? `${top[1]} x ${top[0]}` : null,
      loadMs: round1(r.loadMs),
      afterLoadMs: round1(r.ms - r.loadMs),
      processedEvents: r.result.processedEvents,
      virtualHorizonS: v.horizonMs / 1000,
      setupMs: round1(steady.ms),
    });
  }
  return out;
}

export const W4: BenchWorkload = { ids: ["W4-ignore", "W4-honor", "W4-timed"], run: (ctx) => runW4(ctx), nodeFlags: SIMULATION_NODE_FLAGS };
