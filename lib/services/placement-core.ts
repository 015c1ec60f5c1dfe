/**
 * Placement of a whole topology (every cluster), shared by the API (stored runs) and the Placement tab (which
 * runs it in the browser for instant feedback). Pure: no database, no node:*, so the client bundle can use it.
 *
 * The result is kept compact on purpose: pods are summarised per node and per Deployment, and only the
 * pending pods are listed one by one (with kube-scheduler's message). A pod's trace is not stored: it is
 * recomputed on demand by replaying the placement up to that pod (`tracePod`), which is exact because the
 * engine is deterministic for a given spec and seed.
 */
import { expandTopology, type ExpandedCluster } from "../engine/model/expand";
import { placeSnapshot, type DeploymentPlacement, type PlacementResult, type SchedulerFactory } from "../engine/place";
import { defaultSchedulerFactory } from "../engine/place-scheduler";
import type { ConstraintSkew, LossImpact } from "../engine/util/spread-report";
import type { Topology } from "../schemas/topology";

export interface PlacementOptions {
  seed: number;
  percentageOfNodesToScore?: number;
}

export interface NodeSlot {
  name: string;
  zone: string;
  region: string;
  pool: string;
  /** Allocatable pods (the kubelet's maxPods), for the "how full" shading of aggregated nodes. */
  maxPods: number;
  /** Pods per Deployment index (into `deployments`), -1 for pods without a Deployment. */
  pods: { d: number; n: number }[];
}

export interface DeploymentSummary {
  cluster: string;
  namespace: string;
  name: string;
  replicas: number;
  scheduled: number;
  pending: number;
  byZone: Record<string, number>;
  byRegion: Record<string, number>;
  spread: ConstraintSkew[];
  ifLost: { node: LossImpact; zone: LossImpact; region: LossImpact };
}

export interface PendingPod {
  cluster: string;
  namespace: string;
  name: string;
  owner: string | null;
  message: string;
}

export interface ClusterPlacement {
  name: string;
  zones: string[];
  regions: string[];
  nodes: NodeSlot[];
}

export interface TopologyPlacement {
  seed: number;
  percentageOfNodesToScore?: number;
  clusters: ClusterPlacement[];
  deployments: DeploymentSummary[];
  pending: PendingPod[];
  warnings: string[];
  totals: { nodes: number; pods: number; scheduled: number; pending: number };
}

const LABEL_ZONE = "topology.kubernetes.io/zone";
const LABEL_REGION = "topology.kubernetes.io/region";
const LABEL_POOL = "topoplan.dev/node-pool";

function summarizeDeployment(cluster: string, d: DeploymentPlacement): DeploymentSummary {
  return {
    cluster,
    namespace: d.namespace,
    name: d.name,
    replicas: d.replicas,
    scheduled: d.scheduled,
    pending: d.pending,
    byZone: d.byZone,
    byRegion: d.byRegion,
    spread: d.spread,
    ifLost: d.ifLost,
  };
}

function clusterView(c: ExpandedCluster, r: PlacementResult, deploymentIndex: Map<string, number>): ClusterPlacement {
  const slots = new Map<string, NodeSlot>();
  const nodes = c.snapshot.nodes.map((n): NodeSlot => {
    const labels = n.metadata.labels ?? {};
    const slot: NodeSlot = {
      name: n.metadata.name ?? "",
      zone: labels[LABEL_ZONE] ?? "",
      region: labels[LABEL_REGION] ?? "",
      pool: labels[LABEL_POOL] ?? "",
      maxPods: Number(n.status?.allocatable?.pods ?? 110) || 110,
      pods: [],
    };
    slots.set(slot.name, slot);
    return slot;
  });
  for (const p of r.pods) {
    if (!p.node) continue;
    const slot = slots.get(p.node);
    if (!slot) continue;
    const d = p.owner?.startsWith("Deployment/") ? (deploymentIndex.get(`${c.name}/${p.namespace}/${p.owner.slice(11)}`) ?? -1) : -1;
    const cell = slot.pods.find((x) => x.d === d);
    if (cell) cell.n++;
    else slot.pods.push({ d, n: 1 });
  }
  return { name: c.name, zones: c.zones, regions: c.regions, nodes };
}

/** Places every cluster of the topology; deployments are listed cluster by cluster, in placement order. */
export function placeTopology(topology: Topology, opts: PlacementOptions, createScheduler: SchedulerFactory = defaultSchedulerFactory): TopologyPlacement {
  const out: TopologyPlacement = {
    seed: opts.seed,
    ...(opts.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: opts.percentageOfNodesToScore } : {}),
    clusters: [],
    deployments: [],
    pending: [],
    warnings: [],
    totals: { nodes: 0, pods: 0, scheduled: 0, pending: 0 },
  };
  for (const c of expandTopology(topology)) {
    const r = placeSnapshot(c.snapshot, { seed: opts.seed, percentageOfNodesToScore: opts.percentageOfNodesToScore, createScheduler });
    const index = new Map<string, number>();
    for (const d of r.deployments) {
      index.set(`${c.name}/${d.namespace}/${d.name}`, out.deployments.length);
      out.deployments.push(summarizeDeployment(c.name, d));
    }
    out.clusters.push(clusterView(c, r, index));
    for (const p of r.pods) {
      if (p.pending !== false) out.pending.push({ cluster: c.name, namespace: p.namespace, name: p.name, owner: p.owner, message: p.pending });
    }
    out.warnings.push(...r.warnings.map((w) => `${c.name}: ${w}`));
    out.totals.nodes += c.snapshot.nodes.length;
    out.totals.pods += r.pods.length;
    out.totals.scheduled += r.pods.length - r.pods.filter((p) => p.pending !== false).length;
  }
  out.totals.pending = out.pending.length;
  return out;
}
