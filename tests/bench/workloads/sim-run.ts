/**
 * Runs one simulation for a benchmark: records the decisions it takes (binds, terminations, removals, node
 * taint changes) as they happen, cheaply, and replays them through the OnlineChecker AFTER the clock stopped,
 * so the checker's cost is not measured. Pending pods at the end must each carry the scheduler's reason.
 */
import type { Node, Pod } from "@/lib/k8s/types";
import { simulate, type SimulationInput, type SimulationScenario } from "@/lib/engine/sim/simulate";
import type { ClusterState } from "@/lib/engine/sim/state";
import type { SimulationResult } from "@/lib/engine/sim/results";
import type { BenchContext } from "../types";
import { OnlineChecker } from "./sim-checker";

type Step = { k: 0 | 1 | 2; pod: Pod; node: number } | { k: 3; node: Node };

export interface SimRun {
  result: SimulationResult;
  ms: number;
  /** Until the first change point after t = 0: building the store and the scheduler's cache. */
  loadMs: number;
  peakHeapMB: number;
  pending: number;
  binds: number;
  checker: OnlineChecker;
}

export function runSimulation(ctx: BenchContext, input: SimulationInput, scenario: SimulationScenario): SimRun {
  const steps: Step[] = [];
  // Pods bound at load, as the store added them: keyed after the clock stopped (a string per pod is not free).
  const loaded: { namespace: string; name: string; pod: Pod; node: number }[] = [];
  let state: ClusterState | null = null;
  let ticks = 0;
  let firstObserveMs = 0;
  const peak = ctx.heapPeak();
  const t0 = performance.now();
  const result = simulate(input, scenario, {
    recordEvents: false,
    fullSeries: false,
    observe: () => {
      // The first change point comes once the store, the scheduler's cache and t = 0 are done: the load cost.
      if (firstObserveMs === 0) firstObserveMs = performance.now();
      if ((++ticks & 255) === 0) ctx.sampleHeap();
    },
    attach: (s) => {
      state = s;
      return {
        // The store is loaded in name order; the initial binds are replayed in the order they were taken.
        podAdded: (p) => void (p.nodeIdx >= 0 && p.deletionMs === null && loaded.push({ namespace: p.namespace, name: p.name, pod: p.pod, node: p.nodeIdx })),
        podBound: (p) => void steps.push({ k: 0, pod: p.pod, node: p.nodeIdx }),
        podTerminating: (p) => void (p.nodeIdx >= 0 && steps.push({ k: 1, pod: p.pod, node: p.nodeIdx })),
        podRemoved: (p) => void (p.nodeIdx >= 0 && steps.push({ k: 2, pod: p.pod, node: p.nodeIdx })),
        nodeChanged: (n) => void steps.push({ k: 3, node: n.node }),
      };
    },
  });
  const ms = performance.now() - t0;
  const loadMs = firstObserveMs === 0 ? ms : firstObserveMs - t0;
  const peakHeapMB = peak();
  const st = state as unknown as ClusterState;
  const initial = new Map<string, { pod: Pod; node: number }>();
  for (const x of loaded) initial.set(`${x.namespace}/${x.name}`, x);
  const checker = new OnlineChecker(input.nodes);
  const nameOf = (i: number) => st.nodes[i]!.name;
  let binds = 0;
  for (const p of input.pods) {
    const x = initial.get(`${p.metadata.namespace ?? "default"}/${p.metadata.name}`);
    if (!x) continue;
    binds++;
    checker.bind(x.pod, nameOf(x.node));
  }
  for (const s of steps) {
    if (s.k === 3) checker.nodeChanged(s.node);
    else if (s.k === 0) {
      binds++;
      checker.bind(s.pod, nameOf(s.node));
    }
    else if (s.k === 1) checker.terminating(s.pod, nameOf(s.node));
    else checker.removed(s.pod, nameOf(s.node));
  }
  let pending = 0;
  for (const p of st.pods) {
    if (p.removed || p.deletionMs !== null || p.nodeIdx >= 0) continue;
    pending++;
    checker.pending(p.pod, p.pendingMessage);
  }
  return { result, ms, loadMs, peakHeapMB, pending, binds, checker };
}
