/** Messages from a run worker thread to the pool (postMessage: structured clone; the Job goes in workerData). */
import type { RunResult } from "./compute";

export type Job =
  | { kind: "simulation"; spec: unknown; scenario: unknown }
  | { kind: "sweep"; spec: unknown };

export interface Progress {
  /** Scenarios (sweep) or clusters (simulation) finished, and the total; a simulation reports fractions as a
   *  cluster's virtual time advances (1.5 of 3 = half of the second cluster). */
  done: number;
  total: number;
  /** Virtual time reached by the last finished piece (ms). */
  virtualMs: number;
  label?: string;
}

export type WorkerMessage =
  | { type: "progress"; progress: Progress }
  | { type: "done"; result: RunResult }
  | { type: "error"; message: string };
