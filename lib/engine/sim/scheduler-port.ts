/**
 * What the simulation needs from kube-scheduler (lib/engine/scheduler): a scheduling cycle, "assume" (bind in
 * the scheduler's cache), forgetting pods, and node updates. An interface so tests can plug in a double and
 * the app can pass a configured profile.
 */
import type { Node, Pod, ReplicaSet } from "../../k8s/types";
import { createScheduler } from "../scheduler";
import type { ClusterObjects, Scheduler } from "../scheduler";

export interface SchedulerPort {
  /** `key` (here and below) is the pod's namespace/name as the store keeps it: no new string per lookup. */
  schedule(pod: Pod, key?: string): { nodeName: string | null; message: string };
  bind(pod: Pod, nodeName: string): void;
  removePod(pod: Pod, key?: string): void;
  /** The bound pod got its deletionTimestamp (`pod` is the updated object); false when the pod was not bound.
   *  Optional: without it (or on false) the port is given the updated pod through `bind` on the same node. */
  markTerminating?(pod: Pod, key?: string): boolean;
  /** NodeResourcesFit's verdict for the pod on the node ("" = fits). Optional: without it every bind drops every
   *  memorised scheduling failure. */
  resourceFit?(pod: Pod, nodeName: string): string;
  updateNode(node: Node): void;
  /** A ReplicaSet created during the run (a rollout's new one): PodTopologySpread's default constraints select
   *  a pod's siblings through its owner's selector. Optional for test doubles. */
  addReplicaSet?(rs: ReplicaSet): void;
  /** A new port over a copy of this one's cache, as if the factory had built it again with `seed`: only before
   *  the first `schedule`. Optional: without it a sweep builds the scheduler per scenario. */
  fork?(seed: number): SchedulerPort;
}

/** `podKeys[i]` is pods[i]'s namespace/name as the store keeps it (optional for factories to use). */
export type SchedulerFactory = (input: ClusterObjects & { nodes: Node[]; pods: Pod[]; podKeys?: readonly string[] }, seed: number) => SchedulerPort;

export const defaultSchedulerFactory: SchedulerFactory = (input, seed) => portOf(createScheduler(input, { seed }));

function portOf(s: Scheduler): SchedulerPort {
  return {
    schedule: (pod, key) => s.schedule(pod, key === undefined ? {} : { key }),
    bind: (pod, nodeName) => s.bind(pod, nodeName),
    removePod: (pod, key) => void s.removePod(key ?? pod),
    markTerminating: (pod, key) => s.markTerminating(pod, key),
    resourceFit: (pod, nodeName) => s.resourceFit(pod, nodeName),
    updateNode: (node) => s.updateNode(node),
    addReplicaSet: (rs) => s.addReplicaSet(rs),
    fork: (seed) => portOf(s.fork({ seed })),
  };
}
