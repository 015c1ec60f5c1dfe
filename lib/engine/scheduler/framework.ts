/**
 * Plugin extension points, modelled on pkg/scheduler/framework/interface.go.
 *
 * Differences of form (not of meaning) for speed:
 *  - nodes are addressed by their index in `ClusterState` (sorted by name), not by NodeInfo pointers;
 *  - Filter returns `null` for Success so that a passing node allocates nothing;
 *  - Score works on a batch: the framework passes the feasible node indexes once and the plugin fills an
 *    output array of raw scores (one monomorphic loop per plugin instead of one virtual call per node);
 *  - Filter may also be batched (`filterMany`), compacting the passing nodes in place and reporting the
 *    rejected ones in order, which keeps the "first failing plugin per node" semantics of the framework;
 *  - per-cycle state lives on the plugin instance (one scheduling cycle at a time, single-threaded) instead
 *    of a CycleState map.
 */
import type { ClusterState } from "./cluster-state";
import type { PodInfo } from "./pod-info";
import { SKIP, type Status } from "./status";

/** Gives plugins the current cluster state (swapped when the node set is rebuilt). */
export interface Handle {
  state: ClusterState;
}

export interface Plugin {
  readonly name: string;
}

export interface PreFilterOutcome {
  /** null = Success. Skip = this plugin's Filter is not run for the pod. A rejection fails the pod outright. */
  status: Status | null;
  /** PreFilterResult.NodeNames: the only nodes worth filtering (null = all). */
  nodeNames?: ReadonlySet<string> | null;
}

/** Shared outcomes (read-only; PreFilter runs once per pod, so these avoid an allocation per plugin per pod). */
export const PREFILTER_OK: PreFilterOutcome = Object.freeze({ status: null });
export const PREFILTER_SKIP: PreFilterOutcome = Object.freeze({ status: SKIP });

export interface PreFilterPlugin extends Plugin {
  preFilter(pod: PodInfo): PreFilterOutcome;
}

export interface RejectSink {
  reject(node: number, status: Status): void;
}

export interface FilterPlugin extends Plugin {
  filter(pod: PodInfo, node: number): Status | null;
  /**
   * Batched Filter over nodes[0..n): keeps passing nodes (in order) at the front of `nodes`, reports each
   * rejected node to `sink` in order, returns how many passed.
   */
  filterMany?(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number;
}

export interface PreScorePlugin extends Plugin {
  /** null = Success; Skip = this plugin's Score is not run (contributes 0). */
  preScore(pod: PodInfo, nodes: Int32Array, n: number): Status | null;
}

export interface ScorePlugin extends Plugin {
  /** Raw scores of nodes[0..n) into out[0..n). */
  score(pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void;
  /**
   * Optional shortcut: true when, for this pod, every node would get the same normalized score (so the plugin
   * cannot change the ranking and the framework may skip it when not tracing).
   */
  scoreIsUniform?(pod: PodInfo): boolean;
  /** NormalizeScore over the same nodes, in place. */
  normalizeScore?(pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void;
}

export type AnyPlugin = Plugin & Partial<PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin>;

export function isPreFilter(p: AnyPlugin): p is AnyPlugin & PreFilterPlugin {
  return typeof p.preFilter === "function";
}
export function isFilter(p: AnyPlugin): p is AnyPlugin & FilterPlugin {
  return typeof p.filter === "function";
}
export function isPreScore(p: AnyPlugin): p is AnyPlugin & PreScorePlugin {
  return typeof p.preScore === "function";
}
export function isScore(p: AnyPlugin): p is AnyPlugin & ScorePlugin {
  return typeof p.score === "function";
}

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/** helper.DefaultNormalizeScore: scale to [0, maxPriority] by the max; `reverse` flips (fewer is better). */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, out: Float64Array, n: number): void {
  let maxCount = 0;
  for (let j = 0; j < n; j++) if (out[j]! > maxCount) maxCount = out[j]!;
  if (maxCount === 0) {
    if (reverse) for (let j = 0; j < n; j++) out[j] = maxPriority;
    return;
  }
  for (let j = 0; j < n; j++) {
    let s = Math.trunc((maxPriority * out[j]!) / maxCount);
    if (reverse) s = maxPriority - s;
    out[j] = s;
  }
}
