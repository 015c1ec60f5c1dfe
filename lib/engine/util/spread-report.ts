/**
 * Read-only analysis of where a workload's pods landed: counts per node / zone / region, the skew of each
 * topology spread constraint over its eligible domains (PodTopologySpread's rules for which nodes take
 * part), and how many replicas survive the loss of the worst single node, zone or region.
 */
import { addRequirements, compileLabelSelector, compileNodeSelector, indexLabel, NOTHING, type CompiledSelector } from "../../k8s/selector";
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint } from "../../k8s/tolerations";
import type { Node, Pod, PodSpec, TopologySpreadConstraint } from "../../k8s/types";
import { LABEL_REGION, LABEL_ZONE } from "../../k8s/types";

export interface ConstraintSkew {
  topologyKey: string;
  maxSkew: number;
  whenUnsatisfiable: TopologySpreadConstraint["whenUnsatisfiable"];
  /** max - min of matching pods over the eligible domains (a domain without pods counts 0). */
  skew: number;
  /**
   * Matching pods per eligible domain, in domain order: every eligible domain when there are at most
   * MAX_LISTED_DOMAINS of them (zones, regions), else only the domains with pods (hostname at scale).
   */
  domains: Record<string, number>;
  /** How many eligible domains there are (listed or not). */
  eligibleDomains: number;
}

/** Above this many eligible domains, `domains` lists only the non-empty ones (5,000 nodes x 1,000 workloads). */
export const MAX_LISTED_DOMAINS = 64;

export interface LossImpact {
  /** Replicas still running after losing the worst single domain (all of them when there is no domain). */
  replicasLeft: number;
  /** The domain whose loss hurts most, or null. */
  worst: string | null;
}

/** How many of `items` have each key (null and undefined not counted), as a record in key order. */
export function countBy<T>(items: readonly T[], key: (x: T) => string | null | undefined): Record<string, number> {
  // Counted in a Map and written to the record once, in key order (a record grown key by key, then copied
  // sorted, cost twice as much at 1,000 Deployments x 150 pods).
  const counts = new Map<string, number>();
  for (const x of items) {
    const k = key(x);
    if (k !== null && k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = counts.get(k)!;
  return out;
}

export function lossImpact(total: number, byDomain: Record<string, number>): LossImpact {
  let worst: string | null = null;
  let max = 0;
  // for...in, not Object.entries: a Deployment's byNode has one key per node it uses (150 at W3 scale, x1,000).
  for (const d in byDomain) {
    const n = byDomain[d]!;
    if (n > max) {
      max = n;
      worst = d;
    }
  }
  return { replicasLeft: total - max, worst };
}

const NO_LABELS: Record<string, string> = {};

/**
 * Finds the bound pods a compiled selector can match (an index lookup instead of a scan when possible), as
 * positions in `pods`; `nodes[i]` is where pods[i] is bound (placement passes the binds it made: no copy of
 * every pod just to set nodeName, and no lookup by pod to find it).
 */
export class BoundPodIndex {
  private readonly byLabel = new Map<string, number[]>();
  private all: number[] | null = null;
  readonly nodes: readonly string[];

  constructor(
    readonly pods: readonly Pod[],
    nodes?: readonly string[],
  ) {
    this.nodes = nodes ?? pods.map((p) => p.spec.nodeName ?? "");
    // A ReplicaSet's pods share one labels object: its key=value lists are found once, not once per pod.
    let lastLabels: object | null = null;
    let lists: number[][] = [];
    for (let i = 0; i < pods.length; i++) {
      const labels = pods[i]!.metadata.labels ?? NO_LABELS;
      if (labels !== lastLabels) {
        lastLabels = labels;
        lists = Object.entries(labels).map(([k, v]) => {
          const key = `${k}=${v}`;
          let list = this.byLabel.get(key);
          if (!list) this.byLabel.set(key, (list = []));
          return list;
        });
      }
      for (const list of lists) list.push(i);
    }
  }

  candidates(sel: CompiledSelector): readonly number[] {
    if (sel.nothing) return [];
    const label = indexLabel(sel);
    if (label !== null) return this.byLabel.get(label) ?? [];
    return (this.all ??= this.pods.map((_, i) => i));
  }
}

/** Does the node pass the constraint's inclusion policies for a pod with this spec? */
function inclusionFilter(c: TopologySpreadConstraint, spec: PodSpec): (node: Node) => boolean {
  const honorAffinity = (c.nodeAffinityPolicy ?? "Honor") === "Honor";
  const honorTaints = (c.nodeTaintsPolicy ?? "Ignore") === "Honor";
  const req = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const required = honorAffinity && req ? compileNodeSelector(req) : null;
  return (node) => {
    const labels = node.metadata.labels ?? {};
    if (honorAffinity) {
      for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
      if (required && !required.matches(labels, node.metadata.name ?? "")) return false;
    }
    if (honorTaints && findMatchingUntoleratedTaint(node.spec?.taints, spec.tolerations, isDoNotScheduleTaint)) return false;
    return true;
  };
}

/** Eligible node -> domain maps (and the domain names, sorted), shared by every workload whose eligibility
 *  depends on node labels only. */
export type DomainCache = Map<string, { domainOf: Map<string, string>; domainNames: string[] }>;

function eligibleDomains(c: TopologySpreadConstraint, spec: PodSpec, hardKeys: string[], nodes: Node[], cache: DomainCache) {
  const honorAffinity = (c.nodeAffinityPolicy ?? "Honor") === "Honor";
  const podSpecific =
    (c.nodeTaintsPolicy ?? "Ignore") === "Honor" ||
    (honorAffinity && (Object.keys(spec.nodeSelector ?? {}).length > 0 || !!spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution));
  const cacheKey = podSpecific ? null : `${c.topologyKey}\u0000${[...hardKeys].sort().join("\u0000")}`;
  const hit = cacheKey === null ? undefined : cache.get(cacheKey);
  if (hit) return hit;
  const takesPart = inclusionFilter(c, spec);
  const domainOf = new Map<string, string>();
  const names = new Set<string>();
  for (const node of nodes) {
    const labels = node.metadata.labels ?? {};
    if (!(c.topologyKey in labels) || hardKeys.some((k) => !(k in labels)) || !takesPart(node)) continue;
    domainOf.set(node.metadata.name ?? "", labels[c.topologyKey]!);
    names.add(labels[c.topologyKey]!);
  }
  // Sorted once here, so every workload sharing the entry builds its record in order without sorting it
  // (a hostname constraint has one domain per node: 5,000 keys per Deployment at W3 scale).
  const out = { domainOf, domainNames: [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  if (cacheKey !== null) cache.set(cacheKey, out);
  return out;
}

function effectiveSelector(c: TopologySpreadConstraint, podLabels: Record<string, string>): CompiledSelector {
  try {
    const base = compileLabelSelector(c.labelSelector ?? null);
    const extra = (c.matchLabelKeys ?? [])
      .filter((k) => Object.prototype.hasOwnProperty.call(podLabels, k))
      .map((k) => ({ key: k, operator: "In" as const, values: [podLabels[k]!] }));
    return addRequirements(base, extra);
  } catch {
    return NOTHING; // an invalid selector matches nothing; the scheduler reports the error itself
  }
}

/**
 * Skew of each constraint in `spec`, counting the bound pods (`index`) that match the constraint's selector
 * in `namespace` and are not terminating. A node takes part when it has the keys of all the pod's
 * DoNotSchedule constraints (and the constraint's own key) and passes the inclusion policies; a domain
 * with such a node but no matching pod counts 0.
 */
export function constraintSkews(
  spec: PodSpec,
  podLabels: Record<string, string>,
  namespace: string,
  nodes: Node[],
  index: BoundPodIndex,
  cache: DomainCache = new Map(),
): ConstraintSkew[] {
  const constraints = spec.topologySpreadConstraints ?? [];
  const hardKeys = constraints.filter((c) => c.whenUnsatisfiable === "DoNotSchedule").map((c) => c.topologyKey);
  return constraints.map((c) => {
    const { domainOf, domainNames } = eligibleDomains(c, spec, hardKeys, nodes, cache);
    const counted = new Map<string, number>();
    const selector = effectiveSelector(c, podLabels);
    for (const i of index.candidates(selector)) {
      const p = index.pods[i]!;
      const d = domainOf.get(index.nodes[i]!);
      if (d === undefined || (p.metadata.namespace ?? "default") !== namespace || p.metadata.deletionTimestamp) continue;
      if (selector.matches(p.metadata.labels)) counted.set(d, (counted.get(d) ?? 0) + 1);
    }
    // Domains in sorted order (insertion order is the record's order); a domain without pods counts 0.
    const domains: Record<string, number> = {};
    let max = 0;
    let min = Number.POSITIVE_INFINITY;
    if (domainNames.length <= MAX_LISTED_DOMAINS) {
      for (const d of domainNames) {
        const n = counted.get(d) ?? 0;
        domains[d] = n;
        if (n > max) max = n;
        if (n < min) min = n;
      }
    } else {
      // Many domains (hostname: one per node): list those with pods only; the others count 0 in the skew.
      for (const d of [...counted.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const n = counted.get(d)!;
        domains[d] = n;
        if (n > max) max = n;
        if (n < min) min = n;
      }
      if (counted.size < domainNames.length) min = 0;
    }
    const skew = domainNames.length === 0 ? 0 : max - min;
    return { topologyKey: c.topologyKey, maxSkew: c.maxSkew, whenUnsatisfiable: c.whenUnsatisfiable, skew, domains, eligibleDomains: domainNames.length };
  });
}

export function zoneOf(node: Node | undefined): string | null {
  return node?.metadata.labels?.[LABEL_ZONE] ?? null;
}
export function regionOf(node: Node | undefined): string | null {
  return node?.metadata.labels?.[LABEL_REGION] ?? null;
}
