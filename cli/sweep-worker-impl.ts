/** Runs the sweep scenarios dealt to this worker thread (pure `runSweepScenario`), posting each result by index. */
import { parentPort, workerData } from "node:worker_threads";
import { runSweepScenario, type SweepOptions, type SweepScenario } from "../lib/engine/analysis/sweep";
import type { SimulationInput } from "../lib/engine/sim/load";

const data = workerData as { input: SimulationInput; opts: SweepOptions; tasks: { index: number; scenario: SweepScenario }[] };
for (const { index, scenario } of data.tasks) parentPort!.postMessage({ index, result: runSweepScenario(data.input, scenario, data.opts) });
