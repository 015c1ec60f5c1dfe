/**
 * Pure layout of the topology drawing. Regions -> zone columns; clusters as boxes spanning the columns of their
 * zones (a stretched cluster spans regions); node pools as rows inside, one cell per zone, nodes as squares or,
 * above `aggregateThreshold` nodes in a cell, ONE aggregate block: thousands of nodes cost a handful of elements.
 *
 * Regions joined by a stretched cluster form a GROUP that must stay on one row. Groups are packed left to right
 * into shelves no wider than `targetWidth` (the viewport), so three regional clusters read at full size in a
 * narrow pane (stacked) and side by side on a wide screen. Inside a group, clusters whose column spans do not
 * overlap share a lane. No DOM, no d3 selection: React renders the returned geometry. The packing (shelves,
 * lanes, columns with a wider gap between regions) is bin packing d3 has no layout for; d3-array does the
 * extents and the per-zone and per-region counts.
 */
import { extent, rollup, sum } from "d3";
import type { ClusterBox, LayoutOptions, RegionBand, TopologyLayout, ZoneColumn } from "./layout-types";
import { layoutCluster, nodesPerLine as perLine, shiftCluster } from "./layout-cluster";
import type { TopologyViewModel, ViewCluster, ViewRegion } from "./topology-model";

export type * from "./layout-types";

export const DEFAULT_LAYOUT: LayoutOptions = {
  margin: 16,
  zoneWidth: 208,
  minZoneWidth: 164,
  columnGap: 6,
  regionGap: 18,
  groupGap: 40,
  shelfGap: 28,
  targetWidth: Infinity,
  regionHeaderHeight: 24,
  zoneHeaderHeight: 34,
  laneGap: 14,
  clusterHeaderHeight: 26,
  etcdRowHeight: 20,
  clusterPaddingBottom: 8,
  cellInset: 6,
  cellPadding: 6,
  poolLabelHeight: 20,
  captionHeight: 14,
  nodeSize: 10,
  nodeGap: 3,
  aggregateThreshold: 60,
  aggregateHeight: 40,
  minCellHeight: 32,
};

export function nodesPerLine(cellWidth: number, o: LayoutOptions = DEFAULT_LAYOUT): number {
  return perLine(cellWidth, o);
}

interface Group {
  regions: ViewRegion[];
  clusters: ViewCluster[];
}

/** Regions connected by a cluster that spans them (union-find), in document order of their first region. */
function groupRegions(model: TopologyViewModel): Group[] {
  const parent = new Map(model.regions.map((r) => [r.id, r.id]));
  const find = (id: string): string => {
    const p = parent.get(id)!;
    if (p === id) return id;
    const root = find(p);
    parent.set(id, root);
    return root;
  };
  const regionOfZone = new Map<string, string>();
  for (const r of model.regions) for (const z of r.zones) if (!regionOfZone.has(z)) regionOfZone.set(z, r.id);
  const clusterRegions = model.clusters.map((c) => [...new Set(c.zones.map((z) => regionOfZone.get(z)).filter((r): r is string => !!r))]);
  for (const rs of clusterRegions) for (const r of rs.slice(1)) parent.set(find(r), find(rs[0]!));

  const groups = new Map<string, Group>();
  for (const r of model.regions) {
    if (!parent.has(r.id)) continue;
    const root = find(r.id);
    if (!groups.has(root)) groups.set(root, { regions: [], clusters: [] });
    // A region id listed twice is a validation error; the first one wins so columns stay unique.
    if (!groups.get(root)!.regions.some((x) => x.id === r.id)) groups.get(root)!.regions.push(r);
  }
  model.clusters.forEach((c, i) => {
    const first = clusterRegions[i]![0];
    if (first) groups.get(find(first))!.clusters.push(c);
  });
  return [...groups.values()];
}

function groupWidth(g: Group, seen: Set<string>, o: LayoutOptions): number {
  let zones = 0;
  const local = new Set<string>();
  for (const r of g.regions) for (const z of r.zones) if (!seen.has(z) && !local.has(z)) { local.add(z); zones += 1; }
  const regionsWithZones = g.regions.length;
  return zones * o.zoneWidth + Math.max(0, zones - regionsWithZones) * o.columnGap + Math.max(0, regionsWithZones - 1) * o.regionGap;
}

/**
 * Narrows the columns (down to minZoneWidth) so that the widest group fits the target width: a stretched
 * cluster over six zones then reads at nearly full size instead of being scaled down by the zoom fit.
 */
function fittedZoneWidth(groups: Group[], o: LayoutOptions): number {
  if (!Number.isFinite(o.targetWidth)) return o.zoneWidth;
  let best = o.zoneWidth;
  for (const g of groups) {
    const n = new Set(g.regions.flatMap((r) => r.zones)).size;
    if (n === 0) continue;
    const k = g.regions.length;
    const avail = o.targetWidth - 2 * o.margin - Math.max(0, n - k) * o.columnGap - Math.max(0, k - 1) * o.regionGap;
    best = Math.min(best, Math.floor(avail / n));
  }
  return Math.max(o.minZoneWidth, Math.min(o.zoneWidth, best));
}

export function layoutTopology(model: TopologyViewModel, options: Partial<LayoutOptions> = {}): TopologyLayout {
  const base: LayoutOptions = { ...DEFAULT_LAYOUT, ...options };
  const groups = groupRegions(model);
  const o: LayoutOptions = { ...base, zoneWidth: fittedZoneWidth(groups, base) };
  const zones: ZoneColumn[] = [];
  const regions: RegionBand[] = [];
  const clusters: ClusterBox[] = [];
  const seen = new Set<string>();
  let zoneIndex = 0;
  let right = o.margin;
  let shelfTop = o.margin;
  let shelfBottom = o.margin;
  let shelfStart = 0; // index into `zones` of the current shelf's first column
  let x = o.margin;

  const closeShelf = () => {
    for (const z of zones.slice(shelfStart)) z.height = shelfBottom - z.y;
  };

  for (const g of groups) {
    const width = groupWidth(g, new Set(seen), o);
    if (x > o.margin && x + width > o.targetWidth - o.margin) {
      closeShelf();
      shelfTop = shelfBottom + o.shelfGap;
      shelfBottom = shelfTop;
      shelfStart = zones.length;
      x = o.margin;
    }
    // Columns of the group.
    const colTop = shelfTop + o.regionHeaderHeight + 4;
    const groupZones: ZoneColumn[] = [];
    g.regions.forEach((r, ri) => {
      if (ri > 0) x += o.regionGap - o.columnGap;
      const start = x;
      for (const z of r.zones) {
        if (seen.has(z)) continue;
        seen.add(z);
        const col = { id: z, region: r.id, index: zoneIndex++, x, y: colTop, height: 0, width: o.zoneWidth, nodeCount: 0 };
        zones.push(col);
        groupZones.push(col);
        x += o.zoneWidth + o.columnGap;
      }
      regions.push({ id: r.id, label: r.label, provider: r.provider, x: start, y: shelfTop, width: Math.max(0, x - o.columnGap - start), nodeCount: 0 });
    });
    const groupRight = x - o.columnGap;
    right = Math.max(right, groupRight);

    // Clusters of the group, packed into lanes.
    const top = shelfTop + o.regionHeaderHeight + o.zoneHeaderHeight + o.laneGap;
    const byId = new Map(groupZones.map((z, i) => [z.id, i]));
    const lanes: { spans: [number, number][]; height: number }[] = [];
    const placed: ClusterBox[] = [];
    for (const c of g.clusters) {
      const idx = c.zones.map((z) => byId.get(z)).filter((i): i is number => i !== undefined);
      if (idx.length === 0) continue;
      const [first, last] = extent(idx) as [number, number];
      const own = [...new Set(idx)].sort((a, b) => a - b).map((i) => groupZones[i]!);
      const box = layoutCluster(c, groupZones.slice(first, last + 1), own, o);
      let lane = lanes.findIndex((l) => l.spans.every(([a, b]) => last < a || first > b));
      if (lane < 0) lane = lanes.push({ spans: [], height: 0 }) - 1;
      lanes[lane]!.spans.push([first, last]);
      lanes[lane]!.height = Math.max(lanes[lane]!.height, box.height);
      box.lane = lane;
      placed.push(box);
    }
    const laneTop: number[] = [];
    let y = top;
    for (const l of lanes) {
      laneTop.push(y);
      y += l.height + o.laneGap;
    }
    for (const box of placed) {
      shiftCluster(box, laneTop[box.lane]!);
      clusters.push(box);
    }
    const nodesPerZone = rollup(placed.flatMap((box) => box.rows.flatMap((r) => r.cells)), (cells) => sum(cells, (cell) => cell.nodeCount), (cell) => cell.zone);
    for (const z of groupZones) z.nodeCount = nodesPerZone.get(z.id) ?? 0;
    shelfBottom = Math.max(shelfBottom, lanes.length > 0 ? y - o.laneGap : top);
    x = groupRight + o.groupGap;
  }
  closeShelf();
  const nodesPerRegion = rollup(zones, (zs) => sum(zs, (z) => z.nodeCount), (z) => z.region);
  for (const r of regions) r.nodeCount = nodesPerRegion.get(r.id) ?? 0;

  return {
    width: right + o.margin,
    height: shelfBottom + o.margin,
    regions,
    zones,
    clusters,
    totalNodes: sum(clusters, (c) => c.nodeCount),
    aggregatedCells: sum(clusters, (c) => sum(c.rows, (r) => r.cells.filter((cell) => cell.aggregated).length)),
  };
}
