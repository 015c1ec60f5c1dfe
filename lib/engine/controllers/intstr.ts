/**
 * `intstr.GetScaledValueFromIntOrPercent` (k8s.io/apimachinery/pkg/util/intstr): an IntOrString is either
 * an integer, used as is, or a string "<int>%" scaled against a total and rounded up or down.
 * Any other string is an error (the caller turns it into a Status/expected failure, never a throw).
 */
import type { IntOrString } from "../../k8s/types";

export type ScaledResult = { ok: true; value: number } | { ok: false; error: string };

export function getScaledValueFromIntOrPercent(
  v: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): ScaledResult {
  if (v === null || v === undefined) return { ok: false, error: "nil value for IntOrString" };
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return { ok: false, error: `invalid value for IntOrString: ${v} is not an integer` };
    return { ok: true, value: v };
  }
  if (!v.endsWith("%")) {
    return { ok: false, error: "invalid value for IntOrString: invalid type: string is not a percentage" };
  }
  const digits = v.slice(0, -1);
  // strconv.Atoi: optional sign, decimal digits only.
  if (!/^[+-]?\d+$/.test(digits)) {
    return { ok: false, error: `invalid value for IntOrString: invalid value "${v}"` };
  }
  const pct = Number.parseInt(digits, 10);
  const scaled = (pct * total) / 100;
  return { ok: true, value: roundUp ? Math.ceil(scaled) : Math.floor(scaled) };
}

/** `intstr.ValueOrDefault`. */
export function valueOrDefault(v: IntOrString | null | undefined, dflt: IntOrString): IntOrString {
  return v === null || v === undefined ? dflt : v;
}
