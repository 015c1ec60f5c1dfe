/**
 * Inputs shared by W3, W4 and W5: nodes spread over zones (and regions) and Deployments whose pods carry a
 * zone spread (maxSkew 1, DoNotSchedule) and a hostname spread (maxSkew 1, ScheduleAnyway). Deterministic.
 */
import type { ClusterSnapshot } from "@/lib/k8s/snapshot";
import type { Deployment, Node, TopologySpreadConstraint } from "@/lib/k8s/types";
import { LABEL_HOSTNAME, LABEL_ZONE } from "@/lib/k8s/types";
import { baseSpec, makeNode, shuffled } from "./common";

export interface TopologyShape {
  regions: number;
  zonesPerRegion: number;
  nodesPerZone: number;
  deployments: number;
  replicas: number;
  /** Extra DoNotSchedule constraints the W4-honor variant sets (nodeTaintsPolicy). */
  nodeTaintsPolicy?: TopologySpreadConstraint["nodeTaintsPolicy"];
}

export const W3_SHAPE: TopologyShape = { regions: 1, zonesPerRegion: 3, nodesPerZone: 1667, deployments: 1000, replicas: 150 };

export function zoneName(r: number, z: number, shape: TopologyShape): string {
  return shape.regions === 1 ? `zone-${"abcdefghij"[z]}` : `region-${r + 1}-${"abcdefghij"[z]}`;
}

export function topologyNodes(shape: TopologyShape, seed: number): Node[] {
  const nodes: Node[] = [];
  // W3's 5,000 nodes: 1,667 + 1,667 + 1,666 (the last zone takes the remainder).
  const total = shape.regions * shape.zonesPerRegion * shape.nodesPerZone;
  const target = shape === W3_SHAPE ? 5000 : total;
  for (let r = 0; r < shape.regions; r++)
    for (let z = 0; z < shape.zonesPerRegion; z++)
      for (let i = 0; i < shape.nodesPerZone; i++) {
        if (nodes.length >= target) break;
        const zone = zoneName(r, z, shape);
        nodes.push(makeNode(`${zone}-node-${String(i).padStart(4, "0")}`, zone, `region-${r + 1}`));
      }
  return shuffled(nodes, seed);
}

export function spreadDeployments(shape: TopologyShape): Deployment[] {
  const out: Deployment[] = [];
  for (let d = 0; d < shape.deployments; d++) {
    const app = `dep-${String(d).padStart(4, "0")}`;
    const sel = { matchLabels: { app } };
    const policy = shape.nodeTaintsPolicy ? { nodeTaintsPolicy: shape.nodeTaintsPolicy } : {};
    out.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: app, namespace: "default" },
      spec: {
        replicas: shape.replicas,
        selector: sel,
        template: {
          metadata: { labels: { app } },
          spec: baseSpec({
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: LABEL_ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: sel, ...policy },
              { maxSkew: 1, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", labelSelector: sel, ...policy },
            ],
          }),
        },
      },
    });
  }
  return out;
}

export function topologySnapshot(shape: TopologyShape, seed: number): ClusterSnapshot {
  return {
    nodes: topologyNodes(shape, seed),
    pods: [],
    deployments: spreadDeployments(shape),
    replicaSets: [],
    services: [],
    podDisruptionBudgets: [],
    namespaces: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "default", labels: { "kubernetes.io/metadata.name": "default" } } }],
    warnings: [],
  };
}
