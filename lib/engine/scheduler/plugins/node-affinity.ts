/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity).
 * PreFilter: Skip when neither the pod (nodeSelector / required node affinity) nor the profile's
 *   `addedAffinity` constrains nodes; narrows the candidates to the node names of `matchFields`
 *   `metadata.name In` requirements when every term has one (terms ORed, requirements ANDed); an empty
 *   intersection is "pod affinity terms conflict" (UnschedulableAndUnresolvable).
 * Filter: addedAffinity first ("scheduler-enforced"), then the pod's own selector/affinity.
 * Score: sum of weights of matching preferred terms (pod + addedAffinity), DefaultNormalizeScore.
 */
import { compileNodeSelector, compileNodeSelectorTerm, isEmptyNodeSelectorTerm, nodeSelectorTermMatches, type CompiledNodeSelector } from "../../../k8s/selector";
import type { NodeAffinityArgs } from "../config";
import { defaultNormalizeScore, MAX_NODE_SCORE, type FilterPlugin, type Handle, type PreFilterOutcome, type PreFilterPlugin, type PreScorePlugin, type RejectSink, type ScorePlugin, PREFILTER_OK, PREFILTER_SKIP } from "../framework";
import type { PodInfo, PreferredNodeTerm } from "../pod-info";
import { newStatus, SKIP, type Status } from "../status";

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ErrReasonConflict = "pod affinity terms conflict";
const REJECT_POD = newStatus("UnschedulableAndUnresolvable", ErrReasonPod);
const REJECT_ENFORCED = newStatus("UnschedulableAndUnresolvable", ErrReasonEnforced);

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "NodeAffinity";
  private readonly addedNodeSelector: CompiledNodeSelector | null;
  private readonly addedPreferred: PreferredNodeTerm[] | null;
  private preferred: PreferredNodeTerm[] | null = null;

  constructor(private readonly h: Handle, args: NodeAffinityArgs = {}) {
    const req = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.addedNodeSelector = req ? compileNodeSelector(req, "addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms") : null;
    const pref = args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    this.addedPreferred = pref
      ? pref.filter((p) => p.weight && !isEmptyNodeSelectorTerm(p.preference)).map((p, i) => ({ weight: p.weight, term: compileNodeSelectorTerm(p.preference, `addedAffinity.preferred[${i}]`) }))
      : null;
  }

  preFilter(pod: PodInfo): PreFilterOutcome {
    const required = pod.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !this.addedNodeSelector && !pod.pod.spec.nodeSelector) return PREFILTER_SKIP;
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return PREFILTER_OK;
    let nodeNames: Set<string> | null = null;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]!;
      // Most terms have no matchFields: no empty array per term and cycle.
      if (t.matchFields === undefined || t.matchFields.length === 0) return PREFILTER_OK;
      let termNames: Set<string> | null = null;
      for (const r of t.matchFields) {
        if (r.key !== "metadata.name" || r.operator !== "In") continue;
        const s = new Set(r.values ?? []);
        termNames = termNames === null ? s : new Set([...(termNames as Set<string>)].filter((x: string) => s.has(x)));
      }
      // A term without a metadata.name requirement admits every node (terms are ORed).
      if (termNames === null) return PREFILTER_OK;
      nodeNames = nodeNames === null ? new Set(termNames) : new Set([...nodeNames, ...termNames]);
    }
    if (nodeNames !== null && nodeNames.size === 0) return { status: newStatus("UnschedulableAndUnresolvable", ErrReasonConflict) };
    return { status: null, nodeNames };
  }

  filter(pod: PodInfo, node: number): Status | null {
    const st = this.h.state;
    const labels = st.labels[node];
    const name = st.names[node]!;
    if (this.addedNodeSelector && !this.addedNodeSelector.matches(labels, name)) return REJECT_ENFORCED;
    return pod.spec.requiredNodeAffinity.matches(labels, name) ? null : REJECT_POD;
  }

  /** The fused fast path handles the pod's own required affinity only (no scheduler-enforced addedAffinity). */
  get fastCompatible(): boolean {
    return this.addedNodeSelector === null;
  }

  /** Mask of nodes the pod's required affinity / nodeSelector admits, or null when it constrains nothing. */
  requiredMask(pod: PodInfo): Uint8Array | null {
    return pod.spec.requiredNodeAffinity.key === "" ? null : this.podMask(pod);
  }

  /** Per-template mask of nodes matching the pod's own required affinity (node labels only change on rebuild). */
  private podMask(pod: PodInfo): Uint8Array {
    const st = this.h.state;
    const memos = st.memoFor(pod.shared);
    const memo = memos.get("na:mask") as Uint8Array | undefined;
    if (memo !== undefined) return memo;
    const ra = pod.spec.requiredNodeAffinity;
    // Templates pinned the same way (equal keys) share one mask.
    let mask = st.nodeAffinityMasks.get(ra.key);
    if (!mask) {
      mask = new Uint8Array(st.n);
      for (let i = 0; i < st.n; i++) mask[i] = ra.matches(st.labels[i], st.names[i]!) ? 1 : 0;
      st.nodeAffinityMasks.set(ra.key, mask);
    }
    memos.set("na:mask", mask);
    return mask;
  }

  filterMany(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number {
    if (!this.addedNodeSelector && pod.spec.requiredNodeAffinity.key === "") return n;
    if (!this.addedNodeSelector) {
      const mask = this.podMask(pod);
      let k = 0;
      for (let j = 0; j < n; j++) {
        const i = nodes[j]!;
        if (mask[i] === 1) nodes[k++] = i;
        else sink.reject(i, REJECT_POD);
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

  preScore(pod: PodInfo): Status | null {
    this.preferred = pod.spec.preferredNodeTerms;
    if (this.preferred === null && this.addedPreferred === null) return SKIP;
    return null;
  }

  score(_pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void {
    const st = this.h.state;
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      let count = 0;
      for (const list of [this.addedPreferred, this.preferred]) {
        if (!list) continue;
        for (const p of list) if (nodeSelectorTermMatches(p.term, st.labels[i], st.names[i]!)) count += p.weight;
      }
      out[j] = count;
    }
  }

  normalizeScore(_pod: PodInfo, _nodes: Int32Array, n: number, out: Float64Array): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, out, n);
  }
}
