/**
 * Go `time.Duration` syntax, as Kubernetes flags and topoplan scenario files use it ("90s", "1h30m", "1.5h").
 * The engine's virtual clock counts integer milliseconds; parsing truncates sub-millisecond remainders
 * toward zero (like Go's `Duration.Milliseconds()`), formatting reproduces `Duration.String()` exactly.
 */

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  "µs": 1_000n, // U+00B5 micro sign
  "μs": 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NS = (1n << 63n) - 1n;

/** Parses a Go duration string into nanoseconds (as Go does, with its int64 overflow check). */
export function parseDurationNs(input: string): { ok: true; ns: bigint } | { ok: false; error: string } {
  const bad = { ok: false as const, error: `time: invalid duration "${input}"` };
  let s = input;
  let neg = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, ns: 0n };
  if (s === "") return bad;
  let total = 0n;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s);
    const intPart = m?.[1] ?? "";
    const fracPart = m?.[2];
    if (intPart === "" && (fracPart === undefined || fracPart === "")) return bad;
    s = s.slice(m![0].length);
    const u = /^[^\d.]+/.exec(s);
    if (!u) return { ok: false, error: `time: missing unit in duration "${input}"` };
    const unit = UNIT_NS[u[0]];
    if (unit === undefined) return { ok: false, error: `time: unknown unit "${u[0]}" in duration "${input}"` };
    s = s.slice(u[0].length);
    let v = BigInt(intPart === "" ? "0" : intPart) * unit;
    if (fracPart) {
      // Exact rational arithmetic, truncated to whole nanoseconds like Go.
      const scale = 10n ** BigInt(fracPart.length);
      v += (BigInt(fracPart) * unit) / scale;
    }
    total += v;
    if (total > MAX_NS) return bad;
  }
  return { ok: true, ns: neg ? -total : total };
}

/** Parses a Go duration string into integer milliseconds. */
export function parseDuration(input: string): DurationResult {
  const r = parseDurationNs(input.trim());
  if (!r.ok) return r;
  return { ok: true, ms: Number(r.ns / 1_000_000n) };
}

/** Go's `time.Duration.String()` for a duration in milliseconds: "0s", "1.5s", "5m50s", "1h0m0s". */
export function formatDuration(ms: number): string {
  return formatDurationNs(BigInt(Math.round(ms * 1_000_000)));
}

export function formatDurationNs(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return "0s";
    let unit: string;
    let prec: number;
    if (u < 1_000n) {
      unit = "ns";
      prec = 0;
    } else if (u < 1_000_000n) {
      unit = "µs";
      prec = 3;
    } else {
      unit = "ms";
      prec = 6;
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** The fraction of v / 10^prec without trailing zeros (with its dot), and the integer part. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let digits = "";
  let printed = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    printed = printed || digit !== 0n;
    if (printed) digits = `${digit}${digits}`;
    v /= 10n;
  }
  return [printed ? `.${digits}` : "", v];
}
