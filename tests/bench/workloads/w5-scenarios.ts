/**
 * What W5 runs on each thread (the main thread and its worker): the measured runs of `runSweepScenario`, and
 * the same scenarios re-run with their decisions recorded for the independent checker (deterministic for the
 * seed, so it checks the same run; not measured).
 */
import { runSweepScenario, type SweepScenario, type SweepScenarioResult } from "@/lib/engine/analysis/sweep";
import type { SimulationInput } from "@/lib/engine/sim/simulate";
import { runSimulation } from "./sim-run";

export interface ScenarioSummary {
  id: string;
  ms: number;
  pending: number;
  down: number;
  degraded: number;
}
export interface ScenarioCheck {
  id: string;
  ok: boolean;
  problems: string[];
  pending: number;
}

const summary = (r: SweepScenarioResult, ms: number): ScenarioSummary => ({
  id: r.scenario.id,
  ms,
  pending: r.deployments.reduce((n, d) => n + d.pendingAtEnd, 0),
  down: r.deployments.filter((d) => d.verdict === "down").length,
  degraded: r.deployments.filter((d) => d.verdict === "degraded").length,
});

/**
 * Takes scenarios from the shared queue (`next` counts the ones taken by every thread) until none is left, as
 * `topoplan sweep` does (cli/sweep-parallel.ts). `after` runs after each scenario (the main thread samples its heap).
 */
export function runQueue(input: SimulationInput, tasks: SweepScenario[], next: Int32Array, seed: number, after: () => void = () => {}): ScenarioSummary[] {
  const out: ScenarioSummary[] = [];
  for (let t = Atomics.add(next, 0, 1); t < tasks.length; t = Atomics.add(next, 0, 1)) {
    const t0 = performance.now();
    const r = runSweepScenario(input, tasks[t]!, { seed });
    out.push(summary(r, performance.now() - t0));
    after();
  }
  return out;
}

export function checkScenarios(input: SimulationInput, scenarios: SweepScenario[], seed: number): ScenarioCheck[] {
  const ctx = { seed, sampleHeap() {}, heapPeak: () => () => 0 };
  return scenarios.map((s) => {
    const fail = s.kind === "zone" ? { zone: s.name } : { region: s.name };
    const r = runSimulation(ctx, input, { seed, horizonMs: 3_600_000, settings: {}, events: [{ atMs: 0, fail }] });
    return { id: s.id, ok: r.checker.ok, problems: r.checker.problems.slice(0, 5), pending: r.pending };
  });
}
