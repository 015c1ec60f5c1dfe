/**
 * Lays out one cluster relative to its own top (y = 0): header, etcd row, then a row per node pool with one cell
 * per cluster zone. Cells above the aggregate threshold become one block, so a cell's height is bounded.
 */
import { max, sum } from "d3";
import { addCapacity, ZERO_CAPACITY } from "./capacity";
import type { ClusterBox, EtcdMark, LayoutOptions, PoolCell, PoolRow, ZoneColumn } from "./layout-types";
import type { ViewCluster, ViewNode } from "./topology-model";

/** How many squares fit on one line of a cell. */
export function nodesPerLine(cellWidth: number, o: LayoutOptions): number {
  return Math.max(1, Math.floor((cellWidth - 2 * o.cellPadding + o.nodeGap) / (o.nodeSize + o.nodeGap)));
}

function layoutCell(zone: ZoneColumn, nodes: ViewNode[], y: number, o: LayoutOptions): PoolCell {
  const x = zone.x + o.cellInset;
  const width = zone.width - 2 * o.cellInset;
  const total = nodes.reduce((acc, n) => addCapacity(acc, n.allocatable), ZERO_CAPACITY);
  const aggregated = nodes.length > o.aggregateThreshold;
  const top = y + o.cellPadding + o.captionHeight + 4;
  const marks = [];
  let contentHeight = 0;
  if (aggregated) {
    contentHeight = o.aggregateHeight;
  } else if (nodes.length > 0) {
    const perLine = nodesPerLine(width, o);
    const step = o.nodeSize + o.nodeGap;
    for (let i = 0; i < nodes.length; i++) {
      marks.push({ x: x + o.cellPadding + (i % perLine) * step, y: top + Math.floor(i / perLine) * step, size: o.nodeSize, node: nodes[i]! });
    }
    contentHeight = Math.ceil(nodes.length / perLine) * step - o.nodeGap;
  }
  const height = Math.max(o.minCellHeight, o.cellPadding * 2 + o.captionHeight + (contentHeight > 0 ? 4 + contentHeight : 0));
  return { zone: zone.id, x, y, width, height, nodeCount: nodes.length, total, nodes: marks, aggregated };
}

/** `span` = the columns from the cluster's first to its last zone; `own` = the cluster's zones among them. */
export function layoutCluster(c: ViewCluster, span: ZoneColumn[], own: ZoneColumn[], o: LayoutOptions): ClusterBox {
  const x = span[0]!.x;
  const width = span[span.length - 1]!.x + span[span.length - 1]!.width - x;
  const ownIds = new Set(own.map((z) => z.id));

  let y = o.clusterHeaderHeight + o.etcdRowHeight;
  const rows: PoolRow[] = [];
  for (const pool of c.pools) {
    const cellTop = y + o.poolLabelHeight;
    const cells = own.map((z) => layoutCell(z, pool.nodesByZone[z.id] ?? [], cellTop, o));
    const cellHeight = Math.max(o.minCellHeight, max(cells, (cell) => cell.height) ?? 0);
    for (const cell of cells) cell.height = cellHeight;
    const nodeCount = sum(cells, (cell) => cell.nodeCount);
    rows.push({ cluster: c.name, pool, x, y, width, height: o.poolLabelHeight + cellHeight, nodeCount, cells });
    y += o.poolLabelHeight + cellHeight + 4;
  }
  if (rows.length === 0) y += o.poolLabelHeight;
  const footerHeight = Math.max(0, o.clusterFooter?.(c) ?? 0);
  const footer = footerHeight > 0 ? { y, height: footerHeight } : undefined;
  y += footerHeight;
  const etcd: EtcdMark[] = own
    .filter((z) => (c.etcd[z.id] ?? 0) > 0)
    .map((z) => ({ zone: z.id, x: z.x + o.cellInset, y: o.clusterHeaderHeight, width: z.width - 2 * o.cellInset, members: c.etcd[z.id]! }));
  return {
    name: c.name,
    x,
    y: 0,
    width,
    height: y + o.clusterPaddingBottom,
    lane: 0,
    regions: [...new Set(own.map((z) => z.region))],
    gaps: span.filter((z) => !ownIds.has(z.id)).map((z) => ({ zone: z.id, x: z.x, width: z.width })),
    etcd,
    rows,
    nodeCount: sum(rows, (r) => r.nodeCount),
    ...(footer ? { footer } : {}),
  };
}

/** Moves a cluster laid out at y = 0 down to `dy`. */
export function shiftCluster(c: ClusterBox, dy: number): void {
  c.y += dy;
  if (c.footer) c.footer.y += dy;
  for (const e of c.etcd) e.y += dy;
  for (const r of c.rows) {
    r.y += dy;
    for (const cell of r.cells) {
      cell.y += dy;
      for (const m of cell.nodes) m.y += dy;
    }
  }
}
