/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity: filtering.go, scoring.go).
 *
 * Filter, in this order (first failure wins):
 *  1. required affinity: every term's topology key must be on the node and some pod matching ALL terms must
 *     be in the node's domain of each term, except for "the first pod of a collection": when no pod in the
 *     cluster matches all terms and the pod matches its own terms, any node with the keys is fine
 *     (UnschedulableAndUnresolvable otherwise);
 *  2. required anti-affinity: no pod matching a term in the node's domain (Unschedulable);
 *  3. symmetry: no existing pod whose required anti-affinity term matches the incoming pod in the node's
 *     domain (Unschedulable).
 * Score: weights of preferred terms (incoming pod's, matched by existing pods, +/-) and of existing pods'
 * terms matched by the incoming pod (required affinity x hardPodAffinityWeight, preferred +/-), summed per
 * topology domain; NormalizeScore maps [min, max] to [0, 100].
 * Incoming terms' namespaceSelector is resolved to namespaces up front; existing pods' namespaceSelector is
 * evaluated against the incoming pod's namespace labels.
 */
import type { InterPodAffinityArgs } from "../config";
import type { TermGroup, TermKind, TopologyKeyIndex, View } from "../counters";
import { MAX_NODE_SCORE, type FilterPlugin, type Handle, type PreFilterOutcome, type PreFilterPlugin, type PreScorePlugin, type RejectSink, type ScorePlugin, PREFILTER_OK, PREFILTER_SKIP } from "../framework";
import { termMatches, type AffinityTerm, type PodInfo } from "../pod-info";
import { newStatus, SKIP, type Status } from "../status";
import type { ClusterState } from "../cluster-state";
import type { Labels } from "../../../k8s/selector";

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
export const REJECT_AFFINITY = newStatus("UnschedulableAndUnresolvable", ErrReasonAffinityRulesNotMatch);
export const REJECT_ANTI = newStatus("Unschedulable", ErrReasonAntiAffinityRulesNotMatch);
export const REJECT_EXISTING = newStatus("Unschedulable", ErrReasonExistingAntiAffinityRulesNotMatch);

/** Namespaces of an incoming term after merging its namespaceSelector (null = every namespace). */
function mergedNamespaces(state: ClusterState, t: AffinityTerm): ReadonlySet<string> | null {
  const sel = t.namespaceSelector;
  if (sel.nothing) return t.namespaces;
  if (sel.requirements.length === 0) return null; // `{}` selects every namespace
  const out = new Set(t.namespaces);
  for (const [name, labels] of state.namespaceLabels) if (sel.matches(labels)) out.add(name);
  return out;
}

const NO_GROUPS: TermGroup[] = [];

function nsMatches(ns: ReadonlySet<string> | null, pod: PodInfo): boolean {
  return ns === null || ns.has(pod.namespace);
}

interface TermView {
  topo: TopologyKeyIndex;
  view: View;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "InterPodAffinity";
  private readonly hardPodAffinityWeight: number;
  private readonly ignorePreferredTermsOfExistingPods: boolean;
  // PreFilter state
  private affinity: TermView[] = [];
  private affinityCountsEmpty = true;
  private selfMatchesAll = false;
  private anti: TermView[] = [];
  private existingAnti: TermGroup[] = [];
  private readonly existingAntiScratch: TermGroup[] = [];
  // PreScore state
  private scoreKeys: { topo: TopologyKeyIndex; acc: Float64Array }[] = [];
  private readonly scratch = new Map<string, Float64Array>();

  constructor(private readonly h: Handle, args: InterPodAffinityArgs = {}) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
  }

  /**
   * Groups of `kind` with pods whose term selects the pod; into `out` when given (reused per cycle: written by
   * index and resized only when the count changes, as `length = 0` would drop its backing store), else new.
   */
  private matchingGroups(kind: TermKind, pod: PodInfo, out: TermGroup[] | null = null): TermGroup[] {
    const state = this.h.state;
    const list = out ?? [];
    let k = 0;
    if (state.termGroupCount[kind] !== 0) {
      const m = this.matching;
      m.pod = pod;
      m.nsLabels = state.nsLabels(pod.namespace);
      m.list = list;
      m.k = 0;
      state.forTermGroupCandidates(kind, pod, this.collectMatching);
      k = m.k;
      m.pod = null;
      m.list = NO_GROUPS;
    }
    if (list.length !== k) list.length = k;
    return k === 0 && out === null ? NO_GROUPS : list;
  }

  /** matchingGroups' state for collectMatching: one callback for the plugin's life, not a closure per cycle. */
  private readonly matching: { pod: PodInfo | null; nsLabels: Labels | undefined; list: TermGroup[]; k: number } = { pod: null, nsLabels: undefined, list: NO_GROUPS, k: 0 };
  private readonly collectMatching = (g: TermGroup): void => {
    const m = this.matching;
    if (g.count > 0 && termMatches(g.term, m.pod!, m.nsLabels)) m.list[m.k++] = g;
  };

  /** The incoming pod's required-term views, memoised per template (views stay current through binds). */
  private requiredViews(pod: PodInfo): { affinity: TermView[]; anti: TermView[]; selfMatchesAll: boolean } {
    const state = this.h.state;
    const memos = state.memoFor(pod.shared);
    const memo = memos.get("ipa:required") as { gen: number; v: { affinity: TermView[]; anti: TermView[]; selfMatchesAll: boolean } } | undefined;
    if (memo && memo.gen === state.generation) return memo.v;
    const v = { affinity: [] as TermView[], anti: [] as TermView[], selfMatchesAll: false };
    const req = pod.requiredAffinityTerms;
    if (req.length > 0) {
      const preds = req.map((t) => ({ namespaces: mergedNamespaces(state, t), selector: t.selector }));
      const counter = state.counter(preds, false);
      for (const t of req) {
        const topo = state.topology(t.topologyKey);
        v.affinity.push({ topo, view: counter.view(topo, null, "all") });
      }
      v.selfMatchesAll = preds.every((p) => nsMatches(p.namespaces, pod) && p.selector.matches(pod.labels));
    }
    for (const t of pod.requiredAntiAffinityTerms) {
      const counter = state.counter([{ namespaces: mergedNamespaces(state, t), selector: t.selector }], false);
      const topo = state.topology(t.topologyKey);
      v.anti.push({ topo, view: counter.view(topo, null, "all") });
    }
    memos.set("ipa:required", { gen: state.generation, v });
    return v;
  }

  preFilter(pod: PodInfo): PreFilterOutcome {
    // One array per plugin, refilled per cycle (read within the cycle only).
    this.existingAnti = this.matchingGroups("requiredAntiAffinity", pod, this.existingAntiScratch);
    const rv = this.requiredViews(pod);
    this.affinity = rv.affinity;
    this.anti = rv.anti;
    this.selfMatchesAll = rv.selfMatchesAll;
    const req = pod.requiredAffinityTerms;
    if (req.length > 0) {
      let total = 0;
      for (const t of this.affinity) for (let d = 0; d < t.view.totals.length; d++) total += t.view.totals[d]!;
      this.affinityCountsEmpty = total === 0;
    }
    if (this.existingAnti.length === 0 && req.length === 0 && pod.requiredAntiAffinityTerms.length === 0) return PREFILTER_SKIP;
    return PREFILTER_OK;
  }

  filter(_pod: PodInfo, node: number): Status | null {
    if (this.affinity.length > 0) {
      let podsExist = true;
      for (const t of this.affinity) {
        const d = t.topo.domainOf[node]!;
        if (d < 0) return REJECT_AFFINITY;
        if (t.view.totals[d]! <= 0) podsExist = false;
      }
      if (!podsExist && !(this.affinityCountsEmpty && this.selfMatchesAll)) return REJECT_AFFINITY;
    }
    for (const t of this.anti) {
      const d = t.topo.domainOf[node]!;
      if (d >= 0 && t.view.totals[d]! > 0) return REJECT_ANTI;
    }
    for (const g of this.existingAnti) {
      const d = g.topo.domainOf[node]!;
      if (d >= 0 && g.perDomain[d]! > 0) return REJECT_EXISTING;
    }
    return null;
  }

  /**
   * The current cycle's filter state as flat columns for the fused fast path (null when the Filter does
   * nothing): `hasAffinity` means required affinity terms exist (the fast path then calls filter() per node);
   * otherwise a node is rejected by anti term k when `antiTotals[k][antiDomainOf[k][node]] > 0`, then by
   * existing pods' anti-affinity when `existingPerDomain[k][existingDomainOf[k][node]] > 0`.
   */
  private readonly fast = { hasAffinity: false, antiDomainOf: [] as Int32Array[], antiTotals: [] as Int32Array[], existingDomainOf: [] as Int32Array[], existingPerDomain: [] as Int32Array[], antiIdentity0: false, existingIdentity0: false };

  /** Also says whether the first anti / existing term's topology is the identity (hostname: domain = node). */
  fastState(): { hasAffinity: boolean; antiDomainOf: Int32Array[]; antiTotals: Int32Array[]; existingDomainOf: Int32Array[]; existingPerDomain: Int32Array[]; antiIdentity0: boolean; existingIdentity0: boolean } | null {
    if (this.affinity.length === 0 && this.anti.length === 0 && this.existingAnti.length === 0) return null;
    // One object per plugin, refilled per cycle (the fast path reads it within the cycle only).
    const f = this.fast;
    f.hasAffinity = this.affinity.length > 0;
    // Written by index and resized only on a change of size: `length = 0` would drop the backing stores and
    // make every cycle allocate new ones.
    const na = this.anti.length;
    const ne = this.existingAnti.length;
    if (f.antiDomainOf.length !== na) f.antiDomainOf.length = f.antiTotals.length = na;
    if (f.existingDomainOf.length !== ne) f.existingDomainOf.length = f.existingPerDomain.length = ne;
    for (let k = 0; k < na; k++) {
      f.antiDomainOf[k] = this.anti[k]!.topo.domainOf;
      f.antiTotals[k] = this.anti[k]!.view.totals;
    }
    for (let k = 0; k < ne; k++) {
      f.existingDomainOf[k] = this.existingAnti[k]!.topo.domainOf;
      f.existingPerDomain[k] = this.existingAnti[k]!.perDomain;
    }
    f.antiIdentity0 = na > 0 && this.anti[0]!.topo.identity;
    f.existingIdentity0 = ne > 0 && this.existingAnti[0]!.topo.identity;
    return f;
  }

  filterMany(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number {
    if (this.affinity.length === 0 && this.anti.length === 0 && this.existingAnti.length === 0) return n;
    let k = 0;
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      const s = this.filter(pod, i);
      if (s === null) nodes[k++] = i;
      else sink.reject(i, s);
    }
    return k;
  }

  private accFor(topo: TopologyKeyIndex): Float64Array {
    for (const k of this.scoreKeys) if (k.topo === topo) return k.acc;
    let acc = this.scratch.get(topo.key);
    if (!acc || acc.length < topo.values.length) {
      acc = new Float64Array(topo.values.length);
      this.scratch.set(topo.key, acc);
    } else acc.fill(0);
    this.scoreKeys.push({ topo, acc });
    return acc;
  }

  preScore(pod: PodInfo): Status | null {
    const state = this.h.state;
    // A new list only when the last cycle filled one (most cycles skip with none): no allocation per cycle.
    if (this.scoreKeys.length !== 0) this.scoreKeys = [];
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (this.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
    // Nothing can contribute (no own preferred terms, no existing pod carries a scoring term): Skip early.
    const tg = state.termGroupCount;
    if (!hasConstraints && tg.requiredAffinity === 0 && tg.preferredAffinity === 0 && tg.preferredAntiAffinity === 0) return SKIP;
    let contributions = 0;
    const incoming = (terms: AffinityTerm[], sign: number) => {
      for (const t of terms) {
        const counter = state.counter([{ namespaces: mergedNamespaces(state, t), selector: t.selector }], false);
        const topo = state.topology(t.topologyKey);
        const view = counter.view(topo, null, "all");
        let any = false;
        for (let d = 0; d < view.totals.length; d++) if (view.totals[d]! > 0) any = true;
        if (!any) continue;
        const acc = this.accFor(topo);
        for (let d = 0; d < view.totals.length; d++) acc[d]! += sign * t.weight * view.totals[d]!;
        contributions++;
      }
    };
    incoming(pod.preferredAffinityTerms, 1);
    incoming(pod.preferredAntiAffinityTerms, -1);
    const existing = (kind: TermKind, weightOf: (g: TermGroup) => number) => {
      for (const g of this.matchingGroups(kind, pod)) {
        const w = weightOf(g);
        if (w === 0) continue;
        const acc = this.accFor(g.topo);
        for (let d = 0; d < g.perDomain.length; d++) acc[d]! += w * g.perDomain[d]!;
        contributions++;
      }
    };
    if (this.hardPodAffinityWeight > 0) existing("requiredAffinity", () => this.hardPodAffinityWeight);
    // ignorePreferredTermsOfExistingPods only decides the Skip above (the incoming pod has no preferred terms);
    // once scoring, processExistingPod always counts the existing pods' preferred terms.
    existing("preferredAffinity", (g) => g.term.weight);
    existing("preferredAntiAffinity", (g) => -g.term.weight);
    return contributions === 0 ? SKIP : null;
  }

  score(_pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void {
    const keys = this.scoreKeys;
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      let s = 0;
      for (let k = 0; k < keys.length; k++) {
        const d = keys[k]!.topo.domainOf[i]!;
        if (d >= 0) s += keys[k]!.acc[d]!;
      }
      out[j] = s;
    }
  }

  normalizeScore(_pod: PodInfo, _nodes: Int32Array, n: number, out: Float64Array): void {
    if (this.scoreKeys.length === 0) return;
    let min = Infinity;
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      if (out[j]! > max) max = out[j]!;
      if (out[j]! < min) min = out[j]!;
    }
    const diff = max - min;
    for (let j = 0; j < n; j++) out[j] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((out[j]! - min) / diff)) : 0;
  }
}
