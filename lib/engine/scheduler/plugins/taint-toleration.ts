/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration).
 * Filter: the first untolerated NoSchedule/NoExecute taint rejects the node (UnschedulableAndUnresolvable).
 * Score: number of untolerated PreferNoSchedule taints, normalised in reverse (fewer is better).
 */
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint, preferNoScheduleTolerations, tolerationsTolerateTaint } from "../../../k8s/tolerations";
import type { Taint, Toleration } from "../../../k8s/types";
import { defaultNormalizeScore, MAX_NODE_SCORE, type FilterPlugin, type Handle, type PreScorePlugin, type RejectSink, type ScorePlugin } from "../framework";
import type { PodInfo } from "../pod-info";
import { newStatus, type Status } from "../status";

/** PreScore's tolerations when no node has a PreferNoSchedule taint (shared, never written). */
const NO_TOLERATIONS: Toleration[] = [];

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "TaintToleration";
  private preferTolerations: Toleration[] = [];
  /** One Status per distinct taint text: a rejection allocates nothing (failed attempts visit every node). */
  private readonly statusCache = new Map<string, Status>();
  private readonly statusByTaint = new WeakMap<Taint, Status>();
  constructor(private readonly h: Handle) {}

  filter(pod: PodInfo, node: number): Status | null {
    const taints = this.h.state.taints[node]!;
    if (taints.length === 0) return null;
    const taint = findMatchingUntoleratedTaint(taints, pod.spec.tolerations, isDoNotScheduleTaint);
    if (!taint) return null;
    const known = this.statusByTaint.get(taint);
    if (known) return known;
    const reason = `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;
    let s = this.statusCache.get(reason);
    if (!s) this.statusCache.set(reason, (s = newStatus("UnschedulableAndUnresolvable", reason)));
    this.statusByTaint.set(taint, s);
    return s;
  }

  filterMany(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number {
    if (this.h.state.hardTaintedNodes === 0) return n;
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
    // Without PreferNoSchedule taints anywhere every node counts 0 whatever the tolerations: skip the filtering.
    this.preferTolerations = this.h.state.preferTaintedNodes === 0 ? NO_TOLERATIONS : preferNoScheduleTolerations(pod.spec.tolerations);
    return null;
  }

  /** Without PreferNoSchedule taints anywhere every node normalizes to 100. */
  scoreIsUniform(): boolean {
    return this.h.state.preferTaintedNodes === 0;
  }

  score(_pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void {
    const st = this.h.state;
    for (let j = 0; j < n; j++) {
      const taints = st.taints[nodes[j]!]!;
      let c = 0;
      for (const t of taints) if (t.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(this.preferTolerations, t)) c++;
      out[j] = c;
    }
  }

  normalizeScore(_pod: PodInfo, _nodes: Int32Array, n: number, out: Float64Array): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, out, n);
  }
}
