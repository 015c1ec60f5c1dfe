/**
 * PodDisruptionBudget status and the Eviction API's verdict, as pure functions over plain pod facts:
 *
 * - `pdbStatus`: the disruption controller's `trySync` (pkg/controller/disruption/disruption.go):
 *   expectedPods from getExpectedPodCount (an integer minAvailable: the number of selected pods; a percentage
 *   or maxUnavailable: the sum of the owning controllers' scale, pods without a controller left out, as
 *   getExpectedScale does), desiredHealthy (analysis/pdb.ts desiredHealthyOf), currentHealthy = selected pods
 *   that are Ready and not being deleted (countHealthyPods), disruptionsAllowed = currentHealthy −
 *   desiredHealthy, 0 when negative or when expectedPods ≤ 0 (updatePdbStatus).
 * - `evictionVerdict`: `EvictionREST.Create` (pkg/registry/core/pod/storage/eviction.go): a Pending or
 *   terminating pod is deleted without looking at budgets (canIgnorePDB); more than one budget is a 500; none
 *   lets it go; a pod that is not Ready goes when the budget's unhealthyPodEvictionPolicy is AlwaysAllow, or
 *   (IfHealthyBudget, the default) when currentHealthy ≥ desiredHealthy > 0; otherwise checkAndDecrement:
 *   disruptionsAllowed = 0 is a 429 "Cannot evict pod as it would violate the pod's disruption budget.", else
 *   the budget is decremented and the pod deleted.
 */
import type { PodDisruptionBudget } from "../../../k8s/types";
import { desiredHealthyOf } from "../../analysis/pdb";

export interface PdbPodFacts {
  /** Ready condition True. */
  ready: boolean;
  /** deletionTimestamp set. */
  terminating: boolean;
  /** The controller (key) and its desired scale, or null for a pod that declares no controller. */
  controller: { key: string; scale: number } | null;
}

export interface PdbStatus {
  name: string;
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
}

export function pdbStatus(pdb: PodDisruptionBudget, pods: readonly PdbPodFacts[]): PdbStatus {
  const name = pdb.metadata.name ?? "";
  const intMin = pdb.spec.maxUnavailable == null && typeof pdb.spec.minAvailable === "number";
  let expectedPods: number;
  if (intMin) expectedPods = pods.length;
  else {
    const scale = new Map<string, number>();
    for (const p of pods) if (p.controller && !scale.has(p.controller.key)) scale.set(p.controller.key, p.controller.scale);
    expectedPods = 0;
    for (const s of scale.values()) expectedPods += s;
  }
  let currentHealthy = 0;
  for (const p of pods) if (p.ready && !p.terminating) currentHealthy++;
  const desired = desiredHealthyOf(pdb.spec, expectedPods);
  // A budget the controller cannot compute fails safe: disruptionsAllowed 0 (failSafe).
  if (desired === null) return { name, expectedPods, desiredHealthy: 0, currentHealthy, disruptionsAllowed: 0 };
  let allowed = currentHealthy - desired;
  if (expectedPods <= 0 || allowed <= 0) allowed = 0;
  return { name, expectedPods, desiredHealthy: desired, currentHealthy, disruptionsAllowed: allowed };
}

export const EVICTION_PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
export const EVICTION_MULTIPLE_PDBS_MESSAGE = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

export type EvictionVerdict =
  | {
      allowed: true;
      /** Why no budget stood in the way (or that one was decremented). */
      because: "terminal-or-pending" | "terminating" | "no-budget" | "unhealthy-always-allow" | "unhealthy-healthy-budget" | "budget";
    }
  | {
      allowed: false;
      code: 429 | 500;
      message: string;
      /** The 429's StatusCause (DisruptionBudget): "The disruption budget X needs D healthy pods and has C currently". */
      cause?: string;
    };

export interface EvictionPod {
  phase: "Pending" | "Running";
  ready: boolean;
  terminating: boolean;
}

/** The eviction subresource on one pod, given the budgets selecting it and a way to read their status. */
export function evictionVerdict(pod: EvictionPod, budgets: readonly PodDisruptionBudget[], statusOf: (pdb: PodDisruptionBudget) => PdbStatus): EvictionVerdict {
  if (pod.terminating) return { allowed: true, because: "terminating" };
  if (pod.phase === "Pending") return { allowed: true, because: "terminal-or-pending" };
  if (budgets.length > 1) return { allowed: false, code: 500, message: EVICTION_MULTIPLE_PDBS_MESSAGE };
  const pdb = budgets[0];
  if (!pdb) return { allowed: true, because: "no-budget" };
  const s = statusOf(pdb);
  if (!pod.ready) {
    if (pdb.spec.unhealthyPodEvictionPolicy === "AlwaysAllow") return { allowed: true, because: "unhealthy-always-allow" };
    if (s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0) return { allowed: true, because: "unhealthy-healthy-budget" };
  }
  if (s.disruptionsAllowed === 0) {
    return { allowed: false, code: 429, message: EVICTION_PDB_MESSAGE, cause: `The disruption budget ${s.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently` };
  }
  return { allowed: true, because: "budget" };
}
