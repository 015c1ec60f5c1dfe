/**
 * PodInfo: everything the plugins need from a pod, parsed once (framework.PodInfo + the plugins' pre-parsed
 * state). Parsing is cached per `spec` object and per (namespace, labels): the pods of one ReplicaSet share
 * their template's spec, so a workload of thousands of replicas is compiled a handful of times.
 */
import type { Pod, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint } from "../../k8s/types";
import {
  addRequirements,
  compileLabelSelector,
  compileNodeSelector,
  compileNodeSelectorTerm,
  isEmptyNodeSelectorTerm,
  NOTHING,
  selectorFromSet,
  type CompiledNodeSelector,
  type CompiledNodeSelectorTerm,
  type CompiledSelector,
  type Labels,
  type Requirement,
} from "../../k8s/selector";
import { podRequests, toResourceVector, type ResourceVector, type Amounts } from "./pod-requests";

/** `nodeaffinity.RequiredNodeAffinity`: spec.nodeSelector AND required node affinity (terms ORed). */
export interface RequiredNodeAffinity {
  /** Canonical key; equal keys select the same nodes. "" when the pod constrains nothing. */
  readonly key: string;
  readonly nodeSelector: CompiledSelector | null;
  readonly affinity: CompiledNodeSelector | null;
  matches(labels: Labels | undefined, nodeName: string): boolean;
}

export interface PreferredNodeTerm {
  weight: number;
  term: CompiledNodeSelectorTerm;
}

/** framework.AffinityTerm (+ weight for preferred terms). */
export interface AffinityTerm {
  /** Namespaces listed (or the pod's own when neither namespaces nor namespaceSelector is set). */
  namespaces: ReadonlySet<string>;
  /** Selector over Namespace labels; NOTHING when unset; an empty selector `{}` selects every namespace. */
  namespaceSelector: CompiledSelector;
  selector: CompiledSelector;
  topologyKey: string;
  weight: number;
  /** Canonical key of (namespaces, namespaceSelector, selector, topologyKey). */
  key: string;
}

/** Spec-level facts shared by every pod using the same spec object. */
export interface CompiledSpec {
  requests: ResourceVector;
  /** Requests with the 100m / 200Mi defaults for containers that omit cpu / memory (scoring). */
  nonZeroRequests: Amounts;
  rawRequests: Amounts;
  /** nonZeroRequests' and rawRequests' cpu (milli) and memory, read on every bind and cycle. */
  nzCpu: number;
  nzMem: number;
  rawCpu: number;
  rawMem: number;
  requiredNodeAffinity: RequiredNodeAffinity;
  /** True when the pod has required node affinity terms (NodeAffinity PreFilter does work). */
  hasRequiredAffinityTerms: boolean;
  preferredNodeTerms: PreferredNodeTerm[] | null;
  tolerations: readonly Toleration[];
  tolerationsKey: string;
  hostPorts: string[];
}

export interface PodInfo {
  pod: Pod;
  name: string;
  namespace: string;
  /** namespace/name */
  key: string;
  labels: Labels;
  terminating: boolean;
  priority: number;
  spec: CompiledSpec;
  spreadConstraints: readonly TopologySpreadConstraint[];
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: AffinityTerm[];
  preferredAntiAffinityTerms: AffinityTerm[];
  /** Pod has pod affinity or anti-affinity of any kind (NodeInfo.PodsWithAffinity). */
  hasPodAffinity: boolean;
  /** Labels of this pod as `key=value` strings (for label-indexed lookups). */
  labelPairs: string[];
  /**
   * Identity shared by every pod with the same spec object, namespace and labels (the replicas of one
   * template): plugins key their per-template memos by it, in the cluster state (ClusterState.memoFor).
   */
  shared: object;
}

const EMPTY_LABELS: Labels = Object.freeze({});

function compileRequiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const ns = pod.spec.nodeSelector;
  const nodeSelector = ns && Object.keys(ns).length > 0 ? selectorFromSet(ns) : null;
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const affinity = req ? compileNodeSelector(req, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms") : null;
  if (!nodeSelector && !affinity) return { key: "", nodeSelector, affinity, matches: () => true };
  const key = JSON.stringify([ns ?? null, req ?? null]);
  return {
    key,
    nodeSelector,
    affinity,
    matches(labels, nodeName) {
      if (nodeSelector && !nodeSelector.matches(labels)) return false;
      if (affinity && !affinity.matches(labels, nodeName)) return false;
      return true;
    },
  };
}

function compilePreferredNodeTerms(pod: Pod): PreferredNodeTerm[] | null {
  const pref = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!pref) return null;
  const out: PreferredNodeTerm[] = [];
  pref.forEach((p, i) => {
    if (!p.weight || isEmptyNodeSelectorTerm(p.preference)) return;
    try {
      out.push({ weight: p.weight, term: compileNodeSelectorTerm(p.preference, `preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`) });
    } catch {
      // Invalid preferred terms are dropped, as NewPreferredSchedulingTerms' lazy errors are ignored.
    }
  });
  return out;
}

/** The host ports a pod holds on its node, as NodePorts compares them ("hostIP|protocol/port"). */
export function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  // schedutil.GetHostPorts: regular containers and restartable (sidecar) init containers; a regular init
  // container has exited before the pod runs and holds no port.
  const all = [...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always"), ...(pod.spec.containers ?? [])];
  // "hostIP|protocol/port", sanitised as HostPortInfo.Add does (no hostIP = 0.0.0.0, no protocol = TCP).
  for (const c of all) for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(`${p.hostIP || "0.0.0.0"}|${p.protocol || "TCP"}/${p.hostPort}`);
  return out;
}

function compileSpec(pod: Pod): CompiledSpec {
  const raw = podRequests(pod.spec, false);
  const nz = podRequests(pod.spec, true);
  const tolerations = pod.spec.tolerations ?? [];
  return {
    requests: toResourceVector(raw),
    rawRequests: raw,
    nonZeroRequests: nz,
    nzCpu: nz.get("cpu") ?? 0,
    nzMem: nz.get("memory") ?? 0,
    rawCpu: raw.get("cpu") ?? 0,
    rawMem: raw.get("memory") ?? 0,
    requiredNodeAffinity: compileRequiredNodeAffinity(pod),
    hasRequiredAffinityTerms: !!pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    preferredNodeTerms: compilePreferredNodeTerms(pod),
    tolerations,
    tolerationsKey: tolerations.length === 0 ? "" : JSON.stringify(tolerations),
    hostPorts: hostPorts(pod),
  };
}

/**
 * framework.newAffinityTerm plus what the API server does at pod creation for matchLabelKeys /
 * mismatchLabelKeys (KEP-3633): `key In [pod's value]` / `key NotIn [pod's value]` are ANDed into the
 * labelSelector for keys the pod carries; nothing is merged into a null selector.
 */
function compileAffinityTerm(t: PodAffinityTerm, weight: number, namespace: string, labels: Labels, path: string): AffinityTerm {
  let selector = compileLabelSelector(t.labelSelector ?? null, `${path}.labelSelector`);
  const extra: Requirement[] = [];
  for (const k of t.matchLabelKeys ?? []) if (k in labels) extra.push({ key: k, operator: "In", values: [labels[k]!] });
  for (const k of t.mismatchLabelKeys ?? []) if (k in labels) extra.push({ key: k, operator: "NotIn", values: [labels[k]!] });
  if (t.labelSelector) selector = addRequirements(selector, extra);
  const nsSel = t.namespaceSelector === undefined || t.namespaceSelector === null ? NOTHING : compileLabelSelector(t.namespaceSelector, `${path}.namespaceSelector`);
  const names = (t.namespaces ?? []).length === 0 && (t.namespaceSelector === undefined || t.namespaceSelector === null) ? [namespace] : [...(t.namespaces ?? [])];
  const namespaces = new Set(names);
  const key = `${[...namespaces].sort().join(",")}|${nsSel.key}|${selector.key}|${t.topologyKey}`;
  return { namespaces, namespaceSelector: nsSel, selector, topologyKey: t.topologyKey, weight, key };
}

const specCache = new WeakMap<object, CompiledSpec>();

/** Template-level part of a PodInfo (shared by pods with the same spec object, namespace and labels). */
interface Level {
  namespace: string;
  labels: Labels;
  spec: CompiledSpec;
  spreadConstraints: readonly TopologySpreadConstraint[];
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: AffinityTerm[];
  preferredAntiAffinityTerms: AffinityTerm[];
  hasPodAffinity: boolean;
  labelPairs: string[];
  shared: object;
  /** Copy of the labels the level was built from (to detect in-place mutation of a reused labels object). */
  snapshot: [string, string][];
}
interface LevelCache {
  byKey: Map<string, Level>;
  /** Fast path: the same labels object (replicas built from one template share it). */
  byLabelsObject: WeakMap<object, Map<string, Level>>;
}
const levelCache = new WeakMap<object, LevelCache>();

function labelsKey(namespace: string, labels: Labels): string {
  let s = namespace;
  for (const k of Object.keys(labels).sort()) s += `\u0000${k}\u0001${labels[k]}`;
  return s;
}

/**
 * A class (not an object spread) so every PodInfo has the same hidden class: plugin field reads stay fast. The
 * template-level fields are getters over the shared level (inlined by the JIT): a bound pod then costs six
 * fields, not seventeen, which is what a scavenge copies for every pod a run binds.
 */
class PodInfoImpl implements PodInfo {
  readonly key: string;
  readonly terminating: boolean;
  readonly priority: number;
  constructor(
    readonly pod: Pod,
    readonly name: string,
    readonly level: Omit<Level, "snapshot">,
    key?: string,
  ) {
    this.key = key ?? `${level.namespace}/${name}`;
    this.terminating = !!pod.metadata.deletionTimestamp;
    this.priority = pod.spec.priority ?? 0;
  }
  get namespace(): string {
    return this.level.namespace;
  }
  get labels(): Labels {
    return this.level.labels;
  }
  get spec(): CompiledSpec {
    return this.level.spec;
  }
  get spreadConstraints(): readonly TopologySpreadConstraint[] {
    return this.level.spreadConstraints;
  }
  get requiredAffinityTerms(): AffinityTerm[] {
    return this.level.requiredAffinityTerms;
  }
  get requiredAntiAffinityTerms(): AffinityTerm[] {
    return this.level.requiredAntiAffinityTerms;
  }
  get preferredAffinityTerms(): AffinityTerm[] {
    return this.level.preferredAffinityTerms;
  }
  get preferredAntiAffinityTerms(): AffinityTerm[] {
    return this.level.preferredAntiAffinityTerms;
  }
  get hasPodAffinity(): boolean {
    return this.level.hasPodAffinity;
  }
  get labelPairs(): string[] {
    return this.level.labelPairs;
  }
  get shared(): object {
    return this.level.shared;
  }
}

function buildLevel(pod: Pod, cs: CompiledSpec, namespace: string, labels: Labels): Level {
  const aff = pod.spec.affinity;
  const req = (terms: PodAffinityTerm[] | undefined, path: string) =>
    (terms ?? []).map((t, i) => compileAffinityTerm(t, 0, namespace, labels, `${path}[${i}]`));
  const pref = (terms: { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined, path: string) =>
    (terms ?? []).map((t, i) => compileAffinityTerm(t.podAffinityTerm, t.weight, namespace, labels, `${path}[${i}].podAffinityTerm`));
  return {
    namespace,
    labels,
    spec: cs,
    spreadConstraints: pod.spec.topologySpreadConstraints ?? [],
    requiredAffinityTerms: req(aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution"),
    requiredAntiAffinityTerms: req(aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"),
    preferredAffinityTerms: pref(aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution"),
    preferredAntiAffinityTerms: pref(aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"),
    hasPodAffinity: !!aff && (!!aff.podAffinity || !!aff.podAntiAffinity),
    labelPairs: Object.keys(labels).map((k) => `${k}=${labels[k]}`),
    shared: {},
    snapshot: Object.keys(labels).map((k) => [k, labels[k]!]),
  };
}

function sameLabels(snapshot: [string, string][], labels: Labels): boolean {
  // Counted with for-in rather than Object.keys: this runs once per compiled pod, and allocates nothing.
  let n = 0;
  for (const k in labels) if (Object.prototype.hasOwnProperty.call(labels, k)) n++;
  if (n !== snapshot.length) return false;
  for (let j = 0; j < snapshot.length; j++) if (labels[snapshot[j]![0]] !== snapshot[j]![1]) return false;
  return true;
}

/** Compiles a pod. Throws an Error naming the field for unparsable quantities or invalid selectors. */
/**
 * Shallow copies of one spec (the simulation and the steady state copy a template's spec per pod to set
 * nodeName or the defaulted tolerations) share every nested object, so they compile alike: the first copy seen
 * stands for the others as the cache key. Found through the containers array they share; compared field by
 * field by identity, except nodeName (which compiling never reads: NodeName reads the pod itself).
 */
const exemplars = new WeakMap<object, object[]>();
function sameButNodeName(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let n = 0;
  for (const k in a) {
    if (k === "nodeName") continue;
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const k in b) if (k !== "nodeName") n--;
  return n === 0;
}
function canonicalSpec(spec: Pod["spec"]): Pod["spec"] {
  if (specCache.has(spec) || !spec.containers) return spec;
  let list = exemplars.get(spec.containers);
  if (list) {
    for (const e of list) if (sameButNodeName(e as Record<string, unknown>, spec as unknown as Record<string, unknown>)) return e as Pod["spec"];
  } else exemplars.set(spec.containers, (list = []));
  if (list.length < 8) list.push(spec);
  return spec;
}

/**
 * The same pod, terminating: `pod` is the pod with its deletionTimestamp set and otherwise the spec, namespace
 * and labels `info` was compiled from, so the compiled parts are shared instead of recompiled.
 */
export function terminatingPodInfo(info: PodInfo, pod: Pod): PodInfo {
  // The key string too: it is the cache's map key, its hash already computed.
  return new PodInfoImpl(pod, info.name, info instanceof PodInfoImpl ? info.level : info, info.key);
}

/**
 * The last (spec object, labels object, namespace) compiled and its level: replicas of one template arrive
 * one after another, and then skip the four cache lookups below.
 */
let lastSpec: object | null = null;
let lastLabels: object | null = null;
let lastNamespace = "";
let lastLevel: Level | null = null;

/**
 * The same per spec object that is itself a cache key (a template's spec, which a simulation's replacement pods
 * share): their workloads interleave in the scheduling queue, and each pod then costs one lookup, not four.
 * Pods with specs of their own (a snapshot's, which name their node) are not kept here.
 */
const lastBySpec = new WeakMap<object, { labels: object; namespace: string; level: Level }>();

export function compilePod(pod: Pod, key?: string): PodInfo {
  const namespace0 = pod.metadata.namespace || "default";
  const labels0 = pod.metadata.labels ?? EMPTY_LABELS;
  if (pod.spec === lastSpec && labels0 === lastLabels && namespace0 === lastNamespace && sameLabels(lastLevel!.snapshot, labels0)) {
    return new PodInfoImpl(pod, pod.metadata.name ?? pod.metadata.generateName ?? "", lastLevel!, key);
  }
  const hit = lastBySpec.get(pod.spec);
  let level: Level;
  if (hit !== undefined && hit.labels === labels0 && hit.namespace === namespace0 && sameLabels(hit.level.snapshot, labels0)) level = hit.level;
  else {
    level = compileLevel(pod);
    if (specCache.has(pod.spec)) lastBySpec.set(pod.spec, { labels: labels0, namespace: namespace0, level });
  }
  lastSpec = pod.spec;
  lastLabels = labels0;
  lastNamespace = namespace0;
  lastLevel = level;
  return new PodInfoImpl(pod, pod.metadata.name ?? pod.metadata.generateName ?? "", level, key);
}

function compileLevel(pod: Pod): Level {
  const spec = canonicalSpec(pod.spec);
  let cs = specCache.get(spec);
  if (!cs) {
    cs = compileSpec(pod);
    specCache.set(spec, cs);
  }
  const namespace = pod.metadata.namespace || "default";
  const labels = pod.metadata.labels ?? EMPTY_LABELS;
  let lc = levelCache.get(spec);
  if (!lc) {
    lc = { byKey: new Map(), byLabelsObject: new WeakMap() };
    levelCache.set(spec, lc);
  }
  let byNs = lc.byLabelsObject.get(labels);
  let level = byNs?.get(namespace);
  if (level && !sameLabels(level.snapshot, labels)) level = undefined; // labels object was mutated since
  if (!level) {
    const lk = labelsKey(namespace, labels);
    level = lc.byKey.get(lk);
    if (!level) {
      level = buildLevel(pod, cs, namespace, labels);
      lc.byKey.set(lk, level);
    }
    if (!byNs) {
      byNs = new Map();
      lc.byLabelsObject.set(labels, byNs);
    }
    byNs.set(namespace, level);
  }
  return level;
}

/** `AffinityTerm.Matches`: namespace listed or selected by namespaceSelector, and labels selected. */
export function termMatches(t: AffinityTerm, pod: PodInfo, nsLabels: Labels | undefined): boolean {
  if (t.namespaces.has(pod.namespace) || (!t.namespaceSelector.nothing && t.namespaceSelector.matches(nsLabels))) {
    return t.selector.matches(pod.labels);
  }
  return false;
}

export type { Taint };
