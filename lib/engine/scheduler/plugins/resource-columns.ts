/**
 * Per-resource (allocatable, requested) columns for the resource scorers
 * (resourceAllocationScorer.calculateResourceAllocatableRequest): cpu and memory use NonZeroRequested unless
 * `useRequested` (BalancedAllocation), ephemeral-storage and scalars use Requested; a scalar resource the pod
 * does not request, or that the node does not have, is left out of the score.
 */
import type { Handle } from "../framework";
import type { PodInfo } from "../pod-info";
import { isScalarResourceName } from "../pod-requests";
import type { Scorer } from "./resource-scoring";

const ZERO = new Float64Array(0);

/** Which inlined loop can replace the generic scorer for (cpu, memory). */
export type FastScorer = "least" | "balanced";

export class ResourceColumns {
  private readonly req: Float64Array;
  private readonly alloc: Float64Array;
  private readonly podReq: Float64Array;
  constructor(
    private readonly h: Handle,
    readonly names: readonly string[],
    private readonly useRequested: boolean,
  ) {
    this.req = new Float64Array(names.length);
    this.alloc = new Float64Array(names.length);
    this.podReq = new Float64Array(names.length);
  }

  /** The pod's request per resource name (non-zero defaults unless useRequested). */
  podRequests(pod: PodInfo): Float64Array {
    const src = this.useRequested ? pod.spec.rawRequests : pod.spec.nonZeroRequests;
    for (let r = 0; r < this.names.length; r++) this.podReq[r] = src.get(this.names[r]!) ?? 0;
    return this.podReq;
  }

  /**
   * Inlined loops for the default resources (cpu, memory) with LeastAllocated or balanced scoring: the same
   * arithmetic as the generic scorers, without a call and two array writes per node.
   */
  private scoreCpuMemFast(pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array, fast: FastScorer, weights: readonly number[]): void {
    const st = this.h.state;
    const podReq = this.podRequests(pod);
    const pc = podReq[0]!;
    const pm = podReq[1]!;
    const ac = st.allocMilliCpu;
    const am = st.allocMemory;
    const rc = this.useRequested ? st.reqMilliCpu : st.nzMilliCpu;
    const rm = this.useRequested ? st.reqMemory : st.nzMemory;
    if (fast === "least") {
      const w0 = weights[0]!;
      const w1 = weights[1]!;
      for (let j = 0; j < n; j++) {
        const i = nodes[j]!;
        const a0 = ac[i]!;
        const a1 = am[i]!;
        let score = 0;
        let wsum = 0;
        if (a0 !== 0) {
          const r = rc[i]! + pc;
          score += (r > a0 ? 0 : Math.trunc(((a0 - r) * 100) / a0)) * w0;
          wsum += w0;
        }
        if (a1 !== 0) {
          const r = rm[i]! + pm;
          score += (r > a1 ? 0 : Math.trunc(((a1 - r) * 100) / a1)) * w1;
          wsum += w1;
        }
        out[j] = wsum === 0 ? 0 : Math.trunc(score / wsum);
      }
      return;
    }
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      const a0 = ac[i]!;
      const a1 = am[i]!;
      if (a0 !== 0 && a1 !== 0) {
        const f0 = Math.min((rc[i]! + pc) / a0, 1);
        const f1 = Math.min((rm[i]! + pm) / a1, 1);
        out[j] = Math.trunc((1 - Math.abs((f0 - f1) / 2)) * 100);
      } else out[j] = 100;
    }
  }

  scoreAll(pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array, scorer: Scorer, fast: FastScorer | null = null, weights: readonly number[] = []): void {
    if (fast !== null && this.names.length === 2 && this.names[0] === "cpu" && this.names[1] === "memory") {
      this.scoreCpuMemFast(pod, nodes, n, out, fast, weights);
      return;
    }
    const st = this.h.state;
    const podReq = this.podRequests(pod);
    const R = this.names.length;
    const allocCols: Float64Array[] = [];
    const reqCols: Float64Array[] = [];
    const skip: boolean[] = [];
    for (let r = 0; r < R; r++) {
      const name = this.names[r]!;
      skip.push(podReq[r] === 0 && isScalarResourceName(name));
      if (name === "cpu") {
        allocCols.push(st.allocMilliCpu);
        reqCols.push(this.useRequested ? st.reqMilliCpu : st.nzMilliCpu);
      } else if (name === "memory") {
        allocCols.push(st.allocMemory);
        reqCols.push(this.useRequested ? st.reqMemory : st.nzMemory);
      } else if (name === "ephemeral-storage") {
        allocCols.push(st.allocEphemeral);
        reqCols.push(st.reqEphemeral);
      } else {
        allocCols.push(st.scalarAlloc.get(name) ?? ZERO);
        reqCols.push(st.scalarReq.get(name) ?? ZERO);
      }
    }
    const alloc = this.alloc;
    const req = this.req;
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      for (let r = 0; r < R; r++) {
        const a = skip[r] ? 0 : (allocCols[r]![i] ?? 0);
        alloc[r] = a;
        req[r] = a === 0 ? 0 : (reqCols[r]![i] ?? 0) + podReq[r]!;
      }
      out[j] = scorer(req, alloc);
    }
  }
}
