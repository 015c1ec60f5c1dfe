/** Runs the sweep scenarios a worker thread is handed (pure `runSweepScenario`), posting each result by index. */
import { parentPort, workerData } from "node:worker_threads";
import { runSweepScenario, type SweepOptions, type SweepScenario } from "../lib/engine/analysis/sweep";
import type { SimulationInput } from "../lib/engine/sim/load";

const data = workerData as { input: SimulationInput; opts: SweepOptions };
parentPort!.on("message", (msg: { index: number; scenario: SweepScenario } | null) => {
  if (msg === null) {
    parentPort!.close();
    return;
  }
  parentPort!.postMessage({ index: msg.index, result: runSweepScenario(data.input, msg.scenario, data.opts) });
});
