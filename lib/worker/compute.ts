/**
 * What a run computes, away from the request path: expand the topology, then simulate the scenario on each
 * cluster (or sweep every zone / region of each cluster), and shape a compact, JSON-ready result. Runs inside
 * a run worker thread (run-worker.ts); also callable in-process (tests).
 */
import { lintHa, type ClusterSweep, type LintFinding } from "../engine/analysis/lint";
import { sweepScenarios, type SweepScenarioResult } from "../engine/analysis/sweep";
import { expandTopology, type ExpandedCluster } from "../engine/model/expand";
import { scenarioFromObject, type Scenario } from "../engine/sim/scenario";
import type { SimulationSettings } from "../engine/sim/settings";
import { simulate, type SimulationInput } from "../engine/sim/simulate";
import { ROLLOUT_COMPONENT } from "../engine/sim/deployment-loop";
import type { DeploymentSample } from "../engine/sim/recorder";
import type { DeploymentResult, DrainResult, RolloutResult } from "../engine/sim/results";
import { topologySchema, type Topology } from "../schemas/topology";
import { phasesOf, type Phase } from "./phases";
import type { Job, Progress } from "./protocol";
import { runWarmSweepScenario } from "./sweep-warm";
import { shiftScenario, unshiftResult, warmupMs } from "../engine/sim/warmup";
import { zonePodCounter, type ZoneDeploymentPods } from "./zone-pods";

export type { ZoneDeploymentPods } from "./zone-pods";

export interface DeploymentSummary {
  cluster: string;
  namespace: string;
  name: string;
  desired: number;
  readyAtEnd: number;
  minReady: number;
  minReadyAtMs: number;
  recoveredAtMs: number | null;
  timeToDetectMs: number | null;
  timeToRecoverMs: number | null;
  /** What the measures count from: the cluster's first fail or drain, else t = 0 (measuresFromStart). So the
   *  time traffic was lost is measuresFromMs + timeToDetectMs. Absent from runs stored before failures could be
   *  delayed: 0. */
  measuresFromMs?: number;
  pendingAtEnd: number;
  pendingReasons: Record<string, number>;
  /** The pod template's spread constraints, so the UI can explain Pending pods for the revision that ran. */
  spreads: { topologyKey: string; whenUnsatisfiable: string; nodeTaintsPolicy: string | null }[];
  series: { atMs: number; desired: number; ready: number; available: number; pending: number }[];
}

export interface SimulationRunResult {
  kind: "simulation";
  horizonMs: number;
  scenario: Scenario;
  deployments: DeploymentSummary[];
  zones: { cluster: string; zone: string; region: string; nodes: number; stateAtEnd: string; series: { atMs: number; readyNodes: number; pods: number }[] }[];
  /** Pods per (zone, Deployment) at t = 0 and at the horizon (the outage topology panel). Absent from runs
   *  stored before it existed: the panel then shows per-zone totals from `zones[].series` only. */
  zonePods?: ZoneDeploymentPods[];
  phases: Phase[];
  /** One per `drain` event per cluster that has the node. Absent from runs stored before drains existed. */
  drains?: (DrainResult & { cluster: string })[];
  /** One per `rollout` event per cluster whose Deployment template it changed (the engine's RolloutResult), in
   *  scenario order. Absent from runs stored before rollouts reached the app: read as no rollouts. */
  rollouts?: (RolloutResult & { cluster: string })[];
  /** kubectl's lines for the rollouts, per cluster: `deployment.apps/web image updated`, `... (no change)`, the
   *  API server's refusal (`error: The Deployment "web" is invalid: ...`), the Deployment controller's sync
   *  errors. They say why a rollout event has no entry in `rollouts`. Absent from older runs. */
  rolloutNotes?: RolloutNote[];
  events: { atMs: number; type: string; reason: string; object: string; message: string; cluster: string }[];
  eventsTruncated: number;
  lint: LintFinding[];
}

export interface RolloutNote {
  cluster: string;
  atMs: number;
  message: string;
}

export interface SweepRunResult {
  kind: "sweep";
  clusters: ClusterSweep[];
  lint: LintFinding[];
}

export type RunResult = SimulationRunResult | SweepRunResult;

/** Keeps stored results small: a zone outage of a big cluster logs hundreds of thousands of events. */
export const MAX_EVENTS = 2000;

export function parseTopology(spec: unknown): Topology {
  return topologySchema.parse(spec);
}

export function toSimulationInput(c: ExpandedCluster): SimulationInput {
  const s = c.snapshot;
  return { nodes: s.nodes, pods: s.pods, deployments: s.deployments, replicaSets: s.replicaSets, services: s.services, pdbs: s.podDisruptionBudgets, namespaces: s.namespaces };
}

/** The cluster's own timings (topology settings) under the scenario's overrides. */
export function clusterSimSettings(c: ExpandedCluster, overrides: Partial<SimulationSettings>): Partial<SimulationSettings> {
  const s = c.settings;
  return {
    nodeMonitorPeriodMs: s.nodeMonitorPeriodMs, nodeMonitorGracePeriodMs: s.nodeMonitorGracePeriodMs,
    defaultTolerationSeconds: s.defaultTolerationSeconds, nodeEvictionRate: s.nodeEvictionRate,
    secondaryNodeEvictionRate: s.secondaryNodeEvictionRate, unhealthyZoneThreshold: s.unhealthyZoneThreshold,
    largeClusterSizeThreshold: s.largeClusterSizeThreshold, podStartupMs: s.podStartupMs,
    ...overrides,
  };
}

export class JobError extends Error {
  constructor(message: string, readonly issues: { path: string; message: string }[] = []) {
    super(message);
  }
}

export function runJob(job: Job, onProgress: (p: Progress) => void = () => {}): RunResult {
  const topology = parseTopology(job.spec);
  const clusters = expandTopology(topology);
  if (job.kind === "sweep") return runSweep(topology, clusters, onProgress);
  const parsed = scenarioFromObject(job.scenario);
  if (!parsed.ok) throw new JobError("invalid scenario", parsed.issues);
  return runSimulation(topology, clusters, parsed.scenario, onProgress);
}

function runSimulation(topology: Topology, clusters: ExpandedCluster[], scenario: Scenario, onProgress: (p: Progress) => void): SimulationRunResult {
  const zonePods: ZoneDeploymentPods[] = [];
  const out: SimulationRunResult = { kind: "simulation", horizonMs: scenario.horizonMs, scenario, deployments: [], zones: [], zonePods, phases: [], drains: [], rollouts: [], rolloutNotes: [], events: [], eventsTruncated: 0, lint: lintHa({ topology }) };
  clusters.forEach((c, i) => {
    // Each cluster is simulated on its own: an event naming another cluster ({ cluster: X }) does not apply here
    // (the engine reads a cluster target as "every node of the cluster it simulates").
    const own = { ...scenario, events: scenario.events.filter((e) => { const t = e.fail ?? e.recover; return !(t?.cluster !== undefined && t.cluster !== c.name); }) };
    const input = toSimulationInput(c);
    const settings = clusterSimSettings(c, scenario.settings);
    const w = warmupMs(input, settings);
    const pods = zonePodCounter(c.name, w);
    // Progress while the cluster simulates: the virtual time reached, as a fraction of this cluster's share,
    // at most every 2% of the horizon (change points can be many thousands).
    const span = own.horizonMs + w;
    let reported = 0;
    const observe = (state: Parameters<typeof pods.observe>[0], atMs: number) => {
      pods.observe(state, atMs);
      if (atMs - reported >= span / 50) {
        reported = atMs;
        onProgress({ done: i + Math.min(1, atMs / span), total: clusters.length, virtualMs: Math.max(0, atMs - w), label: c.name });
      }
    };
    const raw = simulate(input, { ...shiftScenario(own, w), settings }, { recordEvents: true, fullSeries: false, observe });
    const r = unshiftResult(raw, w);
    zonePods.push(...pods.finish());
    const spreadsOf = new Map(input.deployments.map((d) => [`${d.metadata.namespace ?? "default"}/${d.metadata.name}`,
      (d.spec.template.spec.topologySpreadConstraints ?? []).map((t) => ({ topologyKey: t.topologyKey, whenUnsatisfiable: t.whenUnsatisfiable, nodeTaintsPolicy: t.nodeTaintsPolicy ?? null }))]));
    r.deployments.forEach((d, k) => {
      // Neither a fail nor a drain reached this cluster (a rollout alone, or another cluster's failure):
      // simulate counts minReady from its own t = 0, the warm-up's start, before any pod existed.
      const measures = raw.firstFailureAtMs === null ? measuresFromStart(raw.deployments[k]!.series, w) : {};
      out.deployments.push({ cluster: c.name, ...d, ...measures, measuresFromMs: r.firstFailureAtMs ?? 0, spreads: spreadsOf.get(`${d.namespace}/${d.name}`) ?? [], series: d.series });
    });
    for (const z of r.zones) out.zones.push({ cluster: c.name, zone: z.zone, region: z.region, nodes: z.nodes, stateAtEnd: String(z.stateAtEnd), series: z.series.map((s) => ({ atMs: s.atMs, readyNodes: s.readyNodes, pods: s.pods })) });
    out.phases.push(...phasesOf(c.name, settings, r));
    for (const d of r.drains) out.drains!.push({ cluster: c.name, ...d });
    for (const x of r.rollouts) out.rollouts!.push({ cluster: c.name, ...x });
    for (const n of r.notes) if (n.component === ROLLOUT_COMPONENT && n.atMs >= 0) out.rolloutNotes!.push({ cluster: c.name, atMs: n.atMs, message: n.message });
    for (const e of r.events) {
      if (out.events.length >= MAX_EVENTS) { out.eventsTruncated++; continue; }
      out.events.push({ atMs: e.atMs, type: e.type, reason: e.reason, object: e.object, message: e.message, cluster: c.name });
    }
    onProgress({ done: i + 1, total: clusters.length, virtualMs: r.horizonMs, label: c.name });
  });
  return out;
}

type Measures = Pick<DeploymentResult, "minReady" | "minReadyAtMs" | "recoveredAtMs" | "timeToDetectMs" | "timeToRecoverMs">;

/**
 * The outage measures of a Deployment in a cluster no fail or drain reached, counted from t = 0 (the end of the
 * warm-up `w`) as the recorder counts them from a failure: the baseline is the ready count just before t = 0,
 * minReady the lowest from t = 0 on, detection the first drop below the baseline, recovery the first time
 * ready == desired after dropping below it (t = 0 when it never dropped). So a rollout alone reads like an
 * outage that starts at t = 0, and a cluster untouched by another cluster's failure reads "unaffected".
 * `series`: the raw (unshifted) change points of simulate.
 */
export function measuresFromStart(series: readonly DeploymentSample[], w: number): Measures {
  let baseline: number | null = null;
  for (const s of series) if (s.atMs < w) baseline = s.ready;
  let minReady = baseline ?? Number.POSITIVE_INFINITY;
  let minReadyAtMs = 0;
  let detectedAtMs: number | null = null;
  let dropped = false;
  let recoveredAtMs: number | null = null;
  for (const s of series) {
    if (s.atMs < w) continue;
    const t = s.atMs - w;
    if (baseline === null) baseline = s.ready;
    if (s.ready < minReady) {
      minReady = s.ready;
      minReadyAtMs = t;
    }
    if (detectedAtMs === null && s.ready < baseline) detectedAtMs = t;
    if (s.ready < s.desired) dropped = true;
    else if (dropped && recoveredAtMs === null) recoveredAtMs = t;
  }
  if (!Number.isFinite(minReady)) minReady = series[series.length - 1]?.ready ?? 0;
  const recovered = dropped ? recoveredAtMs : 0;
  return { minReady, minReadyAtMs, recoveredAtMs: recovered, timeToDetectMs: detectedAtMs, timeToRecoverMs: recovered };
}

function runSweep(topology: Topology, clusters: ExpandedCluster[], onProgress: (p: Progress) => void): SweepRunResult {
  const plans = clusters.map((c) => ({ c, input: toSimulationInput(c), scenarios: sweepScenarios(toSimulationInput(c)) }));
  const total = plans.reduce((n, p) => n + p.scenarios.length, 0);
  let done = 0;
  const out: ClusterSweep[] = plans.map(({ c, input, scenarios }) => ({
    cluster: c.name,
    scenarios: scenarios.map((s): SweepScenarioResult => {
      const r = runWarmSweepScenario(input, s, clusterSimSettings(c, {}));
      done++;
      onProgress({ done, total, virtualMs: 3_600_000, label: `${c.name}: ${s.id}` });
      return r;
    }),
  }));
  return { kind: "sweep", clusters: out, lint: lintHa({ topology, sweep: out }) };
}
