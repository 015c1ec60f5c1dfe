/**
 * `topoplan sweep`: from one steady state, fail each zone, then each region, one at a time, simulate, and judge
 * every Deployment: `survives` (never below desired minus what its PDBs allow), `down` (0 ready at some point),
 * else `degraded`; plus the extra capacity each surviving zone would need to absorb the lost requests.
 * `runSweepScenario` is pure and takes only plain data, so the CLI / app can run scenarios on worker threads.
 */
import type { LoadCache, SimulationInput } from "../sim/load";
import type { SimulationSettings } from "../sim/settings";
import { shiftScenario, steadyWarmupMs, unshiftResult } from "../sim/warmup";
import { simulate, type SimulateOptions } from "../sim/simulate";
import { allowedDisruptions } from "./pdb";

export interface SweepScenario {
  id: string;
  kind: "zone" | "region";
  name: string;
}

export interface SweepOptions {
  seed?: number;
  /** Virtual time after the failure (default 1 h). */
  horizonMs?: number;
  settings?: Partial<SimulationSettings>;
  scheduler?: SimulateOptions["scheduler"];
}

export type Verdict = "survives" | "degraded" | "down";

export interface SweepDeploymentResult {
  namespace: string;
  name: string;
  desired: number;
  minReady: number;
  minReadyAtMs: number;
  recoveredAtMs: number | null;
  pendingAtEnd: number;
  pendingReasons: Record<string, number>;
  allowedDisruptions: number;
  verdict: Verdict;
}

export interface ZoneShortfall {
  zone: string;
  region: string;
  extraCpuMilli: number;
  extraMemoryBytes: number;
}

export interface SweepScenarioResult {
  scenario: SweepScenario;
  deployments: SweepDeploymentResult[];
  /** For each surviving zone: the requests it lacks to take an even share of the failed domain's pods. */
  shortfall: ZoneShortfall[];
}

const LABEL_ZONE = "topology.kubernetes.io/zone";
const LABEL_REGION = "topology.kubernetes.io/region";

export function sweepScenarios(input: SimulationInput): SweepScenario[] {
  const zones = new Set<string>();
  const regions = new Set<string>();
  for (const n of input.nodes) {
    const z = n.metadata.labels?.[LABEL_ZONE];
    const r = n.metadata.labels?.[LABEL_REGION];
    if (z) zones.add(z);
    if (r) regions.add(r);
  }
  return [
    ...[...zones].sort().map((name) => ({ id: `zone/${name}`, kind: "zone" as const, name })),
    ...[...regions].sort().map((name) => ({ id: `region/${name}`, kind: "region" as const, name })),
  ];
}

export function verdictFor(desired: number, minReady: number, allowed: number): Verdict {
  if (desired > 0 && minReady === 0) return "down";
  return minReady >= desired - allowed ? "survives" : "degraded";
}

/**
 * The scenarios of a sweep simulate the same input object: the controllers' t = 0 materialisation is done once
 * per input (and seed) instead of once per scenario. Callers must not change an input between its scenarios.
 */
const loadCaches = new WeakMap<SimulationInput, LoadCache>();

function loadCacheFor(input: SimulationInput): LoadCache {
  let c = loadCaches.get(input);
  if (!c) loadCaches.set(input, (c = {}));
  return c;
}

/** And the warm-up each scenario needs (a pass over every pod and Deployment), per input and settings. */
const warmups = new WeakMap<SimulationInput, Map<string, number>>();

function warmupFor(input: SimulationInput, settings: NonNullable<SweepOptions["settings"]>): number {
  let m = warmups.get(input);
  if (!m) warmups.set(input, (m = new Map()));
  const sig = JSON.stringify(settings);
  let w = m.get(sig);
  if (w === undefined) m.set(sig, (w = steadyWarmupMs(input, settings)));
  return w;
}

export function runSweepScenario(input: SimulationInput, scenario: SweepScenario, opts: SweepOptions = {}): SweepScenarioResult {
  // Every scenario starts from the same steady state: when the input still lacks pods (manifests only), the
  // controllers first get a warm-up to create, schedule and start them, and times are shifted back.
  const w = warmupFor(input, opts.settings ?? {});
  const raw = simulate(
    input,
    shiftScenario({
      seed: opts.seed ?? 0,
      horizonMs: opts.horizonMs ?? 3_600_000,
      settings: opts.settings ?? {},
      events: [{ atMs: 0, fail: scenario.kind === "zone" ? { zone: scenario.name } : { region: scenario.name } }],
    }, w),
    { recordEvents: false, fullSeries: false, loadCache: loadCacheFor(input), ...(opts.scheduler ? { scheduler: opts.scheduler } : {}) },
  );
  const r = w === 0 ? raw : unshiftResult(raw, w);
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
  let lostCpu = 0;
  let lostMem = 0;
  for (const z of r.zones) if (failed(z)) {
    const s = z.series[0];
    lostCpu += s?.requestedCpuMilli ?? 0;
    lostMem += s?.requestedMemoryBytes ?? 0;
  }
  const survivors = r.zones.filter((z) => !failed(z));
  const shortfall = survivors
    .map((z) => {
      const s = z.series[0];
      const freeCpu = z.capacityCpuMilli - (s?.requestedCpuMilli ?? 0);
      const freeMem = z.capacityMemoryBytes - (s?.requestedMemoryBytes ?? 0);
      return {
        zone: z.zone, region: z.region,
        extraCpuMilli: Math.max(0, Math.ceil(lostCpu / survivors.length - freeCpu)),
        extraMemoryBytes: Math.max(0, Math.ceil(lostMem / survivors.length - freeMem)),
      };
    })
    .sort((a, b) => (a.region + a.zone < b.region + b.zone ? -1 : 1));
  return { scenario, deployments, shortfall };
}

/** Every scenario in turn (the CLI may instead fan `runSweepScenario` out to worker threads). */
export function sweep(input: SimulationInput, opts: SweepOptions = {}): SweepScenarioResult[] {
  return sweepScenarios(input).map((s) => runSweepScenario(input, s, opts));
}
