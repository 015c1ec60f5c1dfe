/**
 * The Deployment controller's rollout in the console (pkg/controller/deployment: deployment_controller.go
 * syncDeployment, rolling.go, recreate.go), one sync at a time between the other controllers, on the virtual clock:
 *
 * - RollingUpdate: the new ReplicaSet grows by what maxSurge leaves room for (NewRSNewReplicas); old ones shrink
 *   only as far as keeps replicas − maxUnavailable pods available, counting the new ReplicaSet's unavailable pods
 *   against it (reconcileOldReplicaSets), unhealthy old replicas first (cleanupUnhealthyReplicas); so the rollout
 *   advances as new pods turn Ready (and stay so for minReadySeconds);
 * - Recreate: every old ReplicaSet to 0, then, once no old pod is left (terminating ones count), the new one at
 *   full size;
 * - a change of replicas alone is a scaling event, shared out proportionally (deployment-scale.ts);
 * - a finished rollout keeps revisionHistoryLimit old ReplicaSets (cleanupDeployment).
 */
import type { Deployment, Pod, ReplicaSet } from "../../k8s/types";
import { deploymentComplete, maxUnavailable, newRSNewReplicas, specReplicas } from "../controllers/deployment-util";
import {
  activePodsOf, byCreation, countsOf, fresh, replicaSetsAndSyncRevision, revisionOf, scaleReplicaSetAndRecordEvent, sortByCreation, syncContext, type SyncContext,
} from "./deployment-replicasets";
import { isScalingEvent, scale } from "./deployment-scale";
import { conditionOf, newCondition, REASON_FOUND_NEW_RS, REASON_NEW_RS_CREATED, setCondition, statusOf, syncDeploymentStatus, syncRolloutStatus } from "./deployment-status";
import { keyOf, type ConsoleStore } from "./store";

const activeOnly = (rss: ReplicaSet[]) => rss.filter((rs) => specReplicas(rs) > 0);
const sum = (rss: ReplicaSet[], f: (rs: ReplicaSet) => number) => rss.reduce((n, rs) => n + f(rs), 0);

/** getAllReplicaSetsAndSyncRevision with the Progressing condition a created or first-found new ReplicaSet brings. */
function replicaSets(ctx: SyncContext, create: boolean) {
  const hasDeadline = ctx.d.spec.progressDeadlineSeconds !== undefined;
  const r = replicaSetsAndSyncRevision(ctx, create, (rs) => {
    if (hasDeadline) ctx.d = { ...ctx.d, status: setCondition(statusOf(ctx.d), newCondition(ctx.s, "Progressing", "True", REASON_NEW_RS_CREATED, `Created new replica set "${rs.metadata.name}"`)) };
  });
  if (r.newRS && hasDeadline && !conditionOf(statusOf(ctx.d), "Progressing")) {
    ctx.d = { ...ctx.d, status: setCondition(statusOf(ctx.d), newCondition(ctx.s, "Progressing", "True", REASON_FOUND_NEW_RS, `Found new replica set "${r.newRS.metadata.name}"`)) };
  }
  return r;
}

function reconcileNewReplicaSet(ctx: SyncContext, newRS: ReplicaSet, oldRSs: ReplicaSet[]): boolean {
  const replicas = specReplicas(ctx.d);
  const cur = specReplicas(newRS);
  if (cur === replicas) return false;
  if (cur > replicas) return scaleReplicaSetAndRecordEvent(ctx, newRS, replicas);
  const r = newRSNewReplicas(ctx.d, [...oldRSs.map((rs) => fresh(ctx, rs)), newRS], newRS);
  return r.ok && scaleReplicaSetAndRecordEvent(ctx, newRS, r.replicas);
}

/** cleanupUnhealthyReplicas: old replicas that are not available go first; they cost no availability. */
function cleanupUnhealthyReplicas(ctx: SyncContext, oldRSs: ReplicaSet[], maxCleanup: number): number {
  let total = 0;
  for (const rs0 of sortByCreation(oldRSs)) {
    if (total >= maxCleanup) break;
    const rs = fresh(ctx, rs0);
    const spec = specReplicas(rs);
    const available = countsOf(ctx, rs).availableReplicas;
    if (spec === 0 || spec === available) continue;
    const down = Math.min(maxCleanup - total, spec - available);
    scaleReplicaSetAndRecordEvent(ctx, rs, spec - down);
    total += down;
  }
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: oldest first, down to replicas − maxUnavailable available pods. */
function scaleDownOldForRollingUpdate(ctx: SyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = specReplicas(ctx.d) - maxUnavailable(ctx.d);
  const available = sum(allRSs.map((rs) => fresh(ctx, rs)), (rs) => countsOf(ctx, rs).availableReplicas);
  if (available <= minAvailable) return 0;
  const want = available - minAvailable;
  let total = 0;
  for (const rs0 of sortByCreation(oldRSs)) {
    if (total >= want) break;
    const rs = fresh(ctx, rs0);
    if (specReplicas(rs) === 0) continue;
    const down = Math.min(specReplicas(rs), want - total);
    scaleReplicaSetAndRecordEvent(ctx, rs, specReplicas(rs) - down);
    total += down;
  }
  return total;
}

function reconcileOldReplicaSets(ctx: SyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (sum(oldRSs, specReplicas) === 0) return false;
  const minAvailable = specReplicas(ctx.d) - maxUnavailable(ctx.d);
  const newUnavailable = specReplicas(newRS) - countsOf(ctx, newRS).availableReplicas;
  // The new ReplicaSet's unavailable pods count against the budget, so a crash-looping rollout cannot eat the old pods.
  const maxScaledDown = sum(allRSs, specReplicas) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(ctx, oldRSs, maxScaledDown);
  const scaled = scaleDownOldForRollingUpdate(ctx, [...oldRSs, newRS], oldRSs);
  return cleaned + scaled > 0;
}

/** cleanupDeployment: beyond revisionHistoryLimit, the oldest revisions with no replicas left are deleted. */
function cleanupDeployment(ctx: SyncContext, oldRSs: ReplicaSet[]): void {
  const limit = ctx.d.spec.revisionHistoryLimit;
  if (limit === undefined) return;
  const cleanable = oldRSs.map((rs) => fresh(ctx, rs)).filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  const byRevision = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  for (const rs of byRevision.slice(0, diff)) {
    if (specReplicas(rs) !== 0 || activePodsOf(ctx, rs).length !== 0) continue;
    ctx.s.replicaSets.delete(keyOf(rs));
    ctx.changed = true;
  }
}

function rolloutRolling(ctx: SyncContext): void {
  const { newRS, oldRSs } = replicaSets(ctx, true);
  const allRSs = [...oldRSs, newRS!];
  if (reconcileNewReplicaSet(ctx, fresh(ctx, newRS!), oldRSs)) return syncRolloutStatus(ctx, newRS);
  if (reconcileOldReplicaSets(ctx, allRSs.map((rs) => fresh(ctx, rs)), activeOnly(oldRSs.map((rs) => fresh(ctx, rs))), fresh(ctx, newRS!))) return syncRolloutStatus(ctx, newRS);
  if (deploymentComplete(ctx.d, statusOf(ctx.d))) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, newRS);
}

/** oldPodsRunning: an old ReplicaSet still has pods, terminating ones included (they may still serve). */
function oldPodsRunning(ctx: SyncContext, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  if (sum(oldRSs, (rs) => activePodsOf(ctx, rs).length) > 0) return true;
  return oldRSs.some((rs) => rs.metadata.uid !== newRS?.metadata.uid &&
    (ctx.podsByOwner.get(rs.metadata.uid ?? "") ?? []).some((p) => p.status?.phase !== "Failed" && p.status?.phase !== "Succeeded" && p.status?.phase !== "Unknown"));
}

function rolloutRecreate(ctx: SyncContext): void {
  let { newRS, oldRSs } = replicaSets(ctx, false);
  let scaledDown = false;
  for (const rs of activeOnly(oldRSs)) scaledDown = scaleReplicaSetAndRecordEvent(ctx, rs, 0) || scaledDown;
  if (scaledDown) return syncRolloutStatus(ctx, newRS);
  // Recreate never runs old and new pods together: wait until the old ones are gone, however long they take.
  if (oldPodsRunning(ctx, newRS, oldRSs)) return syncRolloutStatus(ctx, newRS);
  if (!newRS) ({ newRS, oldRSs } = replicaSets(ctx, true));
  if (scaleReplicaSetAndRecordEvent(ctx, newRS!, specReplicas(ctx.d))) return syncRolloutStatus(ctx, newRS);
  if (deploymentComplete(ctx.d, statusOf(ctx.d))) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, newRS);
}

/** One sync of one Deployment; true when it changed anything (ReplicaSets or the Deployment's status). */
export function syncDeployment(s: ConsoleStore, d: Deployment, podsByOwner?: Map<string, Pod[]>): boolean {
  const ctx = syncContext(s, d, podsByOwner);
  const { newRS, oldRSs } = replicaSets(ctx, false);
  if (d.spec.paused || isScalingEvent(ctx, newRS, oldRSs)) {
    scale(ctx, newRS, oldRSs);
    syncDeploymentStatus(ctx, newRS);
  } else if (d.spec.strategy?.type === "Recreate") rolloutRecreate(ctx);
  else rolloutRolling(ctx);
  if (ctx.d !== d && JSON.stringify(ctx.d) !== JSON.stringify(d)) {
    s.deployments.set(keyOf(d), ctx.d);
    ctx.changed = true;
  }
  return ctx.changed;
}
