/** Geometry produced by topology-layout.ts and rendered by components/topology-view. All units are SVG px. */
import type { Capacity } from "./capacity";
import type { ViewCluster, ViewNode, ViewPool } from "./topology-model";

export interface LayoutOptions {
  margin: number;
  /** Zone column width when there is room; columns shrink towards `minZoneWidth` to fit `targetWidth`. */
  zoneWidth: number;
  minZoneWidth: number;
  columnGap: number;
  regionGap: number;
  /** Horizontal gap between region groups that share a shelf. */
  groupGap: number;
  /** Vertical gap between shelves. */
  shelfGap: number;
  /** Groups wrap onto a new shelf past this width (the viewport's); Infinity keeps one row. */
  targetWidth: number;
  regionHeaderHeight: number;
  zoneHeaderHeight: number;
  laneGap: number;
  clusterHeaderHeight: number;
  etcdRowHeight: number;
  clusterPaddingBottom: number;
  cellInset: number;
  cellPadding: number;
  poolLabelHeight: number;
  captionHeight: number;
  nodeSize: number;
  nodeGap: number;
  aggregateThreshold: number;
  aggregateHeight: number;
  minCellHeight: number;
  /**
   * Height reserved at the bottom of a cluster's box, under its node pools, for a caller's own rows (the
   * Simulation tab's pods per zone). Absent or 0: no footer, the Design tab's drawing.
   */
  clusterFooter?: (cluster: ViewCluster) => number;
}

export interface RegionBand { id: string; label: string; provider?: string; x: number; y: number; width: number; nodeCount: number }
export interface ZoneColumn {
  id: string;
  region: string;
  /** Document order over all zones: the colour index. */
  index: number;
  x: number;
  /** Top of the column (below the region header) and its height down to the end of its shelf. */
  y: number;
  height: number;
  width: number;
  nodeCount: number;
}
export interface NodeMark { x: number; y: number; size: number; node: ViewNode }
export interface PoolCell {
  zone: string;
  x: number;
  y: number;
  width: number;
  height: number;
  nodeCount: number;
  total: Capacity;
  /** Individual squares, empty when aggregated or when the cell has no nodes. */
  nodes: NodeMark[];
  aggregated: boolean;
}
export interface PoolRow {
  cluster: string;
  pool: ViewPool;
  x: number;
  y: number;
  width: number;
  height: number;
  nodeCount: number;
  cells: PoolCell[];
}
export interface EtcdMark { zone: string; x: number; y: number; width: number; members: number }
export interface ClusterBox {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lane: number;
  regions: string[];
  /** Zones inside the box's span that the cluster does not use (drawn hatched). */
  gaps: { zone: string; x: number; width: number }[];
  etcd: EtcdMark[];
  rows: PoolRow[];
  nodeCount: number;
  /** The space `LayoutOptions.clusterFooter` reserved, below the last pool row. */
  footer?: { y: number; height: number };
}
export interface TopologyLayout {
  width: number;
  height: number;
  regions: RegionBand[];
  zones: ZoneColumn[];
  clusters: ClusterBox[];
  totalNodes: number;
  aggregatedCells: number;
}
