/**
 * A straightforward reference evaluation for property tests: rebuild the cluster state from scratch for every
 * pod (no incremental counters carried over), run each plugin's per-node Filter on every node in name order,
 * then Score/NormalizeScore over all feasible nodes. Returns the feasible set and total score per node.
 */
import { ClusterState } from "@/lib/engine/scheduler/cluster-state";
import { defaultProfile } from "@/lib/engine/scheduler/config";
import { compilePod } from "@/lib/engine/scheduler/pod-info";
import { buildFramework } from "@/lib/engine/scheduler/registry";
import type { Node, Pod } from "@/lib/k8s/types";

export function referenceEvaluate(nodes: Node[], bound: { pod: Pod; node: string }[], pod: Pod) {
  const state = new ClusterState(nodes);
  for (const b of bound) state.addPod(compilePod(b.pod), state.index.get(b.node)!);
  const fw = buildFramework({ state }, defaultProfile({ percentageOfNodesToScore: 100 }));
  const info = compilePod(pod);
  const skipped = new Set<string>();
  let allowed: ReadonlySet<string> | null = null;
  for (const p of fw.preFilter) {
    const out = p.preFilter!(info);
    if (out.status?.code === "Skip") skipped.add(p.name);
    else if (out.status && out.status.code !== "Success") return { feasible: [] as string[], totals: new Map<string, number>(), rejectedAtPreFilter: true };
    if (out.nodeNames) allowed = out.nodeNames;
  }
  const feasible: number[] = [];
  for (let i = 0; i < state.n; i++) {
    if (allowed && !allowed.has(state.names[i]!)) continue;
    let ok = true;
    for (const p of fw.filter) {
      if (skipped.has(p.name)) continue;
      if (p.filter!(info, i) !== null) {
        ok = false;
        break;
      }
    }
    if (ok) feasible.push(i);
  }
  const totals = new Map<string, number>();
  const idx = Int32Array.from(feasible);
  if (feasible.length > 1) {
    // Score skips come from PreScore only (SkipScorePlugins), independent of PreFilter's Skip.
    const scoreSkipped = new Set<string>();
    for (const p of fw.preScore) if (p.preScore!(info, idx, idx.length)?.code === "Skip") scoreSkipped.add(p.name);
    const sum = new Float64Array(idx.length);
    for (const { plugin, weight } of fw.score) {
      if (scoreSkipped.has(plugin.name)) continue;
      const out = new Float64Array(idx.length);
      for (let j = 0; j < idx.length; j++) {
        const one = new Float64Array(1);
        // per-node Score (as the framework calls it), then NormalizeScore over all
        plugin.score!(info, Int32Array.of(idx[j]!), 1, one);
        out[j] = one[0]!;
      }
      if (plugin.normalizeScore) plugin.normalizeScore(info, idx, idx.length, out);
      for (let j = 0; j < idx.length; j++) sum[j]! += out[j]! * weight;
    }
    feasible.forEach((i, j) => totals.set(state.names[i]!, sum[j]!));
  }
  return { feasible: feasible.map((i) => state.names[i]!), totals, rejectedAtPreFilter: false };
}
