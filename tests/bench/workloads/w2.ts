/**
 * W2: 3 regions x 3 zones x 60 nodes; 200 Deployments x 9 replicas, each with required pod anti-affinity on
 * hostname, zone spread maxSkew 1 DoNotSchedule and region spread maxSkew 1 ScheduleAnyway; 20% of the
 * Deployments (chosen from the seed) pinned by required node affinity to 2 of the 3 regions.
 */
import { createScheduler } from "@/lib/engine/scheduler";
import { createRng } from "@/lib/engine/util/prng";
import { LABEL_HOSTNAME, LABEL_REGION, LABEL_ZONE, type Pod } from "@/lib/k8s/types";
import { check } from "../checker";
import type { BenchContext, BenchWorkload, BindEvent, WorkloadResult } from "../types";
import { baseSpec, makeNode, makePod, shuffled } from "./common";

export function w2Input(seed: number) {
  const regions = ["region-1", "region-2", "region-3"];
  const nodeList = [];
  for (const r of regions) for (let z = 0; z < 3; z++) for (let i = 0; i < 60; i++) nodeList.push(makeNode(`${r}-z${z}-node-${String(i).padStart(2, "0")}`, `${r}-z${z}`, r));
  const nodes = shuffled(nodeList, seed);
  const rng = createRng(seed);
  const pinned = new Set(shuffled(Array.from({ length: 200 }, (_, i) => i), rng.nextUint32()).slice(0, 40));
  const pods: Pod[] = [];
  for (let d = 0; d < 200; d++) {
    const app = `dep-${d}`;
    const labels = { app };
    const sel = { matchLabels: { app } };
    const pinnedTo = pinned.has(d) ? shuffled(regions, d + seed).slice(0, 2) : null;
    const spec = baseSpec({
      affinity: {
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: LABEL_HOSTNAME }] },
        ...(pinnedTo
          ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL_REGION, operator: "In" as const, values: pinnedTo }] }] } } }
          : {}),
      },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: LABEL_ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: sel },
        { maxSkew: 1, topologyKey: LABEL_REGION, whenUnsatisfiable: "ScheduleAnyway", labelSelector: sel },
      ],
    });
    for (let r = 0; r < 9; r++) pods.push(makePod(`${app}-${r}`, labels, spec));
  }
  return { nodes, pods };
}

export function runW2(ctx: BenchContext): WorkloadResult {
  const { nodes, pods } = w2Input(ctx.seed);
  const s = createScheduler({ nodes }, { seed: ctx.seed });
  const binds: BindEvent[] = [];
  const pending: { pod: Pod; message: string }[] = [];
  const peak = ctx.heapPeak();
  const t0 = performance.now();
  for (let i = 0; i < pods.length; i++) {
    const r = s.scheduleAndBind(pods[i]!);
    if (r.nodeName !== null) binds.push({ pod: pods[i]!, node: r.nodeName });
    else pending.push({ pod: pods[i]!, message: r.message });
    if ((i & 255) === 0) ctx.sampleHeap();
  }
  const ms = performance.now() - t0;
  const verdict = check({ nodes, binds, pending });
  if (!verdict.ok) console.error("W2 checker:", verdict.problems.slice(0, 5));
  return {
    id: "W2",
    ms: Math.round(ms * 10) / 10,
    pods: pods.length,
    podsPerSecond: Math.round((pods.length / ms) * 1000),
    peakHeapMB: Math.round(peak() * 10) / 10,
    pending: pending.length,
    checker: verdict.ok ? "pass" : "fail",
    nodes: nodes.length,
  };
}

export const W2: BenchWorkload = { ids: ["W2"], warmup: 10, repeat: 10, run: (ctx) => [runW2(ctx)] };
