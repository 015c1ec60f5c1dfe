/**
 * Layout of the placement map: per cluster, regions -> zone columns -> a grid of node cells. Pure and
 * DOM-free (unit-tested in node); the component only draws what this returns. d3 does the math where it is
 * made for it: the zone columns are a d3 band scale (equal columns with a fixed gap), nodes are grouped per
 * zone and pods summed with d3-array, and an aggregated cell's stacked segments come from a linear scale over
 * the node's cumulative pod counts. Node boxes and pod squares stay a plain uniform grid: every node box has
 * the same size so that fullness reads as a count of squares (d3-hierarchy's treemap or pack would size them
 * by value).
 *
 * Three drawing modes, picked by pod count so the element count never follows the pod count:
 * - "svg": every pod is a square inside its node (few enough that React can own one <rect> each);
 * - "canvas": same picture, painted on a <canvas> (thousands of pods);
 * - "aggregate": one small cell per node, filled bottom-up per Deployment in proportion to its pods over the
 *   node's allocatable pods (beyond ~10,000 pods a square per pod is noise and too slow to paint).
 */
import { cumsum, group, max, range, scaleBand, scaleLinear, sum } from "d3";
import type { ClusterPlacement } from "../services/placement-core";

export type MapMode = "svg" | "canvas" | "aggregate";
export const SVG_MAX_PODS = 2000;
export const CANVAS_DETAIL_MAX_PODS = 10000;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface PodSquare extends Rect {
  /** Deployment index (into the placement's deployments), -1 for other pods. */
  d: number;
  node: number;
}
export interface NodeCell extends Rect {
  /** Index into cluster.nodes. */
  node: number;
}
export interface ZoneColumn extends Rect {
  zone: string;
  region: string;
  nodes: number;
  pods: number;
}
export interface RegionBand extends Rect {
  region: string;
}
export interface ClusterLayout {
  mode: MapMode;
  width: number;
  height: number;
  regions: RegionBand[];
  zones: ZoneColumn[];
  nodes: NodeCell[];
  /** Only in "svg" and "canvas" modes. */
  pods: PodSquare[];
  /** Pod square size (detail modes) or node cell size (aggregate). */
  unit: number;
}

export const HEAD = { region: 22, zone: 34 };
const GAP = 12;
const PAD = 8;
/** Zone columns never get narrower than this; past that the map is wider than the pane and scrolls. */
const MIN_COLUMN = 120;

const podsOn = (node: ClusterPlacement["nodes"][number]) => sum(node.pods, (p) => p.n);

export function podCount(c: ClusterPlacement): number {
  return sum(c.nodes, podsOn);
}

export function chooseMode(totalPods: number): MapMode {
  return totalPods <= SVG_MAX_PODS ? "svg" : totalPods <= CANVAS_DETAIL_MAX_PODS ? "canvas" : "aggregate";
}

/** Squares per row inside a node box: roughly square boxes for the fullest node. */
function podsPerRow(maxPods: number): number {
  return Math.max(4, Math.min(16, Math.ceil(Math.sqrt(maxPods * 1.6))));
}

export function layoutCluster(c: ClusterPlacement, width: number, mode: MapMode = chooseMode(podCount(c))): ClusterLayout {
  const zoneIds = [...new Set(c.zones)];
  const cols = Math.max(1, zoneIds.length);
  // Zone columns: equal bands over the width with a fixed GAP between them, in whole px (a column's width is
  // rounded down, as a band scale with rounding would), and never narrower than MIN_COLUMN.
  const step = Math.max(MIN_COLUMN + GAP, Math.floor((width + GAP) / cols));
  const band = scaleBand(zoneIds, [0, cols * step - GAP])
    .paddingInner(cols > 1 ? GAP / step : 0) // a single column has no inner gap
    .paddingOuter(0);
  const colW = Math.round(band.bandwidth());
  const byZone = group(range(c.nodes.length), (i) => c.nodes[i]!.zone);

  const detail = mode !== "aggregate";
  const unit = mode === "svg" ? 8 : detail ? 4 : 9;
  const maxOnNode = Math.max(1, max(c.nodes, podsOn) ?? 0);
  // SVG node boxes are wide enough for a "pool n" label; the squares then fill that width.
  const minBoxW = mode === "svg" ? 78 : 0;
  const perRow = Math.max(podsPerRow(maxOnNode), Math.floor((minBoxW - 7) / (unit + 1)));
  // Node boxes: detail modes fit the fullest node's squares plus a label line (svg); aggregate is one cell.
  const label = mode === "svg" ? 14 : 0;
  const boxW = detail ? perRow * (unit + 1) + 1 + 6 : unit;
  const boxH = detail ? Math.ceil(maxOnNode / perRow) * (unit + 1) + 1 + 6 + label : unit;
  const gap = detail ? 6 : 1;
  const inner = colW - 2 * PAD;
  const perLine = Math.max(1, Math.floor((inner + gap) / (boxW + gap)));

  const zones: ZoneColumn[] = [];
  const nodes: NodeCell[] = [];
  const pods: PodSquare[] = [];
  const top = HEAD.region + HEAD.zone;
  let bodyH = 0;
  for (const z of zoneIds) {
    const x = Math.round(band(z)!);
    const members = byZone.get(z) ?? [];
    members.forEach((ni, k) => {
      // The uniform grid of node boxes, line by line, and of pod squares inside a box.
      const nx = x + PAD + (k % perLine) * (boxW + gap);
      const ny = top + PAD + Math.floor(k / perLine) * (boxH + gap);
      nodes.push({ node: ni, x: nx, y: ny, w: boxW, h: boxH });
      if (!detail) return;
      let slot = 0;
      for (const cell of c.nodes[ni]!.pods) {
        for (let j = 0; j < cell.n; j++, slot++) {
          pods.push({ d: cell.d, node: ni, x: nx + 3 + (slot % perRow) * (unit + 1) + 1, y: ny + 3 + label + Math.floor(slot / perRow) * (unit + 1) + 1, w: unit, h: unit });
        }
      }
    });
    const lines = Math.ceil(members.length / perLine);
    bodyH = Math.max(bodyH, PAD * 2 + lines * (boxH + gap) - (lines ? gap : 0));
    const zonePods = sum(members, (ni) => podsOn(c.nodes[ni]!));
    zones.push({ zone: z, region: c.nodes[members[0] ?? -1]?.region ?? "", x, y: HEAD.region, w: colW, h: 0, nodes: members.length, pods: zonePods });
  }
  for (const z of zones) z.h = HEAD.zone + bodyH;
  // Region label: consecutive zones of one region share a band; a zone without nodes takes the cluster's
  // region when it has only one.
  const regions: RegionBand[] = [];
  for (const z of zones) {
    const region = z.region || (c.regions.length === 1 ? c.regions[0]! : "");
    z.region = region;
    const last = regions[regions.length - 1];
    if (last && last.region === region) last.w = z.x + z.w - last.x;
    else regions.push({ region, x: z.x, y: 0, w: z.w, h: HEAD.region });
  }
  const totalW = Math.round(band.range()[1]);
  return { mode, width: totalW, height: top + bodyH, regions, zones, nodes, pods, unit };
}

/** The node (and, in detail modes, the pod's Deployment) under a point, for canvas clicks and hovers. */
export function hitTest(l: ClusterLayout, x: number, y: number): { node: number; d: number | null } | null {
  if (l.mode !== "aggregate") {
    for (const p of l.pods) if (x >= p.x - 0.5 && x < p.x + p.w + 0.5 && y >= p.y - 0.5 && y < p.y + p.h + 0.5) return { node: p.node, d: p.d };
  }
  for (const n of l.nodes) if (x >= n.x && x < n.x + n.w + 1 && y >= n.y && y < n.y + n.h + 1) return { node: n.node, d: null };
  return null;
}

/**
 * Aggregate cell fill: stacked segments bottom-up, each Deployment's share of the pods on the node. Shares
 * of the node's pods rather than of its capacity: 10 pods on a 110-pod node would otherwise be a 1 px sliver
 * and the mix of Deployments, the point of the picture, would vanish. Empty nodes stay grey.
 */
export function aggregateSegments(pods: { d: number; n: number }[], h: number): { d: number; y0: number; y1: number }[] {
  const sorted = [...pods].sort((a, b) => a.d - b.d);
  // Cumulative pod counts (0, n1, n1+n2, ...) mapped onto the cell's height, bottom (0 pods) to top (all).
  const bounds = [0, ...cumsum(sorted, (p) => p.n)];
  const y = scaleLinear([0, Math.max(bounds[bounds.length - 1]!, 1)], [h, 0]);
  return sorted.map((p, i) => ({ d: p.d, y0: y(bounds[i + 1]!), y1: y(bounds[i]!) }));
}
