/**
 * One pure `syncReplicaSet` (pkg/controller/replicaset/replica_set.go): claim the active pods, then
 * `manageReplicas` (create through slowStartBatch or delete through getPodsToDelete, each capped at
 * BurstReplicas per sync) and `calculateStatus`. The caller applies the returned changes to its store and
 * calls again on the next sync, which is how more than 500 missing pods get created over several syncs.
 */
import type { Pod, ReplicaSet } from "../../k8s/types";
import type { ControllerFeatureGates } from "./active-pods";
import { claimPods, type SelectorMatcher } from "./claim";
import { specReplicas } from "./deployment-util";
import { isPodActive, isPodAvailable, isPodReady } from "./pod-util";
import { BURST_REPLICAS, getPodsToDelete, slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE } from "./replicaset-util";

export interface ReplicaSetStatusCounts {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export interface ReplicaSetSyncInput {
  rs: ReplicaSet;
  /** Pods of the ReplicaSet's namespace (any owner; the claim sorts them out). */
  pods: Pod[];
  /** Active pods of every ReplicaSet sharing this one's controller, for scale-down ranks. */
  relatedPods?: Pod[];
  nowMs: number;
  matches: SelectorMatcher;
  /** Creates one pod from the template (naming is the caller's), or returns an error message. */
  createPod: (rs: ReplicaSet) => Pod | string;
  featureGates?: ControllerFeatureGates;
  burstReplicas?: number;
}

export interface ReplicaSetSyncResult {
  adopted: Pod[];
  released: Pod[];
  created: Pod[];
  deleted: Pod[];
  status: ReplicaSetStatusCounts;
  /** The first creation error (upstream requeues and records ReplicaFailure). */
  error?: string;
}

export function syncReplicaSet(input: ReplicaSetSyncInput): ReplicaSetSyncResult {
  const { rs } = input;
  const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: rs.metadata, selector: rs.spec.selector };
  const claim = claimPods(owner, input.pods.filter(isPodActive), input.matches);
  const filtered = claim.claimed;
  const result: ReplicaSetSyncResult = { adopted: claim.adopted, released: claim.released, created: [], deleted: [], status: calculateStatus(rs, filtered, input.nowMs) };
  // A ReplicaSet being deleted only reports status; the garbage collector removes its pods.
  if (rs.metadata.deletionTimestamp) return result;
  const burst = input.burstReplicas ?? BURST_REPLICAS;
  const diff = filtered.length - specReplicas(rs);
  if (diff < 0) {
    const r = slowStartBatch(Math.min(-diff, burst), SLOW_START_INITIAL_BATCH_SIZE, () => {
      const made = input.createPod(rs);
      if (typeof made === "string") return made;
      result.created.push(made);
      return undefined;
    });
    if (r.error !== undefined) result.error = r.error;
  } else if (diff > 0) {
    const related = input.relatedPods ?? filtered;
    result.deleted = getPodsToDelete(filtered, related, Math.min(diff, burst), input.nowMs, input.featureGates);
  }
  return result;
}

/** `calculateStatus`: counts over the claimed active pods as they were at the start of the sync. */
export function calculateStatus(rs: ReplicaSet, filtered: Pod[], nowMs: number): ReplicaSetStatusCounts {
  const templateLabels = rs.spec.template?.metadata?.labels ?? {};
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const p of filtered) {
    const labels = p.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, rs.spec.minReadySeconds ?? 0, nowMs)) available++;
    }
  }
  return { replicas: filtered.length, fullyLabeledReplicas: fullyLabeled, readyReplicas: ready, availableReplicas: available };
}
