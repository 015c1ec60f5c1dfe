/**
 * ScheduleAnyway is a score, not a filter: the scheduler may still pile replicas into one zone (resources,
 * affinity and image locality weigh against it). Flag zone spreads whose worst tolerated pile-up would leave
 * fewer replicas than the PDB (or half the replicas without one) when that zone fails.
 */
import type { TopologySpreadConstraint } from "../../../../k8s/types";
import type { LintRule } from "../types";
import { coveredBy, deploymentsOf, eligibleZones, pdbsOf, workloadPath, ZONE_KEY } from "../workloads";
import { SOURCES } from "./sources";

function minAvailableOf(v: number | string | undefined, replicas: number): number | null {
  if (v === undefined) return null;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) / 100) * replicas) : Number(v);
}

export const scheduleAnywaySkew: LintRule = {
  id: "schedule-anyway-skew",
  title: "ScheduleAnyway may leave too much in one zone",
  check({ topology }) {
    const deployments = deploymentsOf(topology);
    const pdbs = pdbsOf(topology);
    return deployments.flatMap((d) => {
      const tscs = (d.pod.topologySpreadConstraints ?? []) as TopologySpreadConstraint[];
      const zoneTscs = tscs.filter((t) => t.topologyKey === ZONE_KEY);
      if (zoneTscs.length === 0 || zoneTscs.some((t) => t.whenUnsatisfiable === "DoNotSchedule")) return [];
      const zones = eligibleZones(topology, d).size;
      if (zones < 2 || d.replicas < 2) return [];
      const maxSkew = Math.max(...zoneTscs.map((t) => t.maxSkew));
      const worstInOneZone = Math.min(d.replicas, Math.ceil(d.replicas / zones) + maxSkew);
      const left = d.replicas - worstInOneZone;
      const pdb = pdbs.find((p) => coveredBy(p, [d]).length > 0);
      const needed = (pdb && minAvailableOf(pdb.pdb.spec?.minAvailable, d.replicas)) ?? Math.ceil(d.replicas / 2);
      if (left >= needed) return [];
      return [{
        rule: this.id, id: `${this.id}/${d.cluster}/${d.namespace}/${d.name}`, severity: "warning" as const,
        object: d.object, cluster: d.cluster, path: workloadPath(d, ".spec.template.spec.topologySpreadConstraints"),
        message: `${d.name}: the zone spread is ScheduleAnyway (maxSkew ${maxSkew}); up to ${worstInOneZone} of ${d.replicas} replicas may share a zone, leaving ${left} if it fails (want ≥ ${needed}). Use whenUnsatisfiable: DoNotSchedule with nodeTaintsPolicy: Honor, or more replicas.`,
        reason: "ScheduleAnyway only ranks nodes (PodTopologySpread Score); other scores can outweigh it, so the spread is not guaranteed.",
        source: SOURCES.spread,
      }];
    });
  },
};
