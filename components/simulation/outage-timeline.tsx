"use client";
/**
 * The outage timeline: per Deployment, ready (solid) and desired (dashed) replicas as step lines over virtual
 * time, pending pods in red; the phases of the outage as bands on top (failure, detection, taints, tolerations
 * running out, rescheduling, ready again); a Deployment's rollouts as a band in its row (start, completion,
 * strategy and ReplicaSet on hover); Kubernetes events as ticks at the bottom. Zoom and pan on the x axis
 * (wheel, drag; double-click zooms in), hover for the values at a moment. React draws; d3 does the math: a
 * linear time scale rescaled by d3-zoom, ticks on d3's UTC time intervals, a linear scale per row for the
 * replica counts, d3-shape step lines (lib/viz/timeline-model.ts).
 */
import { useMemo, useRef, useState } from "react";
import { max, scaleLinear } from "d3";
import type { SimulationRunResult } from "@/lib/worker/compute";
import { rolloutsOf, rolloutTitle, type RolloutView } from "@/lib/viz/rollouts";
import { bucketEvents, formatClock, pendingSpans, phaseLanes, stepPath, timeTicks, valueAt } from "@/lib/viz/timeline-model";
import { useMeasuredWidth } from "./use-measured-width";
import { useXZoom } from "./use-x-zoom";

const LEFT = 168;
const RIGHT = 20;
const LANE = 20;
const ROW = 58;
const EVENTS = 26;
const AXIS = 26;
/** Extra height on top of a row whose Deployment rolls out: the rollout's band and its label. */
const ROLL = 16;
const ROLLOUT = "#aa4499";

const PHASE_FILL: Record<string, string> = {
  failure: "#c0352b", detection: "#e69f00", taints: "#8c6d1f", evictions: "#d55e00", rescheduling: "#0072b2", ready: "#17803a", recovery: "#332288",
};

export function OutageTimeline({ result }: { result: SimulationRunResult }) {
  const [box, width] = useMeasuredWidth<HTMLDivElement>();
  const svg = useRef<SVGSVGElement>(null);
  const { transform, reset } = useXZoom(svg, width, LEFT, RIGHT);
  const [hoverX, setHoverX] = useState<number | null>(null);

  const clusters = new Set(result.deployments.map((d) => d.cluster));
  const phaseCluster = result.phases[0]?.cluster;
  const ownPhases = useMemo(() => result.phases.filter((p) => p.cluster === phaseCluster), [result, phaseCluster]);
  // Instants (failure, nodes back) are vertical markers; spans are bands stacked in lanes.
  const lanes = useMemo(() => phaseLanes(ownPhases.filter((p) => p.endMs > p.startMs)), [ownPhases]);
  const marks = ownPhases.filter((p) => p.endMs === p.startMs);
  const laneCount = Math.max(1, max(lanes, (l) => l.lane + 1) ?? 0);
  const top = laneCount * LANE + 8;
  const rollouts = useMemo(() => result.deployments.map((d) => rolloutsOf(result, d)), [result]);
  const rowTops: number[] = [];
  let rowsH = 0;
  rollouts.forEach((r) => { rowTops.push(top + rowsH); rowsH += ROW + (r.length ? ROLL : 0); });
  const height = top + rowsH + EVENTS + AXIS;

  const base = scaleLinear().domain([0, result.horizonMs]).range([LEFT, Math.max(LEFT + 10, width - RIGHT)]);
  const x = transform.rescaleX(base);
  const ticks = timeTicks(x, Math.max(2, Math.floor((width - LEFT) / 90)));
  const buckets = width > 0 ? bucketEvents(result.events, x) : [];
  const t = hoverX === null ? null : x.invert(hoverX);
  const clip = "sim-timeline-clip";

  return (
    <div className="sim-timeline" ref={box} data-testid="outage-timeline">
      <div className="sim-timeline-head">
        <span className="muted">Ready <i className="key key-ready" /> · desired <i className="key key-desired" /> · pending <i className="key key-pending-area" />{rollouts.some((r) => r.length) && <> · rollout <i className="key key-rollout" /></>} — scroll to zoom, drag to pan</span>
        {transform.k !== 1 && <button type="button" className="btn btn-sm btn-ghost" onClick={reset}>Reset zoom</button>}
      </div>
      {width > 0 && (
        <svg ref={svg} width={width} height={height} role="img" aria-label="Outage timeline"
          onMouseMove={(e) => { const r = e.currentTarget.getBoundingClientRect(); const mx = e.clientX - r.left; setHoverX(mx >= LEFT && mx <= width - RIGHT ? mx : null); }}
          onMouseLeave={() => setHoverX(null)}>
          <defs><clipPath id={clip}><rect x={LEFT} y={0} width={Math.max(0, width - LEFT - RIGHT)} height={height} /></clipPath></defs>
          {ticks.map((v) => <line key={v} x1={x(v)} x2={x(v)} y1={top} y2={top + rowsH + EVENTS} className="sim-grid" />)}
          <g clipPath={`url(#${clip})`}>
            {lanes.map(({ phase, lane }) => {
              const x0 = x(phase.startMs);
              const w = Math.max(2, x(phase.endMs) - x0);
              return (
                <g key={`${phase.id}-${lane}`} data-testid={`phase-${phase.id}`}>
                  <title>{`${phase.label}: ${formatClock(phase.startMs)} → ${formatClock(phase.endMs)}\n${phase.explain}`}</title>
                  <rect x={x0} y={lane * LANE + 2} width={w} height={LANE - 4} rx={3} fill={PHASE_FILL[phase.id]} opacity={0.85} />
                  {w > phase.label.length * 6.2 + 10 && <text x={x0 + 5} y={lane * LANE + LANE / 2 + 4} className="sim-phase-label">{phase.label}</text>}
                  <line x1={x(phase.endMs)} x2={x(phase.endMs)} y1={lane * LANE + LANE} y2={top + rowsH} stroke={PHASE_FILL[phase.id]} strokeDasharray="2 3" opacity={0.6} />
                </g>
              );
            })}
            {marks.map((m) => (
              <g key={m.id} data-testid={`phase-${m.id}`}>
                <title>{`${m.label} at ${formatClock(m.startMs)}\n${m.explain}`}</title>
                <line x1={x(m.startMs)} x2={x(m.startMs)} y1={0} y2={top + rowsH + EVENTS} stroke={PHASE_FILL[m.id]} strokeWidth={2} />
              </g>
            ))}
          </g>
          {result.deployments.map((d, i) => {
            const lane = rowTops[i]!;
            const y0 = lane + (rollouts[i]!.length ? ROLL : 0);
            const peak = Math.max(1, max(d.series, (s) => Math.max(s.desired, s.ready)) ?? 0);
            const y = scaleLinear().domain([0, peak]).range([y0 + ROW - 8, y0 + 10]);
            const key = `${d.cluster}/${d.namespace}/${d.name}`;
            return (
              <g key={key} data-testid="timeline-row" data-deployment={d.name}>
                <line x1={LEFT} x2={width - RIGHT} y1={y0 + ROW - 8} y2={y0 + ROW - 8} className="sim-baseline" />
                <text x={12} y={y0 + 22} className="sim-row-name">{d.name}</text>
                <text x={12} y={y0 + 38} className="sim-row-sub">{clusters.size > 1 ? `${d.cluster} · ` : ""}{d.namespace} · {d.desired} desired</text>
                <text x={LEFT - 8} y={y(peak) + 4} className="sim-row-tick" textAnchor="end">{peak}</text>
                <text x={LEFT - 8} y={y(0) + 4} className="sim-row-tick" textAnchor="end">0</text>
                <g clipPath={`url(#${clip})`}>
                  <path d={stepPath(d.series, "desired", x, y, result.horizonMs)} className="sim-line-desired" />
                  {pendingSpans(d.series, result.horizonMs).map((p) => (
                    <rect key={p.startMs} x={x(p.startMs)} width={Math.max(1, x(p.endMs) - x(p.startMs))} y={y(p.pending)} height={y(0) - y(p.pending)} className="sim-area-pending" />
                  ))}
                  <path d={stepPath(d.series, "ready", x, y, result.horizonMs)} className="sim-line-ready" />
                  {rollouts[i]!.map((v) => <RolloutMark key={`${v.atMs}-${v.status}`} v={v} x={x} top={lane} bottom={y0 + ROW - 8} />)}
                </g>
              </g>
            );
          })}
          <text x={12} y={top + rowsH + 17} className="sim-row-sub">events ({result.events.length}{result.eventsTruncated ? `+${result.eventsTruncated}` : ""})</text>
          <g data-testid="event-ticks">
            {buckets.map((b) => (
              <line key={b.x} x1={b.x} x2={b.x} y1={top + rowsH + 6} y2={top + rowsH + 6 + Math.min(18, 5 + 3 * Math.log2(b.count + 1))} className={b.warnings ? "sim-tick-warn" : "sim-tick"}>
                <title>{`${formatClock(b.first.atMs)} · ${Object.entries(b.reasons).map(([r, n]) => `${r} ×${n}`).join(", ")}\n${b.first.object}: ${b.first.message}`}</title>
              </line>
            ))}
          </g>
          <g transform={`translate(0,${top + rowsH + EVENTS})`} className="sim-axis">
            <line x1={LEFT} x2={width - RIGHT} y1={0} y2={0} />
            {ticks.map((v) => (
              <g key={v} transform={`translate(${x(v)},0)`}>
                <line y2={5} />
                <text y={17} textAnchor="middle">{formatClock(v)}</text>
              </g>
            ))}
          </g>
          {hoverX !== null && <line x1={hoverX} x2={hoverX} y1={0} y2={top + rowsH + EVENTS} className="sim-cursor" />}
        </svg>
      )}
      <ol className="sim-phase-legend" data-testid="phase-legend">
        {ownPhases.map((p) => (
          <li key={p.id} title={p.explain}>
            <i style={{ background: PHASE_FILL[p.id] }} />
            <b>{p.label}</b> <span className="num">{p.endMs > p.startMs ? `${formatClock(p.startMs)}–${formatClock(p.endMs)}` : formatClock(p.startMs)}</span>
          </li>
        ))}
      </ol>
      {t !== null && hoverX !== null && (
        <div className="sim-tooltip" style={{ left: hoverX > width * 0.6 ? hoverX - 242 : hoverX + 14, top: top + 8 }} data-testid="timeline-tooltip">
          <div className="sim-tooltip-time">T+{formatClock(t)}</div>
          {result.phases.filter((p) => p.cluster === phaseCluster && t >= p.startMs && t <= Math.max(p.endMs, p.startMs + 1000)).map((p) => (
            <div key={p.id} className="sim-tooltip-phase">{p.label}: {p.explain}</div>
          ))}
          {rollouts.flat().filter((v) => v.status !== "not-started" && t >= v.atMs && t < v.endMs).map((v) => (
            <div key={`${v.cluster}/${v.deployment}/${v.atMs}`} className="sim-tooltip-phase sim-tooltip-rollout">
              {v.deployment}: {v.strategy} rollout{v.replicaSet ? ` to ${v.replicaSet}` : ""} in progress
            </div>
          ))}
          <table><tbody>
            {result.deployments.map((d) => {
              const v = valueAt(d.series, t);
              return <tr key={`${d.cluster}/${d.namespace}/${d.name}`}><td>{d.name}</td><td className="num">{v ? `${v.ready}/${v.desired} ready` : "–"}</td><td className="num sim-pending">{v && v.pending ? `${v.pending} pending` : ""}</td></tr>;
            })}
          </tbody></table>
        </div>
      )}
    </div>
  );
}

/**
 * One rollout in its Deployment's row: a line at the start down to the row's baseline, a pale band to the
 * completion (dashed and open to the horizon while not complete), a dashed line at the completion, a short label,
 * and the strategy, ReplicaSet and outcome on hover. A rollout that changed nothing is a hollow diamond.
 */
function RolloutMark({ v, x, top, bottom }: { v: RolloutView; x: (t: number) => number; top: number; bottom: number }) {
  const x0 = x(v.atMs);
  const title = <title>{rolloutTitle(v, formatClock)}</title>;
  if (v.status === "not-started") {
    return (
      <g data-testid="rollout-marker" data-deployment={v.deployment} data-status={v.status} className="sim-rollout">
        {title}
        <path d={`M${x0},${top + 3}l5,5l-5,5l-5,-5z`} fill="#fff" stroke={ROLLOUT} strokeWidth={1.5} />
        <text x={x0 + 8} y={top + 12} className="sim-rollout-label">no change</text>
      </g>
    );
  }
  const x1 = x(v.endMs);
  const done = v.status === "complete";
  const label = done ? `✓ ${formatClock(v.completedAtMs!)}` : v.status === "superseded" ? `superseded ${formatClock(v.supersededAtMs!)}` : `${v.strategy} · not complete`;
  const w = Math.max(2, x1 - x0);
  const inside = !done && w > label.length * 5.6 + 12;
  return (
    <g data-testid="rollout-marker" data-deployment={v.deployment} data-status={v.status} className="sim-rollout">
      {title}
      <rect x={x0} y={top + 4} width={w} height={9} rx={2} fill={ROLLOUT} fillOpacity={0.16} stroke={ROLLOUT} strokeWidth={1} strokeDasharray={done ? undefined : "3 2"} />
      <line x1={x0} x2={x0} y1={top + 2} y2={bottom} stroke={ROLLOUT} strokeWidth={1.5} />
      {v.completedAtMs !== null && <line x1={x1} x2={x1} y1={top + 2} y2={bottom} stroke={ROLLOUT} strokeWidth={1.25} strokeDasharray="3 2" data-testid="rollout-complete" />}
      <text x={inside ? x0 + 5 : x1 + 4} y={top + 12} className="sim-rollout-label">{label}</text>
    </g>
  );
}
