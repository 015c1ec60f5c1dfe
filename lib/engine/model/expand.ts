/**
 * Expands a validated topology into the Kubernetes objects of each cluster, as a ClusterSnapshot the
 * scheduler and controllers consume (lib/engine/place.ts). PURE: same topology in, same objects out.
 *
 * - Nodes `<pool>-<zone>-<n>` (n from 1), in document order: pool, then the pool's zones, then n. Labels as
 *   the kubelet and cloud provider set them (kubernetes.io/hostname, kubernetes.io/os, kubernetes.io/arch,
 *   topology.kubernetes.io/zone and region, node.kubernetes.io/instance-type), plus the pool's labels and
 *   topoplan.dev/node-pool. capacity = allocatable (system reservations are already out of allocatable).
 *   podCIDR: the i-th /nodeCIDRMaskSize subnet of the cluster's podCIDR, as the node IPAM allocates it;
 *   none once the range is exhausted (CIDRNotAvailable, also a lint warning).
 * - Deployments with the apps/v1 defaults; bare Pods with the API server's pod defaults and admission
 *   (requests default to limits; DefaultTolerationSeconds with the cluster's defaultTolerationSeconds);
 *   Services with their defaults (type ClusterIP, protocol TCP, targetPort = port); PDBs as written.
 * Pods of Deployments are not created here: the ReplicaSet controller does that (lib/engine/controllers).
 */
import type { ClusterSnapshot } from "../../k8s/snapshot";
import type { Deployment, Namespace, Node, Pod, PodDisruptionBudget, ResourceList, Service } from "../../k8s/types";
import { LABEL_HOSTNAME, LABEL_INSTANCE_TYPE, LABEL_REGION, LABEL_ZONE } from "../../k8s/types";
import { effectiveClusterSettings, effectiveNetwork, workloadClusters, type EffectiveClusterSettings } from "../../schemas/defaults";
import { parseDurationMs } from "../../schemas/duration";
import { ANNOTATION_STARTUP_TIME, type Manifest } from "../../schemas/k8s-objects";
import type { Cluster, Topology } from "../../schemas/topology";
import { withDefaultTolerations } from "../controllers/admission";
import { withDeploymentDefaults } from "../controllers/deployment-util";
import { deterministicUid } from "../util/uid";
import { nodeCidrAt, parseIpv4Cidr } from "./cidr";

export const LABEL_NODE_POOL = "topoplan.dev/node-pool";
export const LABEL_OS = "kubernetes.io/os";
export const LABEL_ARCH = "kubernetes.io/arch";

/** UIDs of expanded objects are derived from this fixed seed so that they are stable across runs. */
const UID_SEED = 0;

export interface ExpandedCluster {
  name: string;
  /** The cluster's zones, and the regions they belong to (first appearance order). */
  zones: string[];
  regions: string[];
  settings: EffectiveClusterSettings;
  snapshot: ClusterSnapshot;
  /** Pod startup time per workload `Kind/namespace/name`: the startup-time annotation or settings.podStartupMs. */
  startupMs: Record<string, number>;
}

/** Deep copy through JSON: expanded objects never alias the topology they came from. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function expandTopology(topology: Topology): ExpandedCluster[] {
  return topology.clusters.map((c) => expandCluster(topology, c));
}

export function expandCluster(topology: Topology, cluster: Cluster): ExpandedCluster {
  const settings = effectiveClusterSettings(cluster);
  const zoneRegion = zoneRegions(topology);
  const regions = [...new Set(cluster.zones.map((z) => zoneRegion.get(z)).filter((r): r is string => r !== undefined))];
  const snapshot: ClusterSnapshot = {
    nodes: expandNodes(topology, cluster),
    pods: [],
    deployments: [],
    replicaSets: [],
    services: [],
    podDisruptionBudgets: [],
    namespaces: [],
    warnings: [],
  };
  const startupMs: Record<string, number> = {};
  const namespaces = new Set<string>();
  for (const w of topology.workloads) {
    if (!workloadClusters(w).includes(cluster.name)) continue;
    const m = copy(w.manifest);
    const namespace = m.metadata.namespace ?? "default";
    namespaces.add(namespace);
    m.metadata.namespace = namespace;
    const uid = deterministicUid(UID_SEED, m.kind, `${cluster.name}/${namespace}`, m.metadata.name);
    const key = `${m.kind}/${namespace}/${m.metadata.name}`;
    const annotated = m.metadata.annotations?.[ANNOTATION_STARTUP_TIME];
    startupMs[key] = (annotated !== undefined ? parseDurationMs(annotated) : null) ?? settings.podStartupMs;
    addObject(snapshot, m, uid, settings);
  }
  snapshot.namespaces = [...namespaces].sort().map(namespaceObject);
  return { name: cluster.name, zones: [...cluster.zones], regions, settings, snapshot, startupMs };
}

function addObject(snapshot: ClusterSnapshot, m: Manifest, uid: string, settings: EffectiveClusterSettings) {
  const metadata = { ...m.metadata, uid };
  switch (m.kind) {
    case "Deployment":
      snapshot.deployments.push(withDeploymentDefaults({ ...(m as unknown as Deployment), metadata }));
      return;
    case "Pod":
      snapshot.pods.push(admitPod({ ...(m as unknown as Pod), metadata }, settings));
      return;
    case "Service":
      snapshot.services.push(withServiceDefaults({ ...(m as unknown as Service), metadata }));
      return;
    case "PodDisruptionBudget":
      snapshot.podDisruptionBudgets.push({ ...(m as unknown as PodDisruptionBudget), metadata });
      return;
  }
}

function namespaceObject(name: string): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name } } };
}

export function zoneRegions(topology: Topology): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of topology.regions) for (const z of r.zones) out.set(z, r.id);
  return out;
}

export function expandNodes(topology: Topology, cluster: Cluster): Node[] {
  const zoneRegion = zoneRegions(topology);
  const net = effectiveNetwork(cluster);
  const cidr = parseIpv4Cidr(net.podCIDR);
  const nodes: Node[] = [];
  for (const pool of topology.nodePools) {
    if (pool.cluster !== cluster.name) continue;
    for (const zone of pool.zones) {
      for (let n = 1; n <= pool.nodesPerZone; n++) {
        const name = `${pool.name}-${zone}-${n}`;
        const podCIDR = cidr ? nodeCidrAt(cidr, net.nodeCIDRMaskSize, nodes.length) : null;
        const labels: Record<string, string> = {
          [LABEL_ARCH]: "amd64",
          [LABEL_OS]: "linux",
          ...pool.labels,
          [LABEL_HOSTNAME]: name,
          [LABEL_ZONE]: zone,
          [LABEL_REGION]: zoneRegion.get(zone) ?? "",
          [LABEL_NODE_POOL]: pool.name,
          ...(pool.instanceType !== undefined ? { [LABEL_INSTANCE_TYPE]: pool.instanceType } : {}),
        };
        const resources: ResourceList = copy(pool.allocatable);
        nodes.push({
          apiVersion: "v1",
          kind: "Node",
          metadata: { name, uid: deterministicUid(UID_SEED, "Node", cluster.name, name), labels },
          spec: {
            ...(pool.taints?.length ? { taints: copy(pool.taints) } : {}),
            ...(podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {}),
          },
          status: {
            capacity: resources,
            allocatable: copy(resources),
            conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
          },
        });
      }
    }
  }
  return nodes;
}

/**
 * What the API server does to a new Pod that matters to planning: SetDefaults_Pod (a container's requests
 * default to its limits), SetDefaults_PodSpec (restartPolicy, schedulerName, terminationGracePeriodSeconds),
 * admission's DefaultTolerationSeconds, and priority 0 when no PriorityClass is named.
 */
export function admitPod(pod: Pod, settings: Pick<EffectiveClusterSettings, "defaultTolerationSeconds">): Pod {
  const withRequests = (c: Pod["spec"]["containers"][number]) => {
    const limits = c.resources?.limits;
    if (!limits) return c;
    return { ...c, resources: { ...c.resources, requests: { ...limits, ...c.resources?.requests } } };
  };
  const spec = {
    ...pod.spec,
    containers: pod.spec.containers.map(withRequests),
    ...(pod.spec.initContainers ? { initContainers: pod.spec.initContainers.map(withRequests) } : {}),
    restartPolicy: pod.spec.restartPolicy ?? "Always",
    schedulerName: pod.spec.schedulerName ?? "default-scheduler",
    terminationGracePeriodSeconds: pod.spec.terminationGracePeriodSeconds ?? 30,
    ...(pod.spec.priority === undefined && pod.spec.priorityClassName === undefined ? { priority: 0 } : {}),
  };
  const seconds = settings.defaultTolerationSeconds;
  return { ...pod, spec: withDefaultTolerations(spec, seconds, seconds), status: pod.status ?? { phase: "Pending" } };
}

export function withServiceDefaults(svc: Service): Service {
  return {
    ...svc,
    spec: {
      ...svc.spec,
      type: svc.spec.type ?? "ClusterIP",
      ...(svc.spec.ports
        ? { ports: svc.spec.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP", targetPort: p.targetPort ?? p.port })) }
        : {}),
    },
  };
}
