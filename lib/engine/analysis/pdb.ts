/**
 * How many of a Deployment's replicas its PodDisruptionBudgets allow to be unavailable (the disruption
 * controller's arithmetic, pkg/controller/disruption): minAvailable → desired − minAvailable; maxUnavailable →
 * that value; percentages scale against the desired count rounding up (GetScaledValueFromIntOrPercent(…, true)).
 * With several matching PDBs the strictest wins; without one, nothing may be lost.
 *
 * The pieces are shared with the simulation's Eviction API (controllers/disruption/eviction.ts), which applies
 * them to the live pods: `pdbSelects` (which budgets cover a pod) and `desiredHealthyOf` (getExpectedPodCount).
 */
import { compileLabelSelector, type CompiledSelector } from "../../k8s/selector";
import type { PodDisruptionBudget } from "../../k8s/types";
import { getScaledValueFromIntOrPercent } from "../controllers/intstr";

/**
 * The PDB's selector, compiled: nil selects nothing, an empty selector (policy/v1) every pod of the namespace,
 * an invalid one nothing (eviction.go getPodDisruptionBudgets skips it).
 */
export function pdbSelector(pdb: PodDisruptionBudget): CompiledSelector | null {
  if (!pdb.spec.selector) return null;
  try {
    return compileLabelSelector(pdb.spec.selector);
  } catch {
    return null;
  }
}

/** Does the budget cover a pod with these labels in this namespace? */
export function pdbSelects(pdb: PodDisruptionBudget, namespace: string, podLabels: Record<string, string> | undefined, selector = pdbSelector(pdb)): boolean {
  return (pdb.metadata.namespace || "default") === namespace && selector !== null && selector.matches(podLabels ?? {});
}

/**
 * `getExpectedPodCount`'s desiredHealthy: an integer minAvailable as is; a percentage of minAvailable scaled
 * against `expectedCount` rounding up; maxUnavailable → expectedCount − scaled(maxUnavailable) (rounded up), at
 * least 0. Null when neither is set or the value is invalid (the controller's failSafe then allows nothing).
 */
export function desiredHealthyOf(spec: PodDisruptionBudget["spec"], expectedCount: number): number | null {
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const r = getScaledValueFromIntOrPercent(spec.maxUnavailable, expectedCount, true);
    return r.ok ? Math.max(0, expectedCount - r.value) : null;
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    const r = getScaledValueFromIntOrPercent(spec.minAvailable, expectedCount, true);
    return r.ok ? r.value : null;
  }
  return null;
}

export function allowedDisruptions(pdbs: readonly PodDisruptionBudget[], namespace: string, podLabels: Record<string, string>, desired: number): number {
  let allowed: number | null = null;
  for (const pdb of pdbs) {
    if (!pdbSelects(pdb, namespace, podLabels)) continue;
    let a: number | null = null;
    if (pdb.spec.minAvailable !== undefined) {
      const r = getScaledValueFromIntOrPercent(pdb.spec.minAvailable, desired, true);
      if (r.ok) a = desired - r.value;
    } else if (pdb.spec.maxUnavailable !== undefined) {
      const r = getScaledValueFromIntOrPercent(pdb.spec.maxUnavailable, desired, true);
      if (r.ok) a = r.value;
    }
    if (a !== null) allowed = allowed === null ? a : Math.min(allowed, a);
  }
  return Math.max(0, allowed ?? 0);
}
