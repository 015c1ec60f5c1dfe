/**
 * The hot loop of the fused fast path (see fast-cycle.ts): every Filter of the default profile inline, in the
 * framework's order, over the nodes in rotation order, plus the folded resource score of each feasible node.
 *
 * Kept apart from the code that builds results on purpose: a closure in the same function would capture the
 * loop's counters and force V8 to keep them in a heap context instead of registers. All inputs come in one
 * monomorphic `ScanPlan`, outputs go to its fields and to the `counts` array.
 */
import type { PodInfo } from "./pod-info";
import type { Status } from "./status";
import type { TaintToleration } from "./plugins/taint-toleration";
import type { InterPodAffinity } from "./plugins/inter-pod-affinity";
import { REJECT_AFFINITY, REJECT_ANTI } from "./plugins/inter-pod-affinity";
import type { TopologyKeyIndex } from "./counters";
import { MAX_PRESUMED_DOMAINS } from "./plugins/pod-topology-spread";

/** Slots of ScanPlan.counts: rejections per reason; FIT + mask (1 pods, 2 cpu, 4 memory) for NodeResourcesFit. */
export const C_UNSCHED = 0, C_NAME = 1, C_TAINT = 2, C_AFF = 3, C_LABEL = 4, C_SKEW = 5, C_IPA_AFF = 6, C_IPA_ANTI = 7, C_IPA_EXISTING = 8, C_FIT = 8;
export const NUM_COUNTS = 16;
/** Counts of matching pods per node the presumed hostname-spread table covers. */
export const HOST_NORM_COUNTS = 64;

export class ScanPlan {
  n = 0;
  toFind = 0;
  start = 0;
  pod: PodInfo | null = null;
  unsched: Uint8Array | null = null;
  wantIdx = -1;
  taint: TaintToleration | null = null;
  taints: (readonly unknown[])[] = [];
  readonly taintCounts = new Map<Status, number>();
  naMask: Uint8Array | null = null;
  cpu = 0;
  mem = 0;
  podCount: Int32Array = new Int32Array(0);
  /** ClusterState.free: [4i] pods, [4i+1] milli-cpu, [4i+2] memory left on node i. */
  free: Float64Array = new Float64Array(0);
  /** ClusterState.fitScore: the cached fitOrScore of node i for the cycle's request tuple (NaN = stale). */
  fitScore: Float64Array = new Float64Array(0);
  ac: Float64Array = new Float64Array(0);
  am: Float64Array = new Float64Array(0);
  rc: Float64Array = new Float64Array(0);
  rm: Float64Array = new Float64Array(0);
  nzc: Float64Array = new Float64Array(0);
  nzm: Float64Array = new Float64Array(0);
  hardDom: Int32Array[] = [];
  hardTotals: Int32Array[] = [];
  hardLimit: number[] = [];
  ipa: InterPodAffinity | null = null;
  ipaFull = false;
  antiDom: Int32Array[] = [];
  antiTotals: Int32Array[] = [];
  exDom: Int32Array[] = [];
  exPerDomain: Int32Array[] = [];
  /** antiDom[0] / exDom[0] is the identity (hostname): the scan indexes the totals by node directly. */
  antiId0 = false;
  exId0 = false;
  // scoring: LeastAllocated (non-zero requests pc/pm, weights fw0/fw1) x wFit + BalancedAllocation (raw bc/bm) x wBal
  pc = 0;
  pm = 0;
  bc = 0;
  bm = 0;
  fw0 = 1;
  fw1 = 1;
  wFit = 1;
  wBal = 1;
  /** Positions (in feasible order) of the nodes with the best total so far: selectHost without a rescan. */
  tiePos: Int32Array = new Int32Array(0);
  readonly counts = new Int32Array(NUM_COUNTS);
  /**
   * false: nodes that PodTopologySpread's (single) hard constraint rejects are skipped before the other checks.
   * Feasibility is the same in either order; only the per-reason counts of rejected nodes differ, and those are
   * needed only for a FitError, which the caller then recounts with exact = true (framework order).
   */
  exact = true;
  /**
   * With the early skew check: the nodes (ascending) of the domains that pass it, or null to walk every node.
   * The walk then visits only those, from orderStart (the first at or after `start`): same feasible nodes in the
   * same order, and `processed` is still counted in positions from `start`, without touching the rejected ones.
   */
  order: Int32Array | null = null;
  orderStart = 0;
  /** The exact pass walks `order` too (domain-summary.ts counts the nodes it leaves out). */
  orderInExact = false;
  /**
   * The domain column of a soft spread constraint whose score folds per domain (softDomainHint), or null. With
   * it, the scan tracks the top of `total + softNorm[domain]` (the final score when the presumed norms hold:
   * fast-cycle.ts checks them after PreScore) while `total` keeps the resource scores alone.
   */
  softDom: Int32Array | null = null;
  softTopo: TopologyKeyIndex | null = null;
  readonly softNorm = new Float64Array(MAX_PRESUMED_DOMAINS);
  /**
   * Or, for a lone soft spread on hostname, its matching pods per node: the scan then ranks total +
   * hostNorm[count] (count capped at HOST_NORM_COUNTS - 1) and reports the counts' range over the feasible nodes
   * in hostMin / hostMax, which the caller compares with the range hostNorm was presumed for.
   */
  hostCounts: Int32Array | null = null;
  readonly hostNorm = new Float64Array(HOST_NORM_COUNTS);
  hostMin = 0;
  hostMax = 0;
  // outputs
  processed = 0;
  best = -Infinity;
  ties = 0;
}

/** Runs the filters and resource scores; returns the number of feasible nodes written to feasible/total. */
export function scan(q: ScanPlan, feasible: Int32Array, total: Float64Array): number {
  const N = q.n, toFind = q.toFind, pod = q.pod!, counts = q.counts;
  const unsched = q.unsched, wantIdx = q.wantIdx, taint = q.taint, taints = q.taints, naMask = q.naMask;
  const fitScore = q.fitScore;
  const nHard = q.hardLimit.length;
  const dom0 = nHard > 0 ? q.hardDom[0]! : q.podCount;
  const tot0 = nHard > 0 ? q.hardTotals[0]! : q.podCount;
  const lim0 = nHard > 0 ? q.hardLimit[0]! : 0;
  // The early skew check (see ScanPlan.exact): cheap, and in a zone-spread workload it rejects most visited nodes.
  const early = !q.exact && nHard === 1;
  const ipa = q.ipa, ipaFull = q.ipaFull, nAnti = q.antiDom.length, nEx = q.exDom.length;
  const antiDom0 = nAnti > 0 ? q.antiDom[0]! : q.podCount, antiTot0 = nAnti > 0 ? q.antiTotals[0]! : q.podCount;
  const exDom0 = nEx > 0 ? q.exDom[0]! : q.podCount, exPer0 = nEx > 0 ? q.exPerDomain[0]! : q.podCount;
  const antiId0 = q.antiId0, exId0 = q.exId0;
  if (q.tiePos.length < N) q.tiePos = new Int32Array(N);
  const tiePos = q.tiePos;
  counts.fill(0);
  const softDom = q.softDom, softNorm = q.softNorm, hostCounts = q.hostCounts, hostNorm = q.hostNorm;
  let hostMin = 2147483647;
  let hostMax = -1;
  let found = 0;
  let best = -Infinity;
  let ties = 0;
  let processed = N;
  const start = q.start;
  const order = early || q.orderInExact ? q.order : null;
  const L = order === null ? N : order.length;
  let k = order === null ? start : q.orderStart;
  // The domain-filtered walk visits only nodes of domains that passed the skew check (so they carry the key):
  // the single hard constraint has nothing left to check on them.
  const hard1 = nHard === 1 && order === null;
  for (let scanned = 0; scanned < L; scanned++, k = k + 1 === L ? 0 : k + 1) {
    const i = order === null ? k : order[k]!;
    if (early && order === null) {
      const d = dom0[i]!;
      if (d >= 0 && tot0[d]! > lim0) {
        counts[C_SKEW]!++;
        continue;
      }
    }
    if (unsched !== null && unsched[i] !== 0) {
      counts[C_UNSCHED]!++;
      continue;
    }
    if (wantIdx !== -1 && i !== wantIdx) {
      counts[C_NAME]!++;
      continue;
    }
    if (taint !== null && taints[i]!.length !== 0) {
      const s = taint.filter(pod, i);
      if (s !== null) {
        if (counts[C_TAINT]!++ === 0) q.taintCounts.clear();
        q.taintCounts.set(s, (q.taintCounts.get(s) ?? 0) + 1);
        continue;
      }
    }
    if (naMask !== null && naMask[i] === 0) {
      counts[C_AFF]!++;
      continue;
    }
    // NodeResourcesFit and the folded resource score in one cached value per node (fitScore[i], kept for the
    // cycle's request tuple until the node's requests change; NaN = not computed): the score when the pod
    // fits, minus the rejection mask when it does not. One load instead of three and the score's.
    let t = fitScore[i]!;
    if (t !== t) fitScore[i] = t = fitOrScore(q, i);
    if (t < 0) {
      counts[C_FIT - t]!++;
      continue;
    }
    if (hard1) {
      const d = dom0[i]!;
      if (d < 0) {
        counts[C_LABEL]!++;
        continue;
      }
      // (With the early check on, a node that reaches here already passed the skew test.)
      if (!early && tot0[d]! > lim0) {
        counts[C_SKEW]!++;
        continue;
      }
    } else if (nHard > 1) {
      let rej = 0;
      for (let k = 0; k < nHard && rej === 0; k++) {
        const d = q.hardDom[k]![i]!;
        if (d < 0) rej = C_LABEL;
        else if (q.hardTotals[k]![d]! > q.hardLimit[k]!) rej = C_SKEW;
      }
      if (rej !== 0) {
        counts[rej]!++;
        continue;
      }
    }
    if (ipa !== null) {
      let rej = 0;
      if (ipaFull) {
        const s = ipa.filter(pod, i);
        if (s !== null) rej = s === REJECT_AFFINITY ? C_IPA_AFF : s === REJECT_ANTI ? C_IPA_ANTI : C_IPA_EXISTING;
      } else {
        // The first term of each kind sits in locals (the usual case is one of each: the pod's own anti-affinity
        // and its Deployment's, seen from the existing pods).
        if (nAnti > 0) {
          const d = antiId0 ? i : antiDom0[i]!;
          if (d >= 0 && antiTot0[d]! > 0) rej = C_IPA_ANTI;
          for (let k = 1; k < nAnti && rej === 0; k++) {
            const e = q.antiDom[k]![i]!;
            if (e >= 0 && q.antiTotals[k]![e]! > 0) rej = C_IPA_ANTI;
          }
        }
        if (nEx > 0 && rej === 0) {
          const d = exId0 ? i : exDom0[i]!;
          if (d >= 0 && exPer0[d]! > 0) rej = C_IPA_EXISTING;
          for (let k = 1; k < nEx && rej === 0; k++) {
            const e = q.exDom[k]![i]!;
            if (e >= 0 && q.exPerDomain[k]![e]! > 0) rej = C_IPA_EXISTING;
          }
        }
      }
      if (rej !== 0) {
        counts[rej]!++;
        continue;
      }
    }
    // ---- feasible: t is its LeastAllocated (cpu, memory) + BalancedAllocation total (see fitOrScore).
    feasible[found] = i;
    total[found] = t;
    // Ties: the position is stored at the cursor whatever the score and the cursor moves when the score
    // ties (the slot past it is scratch). Whether a node ties the best depends on its data and goes either
    // way from node to node, a branch the CPU cannot predict; a new best is rare, and keeps its branch.
    let v = t;
    if (softDom !== null) v = t + softNorm[softDom[i]!]!;
    else if (hostCounts !== null) {
      // The counts are 0 or 1 on most nodes: these branches are rarely taken.
      const c = hostCounts[i]!;
      if (c < hostMin) hostMin = c;
      if (c > hostMax) hostMax = c;
      v = t + hostNorm[c < HOST_NORM_COUNTS ? c : HOST_NORM_COUNTS - 1]!;
    }
    if (v > best) {
      best = v;
      ties = 1;
      tiePos[0] = found;
    } else {
      tiePos[ties] = found;
      ties += +(v === best);
    }
    if (++found === toFind) {
      processed = order === null ? scanned + 1 : (i >= start ? i - start : i + N - start) + 1;
      break;
    }
  }
  q.processed = processed;
  q.hostMin = hostMin;
  q.hostMax = hostMax;
  q.best = best;
  q.ties = ties;
  return found;
}

/**
 * NodeResourcesFit's verdict and the resource score of node i for the plan's pod, as one number (cached by
 * the scan in fitScore[i]): minus the rejection mask (1 pods, 2 cpu, 4 memory: podCount + 1 > allocatable
 * pods, request > allocatable - requested, free[] holding the differences) when the pod does not fit, else
 * resourceScore (never negative).
 */
function fitOrScore(q: ScanPlan, i: number): number {
  const free = q.free;
  const f = 4 * i;
  let m = free[f]! < 1 ? 1 : 0;
  if (q.cpu > 0 && q.cpu > free[f + 1]!) m |= 2;
  if (q.mem > 0 && q.mem > free[f + 2]!) m |= 4;
  return m !== 0 ? -m : resourceScore(q, i);
}

/**
 * LeastAllocated (non-zero requests) x wFit + BalancedAllocation (raw requests) x wBal of node i, exactly as
 * resource-columns.ts computes them. Out of the scan loop on purpose: it runs only on a cache miss, and its
 * fourteen inputs would otherwise stay live across the loop and crowd the registers.
 */
export function resourceScore(q: ScanPlan, i: number): number {
  const a0 = q.ac[i]!;
  const a1 = q.am[i]!;
  let score = 0;
  let wsum = 0;
  if (a0 !== 0) {
    const r = q.nzc[i]! + q.pc;
    score += (r > a0 ? 0 : Math.trunc(((a0 - r) * 100) / a0)) * q.fw0;
    wsum += q.fw0;
  }
  if (a1 !== 0) {
    const r = q.nzm[i]! + q.pm;
    score += (r > a1 ? 0 : Math.trunc(((a1 - r) * 100) / a1)) * q.fw1;
    wsum += q.fw1;
  }
  let t = (wsum === 0 ? 0 : Math.trunc(score / wsum)) * q.wFit;
  if (q.wBal !== 0) {
    let bal = 100;
    if (a0 !== 0 && a1 !== 0) {
      const f0 = Math.min((q.rc[i]! + q.bc) / a0, 1);
      const f1 = Math.min((q.rm[i]! + q.bm) / a1, 1);
      bal = Math.trunc((1 - Math.abs((f0 - f1) / 2)) * 100);
    }
    t += bal * q.wBal;
  }
  return t;
}
