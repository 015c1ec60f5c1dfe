/**
 * How long a pod may stay on a node with NoExecute taints (pkg/controller/tainteviction/taint_eviction.go and
 * k8s.io/component-helpers GetMatchingTolerations): every NoExecute taint must be tolerated (the FIRST matching
 * toleration per taint is the one used), else the pod goes at once; the delay is the minimum tolerationSeconds
 * over the used tolerations (<= 0 means at once); tolerations without tolerationSeconds tolerate forever and do
 * not take part in the minimum, unless all used tolerations lack it (then: never evicted).
 */
import type { Taint, Toleration } from "../../../k8s/types";
import { toleratesTaint } from "../../../k8s/tolerations";

export type EvictionDelay = { kind: "now" } | { kind: "after"; ms: number } | { kind: "never" };

export function getMatchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  if (!tolerations || tolerations.length === 0) return { allTolerated: false, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((tol) => toleratesTaint(tol, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/** `getMinTolerationTime`: -1 for forever, 0 for at once, else milliseconds. */
export function getMinTolerationTimeMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return Number.isFinite(min) ? min * 1000 : -1;
}

export function evictionDelay(noExecuteTaints: readonly Taint[], tolerations: readonly Toleration[] | undefined): EvictionDelay {
  const { allTolerated, used } = getMatchingTolerations(noExecuteTaints, tolerations);
  if (!allTolerated) return { kind: "now" };
  const ms = getMinTolerationTimeMs(used);
  if (ms < 0) return { kind: "never" };
  return ms === 0 ? { kind: "now" } : { kind: "after", ms };
}
