/**
 * Incremental pod counts, the reason scheduling a pod does not have to look at every other pod.
 *
 * - A `Counter` counts, per node, the bound pods that satisfy a predicate (a conjunction of namespace +
 *   label-selector terms, optionally skipping terminating pods). PodTopologySpread uses one per
 *   (namespace, selector); InterPodAffinity one per incoming term (or per conjunction of required terms).
 * - A `View` aggregates a counter per topology domain over an eligibility mask of nodes (the nodes a spread
 *   constraint's node-inclusion policies admit), plus how many eligible nodes each domain has.
 * - A `TermGroup` counts, per topology domain, the bound pods that CARRY an identical affinity term (existing
 *   pods' anti-affinity, affinity and preferred terms, for symmetry), so the incoming pod tests each distinct
 *   term once instead of every pod.
 * All are updated on bind / remove; a `LabelIndex` keeps the per-bind cost proportional to the counters that
 * can possibly match the pod (selectors are indexed by one `key=value` they require).
 */
import { indexLabel, type CompiledSelector } from "../../k8s/selector";
import type { AffinityTerm, PodInfo } from "./pod-info";

/**
 * Zeroed Int32Arrays carved out of shared buffers. A workload creates a counter (one int per node) per
 * selector; a typed array of more than 64 bytes gets its own off-heap backing store, whose allocation costs
 * more than the counting itself. Only for arrays that live as long as the cluster state (counters, term
 * groups): nothing is ever freed, and a buffer lives while any of its arrays does.
 */
export class Int32Slab {
  private buf = new ArrayBuffer(0);
  private used = 0;
  alloc(len: number): Int32Array {
    const bytes = 4 * len;
    if (this.used + bytes > this.buf.byteLength) {
      // 256 KiB: at 9,000 nodes a counter takes 36 KB, and 1,000 workloads per sweep scenario made as many
      // 64 KiB buffers (each an external allocation the garbage collector accounts for). Seven W5 scenarios:
      // 3.7-3.9 s with 64 KiB, 3.34 s with 256 KiB, 3.4-3.5 s with 1 MiB or 4 MiB.
      this.buf = new ArrayBuffer(Math.max(bytes, 1 << 18));
      this.used = 0;
    }
    const a = new Int32Array(this.buf, this.used, len);
    this.used += bytes;
    return a;
  }
}

export class LabelIndex<T> {
  private byLabel = new Map<string, T[]>();
  private other: T[] = [];

  add(sel: CompiledSelector, item: T): void {
    if (sel.nothing) return; // can never match
    const k = indexLabel(sel);
    if (k === null) this.other.push(item);
    else {
      const list = this.byLabel.get(k);
      if (list) list.push(item);
      else this.byLabel.set(k, [item]);
    }
  }

  /** Applies a bind (delta 1) or removal (-1) on `node` to every counter that selects the pod (no closure: runs per bind). */
  /** `excludingTerminatingOnly`: only the counters that leave terminating pods out (a pod becoming terminating). */
  applyMatching(this: LabelIndex<Counter>, pod: PodInfo, node: number, delta: number, excludingTerminatingOnly = false): void {
    const pairs = pod.labelPairs;
    for (let i = 0; i < pairs.length; i++) {
      const list = this.byLabel.get(pairs[i]!);
      if (list) {
        for (let j = 0; j < list.length; j++) {
          const c = list[j]!;
          if ((!excludingTerminatingOnly || c.excludeTerminating) && c.matches(pod)) c.apply(node, delta);
        }
      }
    }
    for (let j = 0; j < this.other.length; j++) {
      const c = this.other[j]!;
      if ((!excludingTerminatingOnly || c.excludeTerminating) && c.matches(pod)) c.apply(node, delta);
    }
  }

  /** Calls fn for every item whose selector might match a pod with these `key=value` label pairs. */
  forCandidates(labelPairs: readonly string[], fn: (item: T) => void): void {
    for (let i = 0; i < labelPairs.length; i++) {
      const list = this.byLabel.get(labelPairs[i]!);
      if (list) for (let j = 0; j < list.length; j++) fn(list[j]!);
    }
    for (let j = 0; j < this.other.length; j++) fn(this.other[j]!);
  }
}

/** Domain ids of one topology key: node index -> interned value id (-1 = node lacks the label). */
export interface TopologyKeyIndex {
  key: string;
  domainOf: Int32Array;
  values: string[];
  /** Number of nodes per domain id. */
  nodesPerDomain: Int32Array;
  nodesWithKey: number;
  /** Every node carries a value of its own (kubernetes.io/hostname, usually): domainOf[i] === i. */
  identity: boolean;
}

export interface PodPredicate {
  /** null = every namespace. */
  namespaces: ReadonlySet<string> | null;
  selector: CompiledSelector;
}

/** First characters of an eligibility mask key whose mask depends on node taints (nodeTaintsPolicy Honor). */
export const TAINT_MASK_PREFIX = "T";

/** Nodes already summed by the view being built (a stamp per node, shared: views are built one at a time). */
let seen = new Int32Array(0);
let seenStamp = 0;

export class View {
  totals: Int32Array;
  eligibleNodesPerDomain: Int32Array;
  /**
   * `eligible`: the eligible nodes per domain for this topology and mask when the caller has them (they depend
   * on the nodes only, not on the counter: ClusterState shares them between counters). `touched`: the nodes
   * where the counter's count ever rose from 0 (may repeat), or null to sum over every node.
   */
  constructor(
    readonly topo: TopologyKeyIndex,
    readonly mask: Uint8Array | null,
    readonly maskKey: string,
    perNode: Int32Array,
    counted: number,
    eligible: Int32Array | null = null,
    touched: number[] | null = null,
  ) {
    const nd = topo.values.length;
    // Plain arrays, not the slab: views are dropped whenever node taints change (an outage simulation does that
    // thousands of times), and a slab buffer stays alive while any array carved from it does, so dead views
    // sharing buffers with live counters would pile up.
    this.totals = new Int32Array(nd);
    // Every node with the key counts when there is no mask: the topology's array (read-only) is the answer.
    if (mask === null) eligible = topo.nodesPerDomain;
    const dom = topo.domainOf;
    if (eligible !== null) {
      this.eligibleNodesPerDomain = eligible;
      if (counted === 0) return;
      if (touched !== null) {
        // A workload's counter covers its own hundred pods, on a few of 9,000 nodes: sum over those.
        if (seen.length < dom.length) seen = new Int32Array(dom.length);
        const stamp = ++seenStamp;
        for (let k = 0; k < touched.length; k++) {
          const i = touched[k]!;
          if (seen[i] === stamp) continue;
          seen[i] = stamp;
          const d = dom[i]!;
          if (d >= 0 && (mask === null || mask[i] !== 0)) this.totals[d]! += perNode[i]!;
        }
        return;
      }
      for (let i = 0; i < dom.length; i++) {
        const d = dom[i]!;
        if (d >= 0 && (mask === null || mask[i] !== 0)) this.totals[d]! += perNode[i]!;
      }
      return;
    }
    this.eligibleNodesPerDomain = new Int32Array(nd);
    for (let i = 0; i < dom.length; i++) {
      const d = dom[i]!;
      if (d < 0 || (mask !== null && mask[i] === 0)) continue;
      this.totals[d]! += perNode[i]!;
      this.eligibleNodesPerDomain[d]! += 1;
    }
  }
}

/** The eligible nodes per domain of a topology under a mask (ClusterState.eligibleNodes). */
export function eligibleNodesPerDomain(topo: TopologyKeyIndex, mask: Uint8Array): Int32Array {
  const out = new Int32Array(topo.values.length);
  const dom = topo.domainOf;
  for (let i = 0; i < dom.length; i++) {
    const d = dom[i]!;
    if (d >= 0 && mask[i] !== 0) out[d]! += 1;
  }
  return out;
}

export class Counter {
  readonly perNode: Int32Array;
  /** Sum of perNode (lets a new View skip summing an empty counter). */
  total = 0;
  private readonly views = new Map<string, View>();
  /** The views' values in an array: apply() runs on every bind. */
  private viewList: View[] = [];
  /** Told once when this counter first gets a view over a taint-dependent mask (ClusterState keeps the set that
   *  a taint change walks, instead of every counter). */
  onTaintView: ((c: Counter) => void) | null = null;
  /** The eligible nodes per domain for a topology and mask, shared by every counter (set by ClusterState). */
  eligibleFor: ((topo: TopologyKeyIndex, mask: Uint8Array, maskKey: string) => Int32Array) | null = null;
  /**
   * The nodes where perNode rose from 0, in order (a node may repeat after dropping back to 0), while they are
   * few: a new view then sums over them instead of every node. Null once they are not few.
   */
  private touched: number[] | null = [];
  constructor(
    readonly key: string,
    readonly preds: readonly PodPredicate[],
    readonly excludeTerminating: boolean,
    numNodes: number,
    slab: Int32Slab,
  ) {
    this.perNode = slab.alloc(numNodes);
  }

  matches(p: PodInfo): boolean {
    if (this.excludeTerminating && p.terminating) return false;
    for (const pr of this.preds) {
      if (pr.namespaces !== null && !pr.namespaces.has(p.namespace)) return false;
      if (!pr.selector.matches(p.labels)) return false;
    }
    return true;
  }

  apply(node: number, delta: number): void {
    const was = this.perNode[node]!;
    this.perNode[node] = was + delta;
    if (was === 0 && delta > 0 && this.touched !== null) {
      if (this.touched.length < this.perNode.length >> 3) this.touched.push(node);
      else this.touched = null;
    }
    this.total += delta;
    // Every bind walks the views of every counter selecting the pod: an array, not a Map iterator.
    const list = this.viewList;
    for (let j = 0; j < list.length; j++) {
      const v = list[j]!;
      if (v.mask !== null && v.mask[node] === 0) continue;
      const d = v.topo.domainOf[node]!;
      if (d >= 0) v.totals[d]! += delta;
    }
  }

  view(topo: TopologyKeyIndex, mask: Uint8Array | null, maskKey: string): View {
    const k = `${topo.key}\u0000${maskKey}`;
    let v = this.views.get(k);
    if (!v) {
      const eligible = mask !== null && this.eligibleFor !== null ? this.eligibleFor(topo, mask, maskKey) : null;
      v = new View(topo, mask, maskKey, this.perNode, this.total, eligible, this.touched);
      this.views.set(k, v);
      this.viewList.push(v);
      if (maskKey.startsWith(TAINT_MASK_PREFIX)) this.onTaintView?.(this);
    }
    return v;
  }

  /**
   * Drops the views whose eligibility mask key starts with `prefix` (node taints changed: only masks that read
   * taints are stale; a zone outage changes one node's taints every 10 s, and rebuilding every counter's views
   * after each was a 5,000-node sum per counter), or every view without a prefix.
   */
  clearViews(prefix?: string): void {
    if (prefix === undefined) {
      this.views.clear();
      this.viewList = [];
      return;
    }
    if (this.viewList.length === 0) return;
    for (const [k, v] of this.views) if (v.maskKey.startsWith(prefix)) this.views.delete(k);
    this.viewList = [...this.views.values()];
  }
}

export function predicateKey(preds: readonly PodPredicate[], excludeTerminating: boolean): string {
  // The usual shape (one namespace, one selector), without the array and set copies.
  if (preds.length === 1 && preds[0]!.namespaces !== null && preds[0]!.namespaces.size === 1) {
    const [ns] = preds[0]!.namespaces;
    return `${ns}|${preds[0]!.selector.key}${excludeTerminating ? "|live" : "|all"}`;
  }
  return (
    preds.map((p) => `${p.namespaces === null ? "*" : [...p.namespaces].sort().join(",")}|${p.selector.key}`).join("&&") +
    (excludeTerminating ? "|live" : "|all")
  );
}

export type TermKind = "requiredAffinity" | "requiredAntiAffinity" | "preferredAffinity" | "preferredAntiAffinity";

export class TermGroup {
  readonly perDomain: Int32Array;
  count = 0;
  constructor(
    readonly key: string,
    readonly kind: TermKind,
    readonly term: AffinityTerm,
    readonly topo: TopologyKeyIndex,
    slab: Int32Slab,
  ) {
    this.perDomain = slab.alloc(topo.values.length);
  }
  apply(node: number, delta: number): void {
    const d = this.topo.domainOf[node]!;
    if (d < 0) return;
    this.perDomain[d]! += delta;
    this.count += delta;
  }
}
