/**
 * ReplicaSet controller helpers (`pkg/controller/replicaset/replica_set.go`): which pods to delete on
 * scale-down, and the slow-start batching of pod creations.
 */
import type { Pod } from "../../k8s/types";
import { goSort } from "../util/go-sort";
import { activePodsLess, activePodsWithRanksLess, type ControllerFeatureGates } from "./active-pods";
import { isPodActive } from "./pod-util";

/** Upstream caps creations/deletions per sync at BurstReplicas. */
export const BURST_REPLICAS = 500;
/** `SlowStartInitialBatchSize`. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** A pod's rank = number of active related pods (pods of every ReplicaSet of the same owner) on its node. */
export function ranksByRelatedPodsOnSameNode(podsToRank: Pod[], relatedPods: Pod[]): number[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec.nodeName ?? "";
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  return podsToRank.map((p) => onNode.get(p.spec.nodeName ?? "") ?? 0);
}

/**
 * `getPodsToDelete`: when all pods go, they are returned in the given order, unsorted; otherwise they are
 * sorted by ActivePodsWithRanks and the first `diff` are taken.
 */
export function getPodsToDelete(
  filteredPods: Pod[],
  relatedPods: Pod[],
  diff: number,
  nowMs: number | undefined,
  featureGates?: ControllerFeatureGates,
): Pod[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, Math.max(diff, 0));
  const ranks = ranksByRelatedPodsOnSameNode(filteredPods, relatedPods);
  const state = { pods: filteredPods, ranks, nowMs, featureGates };
  const order = goSort(
    filteredPods.map((_, i) => i),
    (i, j) => activePodsWithRanksLess(state, i, j),
  );
  return order.slice(0, Math.max(diff, 0)).map((i) => filteredPods[i]!);
}

/** `sort.Sort(controller.ActivePods(pods))` on a copy: delete-first first. */
export function sortActivePods(pods: Pod[]): Pod[] {
  return goSort(pods.slice(), activePodsLess);
}

export interface SlowStartResult {
  successes: number;
  /** The first error of the failing batch, if any (a value, not an exception). */
  error: string | undefined;
}

/**
 * `slowStartBatch`: call `fn` `count` times in batches of 1, 2, 4, ... (starting at `initialBatchSize`);
 * a whole batch is always issued (upstream runs it concurrently), and after a batch with any failure the
 * remaining batches are skipped. `fn` returns an error message or undefined on success.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => string | undefined,
): SlowStartResult {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let firstError: string | undefined;
    let failures = 0;
    for (let k = 0; k < batch; k++) {
      const err = fn();
      if (err !== undefined) {
        failures++;
        firstError ??= err;
      }
    }
    successes += batch - failures;
    if (failures > 0) return { successes, error: firstError };
    remaining -= batch;
  }
  return { successes, error: undefined };
}
