import type { Capacity } from "@/lib/viz/capacity";
import type { TopologyViewModel, ViewCluster, ViewNode, ViewPool } from "@/lib/viz/topology-model";

export const NODE_CAP: Capacity = { cpuMillis: 3920, memoryBytes: 15 * 2 ** 30, pods: 110 };

export function nodes(zone: string, n: number, prefix = "n"): ViewNode[] {
  return Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${zone}-${i}`, zone, allocatable: NODE_CAP }));
}

export function pool(name: string, perZone: Record<string, number>): ViewPool {
  const nodesByZone: Record<string, ViewNode[]> = {};
  for (const [zone, n] of Object.entries(perZone)) nodesByZone[zone] = nodes(zone, n, name);
  return { name, instanceType: "m6i.xlarge", perNode: NODE_CAP, taints: [], nodesByZone };
}

export function cluster(name: string, zones: string[], pools: ViewPool[], etcd: Record<string, number> = {}): ViewCluster {
  return { name, zones, etcd, pools };
}

/** One region, three zones, one multi-AZ cluster with `perZone` nodes in each zone. */
export function singleRegion(perZone: number): TopologyViewModel {
  const zones = ["use1-az1", "use1-az2", "use1-az3"];
  return {
    regions: [{ id: "us-east-1", label: "US East", zones }],
    clusters: [
      cluster("prod", zones, [pool("general", Object.fromEntries(zones.map((z) => [z, perZone])))], {
        "use1-az1": 1,
        "use1-az2": 1,
        "use1-az3": 1,
      }),
    ],
  };
}
