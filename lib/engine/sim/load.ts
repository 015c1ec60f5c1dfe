/**
 * Builds the simulation store from a snapshot (the t = 0 steady state). Deployments and ReplicaSets are
 * resolved by the shared Materializer (current ReplicaSet by pod-template-hash, adoption, missing pods created at
 * t = 0 as the ReplicaSet controller would); every pod gets the admission defaults (DefaultTolerationSeconds),
 * bound pods are Running and Ready since before t = 0 unless their status says otherwise.
 */
import { compileLabelSelector } from "../../k8s/selector";
import { resourceAmount } from "../../k8s/quantity";
import type { Deployment, LabelSelector, Namespace, Node, Pod, PodDisruptionBudget, ReplicaSet, Service, Toleration } from "../../k8s/types";
import { LABEL_REGION, LABEL_ZONE } from "../../k8s/types";
import { withDefaultTolerations } from "../controllers/admission";
import { Materializer, type ReplicaSetOutcome } from "../controllers/materialize";
import { LABEL_EXCLUDE_DISRUPTION, getZoneKey } from "../controllers/nodelifecycle/zone-state";
import { getControllerOf } from "../controllers/pod-util";
import { startupTimeMs } from "../controllers/kubelet/startup";
import { parseTimeMs } from "../util/time";
import { SIM_EPOCH_MS } from "./context";
import { compileServiceSelector, requestsOf, servicesSelecting, templateFacts, type TemplateFacts } from "./pod-factory";
import type { SimulationSettings } from "./settings";
import type { PreparedTemplate } from "./prepare";
import { ClusterState, copyPod, type NewSimPod } from "./state";

export interface SimulationInput {
  nodes: Node[];
  pods: Pod[];
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  services: Service[];
  pdbs: PodDisruptionBudget[];
  namespaces?: Namespace[];
}

export interface LoadedCluster {
  state: ClusterState;
  facts: TemplateFacts[];
  /** Pod records in a canonical order, to be added to the store by the simulation (each with its key). */
  pods: NewSimPod[];
  /** `pods` are the cache's own records: a store that is simulated on must not keep them cached (it mutates them). */
  recordsShared: boolean;
  /** Was pods[i] created at t = 0 by the ReplicaSet controller (for SuccessfulCreate events)? */
  createdAtStart: readonly boolean[];
  schedulerInput: { nodes: Node[]; pods: Pod[]; podKeys: readonly string[]; services: Service[]; replicaSets: ReplicaSet[]; namespaces: Namespace[] };
}

/** Pods that were Ready before the simulation began count as Ready since an hour before t = 0. */
export const STEADY_STATE_SINCE_MS = -3_600_000;

const nsOf = (o: { metadata: { namespace?: string } }) => o.metadata.namespace || "default";
const keyOf = (o: { metadata: { namespace?: string; name?: string } }) => `${nsOf(o)}/${o.metadata.name ?? ""}`;

/** The objects sorted by namespace/name, each key built once (150,000 pods at W4 scale: not twice per comparison). */
function sortedByKey<T extends { metadata: { namespace?: string; name?: string } }>(objs: T[]): { sorted: T[]; keys: string[] } {
  const keyed = objs.map((o) => ({ k: keyOf(o), o }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return { sorted: keyed.map((x) => x.o), keys: keyed.map((x) => x.k) };
}

/** Objects already keyed, sorted by key: as they are when they come in order (a snapshot listed by name). */
function sortedWithKeys<T>({ pods, keys }: { pods: T[]; keys: string[] }): { sorted: T[]; keys: string[] } {
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  if (inOrder) return { sorted: pods, keys };
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  return { sorted: order.map((i) => pods[i]!), keys: order.map((i) => keys[i]!) };
}

function amount(n: Node, res: string): number {
  const q = n.status?.allocatable?.[res] ?? n.status?.capacity?.[res];
  if (q === undefined) return 0;
  try {
    return resourceAmount(res, q);
  } catch {
    return 0;
  }
}

/**
 * What the Deployment / ReplicaSet controllers make of the snapshot at t = 0 (a pure function of the input and
 * the seed; none of these objects is mutated by a simulation, which replaces objects instead).
 */
interface MaterializedPlan {
  deployments: { d: Deployment; out: ReturnType<Materializer["syncDeployment"]> }[];
  /** ReplicaSets no Deployment owns or claimed. */
  replicaSets: Omit<ReplicaSetOutcome, "origin">[];
  /** Every pod (existing and created), sorted by namespace/name. */
  pods: Pod[];
  /** Their namespace/name keys (built once). */
  podKeys: string[];
}

/**
 * Lets several simulations of the SAME input object (a sweep's scenarios) share the materialised plan
 * instead of re-running the controllers' sync over every pod per scenario. The caller owns it and must not
 * change the input while it is in use.
 */
export interface LoadCache {
  seed?: number;
  plan?: MaterializedPlan;
  /** The plan's pod records, before the store takes them (copied per simulation: the store mutates its own). */
  pods?: CachedPods;
  /** The loaded store and scheduler, forked by each simulation (./prepare). */
  prepared?: PreparedTemplate;
}

/** What the per-pod pass over the plan derives; a function of the plan and the settings only. */
interface CachedPods {
  /** JSON of the resolved settings the records were derived with (tolerations, startup times). */
  settings: string;
  records: readonly Readonly<NewSimPod>[];
  createdAtStart: readonly boolean[];
  /** The bound pods as the scheduler's cache is given them (in the store's canonical order), and their keys. */
  bound: Pod[];
  boundKeys: string[];
}

function materialize(input: SimulationInput, seed: number): MaterializedPlan {
  // compileLabelSelector caches per selector object (no JSON key per call: this runs once per claimed pod).
  const matches = (sel: LabelSelector, labels: Record<string, string> | undefined) => compileLabelSelector(sel).matches(labels);
  const m = new Materializer(input.pods, { seed, nowMs: SIM_EPOCH_MS, matches });
  const deployments: MaterializedPlan["deployments"] = [];
  const claimedRs = new Set<string>();
  for (const d of sortedByKey(input.deployments).sorted) {
    const out = m.syncDeployment(d, input.replicaSets);
    for (const o of [out.current, ...out.old]) claimedRs.add(keyOf(o.replicaSet));
    deployments.push({ d, out });
  }
  const replicaSets: MaterializedPlan["replicaSets"] = [];
  for (const rs of sortedByKey(input.replicaSets).sorted) {
    if (claimedRs.has(keyOf(rs)) || getControllerOf(rs)?.kind === "Deployment") continue;
    replicaSets.push(m.syncReplicaSet(rs));
  }
  const { sorted, keys } = sortedWithKeys(m.podsWithKeys());
  return { deployments, replicaSets, pods: sorted, podKeys: keys };
}

export function loadCluster(input: SimulationInput, settings: SimulationSettings, seed: number, cache?: LoadCache): LoadedCluster {
  const state = new ClusterState();
  for (const n of sortedByKey(input.nodes).sorted) {
    const labels = n.metadata.labels ?? {};
    const ready = n.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "True";
    state.addNode({
      name: n.metadata.name ?? "",
      node: n,
      zone: labels[LABEL_ZONE] ?? "",
      region: labels[LABEL_REGION] ?? "",
      zoneKey: getZoneKey(labels),
      excludedFromDisruption: LABEL_EXCLUDE_DISRUPTION in labels,
      kubeletUp: ready === "True",
      ready,
      readyTransitionMs: STEADY_STATE_SINCE_MS,
      probeMs: 0,
      allocatable: { cpuMilli: amount(n, "cpu"), memoryBytes: amount(n, "memory"), pods: amount(n, "pods") },
    });
  }
  for (const s of sortedByKey(input.services).sorted) {
    state.services.push({
      idx: state.services.length, namespace: nsOf(s), name: s.metadata.name ?? "", service: s,
      selector: compileServiceSelector(s.spec.selector), publishNotReadyAddresses: !!s.spec.publishNotReadyAddresses, readyEndpoints: 0,
    });
  }
  state.pdbs.push(...input.pdbs);

  const plan = cache && cache.plan && cache.seed === seed ? cache.plan : materialize(input, seed);
  if (cache && cache.plan !== plan) {
    cache.seed = seed;
    cache.plan = plan;
    delete cache.pods;
    delete cache.prepared;
  }
  const facts: TemplateFacts[] = [];
  // outcomes[i] is ReplicaSet i's.
  const outcomes: Omit<ReplicaSetOutcome, "origin">[] = [];
  const register = (o: Omit<ReplicaSetOutcome, "origin">, deploymentIdx: number, d: Deployment | undefined) => {
    outcomes.push(o);
    const rs = o.replicaSet;
    const idx = state.replicaSets.length;
    state.replicaSets.push({
      idx, namespace: nsOf(rs), name: rs.metadata.name ?? "", rs, desired: o.desired,
      minReadySeconds: rs.spec.minReadySeconds ?? d?.spec.minReadySeconds ?? 0, deploymentIdx,
      pods: new Set(), active: 0, ready: 0, available: 0, pending: 0,
    });
    facts.push(templateFacts(state, rs, d, settings));
    return idx;
  };
  for (const { d, out } of plan.deployments) {
    const dIdx = state.deployments.length;
    const rsIdx = [out.current, ...out.old].map((o) => register(o, dIdx, out.deployment));
    state.deployments.push({ idx: dIdx, namespace: nsOf(d), name: d.metadata.name ?? "", deployment: out.deployment, desired: out.current.desired, rsIdx });
  }
  for (const o of plan.replicaSets) register(o, -1, undefined);

  // The per-pod pass depends only on the plan and the settings: a sweep's scenarios share its result. Records
  // derived here are handed over as they are (`recordsShared`: the caller drops them from the cache if the store
  // it builds will be simulated on, which mutates them); records taken from the cache are copied.
  const sig = JSON.stringify(settings);
  let derived = cache?.pods && cache.pods.settings === sig ? cache.pods : undefined;
  let recordsShared = false;
  let pods: NewSimPod[];
  if (derived) pods = derived.records.map((r) => copyPod(r));
  else {
    derived = derivePods(state, plan, outcomes, facts, settings, sig);
    pods = derived.records as NewSimPod[];
    if (cache) {
      cache.pods = derived;
      recordsShared = true;
    }
  }
  const { createdAtStart, bound, boundKeys } = derived;
  return {
    state, facts, pods, recordsShared, createdAtStart,
    schedulerInput: {
      nodes: state.nodes.map((n) => n.node), pods: bound, podKeys: boundKeys, services: input.services,
      replicaSets: state.replicaSets.map((r) => r.rs), namespaces: input.namespaces ?? [],
    },
  };
}

/** The store's pod records for the plan's pods (outcomes[i] is ReplicaSet i), and the bound pods for the scheduler. */
function derivePods(state: ClusterState, plan: MaterializedPlan, outcomes: Omit<ReplicaSetOutcome, "origin">[], facts: TemplateFacts[], settings: SimulationSettings, sig: string): CachedPods {
  // By object: the outcomes hold the very Pod objects of plan.pods (the Materializer's current versions), and an
  // identity lookup costs no string hash per pod.
  const podOwner = new Map<Pod, number>();
  const createdPods = new Set<Pod>();
  outcomes.forEach((o, idx) => {
    for (const p of o.pods) podOwner.set(p, idx);
    for (const p of o.created) createdPods.add(p);
  });
  const records: NewSimPod[] = [];
  const created: boolean[] = [];
  // A bound pod already names its node: the store and the scheduler's cache share the object (both treat pods as
  // immutable values), instead of holding a copy each. Collected in the same pass (a second one over 150,000
  // records fetched each from memory again).
  const bound: Pod[] = [];
  const boundKeys: string[] = [];
  const requestCache = new WeakMap<object, { cpuMilli: number; memoryBytes: number }>();
  const tolerationCache = new WeakMap<object, Toleration[]>();
  for (let i = 0; i < plan.pods.length; i++) {
    const raw = plan.pods[i]!;
    const phase = raw.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const rsIdx = podOwner.get(raw) ?? -1;
    // Pods of one template share their tolerations array: the defaulted one is shared too (one per template,
    // not one per pod, and the scheduler and failure memo see identical tolerations for identical pods).
    const tolKey: object = raw.spec.tolerations ?? raw.spec.containers;
    let tolerations = tolerationCache.get(tolKey);
    if (!tolerations) {
      const defaulted = withDefaultTolerations(raw.spec, settings.defaultTolerationSeconds, settings.defaultTolerationSeconds).tolerations!;
      // Pods that already carry both defaults (admitted before the snapshot) keep their own array and object.
      tolerations = raw.spec.tolerations && defaulted.length === raw.spec.tolerations.length ? raw.spec.tolerations : defaulted;
      tolerationCache.set(tolKey, tolerations);
    }
    const pod: Pod = tolerations === raw.spec.tolerations ? raw : { ...raw, spec: { ...raw.spec, tolerations } };
    const nodeIdx = raw.spec.nodeName !== undefined ? state.nodeByName.get(raw.spec.nodeName) ?? -1 : -1;
    const readyCond = raw.status?.conditions?.find((c) => c.type === "Ready");
    const running = nodeIdx >= 0 && (phase === undefined || phase === "Running");
    const ready = running && readyCond?.status !== "False";
    const since = parseTimeMs(readyCond?.lastTransitionTime);
    const readySinceMs = since !== undefined ? Math.min(since - SIM_EPOCH_MS, 0) : STEADY_STATE_SINCE_MS;
    const minReadyMs = rsIdx >= 0 ? state.replicaSets[rsIdx]!.minReadySeconds * 1000 : 0;
    let req = requestCache.get(raw.spec.containers);
    if (!req) requestCache.set(raw.spec.containers, (req = requestsOf(pod.spec)));
    const createdAt = parseTimeMs(raw.metadata.creationTimestamp);
    // The fields in newReplicaSetPod's order: every record has one shape.
    records.push({
      idx: -1, namespace: nsOf(raw), name: raw.metadata.name ?? "", key: plan.podKeys[i]!, pod, rsIdx, nodeIdx,
      phase: running ? "Running" : "Pending", ready, readyTransitionMs: ready ? readySinceMs : 0,
      available: ready && readySinceMs + minReadyMs <= 0,
      createdMs: createdAt !== undefined ? Math.min(createdAt - SIM_EPOCH_MS, 0) : STEADY_STATE_SINCE_MS,
      deletionMs: raw.metadata.deletionTimestamp ? 0 : null, removed: false,
      startupMs: rsIdx >= 0 ? startupTimeMs(facts[rsIdx]!.startupMs, raw.metadata) : startupTimeMs(settings.podStartupMs, raw.metadata),
      startToken: 0, pendingMessage: null, cpuMilli: req.cpuMilli, memoryBytes: req.memoryBytes,
      services: rsIdx >= 0 ? facts[rsIdx]!.services : servicesSelecting(state, nsOf(raw), raw.metadata.labels),
    });
    created.push(createdPods.has(raw));
    if (nodeIdx >= 0) {
      const nodeName = state.nodes[nodeIdx]!.name;
      bound.push(pod.spec.nodeName === nodeName ? pod : { ...pod, spec: { ...pod.spec, nodeName } });
      boundKeys.push(plan.podKeys[i]!);
    }
  }
  return { settings: sig, records, createdAtStart: created, bound, boundKeys };
}
