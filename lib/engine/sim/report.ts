/**
 * The `--json` shapes of `topoplan simulate` / `topoplan sweep` (shared/formats/cli.md): durations from t = 0 in
 * Go style ("5m55s"), events as kubectl shows them. The CLI and the app print these; extra fields are allowed.
 */
import type { SweepScenarioResult } from "../analysis/sweep";
import { formatDuration } from "../util/duration";
import type { SimulationResult } from "./results";

const dur = (ms: number | null) => (ms === null ? null : formatDuration(ms));

export function simulateReport(r: SimulationResult) {
  return {
    deployments: r.deployments.map((d) => ({
      namespace: d.namespace, name: d.name, desired: d.desired, minReady: d.minReady, minReadyAt: dur(d.minReadyAtMs),
      recoveredAt: dur(d.recoveredAtMs), pendingAtEnd: d.pendingAtEnd, pendingReasons: d.pendingReasons,
      readyAtEnd: d.readyAtEnd, timeToDetect: dur(d.timeToDetectMs), timeToRecover: dur(d.timeToRecoverMs),
    })),
    events: r.events.map((e) => ({ at: formatDuration(e.atMs), type: e.type, reason: e.reason, object: e.object, message: e.message, ...(e.namespace ? { namespace: e.namespace } : {}) })),
    notes: r.notes.map((n) => ({ at: formatDuration(n.atMs), component: n.component, message: n.message })),
    drains: r.drains.map((d) => ({
      node: d.node, at: formatDuration(d.atMs), drainedAt: dur(d.drainedAtMs), refusals: d.refusals,
      evicted: d.evicted.map((e) => ({ namespace: e.namespace, pod: e.pod, at: formatDuration(e.atMs) })),
      remaining: d.remaining, ignored: d.ignored,
    })),
    rollouts: r.rollouts.map((x) => ({
      namespace: x.namespace, deployment: x.deployment, at: formatDuration(x.atMs), strategy: x.strategy, replicaSet: x.replicaSet, completedAt: dur(x.completedAtMs),
      supersededAt: dur(x.supersededAtMs),
    })),
  };
}

export function sweepReport(results: readonly SweepScenarioResult[]) {
  return {
    scenarios: results.map((s) => ({
      scenario: s.scenario.id,
      deployments: s.deployments.map((d) => ({
        namespace: d.namespace, name: d.name, desired: d.desired, minReady: d.minReady, recoveredAt: dur(d.recoveredAtMs),
        pendingAtEnd: d.pendingAtEnd, pendingReasons: d.pendingReasons, verdict: d.verdict, allowedDisruptions: d.allowedDisruptions,
      })),
      shortfall: s.shortfall,
    })),
  };
}
