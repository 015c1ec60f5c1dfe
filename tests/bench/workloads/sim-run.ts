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

/** Step kinds: a bind, a pod turning terminating, a removal (with the pod and node index), a node change. */
const BIND = 0, TERMINATING = 1, REMOVED = 2, NODE = 3;

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
  // The decisions in parallel arrays (kind, pod or node, node index): no object per step inside the clock.
  const stepKind: number[] = [];
  const stepObj: (Pod | Node)[] = [];
  const stepNode: number[] = [];
  const step = (k: number, o: Pod | Node, node: number) => {
    stepKind.push(k);
    stepObj.push(o);
    stepNode.push(node);
  };
  // Pods bound at load, as the store added them: keyed after the clock stopped (a string per pod is not free).
  const loadedPods: Pod[] = [];
  const loadedNodes: number[] = [];
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
        podAdded: (p) => {
          if (p.nodeIdx < 0 || p.deletionMs !== null) return;
          loadedPods.push(p.pod);
          loadedNodes.push(p.nodeIdx);
        },
        podBound: (p) => step(BIND, p.pod, p.nodeIdx),
        podTerminating: (p) => void (p.nodeIdx >= 0 && step(TERMINATING, p.pod, p.nodeIdx)),
        podRemoved: (p) => void (p.nodeIdx >= 0 && step(REMOVED, p.pod, p.nodeIdx)),
        nodeChanged: (n) => step(NODE, n.node, -1),
      };
    },
  });
  const ms = performance.now() - t0;
  const loadMs = firstObserveMs === 0 ? ms : firstObserveMs - t0;
  const peakHeapMB = peak();
  const st = state as unknown as ClusterState;
  const initial = new Map<string, { pod: Pod; node: number }>();
  loadedPods.forEach((pod, i) => initial.set(`${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`, { pod, node: loadedNodes[i]! }));
  const checker = new OnlineChecker(input.nodes);
  const nameOf = (i: number) => st.nodes[i]!.name;
  let binds = 0;
  for (const p of input.pods) {
    const x = initial.get(`${p.metadata.namespace ?? "default"}/${p.metadata.name}`);
    if (!x) continue;
    binds++;
    checker.bind(x.pod, nameOf(x.node));
  }
  for (let i = 0; i < stepKind.length; i++) {
    const k = stepKind[i]!;
    if (k === NODE) {
      checker.nodeChanged(stepObj[i] as Node);
      continue;
    }
    const pod = stepObj[i] as Pod;
    const node = nameOf(stepNode[i]!);
    if (k === BIND) {
      binds++;
      checker.bind(pod, node);
    } else if (k === TERMINATING) checker.terminating(pod, node);
    else checker.removed(pod, node);
  }
  let pending = 0;
  for (const p of st.pods) {
    if (p.removed || p.deletionMs !== null || p.nodeIdx >= 0) continue;
    pending++;
    checker.pending(p.pod, p.pendingMessage);
  }
  return { result, ms, loadMs, peakHeapMB, pending, binds, checker };
}
