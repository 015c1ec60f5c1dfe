/**
 * kubernetes/kubernetes#123019: a DoNotSchedule zone spread with the default nodeTaintsPolicy Ignore keeps the
 * dead zone as a domain with 0 matching pods (its nodes are tainted, not removed), so the global minimum is 0
 * and every replacement would raise the skew of a surviving zone: all replacements stay Pending.
 */
import type { TopologySpreadConstraint } from "../../../../k8s/types";
import type { LintRule } from "../types";
import { deploymentsOf, eligibleZones, REGION_KEY, sweepRowsFor, workloadPath, ZONE_KEY } from "../workloads";
import { SOURCES } from "./sources";

export const spreadIgnoreTrap: LintRule = {
  id: "spread-ignore-trap",
  title: "DoNotSchedule + nodeTaintsPolicy Ignore: replacements Pending after a zone outage",
  check({ topology, sweep }) {
    return deploymentsOf(topology).flatMap((d) => {
      const tscs = (d.pod.topologySpreadConstraints ?? []) as TopologySpreadConstraint[];
      const i = tscs.findIndex((t) => (t.topologyKey === ZONE_KEY || t.topologyKey === REGION_KEY)
        && t.whenUnsatisfiable === "DoNotSchedule" && (t.nodeTaintsPolicy ?? "Ignore") === "Ignore");
      if (i < 0 || eligibleZones(topology, d).size < 2) return [];
      const key = tscs[i]!.topologyKey === ZONE_KEY ? "zone" : "region";
      const stuck = sweepRowsFor(sweep, d).filter((r) => r.result.pendingAtEnd > 0 && r.scenario.kind === key);
      const seen = stuck.length > 0
        ? ` The sweep confirms it: after losing ${stuck[0]!.scenario.name}, ${stuck[0]!.result.pendingAtEnd} pod(s) were still Pending at the end.`
        : "";
      return [{
        rule: this.id, id: `${this.id}/${d.cluster}/${d.namespace}/${d.name}`, severity: stuck.length > 0 ? "error" as const : "warning" as const,
        object: d.object, cluster: d.cluster, path: workloadPath(d, `.spec.template.spec.topologySpreadConstraints[${i}]`),
        message: `${d.name}: set nodeTaintsPolicy: Honor on the ${key} spread constraint (or whenUnsatisfiable: ScheduleAnyway), or its replacement pods stay Pending after a ${key} outage.${seen}`,
        reason: `With nodeTaintsPolicy: Ignore (the default) the failed ${key}'s tainted nodes still count as a spread domain with 0 pods, so placing a replacement anywhere else exceeds maxSkew; DoNotSchedule then filters out every node.`,
        source: SOURCES.issue123019,
      }];
    });
  },
};
