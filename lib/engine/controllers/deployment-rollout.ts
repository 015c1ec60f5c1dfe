/**
 * One Deployment sync's rollout decisions (pkg/controller/deployment/rolling.go, recreate.go), as pure data:
 * given the new ReplicaSet (or none yet) and the old ones as the controller's listers show them (spec.replicas,
 * status.replicas, status.availableReplicas), which ReplicaSet to create and which to scale, in the order the
 * controller issues the calls. The caller turns each into an API call, a `ScalingReplicaSet` event, and the
 * ReplicaSet controller's work.
 *
 * RollingUpdate (`rolloutRolling`): first `reconcileNewReplicaSet` (grow the new ReplicaSet by what maxSurge leaves
 * room for, NewRSNewReplicas); if it scaled, the sync ends there. Otherwise `reconcileOldReplicaSets`: at most
 * `allPods − minAvailable − newRSUnavailable` old replicas go, unhealthy ones first (`cleanupUnhealthyReplicas`),
 * then available ones down to `minAvailable = replicas − maxUnavailable` available pods
 * (`scaleDownOldReplicaSetsForRollingUpdate`); old ReplicaSets oldest first.
 * Recreate (`rolloutRecreate`): scale every old ReplicaSet to 0; once no old pod exists any more (terminating
 * ones included), create or scale the new one to replicas.
 */
import type { Deployment } from "../../k8s/types";
import { deploymentComplete, maxUnavailable, newRSNewReplicas, specReplicas, type ReplicaSetScale, type ReplicasResult } from "./deployment-util";

export interface RolloutReplicaSet {
  readonly name: string;
  /** creationTimestamp (epoch ms); undefined is Go's zero time, which sorts first. */
  readonly createdMs: number | undefined;
  /** spec.replicas */
  readonly replicas: number;
  /** status.replicas: the active pods the ReplicaSet counts. */
  readonly statusReplicas: number;
  /** status.availableReplicas */
  readonly available: number;
}

export interface ScaleAction<T> {
  rs: T;
  from: number;
  to: number;
}

export interface RolloutStep<T> {
  /** Create the new ReplicaSet with this spec.replicas (null: it exists, or must not be created yet). */
  create: number | null;
  /** ReplicaSet updates, in call order (one ReplicaSet may be scaled twice in one sync). */
  scales: ScaleAction<T>[];
  /** The sync failed (an invalid maxSurge): nothing is created or scaled. */
  error?: string;
  /**
   * Recreate: the old ReplicaSets are at 0 but some of their pods still exist, so the sync ends here and the new
   * ReplicaSet waits; a caller that cleans up old revisions must not, as the sync never gets that far.
   */
  waitingForOldPods?: boolean;
}

/** `controller.ReplicaSetsByCreationTimestamp`: oldest first, name breaks ties. */
export function byCreation<T extends RolloutReplicaSet>(a: T, b: T): number {
  if (a.createdMs === b.createdMs) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  if (a.createdMs === undefined) return -1;
  if (b.createdMs === undefined) return 1;
  return a.createdMs - b.createdMs;
}

/** The replicas this sync believes each ReplicaSet has: the listed value, then its own updates. */
class SyncView<T extends RolloutReplicaSet> {
  readonly step: RolloutStep<T> = { create: null, scales: [] };
  private readonly replicas = new Map<T, number>();

  spec(rs: T): number {
    return this.replicas.get(rs) ?? rs.replicas;
  }

  /** `scaleReplicaSetAndRecordEvent`: no call when the size is already right. */
  scale(rs: T, to: number): boolean {
    const from = this.spec(rs);
    if (from === to) return false;
    this.step.scales.push({ rs, from, to });
    this.replicas.set(rs, to);
    return true;
  }

  scales(rss: readonly T[]): ReplicaSetScale[] {
    return rss.map((rs) => ({ spec: { replicas: this.spec(rs) } }));
  }

  /** getNewReplicaSet: the new ReplicaSet is created with NewRSNewReplicas over the old ones and itself at 0. */
  create(d: Deployment, oldRSs: readonly T[]): ReplicasResult {
    const zero = { spec: { replicas: 0 } };
    const r = newRSNewReplicas(d, [...this.scales(oldRSs), zero], zero);
    if (r.ok) this.step.create = r.replicas;
    return r;
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function rollingUpdateStep<T extends RolloutReplicaSet>(d: Deployment, newRS: T | null, oldRSs: readonly T[]): RolloutStep<T> {
  const v = new SyncView<T>();
  const replicas = specReplicas(d);
  let newReplicas: number;
  let newAvailable: number;
  if (newRS === null) {
    const r = v.create(d, oldRSs);
    if (!r.ok) return { ...v.step, error: r.error };
    newReplicas = r.replicas;
    newAvailable = 0;
  } else {
    newReplicas = newRS.replicas;
    newAvailable = newRS.available;
    // reconcileNewReplicaSet. (A ReplicaSet created in this sync already has what NewRSNewReplicas gives.)
    if (newReplicas !== replicas) {
      let target = replicas;
      if (newReplicas < replicas) {
        const self = { spec: { replicas: newReplicas } };
        const r = newRSNewReplicas(d, [...v.scales(oldRSs), self], self);
        if (!r.ok) return { ...v.step, error: r.error };
        target = r.replicas;
      }
      if (v.scale(newRS, target)) return v.step;
    }
  }

  // reconcileOldReplicaSets, over the old ReplicaSets that still have replicas (FilterActiveReplicaSets).
  const olds = oldRSs.filter((rs) => v.spec(rs) > 0).sort(byCreation);
  if (olds.length === 0) return v.step;
  const allPods = sum(olds.map((rs) => v.spec(rs))) + newReplicas;
  const minAvailable = replicas - maxUnavailable(d);
  const maxScaledDown = allPods - minAvailable - (newReplicas - newAvailable);
  if (maxScaledDown <= 0) return v.step;

  // cleanupUnhealthyReplicas: replicas that are not available can go without lowering availability.
  let cleaned = 0;
  for (const rs of olds) {
    if (cleaned >= maxScaledDown) break;
    const current = v.spec(rs);
    if (current === 0 || current === rs.available) continue;
    const n = Math.min(maxScaledDown - cleaned, current - rs.available);
    // More available pods than spec.replicas (a scale-down the ReplicaSet controller has not carried out yet):
    // upstream refuses the "scale down" to a larger size and gives up on old ReplicaSets for this sync.
    if (n < 0) return v.step;
    v.scale(rs, current - n);
    cleaned += n;
  }

  // scaleDownOldReplicaSetsForRollingUpdate: availability counted as listed (the cleanup changed specs only).
  const available = sum(olds.map((rs) => rs.available)) + newAvailable;
  if (available <= minAvailable) return v.step;
  const wanted = available - minAvailable;
  let scaledDown = 0;
  for (const rs of olds) {
    if (scaledDown >= wanted) break;
    const current = v.spec(rs);
    if (current === 0) continue;
    const n = Math.min(current, wanted - scaledDown);
    v.scale(rs, current - n);
    scaledDown += n;
  }
  return v.step;
}

/**
 * `rolloutRecreate`. `oldPodsExist`: some pod of an old ReplicaSet still exists, terminating or not
 * (`oldPodsRunning` reads the pod list, not just status.replicas).
 */
export function recreateStep<T extends RolloutReplicaSet>(d: Deployment, newRS: T | null, oldRSs: readonly T[], oldPodsExist: boolean): RolloutStep<T> {
  const v = new SyncView<T>();
  let scaledDown = false;
  for (const rs of oldRSs.filter((x) => x.replicas > 0).sort(byCreation)) scaledDown = v.scale(rs, 0) || scaledDown;
  if (scaledDown) return v.step;
  if (sum(oldRSs.map((rs) => rs.statusReplicas)) > 0 || oldPodsExist) return { ...v.step, waitingForOldPods: true };
  const replicas = specReplicas(d);
  if (newRS === null) {
    const r = v.create(d, oldRSs);
    return r.ok ? v.step : { ...v.step, error: r.error };
  }
  v.scale(newRS, replicas);
  return v.step;
}

/**
 * `DeploymentComplete` on the status the listers give (every replica updated, available, no old pod counted):
 * the status calculateStatus would write now, so the rule itself stays in deploymentComplete.
 */
export function rolloutComplete<T extends RolloutReplicaSet>(d: Deployment, newRS: T | null, oldRSs: readonly T[]): boolean {
  if (newRS === null) return false;
  const all = [newRS, ...oldRSs];
  return deploymentComplete(d, {
    updatedReplicas: newRS.statusReplicas,
    replicas: sum(all.map((rs) => rs.statusReplicas)),
    availableReplicas: sum(all.map((rs) => rs.available)),
    observedGeneration: d.metadata.generation,
  });
}
