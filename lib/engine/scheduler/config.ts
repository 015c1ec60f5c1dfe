/**
 * Scheduler configuration in the vocabulary of kubescheduler.config.k8s.io/v1: a profile lists plugins with
 * weights; plugin args carry the v1 field names. `defaultProfile()` is kube-scheduler's default profile
 * (pkg/scheduler/apis/config/v1/default_plugins.go) restricted to the plugins this engine implements.
 */
import type { NodeAffinity, TopologySpreadConstraint } from "../../k8s/types";

export interface ResourceSpec {
  name: string;
  weight: number;
}
export interface UtilizationShapePoint {
  utilization: number;
  /** 0-10, as in the v1 API (scaled by 10 internally). */
  score: number;
}
export type ScoringStrategyType = "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";
export interface ScoringStrategy {
  type?: ScoringStrategyType;
  resources?: ResourceSpec[];
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: ScoringStrategy;
}
export interface PodTopologySpreadArgs {
  defaultConstraints?: Pick<TopologySpreadConstraint, "maxSkew" | "topologyKey" | "whenUnsatisfiable">[];
  defaultingType?: "System" | "List";
}
export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}
export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinity;
}
export interface NodeResourcesBalancedAllocationArgs {
  resources?: ResourceSpec[];
}

export interface PluginArgsByName {
  NodeResourcesFit?: NodeResourcesFitArgs;
  PodTopologySpread?: PodTopologySpreadArgs;
  InterPodAffinity?: InterPodAffinityArgs;
  NodeAffinity?: NodeAffinityArgs;
  NodeResourcesBalancedAllocation?: NodeResourcesBalancedAllocationArgs;
}

export interface ProfilePlugin {
  name: string;
  /** Score weight (ignored for plugins without a Score extension point). */
  weight?: number;
}

export interface SchedulerProfile {
  schedulerName?: string;
  /** Enabled plugins in framework order (this order is the order of PreFilter, Filter, PreScore and Score). */
  plugins: ProfilePlugin[];
  pluginConfig?: PluginArgsByName;
  /** 0 or undefined = adaptive (50 - nodes/125, at least 5); 100 = score every feasible node. */
  percentageOfNodesToScore?: number;
}

/** The default profile's plugins, order and score weights (unimplemented volume/image plugins omitted). */
export const DEFAULT_PLUGINS: readonly ProfilePlugin[] = Object.freeze([
  { name: "NodeUnschedulable" },
  { name: "NodeName" },
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodePorts" },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
]);

export function defaultProfile(overrides: Partial<SchedulerProfile> = {}): SchedulerProfile {
  return {
    schedulerName: "default-scheduler",
    plugins: DEFAULT_PLUGINS.map((p) => ({ ...p })),
    pluginConfig: {},
    percentageOfNodesToScore: 0,
    ...overrides,
  };
}

/** kube-scheduler's defaults for every plugin's args (pkg/scheduler/apis/config/v1/defaults.go). */
export const DEFAULT_FIT_RESOURCES: readonly ResourceSpec[] = Object.freeze([
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
]);

export function fitArgsWithDefaults(a: NodeResourcesFitArgs | undefined): Required<NodeResourcesFitArgs> & {
  scoringStrategy: Required<Pick<ScoringStrategy, "type" | "resources">> & ScoringStrategy;
} {
  const s = a?.scoringStrategy ?? {};
  return {
    ignoredResources: a?.ignoredResources ?? [],
    ignoredResourceGroups: a?.ignoredResourceGroups ?? [],
    scoringStrategy: {
      ...s,
      type: s.type ?? "LeastAllocated",
      resources: s.resources && s.resources.length > 0 ? s.resources.map((r) => ({ name: r.name, weight: r.weight || 1 })) : [...DEFAULT_FIT_RESOURCES],
    },
  };
}

export function balancedArgsWithDefaults(a: NodeResourcesBalancedAllocationArgs | undefined): ResourceSpec[] {
  return a?.resources && a.resources.length > 0 ? a.resources.map((r) => ({ name: r.name, weight: r.weight || 1 })) : [...DEFAULT_FIT_RESOURCES];
}
