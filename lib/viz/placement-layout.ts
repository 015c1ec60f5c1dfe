/**
 * Layout of the placement map: per cluster, regions -> zone columns -> a grid of node cells. Pure and
 * DOM-free (unit-tested in node); the component only draws what this returns.
 *
 * Three drawing modes, picked by pod count so the element count never follows the pod count:
 * - "svg": every pod is a square inside its node (few enough that React can own one <rect> each);
 * - "canvas": same picture, painted on a <canvas> (thousands of pods);
 * - "aggregate": one small cell per node, filled bottom-up per Deployment in proportion to its pods over the
 *   node's allocatable pods (beyond ~10,000 pods a square per pod is noise and too slow to paint).
 */
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

export function podCount(c: ClusterPlacement): number {
  let n = 0;
  for (const node of c.nodes) for (const p of node.pods) n += p.n;
  return n;
}

export function chooseMode(totalPods: number): MapMode {
  return totalPods <= SVG_MAX_PODS ? "svg" : totalPods <= CANVAS_DETAIL_MAX_PODS ? "canvas" : "aggregate";
}

/** Squares per row inside a node box: roughly square boxes for the fullest node. */
function podsPerRow(maxPods: number): number {
  return Math.max(4, Math.min(16, Math.ceil(Math.sqrt(maxPods * 1.6))));
}

export function layoutCluster(c: ClusterPlacement, width: number, mode: MapMode = chooseMode(podCount(c))): ClusterLayout {
  const zoneIds = c.zones;
  const cols = Math.max(1, zoneIds.length);
  const colW = Math.max(120, Math.floor((width - GAP * (cols - 1)) / cols));
  const byZone = new Map<string, number[]>(zoneIds.map((z) => [z, []]));
  c.nodes.forEach((n, i) => byZone.get(n.zone)?.push(i));

  const detail = mode !== "aggregate";
  const unit = mode === "svg" ? 8 : detail ? 4 : 9;
  const maxOnNode = c.nodes.reduce((m, n) => Math.max(m, n.pods.reduce((s, p) => s + p.n, 0)), 1);
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
  zoneIds.forEach((z, zi) => {
    const x = zi * (colW + GAP);
    const members = byZone.get(z) ?? [];
    let zonePods = 0;
    members.forEach((ni, k) => {
      const nx = x + PAD + (k % perLine) * (boxW + gap);
      const ny = top + PAD + Math.floor(k / perLine) * (boxH + gap);
      nodes.push({ node: ni, x: nx, y: ny, w: boxW, h: boxH });
      let slot = 0;
      for (const cell of c.nodes[ni]!.pods) {
        zonePods += cell.n;
        if (!detail) continue;
        for (let j = 0; j < cell.n; j++, slot++) {
          pods.push({ d: cell.d, node: ni, x: nx + 3 + (slot % perRow) * (unit + 1) + 1, y: ny + 3 + label + Math.floor(slot / perRow) * (unit + 1) + 1, w: unit, h: unit });
        }
      }
    });
    const lines = Math.ceil(members.length / perLine);
    bodyH = Math.max(bodyH, PAD * 2 + lines * (boxH + gap) - (lines ? gap : 0));
    zones.push({ zone: z, region: c.nodes[members[0] ?? -1]?.region ?? "", x, y: HEAD.region, w: colW, h: 0, nodes: members.length, pods: zonePods });
  });
  for (const z of zones) z.h = HEAD.zone + bodyH;
  // Region label: zones of the cluster in region order; a zone without nodes takes the cluster's region list.
  const regions: RegionBand[] = [];
  zones.forEach((z, i) => {
    const region = z.region || (c.regions.length === 1 ? c.regions[0]! : "");
    z.region = region;
    const last = regions[regions.length - 1];
    if (last && last.region === region) last.w = z.x + z.w - last.x;
    else regions.push({ region, x: z.x, y: 0, w: z.w, h: HEAD.region });
    void i;
  });
  const totalW = cols * colW + (cols - 1) * GAP;
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
  const out: { d: number; y0: number; y1: number }[] = [];
  const cap = Math.max(pods.reduce((s, p) => s + p.n, 0), 1);
  let acc = 0;
  for (const p of [...pods].sort((a, b) => a.d - b.d)) {
    const y1 = h - (acc / cap) * h;
    acc += p.n;
    const y0 = h - (acc / cap) * h;
    out.push({ d: p.d, y0, y1 });
  }
  return out;
}
