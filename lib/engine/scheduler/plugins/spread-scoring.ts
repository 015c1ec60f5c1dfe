/**
 * PodTopologySpread Score / NormalizeScore (podtopologyspread/scoring.go) over the state PreScore prepared:
 * raw score = round(sum over soft constraints of count * log(domains + 2) + (maxSkew - 1)), the count taken
 * per domain (per node for hostname); NormalizeScore inverts it into [0, 100] by the min / max over the scored
 * (non-ignored) nodes. Split from pod-topology-spread.ts to keep modules small.
 */
import type { TopologyKeyIndex, View } from "../counters";
import { MAX_NODE_SCORE } from "../framework";
import type { SpreadConstraint } from "./spread-constraints";

export interface SoftState {
  c: SpreadConstraint;
  topo: TopologyKeyIndex;
  hostname: boolean;
  perNode: Int32Array;
  view: View | null;
  weight: number;
  /** Per-domain term `count * weight + (maxSkew - 1)` (null for hostname, counted per node). */
  contrib: Float64Array | null;
}

export function scoreSoft(soft: readonly SoftState[], ignored: Uint8Array, nodes: Int32Array, n: number, out: Float64Array): void {
  if (soft.length === 1 && soft[0]!.contrib !== null) {
    // One zone/region-like constraint: a lookup per node (0 + term is the term itself).
    const dom = soft[0]!.topo.domainOf;
    const contrib = soft[0]!.contrib;
    for (let j = 0; j < n; j++) {
      const d = dom[nodes[j]!]!;
      out[j] = ignored[j] === 1 || d < 0 ? 0 : Math.round(contrib[d]!);
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    if (ignored[j] === 1) {
      out[j] = 0;
      continue;
    }
    const i = nodes[j]!;
    let score = 0;
    for (let k = 0; k < soft.length; k++) {
      const s = soft[k]!;
      const d = s.topo.domainOf[i]!;
      if (d < 0) continue;
      score += s.contrib !== null ? s.contrib[d]! : s.perNode[i]! * s.weight + (s.c.maxSkew - 1);
    }
    out[j] = Math.round(score);
  }
}

export function normalizeSoft(ignored: Uint8Array, n: number, out: Float64Array): void {
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  for (let j = 0; j < n; j++) {
    if (ignored[j] === 1) continue;
    const s = out[j]!;
    if (s < minScore) minScore = s;
    if (s > maxScore) maxScore = s;
  }
  for (let j = 0; j < n; j++) {
    if (ignored[j] === 1) out[j] = 0;
    else if (maxScore === 0) out[j] = MAX_NODE_SCORE;
    else out[j] = Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - out[j]!)) / maxScore);
  }
}

/**
 * scoreSoft + normalizeSoft + `total += weight x score` folded per domain, for ONE soft constraint on a key
 * every node carries (nothing ignored, no missing domain): a node's raw score is its domain's, so min / max
 * over the scored nodes are min / max over the domains present among them (`marks[d + 1] === stamp`, set by
 * PreScore over the same nodes). Same integers as the unfolded passes, two short loops instead of five.
 */
export function addDomainScores(s: SoftState, marks: Int32Array, stamp: number, norm: Float64Array, domBest: Float64Array, nodes: Int32Array, n: number, total: Float64Array, weight: number, top: TopScores | null): void {
  const contrib = s.contrib!;
  domainNorms(contrib, marks, stamp, norm, weight);
  const dom = s.topo.domainOf;
  if (top === null) {
    for (let j = 0; j < n; j++) total[j]! += norm[dom[nodes[j]!]!]!;
    return;
  }
  // The caller needs only the top: a node's total is its resource total plus its domain's norm, so the best is
  // max over domains of (the domain's best resource total + norm), and the ties are the nodes at their
  // domain's share of it. Two passes whose branches are nearly always not taken, instead of one whose
  // running-maximum branches go either way on every node; `total` is left as the scan wrote it.
  const nd = contrib.length;
  for (let d = 0; d < nd; d++) domBest[d] = -Infinity;
  for (let j = 0; j < n; j++) {
    const d = dom[nodes[j]!]!;
    if (total[j]! > domBest[d]!) domBest[d] = total[j]!;
  }
  let best = -Infinity;
  for (let d = 0; d < nd; d++) if (domBest[d]! !== -Infinity && domBest[d]! + norm[d]! > best) best = domBest[d]! + norm[d]!;
  // Scores are integers times integer weights: the sums are exact, so equality is safe.
  for (let d = 0; d < nd; d++) domBest[d] = best - norm[d]!;
  let ties = 0;
  const pos = top.tiePos;
  // Branch-free (as in addHostnameScores): whether a node ties goes either way from node to node.
  for (let j = 0; j < n; j++) {
    pos[ties] = j;
    ties += +(total[j] === domBest[dom[nodes[j]!]!]);
  }
  top.best = best;
  top.ties = ties;
}

/** norm[d] = the normalized score x weight of domain d (min / max over the domains marked present). */
export function domainNorms(contrib: Float64Array, marks: Int32Array, stamp: number, norm: Float64Array, weight: number): void {
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  for (let d = 0; d < contrib.length; d++) {
    if (marks[d + 1] !== stamp) continue; // no scored node in this domain
    const r = Math.round(contrib[d]!);
    if (r < minScore) minScore = r;
    if (r > maxScore) maxScore = r;
  }
  normsFromRange(contrib, minScore, maxScore, norm, weight);
}

function normsFromRange(contrib: Float64Array, minScore: number, maxScore: number, norm: Float64Array, weight: number): void {
  for (let d = 0; d < contrib.length; d++) norm[d] = (maxScore === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - Math.round(contrib[d]!))) / maxScore)) * weight;
}

/**
 * The norms (norm[d], x weight) PreScore + addDomainScores would give ONE soft constraint (not on hostname,
 * on a key every node carries) if the scored nodes covered exactly the domains in the bit set `present`:
 * PreScore's weight is log(number of those domains + 2), contrib[d] = totals[d] x weight + (maxSkew - 1) as
 * PreScore computes it, and the min / max run over the present domains. The fused scan adds them per node
 * as it goes (fast-scan.ts), and the caller checks them against the real ones once PreScore has run.
 * `contrib` (scratch) is exactly totals.length long.
 */
export function presumedNorms(totals: Int32Array, maxSkew: number, present: number, contrib: Float64Array, norm: Float64Array, weight: number): void {
  let size = 0;
  for (let d = 0; d < totals.length; d++) if ((present & (1 << d)) !== 0) size++;
  const w = Math.log(size + 2);
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  for (let d = 0; d < totals.length; d++) {
    contrib[d] = totals[d]! * w + (maxSkew - 1);
    if ((present & (1 << d)) === 0) continue;
    const r = Math.round(contrib[d]!);
    if (r < minScore) minScore = r;
    if (r > maxScore) maxScore = r;
  }
  normsFromRange(contrib, minScore, maxScore, norm, weight);
}

/**
 * The best total and the positions holding it, in order (what selectHost draws among), filled by the last
 * scoring pass when the caller asks for it: saves a pass to find the maximum and another to find the pick.
 * Both then leave `total` as it was when they can (only the top is wanted).
 */
export interface TopScores {
  best: number;
  ties: number;
  tiePos: Int32Array;
}

/**
 * The same fold for ONE soft constraint on kubernetes.io/hostname that every node carries: the raw score is
 * per node (matching pods on it x weight + maxSkew - 1, rounded), so one integer pass takes the min / max count
 * and a second adds the normalized score x weight, looked up per count, to the totals. Same integers as
 * scoreSoft + normalizeSoft + the framework's weighted sum. `raw` is scratch (at least n long).
 */
export function addHostnameScores(s: SoftState, raw: Float64Array, nodes: Int32Array, n: number, total: Float64Array, weight: number, top: TopScores | null): void {
  const perNode = s.perNode;
  const w = s.weight;
  const base = s.c.maxSkew - 1;
  // The raw score depends on the node only through its count of matching pods: take the counts' min and max
  // in integers, and add the normalized score from a table per count (a handful of values in practice).
  // With `top`, the same pass also takes the best resource total per count (counts below BEST_BY_COUNT).
  let minCount = 2147483647;
  let maxCount = -1;
  const byCount = bestByCount;
  if (top !== null) {
    for (let j = 0; j < n; j++) {
      const c = perNode[nodes[j]!]!;
      if (c < minCount) minCount = c;
      if (c > maxCount) maxCount = c;
      if (c < BEST_BY_COUNT && total[j]! > byCount[c]!) byCount[c] = total[j]!;
    }
  } else {
    for (let j = 0; j < n; j++) {
      const c = perNode[nodes[j]!]!;
      if (c < minCount) minCount = c;
      if (c > maxCount) maxCount = c;
    }
  }
  if (n === 0) return;
  // raw(c) = round(c * w + base) is non-decreasing in c (w = log(size + 2) > 0), so min / max raw come from the
  // min / max counts.
  const minScore = Math.round(minCount * w + base);
  const maxScore = Math.round(maxCount * w + base);
  const span = maxCount - minCount;
  if (span >= raw.length) {
    // A wide spread of counts (rare): per node, as the definition reads.
    for (let j = 0; j < n; j++) raw[j] = Math.round(perNode[nodes[j]!]! * w + base);
    if (top !== null) byCount.fill(-Infinity, 0, BEST_BY_COUNT);
    addNormalized(raw, n, total, weight, minScore, maxScore, top, null, null);
    return;
  }
  const table = raw;
  for (let c = 0; c <= span; c++) {
    const r = Math.round((minCount + c) * w + base);
    table[c] = (maxScore === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - r)) / maxScore)) * weight;
  }
  if (top !== null && maxCount < BEST_BY_COUNT) {
    // Only the top is wanted: the best is max over counts of (best resource total at that count + its
    // normalized score), and the ties are the nodes at their count's share of it; both passes' branches are
    // nearly always not taken (a running maximum over every node's total goes either way). `total` is left
    // as the scan wrote it. Sums of integers times integer weights: equality is exact.
    let best = -Infinity;
    for (let c = minCount; c <= maxCount; c++) if (byCount[c]! !== -Infinity && byCount[c]! + table[c - minCount]! > best) best = byCount[c]! + table[c - minCount]!;
    for (let c = minCount; c <= maxCount; c++) byCount[c] = best - table[c - minCount]!;
    let ties = 0;
    const pos = top.tiePos;
    // Branch-free: the position is written at the cursor for every node, the cursor moves on a tie (whether a
    // node ties goes either way from node to node, a branch the CPU would mispredict about half the time).
    for (let j = 0; j < n; j++) {
      pos[ties] = j;
      ties += +(total[j] === byCount[perNode[nodes[j]!]!]);
    }
    top.best = best;
    top.ties = ties;
    byCount.fill(-Infinity, minCount, maxCount + 1);
    return;
  }
  if (top !== null) byCount.fill(-Infinity, 0, BEST_BY_COUNT);
  addNormalized(table, n, total, weight, minScore, maxScore, top, perNode, nodes, minCount);
}

/**
 * What addHostnameScores adds per count of matching pods, out[c] for c below out.length, when `size` nodes are
 * scored with counts from minCount to maxCount: PreScore's weight log(size + 2), raw(c) = round(c x weight +
 * maxSkew - 1), normalized by the raw scores of minCount and maxCount, times the plugin weight. The fused scan
 * adds it per node under presumed (size, minCount, maxCount) and the caller checks those afterwards.
 */
export function hostNormTable(maxSkew: number, size: number, minCount: number, maxCount: number, out: Float64Array, weight: number): void {
  const w = Math.log(size + 2);
  const base = maxSkew - 1;
  const minScore = Math.round(minCount * w + base);
  const maxScore = Math.round(maxCount * w + base);
  for (let c = 0; c < out.length; c++) {
    const r = Math.round(c * w + base);
    out[c] = (maxScore === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - r)) / maxScore)) * weight;
  }
}

/** Counts of matching pods per node for which addHostnameScores keeps a best total (a scratch, kept -Infinity between calls). */
const BEST_BY_COUNT = 64;
const bestByCount = new Float64Array(BEST_BY_COUNT).fill(-Infinity);

/**
 * total[j] += normalized score x weight, from raw[j] (byCount null) or from the precomputed per-count table
 * raw[perNode[nodes[j]] - minCount]; tracks the top scores when asked.
 */
function addNormalized(
  raw: Float64Array,
  n: number,
  total: Float64Array,
  weight: number,
  minScore: number,
  maxScore: number,
  top: TopScores | null,
  byCount: Int32Array | null,
  nodes: Int32Array | null,
  minCount = 0,
): void {
  let best = -Infinity;
  let ties = 0;
  const pos = top === null ? null : top.tiePos;
  for (let j = 0; j < n; j++) {
    const add =
      byCount !== null
        ? raw[byCount[nodes![j]!]! - minCount]!
        : (maxScore === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - raw[j]!)) / maxScore)) * weight;
    const t = (total[j]! += add);
    if (pos === null) continue;
    if (t > best) {
      best = t;
      ties = 1;
      pos[0] = j;
    } else {
      pos[ties] = j;
      ties += +(t === best);
    }
  }
  if (top !== null) {
    top.best = best;
    top.ties = ties;
  }
}
