/** One replica: any node, zone or region failure is a full outage of the Deployment until a replacement is Ready. */
import type { LintRule } from "../types";
import { deploymentsOf, workloadPath } from "../workloads";
import { SOURCES } from "./sources";

export const singleReplica: LintRule = {
  id: "single-replica",
  title: "Single-replica Deployment",
  check({ topology }) {
    return deploymentsOf(topology)
      .filter((d) => d.replicas === 1)
      .map((d) => ({
        rule: this.id, id: `${this.id}/${d.cluster}/${d.namespace}/${d.name}`, severity: "warning" as const,
        object: d.object, cluster: d.cluster, path: workloadPath(d, ".spec.replicas"),
        message: `${d.name} has 1 replica: run at least 2 (spread across zones) if it must survive a node or zone failure.`,
        reason: "When its node dies the pod is not replaced for about 50 s + 300 s (grace period + default toleration), then needs its startup time: minutes of downtime.",
        source: SOURCES.replicaset,
      }));
  },
};
