/**
 * Taint / toleration matching, as k8s.io/api/core/v1 toleration.go (`Toleration.ToleratesTaint`) and
 * k8s.io/component-helpers/scheduling/corev1 (`TolerationsTolerateTaint`, `FindMatchingUntoleratedTaint`).
 */
import type { Taint, TaintEffect, Toleration } from "./types";

/**
 * A toleration tolerates a taint when the effects match (an empty toleration effect matches every effect), the
 * keys match (an empty toleration key matches every key) and, for operator Equal (or empty), the values are
 * equal; operator Exists ignores the value. Any other operator tolerates nothing.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The scheduler's filter for hard taints: NoSchedule and NoExecute (`helper.DoNotScheduleTaintsFilterFunc`). */
export function isDoNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === "NoSchedule" || taint.effect === "NoExecute";
}

/** The first taint (in node order) that passes `filter` and is not tolerated, or null. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean = () => true,
): Taint | null {
  if (!taints) return null;
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return null;
}

/** Tolerations whose effect is empty or PreferNoSchedule (`getAllTolerationPreferNoSchedule`). */
export function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === ("PreferNoSchedule" satisfies TaintEffect));
}
