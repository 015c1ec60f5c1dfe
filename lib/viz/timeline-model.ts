/**
 * Pure geometry and wording for the outage timeline: step-line paths of ready / desired replicas per
 * Deployment on a shared time axis, phase bands, event ticks bucketed per pixel (a zone outage logs thousands
 * of events; the SVG stays small), the value of a series at a time (hover), and a clock format for virtual time.
 * d3 does the math: the callers' d3-scale scales map time and counts to pixels, d3's UTC time intervals pick
 * the axis ticks, d3-shape's step curve draws the lines, d3-array bisects a series and groups events per pixel.
 */
import { bisector, curveStepAfter, group, line, rollup, scaleUtc, sort, type ScaleLinear } from "d3";

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

const byTime = bisector((s: Sample) => s.atMs);

/** The sample in force at time t (series are change points: a value holds until the next sample). */
export function valueAt(series: readonly Sample[], t: number): Sample | null {
  return series[byTime.right(series, t) - 1] ?? null;
}

/**
 * Axis ticks over virtual time: d3's UTC time intervals (1, 5, 15, 30 s, 1, 5, 15, 30 min, 1, 3, 6, 12 h...)
 * applied to milliseconds since t = 0 read as a UTC clock, so ticks land on round clock times (T+1:00, T+5:00)
 * rather than on multiples of powers of ten of milliseconds (T+1:40, T+3:20). Those intervals are coarser
 * than a linear scale's, so d3 may pick one giving up to twice the ticks asked for: a coarser one is then
 * taken until neighbouring ticks leave room for their `formatClock` labels (11 px text) and a margin.
 */
export function timeTicks(x: ScaleLinear<number, number>, count: number): number[] {
  const [t0, t1] = x.domain() as [number, number];
  const utc = scaleUtc([t0, t1], [0, 1]);
  const minGap = formatClock(Math.max(Math.abs(t0), Math.abs(t1))).length * 6.5 + 14;
  const gap = (t: Date[]) => (t.length < 2 ? Infinity : Math.abs(x(t[1]!.getTime()) - x(t[0]!.getTime())));
  let ticks = utc.ticks(count);
  for (let n = count - 1; n >= 1 && gap(ticks) < minGap; n--) ticks = utc.ticks(n);
  return ticks.map((d) => d.getTime());
}

/**
 * The subset of CanvasPath that d3-shape draws a line with, writing SVG path data with coordinates rounded to
 * 0.1 px, and horizontal and vertical segments as `H` and `V` (a step line is nothing else). A segment that
 * continues the previous one in the same direction extends it, and zero-length ones are dropped, so a series
 * of thousands of samples, most of them unchanged, stays a short attribute.
 */
class CompactPath {
  d = "";
  private x = NaN;
  private y = NaN;
  /** The last command ("H", "V" or another), where it starts in `d`, and the point it started from. */
  private last = "";
  private lastAt = 0;
  private fromX = NaN;
  private fromY = NaN;
  private static r(v: number): number {
    return Math.round(v * 10) / 10;
  }
  moveTo(x: number, y: number): void {
    this.x = CompactPath.r(x);
    this.y = CompactPath.r(y);
    this.last = "M";
    this.d += `M${this.x},${this.y}`;
  }
  lineTo(x: number, y: number): void {
    const rx = CompactPath.r(x);
    const ry = CompactPath.r(y);
    if (rx === this.x && ry === this.y) return;
    const cmd = ry === this.y ? "H" : rx === this.x ? "V" : "L";
    const sameWay = cmd === "H" ? Math.sign(rx - this.x) === Math.sign(this.x - this.fromX) : cmd === "V" && Math.sign(ry - this.y) === Math.sign(this.y - this.fromY);
    if (cmd === this.last && sameWay) this.d = this.d.slice(0, this.lastAt);
    else {
      this.last = cmd;
      this.lastAt = this.d.length;
      this.fromX = this.x;
      this.fromY = this.y;
    }
    this.d += cmd === "H" ? `H${rx}` : cmd === "V" ? `V${ry}` : `L${rx},${ry}`;
    this.x = rx;
    this.y = ry;
  }
  closePath(): void {
    this.last = "Z";
    this.d += "Z";
  }
}

/**
 * SVG path of a step line (value holds until the next change) from t = 0 to the horizon, for one field:
 * d3-shape's line with `curveStepAfter`, the last value carried to the horizon. Points outside the visible x
 * range are clipped by the caller's clipPath.
 */
export function stepPath(series: readonly Sample[], field: "ready" | "desired" | "pending", x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, horizonMs: number): string {
  if (series.length === 0) return "";
  const points = [...series.map((s) => [s.atMs, s[field]] as const), [horizonMs, series[series.length - 1]![field]] as const];
  const out = new CompactPath();
  line<readonly [number, number]>()
    .x(([t]) => x(t))
    .y(([, v]) => y(v))
    .curve(curveStepAfter)
    .context(out as unknown as CanvasRenderingContext2D)(points);
  return out.d;
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
  const buckets: TickBucket[] = [];
  for (const [px, list] of group(events, (e) => Math.round(x(e.atMs)))) {
    if (px < x0 || px > x1) continue;
    buckets.push({
      x: px,
      count: list.length,
      warnings: list.filter((e) => e.type === "Warning").length,
      first: list[0]!,
      reasons: Object.fromEntries(rollup(list, (v) => v.length, (e) => e.reason)),
    });
  }
  return sort(buckets, (b) => b.x);
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
