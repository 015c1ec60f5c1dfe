/** Object shapes the cluster state keeps besides nodes (split from cluster-state.ts to keep modules small). */
import type { LabelSelector, Namespace, ReplicaSet, Service } from "../../k8s/types";
import type { PodInfo } from "./pod-info";

/** Minimal StatefulSet / ReplicationController shapes (their selectors feed PodTopologySpread defaults). */
export interface StatefulSetLike {
  kind?: "StatefulSet";
  metadata: { name?: string; namespace?: string };
  spec: { selector?: LabelSelector };
}
export interface ReplicationControllerLike {
  kind?: "ReplicationController";
  metadata: { name?: string; namespace?: string };
  spec: { selector?: Record<string, string> };
}

export interface ClusterObjects {
  namespaces?: Namespace[];
  services?: Service[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSetLike[];
  replicationControllers?: ReplicationControllerLike[];
}

export interface PodRecord {
  info: PodInfo;
  readonly node: number;
  /**
   * The cache that created the record. Forks share their parent's records (copying 100,000 of them per sweep
   * scenario cost more than the scenario's own changes); a cache changes only records it owns and replaces a
   * shared one with its own copy first.
   */
  readonly owner: object;
}
