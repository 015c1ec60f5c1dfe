"use client";
/**
 * The outage topology of a simulation run: the Design tab's drawing (regions -> zone columns -> clusters ->
 * node pools, nodes as squares or aggregated; lib/viz/topology-layout.ts and components/topology-view/*) of the
 * revision the run used, with the scenario's failed domains marked (failed zones tinted and hatched, failed
 * nodes red, a badge in the zone / region header), and under each cluster's node pools its pods per zone at
 * t = 0 and at the end of the horizon, in total and per Deployment, from the STORED result (`zonePods`,
 * `zones[].series`). React draws; d3 does the math (linear scales for the bars, in lib/viz/outage-topology.ts).
 */
import { memo, type MouseEvent, type ReactNode, type RefObject, useCallback, useMemo, useRef, useState } from "react";
import { ClusterBox, type HoverHandler, type NodeMarker } from "@/components/topology-view/cluster-box";
import { NodeTooltip, type TooltipContent } from "@/components/topology-view/node-tooltip";
import { Headers, type HeaderBadge, type HeaderBadges } from "@/components/topology-view/topology-svg";
import { useQuantizedWidth } from "@/components/topology-view/use-quantized-width";
import { viewModelFromExpansion } from "@/lib/viz/build-view-model";
import {
  layoutPodRows, nodeFailure, outageTopology, outageTopologyHeadline, podRowsHeight, scenarioFailures,
  type ClusterOutage, type DomainFailure, type NodePlace, type PodCell, type ZoneOutage,
} from "@/lib/viz/outage-topology";
import { zoneColor } from "@/lib/viz/palette";
import type { TopologyViewModel } from "@/lib/viz/topology-model";
import { fitText } from "@/lib/viz/text-fit";
import { formatClock } from "@/lib/viz/timeline-model";
import { DEFAULT_LAYOUT as L, layoutTopology, type ClusterBox as Box, type TopologyLayout } from "@/lib/viz/topology-layout";
import type { SimulationRunResult } from "@/lib/worker/compute";
import { useRevisionTopology } from "./use-revision-topology";

const fmt = (n: number) => n.toLocaleString("en-US");
const T = (ms: number) => `T+${formatClock(ms)}`;
const window_ = (f: DomainFailure) => (f.recoveredAtMs === null ? `from ${formatClock(f.failedAtMs)}` : `${formatClock(f.failedAtMs)}–${formatClock(f.recoveredAtMs)}`);
const failedWhat = (f: DomainFailure) => `${f.kind} ${f.name} failed at ${T(f.failedAtMs)}${f.recoveredAtMs === null ? ", still down at the end" : `, back at ${T(f.recoveredAtMs)}`}`;

interface PodsTip {
  title: string;
  subtitle: string;
  rows: [string, string][];
  notes: string[];
}

type Tip = { x: number; y: number } & ({ kind: "node"; content: TooltipContent } | { kind: "pods"; content: PodsTip });

export function OutageTopology({ result, topologyId, revision }: { result: SimulationRunResult; topologyId: string; revision: number }) {
  const rev = useRevisionTopology(topologyId, revision);
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useQuantizedWidth(boxRef, 40);
  const model = useMemo(() => (rev.status === "ok" ? viewModelFromExpansion(rev.topology) : null), [rev]);
  const status = rev.status === "loading"
    ? <p className="muted sim-topo-status">Loading revision {revision}…</p>
    : rev.status === "error" ? <p className="sim-error sim-topo-status" role="alert">The topology of revision {revision} could not be loaded: {rev.message}</p> : null;
  return <OutageTopologyDrawing result={result} model={model} width={width} boxRef={boxRef} status={status} />;
}

/** The drawing for a known view model and pane width (the measuring and fetching are the caller's). */
export function OutageTopologyDrawing({ result, model, width, boxRef, status = null }: {
  result: SimulationRunResult; model: TopologyViewModel | null; width: number; boxRef: RefObject<HTMLDivElement | null>; status?: ReactNode;
}) {
  const [tip, setTip] = useState<Tip | null>(null);
  const places = useMemo(() => {
    const m = new Map<string, NodePlace>();
    if (!model) return m;
    const regionOf = new Map(model.regions.flatMap((r) => r.zones.map((z) => [z, r.id] as const)));
    for (const c of model.clusters) for (const p of c.pools) for (const ns of Object.values(p.nodesByZone)) for (const n of ns) {
      m.set(n.name, { name: n.name, zone: n.zone, region: regionOf.get(n.zone) ?? "", cluster: c.name });
    }
    return m;
  }, [model]);
  const failures = useMemo(() => scenarioFailures(result.scenario, result.horizonMs), [result]);
  const summary = useMemo(() => outageTopology(result, { nodeZone: (n) => places.get(n)?.zone }), [result, places]);
  const byCluster = useMemo(() => new Map(summary.map((c) => [c.cluster, c])), [summary]);
  const layout = useMemo(
    () => (model && width > 0 ? layoutTopology(model, { targetWidth: width, zoneWidth: 300, clusterFooter: (c) => podRowsHeight(byCluster.get(c.name)) }) : null),
    [model, width, byCluster],
  );
  const marker = useCallback<NodeMarker>((node) => {
    const place = places.get(node.name);
    const f = place ? nodeFailure(failures, place) : null;
    if (!f) return undefined;
    return { state: f.recoveredAtMs === null ? "failed" : "recovered", note: failedWhat(f) };
  }, [places, failures]);
  const badges = useMemo(() => headerBadges(summary), [summary]);

  // The tooltip lives outside the (horizontally scrolling) canvas so that it is never clipped by it.
  const wrapRef = useRef<HTMLDivElement>(null);
  const place = useCallback((e: MouseEvent) => {
    const el = wrapRef.current;
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const x = e.clientX - r.left;
    // Flip to the left of the pointer near the right edge: the tooltip is at most 340 px wide.
    return { x: x > r.width - 370 ? x - 370 : x, y: e.clientY - r.top };
  }, []);
  const onNodeHover = useCallback((content: TooltipContent | null, e?: MouseEvent) => {
    const at = content && e ? place(e) : null;
    setTip(at && content ? { kind: "node", content, ...at } : null);
  }, [place]);
  const onPodsHover = useCallback((content: PodsTip | null, e?: MouseEvent) => {
    const at = content && e ? place(e) : null;
    setTip(at && content ? { kind: "pods", content, ...at } : null);
  }, [place]);

  const headline = outageTopologyHeadline(summary, formatClock);
  const split = summary.every((c) => c.split);
  const zones = summary.flatMap((c) => c.zones);
  const nodeStates = [...places.values()].map((p) => nodeFailure(failures, p)).filter((f): f is DomainFailure => f !== null);
  const marks = {
    down: nodeStates.some((f) => f.recoveredAtMs === null), back: nodeStates.some((f) => f.recoveredAtMs !== null),
    zone: zones.some((z) => z.failure), terminating: zones.some((z) => (z.terminating ?? 0) > 0),
  };
  return (
    <div className="sim-topo" data-testid="outage-topology" ref={wrapRef}>
      {headline && <p className="sim-headline" data-testid="outage-topology-headline">{headline}</p>}
      <div className="sim-topo-canvas" ref={boxRef} onMouseLeave={() => setTip(null)} onScroll={() => setTip(null)}>
        {status}
        {layout && (
          <Drawing layout={layout} summary={summary} byCluster={byCluster} badges={badges} marker={marker} places={places} failures={failures}
            horizonMs={result.horizonMs} onNodeHover={onNodeHover} onPodsHover={onPodsHover} />
        )}
      </div>
      {tip?.kind === "node" && <NodeTooltip content={tip.content} x={tip.x} y={tip.y} />}
      {tip?.kind === "pods" && <PodsTooltip content={tip.content} x={tip.x} y={tip.y} />}
      <OutageLegend split={split} marks={marks} />
    </div>
  );
}

/** The SVG, memoised: hovering changes the tooltip state above, which must not re-render every node square. */
const Drawing = memo(function Drawing({ layout, summary, byCluster, badges, marker, places, failures, horizonMs, onNodeHover, onPodsHover }: {
  layout: TopologyLayout; summary: ClusterOutage[]; byCluster: Map<string, ClusterOutage>; badges: HeaderBadges; marker: NodeMarker;
  places: Map<string, NodePlace>; failures: DomainFailure[]; horizonMs: number;
  onNodeHover: HoverHandler; onPodsHover: (c: PodsTip | null, e?: MouseEvent) => void;
}) {
  const colorOf = colorOfZones(layout);
  return (
    <svg width={layout.width} height={layout.height} className="sim-topo-svg" role="img" aria-label="Outage topology">
      <defs>
        <pattern id="viz-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#f4f5f7" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#d9dde2" strokeWidth="2" />
        </pattern>
        <pattern id="sim-fail-hatch" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="7" stroke="#c0352b" strokeWidth="1.5" strokeOpacity="0.38" />
        </pattern>
        <pattern id="sim-term-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="4" height="4" fill="#fbe1de" />
          <line x1="0" y1="0" x2="0" y2="4" stroke="#c0352b" strokeWidth="1.5" />
        </pattern>
      </defs>
      <FailedColumns layout={layout} summary={summary} />
      <Headers layout={layout} badges={badges} />
      {layout.clusters.map((box) => {
        const c = byCluster.get(box.name);
        return (
          <g key={box.name}>
            <ClusterBox cluster={box} colorOf={colorOf} onHover={onNodeHover} marker={marker} />
            {c && <FailedCells box={box} layout={layout} cluster={c} places={places} failures={failures} />}
            {c && <PodRows box={box} layout={layout} cluster={c} horizonMs={horizonMs} onHover={onPodsHover} />}
          </g>
        );
      })}
    </svg>
  );
});

function colorOfZones(layout: TopologyLayout): Map<string, string> {
  return new Map(layout.zones.map((z) => [z.id, zoneColor(z.index)]));
}

/** "down from 0:00" on a failed zone, "down 0:00–20:00" once back, "1 node failed" for node failures; regions too. */
function headerBadges(summary: ClusterOutage[]) {
  const zones = new Map<string, HeaderBadge>();
  const regions = new Map<string, HeaderBadge>();
  for (const c of summary) for (const z of c.zones) {
    if (z.failure) {
      zones.set(z.zone, { text: `down ${window_(z.failure)}`, title: `${failedWhat(z.failure)}. Nodes Ready: ${z.readyNodesBefore} → ${z.readyNodesAtEnd} of ${z.nodes} (lowest ${z.readyNodesMin}).` });
      if (z.failure.kind === "region") regions.set(z.region, { text: `region down ${window_(z.failure)}`, title: failedWhat(z.failure) });
    } else if (z.nodeFailures.length && !zones.has(z.zone)) {
      const n = z.nodeFailures.length;
      zones.set(z.zone, { text: `${n} node${n === 1 ? "" : "s"} failed`, title: z.nodeFailures.map(failedWhat).join("\n") });
    }
  }
  return { zones, regions };
}

/** Failed zones: the whole column tinted (the cluster boxes cover it, so it shows in the header and gaps). */
function FailedColumns({ layout, summary }: { layout: TopologyLayout; summary: ClusterOutage[] }) {
  const failed = new Set(summary.flatMap((c) => c.zones.filter((z) => z.failure).map((z) => z.zone)));
  return (
    <g>
      {layout.zones.filter((z) => failed.has(z.id)).map((z) => (
        <rect key={z.id} x={z.x} y={z.y} width={z.width} height={z.height} rx={4} className="sim-topo-column-failed" data-testid="failed-zone" data-zone={z.id} />
      ))}
    </g>
  );
}

/** Inside a cluster: the failed zones' node pools hatched red; aggregated cells count their failed nodes. */
function FailedCells({ box, layout, cluster, places, failures }: { box: Box; layout: TopologyLayout; cluster: ClusterOutage; places: Map<string, NodePlace>; failures: DomainFailure[] }) {
  const top = box.y + L.clusterHeaderHeight + 1;
  const bottom = (box.footer?.y ?? box.y + box.height) - 2;
  return (
    <g pointerEvents="none">
      {cluster.zones.filter((z) => z.failure).map((z) => {
        const col = layout.zones.find((c) => c.id === z.zone);
        if (!col || col.x < box.x || col.x > box.x + box.width) return null;
        return (
          <g key={z.zone}>
            <rect x={col.x + 1} y={top} width={col.width - 2} height={Math.max(0, bottom - top)} className="sim-topo-failed-tint" />
            <rect x={col.x + 1} y={top} width={col.width - 2} height={Math.max(0, bottom - top)} fill="url(#sim-fail-hatch)" />
          </g>
        );
      })}
      {box.rows.flatMap((r) => r.cells.filter((cell) => cell.aggregated).map((cell) => {
        const down = (r.pool.nodesByZone[cell.zone] ?? []).filter((n) => {
          const p = places.get(n.name);
          return p && nodeFailure(failures, p);
        }).length;
        if (!down) return null;
        return (
          <text key={`${r.pool.name}/${cell.zone}`} x={cell.x + cell.width - L.cellPadding - 8} y={cell.y + L.cellPadding + 50} textAnchor="end" className="viz-small sim-topo-down-text">
            {fmt(down)} failed
          </text>
        );
      }))}
    </g>
  );
}

function podsTip(cell: PodCell, zone: ZoneOutage | undefined, cluster: ClusterOutage, row: { name: string; namespace: string } | null, horizonMs: number): PodsTip {
  const rows: [string, string][] = [
    ["at t = 0", fmt(cell.before)],
    [`at the end (${T(horizonMs)})`, fmt(cell.after)],
  ];
  if (cell.ready !== null) rows.push(["of which Ready", fmt(cell.ready)]);
  if (cell.terminating !== null) rows.push(["Terminating at the end", fmt(cell.terminating)]);
  rows.push(["change", cell.delta === 0 ? "none" : cell.deltaLabel]);
  if (!row && zone) rows.push(["nodes Ready", `${zone.readyNodesBefore} → ${zone.readyNodesAtEnd} of ${zone.nodes}`]);
  const notes: string[] = [];
  const f = zone?.failure;
  if (f) {
    notes.push(`${failedWhat(f)}.`);
    if (cell.terminating) notes.push("Evicted pods stay Terminating while their nodes are unreachable: the kubelet cannot confirm they stopped.");
    if (cell.notReady && f.recoveredAtMs === null) notes.push("Pods still bound to nodes that are down count here but serve no traffic (not Ready).");
    if (f.recoveredAtMs !== null) notes.push(cell.after < cell.before ? "Back up, the zone does not get its pods back: Kubernetes does not rebalance." : "Pods scheduled here again once the nodes were back (Pending replacements).");
  } else if (cell.delta > 0) notes.push(`${fmt(cell.delta)} replacement${cell.delta === 1 ? "" : "s"} scheduled here.`);
  if (cell.terminating === null) notes.push("This run was stored without the per-Deployment split: zone totals include Terminating pods.");
  return {
    title: row ? `${row.name} · ${cell.zone}` : `${cell.zone} · all pods`,
    subtitle: [row?.namespace, cluster.cluster].filter(Boolean).join(" · "),
    rows, notes,
  };
}

function Cell({ cell, totals, zone, color, onMove, onLeave }: { cell: PodCell; totals: boolean; zone: ZoneOutage | undefined; color: string; onMove: (e: MouseEvent) => void; onLeave: () => void }) {
  // Red while the zone is still down at the end; once back, its cells show its pods like any other zone's.
  const failed = !!zone?.failure && zone.failure.recoveredAtMs === null;
  const numY = cell.y + (totals ? 19 : 16);
  const barTop = cell.y + (totals ? 7 : 5);
  const afterTop = barTop + (totals ? 6 : 5);
  const afterH = totals ? 7 : 6;
  const sub = totals && zone
    ? [cell.terminating ? `${fmt(cell.terminating)} Terminating` : null, `${zone.readyNodesAtEnd}/${zone.nodes} nodes Ready`, cell.terminating === null ? "pods incl. Terminating" : null].filter(Boolean).join(" · ")
    : null;
  return (
    <g data-testid={totals ? "zone-pods" : "pod-cell"} data-zone={cell.zone} data-before={cell.before} data-after={cell.after} data-terminating={cell.terminating ?? undefined} data-failed={failed || undefined}
      onMouseMove={onMove} onMouseLeave={onLeave} className="sim-topo-cell-g">
      {failed
        ? <rect x={cell.x} y={cell.y} width={cell.width} height={cell.height} rx={3} className="sim-topo-cell-failed" />
        : <rect x={cell.x} y={cell.y} width={cell.width} height={cell.height} rx={3} fill={color} fillOpacity={totals ? 0.07 : 0.035} stroke={color} strokeOpacity={0.28} />}
      <text x={cell.x + L.cellPadding} y={numY} className={totals ? "sim-topo-num-l" : "sim-topo-num"}>{cell.label}</text>
      {cell.deltaLabel && <text x={cell.deltaX} y={numY} className={cell.delta > 0 ? "sim-topo-up" : "sim-topo-down"}>{cell.deltaLabel}</text>}
      {cell.readyLabel && <text x={cell.readyX} y={numY} className="sim-topo-down">{cell.readyLabel}</text>}
      {sub && <text x={cell.x + L.cellPadding} y={cell.y + 36} className={failed ? "viz-small sim-topo-down-text" : "viz-small viz-muted"}>{fitText(sub, cell.width - 2 * L.cellPadding, 11)}</text>}
      {cell.bars && (
        <g>
          <rect x={cell.bars.before.x} y={barTop} width={cell.bars.before.width} height={totals ? 4 : 3} rx={1} className="sim-bar-before" />
          <rect x={cell.bars.ready.x} y={afterTop} width={cell.bars.ready.width} height={afterH} fill={color} />
          {cell.bars.notReady.width > 0 && <rect x={cell.bars.notReady.x + 0.5} y={afterTop + 0.5} width={Math.max(0, cell.bars.notReady.width - 1)} height={afterH - 1} fill={color} fillOpacity={0.22} stroke={color} strokeWidth={1} />}
          {cell.bars.terminating.width > 0 && <rect x={cell.bars.terminating.x} y={afterTop} width={cell.bars.terminating.width} height={afterH} className="sim-bar-terminating" />}
          <line x1={cell.bars.before.x - 0.5} x2={cell.bars.before.x - 0.5} y1={barTop - 1} y2={afterTop + afterH + 1} className="sim-bar-axis" />
        </g>
      )}
    </g>
  );
}

function PodRows({ box, layout, cluster, horizonMs, onHover }: { box: Box; layout: TopologyLayout; cluster: ClusterOutage; horizonMs: number; onHover: (c: PodsTip | null, e?: MouseEvent) => void }) {
  const g = layoutPodRows(cluster, box, layout.zones, L);
  if (!g) return null;
  const colorOf = colorOfZones(layout);
  const zoneOf = new Map(cluster.zones.map((z) => [z.zone, z]));
  const pending = cluster.pendingAtEnd ? `${fmt(cluster.pendingAtEnd)} Pending at the end, in no zone` : "";
  const titleRoom = box.width - 20 - (pending ? pending.length * 6.4 + 16 : 0);
  const handlers = (cell: PodCell, row: { name: string; namespace: string } | null) => ({
    onMove: (e: MouseEvent) => onHover(podsTip(cell, zoneOf.get(cell.zone), cluster, row, horizonMs), e),
    onLeave: () => onHover(null),
  });
  return (
    <g data-testid="zone-pods-rows" data-cluster={cluster.cluster}>
      <line x1={box.x} x2={box.x + box.width} y1={g.titleY} y2={g.titleY} className="sim-topo-divider" />
      <text x={box.x + 10} y={g.titleY + 17} className="viz-pool-label">
        Pods per zone
        <tspan dx={8} className="viz-small viz-muted">
          {fitText(cluster.affected ? `at t = 0 → at the end (${T(horizonMs)}); bars on each row's scale` : "unchanged: the failure did not reach this cluster", Math.max(0, titleRoom - 100), 11)}
        </tspan>
      </text>
      {pending && <text x={box.x + box.width - 10} y={g.titleY + 17} textAnchor="end" className="viz-small sim-topo-pending" data-testid="pending-at-end">{pending}</text>}
      {g.totals.cells.map((cell) => (
        <Cell key={cell.zone} cell={cell} totals zone={zoneOf.get(cell.zone)} color={colorOf.get(cell.zone) ?? "#888"} {...handlers(cell, null)} />
      ))}
      {g.rows.map((row) => {
        const d = row.split!;
        const meta = d.count ? "summed: the least moved" : [d.namespace, d.desired ? `${fmt(d.desired)} desired` : null].filter(Boolean).join(" · ");
        return (
          <g key={row.key} data-testid="deployment-pods" data-deployment={d.name}>
            <text x={box.x + L.cellInset + 2} y={row.y + 12} className="sim-topo-row-label">
              {fitText(d.name, 200, 12, false, true)}
              <tspan dx={8} className="viz-small viz-muted">{meta}</tspan>
              {d.pendingAtEnd > 0 && <tspan dx={8} className="viz-small sim-topo-pending">{fmt(d.pendingAtEnd)} Pending at the end</tspan>}
            </text>
            {row.cells.map((cell) => (
              <Cell key={cell.zone} cell={cell} totals={false} zone={zoneOf.get(cell.zone)} color={colorOf.get(cell.zone) ?? "#888"} {...handlers(cell, d)} />
            ))}
          </g>
        );
      })}
    </g>
  );
}

function PodsTooltip({ content, x, y }: { content: PodsTip; x: number; y: number }) {
  return (
    <div className="viz-tooltip sim-topo-tip" role="tooltip" style={{ left: x + 14, top: y + 14 }} data-testid="topology-tooltip">
      <div className="viz-tooltip-title">{content.title}</div>
      {content.subtitle && <div className="viz-tooltip-sub">{content.subtitle}</div>}
      <table>
        <tbody>
          {content.rows.map(([k, v]) => (
            <tr key={k}><th>{k}</th><td>{v}</td></tr>
          ))}
        </tbody>
      </table>
      {content.notes.map((n) => <div key={n} className="viz-tooltip-foot sim-topo-tip-note">{n}</div>)}
    </div>
  );
}

/** Explains only the marks the drawing has (a run without recovery has no "back up" nodes). */
function OutageLegend({ split, marks }: { split: boolean; marks: { down: boolean; back: boolean; zone: boolean; terminating: boolean } }) {
  return (
    <div className="viz-legend sim-topo-legend" aria-label="Legend">
      <span><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="1.5" fill="#0072B2" /></svg>node</span>
      {marks.down && <span><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="1.5" className="viz-node-failed" /></svg>failed node</span>}
      {marks.back && <span><svg width="10" height="10" aria-hidden="true"><rect x="0.75" y="0.75" width="8.5" height="8.5" rx="1.5" fill="#0072B2" className="viz-node-recovered" /></svg>failed, back up by the end</span>}
      {marks.zone && (
        <span>
          <svg width="18" height="10" aria-hidden="true">
            <defs><pattern id="sim-fail-hatch-legend" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" stroke="#c0352b" strokeWidth="1.4" strokeOpacity="0.5" /></pattern></defs>
            <rect width="18" height="10" className="sim-topo-column-failed" /><rect width="18" height="10" fill="url(#sim-fail-hatch-legend)" />
          </svg>
          failed zone / region
        </span>
      )}
      <span>
        <svg width="26" height="12" aria-hidden="true">
          <defs><pattern id="sim-term-legend" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="4" height="4" fill="#fbe1de" /><line x1="0" y1="0" x2="0" y2="4" stroke="#c0352b" strokeWidth="1.5" /></pattern></defs>
          <rect y="1" width="20" height="3" className="sim-bar-before" /><rect y="6" width="14" height="6" fill="#0072B2" />
          {marks.terminating && <rect x="14" y="6" width="10" height="6" fill="url(#sim-term-legend)" stroke="#c0352b" strokeWidth="0.75" />}
        </svg>
        pods at t = 0 (grey) and at the end{marks.terminating ? "; red: Terminating on unreachable nodes" : ""}
      </span>
      {!split && <span className="sim-topo-old">per-Deployment split not stored for this run: run it again to see it</span>}
      <span className="muted">hover for details</span>
    </div>
  );
}
