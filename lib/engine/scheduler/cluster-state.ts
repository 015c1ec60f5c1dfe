/**
 * The scheduler's cluster snapshot, laid out for speed: nodes in node-tree order (node-tree.ts) addressed by index, resource
 * accounting in typed arrays (one slot per node), topology labels interned to integer domain ids per key, and
 * incremental counters (see counters.ts) kept current on every bind / remove.
 *
 * Node set or label changes rebuild the state (rare: a simulation fails nodes through taints and
 * `unschedulable`, which are updated in place and only invalidate the cached eligibility masks).
 */
import type { Labels } from "../../k8s/selector";
import { compileLabelSelector, indexLabel } from "../../k8s/selector";
import type { Node, Taint, LabelSelector } from "../../k8s/types";
import { resourceAmount } from "../../k8s/quantity";
import { isDoNotScheduleTaint } from "../../k8s/tolerations";
import { Counter, eligibleNodesPerDomain, Int32Slab, LabelIndex, predicateKey, TAINT_MASK_PREFIX, TermGroup, type PodPredicate, type TermKind, type TopologyKeyIndex } from "./counters";
import type { PodInfo } from "./pod-info";
import type { ClusterObjects, PodRecord } from "./cluster-objects";
import { isScalarResourceName } from "./pod-requests";
import { nodeTreeOrder } from "./node-tree";

export type { StatefulSetLike, ReplicationControllerLike, ClusterObjects, PodRecord } from "./cluster-objects";

/** Distinct domain sets per topology whose node lists domainOrder keeps (2^zones at most in practice). */
const MAX_ORDER_LISTS = 1024;

export class ClusterState {
  readonly n: number;
  readonly nodes: Node[];
  readonly names: string[];
  readonly index = new Map<string, number>();
  readonly labels: Labels[];

  readonly allocMilliCpu: Float64Array;
  readonly allocMemory: Float64Array;
  readonly allocEphemeral: Float64Array;
  readonly allocPods: Float64Array;
  readonly reqMilliCpu: Float64Array;
  readonly reqMemory: Float64Array;
  readonly reqEphemeral: Float64Array;
  readonly nzMilliCpu: Float64Array;
  readonly nzMemory: Float64Array;
  readonly podCount: Int32Array;
  /**
   * What is left per node, packed with stride 4 ([4i] pods, [4i+1] milli-cpu, [4i+2] memory), kept equal to
   * allocatable - requested: a cache miss of the fused filter reads one cache line per node instead of six
   * arrays. [4i+3] is unused.
   */
  readonly free: Float64Array;
  /**
   * The fast path's cached fit verdict or resource score of node i (NaN = stale): any change of the node's
   * requests resets it. Dense, apart from `free`: the scan reads it on every node it visits, and eight nodes'
   * values share a cache line instead of two.
   */
  readonly fitScore: Float64Array;
  /** Who filled fitScore, and for which request tuple (fast-cycle.ts). */
  scoreCacheOwner: unknown = null;
  /**
   * The stamp of node i's last change (requested resources, taints or unschedulable flag): a cache computed at
   * stamp S from some nodes holds while none of them has a later version (domain-summary.ts).
   */
  readonly version: Int32Array;
  /** The last stamp given out (one per node change; 2^31 changes would wrap it). */
  stamp = 0;
  /**
   * The nodes changed, in order (a node once per change), from change number `changedBase` on: a cache brought
   * up to date after change c re-reads only changed[c - changedBase...], not every node's version. Restarted
   * when it grows past a few times the node count (a cache that far behind re-reads every version instead).
   */
  readonly changed: number[] = [];
  changedBase = 0;
  readonly scalarAlloc = new Map<string, Float64Array>();
  readonly scalarReq = new Map<string, Float64Array>();

  readonly unschedulable: Uint8Array;
  readonly taints: (readonly Taint[])[];
  /** Nodes with at least one NoSchedule/NoExecute taint; with PreferNoSchedule taints; unschedulable. */
  hardTaintedNodes = 0;
  preferTaintedNodes = 0;
  unschedulableNodes = 0;
  readonly usedHostPorts: (Map<string, number> | null)[];

  readonly podsOn: PodRecord[][];
  readonly pods: Map<string, PodRecord> = new Map();
  /** Bound pods by `key=value` label, so a new counter is filled from the pods that can match it. */
  private readonly podsByLabel = new Map<string, Set<PodRecord>>();
  podsWithRequiredAntiAffinity = 0;

  readonly namespaceLabels = new Map<string, Labels>();
  readonly objects: Required<ClusterObjects>;

  /** Bumped whenever taints / unschedulable change: cached eligibility masks and views become stale. */
  generation = 0;
  readonly maskCache = new Map<string, Uint8Array | null>();
  /** Counters holding views over taint-dependent masks: what a taint change must clear. */
  private readonly taintViewCounters = new Set<Counter>();
  private readonly noteTaintView = (c: Counter) => void this.taintViewCounters.add(c);
  /** Eligible nodes per domain by topology key and mask key (what every counter's view over them needs). */
  private readonly eligibleCache = new Map<string, Int32Array>();
  private readonly eligibleFor = (topo: TopologyKeyIndex, mask: Uint8Array, maskKey: string): Int32Array => {
    const k = `${topo.key}\u0000${maskKey}`;
    let e = this.eligibleCache.get(k);
    if (e === undefined) this.eligibleCache.set(k, (e = eligibleNodesPerDomain(topo, mask)));
    return e;
  };
  /** Nodes admitted by a required node affinity, by its canonical key (labels only change on rebuild). */
  readonly nodeAffinityMasks = new Map<string, Uint8Array>();
  /**
   * The plugins' per-template memos for this state (constraint lists, views, counters), keyed by the template's
   * shared level object. They live here, not in the level: levels are cached for as long as their spec object
   * lives (a sweep's input), so a memo in the level would keep every finished scenario's state alive.
   */
  private readonly templateMemos = new WeakMap<object, Map<string, unknown>>();
  /** Replicas of one template are scheduled one after another: most lookups hit this one-entry cache. */
  private lastMemoOwner: object | null = null;
  private lastMemo: Map<string, unknown> | null = null;

  private readonly topo = new Map<string, TopologyKeyIndex>();
  private readonly orderCache = new WeakMap<Int32Array, Map<number, Int32Array | null>>();
  private readonly counters = new Map<string, Counter>();
  private readonly slab = new Int32Slab();
  private readonly counterIndex = new LabelIndex<Counter>();
  private readonly termGroups = new Map<string, TermGroup>();
  private readonly termGroupOf = new WeakMap<object, TermGroup>();
  private readonly termGroupIndex: Record<TermKind, LabelIndex<TermGroup>> = {
    requiredAffinity: new LabelIndex(),
    requiredAntiAffinity: new LabelIndex(),
    preferredAffinity: new LabelIndex(),
    preferredAntiAffinity: new LabelIndex(),
  };
  readonly termGroupCount: Record<TermKind, number> = { requiredAffinity: 0, requiredAntiAffinity: 0, preferredAffinity: 0, preferredAntiAffinity: 0 };

  /** This state's memo for the template whose shared level object is `owner` (PodInfo.shared). */
  memoFor(owner: object): Map<string, unknown> {
    if (owner === this.lastMemoOwner) return this.lastMemo!;
    let m = this.templateMemos.get(owner);
    if (m === undefined) this.templateMemos.set(owner, (m = new Map()));
    this.lastMemoOwner = owner;
    this.lastMemo = m;
    return m;
  }

  /**
   * `from`: copy that state instead of building one from `nodes` (see fork()); `objects` is then the copy's own
   * object lists.
   */
  constructor(nodes: readonly Node[], objects: ClusterObjects = {}, from?: ClusterState) {
    if (from) {
      this.n = from.n;
      // Never written after construction (a node set or label change builds a new state): shared.
      this.names = from.names;
      this.index = from.index;
      this.labels = from.labels;
      this.nodes = [...from.nodes];
      this.allocMilliCpu = from.allocMilliCpu.slice();
      this.allocMemory = from.allocMemory.slice();
      this.allocEphemeral = from.allocEphemeral.slice();
      this.allocPods = from.allocPods.slice();
      this.reqMilliCpu = from.reqMilliCpu.slice();
      this.reqMemory = from.reqMemory.slice();
      this.reqEphemeral = from.reqEphemeral.slice();
      this.nzMilliCpu = from.nzMilliCpu.slice();
      this.nzMemory = from.nzMemory.slice();
      this.podCount = from.podCount.slice();
      this.free = from.free.slice();
      this.fitScore = from.fitScore.slice();
      this.version = from.version.slice();
      this.stamp = from.stamp;
      this.changedBase = from.changedBase + from.changed.length;
      for (const [k, a] of from.scalarAlloc) this.scalarAlloc.set(k, a.slice());
      for (const [k, a] of from.scalarReq) this.scalarReq.set(k, a.slice());
      this.unschedulable = from.unschedulable.slice();
      this.taints = [...from.taints];
      this.hardTaintedNodes = from.hardTaintedNodes;
      this.preferTaintedNodes = from.preferTaintedNodes;
      this.unschedulableNodes = from.unschedulableNodes;
      this.usedHostPorts = from.usedHostPorts.map((m) => (m === null ? null : new Map(m)));
      this.generation = from.generation;
      this.objects = {
        namespaces: objects.namespaces ?? [], services: objects.services ?? [], replicaSets: objects.replicaSets ?? [],
        statefulSets: objects.statefulSets ?? [], replicationControllers: objects.replicationControllers ?? [],
      };
      for (const [k, v] of from.namespaceLabels) this.namespaceLabels.set(k, v);
      // Topology indices are read-only once built.
      for (const [k, t] of from.topo) this.topo.set(k, t);
      // The collections are copied, the records in them shared: a record is changed only by the state that
      // owns it (replaceRecordInfo copies a shared one first), so neither side sees the other's changes.
      this.pods = new Map(from.pods);
      this.podsOn = from.podsOn.map((list) => list.slice());
      for (const [lp, set] of from.podsByLabel) this.podsByLabel.set(lp, new Set(set));
      this.podsWithRequiredAntiAffinity = from.podsWithRequiredAntiAffinity;
      for (const [key, g] of from.termGroups) {
        const copy = new TermGroup(key, g.kind, g.term, g.topo, this.slab);
        copy.perDomain.set(g.perDomain);
        copy.count = g.count;
        this.termGroups.set(key, copy);
        this.termGroupIndex[g.kind].add(g.term.selector, copy);
        this.termGroupCount[g.kind]++;
      }
      return;
    }
    // Node indices follow kube-scheduler's node tree (zone round-robin): the filter walk and sampling depend on it.
    this.nodes = nodeTreeOrder(nodes);
    const n = (this.n = this.nodes.length);
    this.names = this.nodes.map((x) => x.metadata.name ?? "");
    this.names.forEach((name, i) => this.index.set(name, i));
    this.labels = this.nodes.map((x) => x.metadata.labels ?? {});
    this.allocMilliCpu = new Float64Array(n);
    this.allocMemory = new Float64Array(n);
    this.allocEphemeral = new Float64Array(n);
    this.allocPods = new Float64Array(n);
    this.reqMilliCpu = new Float64Array(n);
    this.reqMemory = new Float64Array(n);
    this.reqEphemeral = new Float64Array(n);
    this.nzMilliCpu = new Float64Array(n);
    this.nzMemory = new Float64Array(n);
    this.podCount = new Int32Array(n);
    this.free = new Float64Array(4 * n);
    this.fitScore = new Float64Array(n).fill(NaN);
    this.version = new Int32Array(n);
    this.unschedulable = new Uint8Array(n);
    this.taints = new Array(n);
    this.usedHostPorts = new Array(n).fill(null);
    this.podsOn = this.nodes.map(() => []);
    this.nodes.forEach((node, i) => {
      const alloc = node.status?.allocatable ?? {};
      for (const [name, q] of Object.entries(alloc)) {
        const v = resourceAmount(name, q);
        if (name === "cpu") this.allocMilliCpu[i] = v;
        else if (name === "memory") this.allocMemory[i] = v;
        else if (name === "ephemeral-storage") this.allocEphemeral[i] = v;
        else if (name === "pods") this.allocPods[i] = v;
        else if (isScalarResourceName(name)) this.scalarArray(this.scalarAlloc, name)[i] = v;
      }
      this.setTaintsAt(i, node);
      this.updateFree(i);
    });
    this.objects = {
      namespaces: objects.namespaces ?? [],
      services: objects.services ?? [],
      replicaSets: objects.replicaSets ?? [],
      statefulSets: objects.statefulSets ?? [],
      replicationControllers: objects.replicationControllers ?? [],
    };
    for (const ns of this.objects.namespaces) if (ns.metadata.name) this.namespaceLabels.set(ns.metadata.name, ns.metadata.labels ?? {});
  }

  /**
   * A copy that behaves exactly as a state built from the same nodes and bound pods (a sweep builds its cache
   * once and forks it per scenario). Only for a state no scheduling cycle has used yet: the caches cycles fill
   * (counters, views, masks, per-template memos) hold references into their own state and are not copied.
   * `objects` are the copy's own object lists.
   */
  fork(objects: ClusterObjects): ClusterState {
    const used = this.counters.size > 0 || this.maskCache.size > 0 || this.nodeAffinityMasks.size > 0 || this.lastMemoOwner !== null ||
      this.taintViewCounters.size > 0 || this.scoreCacheOwner !== null || this.orderScratch.length > 0;
    if (used) throw new Error("ClusterState.fork: the state has run scheduling cycles (only a freshly built state can be forked)");
    return new ClusterState([], objects, this);
  }

  scalarArray(m: Map<string, Float64Array>, name: string): Float64Array {
    let a = m.get(name);
    if (!a) {
      a = new Float64Array(this.n);
      m.set(name, a);
    }
    return a;
  }

  private setTaintsAt(i: number, node: Node): void {
    const taints = node.spec?.taints ?? [];
    const wasHard = this.taints[i]?.some(isDoNotScheduleTaint) ?? false;
    const wasPrefer = this.taints[i]?.some((t) => t.effect === "PreferNoSchedule") ?? false;
    this.taints[i] = taints;
    this.hardTaintedNodes += (taints.some(isDoNotScheduleTaint) ? 1 : 0) - (wasHard ? 1 : 0);
    this.preferTaintedNodes += (taints.some((t) => t.effect === "PreferNoSchedule") ? 1 : 0) - (wasPrefer ? 1 : 0);
    const unsched = node.spec?.unschedulable ? 1 : 0;
    this.unschedulableNodes += unsched - this.unschedulable[i]!;
    this.unschedulable[i] = unsched;
    this.noteChange(i);
  }

  /** In-place update of taints / unschedulable (same name, labels and allocatable). */
  updateNodeTaints(i: number, node: Node): void {
    this.nodes[i] = node;
    this.setTaintsAt(i, node);
    this.generation++;
    // Only the nodeTaintsPolicy Honor masks (and the views over them) read taints; labels did not change.
    for (const k of [...this.maskCache.keys()]) if (k.startsWith(TAINT_MASK_PREFIX)) this.maskCache.delete(k);
    for (const k of [...this.eligibleCache.keys()]) if (k.includes(`\u0000${TAINT_MASK_PREFIX}`)) this.eligibleCache.delete(k);
    for (const c of this.taintViewCounters) c.clearViews(TAINT_MASK_PREFIX);
    this.taintViewCounters.clear();
  }

  nsLabels(namespace: string): Labels | undefined {
    return this.namespaceLabels.get(namespace);
  }

  // ---------------------------------------------------------------- topology
  /**
   * The node indices (ascending) whose domain under `domainOf` (one of a topology's `numDomains` ids) has its
   * bit set in `allowed`; null when that is every node (nothing to skip) or when too many distinct sets were
   * asked for (the caller then walks every node). Labels never change within a state, so lists stay valid.
   */
  domainOrder(domainOf: Int32Array, numDomains: number, allowed: number): Int32Array | null {
    let byMask = this.orderCache.get(domainOf);
    if (!byMask) this.orderCache.set(domainOf, (byMask = new Map()));
    const hit = byMask.get(allowed);
    if (hit !== undefined) return hit;
    if (byMask.size >= MAX_ORDER_LISTS) return null;
    // One pass into a scratch row, then a copy into the state's slab: a workload spreading over many zones
    // asks for hundreds of domain sets per run, and a typed array of its own per list is costly to allocate.
    if (this.orderScratch.length < this.n) this.orderScratch = new Int32Array(this.n);
    const scratch = this.orderScratch;
    let count = 0;
    for (let i = 0; i < this.n; i++) {
      const d = domainOf[i]!;
      if (d >= 0 && d < numDomains && (allowed & (1 << d)) !== 0) scratch[count++] = i;
    }
    let list: Int32Array | null = null;
    if (count < this.n) {
      list = this.slab.alloc(count);
      for (let k = 0; k < count; k++) list[k] = scratch[k]!;
    }
    byMask.set(allowed, list);
    return list;
  }
  private orderScratch = new Int32Array(0);

  topology(key: string): TopologyKeyIndex {
    let t = this.topo.get(key);
    if (!t) {
      const domainOf = new Int32Array(this.n);
      const ids = new Map<string, number>();
      const values: string[] = [];
      let withKey = 0;
      for (let i = 0; i < this.n; i++) {
        const l = this.labels[i]!;
        if (!Object.prototype.hasOwnProperty.call(l, key)) {
          domainOf[i] = -1;
          continue;
        }
        const v = l[key]!;
        let id = ids.get(v);
        if (id === undefined) {
          id = values.length;
          ids.set(v, id);
          values.push(v);
        }
        domainOf[i] = id;
        withKey++;
      }
      const nodesPerDomain = new Int32Array(values.length);
      for (let i = 0; i < this.n; i++) if (domainOf[i]! >= 0) nodesPerDomain[domainOf[i]!]! += 1;
      // Ids are given in node order: with a distinct value on every node, node i's domain is i.
      t = { key, domainOf, values, nodesPerDomain, nodesWithKey: withKey, identity: withKey === this.n && values.length === this.n };
      this.topo.set(key, t);
    }
    return t;
  }

  // ---------------------------------------------------------------- counters
  counter(preds: PodPredicate[], excludeTerminating: boolean): Counter {
    const key = predicateKey(preds, excludeTerminating);
    let c = this.counters.get(key);
    if (!c) {
      c = new Counter(key, preds, excludeTerminating, this.n, this.slab);
      c.onTaintView = this.noteTaintView;
      c.eligibleFor = this.eligibleFor;
      const il = indexLabel(preds[0]!.selector);
      const source = il === null ? this.pods.values() : (this.podsByLabel.get(il) ?? new Set<PodRecord>()).values();
      for (const rec of source) if (c.matches(rec.info)) c.apply(rec.node, 1);
      this.counters.set(key, c);
      this.counterIndex.add(preds[0]!.selector, c);
    }
    return c;
  }

  /** Term groups of `kind` whose term could select the pod (label-indexed); the caller checks namespaces. */
  forTermGroupCandidates(kind: TermKind, pod: PodInfo, fn: (g: TermGroup) => void): void {
    if (this.termGroupCount[kind] === 0) return;
    this.termGroupIndex[kind].forCandidates(pod.labelPairs, fn);
  }

  private applyTermGroups(info: PodInfo, node: number, delta: number): void {
    if (info.requiredAffinityTerms.length > 0) this.applyTerms("requiredAffinity", info.requiredAffinityTerms, node, delta);
    if (info.requiredAntiAffinityTerms.length > 0) this.applyTerms("requiredAntiAffinity", info.requiredAntiAffinityTerms, node, delta);
    if (info.preferredAffinityTerms.length > 0) this.applyTerms("preferredAffinity", info.preferredAffinityTerms, node, delta);
    if (info.preferredAntiAffinityTerms.length > 0) this.applyTerms("preferredAntiAffinity", info.preferredAntiAffinityTerms, node, delta);
  }

  private applyTerms(kind: TermKind, terms: PodInfo["requiredAffinityTerms"], node: number, delta: number): void {
    for (const t of terms) {
      // A template's replicas share their compiled term objects: find the group by identity first, and build
      // the key string (and hash it) only for a term object not seen yet.
      let g = this.termGroupOf.get(t);
      if (!g) {
        const key = `${kind}|${t.weight}|${t.key}`;
        g = this.termGroups.get(key);
        if (!g) {
          if (delta < 0) continue;
          g = new TermGroup(key, kind, t, this.topology(t.topologyKey), this.slab);
          this.termGroups.set(key, g);
          this.termGroupIndex[kind].add(t.selector, g);
          this.termGroupCount[kind]++;
        }
        this.termGroupOf.set(t, g);
      }
      g.apply(node, delta);
    }
  }

  // ---------------------------------------------------------------- pods
  /** Accounts a pod on node i (NodeInfo.AddPod) and updates every counter that selects it. */
  addPod(info: PodInfo, i: number): PodRecord {
    const rec: PodRecord = { info, node: i, owner: this };
    this.pods.set(info.key, rec);
    this.podsOn[i]!.push(rec);
    for (const lp of info.labelPairs) {
      let set = this.podsByLabel.get(lp);
      if (!set) this.podsByLabel.set(lp, (set = new Set()));
      set.add(rec);
    }
    this.account(info, i, 1);
    return rec;
  }

  /**
   * addPod in place of any pod of the same key (a bind replaces the cache's earlier copy). Almost every bind is
   * of a pod the cache has never held: one map operation then, not a lookup that misses in a map of every pod
   * before the insertion. Should the key have been there, the insertion replaced its map entry, and the old
   * record is found on the nodes' lists and undone (counters are sums: the order of the two makes no difference).
   */
  putPod(info: PodInfo, i: number): PodRecord {
    const n = this.pods.size;
    const rec = this.addPod(info, i);
    if (this.pods.size === n) this.dropReplaced(rec);
    return rec;
  }

  private dropReplaced(rec: PodRecord): void {
    for (const list of this.podsOn) {
      const at = list.findIndex((old) => old !== rec && old.info.key === rec.info.key);
      if (at < 0) continue;
      const old = list[at]!;
      list.splice(at, 1);
      for (const lp of old.info.labelPairs) this.podsByLabel.get(lp)?.delete(old);
      this.account(old.info, old.node, -1);
      return;
    }
  }

  /** Replaces a bound pod's PodInfo in place (same node, same requests): only the counters are re-applied. */
  replacePodInfo(info: PodInfo): boolean {
    const rec = this.pods.get(info.key);
    if (!rec) return false;
    this.replaceRecordInfo(rec, info);
    return true;
  }

  /** replacePodInfo for the record the caller already looked up (rec.info.key === info.key). */
  replaceRecordInfo(shared: PodRecord, info: PodInfo): void {
    const rec = shared.owner === this ? shared : this.ownCopy(shared);
    if (info.terminating && !rec.info.terminating && info.spec === rec.info.spec && info.labels === rec.info.labels) {
      // The pod became terminating (markTerminating): requests, host ports and affinity terms stay as they
      // are; only the counters that leave terminating pods out lose it. An outage marks tens of thousands.
      this.counterIndex.applyMatching(rec.info, rec.node, -1, true);
      rec.info = info;
      return;
    }
    this.account(rec.info, rec.node, -1);
    rec.info = info;
    this.account(info, rec.node, 1);
  }

  /** This state's own copy of a record it shares with the state it was forked from, in the same places. */
  private ownCopy(shared: PodRecord): PodRecord {
    const rec: PodRecord = { info: shared.info, node: shared.node, owner: this };
    this.pods.set(rec.info.key, rec);
    const list = this.podsOn[rec.node]!;
    list[list.indexOf(shared)] = rec;
    for (const lp of rec.info.labelPairs) {
      const set = this.podsByLabel.get(lp)!;
      set.delete(shared);
      set.add(rec);
    }
    return rec;
  }

  /** Node i changed (requests, taints or the unschedulable flag): a new version, and an entry in `changed`. */
  private noteChange(i: number): void {
    this.version[i] = ++this.stamp;
    if (this.changed.length >= 4 * this.n + 64) {
      this.changedBase += this.changed.length;
      this.changed.length = 0;
    }
    this.changed.push(i);
  }

  removePod(key: string): PodRecord | null {
    const rec = this.pods.get(key);
    if (!rec) return null;
    this.pods.delete(key);
    const list = this.podsOn[rec.node]!;
    const at = list.indexOf(rec);
    if (at >= 0) list.splice(at, 1);
    for (const lp of rec.info.labelPairs) this.podsByLabel.get(lp)?.delete(rec);
    this.account(rec.info, rec.node, -1);
    return rec;
  }

  private updateFree(i: number): void {
    this.free[4 * i] = this.allocPods[i]! - this.podCount[i]!;
    this.free[4 * i + 1] = this.allocMilliCpu[i]! - this.reqMilliCpu[i]!;
    this.free[4 * i + 2] = this.allocMemory[i]! - this.reqMemory[i]!;
    this.fitScore[i] = NaN;
  }

  /** Marks every cached resource score stale (the request tuple it was computed for changed). */
  resetScoreCache(owner: unknown): void {
    this.scoreCacheOwner = owner;
    this.fitScore.fill(NaN);
  }

  private account(info: PodInfo, i: number, delta: number): void {
    const r = info.spec.requests;
    this.reqMilliCpu[i]! += delta * r.milliCpu;
    this.reqMemory[i]! += delta * r.memory;
    this.reqEphemeral[i]! += delta * r.ephemeralStorage;
    if (r.scalars.length > 0) for (const [name, v] of r.scalars) this.scalarArray(this.scalarReq, name)[i]! += delta * v;
    this.nzMilliCpu[i]! += delta * info.spec.nzCpu;
    this.nzMemory[i]! += delta * info.spec.nzMem;
    this.podCount[i]! += delta;
    this.noteChange(i);
    this.updateFree(i);
    if (info.spec.hostPorts.length > 0) {
      let m = this.usedHostPorts[i];
      if (!m) m = this.usedHostPorts[i] = new Map();
      // Per "hostIP|protocol/port", and per "*|protocol/port" over every hostIP (what a 0.0.0.0 bind conflicts with).
      for (const p of info.spec.hostPorts) {
        m.set(p, (m.get(p) ?? 0) + delta);
        const any = `*${p.slice(p.indexOf("|"))}`;
        m.set(any, (m.get(any) ?? 0) + delta);
      }
    }
    if (info.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity += delta;
    this.counterIndex.applyMatching(info, i, delta);
    if (info.hasPodAffinity) this.applyTermGroups(info, i, delta);
  }

  /** A compiled selector from a ReplicaSet / StatefulSet selector (invalid selectors select nothing). */
  static safeSelector(sel: LabelSelector | undefined) {
    try {
      return compileLabelSelector(sel ?? null);
    } catch {
      return compileLabelSelector(null);
    }
  }
}
