/**
 * Pod predicates the controllers share, with the semantics of `pkg/api/v1/pod/util.go` and
 * `pkg/controller/controller_utils.go` (IsPodReady, IsPodAvailable, IsPodActive, restart counts).
 * Times are epoch milliseconds; a missing timestamp is Go's zero time (undefined here).
 */
import type { Pod, PodCondition } from "../../k8s/types";
import { parseTimeMs } from "../util/time";

/** The first condition of type Ready, as `GetPodReadyCondition` finds it. */
export function getPodReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

/** `IsPodReady`: the Ready condition exists and is True. */
export function isPodReady(pod: Pod): boolean {
  return getPodReadyCondition(pod)?.status === "True";
}

/**
 * `IsPodAvailable`: ready, and ready for at least minReadySeconds. A Ready condition without
 * lastTransitionTime never satisfies a positive minReadySeconds. Current upstream compares
 * `lastTransitionTime + minReadySeconds <= now` (older releases used a strict `<`).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = parseTimeMs(getPodReadyCondition(pod)?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/** `IsPodActive`: not Succeeded/Failed and not being deleted; only active pods count as replicas. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** `IsPodTerminating`-style check used by the endpoints logic. */
export function isPodTerminating(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/** `podReadyTime`: lastTransitionTime of a True Ready condition, else the zero time (undefined). */
export function podReadyTimeMs(pod: Pod): number | undefined {
  if (!isPodReady(pod)) return undefined;
  // Upstream scans for the first Ready=True condition (not merely the first Ready condition).
  const c = pod.status?.conditions?.find((x) => x.type === "Ready" && x.status === "True");
  return parseTimeMs(c?.lastTransitionTime);
}

/** `maxContainerRestarts`: the maximum restartCount over the pod's container statuses, at least 0. */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** The controller ownerReference (`metav1.GetControllerOf`). */
export function getControllerOf(obj: { metadata: { ownerReferences?: Pod["metadata"]["ownerReferences"] } }) {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}
