/**
 * kubectl drain's pod selection and output lines (staging/src/k8s.io/kubectl/pkg/drain: filters.go, drain.go,
 * cmd/drain), as pure functions over Pod objects, shared by the simulation's drain (drain.ts) and the console's.
 *
 * `podsForDeletion` is GetPodsForDeletion: every pod bound to the node goes through the filters in upstream order
 * (skip-deleted, DaemonSet, mirror, local storage, unreplicated); the first filter that keeps a pod decides, and
 * otherwise the LAST filter's status wins (so a replicated pod with an emptyDir loses its local-storage warning,
 * as upstream's TODO says). Errors block the whole drain; warnings are printed once as "Warning: ...".
 */
import type { Pod } from "../../../k8s/types";
import { getControllerOf } from "../pod-util";

/** kubectl drain's pause after a 429 ("will retry after 5s"). */
export const DRAIN_RETRY_MS = 5_000;
export const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

export const DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
export const DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods";
export const LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)";
export const LOCAL_STORAGE_WARNING = "deleting Pods with local storage";
export const UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)";
export const UNMANAGED_WARNING = "deleting Pods that declare no controller";

export interface DrainFlags {
  /** --ignore-daemonsets */
  ignoreDaemonSets: boolean;
  /** --force: evict pods that declare no controller (and orphaned DaemonSet pods). */
  force: boolean;
  /** --delete-emptydir-data */
  deleteEmptyDirData: boolean;
  /** Does the DaemonSet a pod names exist? (kubectl GETs it; unknown means yes.) */
  daemonSetExists?: (namespace: string, name: string) => boolean;
}

export type PodDeleteReason = "Okay" | "Skip" | "Warning" | "Error";

export interface PodDeleteStatus {
  delete: boolean;
  reason: PodDeleteReason;
  message?: string;
}

export interface PodDelete {
  pod: Pod;
  status: PodDeleteStatus;
}

const okay: PodDeleteStatus = { delete: true, reason: "Okay" };
const finished = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
const nsName = (p: Pod) => `${p.metadata.namespace || "default"}/${p.metadata.name ?? ""}`;

function daemonSetFilter(p: Pod, f: DrainFlags): PodDeleteStatus {
  const ref = getControllerOf(p);
  if (!ref || ref.kind !== "DaemonSet" || finished(p)) return okay;
  if (f.daemonSetExists && !f.daemonSetExists(p.metadata.namespace || "default", ref.name)) {
    const notFound = `daemonsets.apps "${ref.name}" not found`;
    return f.force ? { delete: true, reason: "Warning", message: notFound } : { delete: false, reason: "Error", message: notFound };
  }
  return f.ignoreDaemonSets ? { delete: false, reason: "Warning", message: DAEMONSET_WARNING } : { delete: false, reason: "Error", message: DAEMONSET_FATAL };
}

function mirrorPodFilter(p: Pod): PodDeleteStatus {
  return p.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? { delete: false, reason: "Skip" } : okay;
}

function localStorageFilter(p: Pod, f: DrainFlags): PodDeleteStatus {
  const volumes = (p.spec as { volumes?: { emptyDir?: unknown }[] }).volumes ?? [];
  if (!volumes.some((v) => v.emptyDir !== undefined && v.emptyDir !== null) || finished(p)) return okay;
  return f.deleteEmptyDirData ? { delete: true, reason: "Warning", message: LOCAL_STORAGE_WARNING } : { delete: false, reason: "Error", message: LOCAL_STORAGE_FATAL };
}

function unreplicatedFilter(p: Pod, f: DrainFlags): PodDeleteStatus {
  if (finished(p) || getControllerOf(p)) return okay;
  return f.force ? { delete: true, reason: "Warning", message: UNMANAGED_WARNING } : { delete: false, reason: "Error", message: UNMANAGED_FATAL };
}

/** GetPodsForDeletion over the node's pods, in the order given (the API lists them by namespace/name). */
export function podsForDeletion(pods: readonly Pod[], f: DrainFlags): PodDelete[] {
  const filters = [daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter];
  return pods.map((pod) => {
    // skipDeletedFilter only acts with --skip-wait-for-delete-timeout, which neither drain offers.
    let status = okay;
    for (const filter of filters) {
      status = filter(pod, f);
      if (!status.delete) break;
    }
    return { pod, status };
  });
}

/** The pods the drain evicts. */
export const deletablePods = (list: readonly PodDelete[]): Pod[] => list.filter((x) => x.status.delete).map((x) => x.pod);

function grouped(list: readonly PodDelete[], reason: PodDeleteReason): [string, string[]][] {
  const by = new Map<string, string[]>();
  for (const x of list) {
    if (x.status.reason !== reason) continue;
    const msg = x.status.message || "unexpected error";
    by.set(msg, [...(by.get(msg) ?? []), nsName(x.pod)]);
  }
  // Go iterates a map here (random order); sorted by message for a deterministic line.
  return [...by.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** `PodDeleteList.Warnings()`: "msg: ns/pod, ns/pod; msg2: ..." ("" when none). */
export function drainWarnings(list: readonly PodDelete[]): string {
  return grouped(list, "Warning").map(([m, ps]) => `${m}: ${ps.join(", ")}`).join("; ");
}

/** `PodDeleteList.errors()`: one message per reason, "cannot delete ..." prefixed unless it already is. */
export function drainErrors(list: readonly PodDelete[]): string[] {
  return grouped(list, "Error").map(([m, ps]) => `${m.toLowerCase().startsWith("cannot delete") ? m : `cannot delete ${m}`}: ${ps.join(", ")}`);
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several in brackets (duplicates once). */
export function aggregateError(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

export const evictingLine = (p: Pod) => `evicting pod ${nsName(p)}`;
export const evictedLine = (p: Pod) => `pod/${p.metadata.name ?? ""} evicted`;
/** kubectl's line for a refused eviction: a 429 is retried, anything else ends that pod's eviction. */
export function evictionErrorLine(p: Pod, message: string, retried: boolean): string {
  const head = `error when evicting pods/"${p.metadata.name ?? ""}" -n "${p.metadata.namespace || "default"}"`;
  return retried ? `${head} (will retry after ${DRAIN_RETRY_MS / 1000}s): ${message}` : `${head}: ${message}`;
}
