/**
 * The Deployment's status as the Deployment controller writes it (pkg/controller/deployment: sync.go
 * calculateStatus, progress.go syncRolloutStatus): replica counts summed over its ReplicaSets, the Available
 * condition (at least replicas − maxUnavailable available), and the Progressing condition with its progress
 * deadline: any progress (more updated, ready or available replicas, fewer old ones) refreshes lastUpdateTime;
 * none for progressDeadlineSeconds (600 s by default) turns it False, ProgressDeadlineExceeded, which is what
 * `kubectl rollout status` reports as "exceeded its progress deadline".
 */
import type { DeploymentStatus, ReplicaSet } from "../../k8s/types";
import { deploymentComplete, maxUnavailable, specReplicas } from "../controllers/deployment-util";
import { parseTimeMs } from "../util/time";
import { canonicalJson } from "../util/hash";
import { activePodsOf, countsOf, fresh, ownedReplicaSets, type SyncContext } from "./deployment-replicasets";
import { CONSOLE_EPOCH_MS, type ConsoleStore } from "./store";

export interface DeploymentCondition {
  type: "Available" | "Progressing";
  status: "True" | "False" | "Unknown";
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export type ConsoleDeploymentStatus = DeploymentStatus & { conditions?: DeploymentCondition[] };

export const REASON_NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
export const REASON_TIMED_OUT = "ProgressDeadlineExceeded";
export const REASON_RS_UPDATED = "ReplicaSetUpdated";
export const REASON_NEW_RS_CREATED = "NewReplicaSetCreated";
export const REASON_FOUND_NEW_RS = "FoundNewReplicaSet";

export const statusOf = (d: { status?: DeploymentStatus }): ConsoleDeploymentStatus => (d.status ?? {}) as ConsoleDeploymentStatus;
export const conditionOf = (st: ConsoleDeploymentStatus, type: DeploymentCondition["type"]) => st.conditions?.find((c) => c.type === type);

export function newCondition(s: ConsoleStore, type: DeploymentCondition["type"], status: DeploymentCondition["status"], reason: string, message: string): DeploymentCondition {
  const t = s.timestamp();
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** SetDeploymentCondition: same status and reason → unchanged; same status → lastTransitionTime kept. */
export function setCondition(st: ConsoleDeploymentStatus, c: DeploymentCondition): ConsoleDeploymentStatus {
  const cur = conditionOf(st, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return st;
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  return { ...st, conditions: [...(st.conditions ?? []).filter((x) => x.type !== c.type), next] };
}

/** calculateStatus (with the Available condition). */
function calculateStatus(ctx: SyncContext, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): ConsoleDeploymentStatus {
  const d = ctx.d;
  let available = 0;
  let ready = 0;
  let total = 0;
  let actual = 0;
  for (const rs of allRSs) {
    const c = countsOf(ctx, rs);
    available += c.availableReplicas;
    ready += c.readyReplicas;
    actual += c.replicas;
    total += specReplicas(rs);
  }
  let st: ConsoleDeploymentStatus = {
    ...statusOf(d), observedGeneration: d.metadata.generation ?? 1, replicas: actual, updatedReplicas: newRS ? activePodsOf(ctx, newRS).length : 0,
    readyReplicas: ready, availableReplicas: available, unavailableReplicas: Math.max(0, total - available),
  };
  st = available >= specReplicas(d) - maxUnavailable(d)
    ? setCondition(st, newCondition(ctx.s, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."))
    : setCondition(st, newCondition(ctx.s, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."));
  return st;
}

function write(ctx: SyncContext, st: ConsoleDeploymentStatus): void {
  if (canonicalJson(st) === canonicalJson(ctx.d.status ?? {})) return;
  ctx.d = { ...ctx.d, status: st };
}

const current = (ctx: SyncContext) => ownedReplicaSets(ctx.s, ctx.d);
const newOf = (ctx: SyncContext, newRS: ReplicaSet | undefined) => (newRS ? fresh(ctx, newRS) : undefined);

/** syncDeploymentStatus (scaling events, paused Deployments): counts and Available only. */
export function syncDeploymentStatus(ctx: SyncContext, newRS: ReplicaSet | undefined): void {
  write(ctx, calculateStatus(ctx, current(ctx), newOf(ctx, newRS)));
}

/** DeploymentProgressing: anything moved forward since the status the controller last wrote. */
function progressed(old: ConsoleDeploymentStatus, now: ConsoleDeploymentStatus): boolean {
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (now.replicas ?? 0) - (now.updatedReplicas ?? 0);
  return (now.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (now.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (now.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

const deadlineWakeups = new WeakMap<ConsoleStore, Set<number>>();

/** syncRolloutStatus: counts, Available, and Progressing estimated against the progress deadline. */
export function syncRolloutStatus(ctx: SyncContext, newRS0: ReplicaSet | undefined): void {
  const d = ctx.d;
  const newRS = newOf(ctx, newRS0);
  let st = calculateStatus(ctx, current(ctx), newRS);
  const deadline = d.spec.progressDeadlineSeconds;
  const old = statusOf(d);
  const cur = conditionOf(old, "Progressing");
  const isComplete = st.replicas === st.updatedReplicas && cur?.reason === REASON_NEW_RS_AVAILABLE;
  const who = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  if (deadline !== undefined && !isComplete) {
    if (deploymentComplete(d, st)) {
      st = setCondition(st, newCondition(ctx.s, "Progressing", "True", REASON_NEW_RS_AVAILABLE, `${who} has successfully progressed.`));
    } else if (progressed(old, st)) {
      // The same reason with a fresh lastUpdateTime: the Progressing condition is updated on every progress.
      const c = newCondition(ctx.s, "Progressing", "True", REASON_RS_UPDATED, `${who} is progressing.`);
      if (cur?.status === "True") c.lastTransitionTime = cur.lastTransitionTime;
      st = { ...st, conditions: [...(st.conditions ?? []).filter((x) => x.type !== "Progressing"), c] };
    } else if (timedOut(ctx.s, deadline, conditionOf(st, "Progressing"))) {
      st = setCondition(st, newCondition(ctx.s, "Progressing", "False", REASON_TIMED_OUT, `${who} has timed out progressing.`));
    }
  }
  if (deadline === undefined) st = { ...st, conditions: (st.conditions ?? []).filter((x) => x.type !== "Progressing") };
  write(ctx, st);
  requeueStuck(ctx, st);
}

/** DeploymentTimedOut: no progress reported for longer than the deadline (strictly). */
function timedOut(s: ConsoleStore, deadlineSeconds: number, c: DeploymentCondition | undefined): boolean {
  if (!c || c.reason === REASON_NEW_RS_AVAILABLE) return false;
  if (c.reason === REASON_TIMED_OUT) return true;
  const from = parseTimeMs(c.lastUpdateTime);
  return from !== undefined && from + deadlineSeconds * 1000 < CONSOLE_EPOCH_MS + s.nowMs;
}

/** requeueStuckDeployment: look again one second after the deadline would pass without progress. */
function requeueStuck(ctx: SyncContext, st: ConsoleDeploymentStatus): void {
  const c = conditionOf(st, "Progressing");
  const deadline = ctx.d.spec.progressDeadlineSeconds;
  if (deadline === undefined || !c || c.reason === REASON_TIMED_OUT || deploymentComplete(ctx.d, st)) return;
  const from = parseTimeMs(c.lastUpdateTime);
  if (from === undefined) return;
  const at = Math.max(ctx.s.nowMs, from - CONSOLE_EPOCH_MS + deadline * 1000 + 1000);
  let set = deadlineWakeups.get(ctx.s);
  if (!set) deadlineWakeups.set(ctx.s, (set = new Set()));
  if (set.has(at)) return;
  set.add(at);
  ctx.s.at(at, () => undefined);
}
