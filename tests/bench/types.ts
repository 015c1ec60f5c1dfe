/** Shared shapes of the benchmark runner: a workload module returns one or more measured results. */
import type { Node, Pod } from "@/lib/k8s/types";

export interface WorkloadResult {
  id: string;
  ms: number;
  pods: number;
  podsPerSecond: number;
  peakHeapMB: number;
  pending: number;
  checker: "pass" | "fail";
  [extra: string]: unknown;
}

export interface BenchContext {
  seed: number;
  /** Samples heapUsed; call now and then inside long loops (cheap). */
  sampleHeap(): void;
  /** Resets the heap peak and returns a function that reads it (MB). */
  heapPeak(): () => number;
}

export interface BenchWorkload {
  /** Ids this module produces (used by --only; a module runs if any of its ids is selected). */
  ids: string[];
  run(ctx: BenchContext): WorkloadResult[];
  /**
   * Defaults for --warmup / --repeat. The sub-100 ms workloads need several unmeasured runs before V8 has
   * optimised the scheduler's hot paths (the first runs are 2-4x slower), and several measured runs on a noisy
   * shared machine; the multi-second ones get one of each.
   */
  warmup?: number;
  repeat?: number;
  /** Node flags the module's process starts with: those of the CLI command it measures (cli/node-flags.ts). */
  nodeFlags?: readonly string[];
}

/** One bind, in order, as the checker replays it. */
export interface BindEvent {
  pod: Pod;
  node: string;
}

export interface CheckInput {
  nodes: Node[];
  binds: BindEvent[];
  pending: { pod: Pod; message: string }[];
}
