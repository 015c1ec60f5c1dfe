/**
 * The Simulation tab's outage topology: which domains the scenario failed (zone, region, cluster, node), and
 * per zone the pods at t = 0 and at the end of the horizon, in total and per Deployment, from the STORED run
 * result (`zones[].series` and `zonePods`; runs stored before `zonePods` existed get the zone totals only).
 * Pure: summaries, the rows drawn under each cluster's node pools (geometry, bars on d3-scale linear scales),
 * and the sentence that says where the replacements went. The columns, clusters and node pools themselves are
 * the Design tab's layout (`topology-layout.ts`), with `clusterFooter` reserving the rows' height.
 */
import { max, scaleLinear, sum } from "d3";
import type { SimulationRunResult } from "@/lib/worker/compute";
import type { ClusterBox, LayoutOptions, ZoneColumn } from "./layout-types";
import { approxTextWidth } from "./text-fit";

type Result = Pick<SimulationRunResult, "horizonMs" | "scenario" | "deployments" | "zones" | "zonePods">;

export type DomainKind = "node" | "zone" | "region" | "cluster";

/** One failure of the scenario: when the target went down and, if within the horizon, when it came back. */
export interface DomainFailure {
  kind: DomainKind;
  name: string;
  failedAtMs: number;
  recoveredAtMs: number | null;
}

function targetOf(t: { node?: string; zone?: string; region?: string; cluster?: string } | undefined): { kind: DomainKind; name: string } | null {
  if (!t) return null;
  for (const kind of ["node", "zone", "region", "cluster"] as const) if (t[kind] !== undefined) return { kind, name: t[kind]! };
  return null;
}

/** Each `fail` event paired with the first later `recover` of the same target before the horizon. */
export function scenarioFailures(scenario: Result["scenario"], horizonMs: number): DomainFailure[] {
  const events = [...scenario.events].sort((a, b) => a.atMs - b.atMs);
  const out: DomainFailure[] = [];
  events.forEach((e, i) => {
    const t = targetOf(e.fail);
    if (!t || e.atMs > horizonMs) return;
    const back = events.slice(i + 1).find((r) => {
      const u = targetOf(r.recover);
      return u !== null && u.kind === t.kind && u.name === t.name && r.atMs <= horizonMs;
    });
    out.push({ ...t, failedAtMs: e.atMs, recoveredAtMs: back ? back.atMs : null });
  });
  return out;
}

/** Where a node sits, to match it against the scenario's targets. */
export interface NodePlace {
  name: string;
  zone: string;
  region: string;
  cluster: string;
}

const hits = (f: DomainFailure, p: Omit<NodePlace, "name"> & { name?: string }) =>
  (f.kind === "node" && f.name === p.name) || (f.kind === "zone" && f.name === p.zone) || (f.kind === "region" && f.name === p.region) || (f.kind === "cluster" && f.name === p.cluster);

/** The failure that hit a node (by its name, zone, region or cluster): the first one, or null. */
export function nodeFailure(failures: readonly DomainFailure[], node: NodePlace): DomainFailure | null {
  return failures.find((f) => hits(f, node)) ?? null;
}

export interface PodCounts {
  before: number;
  after: number;
  /** Of `after`, Ready at the end; null when the run did not store it (older runs). */
  ready: number | null;
  /** null when the run did not store it (older runs: the zone series counts terminating pods as pods). */
  terminating: number | null;
}

export interface ZoneOutage extends PodCounts {
  cluster: string;
  zone: string;
  region: string;
  nodes: number;
  readyNodesBefore: number;
  readyNodesMin: number;
  readyNodesAtEnd: number;
  /** The failure of the whole zone (the zone itself, its region or its cluster), if any. */
  failure: DomainFailure | null;
  /** Failures naming single nodes of this zone (their zones are known only to the caller's node list). */
  nodeFailures: DomainFailure[];
}

export interface DeploymentSplit {
  key: string;
  namespace: string;
  name: string;
  desired: number;
  pendingAtEnd: number;
  cells: Record<string, PodCounts>;
  /** Pods that left a zone (sum over zones of before − after, when positive). */
  moved: number;
  /** For the aggregated row: how many Deployments it sums. */
  count?: number;
}

export interface ClusterOutage {
  cluster: string;
  zones: ZoneOutage[];
  /** Per Deployment (document order), at most `maxRows`: above that the least moved are summed into `others`. */
  deployments: DeploymentSplit[];
  others: DeploymentSplit | null;
  pendingAtEnd: number;
  /** false for runs stored without `zonePods`: zone totals only, from the zone series. */
  split: boolean;
  /** A failure hit the cluster (a zone or node of it), or its pods moved; untouched clusters list no Deployments. */
  affected: boolean;
}

const OTHER_PODS = "pods without a Deployment";

/**
 * Per cluster of the run: zones with their failure and pod totals, and the per-Deployment split.
 * `nodeZone` maps node names (scenario `node` targets) to their zone, when the caller knows the nodes.
 */
export function outageTopology(result: Result, options: { maxRows?: number; nodeZone?: (node: string) => string | undefined } = {}): ClusterOutage[] {
  const maxRows = options.maxRows ?? 8;
  const failures = scenarioFailures(result.scenario, result.horizonMs);
  const split = Array.isArray(result.zonePods);
  const clusters = [...new Set([...result.zones.map((z) => z.cluster), ...result.deployments.map((d) => d.cluster)])];
  return clusters.map((cluster): ClusterOutage => {
    const pods = (result.zonePods ?? []).filter((p) => p.cluster === cluster);
    const zones = result.zones.filter((z) => z.cluster === cluster).map((z): ZoneOutage => {
      const first = z.series[0];
      const last = z.series[z.series.length - 1];
      const mine = pods.filter((p) => p.zone === z.zone);
      const counts: PodCounts = split
        ? { before: sum(mine, (p) => p.before), after: sum(mine, (p) => p.after), ready: sum(mine, (p) => p.ready ?? p.after), terminating: sum(mine, (p) => p.terminating) }
        : { before: first?.pods ?? 0, after: last?.pods ?? 0, ready: null, terminating: null };
      return {
        cluster, zone: z.zone, region: z.region, nodes: z.nodes,
        readyNodesBefore: first?.readyNodes ?? z.nodes,
        readyNodesMin: Math.min(...z.series.map((s) => s.readyNodes), first?.readyNodes ?? z.nodes),
        readyNodesAtEnd: last?.readyNodes ?? z.nodes,
        failure: failures.find((f) => f.kind !== "node" && hits(f, { zone: z.zone, region: z.region, cluster })) ?? null,
        nodeFailures: failures.filter((f) => f.kind === "node" && options.nodeZone?.(f.name) === z.zone),
        ...counts,
      };
    });
    const rows: DeploymentSplit[] = result.deployments.filter((d) => d.cluster === cluster).map((d) => splitOf(`${d.namespace}/${d.name}`, d.namespace, d.name, d.desired, d.pendingAtEnd, pods));
    if (pods.some((p) => p.deployment === "")) rows.push(splitOf("", "", OTHER_PODS, 0, 0, pods));
    let shown = rows;
    let others: DeploymentSplit | null = null;
    if (split && rows.length > maxRows) {
      const keep = new Set([...rows].sort((a, b) => b.moved - a.moved || rows.indexOf(a) - rows.indexOf(b)).slice(0, maxRows - 1));
      shown = rows.filter((r) => keep.has(r));
      others = sumRows(rows.filter((r) => !keep.has(r)), zones.map((z) => z.zone));
    }
    const pendingAtEnd = sum(rows, (r) => r.pendingAtEnd);
    const affected = zones.some((z) => z.failure || z.nodeFailures.length || z.after !== z.before) || pendingAtEnd > 0;
    return { cluster, zones, deployments: split && affected ? shown : [], others: affected ? others : null, pendingAtEnd, split, affected };
  });
}

function splitOf(key: string, namespace: string, name: string, desired: number, pendingAtEnd: number, pods: NonNullable<Result["zonePods"]>): DeploymentSplit {
  const cells: Record<string, PodCounts> = {};
  for (const p of pods) if (p.deployment === key) cells[p.zone] = { before: p.before, after: p.after, ready: p.ready ?? p.after, terminating: p.terminating };
  const moved = sum(Object.values(cells), (c) => Math.max(0, c.before - c.after));
  return { key, namespace, name, desired, pendingAtEnd, cells, moved };
}

function sumRows(rows: DeploymentSplit[], zones: string[]): DeploymentSplit {
  const cells: Record<string, PodCounts> = {};
  for (const z of zones) {
    const cs = rows.map((r) => r.cells[z]).filter((c): c is PodCounts => !!c);
    if (cs.length) cells[z] = { before: sum(cs, (c) => c.before), after: sum(cs, (c) => c.after), ready: sum(cs, (c) => c.ready ?? c.after), terminating: sum(cs, (c) => c.terminating ?? 0) };
  }
  return {
    key: "*others*", namespace: "", name: `${rows.length} other Deployments`, desired: sum(rows, (r) => r.desired),
    pendingAtEnd: sum(rows, (r) => r.pendingAtEnd), cells, moved: sum(rows, (r) => r.moved), count: rows.length,
  };
}

/** Heights of the pods rows under a cluster's node pools (SVG px). */
export const POD_ROWS = { title: 26, totals: 44, label: 17, cell: 24, gap: 4, bottom: 2 } as const;

/** The footer height `layoutTopology`'s `clusterFooter` must reserve for a cluster's pods rows. */
export function podRowsHeight(c: Pick<ClusterOutage, "deployments" | "others"> | undefined): number {
  if (!c) return 0;
  const rows = c.deployments.length + (c.others ? 1 : 0);
  return POD_ROWS.title + POD_ROWS.totals + POD_ROWS.gap + rows * (POD_ROWS.label + POD_ROWS.cell + POD_ROWS.gap) + POD_ROWS.bottom;
}

export interface Bar {
  x: number;
  width: number;
}

export interface PodCell extends PodCounts {
  zone: string;
  x: number;
  y: number;
  width: number;
  height: number;
  delta: number;
  /** "6 → 0" and "−6" ("" when unchanged), fitted without the DOM; the delta starts at `deltaX`. */
  label: string;
  deltaLabel: string;
  deltaX: number;
  /** Pods at the end that are not Ready (on nodes that are down, or still starting); 0 when unknown. */
  notReady: number;
  /** "0 Ready" when some of `after` are not Ready, else ""; starts at `readyX`. */
  readyLabel: string;
  readyX: number;
  /** Bars on the row's scale (0 to the row's largest count): before; after, split into its Ready part and
   *  the rest; terminating after `after`. null when the cell is too narrow for them next to its numbers. */
  bars: { before: Bar; ready: Bar; notReady: Bar; terminating: Bar } | null;
}

export interface PodRow {
  key: string;
  /** null for the totals row. */
  split: DeploymentSplit | null;
  /** Top of the row's label line (deployment rows) or of its cells (totals). */
  y: number;
  cells: PodCell[];
}

export interface PodRowsLayout {
  titleY: number;
  totals: PodRow;
  rows: PodRow[];
}

/** Font sizes of a cell's numbers: the totals row is larger (px; the numbers are bold). */
export const POD_FONT = { totals: 14, row: 12, delta: 11 } as const;
const MIN_BAR_WIDTH = 40;

const fmt = (n: number) => n.toLocaleString("en-US");
const deltaText = (d: number) => (d > 0 ? `+${fmt(d)}` : d < 0 ? `−${fmt(-d)}` : "");

function cellsOf(counts: (PodCounts & { zone: string })[], columns: ZoneColumn[], y: number, height: number, o: Pick<LayoutOptions, "cellInset" | "cellPadding">, font: number): PodCell[] {
  const top = max(counts, (c) => Math.max(c.before, c.after + (c.terminating ?? 0))) ?? 0;
  const cells = columns.map((col) => {
    const c = counts.find((k) => k.zone === col.id) ?? { zone: col.id, before: 0, after: 0, ready: 0, terminating: 0 };
    const label = `${fmt(c.before)} → ${fmt(c.after)}`;
    const deltaLabel = deltaText(c.after - c.before);
    const readyLabel = c.ready !== null && c.ready < c.after ? `${fmt(c.ready)} Ready` : "";
    const labelWidth = approxTextWidth(label, font, false, true);
    const deltaWidth = deltaLabel ? 6 + approxTextWidth(deltaLabel, POD_FONT.delta, false, true) : 0;
    const readyWidth = readyLabel ? 6 + approxTextWidth(readyLabel, POD_FONT.delta, false, true) : 0;
    return { col, c, label, deltaLabel, readyLabel, labelWidth, deltaWidth, readyWidth };
  });
  // Bars start at the same x in every cell of the row, after the widest numbers.
  const numbers = max(cells, (k) => k.labelWidth + k.deltaWidth + k.readyWidth) ?? 0;
  return cells.map(({ col, c, label, deltaLabel, readyLabel, labelWidth, deltaWidth }): PodCell => {
    const x = col.x + o.cellInset;
    const width = col.width - 2 * o.cellInset;
    const x0 = x + o.cellPadding + Math.ceil(numbers) + 12;
    const room = x + width - o.cellPadding - x0;
    let bars: PodCell["bars"] = null;
    if (room >= MIN_BAR_WIDTH) {
      const w = scaleLinear().domain([0, Math.max(1, top)]).range([0, room]);
      const ready = w(c.ready ?? c.after);
      const after = w(c.after);
      bars = {
        before: { x: x0, width: w(c.before) }, ready: { x: x0, width: ready }, notReady: { x: x0 + ready, width: after - ready },
        terminating: { x: x0 + after, width: w(c.terminating ?? 0) },
      };
    }
    return {
      zone: col.id, x, y, width, height, before: c.before, after: c.after, ready: c.ready, terminating: c.terminating, delta: c.after - c.before,
      label, deltaLabel, deltaX: x + o.cellPadding + labelWidth + 6, notReady: c.ready === null ? 0 : c.after - c.ready,
      readyLabel, readyX: x + o.cellPadding + labelWidth + deltaWidth + 6, bars,
    };
  });
}

/**
 * Geometry of the pods rows inside a cluster's footer: a title line, a totals row (pods per zone), then one
 * row per Deployment with a label line and a cell per zone: "before → after" and bars on the row's scale.
 * `columns` are the layout's zone columns; the cluster's own ones (those of its pool cells) are used.
 */
export function layoutPodRows(c: ClusterOutage, box: Pick<ClusterBox, "footer">, columns: ZoneColumn[], o: Pick<LayoutOptions, "cellInset" | "cellPadding">): PodRowsLayout | null {
  if (!box.footer) return null;
  const own = columns.filter((col) => c.zones.some((z) => z.zone === col.id));
  const y0 = box.footer.y;
  const totals: PodRow = { key: "*totals*", split: null, y: y0 + POD_ROWS.title, cells: cellsOf(c.zones, own, y0 + POD_ROWS.title, POD_ROWS.totals, o, POD_FONT.totals) };
  let y = y0 + POD_ROWS.title + POD_ROWS.totals + POD_ROWS.gap;
  const rows = [...c.deployments, ...(c.others ? [c.others] : [])].map((d): PodRow => {
    const counts = Object.entries(d.cells).map(([zone, k]) => ({ zone, ...k }));
    const row = { key: d.key, split: d, y, cells: cellsOf(counts, own, y + POD_ROWS.label, POD_ROWS.cell, o, POD_FONT.row) };
    y += POD_ROWS.label + POD_ROWS.cell + POD_ROWS.gap;
    return row;
  });
  return { titleY: y0, totals, rows };
}

/**
 * What happened where, in words: per failure, its zones' pods before → after (and what is left Terminating or
 * not Ready on nodes that are down); where the replacements went; what is Pending; and, after a recovery, that
 * the zone does not get its pods back (Kubernetes does not rebalance).
 */
export function outageTopologyHeadline(clusters: readonly ClusterOutage[], clock: (ms: number) => string): string {
  const parts: string[] = [];
  const many = clusters.filter((c) => c.affected).length > 1;
  for (const c of clusters) {
    if (!c.affected) continue;
    const prefix = many ? `${c.cluster}: ` : "";
    const failed = c.zones.filter((z) => z.failure);
    const groups = new Map<DomainFailure, ZoneOutage[]>();
    for (const z of failed) groups.set(z.failure!, [...(groups.get(z.failure!) ?? []), z]);
    for (const [f, zs] of groups) {
      const when = f.recoveredAtMs === null ? `down from T+${clock(f.failedAtMs)}` : `down T+${clock(f.failedAtMs)}–T+${clock(f.recoveredAtMs)}`;
      const what = f.kind === "zone" ? f.name : `${f.kind} ${f.name}`;
      const counts = zs.map((z) => `${zs.length > 1 || f.kind !== "zone" ? `${z.zone} ` : ""}${z.before} → ${z.after}`).join(", ");
      const stuck = sum(zs, (z) => z.terminating ?? 0);
      const down = f.recoveredAtMs === null ? sum(zs, (z) => (z.ready === null ? 0 : z.after - z.ready)) : 0;
      const notes = [stuck ? `${stuck} left Terminating on unreachable nodes` : "", down ? `${down} still bound to nodes that are down, not Ready` : ""].filter(Boolean);
      const back = f.recoveredAtMs !== null && zs.some((z) => z.after < z.before) ? "; back up, it does not get its pods back: Kubernetes does not rebalance" : "";
      parts.push(`${prefix}${what} ${when}: ${counts} pods${notes.length ? ` (${notes.join("; ")})` : ""}${back}.`);
    }
    for (const z of c.zones) for (const f of z.nodeFailures) {
      const when = f.recoveredAtMs === null ? `down from T+${clock(f.failedAtMs)}` : `down T+${clock(f.failedAtMs)}–T+${clock(f.recoveredAtMs)}`;
      parts.push(`${prefix}node ${f.name} (${z.zone}) ${when}.`);
    }
    const survivors = c.zones.filter((z) => !z.failure);
    const grew = survivors.filter((z) => z.after > z.before);
    if (grew.length) parts.push(`${prefix}Replacements went to ${grew.map((z) => `${z.zone} (+${z.after - z.before})`).join(", ")}.`);
    else if (failed.length && survivors.length) parts.push(`${prefix}No surviving zone gained pods.`);
    else if (failed.length) parts.push(`${prefix}No zone of ${c.cluster} survived.`);
    if (c.pendingAtEnd) parts.push(`${prefix}${c.pendingAtEnd} pod(s) Pending at the end, in no zone.`);
  }
  return parts.join(" ");
}
