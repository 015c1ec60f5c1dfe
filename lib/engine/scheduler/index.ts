/**
 * Public API of the placement engine (kube-scheduler's framework and default plugins).
 *
 *   const s = createScheduler({ nodes, pods, namespaces, services, replicaSets }, { seed: 1 });
 *   const r = s.scheduleAndBind(pod);        // r.nodeName | null, r.message ("0/6 nodes are available: ...")
 *   s.updateNode(taintedNode); s.removePod(pod); scheduleAll(s, pendingPods);
 */
export { createScheduler, podKey } from "./scheduler";
export type { Scheduler, SchedulerInput, SchedulerOptions, ScheduleOptions } from "./scheduler";
export type { ScheduleResult, ScheduleTrace, NodeRejection, NodeScoreTrace } from "./schedule-one";
export { numFeasibleNodesToFind, fitErrorMessage, ERR_NO_NODES_AVAILABLE } from "./schedule-one";
export { SchedulingQueue, scheduleAll } from "./queue";
export type { QueueRunResult } from "./queue";
export { defaultProfile, DEFAULT_PLUGINS } from "./config";
export type {
  SchedulerProfile,
  ProfilePlugin,
  PluginArgsByName,
  NodeResourcesFitArgs,
  PodTopologySpreadArgs,
  InterPodAffinityArgs,
  NodeAffinityArgs,
  NodeResourcesBalancedAllocationArgs,
  ScoringStrategy,
  ResourceSpec,
} from "./config";
export type { Status, Code } from "./status";
export { REGISTRY, buildFramework } from "./registry";
export type { PluginFactory, Framework } from "./registry";
export type { ClusterObjects, StatefulSetLike, ReplicationControllerLike } from "./cluster-state";
export { compilePod } from "./pod-info";
export type { PodInfo } from "./pod-info";
