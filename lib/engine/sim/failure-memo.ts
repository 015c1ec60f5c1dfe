/**
 * Per-workload memory of scheduling failures, and the queueing hints that go with it.
 *
 * Pods of one ReplicaSet share their spec, so kube-scheduler reaches the same verdict for each of them against
 * the same cluster. A failure (and its FailedScheduling message) stays valid until an event happens that could
 * change what one of the filters says about one node for that workload:
 *  - a node's first untolerated NoSchedule/NoExecute taint (for the workload's tolerations) changes: this is
 *    what TaintToleration reports and what nodeTaintsPolicy Honor uses; adding a taint the pods tolerate, or a
 *    second untolerated one behind the first, changes nothing (the unreachable NoExecute taint after the
 *    NoSchedule one: thousands of node updates during a zone outage);
 *  - an assigned pod leaves (or turns terminating) and either matches one of the workload's spread / affinity
 *    selectors, or carries required anti-affinity, or the failure involved resources or ports (freed now);
 *  - any pod is assumed on a node (it may turn a spread rejection into an Insufficient-cpu one, or satisfy a
 *    spread or affinity constraint).
 * The same relevance decides which unschedulable workloads a pod deletion moves back to the active queue, as
 * the plugins' queueing hints do upstream (PodTopologySpread / InterPodAffinity: the deleted pod matches the
 * selector; NodeResourcesFit: any assigned pod deleted), instead of moving every unschedulable pod.
 */
import { compileLabelSelector, type CompiledSelector } from "../../k8s/selector";
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint } from "../../k8s/tolerations";
import type { Pod, Taint, Toleration } from "../../k8s/types";
import { LabelIndex } from "../scheduler/counters";
import { hostPorts } from "../scheduler/pod-info";
import type { ClusterState, SimPod } from "./state";

/** Message fragments of the filters whose verdict depends on other pods' resources or ports. */
const RESOURCE_FRAGMENTS = ["Insufficient", "Too many pods", "free ports"];
/** Fragments the hints understand; a message with none of them is treated as "anything may help". */
const KNOWN_FRAGMENTS = [...RESOURCE_FRAGMENTS, "untolerated taint", "topology spread", "affinity", "unschedulable", "node name", "missing required label"];

interface GroupFacts {
  /** Topology keys of the DoNotSchedule spread constraints (the only spread rules that filter). */
  hardKeys: string[];
  /** Spread and (anti-)affinity selectors of the workload's pods, with the namespaces they look at. */
  selectors: { namespaces: string[] | null; sel: CompiledSelector }[];
  hasAntiAffinity: boolean;
}

interface Entry {
  message: string;
  resources: boolean;
  unknown: boolean;
  /** InterPodAffinity rejected some node: a leaving pod may change what a node is rejected for. */
  podAffinity: boolean;
  /** The failing pod's tolerations (admission defaults included), as TaintToleration saw them. */
  tolerations: readonly Toleration[] | undefined;
  tolerationsKey: string;
  /** The pod that failed (its requests are what NodeResourcesFit weighed). */
  pod: Pod;
}

/** What the memos that may outlive an assume saw of the target node before it (see `beforeAssume`). */
export interface AssumeProbe {
  groups: number[];
  fits: string[];
}


export class FailureMemo {
  private readonly valid = new Map<number, Entry>();
  /** Valid entries involving resources or ports, by tolerations: a leaving pod frees room on its node, which
   *  matters unless TaintToleration rejects that node for those tolerations anyway. */
  private readonly sensitive = new Map<string, { tolerations: readonly Toleration[] | undefined; groups: Set<number> }>();
  /** Every valid entry by tolerations: what a taint change looks at (one verdict per class). */
  private readonly byTolerations = new Map<string, { tolerations: readonly Toleration[] | undefined; groups: Set<number> }>();
  /** Valid entries with a message the hints do not know: any leaving pod invalidates them. */
  private readonly fragile = new Set<number>();
  /** Last failure per group, valid or not: what the queueing hints look at. */
  private readonly last = new Map<number, Entry>();
  private readonly facts = new Map<number, GroupFacts>();
  /** Node labels do not change during a simulation: topology key -> value -> node indices. */
  private readonly domainNodes = new Map<string, Map<string, number[]>>();
  /**
   * Per tolerations key: topology key -> value -> how many nodes of that domain TaintToleration does NOT reject
   * for those tolerations. Kept up to date on every taint change (one node at a time) instead of recounted: a
   * zone outage asks it once per evicted pod while the tainter changes a node of that zone every 10 s. Nested
   * maps, so no key string is built per lookup.
   */
  private readonly domainAccepted = new Map<string, { tolerations: readonly Toleration[] | undefined; byKey: Map<string, Map<string, number>> }>();
  /** Labels object of a leaving pod (shared by a ReplicaSet's pods) -> groups whose selectors match it. */
  private matching = new WeakMap<object, { ns: string; groups: number[] }>();
  /** The groups' selectors indexed by one label each (rebuilt when a ReplicaSet is added): every pod of a
   *  ReplicaSet has its own labels object, so the memo above rarely hits, and a scan of every group per
   *  leaving pod was a thousand selector tests per eviction. */
  private groupIndex: LabelIndex<number> | null = null;
  /** seen[g] === stamp: group g was already tested for this pod. */
  private readonly seen: number[] = [];
  private stamp = 0;

  constructor(private readonly state: ClusterState) {}

  /**
   * valid's messages by group index, for `get` (asked once per scheduling attempt: 3.6 million times in W4's
   * 6-hour run); kept in step with `valid` by set, drop and invalidateAll.
   */
  private readonly validMessage: (string | undefined)[] = [];

  get(rsIdx: number): string | undefined {
    return rsIdx >= 0 ? this.validMessage[rsIdx] : undefined;
  }

  set(rsIdx: number, pod: Pod, message: string): void {
    const resources = RESOURCE_FRAGMENTS.some((f) => message.includes(f));
    const unknown = !KNOWN_FRAGMENTS.some((f) => message.includes(f));
    const prev = this.last.get(rsIdx);
    const tolerations = pod.spec.tolerations;
    const tolerationsKey = prev && prev.tolerations === tolerations ? prev.tolerationsKey : JSON.stringify(tolerations ?? []);
    const podAffinity = message.includes("pod affinity") || message.includes("anti-affinity");
    const e = { message, resources, unknown, podAffinity, tolerations, tolerationsKey, pod };
    this.drop(rsIdx);
    this.valid.set(rsIdx, e);
    while (this.validMessage.length <= rsIdx) this.validMessage.push(undefined);
    this.validMessage[rsIdx] = message;
    let tc = this.byTolerations.get(tolerationsKey);
    if (!tc) this.byTolerations.set(tolerationsKey, (tc = { tolerations, groups: new Set() }));
    tc.groups.add(rsIdx);
    if (unknown) this.fragile.add(rsIdx);
    else if (resources) {
      let cls = this.sensitive.get(tolerationsKey);
      if (!cls) this.sensitive.set(tolerationsKey, (cls = { tolerations, groups: new Set() }));
      cls.groups.add(rsIdx);
    }
    this.last.set(rsIdx, e);
  }

  /** A ReplicaSet was created (a rollout's): the groups each pod's labels match must be found again. */
  replicaSetAdded(): void {
    this.matching = new WeakMap();
    this.groupIndex = null;
  }

  /** A pod was assumed and nothing more is known: any failure may now read differently. */
  podAssumed(): void {
    this.invalidateAll();
  }

  /**
   * Pod `q` is about to be assumed on one node; `fit(pod)` is NodeResourcesFit's verdict for a pod on that node.
   * An assume changes, for another workload's pods, only that node and only through: spread and affinity counts
   * (q matches the workload's selectors: dropped now), the symmetric anti-affinity of q itself and host ports
   * (NodePorts runs before NodeResourcesFit: everything is dropped), and the node's free resources. For the rest
   * the node's verdict is unchanged when NodeResourcesFit says the same after the assume as before it (the
   * filters before it do not look at pods; those after it only at matching ones), so their memos are kept:
   * during a region outage the few replacements that do bind used to drop every memo, and each group then
   * rescheduled over 9,000 nodes to fail the same way again. Call `afterAssume` with the result once bound.
   */
  beforeAssume(q: SimPod, fit: (pod: Pod) => string): AssumeProbe | null {
    if (q.rsIdx < 0 || this.factsOf(q.rsIdx).hasAntiAffinity || hostPorts(q.pod).length > 0) {
      this.invalidateAll();
      return null;
    }
    for (const g of [...this.fragile]) this.drop(g);
    for (const g of this.matchingGroups(q)) this.drop(g);
    const groups: number[] = [];
    const fits: string[] = [];
    for (const [g, e] of this.valid) {
      groups.push(g);
      fits.push(fit(e.pod));
    }
    return { groups, fits };
  }

  /** After the assume `beforeAssume` probed: drop the memos for which the node's resource verdict changed. */
  afterAssume(probe: AssumeProbe | null, fit: (pod: Pod) => string): void {
    if (probe === null) return;
    for (let k = 0; k < probe.groups.length; k++) {
      const e = this.valid.get(probe.groups[k]!);
      if (e && fit(e.pod) !== probe.fits[k]) this.drop(probe.groups[k]!);
    }
  }

  /** Groups with unschedulable pods a leaving assigned pod `q` may help (and whose memo it invalidates). */
  podLeft(q: SimPod, candidates: readonly number[]): number[] {
    // No memo to drop (the fragile, sensitive and toleration indexes hold valid groups only) and none to move:
    // a zone outage marks its 50,000 pods terminating before the first replacement fails.
    if (candidates.length === 0 && this.valid.size === 0) return [];
    const out: number[] = [];
    const anti = q.rsIdx < 0 || this.factsOf(q.rsIdx).hasAntiAffinity;
    const matches = this.matchingGroups(q);
    if (candidates.length > 0) {
      // (no Set for the usual call: a pod turning terminating has no candidates, 50,000 times in a zone outage)
      const matching = new Set(matches);
      for (const g of candidates) {
        const e = this.last.get(g);
        if (!e || anti || e.resources || e.unknown || matching.has(g)) out.push(g);
      }
    }
    // Memos (of groups with or without unschedulable pods right now) are dropped on the same criterion, unless
    // the pod left a node that TaintToleration rejects for that workload whatever pods it holds, and (for a
    // matching pod) every node of its spread domains too: then only PodTopologySpread's counts in a domain
    // that is rejected earlier anyway changed, and elsewhere the skew can only grow. That is what a zone outage
    // does 50,000 times.
    if (anti) this.invalidateAll();
    else {
      if (this.fragile.size > 0) for (const g of [...this.fragile]) this.drop(g);
      for (const cls of this.sensitive.values())
        if (q.nodeIdx < 0 || !this.taintRejects(q.nodeIdx, cls)) for (const g of [...cls.groups]) this.drop(g);
      for (const g of matches) if (this.valid.has(g) && !this.unaffected(g, q, true)) this.drop(g);
    }
    return out;
  }

  private drop(g: number): void {
    const e = this.valid.get(g);
    if (!e) return;
    this.valid.delete(g);
    this.validMessage[g] = undefined;
    this.fragile.delete(g);
    this.sensitive.get(e.tolerationsKey)?.groups.delete(g);
    this.byTolerations.get(e.tolerationsKey)?.groups.delete(g);
  }

  private unaffected(g: number, q: SimPod, matching: boolean): boolean {
    const e = this.valid.get(g);
    if (!e || e.unknown || e.podAffinity || q.nodeIdx < 0) return false;
    const node = this.state.nodes[q.nodeIdx]!;
    if (!this.taintRejects(q.nodeIdx, e)) return false;
    if (!matching) return true;
    const labels = node.node.metadata.labels ?? {};
    for (const k of this.factsOf(g).hardKeys) {
      const v = labels[k];
      if (v !== undefined && !this.domainTaintRejected(k, v, e)) return false;
    }
    return true;
  }

  private taintRejects(nodeIdx: number, e: { tolerations: readonly Toleration[] | undefined }): boolean {
    return findMatchingUntoleratedTaint(this.state.nodes[nodeIdx]!.node.spec?.taints, e.tolerations, isDoNotScheduleTaint) !== null;
  }

  /** Are all nodes of domain k=v rejected by TaintToleration for these tolerations? */
  private domainTaintRejected(k: string, v: string, e: Entry): boolean {
    let acc = this.domainAccepted.get(e.tolerationsKey);
    if (!acc) this.domainAccepted.set(e.tolerationsKey, (acc = { tolerations: e.tolerations, byKey: new Map() }));
    let counts = acc.byKey.get(k);
    if (!counts) acc.byKey.set(k, (counts = new Map()));
    let n = counts.get(v);
    if (n === undefined) {
      n = 0;
      for (const i of this.nodesOfDomain(k, v)) if (!this.taintRejects(i, e)) n++;
      counts.set(v, n);
    }
    return n === 0;
  }

  /** Node labels do not change during a simulation: the nodes of domain k=v, indexed once per key. */
  private nodesOfDomain(k: string, v: string): readonly number[] {
    let byValue = this.domainNodes.get(k);
    if (!byValue) {
      byValue = new Map();
      for (const n of this.state.nodes) {
        const x = n.node.metadata.labels?.[k];
        if (x === undefined) continue;
        const list = byValue.get(x);
        if (list) list.push(n.idx);
        else byValue.set(x, [n.idx]);
      }
      this.domainNodes.set(k, byValue);
    }
    return byValue.get(v) ?? [];
  }

  /** The node with these labels went from `before` to `after` taints: adjust the domains' accepted counts. */
  private updateDomainCounts(before: readonly Taint[], after: readonly Taint[], labels: Readonly<Record<string, string>>): void {
    for (const acc of this.domainAccepted.values()) {
      const was = findMatchingUntoleratedTaint(before, acc.tolerations, isDoNotScheduleTaint) !== null;
      const is = findMatchingUntoleratedTaint(after, acc.tolerations, isDoNotScheduleTaint) !== null;
      if (was === is) continue;
      for (const [k, counts] of acc.byKey) {
        const v = labels[k];
        const n = v === undefined ? undefined : counts.get(v);
        if (n !== undefined) counts.set(v!, n + (was ? 1 : -1));
      }
    }
  }

  /**
   * A node's taints changed: drop the memos of the groups for which its first untolerated taint changed.
   * Without the node's labels, the domain counts are recounted from scratch when next asked.
   */
  nodeTaintsChanged(before: readonly Taint[], after: readonly Taint[], labels?: Readonly<Record<string, string>>): void {
    if (labels) this.updateDomainCounts(before, after, labels);
    else this.domainAccepted.clear();
    if (this.valid.size === 0) return;
    // One verdict per tolerations class (usually one: the admission defaults), not one per valid memo.
    for (const cls of [...this.byTolerations.values()]) {
      const a = findMatchingUntoleratedTaint(before, cls.tolerations, isDoNotScheduleTaint);
      const b = findMatchingUntoleratedTaint(after, cls.tolerations, isDoNotScheduleTaint);
      const same = a !== null && b !== null ? a.key === b.key && a.effect === b.effect && (a.value ?? "") === (b.value ?? "") : a === b;
      if (!same) for (const g of [...cls.groups]) this.drop(g);
    }
  }

  /** A node changed in a way not described by a taint change: forget everything derived from nodes. */
  nodeChanged(): void {
    this.domainAccepted.clear();
    this.invalidateAll();
  }

  invalidateAll(): void {
    for (const g of this.valid.keys()) this.validMessage[g] = undefined;
    this.valid.clear();
    this.byTolerations.clear();
    this.sensitive.clear();
    this.fragile.clear();
  }

  /** Selector facts of a group, from its ReplicaSet's template (admission does not touch them). */
  private factsOf(rsIdx: number): GroupFacts {
    let f = this.facts.get(rsIdx);
    if (f) return f;
    const rs = this.state.replicaSets[rsIdx]!;
    const spec = rs.rs.spec.template?.spec ?? { containers: [] };
    const namespace = rs.namespace;
    const selectors: GroupFacts["selectors"] = [];
    const add = (namespaces: string[] | null, s: Parameters<typeof compileLabelSelector>[0]) => {
      try {
        selectors.push({ namespaces, sel: compileLabelSelector(s ?? null) });
      } catch {
        /* an invalid selector matches nothing */
      }
    };
    for (const c of spec.topologySpreadConstraints ?? []) add([namespace], c.labelSelector);
    const terms = [
      ...(spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ];
    // Namespace selectors make the namespace set open-ended: match any namespace then.
    for (const t of terms) add(t.namespaceSelector ? null : t.namespaces?.length ? t.namespaces : [namespace], t.labelSelector);
    f = {
      selectors,
      hardKeys: (spec.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === "DoNotSchedule").map((c) => c.topologyKey),
      hasAntiAffinity: (spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0,
    };
    this.facts.set(rsIdx, f);
    return f;
  }

  private matches(g: number, q: Pod): boolean {
    const f = this.factsOf(g);
    const ns = q.metadata.namespace ?? "default";
    return f.selectors.some((s) => (s.namespaces === null || s.namespaces.includes(ns)) && s.sel.matches(q.metadata.labels));
  }

  private matchingGroups(q: SimPod): number[] {
    const labels = q.pod.metadata.labels ?? NO_LABELS;
    const hit = this.matching.get(labels);
    if (hit && hit.ns === q.namespace) return hit.groups;
    const index = this.groupIndex ?? this.buildGroupIndex();
    const pairs: string[] = [];
    for (const k in labels) pairs.push(`${k}=${(labels as Record<string, string>)[k]}`);
    const groups: number[] = [];
    const seen = this.seen;
    const stamp = ++this.stamp;
    index.forCandidates(pairs, (g) => {
      if (seen[g] === stamp) return;
      seen[g] = stamp;
      if (this.matches(g, q.pod)) groups.push(g);
    });
    groups.sort((a, b) => a - b);
    if (labels !== NO_LABELS) this.matching.set(labels, { ns: q.namespace, groups });
    return groups;
  }

  private buildGroupIndex(): LabelIndex<number> {
    const index = new LabelIndex<number>();
    for (let g = 0; g < this.state.replicaSets.length; g++) {
      for (const s of this.factsOf(g).selectors) index.add(s.sel, g);
    }
    return (this.groupIndex = index);
  }
}

const NO_LABELS = {};
