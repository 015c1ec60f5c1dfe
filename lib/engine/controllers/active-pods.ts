/**
 * The orderings a ReplicaSet uses to choose which pods to delete first (`pkg/controller/controller_utils.go`):
 * `ActivePods` (plain) and `ActivePodsWithRanks` (the scale-down comparator, with pod-deletion-cost, ranks
 * and the LogarithmicScaleDown buckets). `less(a, b)` = true means `a` is deleted before `b`.
 */
import type { Pod } from "../../k8s/types";
import { ANNOTATION_POD_DELETION_COST } from "../../k8s/types";
import { parseTimeMs } from "../util/time";
import { isPodReady, maxContainerRestarts, podReadyTimeMs } from "./pod-util";

/** Feature gates that change the comparator; both default to on (GA in current Kubernetes). */
export interface ControllerFeatureGates {
  PodDeletionCost?: boolean;
  LogarithmicScaleDown?: boolean;
}

// Go's map lookup returns 0 for a missing phase, so an unset phase sorts like Pending.
const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
function phaseOrdinal(pod: Pod): number {
  return PHASE_ORDINAL[pod.status?.phase ?? ""] ?? 0;
}

/** `afterOrZero`: is t1 after t2, where a zero (missing) time counts as after any real time. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** Go's `math.Log2` (frexp-based, exact on powers of two), so bucket edges fall where Go's do. */
export function goLog2(x: number): number {
  let exp = Math.floor(Math.log2(x)) + 1;
  let frac = x / 2 ** exp;
  if (frac >= 1) {
    frac /= 2;
    exp++;
  } else if (frac < 0.5) {
    frac *= 2;
    exp--;
  }
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * (1 / Math.LN2) + exp;
}

/**
 * `logarithmicRankDiff`: compare floor(log2(age)) of two timestamps, ages in NANOSECONDS as Go's
 * time.Duration; a non-positive age gets bucket -1.
 */
export function logarithmicRankDiff(t1Ms: number, t2Ms: number, nowMs: number): number {
  const bucket = (tMs: number): number => {
    const ns = (nowMs - tMs) * 1e6;
    return ns > 0 ? Math.trunc(goLog2(ns)) : -1;
  };
  return bucket(t1Ms) - bucket(t2Ms);
}

/** `GetDeletionCostFromPodAnnotations`: int32 value, 0 when unset or invalid ("+1", "007" are invalid). */
export function podDeletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[ANNOTATION_POD_DELETION_COST];
  if (v === undefined) return 0;
  if (!/^(-\d+|0|[1-9]\d*)$/.test(v)) return 0;
  const n = Number.parseInt(v, 10);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function creationMs(pod: Pod): number | undefined {
  return parseTimeMs(pod.metadata.creationTimestamp);
}

/** Steps 1-3 shared by both comparators; undefined when they do not decide. */
function lessByPlacementPhaseReadiness(a: Pod, b: Pod): boolean | undefined {
  const na = a.spec.nodeName ?? "";
  const nb = b.spec.nodeName ?? "";
  if (na !== nb && (na === "" || nb === "")) return na === "";
  const pa = phaseOrdinal(a);
  const pb = phaseOrdinal(b);
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  if (ra !== isPodReady(b)) return !ra;
  return undefined;
}

/** `ActivePods.Less`: unassigned, phase, not ready, ready more recently, more restarts, created more recently. */
export function activePodsLess(a: Pod, b: Pod): boolean {
  const early = lessByPlacementPhaseReadiness(a, b);
  if (early !== undefined) return early;
  if (isPodReady(a) && isPodReady(b)) {
    const ta = podReadyTimeMs(a);
    const tb = podReadyTimeMs(b);
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  const ra = maxContainerRestarts(a);
  const rb = maxContainerRestarts(b);
  if (ra !== rb) return ra > rb;
  const ca = creationMs(a);
  const cb = creationMs(b);
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

export interface RankedPods {
  pods: Pod[];
  ranks: number[];
  /** Epoch ms; undefined = Go's zero time (disables the logarithmic comparison). */
  nowMs: number | undefined;
  featureGates?: ControllerFeatureGates;
}

/** Compares two timestamps for steps 6 and 8 of ActivePodsWithRanks; undefined when equal. */
function lessByTime(
  ta: number | undefined,
  tb: number | undefined,
  uidA: string,
  uidB: string,
  nowMs: number | undefined,
  logarithmic: boolean,
): boolean | undefined {
  if (ta === tb) return undefined;
  if (!logarithmic || nowMs === undefined || ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logarithmicRankDiff(ta, tb, nowMs);
  // Same bucket: UIDs break the tie so the choice is random-ish yet stable across syncs.
  if (diff === 0) return uidA < uidB;
  return diff < 0;
}

/** `ActivePodsWithRanks.Less(i, j)`: true when pods[i] should be deleted before pods[j]. */
export function activePodsWithRanksLess(s: RankedPods, i: number, j: number): boolean {
  const a = s.pods[i]!;
  const b = s.pods[j]!;
  const gates = s.featureGates ?? {};
  const logarithmic = gates.LogarithmicScaleDown !== false;
  const early = lessByPlacementPhaseReadiness(a, b);
  if (early !== undefined) return early;
  if (gates.PodDeletionCost !== false) {
    const ca = podDeletionCost(a);
    const cb = podDeletionCost(b);
    if (ca !== cb) return ca < cb;
  }
  const rankA = s.ranks[i] ?? 0;
  const rankB = s.ranks[j] ?? 0;
  if (rankA !== rankB) return rankA > rankB;
  const uidA = a.metadata.uid ?? "";
  const uidB = b.metadata.uid ?? "";
  if (isPodReady(a) && isPodReady(b)) {
    const r = lessByTime(podReadyTimeMs(a), podReadyTimeMs(b), uidA, uidB, s.nowMs, logarithmic);
    if (r !== undefined) return r;
  }
  const ra = maxContainerRestarts(a);
  const rb = maxContainerRestarts(b);
  if (ra !== rb) return ra > rb;
  const r = lessByTime(creationMs(a), creationMs(b), uidA, uidB, s.nowMs, logarithmic);
  return r ?? false;
}
