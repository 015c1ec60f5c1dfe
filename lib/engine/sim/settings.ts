/**
 * Control-plane timings and rates the simulation uses, with Kubernetes' defaults. Every default names where it
 * comes from (see docs/engine/simulation.md for the full list and the chain of events they produce).
 */

export interface SimulationSettings {
  /** kube-controller-manager --node-monitor-period (monitorNodeHealth loop). */
  nodeMonitorPeriodMs: number;
  /** --node-monitor-grace-period: 50 s since v1.32 (kubernetes/kubernetes#126287), 40 s before. */
  nodeMonitorGracePeriodMs: number;
  /** scheduler.NodeEvictionPeriod: how often doNoExecuteTaintingPass drains the per-zone taint queues. */
  nodeEvictionPeriodMs: number;
  /** --node-eviction-rate (nodes tainted per second per zone). */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate, used in a PartialDisruption zone larger than largeClusterSizeThreshold. */
  secondaryNodeEvictionRate: number;
  /** --unhealthy-zone-threshold. */
  unhealthyZoneThreshold: number;
  /** --large-cluster-size-threshold. */
  largeClusterSizeThreshold: number;
  /** kube-apiserver --default-{not-ready,unreachable}-toleration-seconds, added to pods the simulation creates. */
  defaultTolerationSeconds: number;
  /** Image pull + container start + readiness, unless the workload's `topoplan.dev/startup-time` says otherwise. */
  podStartupMs: number;
  /** Default terminationGracePeriodSeconds (a pod deleted on a live node is gone after it). */
  terminationGracePeriodMs: number;
  /** kube-controller-manager --kube-api-qps / --kube-api-burst (each controller has its own client). */
  controllerApiQps: number;
  controllerApiBurst: number;
  /** kube-scheduler clientConnection.qps / burst: bindings go through this client. */
  schedulerApiQps: number;
  schedulerApiBurst: number;
  /** Scheduling queue: podInitialBackoffSeconds / podMaxBackoffSeconds. */
  podInitialBackoffMs: number;
  podMaxBackoffMs: number;
  /** Scheduling queue: podMaxInUnschedulablePodsDuration and the period of flushUnschedulablePodsLeftover. */
  podMaxInUnschedulablePodsDurationMs: number;
  unschedulableFlushPeriodMs: number;
  /** ReplicaSet controller BurstReplicas: creations/deletions per sync. */
  burstReplicas: number;
}

export const DEFAULT_SETTINGS: Readonly<SimulationSettings> = Object.freeze({
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 50_000,
  nodeEvictionPeriodMs: 100,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  unhealthyZoneThreshold: 0.55,
  largeClusterSizeThreshold: 50,
  defaultTolerationSeconds: 300,
  podStartupMs: 10_000,
  terminationGracePeriodMs: 30_000,
  controllerApiQps: 20,
  controllerApiBurst: 30,
  schedulerApiQps: 50,
  schedulerApiBurst: 100,
  podInitialBackoffMs: 1_000,
  podMaxBackoffMs: 10_000,
  podMaxInUnschedulablePodsDurationMs: 300_000,
  unschedulableFlushPeriodMs: 30_000,
  burstReplicas: 500,
});

export function resolveSettings(overrides: Partial<SimulationSettings> | undefined): SimulationSettings {
  return { ...DEFAULT_SETTINGS, ...overrides };
}

/** The annotation a Pod or Deployment uses to say how long its pods take from binding to Ready. */
export const ANNOTATION_STARTUP_TIME = "topoplan.dev/startup-time";
