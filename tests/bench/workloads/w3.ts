/**
 * W3: 5,000 nodes in 3 zones; 1,000 Deployments x 150 replicas (zone spread maxSkew 1 DoNotSchedule, hostname
 * spread maxSkew 1 ScheduleAnyway). Measures what a user's placement costs: `placeSnapshot` end to end (the
 * Deployment/ReplicaSet controllers materialise the pods Deployment by Deployment, the scheduler places them in
 * queue order, the report is built).
 */
import { placeSnapshot, type PlacementResult } from "@/lib/engine/place";
import { defaultSchedulerFactory } from "@/lib/engine/place-scheduler";
import type { Pod } from "@/lib/k8s/types";
import { OnlineChecker } from "./sim-checker";
import type { BenchContext, BenchWorkload, BindEvent, WorkloadResult } from "../types";
import { topologySnapshot, W3_SHAPE, type TopologyShape } from "./w3-input";

export interface W3Run {
  result: PlacementResult;
  binds: BindEvent[];
  pending: { pod: Pod; message: string }[];
  ms: number;
  peakHeapMB: number;
}

export function placeTopology(ctx: BenchContext, shape: TopologyShape, nowMs?: number): W3Run {
  const snapshot = topologySnapshot(shape, ctx.seed);
  const binds: BindEvent[] = [];
  const pending: { pod: Pod; message: string }[] = [];
  let n = 0;
  const peak = ctx.heapPeak();
  const t0 = performance.now();
  const result = placeSnapshot(snapshot, {
    seed: ctx.seed,
    ...(nowMs !== undefined ? { nowMs } : {}),
    createScheduler: defaultSchedulerFactory,
    trace: (e) => {
      if (e.nodeName !== null) binds.push({ pod: e.object, node: e.nodeName });
      else pending.push({ pod: e.object, message: e.message });
      if ((++n & 1023) === 0) ctx.sampleHeap();
    },
  });
  const ms = performance.now() - t0;
  return { result, binds, pending, ms, peakHeapMB: peak() };
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

export function runW3(ctx: BenchContext): WorkloadResult {
  const r = placeTopology(ctx, W3_SHAPE);
  const snapshotNodes = topologySnapshot({ ...W3_SHAPE, deployments: 0 }, ctx.seed).nodes;
  // checker.ts's rules, incrementally (checker.ts itself re-counts 5,000 nodes per bind: ~2 min here).
  const checker = new OnlineChecker(snapshotNodes);
  for (const b of r.binds) checker.bind(b.pod, b.node);
  for (const p of r.pending) checker.pending(p.pod, p.message);
  const verdict = { ok: checker.ok, problems: checker.problems };
  if (!verdict.ok) console.error("W3 checker:", verdict.problems.slice(0, 5));
  const pods = r.result.pods.length;
  return {
    id: "W3",
    ms: round1(r.ms),
    pods,
    podsPerSecond: Math.round((pods / r.ms) * 1000),
    peakHeapMB: round1(r.peakHeapMB),
    pending: r.pending.length,
    checker: verdict.ok ? "pass" : "fail",
    nodes: snapshotNodes.length,
  };
}

export const W3: BenchWorkload = { ids: ["W3"], run: (ctx) => [runW3(ctx)] };
