/**
 * The app's sweep scenario: the engine's `runSweepScenario` (lib/engine/analysis/sweep.ts), which warms an
 * expanded topology up to its steady state before the failure (lib/engine/sim/warmup.ts), over the app's
 * horizon. Kept as the app's entry point so the worker and the UI name one function.
 */
import { runSweepScenario, type SweepScenario, type SweepScenarioResult } from "../engine/analysis/sweep";
import type { SimulationSettings } from "../engine/sim/settings";
import type { SimulationInput } from "../engine/sim/simulate";

export const SWEEP_HORIZON_MS = 3_600_000;

export function runWarmSweepScenario(input: SimulationInput, scenario: SweepScenario, settings: Partial<SimulationSettings>): SweepScenarioResult {
  return runSweepScenario(input, scenario, { seed: 0, horizonMs: SWEEP_HORIZON_MS, settings });
}
