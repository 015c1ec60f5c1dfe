/** Every replica of a Deployment can only land in one zone: losing that zone takes it down entirely. */
import type { LintRule } from "../types";
import { deploymentsOf, eligibleZones, workloadPath } from "../workloads";
import { SOURCES } from "./sources";

export const singleZoneReplicas: LintRule = {
  id: "replicas-single-zone",
  title: "Replicas all in one zone",
  check({ topology }) {
    return deploymentsOf(topology)
      .filter((d) => d.replicas > 0)
      .flatMap((d) => {
        const zones = eligibleZones(topology, d);
        if (zones.size !== 1) return [];
        const zone = [...zones][0]!;
        return [{
          rule: this.id, id: `${this.id}/${d.cluster}/${d.namespace}/${d.name}`, severity: "error" as const,
          object: d.object, cluster: d.cluster, path: workloadPath(d, ".spec.template.spec"),
          message: `All ${d.replicas} replicas of ${d.name} can only run in ${zone}: add node pools in other zones that match its nodeSelector, or relax the nodeSelector.`,
          reason: `An outage of ${zone} leaves no node the scheduler may use, so every replacement pod stays Pending until the zone returns.`,
          source: SOURCES.multiZone,
        }];
      });
  },
};
