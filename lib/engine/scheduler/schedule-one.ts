/**
 * One scheduling cycle (pkg/scheduler/schedule_one.go: schedulePod, findNodesThatFitPod,
 * findNodesThatPassFilters, numFeasibleNodesToFind, prioritizeNodes, selectHost) and the FitError message
 * (framework/types.go).
 *
 * Deliberate differences, both invisible in results:
 *  - filtering is sequential in rotation order (kube-scheduler runs 16 goroutines and may evaluate a few more
 *    nodes than it needs); we stop exactly at the numFeasibleNodesToFind-th feasible node;
 *  - among top-scored nodes we draw ONE uniform index from the seeded PRNG instead of reservoir sampling
 *    (same distribution, one draw; no draw at all when a single node has the top score).
 */
import type { Rng } from "../util/prng";
import { PluginSet } from "./plugin-set";
import type { Framework } from "./registry";
import type { PodInfo } from "./pod-info";
import { isRejected, statusMessage, type Status } from "./status";
import { ERR_NO_NODES_AVAILABLE, fitErrorMessage, numFeasibleNodesToFind, type ScheduleResult, type ScheduleTrace } from "./cycle-result";
import { FastCycle } from "./fast-cycle";

export { MIN_FEASIBLE_NODES_TO_FIND, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, ERR_NO_NODES_AVAILABLE, numFeasibleNodesToFind, fitErrorMessage } from "./cycle-result";
export type { NodeRejection, NodeScoreTrace, ScheduleTrace, ScheduleResult } from "./cycle-result";

interface Scratch {
  nodes: Int32Array;
  chunk: Int32Array;
  pos: Int32Array;
  feasible: Int32Array;
  total: Float64Array;
  raw: Float64Array;
}

/** An unsuccessful ScheduleResult (a module function: a closure per cycle would be one allocation more). */
function fail(message: string, outcome: ScheduleResult["outcome"], plugins: string[] = [], evaluated = 0): ScheduleResult {
  return { nodeName: null, message, outcome, unschedulablePlugins: plugins, evaluatedNodes: evaluated, feasibleNodes: 0 };
}

/** The empty plugin list of a cycle no PreFilter narrowed (never written: replaced by a new array first). */
const NO_PLUGINS: string[] = [];

export class Cycle {
  nextStartNodeIndex = 0;
  private scratch: Scratch = { nodes: new Int32Array(0), chunk: new Int32Array(0), pos: new Int32Array(0), feasible: new Int32Array(0), total: new Float64Array(0), raw: new Float64Array(0) };
  // rejection records of the current cycle: preallocated parallel arrays (no per-node objects, no growth)
  private rejNode = new Int32Array(0);
  private rejPos = new Int32Array(0);
  private rejStatus: Status[] = [];
  private rejPlugin = new Int32Array(0);
  private rejCount = 0;

  private currentPlugin = 0;
  private readonly sink = {
    reject: (node: number, status: Status) => {
      const r = this.rejCount++;
      this.rejNode[r] = node;
      this.rejPos[r] = this.scratch.pos[node]!;
      this.rejStatus[r] = status;
      this.rejPlugin[r] = this.currentPlugin;
    },
  };

  /** Plugins that returned Skip in this cycle (reused: one cycle at a time). */
  private readonly skipped = new PluginSet();
  private readonly scoreSkipped = new PluginSet();
  /** The fused path for the default plugin set (null: custom profile, or disabled for comparison tests). */
  private readonly fast: FastCycle | null;

  constructor(
    private readonly fw: Framework,
    private readonly rng: Rng,
    fastPath = true,
  ) {
    this.fast = fastPath ? FastCycle.create(fw) : null;
  }

  private ensure(n: number): Scratch {
    const s = this.scratch;
    if (this.rejNode.length < n) {
      this.rejNode = new Int32Array(n);
      this.rejPos = new Int32Array(n);
      this.rejPlugin = new Int32Array(n);
      this.rejStatus = new Array<Status>(n);
    }
    if (s.nodes.length < n) {
      this.scratch = { nodes: new Int32Array(n), chunk: new Int32Array(n), pos: new Int32Array(n), feasible: new Int32Array(n), total: new Float64Array(n), raw: new Float64Array(n) };
    }
    return this.scratch;
  }

  run(pod: PodInfo, trace = false): ScheduleResult {
    const state = this.fw.handle.state;
    const N = state.n;
    if (N === 0) return fail(ERR_NO_NODES_AVAILABLE, "Unschedulable");

    // ---- PreFilter
    const skipped = this.skipped;
    skipped.clear();
    let narrowed: Set<string> | null = null;
    // Allocated only when a plugin narrows the candidates (rare): a cycle allocates as little as it can.
    let narrowingPlugins: string[] = NO_PLUGINS;
    const preFilters = this.fw.preFilter;
    for (let k = 0; k < preFilters.length; k++) {
      const p = preFilters[k]!;
      const out = p.preFilter!(pod);
      const s = out.status;
      if (s && s.code === "Skip") {
        skipped.add(p);
        continue;
      }
      if (s && s.code !== "Success") {
        if (!isRejected(s)) return fail(`running PreFilter plugin ${JSON.stringify(p.name)}: ${statusMessage(s)}`, "Error");
        return fail(fitErrorMessage(N, [], 0, null, statusMessage(s)), "Unschedulable", [p.name], 0);
      }
      if (out.nodeNames) {
        if (narrowingPlugins === NO_PLUGINS) narrowingPlugins = [];
        narrowingPlugins.push(p.name);
        narrowed = narrowed === null ? new Set(out.nodeNames) : new Set([...(narrowed as Set<string>)].filter((x: string) => out.nodeNames!.has(x)));
        if (narrowed.size === 0) {
          const m = narrowingPlugins.length === 1 ? `node(s) didn't satisfy plugin ${narrowingPlugins[0]}` : `node(s) didn't satisfy plugin(s) [${narrowingPlugins.join(" ")}] simultaneously`;
          return fail(fitErrorMessage(N, [], 0, null, m), "Unschedulable", narrowingPlugins, 0);
        }
      }
    }

    // ---- the fused fast path: same decisions, one pass (fast-cycle.ts); tracing needs the generic records
    if (!trace && narrowed === null && this.fast !== null && this.fast.accepts(pod, skipped)) {
      const r = this.fast.run(pod, skipped, numFeasibleNodesToFind(this.fw.profile.percentageOfNodesToScore, N), this.nextStartNodeIndex % N, this.ensure(N), this.rng);
      this.nextStartNodeIndex = (this.nextStartNodeIndex + this.fast.processed) % N;
      return r;
    }

    // ---- candidate list (sorted node indexes)
    const sc = this.ensure(N);
    let M = N;
    // Without PreFilter narrowing the candidate list is the identity (node j is candidate j): not materialised.
    const identity = narrowed === null;
    if (narrowed !== null) {
      const idx = [...narrowed].map((name) => state.index.get(name)).filter((i): i is number => i !== undefined).sort((a, b) => a - b);
      M = idx.length;
      for (let j = 0; j < M; j++) sc.nodes[j] = idx[j]!;
    }
    const absentCount = N - M;
    const absentStatus: Status | null = narrowed !== null ? { code: "UnschedulableAndUnresolvable", reasons: [`node(s) didn't satisfy plugin(s) [${narrowingPlugins.join(" ")}]`] } : null;

    // ---- Filter, in rotation order, chunk by chunk, stopping at numNodesToFind feasible nodes
    const filters = this.fw.filter.filter((p) => !skipped.has(p));
    const toFind = M === 0 ? 0 : numFeasibleNodesToFind(this.fw.profile.percentageOfNodesToScore, M);
    const start = M === 0 ? 0 : this.nextStartNodeIndex % M;
    this.rejCount = 0;
    let found = 0;
    let processed = 0;
    let scanned = 0;
    const sink = this.sink;
    while (scanned < M && found < toFind) {
      const size = Math.min(M - scanned, Math.max(toFind - found, 32));
      let at = (start + scanned) % M;
      for (let j = 0; j < size; j++) {
        const node = identity ? at : sc.nodes[at]!;
        sc.chunk[j] = node;
        sc.pos[node] = scanned + j;
        if (++at === M) at = 0;
      }
      let k = size;
      for (const p of filters) {
        this.currentPlugin = this.fw.filter.indexOf(p);
        if (p.filterMany) k = p.filterMany(pod, sc.chunk, k, sink);
        else {
          let kk = 0;
          for (let j = 0; j < k; j++) {
            const node = sc.chunk[j]!;
            const s = p.filter!(pod, node);
            if (s === null) sc.chunk[kk++] = node;
            else sink.reject(node, s);
          }
          k = kk;
        }
        if (k === 0) break;
      }
      let lastPos = scanned + size - 1;
      for (let j = 0; j < k; j++) {
        sc.feasible[found++] = sc.chunk[j]!;
        if (found === toFind) {
          lastPos = sc.pos[sc.chunk[j]!]!;
          break;
        }
      }
      scanned += size;
      if (found === toFind) {
        // Rejections found past the stopping point were never "processed" upstream: drop them.
        let w = 0;
        for (let r = 0; r < this.rejCount; r++) {
          if (this.rejPos[r]! > lastPos) continue;
          this.rejNode[w] = this.rejNode[r]!;
          this.rejPos[w] = this.rejPos[r]!;
          this.rejStatus[w] = this.rejStatus[r]!;
          this.rejPlugin[w] = this.rejPlugin[r]!;
          w++;
        }
        this.rejCount = w;
      }
    }
    processed = found + this.rejCount;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % N;

    // Diagnosis.UnschedulablePlugins starts with the PreFilter plugins that narrowed the nodes (pluginsWithNodes).
    const unschedulablePlugins: string[] = narrowed !== null ? [...narrowingPlugins] : [];
    if (this.rejCount > 0) {
      const seen = new Uint8Array(this.fw.filter.length);
      for (let r = 0; r < this.rejCount; r++) seen[this.rejPlugin[r]!] = 1;
      this.fw.filter.forEach((p, k) => seen[k] && !unschedulablePlugins.includes(p.name) && unschedulablePlugins.push(p.name));
    }
    unschedulablePlugins.sort();
    const rejStatuses = (): Status[] => this.rejStatus.slice(0, this.rejCount);
    const tr: ScheduleTrace | undefined = trace
      ? {
          numAllNodes: N,
          numNodesToFind: toFind,
          startIndex: start,
          skipped: [...skipped].map((p) => p.name),
          rejections: Array.from(this.rejNode.subarray(0, this.rejCount), (node, r) => ({ node: state.names[node]!, plugin: this.fw.filter[this.rejPlugin[r]!]!.name, code: this.rejStatus[r]!.code, reasons: this.rejStatus[r]!.reasons })),
          feasible: Array.from(sc.feasible.subarray(0, found), (i) => state.names[i]!),
          weights: Object.fromEntries(this.fw.score.map((s) => [s.plugin.name, s.weight])),
          topNodes: [],
        }
      : undefined;

    if (found === 0) {
      const r = fail(fitErrorMessage(N, rejStatuses(), absentCount, absentStatus, null), "Unschedulable", unschedulablePlugins, processed);
      if (tr) r.trace = tr;
      return r;
    }
    const done = (node: number): ScheduleResult => ({
      nodeName: state.names[node]!,
      message: `Successfully assigned ${pod.key} to ${state.names[node]}`,
      outcome: "Scheduled",
      // Upstream keeps the Diagnosis only in a FitError; a scheduled pod reports none (the trace has the rejections).
      unschedulablePlugins: [],
      evaluatedNodes: processed,
      feasibleNodes: found,
      ...(tr ? { trace: tr } : {}),
    });
    if (found === 1) return done(sc.feasible[0]!);

    // ---- PreScore + Score
    const feasible = sc.feasible;
    const total = sc.total;
    total.fill(0, 0, found);
    const byPlugin: { name: string; scores: Float64Array }[] = [];
    // SkipScorePlugins comes from PreScore alone (upstream keeps it apart from SkipFilterPlugins): a plugin with
    // nothing to filter (PodTopologySpread without DoNotSchedule constraints, NodeAffinity without required terms)
    // can still have something to score (ScheduleAnyway / system-default spreading, preferred terms).
    const scoreSkipped = this.scoreSkipped;
    scoreSkipped.clear();
    for (const p of this.fw.preScore) {
      const s = p.preScore!(pod, feasible, found);
      if (s && s.code === "Skip") scoreSkipped.add(p);
      else if (s && s.code !== "Success") return fail(`running PreScore plugin ${JSON.stringify(p.name)}: ${statusMessage(s)}`, "Error");
    }
    for (const { plugin, weight } of this.fw.score) {
      if (scoreSkipped.has(plugin)) continue;
      // A uniform score adds the same constant to every node: it cannot change the choice.
      if (!tr && plugin.scoreIsUniform && plugin.scoreIsUniform(pod)) continue;
      const raw = sc.raw;
      plugin.score!(pod, feasible, found, raw);
      if (plugin.normalizeScore) plugin.normalizeScore(pod, feasible, found, raw);
      for (let j = 0; j < found; j++) total[j]! += raw[j]! * weight;
      if (tr) byPlugin.push({ name: plugin.name, scores: raw.slice(0, found) });
    }

    // ---- selectHost
    let best = -Infinity;
    let ties = 0;
    for (let j = 0; j < found; j++) {
      if (total[j]! > best) {
        best = total[j]!;
        ties = 1;
      } else if (total[j] === best) ties++;
    }
    let pick = ties > 1 ? this.rng.intn(ties) : 0;
    let chosen = -1;
    for (let j = 0; j < found; j++) {
      if (total[j] === best) {
        if (pick === 0) {
          chosen = feasible[j]!;
          break;
        }
        pick--;
      }
    }
    if (tr) {
      const order = Array.from({ length: found }, (_, j) => j).sort((a, b) => total[b]! - total[a]! || (state.names[feasible[a]!]! < state.names[feasible[b]!]! ? -1 : 1));
      tr.skipped = [...new Set([...skipped, ...scoreSkipped])].map((p) => p.name);
      tr.topNodes = order.slice(0, 10).map((j) => ({
        node: state.names[feasible[j]!]!,
        total: total[j]!,
        byPlugin: Object.fromEntries(byPlugin.map((b) => [b.name, b.scores[j]!])),
      }));
    }
    return done(chosen);
  }
}
