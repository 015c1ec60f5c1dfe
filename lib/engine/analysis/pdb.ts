/**
 * How many of a Deployment's replicas its PodDisruptionBudgets allow to be unavailable (the disruption
 * controller's arithmetic, pkg/controller/disruption): minAvailable → desired − minAvailable; maxUnavailable →
 * that value; percentages scale against the desired count rounding up (GetScaledValueFromIntOrPercent(…, true)).
 * With several matching PDBs the strictest wins; without one, nothing may be lost.
 */
import { compileLabelSelector } from "../../k8s/selector";
import type { PodDisruptionBudget } from "../../k8s/types";
import { getScaledValueFromIntOrPercent } from "../controllers/intstr";

export function allowedDisruptions(pdbs: readonly PodDisruptionBudget[], namespace: string, podLabels: Record<string, string>, desired: number): number {
  let allowed: number | null = null;
  for (const pdb of pdbs) {
    if ((pdb.metadata.namespace || "default") !== namespace || !pdb.spec.selector) continue;
    let matches = false;
    try {
      matches = compileLabelSelector(pdb.spec.selector).matches(podLabels);
    } catch {
      matches = false;
    }
    if (!matches) continue;
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
