/**
 * Where the pods are, per (zone, Deployment), at t = 0 (the steady cluster, before the failure) and at the end
 * of the horizon: the outage topology panel shows where replacements went and that nothing moved back. Counted
 * from the simulated store through `simulate`'s read-only `observe` hook, twice per cluster (O(pods) each),
 * never per step; stored as counts, not one row per pod.
 */
import type { ClusterState } from "../engine/sim/state";

export interface ZoneDeploymentPods {
  cluster: string;
  zone: string;
  /** namespace/name of the owning Deployment; "" for pods no simulated Deployment owns. */
  deployment: string;
  /** Pods bound to a node of the zone at t = 0 (not terminating). */
  before: number;
  /** Pods bound to a node of the zone at the horizon, not terminating. */
  after: number;
  /** Of `after`, those Ready at the horizon (pods left on nodes that are down are not). */
  ready: number;
  /** Pods bound to a node of the zone at the horizon with a deletion requested: evicted from an unreachable
   *  node, they stay Terminating until the node is back. */
  terminating: number;
}

type Counts = Map<string, { before: number; after: number; ready: number; terminating: number }>;

/** `beforeMs`: for "before", the state just before that time (t = 0): pods created at t = 0 or later (a rollout's
 *  first new pods) are left out, and pods whose deletion was requested then (its first old pods) still count. */
function count(state: ClusterState, into: Counts, field: "before" | "end", beforeMs = Number.POSITIVE_INFINITY): void {
  for (const node of state.nodes) {
    for (const podIdx of node.pods) {
      const p = state.pods[podIdx]!;
      if (p.removed) continue;
      const rs = p.rsIdx >= 0 ? state.replicaSets[p.rsIdx] : undefined;
      const d = rs && rs.deploymentIdx >= 0 ? state.deployments[rs.deploymentIdx] : undefined;
      const key = `${node.zone}\u0000${d ? `${d.namespace}/${d.name}` : ""}`;
      let c = into.get(key);
      if (!c) into.set(key, (c = { before: 0, after: 0, ready: 0, terminating: 0 }));
      if (field === "before") {
        if (p.createdMs < beforeMs && (p.deletionMs === null || p.deletionMs >= beforeMs)) c.before++;
      } else if (p.deletionMs === null) {
        c.after++;
        if (p.ready) c.ready++;
      } else c.terminating++;
    }
  }
}

/**
 * An `observe` hook for `simulate` on a scenario shifted by a warm-up of `warmupMs`: it counts the pods at the
 * first change point at or after the warm-up (t = 0: the failure itself leaves every pod bound where it was; the
 * pods a rollout at t = 0 creates or deletes are told apart by their times), and `finish` counts them again on
 * the store as the simulation left it (the horizon).
 */
export function zonePodCounter(cluster: string, warmupMs: number) {
  const counts: Counts = new Map();
  let state: ClusterState | null = null;
  let counted = false;
  return {
    observe(s: ClusterState, atMs: number): void {
      state = s;
      if (!counted && atMs >= warmupMs) {
        counted = true;
        count(s, counts, "before", warmupMs);
      }
    },
    finish(): ZoneDeploymentPods[] {
      if (!state) return [];
      if (!counted) count(state, counts, "before", warmupMs);
      count(state, counts, "end");
      const out: ZoneDeploymentPods[] = [];
      for (const [key, c] of counts) {
        const [zone, deployment] = key.split("\u0000") as [string, string];
        out.push({ cluster, zone, deployment, ...c });
      }
      return out.sort((a, b) => a.zone.localeCompare(b.zone) || a.deployment.localeCompare(b.deployment));
    },
  };
}
