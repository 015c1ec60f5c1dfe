/**
 * A topology (or a snapshot of manifests) has Deployments without their pods: the simulation's ReplicaSet
 * controller creates them at t = 0 and they need their startup time. Failing a zone at t = 0 would hit a cluster
 * that is still starting. So the scenario runs after a warm-up W (long enough for the controllers to create,
 * schedule and start every replica), and the result is shifted back by W: t = 0 is the failure on a steady
 * cluster. A snapshot whose Deployments already have every replica running needs none (W = 0).
 */
import { compileLabelSelector } from "../../k8s/selector";
import { BoundPodIndex } from "../util/spread-report";
import type { SimulationResult } from "./results";
import type { Scenario } from "./scenario";
import type { SimulationInput } from "./simulate";
import { ANNOTATION_STARTUP_TIME, DEFAULT_SETTINGS, type SimulationSettings } from "./settings";
import { parseDurationMs } from "../../schemas/duration";

export function warmupMs(input: SimulationInput, settings: Partial<SimulationSettings>): number {
  const qps = settings.controllerApiQps ?? DEFAULT_SETTINGS.controllerApiQps;
  const startupDefault = settings.podStartupMs ?? DEFAULT_SETTINGS.podStartupMs;
  let replicas = 0;
  let startup = startupDefault;
  for (const d of input.deployments) {
    replicas += d.spec.replicas ?? 1;
    const a = d.metadata.annotations?.[ANNOTATION_STARTUP_TIME] ?? d.spec.template.metadata?.annotations?.[ANNOTATION_STARTUP_TIME];
    startup = Math.max(startup, (a !== undefined ? parseDurationMs(a) : null) ?? startupDefault);
  }
  // Creation at the controller's API rate per Deployment in parallel is faster; this bound is safe.
  const ms = (replicas / Math.max(qps, 1)) * 1000 + startup + 60_000;
  return Math.ceil(ms / 60_000) * 60_000;
}

/**
 * W for this input: 0 when every Deployment already has its replicas as running pods on nodes (a live cluster's
 * `kubectl get -o yaml`), else warmupMs.
 */
export function steadyWarmupMs(input: SimulationInput, settings: Partial<SimulationSettings>): number {
  const running = input.pods.filter((p) => p.spec.nodeName && (p.status?.phase === undefined || p.status.phase === "Running") && !p.metadata.deletionTimestamp);
  // An index by label: each Deployment's selector tests only the pods that can match, not every pod (1,000
  // Deployments x 100,000 pods in a W5 sweep, per scenario).
  const index = new BoundPodIndex(running);
  for (const d of input.deployments) {
    const want = d.spec.replicas ?? 1;
    if (want === 0) continue;
    let sel;
    try {
      sel = compileLabelSelector(d.spec.selector ?? null);
    } catch {
      return warmupMs(input, settings);
    }
    const ns = d.metadata.namespace || "default";
    let have = 0;
    for (const i of index.candidates(sel)) {
      const p = index.pods[i]!;
      if ((p.metadata.namespace || "default") === ns && sel.matches(p.metadata.labels)) have++;
    }
    if (have < want) return warmupMs(input, settings);
  }
  return 0;
}

export function shiftScenario(s: Scenario, w: number): Scenario {
  return { ...s, horizonMs: s.horizonMs + w, events: s.events.map((e) => ({ ...e, atMs: e.atMs + w })) };
}

/** Samples from W on, times minus W; the last sample before W becomes the t = 0 state. */
function trim<T extends { atMs: number }>(series: T[], w: number): T[] {
  const out: T[] = [];
  let before: T | undefined;
  for (const s of series) {
    if (s.atMs < w) before = s;
    else out.push({ ...s, atMs: s.atMs - w });
  }
  if (before && (out.length === 0 || out[0]!.atMs > 0)) out.unshift({ ...before, atMs: 0 });
  return out;
}

const shift = (t: number | null, w: number) => (t === null ? null : t - w);
const after = (xs: number[], w: number) => xs.filter((x) => x >= w).map((x) => x - w);

export function unshiftResult(r: SimulationResult, w: number): SimulationResult {
  return {
    ...r,
    horizonMs: r.horizonMs - w,
    firstFailureAtMs: shift(r.firstFailureAtMs, w),
    deployments: r.deployments.map((d) => ({
      ...d, minReadyAtMs: d.minReadyAtMs - w, recoveredAtMs: shift(d.recoveredAtMs, w), series: trim(d.series, w),
    })),
    zones: r.zones.map((z) => ({ ...z, series: trim(z.series, w) })),
    services: r.services.map((s) => ({ ...s, series: trim(s.series, w) })),
    nodes: r.nodes.map((n) => ({ ...n, notReadyAtMs: after(n.notReadyAtMs, w), noExecuteTaintedAtMs: after(n.noExecuteTaintedAtMs, w), readyAgainAtMs: after(n.readyAgainAtMs, w) })),
    drains: r.drains.map((d) => ({ ...d, atMs: d.atMs - w, drainedAtMs: shift(d.drainedAtMs, w), evicted: d.evicted.map((e) => ({ ...e, atMs: e.atMs - w })) })),
    rollouts: r.rollouts.map((x) => ({ ...x, atMs: x.atMs - w, completedAtMs: shift(x.completedAtMs, w), supersededAtMs: shift(x.supersededAtMs, w) })),
    events: r.events.filter((e) => e.atMs >= w).map((e) => ({ ...e, atMs: e.atMs - w })),
    notes: r.notes.filter((n) => n.atMs >= w).map((n) => ({ ...n, atMs: n.atMs - w })),
  };
}
