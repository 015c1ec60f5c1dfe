/**
 * Runs sweep scenarios on worker threads (one per core, at most one per scenario). Each worker pulls the next
 * scenario when it finishes one; results are put back by index, so the output equals a serial run's.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { runSweepScenario, type SweepOptions, type SweepScenario, type SweepScenarioResult } from "../lib/engine/analysis/sweep";
import type { SimulationInput } from "../lib/engine/sim/load";

export async function sweepParallel(input: SimulationInput, scenarios: SweepScenario[], opts: SweepOptions, threads = availableParallelism()): Promise<SweepScenarioResult[]> {
  const n = Math.min(threads, scenarios.length);
  // A single scenario (or core) is not worth a thread's start-up (tsx compiling the engine again).
  if (n <= 1) return scenarios.map((s) => runSweepScenario(input, s, opts));
  const results: SweepScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const url = new URL("./sweep-worker.mjs", import.meta.url);
  await Promise.all(
    Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(url, { workerData: { input, opts } });
      const feed = () => {
        if (next < scenarios.length) {
          const index = next++;
          w.postMessage({ index, scenario: scenarios[index] });
        } else w.postMessage(null);
      };
      w.on("message", (m: { index: number; result: SweepScenarioResult }) => {
        results[m.index] = m.result;
        feed();
      });
      w.on("error", reject);
      w.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`sweep worker exited with code ${code}`))));
      feed();
    })),
  );
  return results;
}
