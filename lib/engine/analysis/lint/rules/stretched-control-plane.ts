/** etcd members in several regions: every write waits for a cross-region round trip. */
import type { LintFinding, LintRule } from "../types";
import { SOURCES } from "./sources";

export const stretchedControlPlane: LintRule = {
  id: "control-plane-stretched",
  title: "Control plane stretched across regions",
  check({ topology }) {
    const zoneRegion = new Map<string, string>();
    for (const r of topology.regions) for (const z of r.zones) zoneRegion.set(z, r.id);
    const out: LintFinding[] = [];
    topology.clusters.forEach((c, i) => {
      const regions = new Set(Object.entries(c.controlPlane.etcd as Record<string, number>).filter(([, n]) => n > 0).map(([z]) => zoneRegion.get(z) ?? z));
      if (regions.size < 2) return;
      out.push({
        rule: this.id, id: `${this.id}/${c.name}`, severity: "warning",
        object: `Cluster ${c.name}`, cluster: c.name, path: `clusters[${i}].controlPlane.etcd`,
        message: `etcd spans ${[...regions].join(", ")}: prefer one control plane per region (a cluster per region behind global traffic), or raise --heartbeat-interval / --election-timeout to the WAN round trip.`,
        reason: "Each etcd commit waits for a quorum round trip; across regions that adds tens of ms to every API write and risks leader elections on WAN jitter.",
        source: SOURCES.etcdTuning,
      });
    });
    return out;
  },
};
