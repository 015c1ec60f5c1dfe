/**
 * W1 (scheduler_perf TopologySpreading): N nodes in 3 zones; 5,000 unconstrained pods, then 5,000 pods with
 * a zone spread constraint (maxSkew 5, DoNotSchedule). The measured time is the constrained phase.
 */
import { createScheduler } from "@/lib/engine/scheduler";
import { LABEL_ZONE } from "@/lib/k8s/types";
import { check } from "../checker";
import type { BenchContext, BenchWorkload, BindEvent, WorkloadResult } from "../types";
import { baseSpec, makeNode, makePod, shuffled } from "./common";

export function w1Input(numNodes: number, seed: number) {
  const zones = ["zone-a", "zone-b", "zone-c"];
  const nodes = shuffled(
    Array.from({ length: numNodes }, (_, i) => makeNode(`node-${String(i).padStart(5, "0")}`, zones[i % 3]!, "region-1")),
    seed,
  );
  const plainLabels = { app: "plain" };
  const plainSpec = baseSpec();
  const plain = Array.from({ length: 5000 }, (_, i) => makePod(`plain-${i}`, plainLabels, plainSpec));
  const spreadLabels = { app: "spread" };
  const spreadSpec = baseSpec({
    topologySpreadConstraints: [{ maxSkew: 5, topologyKey: LABEL_ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "spread" } } }],
  });
  const spread = Array.from({ length: 5000 }, (_, i) => makePod(`spread-${i}`, spreadLabels, spreadSpec));
  return { nodes, plain, spread };
}

export function runW1(ctx: BenchContext, numNodes: number, id: string): WorkloadResult {
  const { nodes, plain, spread } = w1Input(numNodes, ctx.seed);
  const s = createScheduler({ nodes }, { seed: ctx.seed });
  const binds: BindEvent[] = [];
  const pending: { pod: (typeof plain)[number]; message: string }[] = [];
  const place = (pods: typeof plain) => {
    for (let i = 0; i < pods.length; i++) {
      const r = s.scheduleAndBind(pods[i]!);
      if (r.nodeName !== null) binds.push({ pod: pods[i]!, node: r.nodeName });
      else pending.push({ pod: pods[i]!, message: r.message });
      if ((i & 511) === 0) ctx.sampleHeap();
    }
  };
  const peak = ctx.heapPeak();
  const t0 = performance.now();
  place(plain);
  const t1 = performance.now();
  place(spread);
  const t2 = performance.now();
  const ms = t2 - t1;
  const verdict = check({ nodes, binds, pending });
  if (!verdict.ok) console.error(`${id} checker:`, verdict.problems.slice(0, 5));
  return {
    id,
    ms: round(ms),
    pods: spread.length,
    podsPerSecond: Math.round((spread.length / ms) * 1000),
    peakHeapMB: round(peak()),
    pending: pending.length,
    checker: verdict.ok ? "pass" : "fail",
    nodes: numNodes,
    unconstrainedMs: round(t1 - t0),
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export const W1: BenchWorkload = {
  ids: ["W1", "W1-500"],
  warmup: 10,
  repeat: 10,
  run: (ctx) => [runW1(ctx, 5000, "W1"), runW1(ctx, 500, "W1-500")],
};
