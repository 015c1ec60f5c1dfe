/**
 * What the filters before PodTopologySpread say about the nodes of one domain of a hard spread constraint,
 * kept between cycles: the counting pass of a failed cycle (fast-scan.ts, exact) then reads nine numbers per
 * zone instead of re-filtering a thousand nodes.
 *
 * An outage fails workload after workload against the same nodes: every replacement pod of a zone outage is
 * rejected by TaintToleration in the failed zone and by the skew check everywhere else, and each of the
 * thousand Deployments' first replacement costs a counting pass over every node (the failure memo then covers
 * its other pods). The filters before PodTopologySpread (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodeResourcesFit; NodeName and NodePorts are not in play on the fast path's summaries) read only the node and
 * the pod's tolerations, node affinity and requests, not the workload's selectors, so their verdicts per domain
 * hold for every workload with the same "pre-spread key" until a node of the domain changes (its requests,
 * taints or unschedulable flag: ClusterState.version carries a global stamp of the last change per node).
 *
 * With the summaries, the counting pass walks only the nodes that can still be feasible (domains that pass the
 * skew check and have nodes passing the earlier filters), in the same rotation order, and adds the summaries of
 * the other domains: the same feasible nodes in the same order, the same per-reason counts, the same message.
 */
import type { ClusterState } from "./cluster-state";
import { C_AFF, C_FIT, C_LABEL, C_SKEW, C_TAINT, C_UNSCHED, NUM_COUNTS, type ScanPlan } from "./fast-scan";
import type { Status } from "./status";

/** Domains a summary set covers: the walk list is chosen by a bit set over them (ClusterState.domainOrder). */
export const MAX_SUMMARY_DOMAINS = 30;

interface Summary {
  /** ClusterState.stamp when last brought up to date: nodes with a later version are evaluated again. */
  stamp: number;
  /** The number of node changes (ClusterState.changedBase + changed.length) it had seen then. */
  seen: number;
  /** Rejections per reason slot (pre-spread slots only). */
  readonly counts: Int32Array;
  /** TaintToleration's statuses and how many of the domain's nodes each rejects. */
  readonly taintStatus: Status[];
  readonly taintCount: number[];
  /** Nodes passing every pre-spread filter: rejected by the skew check when the domain fails it. */
  survivors: number;
  /** Per node of the list: its verdict (SURVIVES or the count slot) and its taint status' index (-1: none). */
  readonly verdict: Int8Array;
  readonly taintOf: Int16Array;
}

const SURVIVES = -1;

interface Column {
  /** Node lists per domain (ascending); the last entry holds the nodes without the topology label. */
  lists: Int32Array[];
  /** Per node: its list, and its position in it. */
  slot: Int32Array;
  pos: Int32Array;
  /** Per pre-spread key: one summary per list. */
  byKey: Map<string, (Summary | undefined)[]>;
}

export class DomainSummaries {
  private readonly columns = new WeakMap<Int32Array, Column>();
  /** The summaries the last plan() left out of the walk, and the slot their survivors count in (-1: none). */
  private pending: Summary[] = [];
  private pendingSlot: number[] = [];

  constructor(readonly state: ClusterState) {}

  /**
   * For an exact (counting) pass of plan q with a single hard constraint over at most MAX_SUMMARY_DOMAINS
   * domains: the nodes (ascending) of the domains the scan must walk, after which merge() adds the summaries
   * of the others to its counts. Null: scan every node as usual.
   */
  plan(q: ScanPlan): Int32Array | null {
    this.pending.length = 0;
    this.pendingSlot.length = 0;
    if (q.hardLimit.length !== 1 || q.wantIdx !== -1) return null;
    const dom = q.hardDom[0]!;
    const tot = q.hardTotals[0]!;
    const nd = tot.length;
    if (nd > MAX_SUMMARY_DOMAINS) return null;
    const col = this.column(dom, nd);
    const key = this.keyOf(q);
    let sums = col.byKey.get(key);
    if (sums === undefined) col.byKey.set(key, (sums = new Array(nd + 1)));
    const lim = q.hardLimit[0]!;
    let walk = 0;
    for (let d = 0; d <= nd; d++) {
      const list = col.lists[d]!;
      if (list.length === 0) continue;
      const s = this.fresh(sums, d, list, q, col);
      // Nodes passing the earlier filters are rejected by the constraint when they lack its label (list nd)
      // or their domain is over the skew limit; a domain within it is walked when some node may be feasible.
      const slot = d === nd ? C_LABEL : tot[d]! > lim ? C_SKEW : -1;
      if (slot === -1 && s.survivors > 0) walk |= 1 << d;
      else {
        this.pending.push(s);
        this.pendingSlot.push(slot);
      }
    }
    if (this.pending.length === 0) {
      // Every node needs the walk: the plain scan does exactly that.
      return null;
    }
    const order = walk === 0 ? EMPTY : this.state.domainOrder(dom, nd, walk);
    if (order === null) this.pending.length = this.pendingSlot.length = 0;
    return order;
  }

  /** Adds what plan() left out of the walk to the counts of the scan that just ran. */
  merge(q: ScanPlan): void {
    const counts = q.counts;
    // The scan clears taintCounts at its first taint rejection only: stale when it had none.
    let stale = counts[C_TAINT] === 0;
    for (let j = 0; j < this.pending.length; j++) {
      const s = this.pending[j]!;
      for (let k = 0; k < NUM_COUNTS; k++) counts[k]! += s.counts[k]!;
      const slot = this.pendingSlot[j]!;
      if (slot !== -1) counts[slot]! += s.survivors;
      if (s.counts[C_TAINT] === 0) continue;
      if (stale) {
        q.taintCounts.clear();
        stale = false;
      }
      for (let k = 0; k < s.taintStatus.length; k++) {
        const st = s.taintStatus[k]!;
        const n = s.taintCount[k]!;
        if (n > 0) q.taintCounts.set(st, (q.taintCounts.get(st) ?? 0) + n);
      }
    }
  }

  /**
   * The summary of list d for q's pre-spread key, brought up to date: only the nodes changed since are
   * filtered again (a zone outage evicts pod after pod from nodes TaintToleration rejects anyway).
   */
  private fresh(sums: (Summary | undefined)[], d: number, list: Int32Array, q: ScanPlan, col: Column): Summary {
    const st = this.state;
    let s = sums[d];
    if (s === undefined) {
      const n = list.length;
      sums[d] = s = { stamp: 0, seen: 0, counts: new Int32Array(NUM_COUNTS), taintStatus: [], taintCount: [], survivors: 0, verdict: new Int8Array(n), taintOf: new Int16Array(n) };
      for (let k = 0; k < n; k++) add(s, k, q, list[k]!);
    } else {
      const from = s.seen - st.changedBase;
      if (from >= 0 && st.changed.length - from < list.length) {
        // The nodes changed since, from the change log (a few binds between two failed cycles): each node of
        // this list among them evaluated again (twice when it changed twice: remove then add is idempotent).
        const { changed } = st;
        for (let j = from; j < changed.length; j++) {
          const i = changed[j]!;
          if (col.slot[i] !== d) continue;
          const k = col.pos[i]!;
          remove(s, k);
          add(s, k, q, i);
        }
      } else {
        const version = st.version;
        const stamp = s.stamp;
        for (let k = 0; k < list.length; k++) {
          if (version[list[k]!]! <= stamp) continue;
          remove(s, k);
          add(s, k, q, list[k]!);
        }
      }
    }
    s.stamp = st.stamp;
    s.seen = st.changedBase + st.changed.length;
    return s;
  }

  /** The nodes of each domain of column `dom` (labels never change: built once per column). */
  private column(dom: Int32Array, nd: number): Column {
    const hit = this.columns.get(dom);
    if (hit !== undefined && hit.lists.length === nd + 1) return hit;
    const slotOf = (i: number) => (dom[i]! < 0 || dom[i]! >= nd ? nd : dom[i]!);
    const sizes = new Int32Array(nd + 1);
    for (let i = 0; i < dom.length; i++) sizes[slotOf(i)]!++;
    const lists = Array.from(sizes, (n) => new Int32Array(n));
    const slot = new Int32Array(dom.length);
    const pos = new Int32Array(dom.length);
    sizes.fill(0);
    for (let i = 0; i < dom.length; i++) {
      const d = slotOf(i);
      slot[i] = d;
      pos[i] = sizes[d]!;
      lists[d]![sizes[d]!++] = i;
    }
    const col: Column = { lists, slot, pos, byKey: new Map() };
    this.columns.set(dom, col);
    return col;
  }

  /** What the pre-spread filters read besides the node: whether NodeUnschedulable and TaintToleration apply
   *  (and the tolerations), the node affinity mask, the fit requests. */
  private keyOf(q: ScanPlan): string {
    const tol = q.taint === null ? "-" : q.pod!.spec.tolerationsKey;
    // The mask is NodeAffinity's per required-affinity key (templates pinned the same way share it).
    const affinity = q.naMask === null ? "" : q.pod!.spec.requiredNodeAffinity.key;
    return `${q.unsched === null ? 0 : 1}|${q.cpu}|${q.mem}|${tol}|${affinity}`;
  }
}

const EMPTY = new Int32Array(0);

/** Takes node k of the summary's list (node index i) out of its counts. */
function remove(s: Summary, k: number): void {
  const v = s.verdict[k]!;
  if (v === SURVIVES) s.survivors--;
  else s.counts[v]!--;
  const t = s.taintOf[k]!;
  if (t >= 0) s.taintCount[t]!--;
}

/** The pre-spread filters on node i, in the framework's order (as fast-scan.ts runs them), into the counts. */
function add(s: Summary, k: number, q: ScanPlan, i: number): void {
  s.taintOf[k] = -1;
  let v: number = SURVIVES;
  if (q.unsched !== null && q.unsched[i] !== 0) v = C_UNSCHED;
  else if (q.taint !== null && q.taints[i]!.length !== 0 && taintVerdict(s, k, q, i)) v = C_TAINT;
  else if (q.naMask !== null && q.naMask[i] === 0) v = C_AFF;
  else {
    const f = 4 * i;
    const free = q.free;
    let m = free[f]! < 1 ? 1 : 0;
    if (q.cpu > 0 && q.cpu > free[f + 1]!) m |= 2;
    if (q.mem > 0 && q.mem > free[f + 2]!) m |= 4;
    if (m !== 0) v = C_FIT + m;
  }
  s.verdict[k] = v;
  if (v === SURVIVES) s.survivors++;
  else s.counts[v]!++;
}

/** TaintToleration's filter on node i: true (and the status noted for node k) when it rejects the node. */
function taintVerdict(s: Summary, k: number, q: ScanPlan, i: number): boolean {
  const st = q.taint!.filter(q.pod!, i);
  if (st === null) return false;
  let t = s.taintStatus.indexOf(st);
  if (t < 0) {
    t = s.taintStatus.length;
    s.taintStatus.push(st);
    s.taintCount.push(0);
  }
  s.taintCount[t]!++;
  s.taintOf[k] = t;
  return true;
}
