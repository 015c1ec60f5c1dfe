/**
 * Turns Kubernetes objects into the store's records: per-ReplicaSet template facts computed once (requests,
 * Services selecting the pods, startup time, the admission-defaulted spec every new pod shares), and new pods
 * named as the ReplicaSet controller names them (`<replicaset>-<5 chars>` from the seeded PRNG).
 */
import { selectorFromSet, type CompiledSelector } from "../../k8s/selector";
import type { Deployment, Pod, PodSpec, ReplicaSet } from "../../k8s/types";
import { withDefaultTolerations } from "../controllers/admission";
import { controllerRefFor } from "../controllers/claim";
import { startupTimeMs } from "../controllers/kubelet/startup";
import { podRequests } from "../scheduler/pod-requests";
import type { Rng } from "../util/prng";
import { randomString } from "../util/prng";
import { formatTimeMs } from "../util/time";
import { deterministicUid } from "../util/uid";
import { SIM_EPOCH_MS } from "./context";
import type { SimulationSettings } from "./settings";
import type { ClusterState, NewSimPod } from "./state";

export interface TemplateFacts {
  spec: PodSpec;
  labels: Record<string, string>;
  annotations: Record<string, string> | undefined;
  cpuMilli: number;
  memoryBytes: number;
  services: number[];
  startupMs: number;
}

export function compileServiceSelector(selector: Record<string, string> | undefined): CompiledSelector | null {
  // A Service without a selector has no managed endpoints.
  if (!selector || Object.keys(selector).length === 0) return null;
  return selectorFromSet(selector);
}

export function servicesSelecting(state: ClusterState, namespace: string, labels: Record<string, string> | undefined): number[] {
  const out: number[] = [];
  for (const s of state.services) if (s.namespace === namespace && s.selector?.matches(labels)) out.push(s.idx);
  return out;
}

export function requestsOf(spec: PodSpec): { cpuMilli: number; memoryBytes: number } {
  try {
    const r = podRequests(spec, false);
    return { cpuMilli: r.get("cpu") ?? 0, memoryBytes: r.get("memory") ?? 0 };
  } catch {
    return { cpuMilli: 0, memoryBytes: 0 };
  }
}

export function templateFacts(state: ClusterState, rs: ReplicaSet, deployment: Deployment | undefined, settings: SimulationSettings): TemplateFacts {
  const t = rs.spec.template;
  const spec = withDefaultTolerations(t.spec, settings.defaultTolerationSeconds, settings.defaultTolerationSeconds);
  const labels = { ...t.metadata?.labels };
  return {
    spec,
    labels,
    annotations: t.metadata?.annotations,
    ...requestsOf(spec),
    services: servicesSelecting(state, rs.metadata.namespace ?? "default", labels),
    startupMs: startupTimeMs(settings.podStartupMs, t.metadata, rs.metadata, deployment?.metadata),
  };
}

/** The controllerRef list a ReplicaSet's new pods carry: one array per ReplicaSet object, shared (pods are values). */
const ownerRefs = new WeakMap<ReplicaSet, NonNullable<Pod["metadata"]["ownerReferences"]>>();
function ownerReferencesOf(rs: ReplicaSet): NonNullable<Pod["metadata"]["ownerReferences"]> {
  let refs = ownerRefs.get(rs);
  if (!refs) ownerRefs.set(rs, (refs = [controllerRefFor({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: rs.metadata, selector: rs.spec.selector })]));
  return refs;
}

/** A new pod of a ReplicaSet, created at `nowMs`, not yet scheduled. */
export function newReplicaSetPod(state: ClusterState, rsIdx: number, facts: TemplateFacts, rng: Rng, seed: number, nowMs: number): NewSimPod {
  const srs = state.replicaSets[rsIdx]!;
  const prefix = `${srs.name}-`;
  let name = prefix + randomString(rng, 5);
  let key = `${srs.namespace}/${name}`;
  // The API server rejects a taken name; the controller's next try gets a fresh suffix.
  while (state.podByKey.has(key)) key = `${srs.namespace}/${(name = prefix + randomString(rng, 5))}`;
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      generateName: prefix,
      namespace: srs.namespace,
      uid: deterministicUid(seed, "Pod", srs.namespace, name),
      labels: facts.labels,
      ...(facts.annotations ? { annotations: facts.annotations } : {}),
      ownerReferences: ownerReferencesOf(srs.rs),
      creationTimestamp: formatTimeMs(SIM_EPOCH_MS + nowMs),
    },
    // The template's admission-defaulted spec itself, shared by every pod of the ReplicaSet (pods are values:
    // nothing writes into one; a bind records the node in the store's record, not in the spec). Shared, the
    // scheduler compiles a replacement pod through its per-spec cache instead of matching a copy field by field.
    spec: facts.spec,
  };
  return {
    idx: -1,
    namespace: srs.namespace,
    name,
    key,
    pod,
    rsIdx,
    nodeIdx: -1,
    phase: "Pending",
    ready: false,
    readyTransitionMs: nowMs,
    available: false,
    createdMs: nowMs,
    deletionMs: null,
    removed: false,
    startupMs: facts.startupMs,
    startToken: 0,
    pendingMessage: null,
    cpuMilli: facts.cpuMilli,
    memoryBytes: facts.memoryBytes,
    services: facts.services,
  };
}
