/** etcd needs a majority of members: a zone holding too many of them takes the control plane down with it. */
import type { LintFinding, LintRule } from "../types";
import { SOURCES } from "./sources";

export const etcdQuorum: LintRule = {
  id: "etcd-quorum-zone",
  title: "etcd quorum lost when one zone fails",
  check({ topology }) {
    const out: LintFinding[] = [];
    topology.clusters.forEach((c, i) => {
      const etcd = c.controlPlane.etcd as Record<string, number>;
      const total = Object.values(etcd).reduce((a, b) => a + b, 0);
      if (total === 0) return;
      const quorum = Math.floor(total / 2) + 1;
      for (const [zone, n] of Object.entries(etcd)) {
        if (n === 0 || total - n >= quorum) continue;
        out.push({
          rule: this.id, id: `${this.id}/${c.name}/${zone}`, severity: "error",
          object: `Cluster ${c.name}`, cluster: c.name, path: `clusters[${i}].controlPlane.etcd`,
          message: `Losing ${zone} removes ${n} of ${total} etcd members (quorum ${quorum}): spread members so no zone holds ${total - quorum + 1} or more, e.g. one per zone across 3 zones.`,
          reason: "Without a quorum etcd accepts no writes: the API server cannot record evictions or new pods, so nothing is rescheduled until the zone returns.",
          source: SOURCES.etcdTolerance,
        });
      }
    });
    return out;
  },
};
