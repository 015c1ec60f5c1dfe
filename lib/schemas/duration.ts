/**
 * Go's time.ParseDuration, because every Kubernetes timing flag (--node-monitor-grace-period=50s) is written
 * in it and users copy them verbatim. Pure; the planner's virtual clock is integer milliseconds, so
 * sub-millisecond parts are rounded.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  "μs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds, or null when the text is not a Go duration. Negative durations are refused (never meaningful here). */
export function parseDurationMs(text: string): number | null {
  if (text === "0") return 0;
  let s = text;
  if (s.startsWith("+")) s = s.slice(1);
  if (s.length === 0 || s.startsWith("-")) return null;
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m || m.index !== pos) return null;
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = PART.lastIndex;
  }
  return Math.round(total);
}

/** Formats milliseconds the way Go prints a time.Duration (1m30s, 50s, 250ms). */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ""}${h || m ? `${m}m` : ""}${s}s`;
}
