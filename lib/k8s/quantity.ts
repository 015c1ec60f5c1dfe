/**
 * Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource.Quantity`).
 *
 * Grammar: `<sign><digits>[.<digits>]<suffix>` where suffix is a binary SI suffix (Ki Mi Gi Ti Pi Ei), a decimal
 * SI suffix (n u m "" k M G T P E) or a decimal exponent (`e3`, `E-2`). Numbers (JSON values) are accepted too.
 *
 * Values are computed EXACTLY with BigInt and only then converted, because Kubernetes rounds *up* when it
 * converts to an integer (`Value()`, `MilliValue()`), and a float detour would turn `0.3` into 300.00000000000006
 * millis and round it up to 301. Parsed results are memoised: the same strings recur in every pod of a workload.
 */
import type { Quantity } from "./types";

export class QuantityParseError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`invalid quantity ${JSON.stringify(input)}: ${reason}`);
    this.name = "QuantityParseError";
  }
}

/** An exact rational value num/den (den > 0). */
interface Exact {
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const RE = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function parseExact(q: Quantity): Exact {
  if (typeof q === "number") {
    if (!Number.isFinite(q)) throw new QuantityParseError(String(q), "not a finite number");
    return parseExact(numberToString(q));
  }
  const s = q.trim();
  const m = RE.exec(s);
  if (!m || s !== q) throw new QuantityParseError(q, "expected <number><suffix>, e.g. 500m, 2, 1Gi, 1e3");
  const sign = m[1] === "-" ? -1n : 1n;
  const numberPart = m[2]!;
  const suffix = m[3]!;
  const [intDigits, fracDigits = ""] = numberPart.split(".");
  let num = BigInt((intDigits || "0") + fracDigits) * sign;
  let den = pow10(fracDigits.length);
  if (suffix in BINARY) {
    num *= BINARY[suffix]!;
  } else if (suffix in DECIMAL_EXP) {
    const e = DECIMAL_EXP[suffix]!;
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    const e = Number(suffix.slice(1));
    if (Math.abs(e) > 40) throw new QuantityParseError(q, "exponent out of range");
    if (e >= 0) num *= pow10(e);
    else den *= pow10(-e);
  } else {
    throw new QuantityParseError(q, `unknown suffix ${JSON.stringify(suffix)}`);
  }
  return { num, den };
}

function numberToString(n: number): string {
  // JS prints 1e21 and beyond with an exponent, which the grammar accepts; small floats like 1e-7 too.
  return String(n).replace("e+", "e");
}

/** Ceiling division for a positive denominator (Kubernetes rounds conversions up, away from zero for positives). */
function ceilDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den !== 0n && num > 0n ? q + 1n : q;
}

const valueCache = new Map<string, number>();
const milliCache = new Map<string, number>();
const exactCache = new Map<string, number>();

function key(q: Quantity): string {
  return typeof q === "number" ? `#${q}` : q;
}

/** The quantity in base units as a float (e.g. "500m" -> 0.5, "1Ki" -> 1024). Throws QuantityParseError. */
export function parseQuantity(q: Quantity): number {
  const k = key(q);
  const hit = exactCache.get(k);
  if (hit !== undefined) return hit;
  const { num, den } = parseExact(q);
  const v = Number(num) / Number(den);
  exactCache.set(k, v);
  return v;
}

/** `Quantity.Value()`: base units rounded up to an integer (memory "0.5" -> 1 byte). */
export function quantityValue(q: Quantity): number {
  const k = key(q);
  const hit = valueCache.get(k);
  if (hit !== undefined) return hit;
  const { num, den } = parseExact(q);
  const v = Number(ceilDiv(num, den));
  valueCache.set(k, v);
  return v;
}

/** `Quantity.MilliValue()`: thousandths of the base unit rounded up (cpu "0.1" -> 100, "1.5m" -> 2). */
export function milliValue(q: Quantity): number {
  const k = key(q);
  const hit = milliCache.get(k);
  if (hit !== undefined) return hit;
  const { num, den } = parseExact(q);
  const v = Number(ceilDiv(num * 1000n, den));
  milliCache.set(k, v);
  return v;
}

/** Non-throwing variant for boundaries: `{ok:false, error}` names the bad string. */
export function tryParseQuantity(q: Quantity): { ok: true; value: number } | { ok: false; error: string } {
  try {
    return { ok: true, value: parseQuantity(q) };
  } catch (e) {
    if (e instanceof QuantityParseError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * The integer a resource is accounted in by the scheduler: millicores for `cpu`, `Value()` for everything else
 * (bytes for memory / ephemeral-storage / hugepages, plain counts for pods and extended resources).
 */
export function resourceAmount(resourceName: string, q: Quantity): number {
  return resourceName === "cpu" ? milliValue(q) : quantityValue(q);
}
