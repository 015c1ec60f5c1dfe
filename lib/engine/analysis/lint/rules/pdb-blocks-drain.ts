/** A PDB that allows 0 disruptions blocks every voluntary eviction: node drains and upgrades hang. */
import type { LintRule } from "../types";
import { coveredBy, deploymentsOf, pdbsOf } from "../workloads";
import { SOURCES } from "./sources";

const isZero = (v: number | string | undefined) => v === 0 || v === "0" || v === "0%";
const isAll = (v: number | string | undefined, replicas: number) => v === "100%" || (typeof v === "number" && v >= replicas);

export const pdbBlocksDrain: LintRule = {
  id: "pdb-blocks-drain",
  title: "PDB blocks every drain",
  check({ topology }) {
    const deployments = deploymentsOf(topology);
    return pdbsOf(topology).flatMap((p) => {
      const spec = p.pdb.spec ?? {};
      const covered = coveredBy(p, deployments);
      const blocked = isZero(spec.maxUnavailable) ? covered : covered.filter((d) => isAll(spec.minAvailable, d.replicas));
      return blocked.map((d) => ({
        rule: this.id, id: `${this.id}/${p.cluster}/${p.namespace}/${p.name}/${d.name}`, severity: "warning" as const,
        object: `PodDisruptionBudget ${p.namespace}/${p.name}`, cluster: p.cluster, path: `workloads[${p.index}].manifest.spec`,
        message: `${p.name} allows 0 disruptions of ${d.name} (${d.replicas} replicas): use maxUnavailable: 1, or minAvailable below ${d.replicas}.`,
        reason: "The Eviction API refuses every eviction that would break the budget, so `kubectl drain`, node upgrades and the cluster autoscaler wait forever on these pods.",
        source: SOURCES.pdb,
      }));
    });
  },
};
