/**
 * What a scheduling cycle returns (ScheduleResult, trace records), how many feasible nodes it looks for
 * (numFeasibleNodesToFind) and the FitError text (framework/types.go). Shared by the generic path
 * (schedule-one.ts) and the fast path (fast-cycle.ts).
 */
import type { Status } from "./status";

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

/** numFeasibleNodesToFind: how many feasible nodes to look for before scoring. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore ?? 0;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

export interface NodeRejection {
  node: string;
  plugin: string;
  code: Status["code"];
  reasons: readonly string[];
}

export interface NodeScoreTrace {
  node: string;
  total: number;
  /** Normalized (0-100) score per plugin, before weights. */
  byPlugin: Record<string, number>;
}

export interface ScheduleTrace {
  numAllNodes: number;
  numNodesToFind: number;
  startIndex: number;
  /** Plugins whose PreFilter / PreScore returned Skip. */
  skipped: string[];
  rejections: NodeRejection[];
  feasible: string[];
  weights: Record<string, number>;
  /** The best-scored nodes (up to 10), best first. */
  topNodes: NodeScoreTrace[];
}

export interface ScheduleResult {
  nodeName: string | null;
  /** kube-scheduler's message: "0/6 nodes are available: ..." when unschedulable. */
  message: string;
  /** "Scheduled", "Unschedulable" (FitError) or "Error". */
  outcome: "Scheduled" | "Unschedulable" | "Error";
  /** Plugins that rejected at least one node (Diagnosis.UnschedulablePlugins); empty when scheduled. */
  unschedulablePlugins: string[];
  evaluatedNodes: number;
  feasibleNodes: number;
  trace?: ScheduleTrace;
}

/** FitError.Error(): reasons histogram "N reason", sorted as strings, or the PreFilter message. */
export function fitErrorMessage(numAllNodes: number, statuses: readonly Status[], absentCount: number, absentStatus: Status | null, preFilterMsg: string | null): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg !== null) return `${msg} ${preFilterMsg}.`;
  const hist = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) hist.set(r, (hist.get(r) ?? 0) + 1);
  if (absentStatus && absentCount > 0) for (const r of absentStatus.reasons) hist.set(r, (hist.get(r) ?? 0) + absentCount);
  const parts = [...hist].map(([r, c]) => `${c} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (parts.length > 0) msg += ` ${parts.join(", ")}.`;
  return msg;
}
