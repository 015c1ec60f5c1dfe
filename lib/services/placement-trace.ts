/**
 * A pod's scheduling trace, recomputed on demand: the placement is replayed with the same spec and seed (the
 * engine is deterministic, so every earlier cycle binds exactly as before) and the wanted pod's cycle runs
 * with kube-scheduler's trace on. The replay stops right after that cycle, so tracing an early pod is cheap;
 * a pending pod is replayed to the end, because placeSnapshot retries unschedulable pods after later binds
 * and the trace must be that of its last attempt (whose message is the one placement reports).
 * Traces are never stored: for 150,000 pods they would dwarf the result.
 */
import { expandTopology } from "../engine/model/expand";
import { placeSnapshot, type SchedulerFactory } from "../engine/place";
import { createScheduler, defaultProfile, type ScheduleResult, type ScheduleTrace } from "../engine/scheduler/index";
import type { Pod } from "../k8s/types";
import type { Topology } from "../schemas/topology";
import type { PlacementOptions } from "./placement-core";

/** Which pod: a pending pod by name, or "the first pod of this Deployment that lands on this node". */
export type TraceTarget =
  | { cluster: string; kind: "pod"; namespace: string; name: string }
  | { cluster: string; kind: "onNode"; namespace: string; deployment: string; node: string };

export interface RejectionGroup {
  plugin: string;
  reason: string;
  count: number;
  /** A few of the nodes, to make the group concrete. */
  examples: string[];
}

export interface PodTrace {
  cluster: string;
  pod: string;
  nodeName: string | null;
  message: string;
  numAllNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  rejected: RejectionGroup[];
  weights: Record<string, number>;
  topNodes: { node: string; total: number; byPlugin: Record<string, number> }[];
}

/** The part of a PodTrace that comes from one traced scheduling cycle (shared with snapshot-trace.ts). */
export type CycleTrace = Omit<PodTrace, "cluster" | "pod">;

export function cycleTrace(r: ScheduleResult & { trace: ScheduleTrace }): CycleTrace {
  return {
    nodeName: r.nodeName,
    message: r.message,
    numAllNodes: r.trace.numAllNodes,
    evaluatedNodes: r.evaluatedNodes,
    feasibleNodes: r.feasibleNodes,
    rejected: groupRejections(r.trace),
    weights: r.trace.weights,
    topNodes: r.trace.topNodes.map((n) => ({ node: n.node, total: n.total, byPlugin: n.byPlugin })),
  };
}

class Found extends Error {
  constructor(readonly trace: PodTrace) {
    super("found");
  }
}

const podName = (p: Pod) => `${p.metadata.namespace ?? "default"}/${p.metadata.name ?? ""}`;

/** The Deployment of a pod, from its ReplicaSet owner `<deployment>-<pod-template-hash>`. */
function deploymentOf(p: Pod): string | null {
  const rs = p.metadata.ownerReferences?.find((o) => o.controller)?.name;
  if (!rs) return null;
  const cut = rs.lastIndexOf("-");
  return cut > 0 ? rs.slice(0, cut) : rs;
}

/** Groups the per-node rejections by (plugin, reason): "NodeResourcesFit: Insufficient cpu x 2,997". */
export function groupRejections(trace: ScheduleTrace): RejectionGroup[] {
  const groups = new Map<string, RejectionGroup>();
  for (const r of trace.rejections) {
    const reasons = r.reasons.length ? r.reasons : [r.code];
    for (const reason of reasons) {
      const k = `${r.plugin}\u0000${reason}`;
      const g = groups.get(k) ?? { plugin: r.plugin, reason, count: 0, examples: [] };
      g.count++;
      if (g.examples.length < 3) g.examples.push(r.node);
      groups.set(k, g);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.plugin < b.plugin ? -1 : 1));
}

function matches(t: TraceTarget, pod: Pod, nodeName: string | null): boolean {
  if ((pod.metadata.namespace ?? "default") !== t.namespace) return false;
  if (t.kind === "pod") return pod.metadata.name === t.name;
  return nodeName === t.node && deploymentOf(pod) === t.deployment;
}

/** Replays the cluster's placement until the target pod's cycle; null when no cycle matched. */
export function tracePod(topology: Topology, opts: PlacementOptions, target: TraceTarget): PodTrace | null {
  const cluster = expandTopology(topology).find((c) => c.name === target.cluster);
  if (!cluster) return null;
  // The latest failed cycle of the target: a retry may still bind it, or fail it with another message.
  let lastFailed: PodTrace | null = null;
  const factory: SchedulerFactory = (input) => {
    const s = createScheduler(
      { nodes: input.snapshot.nodes, pods: input.boundPods, namespaces: input.snapshot.namespaces, services: input.snapshot.services, replicaSets: input.replicaSets },
      { profile: defaultProfile({ percentageOfNodesToScore: input.percentageOfNodesToScore ?? 0 }), seed: input.seed },
    );
    return {
      schedule: (pod) => {
        // Only the target's Deployment is traced: tracing costs time, and other pods just need to bind.
        const candidate = (pod.metadata.namespace ?? "default") === target.namespace && (target.kind === "pod" ? pod.metadata.name === target.name : deploymentOf(pod) === target.deployment);
        const r = s.schedule(pod, { trace: candidate });
        if (candidate && r.trace && matches(target, pod, r.nodeName)) {
          const trace: PodTrace = { cluster: target.cluster, pod: podName(pod), ...cycleTrace({ ...r, trace: r.trace }) };
          if (r.nodeName !== null) throw new Found(trace);
          lastFailed = trace;
        }
        return { nodeName: r.nodeName, message: r.message };
      },
      bind: (pod, nodeName) => s.bind(pod, nodeName),
    };
  };
  try {
    placeSnapshot(cluster.snapshot, { seed: opts.seed, percentageOfNodesToScore: opts.percentageOfNodesToScore, createScheduler: factory });
  } catch (e) {
    if (e instanceof Found) return e.trace;
    throw e;
  }
  return lastFailed;
}
