/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread: filtering.go, scoring.go).
 *
 * PreFilter/Filter (DoNotSchedule): per constraint, matching pods (same namespace, not terminating) are
 * counted per domain over the ELIGIBLE nodes (those with every hard constraint's topology key that pass the
 * constraint's nodeAffinityPolicy / nodeTaintsPolicy). A node passes when
 * `count(node's domain) + selfMatch - globalMin <= maxSkew`, globalMin being 0 when fewer than minDomains
 * domains are eligible. A node without the topology key is UnschedulableAndUnresolvable.
 *
 * PreScore/Score (ScheduleAnyway): score = sum over constraints of count*log(domains+2) + (maxSkew-1), with
 * hostname counted on the node itself; NormalizeScore inverts (fewer matching pods is better).
 *
 * Counting is incremental (counters.ts): a pod costs O(domains) here, not O(pods).
 */
import { LABEL_HOSTNAME, type TopologySpreadConstraint } from "../../../k8s/types";
import type { ClusterState } from "../cluster-state";
import type { PodTopologySpreadArgs } from "../config";
import type { Counter, View, TopologyKeyIndex } from "../counters";
import { type FilterPlugin, type Handle, type PreFilterOutcome, type PreFilterPlugin, type PreScorePlugin, type RejectSink, type ScorePlugin, PREFILTER_OK, PREFILTER_SKIP } from "../framework";
import type { PodInfo } from "../pod-info";
import { newStatus, SKIP, type Status } from "../status";
import { constraintsFor, countingSelector, eligibilityMask, resolveDefaults, type SpreadConstraint } from "./spread-constraints";
import { addDomainScores as addDomainScoresFolded, addHostnameScores, domainNorms, hostNormTable, normalizeSoft, presumedNorms, scoreSoft, type SoftState, type TopScores } from "./spread-scoring";

/** Domains of a soft constraint whose score the fused scan adds as it goes (softDomainHint: one bit each in a positive int). */
export const MAX_PRESUMED_DOMAINS = 30;

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";
export const REJECT_SKEW = newStatus("Unschedulable", ErrReasonConstraintsNotMatch);
export const REJECT_LABEL = newStatus("UnschedulableAndUnresolvable", ErrReasonNodeLabelNotMatch);

interface HardState {
  c: SpreadConstraint;
  topo: TopologyKeyIndex;
  view: View;
  selfMatch: number;
  /** globalMin already adjusted for minDomains. */
  minMatch: number;
  domainsNum: number;
}


/** One read-only set per namespace for the counting predicates (a template's constraints would each build one). */
const namespaceSets = new Map<string, ReadonlySet<string>>();
function namespaceSet(ns: string): ReadonlySet<string> {
  let s = namespaceSets.get(ns);
  if (s === undefined) namespaceSets.set(ns, (s = new Set([ns])));
  return s;
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "PodTopologySpread";
  private readonly defaults: readonly Partial<TopologySpreadConstraint>[];
  private readonly systemDefaulted: boolean;
  private hard: HardState[] = [];
  private readonly hardPool: HardState[] = [];
  private soft: SoftState[] = [];
  private readonly softPool: (SoftState & { contribBuf: Float64Array | null })[] = [];
  private ignored: Uint8Array = new Uint8Array(0);
  /** Whether `ignored` holds a 1 anywhere (else it need not be cleared). */
  private ignoredDirty = false;
  private marks = new Int32Array(0);
  private markStamp = 0;
  private norm = new Float64Array(0);
  private domBest = new Float64Array(0);
  private hostScratch = new Float64Array(0);
  /**
   * The hard constraints of the current cycle as flat columns for the fused fast path: a node passes
   * constraint k when `fastDomainOf[k][node] >= 0` (else missing label) and `fastTotals[k][domain] <= fastLimit[k]`.
   */
  fastDomainOf: Int32Array[] = [];
  fastTotals: Int32Array[] = [];
  fastLimit: number[] = [];
  /**
   * Per constraint, the eligible nodes per domain: a domain with none holds no node the pod's node affinity
   * (or, under nodeTaintsPolicy Honor, its tolerations) admits or that carries every constraint's key, so no
   * feasible node; the fast path's walk skips such domains.
   */
  fastEligible: Int32Array[] = [];

  constructor(private readonly h: Handle, args: PodTopologySpreadArgs = {}) {
    const d = resolveDefaults(args);
    this.defaults = d.defaults;
    this.systemDefaulted = d.systemDefaulted;
  }

  private counterFor(state: ClusterState, pod: PodInfo, c: SpreadConstraint): Counter {
    return state.counter([{ namespaces: namespaceSet(pod.namespace), selector: countingSelector(c.selector) }], true);
  }

  private view(state: ClusterState, pod: PodInfo, c: SpreadConstraint, requiredKeys: readonly string[], counter = this.counterFor(state, pod, c)): View {
    const topo = state.topology(c.topologyKey);
    const { mask, key } = eligibilityMask(state, pod, c, requiredKeys);
    return counter.view(topo, mask, key);
  }

  /** Views of the hard constraints, memoised per template until the state or its generation changes. */
  private hardViews(state: ClusterState, pod: PodInfo, constraints: SpreadConstraint[]): View[] {
    const memos = state.memoFor(pod.shared);
    const memo = memos.get("pts:hardViews") as { gen: number; views: View[] } | undefined;
    if (memo && memo.gen === state.generation) return memo.views;
    const keys = [...new Set(constraints.map((c) => c.topologyKey))].sort();
    const views = constraints.map((c) => this.view(state, pod, c, keys));
    memos.set("pts:hardViews", { gen: state.generation, views });
    return views;
  }

  preFilter(pod: PodInfo): PreFilterOutcome {
    const state = this.h.state;
    const constraints = constraintsFor(state, pod, "DoNotSchedule", this.defaults);
    // Per-cycle state, read only within the cycle: the arrays are reused rather than reallocated per pod, and
    // resized only when the number of constraints changes (setting an array's length is a runtime call).
    const nc = constraints.length;
    if (this.hard.length !== nc) {
      this.hard.length = nc;
      this.fastDomainOf.length = nc;
      this.fastTotals.length = nc;
      this.fastLimit.length = nc;
      this.fastEligible.length = nc;
    }
    if (nc === 0) return PREFILTER_SKIP;
    const views = this.hardViews(state, pod, constraints);
    for (let ci = 0; ci < constraints.length; ci++) {
      const c = constraints[ci]!;
      const view = views[ci]!;
      let min = 2147483647;
      let domainsNum = 0;
      for (let d = 0; d < view.totals.length; d++) {
        if (view.eligibleNodesPerDomain[d] === 0) continue;
        domainsNum++;
        if (view.totals[d]! < min) min = view.totals[d]!;
      }
      // Pooled slots, rewritten per cycle (read within the cycle only): no object per pod and constraint.
      let h = this.hardPool[ci];
      if (h === undefined) this.hardPool[ci] = h = { c, topo: view.topo, view, selfMatch: 0, minMatch: 0, domainsNum: 0 };
      h.c = c;
      h.topo = view.topo;
      h.view = view;
      h.selfMatch = c.selector.matches(pod.labels) ? 1 : 0;
      h.minMatch = domainsNum < c.minDomains ? 0 : min;
      h.domainsNum = domainsNum;
      this.hard[ci] = h;
      this.fastDomainOf[ci] = h.topo.domainOf;
      this.fastEligible[ci] = view.eligibleNodesPerDomain;
      this.fastTotals[ci] = view.totals;
      this.fastLimit[ci] = c.maxSkew + h.minMatch - h.selfMatch;
    }
    return PREFILTER_OK;
  }

  /** The PreFilter state for inspection: hard constraints and per-domain counts of matching pods. */
  preFilterState(): { constraints: SpreadConstraint[]; domainCounts: Map<string, number>[] } {
    return {
      constraints: this.hard.map((s) => s.c),
      domainCounts: this.hard.map((s) => {
        const m = new Map<string, number>();
        for (let d = 0; d < s.view.totals.length; d++) if (s.view.eligibleNodesPerDomain[d]! > 0) m.set(s.topo.values[d]!, s.view.totals[d]!);
        return m;
      }),
    };
  }

  filter(_pod: PodInfo, node: number): Status | null {
    const hard = this.hard;
    for (let k = 0; k < hard.length; k++) {
      const s = hard[k]!;
      const d = s.topo.domainOf[node]!;
      if (d < 0) return REJECT_LABEL;
      if (s.view.totals[d]! + s.selfMatch - s.minMatch > s.c.maxSkew) return REJECT_SKEW;
    }
    return null;
  }

  filterMany(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number {
    if (this.hard.length === 0) return n;
    if (this.hard.length === 1) {
      // The common single-constraint case, inlined: one domain lookup and one comparison per node.
      const h = this.hard[0]!;
      const dom = h.topo.domainOf;
      const totals = h.view.totals;
      const limit = h.c.maxSkew + h.minMatch - h.selfMatch;
      let k = 0;
      for (let j = 0; j < n; j++) {
        const i = nodes[j]!;
        const d = dom[i]!;
        if (d < 0) sink.reject(i, REJECT_LABEL);
        else if (totals[d]! > limit) sink.reject(i, REJECT_SKEW);
        else nodes[k++] = i;
      }
      return k;
    }
    let k = 0;
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      const s = this.filter(pod, i);
      if (s === null) nodes[k++] = i;
      else sink.reject(i, s);
    }
    return k;
  }

  /** Counters and views of the soft constraints, memoised per template like hardViews. */
  private softViews(state: ClusterState, pod: PodInfo, constraints: SpreadConstraint[], requireAll: boolean): { perNode: Int32Array; view: View }[] {
    const memos = state.memoFor(pod.shared);
    const memo = memos.get("pts:softViews") as { gen: number; v: { perNode: Int32Array; view: View }[] } | undefined;
    if (memo && memo.gen === state.generation) return memo.v;
    const keys = requireAll ? [...new Set(constraints.map((c) => c.topologyKey))].sort() : [];
    const v = constraints.map((c) => {
      const counter = this.counterFor(state, pod, c);
      return { perNode: counter.perNode, view: this.view(state, pod, c, keys, counter) };
    });
    memos.set("pts:softViews", { gen: state.generation, v });
    return v;
  }

  private noSoft(): Status {
    if (this.soft.length !== 0) this.soft.length = 0;
    return SKIP;
  }

  preScore(pod: PodInfo, nodes: Int32Array, n: number): Status | null {
    const state = this.h.state;
    // The per-cycle soft states are pooled slots written by index; `soft` is resized only when the number of
    // constraints changes (`length = 0` would drop its backing store and make each cycle allocate one).
    if (state.n === 0) return this.noSoft();
    const constraints = constraintsFor(state, pod, "ScheduleAnyway", this.defaults);
    if (constraints.length === 0) return this.noSoft();
    if (this.soft.length !== constraints.length) this.soft.length = constraints.length;
    const requireAll = pod.spreadConstraints.length > 0 || !this.systemDefaulted;
    const softViews = this.softViews(state, pod, constraints, requireAll);
    if (this.ignored.length < n) {
      this.ignored = new Uint8Array(Math.max(n, 2 * this.ignored.length));
      this.ignoredDirty = false;
    }
    // A node lacking a key is ignored (requireAll); when every node has every key nothing needs checking.
    let ignoredCount = 0;
    let anyMissing = false;
    for (let k = 0; k < softViews.length; k++) if (softViews[k]!.view.topo.nodesWithKey < state.n) anyMissing = true;
    if (requireAll && anyMissing) {
      for (let j = 0; j < n; j++) {
        let ig = 0;
        for (let k = 0; k < softViews.length; k++) if (softViews[k]!.view.topo.domainOf[nodes[j]!]! < 0) ig = 1;
        this.ignored[j] = ig;
        ignoredCount += ig;
      }
      this.ignoredDirty = ignoredCount > 0;
    } else if (this.ignoredDirty) {
      // Only after a cycle that ignored some node: the array is all zeros otherwise.
      this.ignored.fill(0);
      this.ignoredDirty = false;
    }
    for (let idx = 0; idx < constraints.length; idx++) {
      const c = constraints[idx]!;
      const sv = softViews[idx]!;
      const topo = sv.view.topo;
      const hostname = c.topologyKey === LABEL_HOSTNAME;
      let size: number;
      if (hostname) size = n - ignoredCount;
      else {
        // Distinct values among scored nodes; a node lacking the key (allowed with system defaults) counts as "".
        if (this.marks.length < topo.values.length + 1) this.marks = new Int32Array(2 * (topo.values.length + 1));
        const stamp = ++this.markStamp;
        size = 0;
        // Once every value the key can take has been seen, the rest of the nodes can add none: stop early (the
        // marks are then complete too, which addDomainScores relies on).
        const distinct = topo.values.length + (topo.nodesWithKey < state.n ? 1 : 0);
        for (let j = 0; j < n && size < distinct; j++) {
          if (this.ignored[j] !== 0) continue;
          const m = topo.domainOf[nodes[j]!]! + 1;
          if (this.marks[m] !== stamp) {
            this.marks[m] = stamp;
            size++;
          }
        }
      }
      const weight = Math.log(size + 2);
      // Per-domain term `count * weight + (maxSkew - 1)`, the same expression score() would evaluate per node.
      let slot = this.softPool[idx];
      if (slot === undefined) this.softPool[idx] = slot = { c, topo, hostname, perNode: sv.perNode, view: null, weight, contrib: null, contribBuf: null };
      slot.c = c;
      slot.topo = topo;
      slot.hostname = hostname;
      slot.perNode = sv.perNode;
      slot.view = hostname ? null : sv.view;
      slot.weight = weight;
      slot.contrib = null;
      if (!hostname) {
        const totals = sv.view.totals;
        // Exactly one entry per domain (the scorers loop over contrib.length): reuse the slot's array when the
        // domain count matches.
        if (slot.contribBuf === null || slot.contribBuf.length !== totals.length) slot.contribBuf = new Float64Array(totals.length);
        const contrib = (slot.contrib = slot.contribBuf);
        for (let d = 0; d < totals.length; d++) contrib[d] = totals[d]! * weight + (c.maxSkew - 1);
      }
      this.soft[idx] = slot;
    }
    return null;
  }

  score(_pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void {
    scoreSoft(this.soft, this.ignored, nodes, n, out);
  }

  /**
   * Score + NormalizeScore + weight folded per domain when possible (see spread-scoring.ts); with `top`, also
   * the best total and its positions (for a caller whose last scoring pass this is).
   */
  addDomainScores(nodes: Int32Array, n: number, total: Float64Array, weight: number, top: TopScores | null = null): boolean {
    const s = this.soft;
    if (s.length !== 1 || s[0]!.topo.nodesWithKey !== this.h.state.n || n === 0) return false;
    if (s[0]!.contrib === null) {
      if (this.hostScratch.length < n) this.hostScratch = new Float64Array(Math.max(n, 2 * this.hostScratch.length));
      addHostnameScores(s[0]!, this.hostScratch, nodes, n, total, weight, top);
      return true;
    }
    if (this.norm.length < s[0]!.contrib.length) {
      this.norm = new Float64Array(s[0]!.contrib.length);
      this.domBest = new Float64Array(s[0]!.contrib.length);
    }
    addDomainScoresFolded(s[0]!, this.marks, this.markStamp, this.norm, this.domBest, nodes, n, total, weight, top);
    return true;
  }

  /**
   * For the fused scan (fast-cycle.ts): the domains of the pod's soft constraint when addDomainScores would
   * fold it per domain (one ScheduleAnyway constraint, not on hostname, on a key every node carries, at most
   * MAX_PRESUMED_DOMAINS values), else null.
   */
  softDomainHint(pod: PodInfo): TopologyKeyIndex | null {
    const state = this.h.state;
    if (state.n === 0) return null;
    const cs = constraintsFor(state, pod, "ScheduleAnyway", this.defaults);
    if (cs.length !== 1 || cs[0]!.topologyKey === LABEL_HOSTNAME) return null;
    const topo = state.topology(cs[0]!.topologyKey);
    return topo.nodesWithKey === state.n && topo.values.length <= MAX_PRESUMED_DOMAINS ? topo : null;
  }

  /**
   * Before the scan, for a pod softDomainHint accepted: into `out`, the per-domain norms x weight this plugin's
   * score would add if the feasible nodes covered exactly the domains in `present` (presumedNorms, over the
   * same soft view PreScore will read). The scan adds them per node; foldedNorms then gives the real ones.
   */
  presumeNorms(pod: PodInfo, present: number, out: Float64Array, weight: number): void {
    const state = this.h.state;
    const constraints = constraintsFor(state, pod, "ScheduleAnyway", this.defaults);
    const sv = this.softViews(state, pod, constraints, pod.spreadConstraints.length > 0 || !this.systemDefaulted)[0]!;
    const totals = sv.view.totals;
    if (this.presumedContrib.length !== totals.length) this.presumedContrib = new Float64Array(totals.length);
    presumedNorms(totals, constraints[0]!.maxSkew, present, this.presumedContrib, out, weight);
  }
  private presumedContrib = new Float64Array(0);

  /**
   * After PreScore over the feasible nodes: the norms x weight addDomainScores would add per domain of `topo`
   * (this.norm, valid until the next call), or null when the soft state is not the folded shape over `topo`.
   */
  foldedNorms(topo: TopologyKeyIndex, n: number, weight: number): Float64Array | null {
    const s = this.soft;
    if (s.length !== 1 || s[0]!.topo !== topo || s[0]!.contrib === null || topo.nodesWithKey !== this.h.state.n || n === 0) return null;
    if (this.norm.length < s[0]!.contrib.length) {
      this.norm = new Float64Array(s[0]!.contrib.length);
      this.domBest = new Float64Array(s[0]!.contrib.length);
    }
    domainNorms(s[0]!.contrib, this.marks, this.markStamp, this.norm, weight);
    return this.norm;
  }

  /**
   * For the fused scan: when the pod's soft constraints are one ScheduleAnyway constraint on
   * kubernetes.io/hostname that every node carries (addHostnameScores' shape), its matching pods per node (the
   * array PreScore will use); else null.
   */
  softHostnameHint(pod: PodInfo): Int32Array | null {
    const state = this.h.state;
    if (state.n === 0) return null;
    const cs = constraintsFor(state, pod, "ScheduleAnyway", this.defaults);
    if (cs.length !== 1 || cs[0]!.topologyKey !== LABEL_HOSTNAME || state.topology(LABEL_HOSTNAME).nodesWithKey !== state.n) return null;
    // The counter's per-node array, memoised per template for the state's life: unlike the soft views (which
    // a taint change rebuilds), a counter and its array live as long as the state. This runs before every
    // fast cycle, failing ones included, which never reach PreScore.
    const memos = state.memoFor(pod.shared);
    const memo = memos.get("pts:hostCounts") as Int32Array | undefined;
    if (memo !== undefined) return memo;
    const perNode = this.counterFor(state, pod, cs[0]!).perNode;
    memos.set("pts:hostCounts", perNode);
    return perNode;
  }

  /** After softHostnameHint: into `out`, what the score would add per count if `size` nodes with counts from minCount to maxCount were scored. */
  presumeHostNorms(pod: PodInfo, size: number, minCount: number, maxCount: number, out: Float64Array, weight: number): void {
    const c = constraintsFor(this.h.state, pod, "ScheduleAnyway", this.defaults)[0]!;
    // Consecutive cycles (a workload's replicas) mostly presume the same table: 64 entries with a division each,
    // recomputed only when an argument changed (nothing else writes into `out`).
    const last = this.lastHostNorm;
    if (last.out === out && last.maxSkew === c.maxSkew && last.size === size && last.minCount === minCount && last.maxCount === maxCount && last.weight === weight) return;
    hostNormTable(c.maxSkew, size, minCount, maxCount, out, weight);
    last.out = out;
    last.maxSkew = c.maxSkew;
    last.size = size;
    last.minCount = minCount;
    last.maxCount = maxCount;
    last.weight = weight;
  }
  private readonly lastHostNorm = { out: null as Float64Array | null, maxSkew: 0, size: 0, minCount: 0, maxCount: 0, weight: 0 };

  /** After PreScore: whether the soft state is the hostname shape over `perNode` that presumeHostNorms assumed. */
  foldedHostname(perNode: Int32Array): boolean {
    const s = this.soft;
    return s.length === 1 && s[0]!.contrib === null && s[0]!.perNode === perNode && s[0]!.topo.nodesWithKey === this.h.state.n;
  }

  normalizeScore(_pod: PodInfo, _nodes: Int32Array, n: number, out: Float64Array): void {
    normalizeSoft(this.ignored, n, out);
  }
}
