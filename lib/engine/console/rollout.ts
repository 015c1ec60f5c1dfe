/**
 * The Deployment controller's rollout in the console (pkg/controller/deployment: deployment_controller.go
 * syncDeployment, rolling.go, recreate.go), one sync at a time between the other controllers, on the virtual clock.
 * What to create and scale is decided by ../controllers/deployment-rollout.ts, as for the simulation (RollingUpdate
 * within maxSurge / maxUnavailable, unhealthy old replicas first; Recreate: old ones to 0, the new one once no old
 * pod is left); this module feeds it the console's ReplicaSets and carries the step out on the store, and keeps
 * what only the console does:
 * - a change of replicas alone is a scaling event, shared out proportionally (deployment-scale.ts);
 * - a finished rollout keeps revisionHistoryLimit old ReplicaSets (cleanupDeployment);
 * - the status with its conditions (deployment-status.ts).
 */
import type { Deployment, Pod, ReplicaSet } from "../../k8s/types";
import { recreateStep, rollingUpdateStep, type RolloutReplicaSet } from "../controllers/deployment-rollout";
import { deploymentComplete, specReplicas } from "../controllers/deployment-util";
import { parseTimeMs } from "../util/time";
import {
  activePodsOf, byCreation, countsOf, fresh, replicaSetsAndSyncRevision, revisionOf, scaleReplicaSetAndRecordEvent, syncContext, type ReplicaSetsOfDeployment, type SyncContext,
} from "./deployment-replicasets";
import { isScalingEvent, scale } from "./deployment-scale";
import { conditionOf, newCondition, REASON_FOUND_NEW_RS, REASON_NEW_RS_CREATED, setCondition, statusOf, syncDeploymentStatus, syncRolloutStatus } from "./deployment-status";
import { keyOf, type ConsoleStore } from "./store";

/** getAllReplicaSetsAndSyncRevision with the Progressing condition a created or first-found new ReplicaSet brings. */
function replicaSets(ctx: SyncContext, createReplicas: number | null): ReplicaSetsOfDeployment {
  const hasDeadline = ctx.d.spec.progressDeadlineSeconds !== undefined;
  const r = replicaSetsAndSyncRevision(ctx, createReplicas, (rs) => {
    if (hasDeadline) ctx.d = { ...ctx.d, status: setCondition(statusOf(ctx.d), newCondition(ctx.s, "Progressing", "True", REASON_NEW_RS_CREATED, `Created new replica set "${rs.metadata.name}"`)) };
  });
  if (r.newRS && hasDeadline && !conditionOf(statusOf(ctx.d), "Progressing")) {
    ctx.d = { ...ctx.d, status: setCondition(statusOf(ctx.d), newCondition(ctx.s, "Progressing", "True", REASON_FOUND_NEW_RS, `Found new replica set "${r.newRS.metadata.name}"`)) };
  }
  return r;
}

interface View extends RolloutReplicaSet {
  readonly rs: ReplicaSet;
}

/** A ReplicaSet as the shared step reads it; its status is what the ReplicaSet controller would report from its pods. */
function viewOf(ctx: SyncContext, rs0: ReplicaSet): View {
  const rs = fresh(ctx, rs0);
  const c = countsOf(ctx, rs);
  return { rs, name: rs.metadata.name ?? "", createdMs: parseTimeMs(rs.metadata.creationTimestamp), replicas: specReplicas(rs), statusReplicas: c.replicas, available: c.availableReplicas };
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

const FINISHED = new Set(["Failed", "Succeeded", "Unknown"]);

/** oldPodsRunning's pod list: a terminating old pod still counts (it may still serve); a Failed, Succeeded or Unknown one does not. */
function oldPodsExist(ctx: SyncContext, oldRSs: ReplicaSet[]): boolean {
  return oldRSs.some((rs) => (ctx.podsByOwner.get(rs.metadata.uid ?? "") ?? []).some((p) => !FINISHED.has(p.status?.phase ?? "")));
}

/** rolloutRolling / rolloutRecreate: one step carried out on the store, then the revision cleanup once the rollout is done. */
function rollout(ctx: SyncContext, found: ReplicaSetsOfDeployment): void {
  const newView = found.newRS ? viewOf(ctx, found.newRS) : null;
  const oldViews = found.oldRSs.map((rs) => viewOf(ctx, rs));
  const step = ctx.d.spec.strategy?.type === "Recreate"
    ? recreateStep(ctx.d, newView, oldViews, oldPodsExist(ctx, found.oldRSs))
    : rollingUpdateStep(ctx.d, newView, oldViews);
  // An invalid maxSurge fails the sync before any call, as upstream's does: nothing changes, not even the status.
  if (step.error !== undefined) return;
  const { newRS, oldRSs } = step.create === null ? found : replicaSets(ctx, step.create);
  for (const s of step.scales) scaleReplicaSetAndRecordEvent(ctx, s.rs.rs, s.to);
  // A sync that scaled or waits for old pods returns before cleanupDeployment: the next one gets there.
  const ended = step.scales.length > 0 || step.waitingForOldPods === true;
  if (!ended && deploymentComplete(ctx.d, statusOf(ctx.d))) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, newRS);
}

/** One sync of one Deployment; true when it changed anything (ReplicaSets or the Deployment's status). */
export function syncDeployment(s: ConsoleStore, d: Deployment, podsByOwner?: Map<string, Pod[]>): boolean {
  const ctx = syncContext(s, d, podsByOwner);
  const found = replicaSets(ctx, null);
  if (d.spec.paused || isScalingEvent(ctx, found.newRS, found.oldRSs)) {
    scale(ctx, found.newRS, found.oldRSs);
    syncDeploymentStatus(ctx, found.newRS);
  } else rollout(ctx, found);
  if (ctx.d !== d && JSON.stringify(ctx.d) !== JSON.stringify(d)) {
    s.deployments.set(keyOf(d), ctx.d);
    ctx.changed = true;
  }
  return ctx.changed;
}
