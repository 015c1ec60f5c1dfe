/**
 * The plugin registry (name -> factory) and the framework built from a profile: plugins instantiated with
 * their args and sorted into extension points in profile order.
 */
import type { PluginArgsByName, SchedulerProfile } from "./config";
import { isFilter, isPreFilter, isPreScore, isScore, type AnyPlugin, type Handle } from "./framework";
import { InterPodAffinity } from "./plugins/inter-pod-affinity";
import { NodeResourcesBalancedAllocation } from "./plugins/balanced-allocation";
import { NodeAffinity } from "./plugins/node-affinity";
import { NodeName } from "./plugins/node-name";
import { NodePorts } from "./plugins/node-ports";
import { NodeResourcesFit } from "./plugins/node-resources-fit";
import { NodeUnschedulable } from "./plugins/node-unschedulable";
import { PodTopologySpread } from "./plugins/pod-topology-spread";
import { TaintToleration } from "./plugins/taint-toleration";

export type PluginFactory = (h: Handle, args: PluginArgsByName) => AnyPlugin;

export const REGISTRY: Readonly<Record<string, PluginFactory>> = Object.freeze({
  NodeUnschedulable: (h) => new NodeUnschedulable(h),
  NodeName: (h) => new NodeName(h),
  NodePorts: (h) => new NodePorts(h),
  TaintToleration: (h) => new TaintToleration(h),
  NodeAffinity: (h, a) => new NodeAffinity(h, a.NodeAffinity),
  NodeResourcesFit: (h, a) => new NodeResourcesFit(h, a.NodeResourcesFit),
  NodeResourcesBalancedAllocation: (h, a) => new NodeResourcesBalancedAllocation(h, a.NodeResourcesBalancedAllocation),
  PodTopologySpread: (h, a) => new PodTopologySpread(h, a.PodTopologySpread),
  InterPodAffinity: (h, a) => new InterPodAffinity(h, a.InterPodAffinity),
});

export interface WeightedScorePlugin {
  plugin: AnyPlugin;
  weight: number;
}

export interface Framework {
  handle: Handle;
  profile: SchedulerProfile;
  plugins: AnyPlugin[];
  preFilter: AnyPlugin[];
  filter: AnyPlugin[];
  preScore: AnyPlugin[];
  score: WeightedScorePlugin[];
}

export class UnknownPluginError extends Error {
  constructor(readonly pluginName: string) {
    super(`profile.plugins: unknown plugin ${JSON.stringify(pluginName)} (known: ${Object.keys(REGISTRY).join(", ")})`);
  }
}

export function buildFramework(handle: Handle, profile: SchedulerProfile, registry: Readonly<Record<string, PluginFactory>> = REGISTRY): Framework {
  const fw: Framework = { handle, profile, plugins: [], preFilter: [], filter: [], preScore: [], score: [] };
  for (const p of profile.plugins) {
    const factory = registry[p.name];
    if (!factory) throw new UnknownPluginError(p.name);
    const plugin = factory(handle, profile.pluginConfig ?? {});
    fw.plugins.push(plugin);
    if (isPreFilter(plugin)) fw.preFilter.push(plugin);
    if (isFilter(plugin)) fw.filter.push(plugin);
    if (isPreScore(plugin)) fw.preScore.push(plugin);
    if (isScore(plugin)) fw.score.push({ plugin, weight: p.weight ?? 1 });
  }
  return fw;
}
