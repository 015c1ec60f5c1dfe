/**
 * Pure geometry and wording for the outage timeline: step-line paths of ready / desired replicas per
 * Deployment on a shared time axis, phase bands, event ticks bucketed per pixel (a zone outage logs thousands
 * of events; the SVG stays small), the value of a series at a time (hover), and a clock format for virtual time.
 */
import type { ScaleLinear } from "d3-scale";

export interface Sample {
  atMs: number;
  desired: number;
  ready: number;
  pending: number;
}

/** "T+5:50" style clock for virtual time (m:ss under an hour, h:mm:ss above). */
export function formatClock(ms: number): string {
  const neg = ms < 0;
  const s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  const body = h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
  return neg ? `-${body}` : body;
}

/** "5m50s", "1h2m", "45s": durations in prose. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "never";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${m ? `${m}m` : ""}`;
  if (m > 0) return `${m}m${sec ? `${sec}s` : ""}`;
  return `${sec}s`;
}

/** The sample in force at time t (series are change points: a value holds until the next sample). */
export function valueAt(series: readonly Sample[], t: number): Sample | null {
  let lo = 0;
  let hi = series.length - 1;
  if (hi < 0 || series[0]!.atMs > t) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (series[mid]!.atMs <= t) lo = mid;
    else hi = mid - 1;
  }
  return series[lo]!;
}

/**
 * SVG path of a step line (value holds until the next change) from t = 0 to the horizon, for one field.
 * Points outside the visible x range are clipped by the caller's clipPath; coordinates are rounded to 0.1 px.
 */
export function stepPath(series: readonly Sample[], field: "ready" | "desired" | "pending", x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, horizonMs: number): string {
  if (series.length === 0) return "";
  const r = (v: number) => Math.round(v * 10) / 10;
  let d = `M${r(x(series[0]!.atMs))},${r(y(series[0]![field]))}`;
  for (let i = 1; i < series.length; i++) {
    const s = series[i]!;
    d += `H${r(x(s.atMs))}V${r(y(s[field]))}`;
  }
  return `${d}H${r(x(horizonMs))}`;
}

export interface TickBucket {
  x: number;
  count: number;
  warnings: number;
  first: { atMs: number; reason: string; object: string; message: string };
  reasons: Record<string, number>;
}

/** Events bucketed per whole pixel of the current scale; events outside [x0, x1] are dropped. */
export function bucketEvents(events: readonly { atMs: number; type: string; reason: string; object: string; message: string }[], x: ScaleLinear<number, number>): TickBucket[] {
  const [x0, x1] = x.range() as [number, number];
  const byPx = new Map<number, TickBucket>();
  for (const e of events) {
    const px = Math.round(x(e.atMs));
    if (px < x0 || px > x1) continue;
    let b = byPx.get(px);
    if (!b) byPx.set(px, (b = { x: px, count: 0, warnings: 0, first: e, reasons: {} }));
    b.count++;
    if (e.type === "Warning") b.warnings++;
    b.reasons[e.reason] = (b.reasons[e.reason] ?? 0) + 1;
  }
  return [...byPx.values()].sort((a, b) => a.x - b.x);
}

/** Phases overlap (taints start while tolerations run); stack them in lanes so each band stays readable. */
export function phaseLanes<T extends { startMs: number; endMs: number }>(phases: readonly T[]): { phase: T; lane: number }[] {
  const laneEnds: number[] = [];
  return phases.map((phase) => {
    let lane = laneEnds.findIndex((end) => end <= phase.startMs);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = Math.max(phase.endMs, phase.startMs + 1);
    return { phase, lane };
  });
}

/** Intervals with pods Pending (drawn as a red area: nothing at all while none are pending). */
export function pendingSpans(series: readonly Sample[], horizonMs: number): { startMs: number; endMs: number; pending: number }[] {
  const out: { startMs: number; endMs: number; pending: number }[] = [];
  series.forEach((s, i) => {
    if (s.pending <= 0) return;
    out.push({ startMs: s.atMs, endMs: series[i + 1]?.atMs ?? horizonMs, pending: s.pending });
  });
  return out;
}
