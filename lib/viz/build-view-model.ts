/**
 * Topology document -> the drawing's view model. Nodes come from `expandNodes` when the caller has them (the
 * backend's expansion into Kubernetes Node objects, the same nodes the scheduler places pods on); otherwise they
 * are derived here from each pool's `nodesPerZone`, which is what the expansion does too.
 */
import type { Topology } from "@/lib/schemas/topology";
import type { Node } from "@/lib/k8s/types";
import { LABEL_INSTANCE_TYPE, LABEL_ZONE } from "@/lib/k8s/types";
import { expandNodes, LABEL_NODE_POOL } from "@/lib/engine/model/expand";
import { capacityFrom } from "./capacity";
import type { TopologyViewModel, ViewNode, ViewPool } from "./topology-model";

/** Tells which cluster and pool an expanded Node belongs to (label keys are the expansion's business). */
export type NodeOwner = (node: Node) => { cluster: string; pool: string } | undefined;

function taintLabel(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}

function derivedNodes(cluster: string, pool: Topology["nodePools"][number], zone: string): ViewNode[] {
  const allocatable = capacityFrom(pool.allocatable);
  const taints = (pool.taints ?? []).map(taintLabel);
  return Array.from({ length: pool.nodesPerZone }, (_, i) => ({
    name: `${cluster}-${pool.name}-${zone}-${i + 1}`,
    zone,
    instanceType: pool.instanceType,
    allocatable,
    taints,
  }));
}

function fromExpanded(node: Node): ViewNode {
  const labels = node.metadata.labels ?? {};
  return {
    name: node.metadata.name ?? "",
    zone: labels[LABEL_ZONE] ?? "",
    instanceType: labels[LABEL_INSTANCE_TYPE],
    allocatable: capacityFrom(node.status?.allocatable),
    taints: (node.spec?.taints ?? []).map(taintLabel),
  };
}

export function buildViewModel(topology: Topology, expanded?: { nodes: Node[]; ownerOf: NodeOwner }): TopologyViewModel {
  const byPool = new Map<string, Node[]>();
  if (expanded) {
    for (const n of expanded.nodes) {
      const owner = expanded.ownerOf(n);
      if (!owner) continue;
      const key = `${owner.cluster}/${owner.pool}`;
      const list = byPool.get(key) ?? [];
      list.push(n);
      byPool.set(key, list);
    }
  }

  const clusters = topology.clusters.map((c) => {
    const pools: ViewPool[] = topology.nodePools
      .filter((p) => p.cluster === c.name)
      .map((p) => {
        const nodesByZone: Record<string, ViewNode[]> = {};
        if (expanded) {
          for (const n of byPool.get(`${c.name}/${p.name}`) ?? []) {
            const v = fromExpanded(n);
            (nodesByZone[v.zone] ??= []).push(v);
          }
        } else {
          for (const z of p.zones) nodesByZone[z] = derivedNodes(c.name, p, z);
        }
        return {
          name: p.name,
          instanceType: p.instanceType ?? "",
          perNode: capacityFrom(p.allocatable),
          taints: (p.taints ?? []).map(taintLabel),
          nodesByZone,
        };
      });
    return { name: c.name, zones: c.zones, etcd: c.controlPlane.etcd, pools };
  });

  return {
    regions: topology.regions.map((r) => ({ id: r.id, label: r.displayName, provider: r.provider, zones: r.zones })),
    clusters,
  };
}

/**
 * The drawing from the engine's own expansion: the squares are exactly the Node objects the scheduler sees
 * (names, zones, allocatable, taints), so the Design and Placement views cannot disagree about nodes.
 */
export function viewModelFromExpansion(topology: Topology): TopologyViewModel {
  const nodes: Node[] = [];
  const clusterOf = new Map<Node, string>();
  for (const c of topology.clusters) {
    for (const n of expandNodes(topology, c)) {
      nodes.push(n);
      clusterOf.set(n, c.name);
    }
  }
  const ownerOf: NodeOwner = (n) => {
    const cluster = clusterOf.get(n);
    const pool = n.metadata.labels?.[LABEL_NODE_POOL];
    return cluster !== undefined && pool !== undefined ? { cluster, pool } : undefined;
  };
  return buildViewModel(topology, { nodes, ownerOf });
}
