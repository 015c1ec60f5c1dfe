/**
 * Runs sweep scenarios on a worker thread (pure `runSweepScenario`): takes the next task of the shared queue
 * until none is left, posting each result by index.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runSweepScenario, type SweepOptions } from "../lib/engine/analysis/sweep";
import type { SimulationInput } from "../lib/engine/sim/load";
import type { SweepTask } from "./sweep-parallel";

const data = workerData as { input: SimulationInput; opts: SweepOptions; tasks: SweepTask[]; next: Int32Array };
for (let t = Atomics.add(data.next, 0, 1); t < data.tasks.length; t = Atomics.add(data.next, 0, 1)) {
  const { index, scenario } = data.tasks[t]!;
  parentPort!.postMessage({ index, result: runSweepScenario(data.input, scenario, data.opts) });
}
