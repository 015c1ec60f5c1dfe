/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go).
 * Filter: pod count, then cpu, memory, ephemeral-storage, then scalar resources (extended resources listed in
 *   `ignoredResources` or whose group is in `ignoredResourceGroups` are not checked); zero requests are not
 *   checked; every shortage is Unschedulable with reason "Insufficient <name>" ("Too many pods").
 * Score: LeastAllocated / MostAllocated / RequestedToCapacityRatio over `scoringStrategy.resources`, using
 *   requests with the 100m / 200Mi non-zero defaults (node side: NonZeroRequested for cpu/memory).
 */
import { fitArgsWithDefaults, type NodeResourcesFitArgs } from "../config";
import type { FilterPlugin, Handle, RejectSink, ScorePlugin } from "../framework";
import type { PodInfo } from "../pod-info";
import { isExtendedResourceName } from "../pod-requests";
import { newStatus, type Status } from "../status";
import { leastAllocatedScorer, mostAllocatedScorer, requestedToCapacityRatioScorer, type Scorer } from "./resource-scoring";
import { ResourceColumns, type FastScorer } from "./resource-columns";

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = "NodeResourcesFit";
  private readonly ignored: Set<string>;
  private readonly ignoredGroups: Set<string>;
  private readonly scorer: Scorer;
  private readonly columns: ResourceColumns;
  private readonly fast: FastScorer | null;
  private readonly weights: number[];
  private readonly statusCache = new Map<string, Status>();
  /** LeastAllocated over exactly (cpu, memory): the fused fast path inlines it with these weights. */
  readonly fastWeights: readonly [number, number] | null;
  private readonly maskStatus: (Status | undefined)[] = [];

  constructor(private readonly h: Handle, args: NodeResourcesFitArgs = {}) {
    const a = fitArgsWithDefaults(args);
    this.ignored = new Set(a.ignoredResources);
    this.ignoredGroups = new Set(a.ignoredResourceGroups);
    const s = a.scoringStrategy;
    this.scorer =
      s.type === "MostAllocated"
        ? mostAllocatedScorer(s.resources)
        : s.type === "RequestedToCapacityRatio"
          ? requestedToCapacityRatioScorer(s.resources, s.requestedToCapacityRatio?.shape ?? [])
          : leastAllocatedScorer(s.resources);
    this.columns = new ResourceColumns(h, s.resources.map((r) => r.name), false);
    this.fast = s.type === "LeastAllocated" ? "least" : null;
    this.weights = s.resources.map((r) => r.weight);
    const cpuMem = s.resources.length === 2 && s.resources[0]!.name === "cpu" && s.resources[1]!.name === "memory";
    this.fastWeights = this.fast === "least" && cpuMem ? [this.weights[0]!, this.weights[1]!] : null;
  }

  /** The Status for a shortage mask (1 pods, 2 cpu, 4 memory), same reasons and order as filter(). */
  statusForMask(mask: number): Status {
    let s = this.maskStatus[mask];
    if (!s) {
      const reasons: string[] = [];
      if (mask & 1) reasons.push("Too many pods");
      if (mask & 2) reasons.push("Insufficient cpu");
      if (mask & 4) reasons.push("Insufficient memory");
      s = this.maskStatus[mask] = newStatus("Unschedulable", ...reasons);
    }
    return s;
  }

  /** fitsRequest: every shortage, in check order. */
  insufficientResources(pod: PodInfo, i: number): InsufficientResource[] {
    const st = this.h.state;
    const out: InsufficientResource[] = [];
    const allowed = st.allocPods[i]!;
    if (st.podCount[i]! + 1 > allowed) out.push({ resourceName: "pods", reason: "Too many pods", requested: 1, used: st.podCount[i]!, capacity: allowed });
    const r = pod.spec.requests;
    if (r.milliCpu === 0 && r.memory === 0 && r.ephemeralStorage === 0 && r.scalars.length === 0) return out;
    if (r.milliCpu > 0 && r.milliCpu > st.allocMilliCpu[i]! - st.reqMilliCpu[i]!)
      out.push({ resourceName: "cpu", reason: "Insufficient cpu", requested: r.milliCpu, used: st.reqMilliCpu[i]!, capacity: st.allocMilliCpu[i]! });
    if (r.memory > 0 && r.memory > st.allocMemory[i]! - st.reqMemory[i]!)
      out.push({ resourceName: "memory", reason: "Insufficient memory", requested: r.memory, used: st.reqMemory[i]!, capacity: st.allocMemory[i]! });
    if (r.ephemeralStorage > 0 && r.ephemeralStorage > st.allocEphemeral[i]! - st.reqEphemeral[i]!)
      out.push({ resourceName: "ephemeral-storage", reason: "Insufficient ephemeral-storage", requested: r.ephemeralStorage, used: st.reqEphemeral[i]!, capacity: st.allocEphemeral[i]! });
    for (const [name, q] of r.scalars) {
      if (q === 0) continue;
      if (isExtendedResourceName(name) && (this.ignored.has(name) || this.ignoredGroups.has(name.split("/")[0]!))) continue;
      const alloc = st.scalarAlloc.get(name)?.[i] ?? 0;
      const used = st.scalarReq.get(name)?.[i] ?? 0;
      if (q > alloc - used) out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used, capacity: alloc });
    }
    return out;
  }

  private statusFor(list: InsufficientResource[]): Status {
    const key = list.map((x) => x.reason).join("\u0000");
    let s = this.statusCache.get(key);
    if (!s) {
      s = newStatus("Unschedulable", ...list.map((x) => x.reason));
      this.statusCache.set(key, s);
    }
    return s;
  }

  filter(pod: PodInfo, i: number): Status | null {
    const list = this.insufficientResources(pod, i);
    return list.length === 0 ? null : this.statusFor(list);
  }

  filterMany(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number {
    const st = this.h.state;
    const r = pod.spec.requests;
    // Fast path for the common shape (cpu/memory only): plain array arithmetic, no allocation per node.
    if (r.ephemeralStorage === 0 && r.scalars.length === 0) {
      const cpu = r.milliCpu;
      const mem = r.memory;
      let k = 0;
      for (let j = 0; j < n; j++) {
        const i = nodes[j]!;
        let mask = st.podCount[i]! + 1 > st.allocPods[i]! ? 1 : 0;
        if (cpu > 0 && cpu > st.allocMilliCpu[i]! - st.reqMilliCpu[i]!) mask |= 2;
        if (mem > 0 && mem > st.allocMemory[i]! - st.reqMemory[i]!) mask |= 4;
        if (mask !== 0) sink.reject(i, this.statusForMask(mask));
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

  score(pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void {
    this.columns.scoreAll(pod, nodes, n, out, this.scorer, this.fast, this.weights);
  }
}
