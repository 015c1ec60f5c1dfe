/**
 * Not enough N-1 capacity: after losing one zone, the surviving zones cannot hold every pod's requests. From the
 * sweep when given (pods left Pending for lack of resources, or a shortfall), else requests vs the allocatable
 * of the surviving zones' node pools.
 */
import type { LintFinding, LintRule } from "../types";
import { amount, deploymentsOf, podRequests } from "../workloads";
import { SOURCES } from "./sources";

const INSUFFICIENT = /Insufficient (cpu|memory)/;

const cpuText = (m: number) => `${(m / 1000).toFixed(m % 1000 ? 1 : 0)} CPU`;
const memText = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;

export const n1Capacity: LintRule = {
  id: "n1-capacity",
  title: "Not enough capacity to lose a zone (N-1)",
  check({ topology, sweep }) {
    const out: LintFinding[] = [];
    if (sweep) {
      for (const s of sweep) for (const sc of s.scenarios) {
        if (sc.scenario.kind !== "zone") continue;
        const cpu = sc.shortfall.reduce((a, z) => a + z.extraCpuMilli, 0);
        const mem = sc.shortfall.reduce((a, z) => a + z.extraMemoryBytes, 0);
        const starved = sc.deployments.filter((d) => Object.keys(d.pendingReasons).some((r) => INSUFFICIENT.test(r)));
        if (cpu === 0 && mem === 0 && starved.length === 0) continue;
        out.push({
          rule: this.id, id: `${this.id}/${s.cluster}/${sc.scenario.id}`, severity: "error",
          object: `Cluster ${s.cluster}`, cluster: s.cluster,
          message: `After losing ${sc.scenario.name}, add about ${cpuText(cpu)} and ${memText(mem)} of allocatable across the surviving zones${starved.length ? ` (${starved.map((d) => d.name).join(", ")} left pods Pending: Insufficient resources)` : ""}.`,
          reason: "Replacement pods need the same requests on the surviving nodes; the scheduler leaves them Pending when no node has room.",
          source: SOURCES.multiZone,
        });
      }
      return out;
    }
    for (const c of topology.clusters) {
      let cpu = 0;
      let mem = 0;
      for (const d of deploymentsOf(topology)) if (d.cluster === c.name) {
        const r = podRequests(d.pod);
        cpu += r.cpu * d.replicas;
        mem += r.memory * d.replicas;
      }
      for (const zone of c.zones) {
        let aCpu = 0;
        let aMem = 0;
        for (const p of topology.nodePools) if (p.cluster === c.name) {
          const n = p.zones.filter((z) => z !== zone && c.zones.includes(z)).length * p.nodesPerZone;
          aCpu += n * amount("cpu", (p.allocatable as Record<string, string | number>).cpu ?? 0);
          aMem += n * amount("memory", (p.allocatable as Record<string, string | number>).memory ?? 0);
        }
        if (cpu <= aCpu && mem <= aMem) continue;
        out.push({
          rule: this.id, id: `${this.id}/${c.name}/zone/${zone}`, severity: "error",
          object: `Cluster ${c.name}`, cluster: c.name,
          message: `Without ${zone} the other zones have ${cpuText(aCpu)} / ${memText(aMem)} allocatable for ${cpuText(cpu)} / ${memText(mem)} of requests: add nodes.`,
          reason: "Replacement pods need the same requests on the surviving nodes; the scheduler leaves them Pending when no node has room.",
          source: SOURCES.multiZone,
        });
      }
    }
    return out;
  },
};
