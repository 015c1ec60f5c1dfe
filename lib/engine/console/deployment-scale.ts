/**
 * Scaling a Deployment in the middle of a rollout (pkg/controller/deployment/sync.go `scale`, and
 * util/deployment_util.go GetReplicaSetProportion): with one active ReplicaSet, it takes the new size; otherwise
 * the replicas to add or remove (up to replicas + maxSurge) are shared out in proportion to each active
 * ReplicaSet's size, largest first (newer first when scaling up, older first when scaling down), the rounding
 * leftover going to the first. A scaling event is a Deployment whose replicas differ from the desired-replicas
 * annotation of an active ReplicaSet.
 */
import type { ReplicaSet } from "../../k8s/types";
import { isRollingUpdate, maxSurge, specReplicas } from "../controllers/deployment-util";
import { ANNOTATION_DESIRED_REPLICAS, ANNOTATION_MAX_REPLICAS, countsOf, fresh, scaleReplicaSet, scaleReplicaSetAndRecordEvent, sortByCreation, type SyncContext } from "./deployment-replicasets";
import { statusOf } from "./deployment-status";

const active = (rss: (ReplicaSet | undefined)[]) => rss.filter((rs): rs is ReplicaSet => !!rs && specReplicas(rs) > 0);
const annotationInt = (rs: ReplicaSet, key: string) => {
  const v = Number.parseInt(rs.metadata.annotations?.[key] ?? "", 10);
  return Number.isFinite(v) ? v : undefined;
};

/** isScalingEvent */
export function isScalingEvent(ctx: SyncContext, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  const replicas = specReplicas(ctx.d);
  return active([...oldRSs, newRS]).some((rs) => {
    const desired = annotationInt(rs, ANNOTATION_DESIRED_REPLICAS);
    return desired !== undefined && desired !== replicas;
  });
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined with several. */
function activeOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = sortByCreation(oldRSs).reverse();
  const all = active([...newestFirst, newRS]);
  if (all.length === 0) return newRS ?? newestFirst[0];
  return all.length === 1 ? all[0] : undefined;
}

/** IsSaturated: the new ReplicaSet is at full size, annotated so, and every replica available. */
function isSaturated(ctx: SyncContext, rs: ReplicaSet | undefined): boolean {
  const replicas = specReplicas(ctx.d);
  return !!rs && specReplicas(rs) === replicas && annotationInt(rs, ANNOTATION_DESIRED_REPLICAS) === replicas && countsOf(ctx, rs).availableReplicas === replicas;
}

/** getReplicaSetFraction: the ReplicaSet's share of the change, from the size the Deployment had before. */
function fraction(ctx: SyncContext, rs: ReplicaSet): number {
  const replicas = specReplicas(ctx.d);
  if (replicas === 0) return -specReplicas(rs);
  const maxNow = replicas + maxSurge(ctx.d);
  let before = annotationInt(rs, ANNOTATION_MAX_REPLICAS);
  if (!before) {
    // No annotation (a ReplicaSet scaled by hand): the Deployment's current size stands in.
    before = statusOf(ctx.d).replicas ?? 0;
    if (before === 0) return 0;
  }
  return Math.round((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
}

function proportion(ctx: SyncContext, rs: ReplicaSet, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const f = fraction(ctx, rs);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

export function scale(ctx: SyncContext, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const replicas = specReplicas(ctx.d);
  const only = activeOrLatest(newRS, oldRSs);
  if (only) {
    scaleReplicaSetAndRecordEvent(ctx, only, replicas);
    return;
  }
  if (isSaturated(ctx, newRS)) {
    for (const old of active(oldRSs)) scaleReplicaSetAndRecordEvent(ctx, old, 0);
    return;
  }
  if (!isRollingUpdate(ctx.d)) return;
  const all = active([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(ctx.d) : 0;
  const toAdd = allowed - all.reduce((n, rs) => n + specReplicas(rs), 0);
  const older = (a: ReplicaSet, b: ReplicaSet) => sortByCreation([a, b])[0] === a;
  // ReplicaSetsBySizeNewer when adding, ReplicaSetsBySizeOlder when removing.
  all.sort((a, b) => specReplicas(b) - specReplicas(a) || (older(a, b) === (toAdd < 0) ? -1 : 1));
  const operation = toAdd > 0 ? "up" : "down";
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of all) {
    const p = toAdd !== 0 ? proportion(ctx, rs, toAdd, added) : 0;
    sizes.set(rs, specReplicas(rs) + p);
    added += p;
  }
  all.forEach((rs, i) => {
    let size = sizes.get(rs)!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    scaleReplicaSet(ctx, fresh(ctx, rs), size, operation);
  });
}
