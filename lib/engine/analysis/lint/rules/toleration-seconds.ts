/**
 * The admission plugin gives every pod not-ready / unreachable NoExecute tolerations of 300 s: pods of a dead
 * node are evicted only ~5m50s after its last heartbeat. Shorter tolerationSeconds recover sooner.
 */
import type { Toleration } from "../../../../k8s/types";
import { effectiveClusterSettings } from "../../../../schemas/topology";
import type { LintRule } from "../types";
import { deploymentsOf, workloadPath } from "../workloads";
import { SOURCES } from "./sources";

const KEYS = ["node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"];

function ownSeconds(tols: Toleration[]): number | null {
  const s = tols
    .filter((t) => (t.effect === "NoExecute" || !t.effect) && (t.key === undefined || KEYS.includes(t.key)))
    .map((t) => t.tolerationSeconds ?? Infinity);
  return s.length ? Math.min(...s) : null;
}

export const tolerationSeconds: LintRule = {
  id: "slow-eviction-tolerations",
  title: "Slow recovery: default 300 s tolerations",
  check({ topology }) {
    return deploymentsOf(topology).flatMap((d) => {
      const cluster = topology.clusters.find((c) => c.name === d.cluster);
      if (!cluster || d.replicas === 0) return [];
      const seconds = ownSeconds((d.pod.tolerations ?? []) as Toleration[]) ?? effectiveClusterSettings(cluster).defaultTolerationSeconds;
      if (seconds < 120) return [];
      const shown = Number.isFinite(seconds) ? `${seconds} s` : "forever";
      return [{
        rule: this.id, id: `${this.id}/${d.cluster}/${d.namespace}/${d.name}`, severity: "info" as const,
        object: d.object, cluster: d.cluster, path: workloadPath(d, ".spec.template.spec.tolerations"),
        message: `${d.name} tolerates an unreachable node for ${shown}: add NoExecute tolerations for node.kubernetes.io/unreachable and not-ready with tolerationSeconds: 30–60 to be rescheduled minutes sooner.`,
        reason: "Pods on a dead node are evicted only when their toleration expires (DefaultTolerationSeconds adds 300 s), after the 50 s grace period: about 5m50s before replacements are even created.",
        source: SOURCES.taintEvictions,
      }];
    });
  },
};
