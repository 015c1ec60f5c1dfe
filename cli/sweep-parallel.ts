/**
 * Runs sweep scenarios on worker threads: with N threads, scenarios are dealt round-robin to N-1 workers and the
 * main thread, which runs its share while the workers run theirs (one tsx start-up fewer than N workers).
 * Results are put back by index, so the output equals a serial run's.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { runSweepScenario, type SweepOptions, type SweepScenario, type SweepScenarioResult } from "../lib/engine/analysis/sweep";
import type { SimulationInput } from "../lib/engine/sim/load";

export async function sweepParallel(input: SimulationInput, scenarios: SweepScenario[], opts: SweepOptions, threads = availableParallelism()): Promise<SweepScenarioResult[]> {
  const n = Math.min(threads, scenarios.length);
  if (n <= 1) return scenarios.map((s) => runSweepScenario(input, s, opts));
  const results: SweepScenarioResult[] = new Array(scenarios.length);
  const url = new URL("./sweep-worker.mjs", import.meta.url);
  const share = (slot: number) => scenarios.map((scenario, index) => ({ index, scenario })).filter((x) => x.index % n === slot);
  const workers = Array.from({ length: n - 1 }, (_, k) => new Promise<void>((resolve, reject) => {
    const w = new Worker(url, { workerData: { input, opts, tasks: share(k + 1) } });
    w.on("message", (m: { index: number; result: SweepScenarioResult }) => {
      results[m.index] = m.result;
    });
    w.on("error", reject);
    w.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`sweep worker exited with code ${code}`))));
  }));
  // Let the workers start before the main thread blocks on its own share.
  await new Promise((r) => setTimeout(r, 0));
  for (const { index, scenario } of share(0)) results[index] = runSweepScenario(input, scenario, opts);
  await Promise.all(workers);
  return results;
}
