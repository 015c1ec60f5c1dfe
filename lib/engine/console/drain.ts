/**
 * `kubectl drain NODE` in the console, with kubectl's flow and output (staging/src/k8s.io/kubectl/pkg/drain) and
 * the selection and Eviction API rules the simulation's drain uses (controllers/drain/pod-filters.ts,
 * controllers/disruption/eviction.ts):
 *
 * 1. cordon; list the node's pods (namespace/name order) and filter them (DaemonSet, mirror, emptyDir, bare pods):
 *    a filter error stops the drain before any eviction; warnings print once;
 * 2. evict every pod at once, each on its own loop: "evicting pod" before every attempt; a 429 (a budget at 0
 *    disruptions) is printed and retried 5 s later; any other refusal ends that pod's eviction with an error;
 * 3. wait for each evicted pod to be gone ("pod/NAME evicted"), then "node/NAME drained";
 * 4. the global --timeout ends whatever is still retrying or waiting, with kubectl's error lines.
 * Time is virtual: the ReplicaSet's replacements start elsewhere while the drain retries.
 */
import type { Pod } from "../../k8s/types";
import {
  aggregateError, deletablePods, drainErrors, drainWarnings, DRAIN_RETRY_MS, evictedLine, evictingLine, evictionErrorLine, podsForDeletion, type DrainFlags,
} from "../controllers/drain/pod-filters";
import { formatDuration } from "../util/duration";
import type { ConsoleCluster } from "./cluster";
import { evictionOf } from "./disruption";
import { current, deletePod } from "./kubelet";
import { setUnschedulable } from "./nodes";

type PodState = "retrying" | "awaiting" | "done" | "failed";

export function cordon(c: ConsoleCluster, node: string, on: boolean): string[] {
  const changed = setUnschedulable(c.store, node, on);
  return [`node/${node} ${changed ? "" : "already "}${on ? "cordoned" : "uncordoned"}`];
}

function failedDrain(node: string, err: string): string[] {
  return [`error: unable to drain node "${node}" due to error: ${err}, continuing command...`, "There are pending nodes to be drained:", ` ${node}`, `error: ${err}`];
}

export function drain(c: ConsoleCluster, node: string, flags: DrainFlags, timeoutMs: number): string[] {
  const s = c.store;
  const out = cordon(c, node, true);
  const byName = (a: Pod, b: Pod) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`);
  const list = podsForDeletion(s.podsOn(node).sort(byName), flags);
  const fatal = drainErrors(list);
  if (fatal.length > 0) return [...out, ...failedDrain(node, aggregateError(fatal))];
  const warnings = drainWarnings(list);
  if (warnings !== "") out.push(`Warning: ${warnings}`);

  const pods = deletablePods(list);
  const state = new Map<Pod, PodState>(pods.map((p) => [p, "retrying"]));
  const errors = new Map<Pod, string>();
  const deadline = s.nowMs + timeoutMs;
  let running = true;
  const attempt = (p: Pod) => {
    if (!running || state.get(p) !== "retrying") return;
    out.push(evictingLine(p));
    if (s.nowMs >= deadline) {
      errors.set(p, `error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}": global timeout reached: ${formatDuration(timeoutMs)}`);
      return void state.set(p, "failed");
    }
    const cur = current(s, p);
    // 404: kubectl counts the pod as done, without waiting and without printing "evicted".
    if (!cur) return void state.set(p, "done");
    const v = evictionOf(s, cur);
    if (v.allowed) {
      state.set(p, "awaiting");
      if (!cur.metadata.deletionTimestamp) deletePod(s, cur);
      return;
    }
    if (v.code === 429) {
      out.push(evictionErrorLine(p, v.message, true));
      s.at(s.nowMs + DRAIN_RETRY_MS, () => attempt(p));
      return;
    }
    // Any other refusal ends this pod's loop; kubectl reports it with the drain's errors at the end.
    errors.set(p, evictionErrorLine(p, v.message, false));
    state.set(p, "failed");
  };
  const settled = () => {
    for (const p of pods) {
      if (state.get(p) !== "awaiting" || current(s, p)) continue;
      out.push(evictedLine(p));
      state.set(p, "done");
    }
    return pods.every((p) => state.get(p) === "done" || state.get(p) === "failed");
  };
  for (const p of pods) attempt(p);
  c.advanceUntil(settled, deadline);
  running = false;
  for (const p of pods) {
    if (state.get(p) === "awaiting") errors.set(p, `error when waiting for pod "${p.metadata.name}" in namespace "${p.metadata.namespace}" to terminate: global timeout reached: ${formatDuration(timeoutMs)}`);
    else if (state.get(p) === "retrying") errors.set(p, `error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}": global timeout reached: ${formatDuration(timeoutMs)}`);
  }
  if (errors.size === 0) return [...out, `node/${node} drained`];
  const err = aggregateError(pods.filter((p) => errors.has(p)).map((p) => errors.get(p)!));
  // kubectl lists what is still to be evicted from the node, then gives up on it.
  const pending = deletablePods(podsForDeletion(s.podsOn(node).sort(byName), flags));
  if (pending.length > 0) out.push(`There are pending pods in node "${node}" when an error occurred: ${err}`, ...pending.map((p) => `pod/${p.metadata.name}`));
  return [...out, ...failedDrain(node, err)];
}
