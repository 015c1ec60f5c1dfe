/**
 * The fused fast path of a scheduling cycle for the default plugin set (schedule-one.ts decides when it
 * applies; the generic path stays the definition and handles tracing, custom profiles and rare pod shapes).
 *
 * After the framework's PreFilter, ONE pass over the nodes in rotation order runs every Filter inline in the
 * framework's order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts (skipped: the pod
 * has no host ports), NodeResourcesFit, PodTopologySpread, InterPodAffinity) on the plugins' own PreFilter
 * state, stops at exactly numFeasibleNodesToFind feasible nodes, and scores each feasible node with the
 * resource scorers (LeastAllocated + BalancedAllocation on cpu/memory: no normalization, so they fold into the
 * same pass) while tracking the best total and its ties. The remaining score plugins (those needing PreScore
 * over the feasible set and NormalizeScore) then run batched, as in the generic path. Same arithmetic, same
 * order, same single PRNG draw: the decisions are identical (tests/engine/scheduler/fast-path.test.ts).
 *
 * Rejections are COUNTED per reason (no per-node records): a failed attempt costs one pass plus a message
 * built from a handful of counters, which is what an outage simulation with many unschedulable pods needs.
 */
import type { Rng } from "../util/prng";
import type { AnyPlugin } from "./framework";
import { PluginSet, type PluginFlags } from "./plugin-set";
import type { PodInfo } from "./pod-info";
import type { Framework } from "./registry";
import type { ScheduleResult } from "./cycle-result";
import { statusMessage, type Status } from "./status";
import { NodeResourcesBalancedAllocation } from "./plugins/balanced-allocation";
import { InterPodAffinity, REJECT_AFFINITY, REJECT_ANTI, REJECT_EXISTING } from "./plugins/inter-pod-affinity";
import { ErrReasonPod, NodeAffinity } from "./plugins/node-affinity";
import { ErrReasonNodeName, NodeName } from "./plugins/node-name";
import { NodePorts } from "./plugins/node-ports";
import { NodeResourcesFit } from "./plugins/node-resources-fit";
import { ErrReasonUnschedulable, NodeUnschedulable } from "./plugins/node-unschedulable";
import { PodTopologySpread, REJECT_LABEL, REJECT_SKEW } from "./plugins/pod-topology-spread";
import { TaintToleration } from "./plugins/taint-toleration";
import type { ClusterState } from "./cluster-state";
import { DomainSummaries } from "./domain-summary";
import { HOST_NORM_COUNTS, C_AFF, C_FIT, C_IPA_AFF, C_IPA_ANTI, C_IPA_EXISTING, C_LABEL, C_NAME, C_SKEW, C_TAINT, C_UNSCHED, ScanPlan, scan } from "./fast-scan";

const FILTER_ORDER = ["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity"];
const SCORE_SET = ["InterPodAffinity", "NodeAffinity", "NodeResourcesBalancedAllocation", "NodeResourcesFit", "PodTopologySpread", "TaintToleration"];

/** selectHost: one uniform draw among the top-scored nodes (none when a single node has the top score). */
export function selectHost(total: Float64Array, feasible: Int32Array, found: number, best: number, ties: number, rng: Rng): number {
  let pick = ties > 1 ? rng.intn(ties) : 0;
  for (let j = 0; j < found; j++) {
    if (total[j] === best) {
      if (pick === 0) return feasible[j]!;
      pick--;
    }
  }
  return -1;
}

/** FitError.Error() from counted rejections: "N reason" per reason (a status counts once per reason), sorted as strings. */
export function fitErrorFromCounts(numAllNodes: number, statuses: readonly Status[], counts: readonly number[]): string {
  const hist = new Map<string, number>();
  for (let k = 0; k < statuses.length; k++) for (const r of statuses[k]!.reasons) hist.set(r, (hist.get(r) ?? 0) + counts[k]!);
  const parts: string[] = [];
  for (const [r, c] of hist) parts.push(`${c} ${r}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `0/${numAllNodes} nodes are available:` + (parts.length > 0 ? ` ${parts.join(", ")}.` : "");
}

/** Whether the first nd norms agree (integers times integer weights: exact). */
function sameNorms(a: Float64Array, b: Float64Array, nd: number): boolean {
  for (let d = 0; d < nd; d++) if (a[d] !== b[d]) return false;
  return true;
}

/** A scheduled pod's (empty) unschedulablePlugins, shared: one allocation less per pod; frozen, so a write throws. */
const NO_PLUGINS = Object.freeze([]) as unknown as string[];

/** The plan's columns when PodTopologySpread's PreFilter was skipped (shared, never written). */
const NO_COLUMNS: Int32Array[] = [];
const NO_LIMITS: number[] = [];

/** Domains of a hard constraint the domain-filtered walk handles (one bit each in an int). */
const MAX_ORDER_DOMAINS = 31;

/** The first index of sorted `a` holding a value >= x (a.length when none). */
function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo === a.length ? 0 : lo;
}

export interface FastScratch {
  feasible: Int32Array;
  total: Float64Array;
  raw: Float64Array;
}

export class FastCycle {
  /** Nodes processed by the last run (for the rotating start index). */
  processed = 0;
  private readonly plan = new ScanPlan();
  private readonly scoreSkipped = new PluginSet();
  /** The score plugins left to run this cycle (reused; at most every score plugin). */
  private readonly extras: Framework["score"][number][] = [];
  private lastFailKey = "";
  /** The last cycle found no feasible node (see run()). */
  private lastFailed = false;
  private lastFailResult: ScheduleResult | null = null;
  /** What the counting pass reads instead of re-filtering unchanged domains (rebuilt with the state). */
  private summaries: DomainSummaries | null = null;
  /**
   * The request tuple the values cached in ClusterState.fitScore were computed for (fit verdict or the folded
   * LeastAllocated + BalancedAllocation total, fast-scan.ts): valid until node i's requests change (a bind changes
   * one node; the other sampled nodes reuse their score instead of redoing five divisions).
   */
  private readonly cacheKey = new Float64Array(7);

  private constructor(
    private readonly fw: Framework,
    private readonly p: {
      unsched: NodeUnschedulable;
      nodeName: NodeName;
      taint: TaintToleration;
      affinity: NodeAffinity;
      ports: NodePorts;
      fit: NodeResourcesFit;
      spread: PodTopologySpread;
      ipa: InterPodAffinity;
      balanced: NodeResourcesBalancedAllocation;
    },
    private readonly wFit: number,
    private readonly wBal: number,
    private readonly wSpread: number,
  ) {}

  /** The range of matching-pod counts the last hostname-spread cycle saw over its feasible nodes (presumed for the next). */
  private hostMin = 0;
  private hostMax = 0;

  /** The domains (bit set over domainOf's ids, below MAX_PRESUMED_DOMAINS) of a walk list's nodes, cached per list. */
  private readonly listDomains = new WeakMap<Int32Array, { domainOf: Int32Array; mask: number }>();
  private domainsOf(order: Int32Array, domainOf: Int32Array): number {
    const hit = this.listDomains.get(order);
    if (hit !== undefined && hit.domainOf === domainOf) return hit.mask;
    let mask = 0;
    for (let k = 0; k < order.length; k++) mask |= 1 << domainOf[order[k]!]!;
    this.listDomains.set(order, { domainOf, mask });
    return mask;
  }

  /** A fast cycle for the framework, or null when its plugins / args are not the shape inlined here. */
  static create(fw: Framework): FastCycle | null {
    if (fw.filter.map((x) => x.name).join() !== FILTER_ORDER.join()) return null;
    if (fw.score.map((s) => s.plugin.name).sort().join() !== SCORE_SET.join()) return null;
    const [unsched, nodeName, taint, affinity, ports, fit, spread, ipa] = fw.filter;
    const balanced = fw.plugins.find((x) => x.name === "NodeResourcesBalancedAllocation");
    if (
      !(unsched instanceof NodeUnschedulable) || !(nodeName instanceof NodeName) || !(taint instanceof TaintToleration) ||
      !(affinity instanceof NodeAffinity) || !(ports instanceof NodePorts) || !(fit instanceof NodeResourcesFit) ||
      !(spread instanceof PodTopologySpread) || !(ipa instanceof InterPodAffinity) || !(balanced instanceof NodeResourcesBalancedAllocation)
    )
      return null;
    if (!affinity.fastCompatible || fit.fastWeights === null || !balanced.fastCompatible) return null;
    const weight = (pl: AnyPlugin) => fw.score.find((s) => s.plugin === pl)!.weight;
    return new FastCycle(fw, { unsched, nodeName, taint, affinity, ports, fit, spread, ipa, balanced }, weight(fit), weight(balanced), weight(spread));
  }

  /** Whether this pod's shape is handled (else the caller runs the generic path). */
  accepts(pod: PodInfo, skipped: PluginFlags): boolean {
    const r = pod.spec.requests;
    return r.ephemeralStorage === 0 && r.scalars.length === 0 && skipped.has(this.p.ports);
  }

  /** Fills the scan plan from the plugins' PreFilter state (inactive filters become null / empty). */
  private prepare(pod: PodInfo, skipped: PluginFlags, toFind: number, start: number): ScanPlan {
    const p = this.p;
    const q = this.plan;
    const st = this.fw.handle.state;
    const N = st.n;
    q.n = N;
    q.toFind = toFind;
    q.start = start;
    q.pod = pod;
    q.unsched = st.unschedulableNodes > 0 && !skipped.has(p.unsched) && !p.unsched.tolerates(pod) ? st.unschedulable : null;
    const want = pod.pod.spec.nodeName;
    q.wantIdx = want && !skipped.has(p.nodeName) ? (st.index.get(want) ?? -2) : -1;
    q.taint = st.hardTaintedNodes > 0 && !skipped.has(p.taint) ? p.taint : null;
    q.taints = st.taints;
    q.naMask = skipped.has(p.affinity) ? null : p.affinity.requiredMask(pod);
    q.cpu = pod.spec.requests.milliCpu;
    q.mem = pod.spec.requests.memory;
    q.podCount = st.podCount;
    q.free = st.free;
    q.fitScore = st.fitScore;
    q.ac = st.allocMilliCpu;
    q.am = st.allocMemory;
    q.rc = st.reqMilliCpu;
    q.rm = st.reqMemory;
    q.nzc = st.nzMilliCpu;
    q.nzm = st.nzMemory;
    const spreadOn = !skipped.has(p.spread);
    q.hardDom = spreadOn ? p.spread.fastDomainOf : NO_COLUMNS;
    q.hardTotals = spreadOn ? p.spread.fastTotals : NO_COLUMNS;
    q.hardLimit = spreadOn ? p.spread.fastLimit : NO_LIMITS;
    q.order = null;
    if (q.hardLimit.length === 1) {
      // The domains passing the skew check that hold an eligible node, as a bit set: the scan then walks only
      // their nodes (every node of the others is infeasible, see PodTopologySpread.fastEligible).
      const tot = q.hardTotals[0]!;
      const lim = q.hardLimit[0]!;
      const eligible = p.spread.fastEligible[0]!;
      if (tot.length <= MAX_ORDER_DOMAINS) {
        let allowed = 0;
        for (let d = 0; d < tot.length; d++) if (tot[d]! <= lim && eligible[d]! > 0) allowed |= 1 << d;
        const order = st.domainOrder(q.hardDom[0]!, tot.length, allowed);
        if (order !== null) {
          q.order = order;
          q.orderStart = lowerBound(order, start);
        }
      }
    }
    // A soft spread constraint folded per domain (the lone extra score of a zone / region spread, usually):
    // its score depends on the domains the feasible nodes cover, presumed to be those of the nodes the walk
    // visits; the scan adds the presumed norms and run() checks them after PreScore. PreScore runs whatever
    // PreFilter said, hence no `skipped` here.
    const softTopo = (q.softTopo = p.spread.softDomainHint(pod));
    q.softDom = null;
    if (softTopo !== null) {
      const present = q.order === null ? (1 << softTopo.values.length) - 1 : this.domainsOf(q.order, softTopo.domainOf);
      p.spread.presumeNorms(pod, present, q.softNorm, this.wSpread);
      q.softDom = softTopo.domainOf;
    }
    // A lone soft spread on hostname: its score depends on the node's count of matching pods and on the number
    // of scored nodes and the counts' range, presumed to be numFeasibleNodesToFind and the range the last such
    // cycle saw (consecutive pods are mostly replicas of one template); checked after PreScore.
    q.hostCounts = softTopo === null ? p.spread.softHostnameHint(pod) : null;
    if (q.hostCounts !== null) p.spread.presumeHostNorms(pod, toFind, this.hostMin, this.hostMax, q.hostNorm, this.wSpread);
    const ipa = skipped.has(p.ipa) ? null : p.ipa.fastState();
    q.ipa = ipa === null ? null : p.ipa;
    q.ipaFull = ipa !== null && ipa.hasAffinity;
    q.antiDom = ipa?.antiDomainOf ?? NO_COLUMNS;
    q.antiTotals = ipa?.antiTotals ?? NO_COLUMNS;
    q.exDom = ipa?.existingDomainOf ?? NO_COLUMNS;
    q.antiId0 = ipa !== null && ipa.antiIdentity0;
    q.exId0 = ipa !== null && ipa.existingIdentity0;
    q.exPerDomain = ipa?.existingPerDomain ?? NO_COLUMNS;
    q.pc = pod.spec.nzCpu;
    q.pm = pod.spec.nzMem;
    q.bc = pod.spec.rawCpu;
    q.bm = pod.spec.rawMem;
    q.fw0 = p.fit.fastWeights![0];
    q.fw1 = p.fit.fastWeights![1];
    q.wFit = this.wFit;
    // BalancedAllocation's PreScore depends on the pod only (Skip when it requests no cpu/memory).
    q.wBal = p.balanced.preScore(pod) === null ? this.wBal : 0;
    const ck = this.cacheKey;
    // The cached values also hold NodeResourcesFit's verdict (fast-scan.ts fitOrScore): the fit requests are
    // part of the key.
    if (st.scoreCacheOwner !== this || ck[0] !== q.pc || ck[1] !== q.pm || ck[2] !== q.bc || ck[3] !== q.bm || ck[4] !== q.wBal || ck[5] !== q.cpu || ck[6] !== q.mem) st.resetScoreCache(this);
    ck[0] = q.pc;
    ck[1] = q.pm;
    ck[2] = q.bc;
    ck[3] = q.bm;
    ck[4] = q.wBal;
    ck[5] = q.cpu;
    ck[6] = q.mem;
    return q;
  }

  run(pod: PodInfo, skipped: PluginFlags, toFind: number, start: number, sc: FastScratch, rng: Rng): ScheduleResult {
    const p = this.p;
    const st = this.fw.handle.state;
    const N = st.n;
    const q = this.prepare(pod, skipped, toFind, start);
    const feasible = sc.feasible;
    const total = sc.total;
    // After a failed cycle the next one usually fails too (an outage fails workload after workload): it starts
    // with the counting pass (framework order, every node), which finds the same feasible nodes in the same
    // order when there are some, and saves the pass that would find none.
    q.exact = this.lastFailed;
    let found = q.exact ? this.countingScan(q, st, feasible, total) : scan(q, feasible, total);
    // No feasible node: every node was visited; count the rejections again in the framework's order for the FitError.
    if (found === 0 && !q.exact) {
      q.exact = true;
      found = this.countingScan(q, st, feasible, total);
    }
    this.lastFailed = found === 0;
    const processed = (this.processed = q.processed);
    q.pod = null;
    if (found === 0) return this.failure(q, N, processed);
    if (found === 1) return this.done(pod, feasible[0]!, processed, found);

    // ---- PreScore + the score plugins that need the feasible set (batched, exactly as the generic path)
    // SkipScorePlugins comes from PreScore alone, as upstream (not from PreFilter's Skip): see schedule-one.ts.
    const scoreSkipped = this.scoreSkipped;
    scoreSkipped.clear();
    if (q.wBal === 0) scoreSkipped.add(p.balanced);
    const preScores = this.fw.preScore;
    for (let k = 0; k < preScores.length; k++) {
      const pl = preScores[k]!;
      if (pl === p.balanced) continue; // decided in prepare()
      const s = pl.preScore!(pod, feasible, found);
      if (s && s.code === "Skip") scoreSkipped.add(pl);
      else if (s && s.code !== "Success") return { nodeName: null, message: `running PreScore plugin ${JSON.stringify(pl.name)}: ${statusMessage(s)}`, outcome: "Error", unschedulablePlugins: [], evaluatedNodes: 0, feasibleNodes: 0 };
    }
    const extras = this.extras;
    let numExtras = 0;
    const scores = this.fw.score;
    for (let k = 0; k < scores.length; k++) {
      const s = scores[k]!;
      const plugin = s.plugin;
      if (plugin === p.fit || plugin === p.balanced || scoreSkipped.has(plugin)) continue;
      if (plugin.scoreIsUniform && plugin.scoreIsUniform(pod)) continue;
      extras[numExtras++] = s;
    }
    // Whether q.tiePos / q.ties hold the top of the final totals (the scan's, unless it added presumed norms).
    let topReady = q.softDom === null && q.hostCounts === null;
    if (numExtras === 1 && extras[0]!.plugin === p.spread) {
      const weight = extras[0]!.weight;
      // The scan ranked total + presumed norm: when the real norms agree, that is the final score's top.
      if (q.softDom !== null) {
        const real = p.spread.foldedNorms(q.softTopo!, found, weight);
        if (real !== null && sameNorms(real, q.softNorm, q.softTopo!.values.length)) {
          return this.done(pod, feasible[q.tiePos[q.ties > 1 ? rng.intn(q.ties) : 0]!]!, processed, found);
        }
      } else if (q.hostCounts !== null) {
        const presumed = found === toFind && q.hostMin === this.hostMin && q.hostMax === this.hostMax && q.hostMax < HOST_NORM_COUNTS;
        this.hostMin = q.hostMin;
        this.hostMax = q.hostMax;
        if (presumed && p.spread.foldedHostname(q.hostCounts)) {
          return this.done(pod, feasible[q.tiePos[q.ties > 1 ? rng.intn(q.ties) : 0]!]!, processed, found);
        }
      }
      // A lone spread score folded per domain also finds the top-scored positions (in q.tiePos) as it adds.
      if (p.spread.addDomainScores(feasible, found, total, weight, q)) {
        numExtras = 0;
        topReady = true;
      }
    }
    if (numExtras > 0) {
      for (let e = 0; e < numExtras; e++) {
        const { plugin, weight } = extras[e]!;
        if (plugin === p.spread && p.spread.addDomainScores(feasible, found, total, weight)) continue;
        const raw = sc.raw;
        plugin.score!(pod, feasible, found, raw);
        if (plugin.normalizeScore) plugin.normalizeScore(pod, feasible, found, raw);
        for (let j = 0; j < found; j++) total[j]! += raw[j]! * weight;
      }
    }
    if (numExtras === 0 && topReady) {
      // q.tiePos holds the top-scored positions in order: the pick-th of them is selectHost's choice.
      return this.done(pod, feasible[q.tiePos[q.ties > 1 ? rng.intn(q.ties) : 0]!]!, processed, found);
    }
    // Extra scores added to the totals, or the scan ranked presumed scores that did not run: the top of the
    // totals as they stand.
    let best = -Infinity;
    let ties = 0;
    for (let j = 0; j < found; j++) {
      if (total[j]! > best) {
        best = total[j]!;
        ties = 1;
      } else ties += +(total[j] === best);
    }
    return this.done(pod, selectHost(total, feasible, found, best, ties, rng), processed, found);
  }

  /**
   * The exact pass (framework order, every rejection counted): over the nodes that may be feasible only, plus
   * the per-domain summaries of the others when a single hard spread constraint allows (domain-summary.ts).
   */
  private countingScan(q: ScanPlan, st: ClusterState, feasible: Int32Array, total: Float64Array): number {
    if (this.summaries === null || this.summaries.state !== st) this.summaries = new DomainSummaries(st);
    const order = this.summaries.plan(q);
    if (order === null) return scan(q, feasible, total);
    q.order = order;
    q.orderStart = lowerBound(order, q.start);
    q.orderInExact = true;
    const found = scan(q, feasible, total);
    q.orderInExact = false;
    this.summaries.merge(q);
    return found;
  }

  /** Rejection counters -> add(plugin, status, count), in the framework's filter order. */
  private collect(c: Int32Array, q: ScanPlan, add: (plugin: string, s: Status | string, n: number) => void): void {
    add("NodeUnschedulable", ErrReasonUnschedulable, c[C_UNSCHED]!);
    add("NodeName", ErrReasonNodeName, c[C_NAME]!);
    if (c[C_TAINT]! > 0) for (const [s, n] of q.taintCounts) add("TaintToleration", s, n);
    add("NodeAffinity", ErrReasonPod, c[C_AFF]!);
    for (let m = 1; m < 8; m++) if (c[C_FIT + m]! > 0) add("NodeResourcesFit", this.p.fit.statusForMask(m), c[C_FIT + m]!);
    add("PodTopologySpread", REJECT_LABEL, c[C_LABEL]!);
    add("PodTopologySpread", REJECT_SKEW, c[C_SKEW]!);
    add("InterPodAffinity", REJECT_AFFINITY, c[C_IPA_AFF]!);
    add("InterPodAffinity", REJECT_ANTI, c[C_IPA_ANTI]!);
    add("InterPodAffinity", REJECT_EXISTING, c[C_IPA_EXISTING]!);
  }

  /** FitError from the counted rejections (every node was processed). */
  private failure(q: ScanPlan, N: number, processed: number): ScheduleResult {
    const statuses: Status[] = [];
    const counts: number[] = [];
    const plugins: string[] = [];
    this.collect(q.counts, q, (plugin, s, n) => {
      if (n === 0) return;
      statuses.push(typeof s === "string" ? { code: "Unschedulable", reasons: [s] } : s);
      counts.push(n);
      if (!plugins.includes(plugin)) plugins.push(plugin);
    });
    plugins.sort();
    // Outage simulations fail the same way thousands of times: reuse the last message when the counts agree.
    const key = `${N}|${counts.join()}|${statuses.map((s) => s.reasons.join("\u0001")).join("\u0002")}`;
    if (key !== this.lastFailKey || this.lastFailResult === null) {
      this.lastFailKey = key;
      this.lastFailResult = { nodeName: null, message: fitErrorFromCounts(N, statuses, counts), outcome: "Unschedulable", unschedulablePlugins: plugins, evaluatedNodes: processed, feasibleNodes: 0 };
    }
    const r = this.lastFailResult;
    return { nodeName: null, message: r.message, outcome: "Unschedulable", unschedulablePlugins: [...r.unschedulablePlugins], evaluatedNodes: processed, feasibleNodes: 0 };
  }

  private done(pod: PodInfo, node: number, processed: number, found: number): ScheduleResult {
    const name = this.fw.handle.state.names[node]!;
    return { nodeName: name, message: `Successfully assigned ${pod.key} to ${name}`, outcome: "Scheduled", unschedulablePlugins: NO_PLUGINS, evaluatedNodes: processed, feasibleNodes: found };
  }
}
