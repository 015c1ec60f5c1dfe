/**
 * Samples the store at change points (once per virtual millisecond in which something changed) and keeps the
 * per-Deployment outage measures: minReady and when, recoveredAt (first time ready == desired after it dropped
 * following the first failure; the failure time itself when it never dropped), time to detect (first drop in
 * ready after the failure: traffic to the lost replicas stops there).
 */
import type { ClusterState } from "./state";

export interface DeploymentSample {
  atMs: number;
  desired: number;
  ready: number;
  available: number;
  pending: number;
}

export interface ZoneSample {
  atMs: number;
  readyNodes: number;
  pods: number;
  requestedCpuMilli: number;
  requestedMemoryBytes: number;
}

export interface ServiceSample {
  atMs: number;
  readyEndpoints: number;
}

interface Track {
  series: DeploymentSample[];
  baseline: number | null;
  minReady: number;
  minReadyAtMs: number;
  dropped: boolean;
  detectedAtMs: number | null;
  recoveredAtMs: number | null;
}

export class Recorder {
  readonly deployments: Track[];
  readonly zones = new Map<string, ZoneSample[]>();
  readonly services: ServiceSample[][];

  constructor(private readonly state: ClusterState, private readonly firstFailureAtMs: number | null, private readonly keepSeries: boolean) {
    this.deployments = state.deployments.map(() => ({ series: [], baseline: null, minReady: Number.POSITIVE_INFINITY, minReadyAtMs: 0, dropped: false, detectedAtMs: null, recoveredAtMs: null }));
    this.services = state.services.map(() => []);
    for (const d of state.deployments) state.dirtyDeployments.add(d.idx);
    for (const k of state.zones.keys()) state.dirtyZones.add(k);
    for (const s of state.services) state.dirtyServices.add(s.idx);
  }

  /** Takes the baseline of every Deployment at the first failure (before the failure changes anything). */
  baseline(atMs: number): void {
    for (const d of this.state.deployments) {
      const t = this.deployments[d.idx]!;
      const { ready } = this.state.deploymentCounts(d);
      t.baseline = ready;
      t.minReady = ready;
      t.minReadyAtMs = atMs;
    }
  }

  flush(atMs: number): void {
    const { state } = this;
    for (const i of state.dirtyDeployments) {
      const d = state.deployments[i]!;
      const c = state.deploymentCounts(d);
      const t = this.deployments[i]!;
      const sample = { atMs, desired: d.desired, ready: c.ready, available: c.available, pending: c.pending };
      const last = t.series[t.series.length - 1];
      if (last && last.atMs === atMs) t.series[t.series.length - 1] = sample;
      else if (this.keepSeries || !last || last.ready !== sample.ready || last.pending !== sample.pending) t.series.push(sample);
      if (this.firstFailureAtMs === null || atMs < this.firstFailureAtMs) {
        if (this.firstFailureAtMs === null && c.ready < t.minReady) {
          t.minReady = c.ready;
          t.minReadyAtMs = atMs;
        }
        continue;
      }
      if (c.ready < t.minReady) {
        t.minReady = c.ready;
        t.minReadyAtMs = atMs;
      }
      if (t.detectedAtMs === null && t.baseline !== null && c.ready < t.baseline) t.detectedAtMs = atMs;
      if (c.ready < d.desired) t.dropped = true;
      else if (t.dropped && t.recoveredAtMs === null) t.recoveredAtMs = atMs;
    }
    state.dirtyDeployments.clear();
    for (const key of state.dirtyZones) {
      const z = state.zones.get(key)!;
      let s = this.zones.get(key);
      if (!s) this.zones.set(key, (s = []));
      const sample = { atMs, readyNodes: z.readyNodes, pods: z.pods, requestedCpuMilli: z.requestedCpuMilli, requestedMemoryBytes: z.requestedMemoryBytes };
      if (s.length > 0 && s[s.length - 1]!.atMs === atMs) s[s.length - 1] = sample;
      else s.push(sample);
    }
    state.dirtyZones.clear();
    for (const i of state.dirtyServices) {
      const s = this.services[i]!;
      const sample = { atMs, readyEndpoints: state.services[i]!.readyEndpoints };
      if (s.length > 0 && s[s.length - 1]!.atMs === atMs) s[s.length - 1] = sample;
      else s.push(sample);
    }
    state.dirtyServices.clear();
  }
}
