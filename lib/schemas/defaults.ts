/**
 * Defaults of the control-plane settings, verbatim from kube-controller-manager / kube-apiserver
 * (see docs/model.md and the sources in design/kubernetes-controllers.md), and the functions that apply them.
 * Effective values carry their unit in the name: the engine's virtual clock is integer milliseconds.
 */
import type { Cluster, GlobalTraffic, Workload } from "./topology";
import { parseDurationMs } from "./duration";

export const DEFAULT_CLUSTER_SETTINGS = {
  /** --node-monitor-grace-period: 50s since Kubernetes v1.32 (kubernetes/kubernetes#126287), 40s before. */
  nodeMonitorGracePeriod: "50s",
  /** --node-monitor-period */
  nodeMonitorPeriod: "5s",
  /** --node-startup-grace-period */
  nodeStartupGracePeriod: "60s",
  /** kube-apiserver --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds */
  defaultTolerationSeconds: 300,
  /** --node-eviction-rate, nodes per second per zone */
  nodeEvictionRate: 0.1,
  /** --secondary-node-eviction-rate */
  secondaryNodeEvictionRate: 0.01,
  /** --unhealthy-zone-threshold */
  unhealthyZoneThreshold: 0.55,
  /** --large-cluster-size-threshold */
  largeClusterSizeThreshold: 50,
  /** topoplan: default pod startup (image pull + start + readiness) when a manifest has no startup-time annotation. */
  podStartup: "10s",
} as const;

export const DEFAULT_NETWORK = { podCIDR: "10.244.0.0/16", nodeCIDRMaskSize: 24 } as const;

/** Route 53 / Azure Traffic Manager defaults: 30s interval, 3 failures, 10s timeout. */
export const DEFAULT_HEALTH_CHECK = { interval: "30s", failureThreshold: 3, timeout: "10s" } as const;
export const DEFAULT_DNS_TTL = "30s";

export interface EffectiveClusterSettings {
  nodeMonitorGracePeriodMs: number;
  nodeMonitorPeriodMs: number;
  nodeStartupGracePeriodMs: number;
  defaultTolerationSeconds: number;
  nodeEvictionRate: number;
  secondaryNodeEvictionRate: number;
  unhealthyZoneThreshold: number;
  largeClusterSizeThreshold: number;
  podStartupMs: number;
}

function ms(value: string | undefined, fallback: string): number {
  // Values were validated as Go durations at the edge; the fallback covers only unvalidated callers.
  return parseDurationMs(value ?? fallback) ?? (parseDurationMs(fallback) as number);
}

export function effectiveClusterSettings(cluster: Pick<Cluster, "settings">): EffectiveClusterSettings {
  const s = cluster.settings ?? {};
  const d = DEFAULT_CLUSTER_SETTINGS;
  return {
    nodeMonitorGracePeriodMs: ms(s.nodeMonitorGracePeriod, d.nodeMonitorGracePeriod),
    nodeMonitorPeriodMs: ms(s.nodeMonitorPeriod, d.nodeMonitorPeriod),
    nodeStartupGracePeriodMs: ms(s.nodeStartupGracePeriod, d.nodeStartupGracePeriod),
    defaultTolerationSeconds: s.defaultTolerationSeconds ?? d.defaultTolerationSeconds,
    nodeEvictionRate: s.nodeEvictionRate ?? d.nodeEvictionRate,
    secondaryNodeEvictionRate: s.secondaryNodeEvictionRate ?? d.secondaryNodeEvictionRate,
    unhealthyZoneThreshold: s.unhealthyZoneThreshold ?? d.unhealthyZoneThreshold,
    largeClusterSizeThreshold: s.largeClusterSizeThreshold ?? d.largeClusterSizeThreshold,
    podStartupMs: ms(s.podStartup, d.podStartup),
  };
}

export function effectiveNetwork(cluster: Pick<Cluster, "network">): { podCIDR: string; nodeCIDRMaskSize: number } {
  return {
    podCIDR: cluster.network?.podCIDR ?? DEFAULT_NETWORK.podCIDR,
    nodeCIDRMaskSize: cluster.network?.nodeCIDRMaskSize ?? DEFAULT_NETWORK.nodeCIDRMaskSize,
  };
}

export interface EffectiveHealthCheck {
  intervalMs: number;
  failureThreshold: number;
  timeoutMs: number;
  dnsTtlMs: number;
}

export function effectiveHealthCheck(policy: Pick<GlobalTraffic, "healthCheck" | "dnsTtl">): EffectiveHealthCheck {
  const h = policy.healthCheck ?? {};
  return {
    intervalMs: ms(h.interval, DEFAULT_HEALTH_CHECK.interval),
    failureThreshold: h.failureThreshold ?? DEFAULT_HEALTH_CHECK.failureThreshold,
    timeoutMs: ms(h.timeout, DEFAULT_HEALTH_CHECK.timeout),
    dnsTtlMs: ms(policy.dnsTtl, DEFAULT_DNS_TTL),
  };
}

/** The clusters a workload is deployed to (`cluster` or `clusters`). */
export function workloadClusters(w: Pick<Workload, "cluster" | "clusters">): string[] {
  return w.clusters ?? (w.cluster !== undefined ? [w.cluster] : []);
}
