/**
 * A stateful scheduler over a cluster snapshot: schedule pods one by one (each sees the previous binds),
 * bind / remove pods, and change nodes (taints, cordon, removal, addition) as a simulation goes on.
 * Deterministic: nodes are sorted by name internally and ties are broken by the seeded PRNG only.
 */
import type { Node, Pod, ReplicaSet } from "../../k8s/types";
import { createRng, type Rng } from "../util/prng";
import { ClusterState, type ClusterObjects } from "./cluster-state";
import { defaultProfile, type SchedulerProfile } from "./config";
import type { Handle } from "./framework";
import { compilePod, terminatingPodInfo, type PodInfo } from "./pod-info";
import { NodeResourcesFit } from "./plugins/node-resources-fit";
import { buildFramework, type Framework } from "./registry";
import { Cycle, type ScheduleResult } from "./schedule-one";

export interface SchedulerInput extends ClusterObjects {
  nodes: Node[];
  /** Pods already bound (spec.nodeName set); others are ignored here (schedule them). */
  pods?: Pod[];
  /**
   * pods[i]'s namespace/name, when the caller keeps those strings (the simulation's store): the cache is keyed by
   * the very same strings, so the caller's later lookups by them hash and compare nothing new.
   */
  podKeys?: readonly string[];
}

export interface SchedulerOptions {
  /** Profile (defaults to kube-scheduler's default profile). */
  profile?: SchedulerProfile;
  /** Seed for tie-breaking among top-scored nodes (default 0). Ignored when `rng` is given. */
  seed?: number;
  rng?: Rng;
  /**
   * Use the fused filter+score pass for the default plugin set (default true). Decisions are identical
   * either way; false forces the generic plugin-by-plugin path (for comparison tests and profiling).
   */
  fastPath?: boolean;
}

export interface ScheduleOptions {
  /** Record per-node rejections and per-plugin scores of the top nodes (costs time; off by default). */
  trace?: boolean;
  /** The pod's namespace/name as the caller keeps it (see SchedulerInput.podKeys); bind then keys the pod by it. */
  key?: string;
}

export interface Scheduler {
  /** Runs one scheduling cycle for the pod; does NOT bind it. */
  schedule(pod: Pod, opts?: ScheduleOptions): ScheduleResult;
  /** Schedules and, when a node was found, binds the pod there. */
  scheduleAndBind(pod: Pod, opts?: ScheduleOptions): ScheduleResult;
  /** Accounts the pod on the node (replacing an earlier binding of the same namespace/name). */
  bind(pod: Pod, nodeName: string): void;
  /** Forgets a bound pod (deleted or evicted). Returns false when it was not bound. */
  removePod(pod: Pod | string): boolean;
  /**
   * A bound pod got its deletionTimestamp (`pod` is the updated object, same spec and labels): it stays on its
   * node for NodeResourcesFit and InterPodAffinity, and PodTopologySpread stops counting it. Returns false when
   * the pod is not bound. Cheaper than `bind` with the updated pod: nothing is recompiled. `key` is the pod's
   * namespace/name when the caller keeps that string (a lookup then hashes no new string).
   */
  markTerminating(pod: Pod, key?: string): boolean;
  /**
   * NodeResourcesFit's Filter verdict for the pod on the node as the cache stands: "" when it fits (or the
   * profile has no NodeResourcesFit), else its reasons ("Insufficient cpu", ...) joined by ", ". Lets a caller
   * tell whether a bind changed what the filter says about a node for some other pod.
   */
  resourceFit(pod: Pod, nodeName: string): string;
  /** Adds or replaces a node (by name). Taint / unschedulable-only changes are cheap. */
  updateNode(node: Node): void;
  /** Removes a node; returns the pods that were bound to it (they are forgotten too). */
  removeNode(name: string): Pod[];
  /**
   * Adds a ReplicaSet created after the scheduler (a rollout's new one): PodTopologySpread's default
   * constraints select a pod's siblings through its controlling ReplicaSet's selector, as the informer cache
   * would show it.
   */
  addReplicaSet(rs: ReplicaSet): void;
  /**
   * A new scheduler over a copy of this one's cache (same profile; its own seed and tie-breaking), as if it had
   * been created from the same input: a sweep builds the cache of 100,000 bound pods once and forks it per
   * scenario. Only before the first scheduling cycle (the caches cycles fill are not copied): throws after.
   */
  fork(opts?: Omit<SchedulerOptions, "profile">): Scheduler;
  nodeNames(): readonly string[];
  /** Node a pod (namespace/name) is bound to, or null. */
  nodeOf(pod: Pod | string): string | null;
  podsOn(nodeName: string): Pod[];
  /** Requested cpu (millicores) / memory (bytes) / pods on a node, for displays and checks. */
  usage(nodeName: string): { milliCpu: number; memoryBytes: number; pods: number } | null;
  readonly profile: SchedulerProfile;
}

export function podKey(p: Pod | string): string {
  return typeof p === "string" ? p : `${p.metadata.namespace || "default"}/${p.metadata.name ?? p.metadata.generateName ?? ""}`;
}

class SchedulerImpl implements Scheduler {
  private readonly handle: Handle;
  private readonly fw: Framework;
  private readonly cycle: Cycle;
  private readonly objects: ClusterObjects;
  readonly profile: SchedulerProfile;

  /** `from`: fork that scheduler's cache instead of building one from `input` (see fork()). */
  constructor(input: SchedulerInput, opts: SchedulerOptions, from?: SchedulerImpl) {
    this.profile = opts.profile ?? defaultProfile();
    // Our own ReplicaSet list (addReplicaSet appends to it; every rebuilt state shares it).
    const src: ClusterObjects = from ? from.objects : input;
    this.objects = { namespaces: src.namespaces, services: src.services, replicaSets: [...(src.replicaSets ?? [])], statefulSets: src.statefulSets, replicationControllers: src.replicationControllers };
    if (from) {
      this.handle = { state: from.state.fork(this.objects) };
      this.fw = buildFramework(this.handle, this.profile);
      this.cycle = new Cycle(this.fw, opts.rng ?? createRng(opts.seed ?? 0), opts.fastPath ?? true);
      return;
    }
    this.handle = { state: new ClusterState(input.nodes, this.objects) };
    // Bound pods are added in a canonical order so that input order cannot change anything downstream.
    // Keys built once, not per comparison (a simulation's cache starts from 150,000 bound pods).
    // The simulation hands them over already in that order: then the sort is skipped (checked, not assumed).
    const all = input.pods ?? [];
    const bound: Pod[] = [];
    const infos: PodInfo[] = [];
    for (let i = 0; i < all.length; i++) {
      if (!all[i]!.spec.nodeName) continue;
      bound.push(all[i]!);
      infos.push(compilePod(all[i]!, input.podKeys?.[i]));
    }
    let sorted = true;
    for (let i = 1; i < infos.length && sorted; i++) sorted = infos[i - 1]!.key <= infos[i]!.key;
    const order = infos.map((_, i) => i);
    if (!sorted) order.sort((a, b) => (infos[a]!.key < infos[b]!.key ? -1 : infos[a]!.key > infos[b]!.key ? 1 : 0));
    // The state starts empty and equal keys are now adjacent: only a repeated key replaces a pod (the last
    // one wins, as with bind), the rest are added without looking up one that cannot be there.
    for (let j = 0; j < order.length; j++) {
      const i = order[j]!;
      if (j > 0 && infos[order[j - 1]!]!.key === infos[i]!.key) this.bindInfo(infos[i]!, bound[i]!.spec.nodeName!);
      else this.addInfo(infos[i]!, bound[i]!.spec.nodeName!);
    }
    this.fw = buildFramework(this.handle, this.profile);
    this.cycle = new Cycle(this.fw, opts.rng ?? createRng(opts.seed ?? 0), opts.fastPath ?? true);
  }

  fork(opts: Omit<SchedulerOptions, "profile"> = {}): Scheduler {
    return new SchedulerImpl({ nodes: [] }, { ...opts, profile: this.profile }, this);
  }

  private get state(): ClusterState {
    return this.handle.state;
  }

  private compiled: PodInfo | null = null;

  schedule(pod: Pod, opts: ScheduleOptions = {}): ScheduleResult {
    this.compiled = null;
    let info: PodInfo;
    try {
      info = compilePod(pod, opts.key);
    } catch (e) {
      return { nodeName: null, message: (e as Error).message, outcome: "Error", unschedulablePlugins: [], evaluatedNodes: 0, feasibleNodes: 0 };
    }
    const r = this.cycle.run(info, opts.trace ?? false);
    this.compiled = info;
    return r;
  }

  scheduleAndBind(pod: Pod, opts: ScheduleOptions = {}): ScheduleResult {
    const r = this.schedule(pod, opts);
    if (r.nodeName !== null) {
      // Reuse the PodInfo compiled for the cycle (same pod object, nothing ran in between).
      this.state.putPod(this.compiled!, this.state.index.get(r.nodeName)!);
    }
    return r;
  }

  bind(pod: Pod, nodeName: string): void {
    // The usual caller binds the pod its last schedule() placed: reuse that cycle's PodInfo.
    this.bindInfo(this.compiled !== null && this.compiled.pod === pod ? this.compiled : compilePod(pod), nodeName);
  }

  private bindInfo(info: PodInfo, nodeName: string): void {
    this.state.putPod(info, this.nodeIndex(info, nodeName));
  }

  private addInfo(info: PodInfo, nodeName: string): void {
    this.state.addPod(info, this.nodeIndex(info, nodeName));
  }

  private nodeIndex(info: PodInfo, nodeName: string): number {
    const i = this.state.index.get(nodeName);
    if (i === undefined) throw new Error(`bind ${info.key}: node ${JSON.stringify(nodeName)} does not exist`);
    return i;
  }

  removePod(pod: Pod | string): boolean {
    return this.state.removePod(podKey(pod)) !== null;
  }

  /** resourceFit is asked about the same few pods (one per workload) after every bind: compile each once. */
  private readonly fitInfos = new WeakMap<Pod, { info: PodInfo; requests: string }>();
  /**
   * And about the same node for each of them (the failure memo probes every workload's pod before and after an
   * assume): the last verdict per request tuple, valid while the node's version is the same.
   */
  private readonly lastFit = new Map<string, { node: number; version: number; verdict: string }>();

  resourceFit(pod: Pod, nodeName: string): string {
    const i = this.state.index.get(nodeName);
    const fit = this.fw.filter.find((f) => f instanceof NodeResourcesFit) as NodeResourcesFit | undefined;
    if (i === undefined || !fit) return "";
    let e = this.fitInfos.get(pod);
    if (!e) {
      const info = compilePod(pod);
      const r = info.spec.requests;
      this.fitInfos.set(pod, (e = { info, requests: `${r.milliCpu}|${r.memory}|${r.ephemeralStorage}|${r.scalars.join()}` }));
    }
    const version = this.state.version[i]!;
    const last = this.lastFit.get(e.requests);
    if (last !== undefined && last.node === i && last.version === version) return last.verdict;
    const s = fit.filter(e.info, i);
    const verdict = s === null ? "" : s.reasons.join(", ");
    this.lastFit.set(e.requests, { node: i, version, verdict });
    return verdict;
  }

  markTerminating(pod: Pod, key: string = podKey(pod)): boolean {
    const rec = this.state.pods.get(key);
    if (!rec) return false;
    this.state.replaceRecordInfo(rec, terminatingPodInfo(rec.info, pod));
    return true;
  }

  private rebuild(nodes: Node[]): Pod[] {
    const old = this.state;
    const next = new ClusterState(nodes, this.objects);
    const dropped: Pod[] = [];
    const recs = [...old.pods.values()].sort((a, b) => (a.info.key < b.info.key ? -1 : 1));
    for (const rec of recs) {
      const i = next.index.get(old.names[rec.node]!);
      if (i === undefined) dropped.push(rec.info.pod);
      else next.addPod(rec.info, i);
    }
    this.handle.state = next;
    // Node indices and versions start afresh in the new state.
    this.lastFit.clear();
    return dropped;
  }

  addReplicaSet(rs: ReplicaSet): void {
    this.objects.replicaSets!.push(rs);
  }

  updateNode(node: Node): void {
    const st = this.state;
    const name = node.metadata.name ?? "";
    const i = st.index.get(name);
    if (i !== undefined) {
      const prev = st.nodes[i]!;
      const same =
        JSON.stringify(prev.metadata.labels ?? {}) === JSON.stringify(node.metadata.labels ?? {}) &&
        JSON.stringify(prev.status?.allocatable ?? {}) === JSON.stringify(node.status?.allocatable ?? {});
      if (same) {
        st.updateNodeTaints(i, node);
        return;
      }
      const nodes = [...st.nodes];
      nodes[i] = node;
      this.rebuild(nodes);
      return;
    }
    this.rebuild([...st.nodes, node]);
  }

  removeNode(name: string): Pod[] {
    if (!this.state.index.has(name)) return [];
    return this.rebuild(this.state.nodes.filter((n) => n.metadata.name !== name));
  }

  nodeNames(): readonly string[] {
    return this.state.names;
  }

  nodeOf(pod: Pod | string): string | null {
    const rec = this.state.pods.get(podKey(pod));
    return rec ? this.state.names[rec.node]! : null;
  }

  podsOn(nodeName: string): Pod[] {
    const i = this.state.index.get(nodeName);
    return i === undefined ? [] : this.state.podsOn[i]!.map((r) => r.info.pod);
  }

  usage(nodeName: string) {
    const i = this.state.index.get(nodeName);
    if (i === undefined) return null;
    return { milliCpu: this.state.reqMilliCpu[i]!, memoryBytes: this.state.reqMemory[i]!, pods: this.state.podCount[i]! };
  }
}

/**
 * Creates a scheduler over a snapshot: `createScheduler(input, options)` or `createScheduler(input, profile, seed)`.
 * Throws (naming the field) when a node's allocatable does not parse.
 */
export function createScheduler(input: SchedulerInput, config: SchedulerOptions | SchedulerProfile = {}, seed?: number): Scheduler {
  const opts: SchedulerOptions = "plugins" in config ? { profile: config as SchedulerProfile, seed } : { ...(config as SchedulerOptions), ...(seed !== undefined ? { seed } : {}) };
  return new SchedulerImpl(input, opts);
}
