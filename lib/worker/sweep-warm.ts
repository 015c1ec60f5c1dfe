/**
 * `runSweepScenario` (lib/engine/analysis/sweep.ts) fails the domain at t = 0 of its input, which for an
 * expanded topology is a cluster still starting (see warmup.ts). This runs the same scenario after the
 * warm-up and judges it with the same rules (verdictFor, PDB budgets, even-share shortfall).
 */
import { allowedDisruptions } from "../engine/analysis/pdb";
import { verdictFor, type SweepScenario, type SweepScenarioResult } from "../engine/analysis/sweep";
import type { SimulationSettings } from "../engine/sim/settings";
import { simulate, type SimulationInput } from "../engine/sim/simulate";
import { shiftScenario, unshiftResult, warmupMs } from "./warmup";

export const SWEEP_HORIZON_MS = 3_600_000;

export function runWarmSweepScenario(input: SimulationInput, scenario: SweepScenario, settings: Partial<SimulationSettings>): SweepScenarioResult {
  const w = warmupMs(input, settings);
  const target = scenario.kind === "zone" ? { zone: scenario.name } : { region: scenario.name };
  const raw = simulate(input, shiftScenario({ seed: 0, horizonMs: SWEEP_HORIZON_MS, settings, events: [{ atMs: 0, fail: target }] }, w), { recordEvents: false, fullSeries: false });
  const r = unshiftResult(raw, w);
  const labelsOf = new Map(input.deployments.map((d) => [`${d.metadata.namespace || "default"}/${d.metadata.name}`, d.spec.template.metadata?.labels ?? {}]));
  const deployments = r.deployments.map((d) => {
    const allowed = allowedDisruptions(input.pdbs, d.namespace, labelsOf.get(`${d.namespace}/${d.name}`) ?? {}, d.desired);
    return {
      namespace: d.namespace, name: d.name, desired: d.desired, minReady: d.minReady, minReadyAtMs: d.minReadyAtMs,
      recoveredAtMs: d.recoveredAtMs, pendingAtEnd: d.pendingAtEnd, pendingReasons: d.pendingReasons,
      allowedDisruptions: allowed, verdict: verdictFor(d.desired, d.minReady, allowed),
    };
  });
  const failed = (z: { zone: string; region: string }) => (scenario.kind === "zone" ? z.zone === scenario.name : z.region === scenario.name);
  // Requests at t = 0 (the steady state just before the failure).
  let lostCpu = 0;
  let lostMem = 0;
  for (const z of r.zones) if (failed(z)) {
    lostCpu += z.series[0]?.requestedCpuMilli ?? 0;
    lostMem += z.series[0]?.requestedMemoryBytes ?? 0;
  }
  const survivors = r.zones.filter((z) => !failed(z));
  const shortfall = survivors.map((z) => {
    const s = z.series[0];
    return {
      zone: z.zone, region: z.region,
      extraCpuMilli: Math.max(0, Math.ceil(lostCpu / survivors.length - (z.capacityCpuMilli - (s?.requestedCpuMilli ?? 0)))),
      extraMemoryBytes: Math.max(0, Math.ceil(lostMem / survivors.length - (z.capacityMemoryBytes - (s?.requestedMemoryBytes ?? 0)))),
    };
  }).sort((a, b) => (a.region + a.zone < b.region + b.zone ? -1 : 1));
  return { scenario, deployments, shortfall };
}
