/**
 * What a placement run stores. `summary` is what lists and reports need (per Deployment counts, spread per
 * zone, skew per constraint, the loss figures, and the pending messages grouped); `result` is the compact
 * picture (pods counted per node and Deployment, pending pods one by one up to a cap). Pure.
 */
import type { DeploymentSummary, TopologyPlacement } from "./placement-core";

/** Pending pods kept one by one in a stored result; the rest are counted (the messages are grouped anyway). */
export const MAX_STORED_PENDING = 1000;

export interface PendingGroup {
  message: string;
  count: number;
  /** `cluster/namespace/name` of the Deployments (or owners) whose pods got this message. */
  owners: string[];
}

export interface PlacementSummary {
  seed: number;
  percentageOfNodesToScore?: number;
  totals: TopologyPlacement["totals"];
  deployments: DeploymentSummary[];
  pending: PendingGroup[];
  warnings: string[];
}

export function groupPending(p: TopologyPlacement): PendingGroup[] {
  const groups = new Map<string, PendingGroup>();
  for (const pod of p.pending) {
    const g = groups.get(pod.message) ?? { message: pod.message, count: 0, owners: [] };
    g.count++;
    const owner = `${pod.cluster}/${pod.namespace}/${pod.owner?.replace(/^Deployment\//, "") ?? pod.name}`;
    if (!g.owners.includes(owner)) g.owners.push(owner);
    groups.set(pod.message, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function summarizePlacement(p: TopologyPlacement): PlacementSummary {
  return {
    seed: p.seed,
    ...(p.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: p.percentageOfNodesToScore } : {}),
    totals: p.totals,
    deployments: p.deployments,
    pending: groupPending(p),
    warnings: p.warnings,
  };
}

/** The stored result: the placement with its pending list capped (`pendingTruncated` says how many were cut). */
export function compactPlacement(p: TopologyPlacement): TopologyPlacement & { pendingTruncated: number } {
  return { ...p, pending: p.pending.slice(0, MAX_STORED_PENDING), pendingTruncated: Math.max(0, p.pending.length - MAX_STORED_PENDING) };
}
