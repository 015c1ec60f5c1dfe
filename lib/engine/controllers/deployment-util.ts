/**
 * Rolling-update arithmetic of the Deployment controller (`pkg/controller/deployment/util/deployment_util.go`):
 * ResolveFenceposts, MaxUnavailable, NewRSNewReplicas, DeploymentComplete, plus apps/v1 defaulting.
 * Functions take the objects as the API gives them; invalid IntOrStrings come back as `{ok:false}`.
 */
import type { Deployment, IntOrString } from "../../k8s/types";
import { getScaledValueFromIntOrPercent, valueOrDefault } from "./intstr";

export type Fenceposts = { ok: true; surge: number; unavailable: number } | { ok: false; error: string };

/**
 * Surge rounds up and unavailable rounds down against `desired`; unset values count as 0; when both
 * resolve to 0, unavailable becomes 1 so a rollout can always make progress (surge may be blocked by quota).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | null | undefined,
  maxUnavailable: IntOrString | null | undefined,
  desired: number,
): Fenceposts {
  const surge = getScaledValueFromIntOrPercent(valueOrDefault(maxSurge, 0), desired, true);
  if (!surge.ok) return surge;
  const unavailable = getScaledValueFromIntOrPercent(valueOrDefault(maxUnavailable, 0), desired, false);
  if (!unavailable.ok) return unavailable;
  if (surge.value === 0 && unavailable.value === 0) return { ok: true, surge: 0, unavailable: 1 };
  return { ok: true, surge: surge.value, unavailable: unavailable.value };
}

/** `spec.replicas` with the API default (1) for an unset value. */
export function specReplicas(obj: { spec?: { replicas?: number | null } }): number {
  const r = obj.spec?.replicas;
  return r === undefined || r === null ? 1 : r;
}

export function isRollingUpdate(d: Deployment): boolean {
  return d.spec.strategy?.type === "RollingUpdate";
}

/** 0 for Recreate or zero replicas; else the resolved maxUnavailable clamped to replicas. */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || specReplicas(d) === 0) return 0;
  const replicas = specReplicas(d);
  const ru = d.spec.strategy?.rollingUpdate;
  const f = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  // Upstream ignores the error here ("caught by validation") and uses the zero value.
  const unavailable = f.ok ? f.unavailable : 0;
  return Math.min(unavailable, replicas);
}

/** `MaxSurge`: 0 for non rolling updates; else the resolved surge. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const f = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, specReplicas(d));
  return f.ok ? f.surge : 0;
}

export type ReplicasResult = { ok: true; replicas: number } | { ok: false; error: string };

/** What the arithmetic reads of a ReplicaSet: its spec.replicas (a ReplicaSet object fits, so does a store record's view). */
export type ReplicaSetScale = { spec?: { replicas?: number | null } };

/**
 * The size the Deployment controller gives the new ReplicaSet in one step: RollingUpdate grows it by at most
 * what maxSurge leaves room for over the sum of all ReplicaSets' spec.replicas, never beyond the
 * Deployment's replicas; Recreate jumps straight to replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSetScale[], newRS: ReplicaSetScale): ReplicasResult {
  const replicas = specReplicas(d);
  const newReplicas = specReplicas(newRS);
  switch (d.spec.strategy?.type) {
    case "RollingUpdate": {
      const surge = getScaledValueFromIntOrPercent(d.spec.strategy.rollingUpdate?.maxSurge, replicas, true);
      if (!surge.ok) return surge;
      const current = allRSs.reduce((sum, rs) => sum + specReplicas(rs), 0);
      const maxTotal = replicas + surge.value;
      if (current >= maxTotal) return { ok: true, replicas: newReplicas };
      const scaleUp = Math.min(maxTotal - current, replicas - newReplicas);
      return { ok: true, replicas: newReplicas + scaleUp };
    }
    case "Recreate":
      return { ok: true, replicas };
    default:
      return { ok: false, error: `deployment type ${d.spec.strategy?.type ?? ""} isn't supported` };
  }
}

/** A rollout is complete when every replica is updated and available and the status is current. */
export function deploymentComplete(d: Deployment, status = d.status ?? {}): boolean {
  const replicas = specReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/**
 * apps/v1 defaulting (SetDefaults_Deployment): replicas 1, strategy RollingUpdate with 25%/25%,
 * revisionHistoryLimit 10, progressDeadlineSeconds 600, minReadySeconds 0. Returns a new object.
 */
export function withDeploymentDefaults(d: Deployment): Deployment {
  const strategyType = d.spec.strategy?.type ?? "RollingUpdate";
  const strategy =
    strategyType === "RollingUpdate"
      ? {
          ...d.spec.strategy,
          type: strategyType,
          rollingUpdate: {
            maxSurge: d.spec.strategy?.rollingUpdate?.maxSurge ?? "25%",
            maxUnavailable: d.spec.strategy?.rollingUpdate?.maxUnavailable ?? "25%",
          },
        }
      : { ...d.spec.strategy, type: strategyType };
  return {
    ...d,
    spec: {
      ...d.spec,
      replicas: d.spec.replicas ?? 1,
      strategy,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      revisionHistoryLimit: d.spec.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: d.spec.progressDeadlineSeconds ?? 600,
    },
  };
}
