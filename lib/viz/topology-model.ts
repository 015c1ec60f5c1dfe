/**
 * The view model the topology drawing is laid out from. It is deliberately smaller than the topology schema: the
 * layout only needs what it draws, so it can be unit-tested with hand-written fixtures and stays stable while the
 * schema grows. `build-view-model.ts` derives it from a validated topology.
 */
import type { Capacity } from "./capacity";

export interface ViewRegion {
  id: string;
  label: string;
  provider?: string;
  zones: string[];
}

export interface ViewNode {
  name: string;
  zone: string;
  instanceType?: string;
  allocatable: Capacity;
  taints?: string[];
}

export interface ViewPool {
  name: string;
  instanceType: string;
  /** Allocatable of one node, as declared on the pool. */
  perNode: Capacity;
  taints: string[];
  /** Nodes of this pool in each zone (zones absent from the map have none). */
  nodesByZone: Record<string, ViewNode[]>;
}

export interface ViewCluster {
  name: string;
  zones: string[];
  /** etcd members per zone. */
  etcd: Record<string, number>;
  pools: ViewPool[];
}

export interface TopologyViewModel {
  regions: ViewRegion[];
  clusters: ViewCluster[];
}
