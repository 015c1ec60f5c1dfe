/**
 * The topology document (apiVersion topoplan.dev/v1alpha1, kind Topology): the single source of truth for
 * what a user may write. Exported names are a contract with the UI and the engine: add, never rename.
 *
 * topoplan's own objects are strict (a typo such as `nodesPerZon` is an error, not a silently ignored key);
 * embedded Kubernetes manifests are loose so that real manifests paste cleanly.
 * Optional settings are kept optional in the stored document; `effective*` functions apply the defaults.
 */
import { z } from "zod";
import { dns1123Label, dns1123Subdomain, goDuration, labelMap, labelValueId, nonNegativeInt, resourceList } from "./fields";
import { taintSchema } from "./k8s-pod";
import { manifestSchema } from "./k8s-objects";
import { checkCidr, checkTopologyReferences } from "./topology-refs";
import { DEFAULT_NETWORK } from "./defaults";

export const TOPOLOGY_API_VERSION = "topoplan.dev/v1alpha1";
export const TOPOLOGY_KIND = "Topology";

export const PROVIDERS = ["aws", "gcp", "azure", "on-prem", "other"] as const;
export const TRAFFIC_TYPES = ["gslb", "geodns", "mesh"] as const;
export const TRAFFIC_STRATEGIES = ["failover", "weighted", "geo", "latency", "round-robin"] as const;

export const locationSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const regionSchema = z.strictObject({
  id: labelValueId,
  displayName: z.string().min(1),
  provider: z.enum(PROVIDERS),
  location: locationSchema,
  zones: z.array(labelValueId).min(1, "a region needs at least one zone"),
});

export const clusterSettingsSchema = z.strictObject({
  nodeMonitorGracePeriod: goDuration.optional(),
  nodeMonitorPeriod: goDuration.optional(),
  nodeStartupGracePeriod: goDuration.optional(),
  defaultTolerationSeconds: nonNegativeInt.optional(),
  nodeEvictionRate: z.number().min(0).optional(),
  secondaryNodeEvictionRate: z.number().min(0).optional(),
  unhealthyZoneThreshold: z.number().gt(0).max(1).optional(),
  largeClusterSizeThreshold: nonNegativeInt.optional(),
  podStartup: goDuration.optional(),
});

export const clusterNetworkSchema = z
  .strictObject({
    podCIDR: z.string().optional(),
    nodeCIDRMaskSize: z.number().int().min(1).max(32).optional(),
  })
  .superRefine((n, ctx) => checkCidr(n.podCIDR ?? DEFAULT_NETWORK.podCIDR, n.nodeCIDRMaskSize ?? DEFAULT_NETWORK.nodeCIDRMaskSize, ctx));

export const clusterSchema = z.strictObject({
  name: dns1123Label,
  zones: z.array(z.string()).min(1, "a cluster needs at least one zone"),
  controlPlane: z.strictObject({
    /** etcd members per zone: { us-east-1a: 1, us-east-1b: 1, us-east-1c: 1 }. */
    etcd: z.record(z.string(), z.number().int().min(0).max(99)),
  }),
  network: clusterNetworkSchema.optional(),
  settings: clusterSettingsSchema.optional(),
});

export const allocatableSchema = resourceList.superRefine((list, ctx) => {
  for (const required of ["cpu", "memory", "pods"]) {
    if (list[required] === undefined) ctx.addIssue({ code: "custom", path: [required], message: "Required value" });
  }
  const pods = list.pods;
  if (pods !== undefined && !/^\d+$/.test(String(pods))) {
    ctx.addIssue({ code: "custom", path: ["pods"], message: "must be a whole number of pods" });
  }
});

export const nodePoolSchema = z.strictObject({
  name: dns1123Label,
  cluster: z.string(),
  zones: z.array(z.string()).min(1, "a node pool needs at least one zone"),
  nodesPerZone: z.number().int().min(0).max(10_000),
  instanceType: labelValueId.optional(),
  allocatable: allocatableSchema,
  labels: labelMap.optional(),
  taints: z.array(taintSchema).optional(),
});

export const workloadSchema = z
  .strictObject({
    cluster: z.string().optional(),
    clusters: z.array(z.string()).min(1).optional(),
    manifest: manifestSchema,
  })
  .superRefine((w, ctx) => {
    if ((w.cluster === undefined) === (w.clusters === undefined)) {
      ctx.addIssue({ code: "custom", path: ["cluster"], message: "exactly one of `cluster` or `clusters` must be set" });
    }
  });

export const healthCheckSchema = z.strictObject({
  interval: goDuration.optional(),
  failureThreshold: z.number().int().min(1).max(10).optional(),
  timeout: goDuration.optional(),
});

export const trafficClientSchema = z
  .strictObject({
    name: z.string().min(1),
    region: z.string().optional(),
    location: locationSchema.optional(),
    share: z.number().min(0).max(1),
  })
  .superRefine((c, ctx) => {
    if ((c.region === undefined) === (c.location === undefined)) {
      ctx.addIssue({ code: "custom", path: ["region"], message: "exactly one of `region` or `location` must be set" });
    }
  });

export const globalTrafficSchema = z.strictObject({
  name: dns1123Label,
  hostname: dns1123Subdomain,
  type: z.enum(TRAFFIC_TYPES),
  strategy: z.enum(TRAFFIC_STRATEGIES),
  members: z
    .array(
      z.strictObject({
        cluster: z.string(),
        service: z.string().optional(),
        weight: z.number().min(0).optional(),
        priority: nonNegativeInt.optional(),
      }),
    )
    .min(1, "a traffic policy needs at least one member"),
  healthCheck: healthCheckSchema.optional(),
  dnsTtl: goDuration.optional(),
  clients: z.array(trafficClientSchema).default([]),
});

const topologyObjectSchema = z.strictObject({
  apiVersion: z.literal(TOPOLOGY_API_VERSION),
  kind: z.literal(TOPOLOGY_KIND),
  metadata: z.strictObject({ name: dns1123Subdomain, description: z.string().optional() }),
  regions: z.array(regionSchema).min(1, "a topology needs at least one region"),
  clusters: z.array(clusterSchema).default([]),
  nodePools: z.array(nodePoolSchema).default([]),
  workloads: z.array(workloadSchema).default([]),
  globalTraffic: z.array(globalTrafficSchema).default([]),
});
/** The document before cross-reference checks (same shape as Topology). */
export type TopologyShape = z.infer<typeof topologyObjectSchema>;

export const topologySchema = topologyObjectSchema.superRefine(checkTopologyReferences);

/** The parsed, validated document (defaults for the lists applied). */
export type Topology = z.infer<typeof topologySchema>;
/** What a user may write (lists optional). */
export type TopologyInput = z.input<typeof topologySchema>;
export type Region = z.infer<typeof regionSchema>;
export type Location = z.infer<typeof locationSchema>;
export type Cluster = z.infer<typeof clusterSchema>;
export type ClusterSettings = z.infer<typeof clusterSettingsSchema>;
export type ClusterNetwork = z.infer<typeof clusterNetworkSchema>;
export type NodePool = z.infer<typeof nodePoolSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type GlobalTraffic = z.infer<typeof globalTrafficSchema>;
export type TrafficClient = z.infer<typeof trafficClientSchema>;
export type HealthCheck = z.infer<typeof healthCheckSchema>;
export type Provider = (typeof PROVIDERS)[number];

export { ANNOTATION_STARTUP_TIME } from "./k8s-objects";
export type { Manifest, ManifestKind, DeploymentManifest, PodManifest, ServiceManifest, PodDisruptionBudgetManifest } from "./k8s-objects";
export { DEFAULT_CLUSTER_SETTINGS, DEFAULT_NETWORK, DEFAULT_HEALTH_CHECK, DEFAULT_DNS_TTL } from "./defaults";
export { effectiveClusterSettings, effectiveNetwork, effectiveHealthCheck, workloadClusters } from "./defaults";
export type { EffectiveClusterSettings, EffectiveHealthCheck } from "./defaults";
