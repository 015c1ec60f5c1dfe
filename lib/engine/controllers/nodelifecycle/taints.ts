/**
 * The taints the node lifecycle controller manages (`UnreachableTaintTemplate`, `NotReadyTaintTemplate` and their
 * NoSchedule twins from doNoScheduleTaintingPass), and immutable helpers to add, remove and swap them.
 */
import type { Taint, TaintEffect } from "../../../k8s/types";
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from "../../../k8s/types";

export function taintExists(taints: readonly Taint[] | undefined, key: string, effect: TaintEffect): boolean {
  // A plain loop: the node monitor asks this for every NotReady node on every 5 s tick.
  if (taints === undefined) return false;
  for (let i = 0; i < taints.length; i++) if (taints[i]!.key === key && taints[i]!.effect === effect) return true;
  return false;
}

export function withoutTaint(taints: readonly Taint[] | undefined, key: string, effect: TaintEffect): Taint[] {
  return (taints ?? []).filter((t) => !(t.key === key && t.effect === effect));
}

export function withTaint(taints: readonly Taint[] | undefined, taint: Taint): Taint[] {
  if (taintExists(taints, taint.key, taint.effect)) return [...(taints ?? [])];
  return [...(taints ?? []), taint];
}

export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === "NoExecute");
}

/** The controller's taint key for a Ready condition that is not True (False → not-ready, Unknown → unreachable). */
export function taintKeyFor(status: "False" | "Unknown"): string {
  return status === "False" ? TAINT_NOT_READY : TAINT_UNREACHABLE;
}

export function oppositeTaintKey(key: string): string {
  return key === TAINT_NOT_READY ? TAINT_UNREACHABLE : TAINT_NOT_READY;
}

/** A taint the node lifecycle controller owns (either effect). */
export function isControllerTaint(t: Taint): boolean {
  return t.key === TAINT_UNREACHABLE || t.key === TAINT_NOT_READY;
}
