/**
 * The simulated cluster store: what the API server holds during a simulation, in index-based records sized for
 * 150,000 pods (numbers and small sets, not a copy of every Pod's status per step). Each pod keeps its
 * Kubernetes object for metadata/spec (shared by reference with its ReplicaSet's template), plus the mutable
 * fields the controllers act on: phase, Ready and its lastTransitionTime, node, deletionTimestamp.
 *
 * Every mutation of a pod goes through `mutatePod`, which keeps the per-ReplicaSet counters (active, ready,
 * available, pending), the per-Service ready endpoints and the per-zone requests in step and marks what the
 * recorder must sample; so the counts the results report are maintained, never recounted.
 */
import type { Deployment, Node, Pod, PodDisruptionBudget, ReplicaSet, Service, Taint } from "../../k8s/types";
import type { CompiledSelector } from "../../k8s/selector";
import { podToEndpoint } from "../controllers/endpoints/pod-to-endpoint";
import { LayeredMap } from "../util/layered-map";

export type ConditionStatus = "True" | "False" | "Unknown";

export interface SimNode {
  readonly idx: number;
  readonly name: string;
  /** The current Node object; `spec.taints` is replaced (never mutated in place) when taints change. */
  node: Node;
  readonly zone: string;
  readonly region: string;
  /** `GetZoneKey`: region + zone, the node lifecycle controller's unit of rate limiting. */
  readonly zoneKey: string;
  readonly excludedFromDisruption: boolean;
  /** Is the kubelet posting status and renewing its Lease (false while the node/zone/region is failed)? */
  kubeletUp: boolean;
  ready: ConditionStatus;
  readyTransitionMs: number;
  /** nodeHealth.probeTimestamp: when the controller last saw a heartbeat. */
  probeMs: number;
  /**
   * Bound pods that still exist (including terminating ones), by pod index, in the order they arrived. An array,
   * not a Set: a node holds at most a few hundred pods, and 100,000 small hash tables cost more to build, copy
   * per sweep scenario and collect than a linear indexOf on removal. Changed only through the store.
   */
  readonly pods: number[];
  readonly allocatable: { cpuMilli: number; memoryBytes: number; pods: number };
}

export interface SimPod {
  readonly idx: number;
  readonly namespace: string;
  readonly name: string;
  /**
   * namespace/name, built once: the store's and the scheduler's maps are looked up with this string (its hash
   * cached), not with a concatenation per lookup (which costs a flatten and a hash: ~1 us in a 150,000-entry map).
   */
  readonly key: string;
  readonly pod: Pod;
  /** Owning simulated ReplicaSet, or -1 (bare pod, or owned by something the simulation does not run). */
  readonly rsIdx: number;
  nodeIdx: number;
  phase: "Pending" | "Running";
  ready: boolean;
  readyTransitionMs: number;
  /** IsPodAvailable: Ready for at least minReadySeconds. */
  available: boolean;
  createdMs: number;
  /** deletionTimestamp (ms) once deletion was requested, else null. */
  deletionMs: number | null;
  /** The object is gone from the API. */
  removed: boolean;
  readonly startupMs: number;
  /** Bumped to cancel a pending container start / availability timer. */
  startToken: number;
  /** The scheduler's last FailedScheduling message while unbound. */
  pendingMessage: string | null;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly services: readonly number[];
}

/**
 * A pod record before the store numbers it (`idx` -1 until `addPod`). The field is there from the start so
 * every record has the same shape, and numbering it writes a field instead of adding one (adding a property
 * to 100,000 objects made each grow a property backing store: about 0.2 s per sweep scenario).
 */
export type NewSimPod = Omit<SimPod, "idx"> & { idx: number };

export interface SimReplicaSet {
  readonly idx: number;
  readonly namespace: string;
  readonly name: string;
  readonly rs: ReplicaSet;
  desired: number;
  readonly minReadySeconds: number;
  readonly deploymentIdx: number;
  readonly pods: Set<number>;
  active: number;
  ready: number;
  available: number;
  pending: number;
}

export interface SimDeployment {
  readonly idx: number;
  readonly namespace: string;
  readonly name: string;
  /** The current object (apps/v1 defaults applied); a rollout replaces it with the new pod template. */
  deployment: Deployment;
  readonly desired: number;
  /** Its ReplicaSets, current and old; a rollout appends the one it creates. */
  readonly rsIdx: number[];
}

export interface SimService {
  readonly idx: number;
  readonly namespace: string;
  readonly name: string;
  readonly service: Service;
  readonly selector: CompiledSelector | null;
  readonly publishNotReadyAddresses: boolean;
  readyEndpoints: number;
}

export interface SimZone {
  readonly key: string;
  readonly zone: string;
  readonly region: string;
  readonly nodes: number[];
  readyNodes: number;
  capacityCpuMilli: number;
  capacityMemoryBytes: number;
  capacityPods: number;
  requestedCpuMilli: number;
  requestedMemoryBytes: number;
  pods: number;
}

/**
 * What a pod counts for, as bits (a number, not an object: the store computes them before and after each of the
 * ~500,000 mutations of a W4 run). The node it takes resources on is kept apart (placedOn).
 */
const ACTIVE = 1, READY = 2, AVAILABLE = 4, PENDING = 8, ENDPOINT_READY = 16;
const bit = (flags: number, b: number): number => ((flags & b) === 0 ? 0 : 1);

export class ClusterState {
  readonly nodes: SimNode[] = [];
  readonly nodeByName = new Map<string, number>();
  readonly pods: SimPod[] = [];
  /** Pod index by namespace/name; layered so that a fork shares its parent's keys instead of copying them. */
  readonly podByKey: LayeredMap<string, number>;
  readonly replicaSets: SimReplicaSet[] = [];
  readonly deployments: SimDeployment[] = [];
  readonly services: SimService[] = [];
  readonly pdbs: PodDisruptionBudget[] = [];
  readonly zones = new Map<string, SimZone>();
  /** What changed since the recorder last sampled. */
  readonly dirtyDeployments = new Set<number>();
  readonly dirtyZones = new Set<string>();
  readonly dirtyServices = new Set<number>();
  /**
   * Hears a ReplicaSet's status counters change (active, ready, available: what status.replicas / readyReplicas /
   * availableReplicas report). Null unless a rollout runs, so a simulation without one pays a single null check.
   */
  replicaSetStatusChanged: ((rs: SimReplicaSet) => void) | null = null;

  constructor(podByKey: LayeredMap<string, number> = new LayeredMap()) {
    this.podByKey = podByKey;
  }

  /**
   * A copy to simulate on while this one stays as it is (a sweep loads its steady state once and forks it per
   * scenario). Kubernetes objects are shared (the store replaces them, never mutates them); records are copied.
   */
  fork(): ClusterState {
    if (this.replicaSetStatusChanged !== null) throw new Error("ClusterState.fork: a simulation is attached to this state");
    const c = new ClusterState(this.podByKey.fork());
    for (const n of this.nodes) {
      c.nodes.push({
        idx: n.idx, name: n.name, node: n.node, zone: n.zone, region: n.region, zoneKey: n.zoneKey,
        excludedFromDisruption: n.excludedFromDisruption, kubeletUp: n.kubeletUp, ready: n.ready,
        readyTransitionMs: n.readyTransitionMs, probeMs: n.probeMs, pods: n.pods.slice(), allocatable: n.allocatable,
      });
    }
    for (const [k, v] of this.nodeByName) c.nodeByName.set(k, v);
    for (const p of this.pods) c.pods.push(copyPod(p));
    for (const r of this.replicaSets) c.replicaSets.push({ ...r, pods: new Set(r.pods) });
    for (const d of this.deployments) c.deployments.push({ ...d, rsIdx: [...d.rsIdx] });
    for (const s of this.services) c.services.push({ ...s });
    c.pdbs.push(...this.pdbs);
    for (const [k, z] of this.zones) c.zones.set(k, { ...z, nodes: [...z.nodes] });
    for (const d of this.dirtyDeployments) c.dirtyDeployments.add(d);
    for (const z of this.dirtyZones) c.dirtyZones.add(z);
    for (const s of this.dirtyServices) c.dirtyServices.add(s);
    return c;
  }

  addNode(n: Omit<SimNode, "idx" | "pods">): SimNode {
    const node: SimNode = { ...n, idx: this.nodes.length, pods: [] };
    this.nodes.push(node);
    this.nodeByName.set(node.name, node.idx);
    let z = this.zones.get(node.zoneKey);
    if (!z) {
      z = { key: node.zoneKey, zone: node.zone, region: node.region, nodes: [], readyNodes: 0, capacityCpuMilli: 0,
        capacityMemoryBytes: 0, capacityPods: 0, requestedCpuMilli: 0, requestedMemoryBytes: 0, pods: 0 };
      this.zones.set(node.zoneKey, z);
    }
    z.nodes.push(node.idx);
    if (node.ready === "True") z.readyNodes++;
    z.capacityCpuMilli += node.allocatable.cpuMilli;
    z.capacityMemoryBytes += node.allocatable.memoryBytes;
    z.capacityPods += node.allocatable.pods;
    return node;
  }

  setNodeReady(node: SimNode, status: ConditionStatus, atMs: number): void {
    if (node.ready === status) return;
    const z = this.zones.get(node.zoneKey)!;
    if (node.ready === "True") z.readyNodes--;
    if (status === "True") z.readyNodes++;
    node.ready = status;
    node.readyTransitionMs = atMs;
    this.dirtyZones.add(node.zoneKey);
  }

  setNodeTaints(node: SimNode, taints: Taint[]): void {
    node.node = { ...node.node, spec: { ...node.node.spec, taints } };
  }

  /** `kubectl cordon` / `uncordon`: spec.unschedulable (the taint that mirrors it is the node lifecycle controller's). */
  setNodeUnschedulable(node: SimNode, on: boolean): void {
    const { unschedulable: _, ...spec } = node.node.spec ?? {};
    node.node = { ...node.node, spec: on ? { ...spec, unschedulable: true } : spec };
  }

  /** A ReplicaSet created during the run (a rollout's new ReplicaSet); it owns no pods yet. */
  addReplicaSet(r: Pick<SimReplicaSet, "namespace" | "name" | "rs" | "desired" | "minReadySeconds" | "deploymentIdx">): SimReplicaSet {
    const rs: SimReplicaSet = { ...r, idx: this.replicaSets.length, pods: new Set(), active: 0, ready: 0, available: 0, pending: 0 };
    this.replicaSets.push(rs);
    return rs;
  }

  /**
   * Adds the pod record, taking ownership of `p` (it becomes the stored record: no copy of ~25 fields per pod).
   */
  addPod(p: NewSimPod): SimPod {
    p.idx = this.pods.length;
    const pod: SimPod = p;
    this.pods.push(pod);
    this.podByKey.set(pod.key, pod.idx);
    if (pod.rsIdx >= 0) this.replicaSets[pod.rsIdx]!.pods.add(pod.idx);
    if (pod.nodeIdx >= 0) this.nodes[pod.nodeIdx]!.pods.push(pod.idx);
    this.applyFlags(pod, 0, -1, this.flags(pod), placedOn(pod));
    return pod;
  }

  /** Applies `change` to a pod and keeps every counter and index in step with it. */
  mutatePod(pod: SimPod, change: (p: SimPod) => void): void {
    const before = this.flags(pod);
    const beforeNode = placedOn(pod);
    change(pod);
    if (beforeNode !== pod.nodeIdx) {
      if (beforeNode >= 0) dropFrom(this.nodes[beforeNode]!.pods, pod.idx);
      if (pod.nodeIdx >= 0 && !pod.removed) addTo(this.nodes[pod.nodeIdx]!.pods, pod.idx);
    }
    if (pod.removed) {
      if (pod.nodeIdx >= 0) dropFrom(this.nodes[pod.nodeIdx]!.pods, pod.idx);
      if (pod.rsIdx >= 0) this.replicaSets[pod.rsIdx]!.pods.delete(pod.idx);
    }
    this.applyFlags(pod, before, beforeNode, this.flags(pod), placedOn(pod));
  }

  private flags(p: SimPod): number {
    if (p.removed) return 0;
    if (p.deletionMs !== null) return p.nodeIdx >= 0 && p.services.length > 0 && this.endpointReady(p) ? ENDPOINT_READY : 0;
    let f = ACTIVE;
    if (p.ready) f |= READY;
    if (p.available) f |= AVAILABLE;
    if (p.nodeIdx < 0) f |= PENDING;
    else if (p.services.length > 0 && this.endpointReady(p)) f |= ENDPOINT_READY;
    return f;
  }

  private endpointReady(p: SimPod): boolean {
    // Services of one pod rarely differ in publishNotReadyAddresses; the first one decides the flag.
    const svc = this.services[p.services[0]!]!;
    return podToEndpoint({ ready: p.ready, terminating: p.deletionMs !== null }, svc.publishNotReadyAddresses).ready;
  }

  /** Moves the counters from flags `a` on node `aNode` (-1: none) to `b` on `bNode`. */
  private applyFlags(p: SimPod, a: number, aNode: number, b: number, bNode: number): void {
    const changed = a ^ b;
    if (p.rsIdx >= 0 && (changed & (ACTIVE | READY | AVAILABLE | PENDING)) !== 0) {
      const rs = this.replicaSets[p.rsIdx]!;
      rs.active += bit(b, ACTIVE) - bit(a, ACTIVE);
      rs.ready += bit(b, READY) - bit(a, READY);
      rs.available += bit(b, AVAILABLE) - bit(a, AVAILABLE);
      rs.pending += bit(b, PENDING) - bit(a, PENDING);
      if (rs.deploymentIdx >= 0) this.dirtyDeployments.add(rs.deploymentIdx);
      if (this.replicaSetStatusChanged !== null && (changed & (ACTIVE | READY | AVAILABLE)) !== 0) this.replicaSetStatusChanged(rs);
    }
    if ((changed & ENDPOINT_READY) !== 0) {
      const delta = bit(b, ENDPOINT_READY) - bit(a, ENDPOINT_READY);
      for (const s of p.services) {
        this.services[s]!.readyEndpoints += delta;
        this.dirtyServices.add(s);
      }
    }
    if (aNode !== bNode) {
      if (aNode >= 0) this.zoneUsage(aNode, p, -1);
      if (bNode >= 0) this.zoneUsage(bNode, p, +1);
    }
  }

  private zoneUsage(nodeIdx: number, p: SimPod, sign: number): void {
    const z = this.zones.get(this.nodes[nodeIdx]!.zoneKey)!;
    z.requestedCpuMilli += sign * p.cpuMilli;
    z.requestedMemoryBytes += sign * p.memoryBytes;
    z.pods += sign;
    this.dirtyZones.add(z.key);
  }

  /** Sum of a Deployment's ReplicaSet counters. */
  deploymentCounts(d: SimDeployment): { active: number; ready: number; available: number; pending: number } {
    const c = { active: 0, ready: 0, available: 0, pending: 0 };
    for (const i of d.rsIdx) {
      const rs = this.replicaSets[i]!;
      c.active += rs.active;
      c.ready += rs.ready;
      c.available += rs.available;
      c.pending += rs.pending;
    }
    return c;
  }
}

/** The node a pod takes resources on: its node unless it is gone (a terminating pod still holds them). */
const placedOn = (p: SimPod): number => (!p.removed && p.nodeIdx >= 0 ? p.nodeIdx : -1);

/** A pod record's copy, written field by field in the records' one field order (a spread copy of 100,000 records
 *  took about three times as long: it builds each object without knowing its shape). */
/** Set semantics on a node's pod list: add once (at the end), remove if present (the order of the rest kept). */
function addTo(list: number[], x: number): void {
  if (list.indexOf(x) < 0) list.push(x);
}
function dropFrom(list: number[], x: number): void {
  const at = list.indexOf(x);
  if (at >= 0) list.splice(at, 1);
}

export function copyPod<T extends NewSimPod | SimPod>(r: Readonly<T>): T {
  return {
    idx: r.idx, namespace: r.namespace, name: r.name, key: r.key, pod: r.pod, rsIdx: r.rsIdx, nodeIdx: r.nodeIdx,
    phase: r.phase, ready: r.ready, readyTransitionMs: r.readyTransitionMs, available: r.available,
    createdMs: r.createdMs, deletionMs: r.deletionMs, removed: r.removed, startupMs: r.startupMs,
    startToken: r.startToken, pendingMessage: r.pendingMessage, cpuMilli: r.cpuMilli, memoryBytes: r.memoryBytes,
    services: r.services,
  } as T;
}
