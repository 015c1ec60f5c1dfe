/**
 * A Deployment's ReplicaSets as the Deployment controller sees them (pkg/controller/deployment: sync.go and
 * util/deployment_util.go): the new one is the oldest whose template equals the Deployment's ignoring the
 * pod-template-hash label, the others are old; revisions (`deployment.kubernetes.io/revision`, max of the old + 1,
 * a rolled-back ReplicaSet keeps its earlier numbers in `revision-history`); the desired/max-replicas annotations
 * that tell scaling events from rollouts; scaling with the ScalingReplicaSet event; and the ReplicaSets' counts
 * (replicas, ready, available after minReadySeconds), read from their pods as the ReplicaSet controller reports them.
 */
import type { Deployment, Pod, ReplicaSet } from "../../k8s/types";
import { LABEL_POD_TEMPLATE_HASH } from "../../k8s/types";
import { controllerRefFor } from "../controllers/claim";
import { maxSurge, specReplicas } from "../controllers/deployment-util";
import { getControllerOf, isPodActive, podReadyTimeMs } from "../controllers/pod-util";
import { calculateStatus, type ReplicaSetStatusCounts } from "../controllers/replicaset-sync";
import { canonicalJson, computeTemplateHash } from "../util/hash";
import { epochNow } from "./kubelet";
import { CONSOLE_EPOCH_MS, keyOf, type ConsoleStore } from "./store";

export const ANNOTATION_REVISION = "deployment.kubernetes.io/revision";
export const ANNOTATION_REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const ANNOTATION_DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const ANNOTATION_MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

const ns = (o: { metadata: { namespace?: string } }) => o.metadata.namespace || "default";

/** One Deployment sync's view: the Deployment being written and every pod by the ReplicaSet that owns it. */
export interface SyncContext {
  s: ConsoleStore;
  d: Deployment;
  /** Pods (terminating ones included) by their controller's uid. */
  podsByOwner: Map<string, Pod[]>;
  changed: boolean;
}

/** Every pod by its controller's uid (uids are unique across namespaces). */
export function podsByOwnerUid(s: ConsoleStore): Map<string, Pod[]> {
  const by = new Map<string, Pod[]>();
  for (const p of s.pods.values()) {
    const uid = getControllerOf(p)?.uid;
    if (!uid) continue;
    const list = by.get(uid);
    if (list) list.push(p);
    else by.set(uid, [p]);
  }
  return by;
}

/** Deployment syncs change ReplicaSets, never pods, so one index serves every Deployment of a reconcile pass. */
export function syncContext(s: ConsoleStore, d: Deployment, podsByOwner = podsByOwnerUid(s)): SyncContext {
  return { s, d, podsByOwner, changed: false };
}

/** A template without its pod-template-hash label (EqualIgnoreHash). */
export function templateKey(t: ReplicaSet["spec"]["template"] | undefined): string {
  const labels = { ...t?.metadata?.labels };
  delete labels[LABEL_POD_TEMPLATE_HASH];
  return canonicalJson({ ...t, metadata: { ...t?.metadata, labels } });
}

export const byCreation = (a: ReplicaSet, b: ReplicaSet) =>
  (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
/** ReplicaSetsByCreationTimestamp. */
export const sortByCreation = (rss: ReplicaSet[]) => [...rss].sort(byCreation);

/** The ReplicaSets the Deployment controls (ownerReference), oldest first. */
export function ownedReplicaSets(s: ConsoleStore, d: Deployment): ReplicaSet[] {
  return sortByCreation([...s.replicaSets.values()].filter((rs) => ns(rs) === ns(d) && !rs.metadata.deletionTimestamp && getControllerOf(rs)?.uid === d.metadata.uid));
}

export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  const key = templateKey(d.spec.template);
  return sortByCreation(rsList).find((rs) => templateKey(rs.spec.template) === key);
}

export function revisionOf(rs: { metadata: { annotations?: Record<string, string> } }): number {
  const v = Number.parseInt(rs.metadata.annotations?.[ANNOTATION_REVISION] ?? "", 10);
  return Number.isFinite(v) ? v : 0;
}

/** Active pods of a ReplicaSet. */
export function activePodsOf(ctx: SyncContext, rs: ReplicaSet): Pod[] {
  return (ctx.podsByOwner.get(rs.metadata.uid ?? "") ?? []).filter(isPodActive);
}

const wakeups = new WeakMap<ConsoleStore, Set<number>>();

/** The ReplicaSet controller's status counts; a pod ready but not yet available wakes the controllers when it is. */
export function countsOf(ctx: SyncContext, rs: ReplicaSet): ReplicaSetStatusCounts {
  const pods = activePodsOf(ctx, rs);
  const counts = calculateStatus(rs, pods, epochNow(ctx.s));
  const minReady = rs.spec.minReadySeconds ?? 0;
  if (minReady > 0 && counts.availableReplicas < counts.readyReplicas) {
    let set = wakeups.get(ctx.s);
    if (!set) wakeups.set(ctx.s, (set = new Set()));
    for (const p of pods) {
      const since = podReadyTimeMs(p);
      if (since === undefined) continue;
      const at = since - CONSOLE_EPOCH_MS + minReady * 1000;
      if (at > ctx.s.nowMs && !set.has(at)) {
        set.add(at);
        ctx.s.at(at, () => undefined); // the RS controller's requeue after minReadySeconds
      }
    }
  }
  return counts;
}

/** The current version of a ReplicaSet (the sync replaces objects as it scales them). */
export const fresh = (ctx: SyncContext, rs: ReplicaSet): ReplicaSet => ctx.s.replicaSets.get(keyOf(rs)) ?? rs;

function putReplicaSet(ctx: SyncContext, rs: ReplicaSet): void {
  ctx.s.replicaSets.set(keyOf(rs), rs);
  ctx.changed = true;
}

function setAnnotation(ctx: SyncContext, key: string, value: string): void {
  if (ctx.d.metadata.annotations?.[key] === value) return;
  ctx.d = { ...ctx.d, metadata: { ...ctx.d.metadata, annotations: { ...ctx.d.metadata.annotations, [key]: value } } };
}

const replicasAnnotations = (d: Deployment) => ({ [ANNOTATION_DESIRED_REPLICAS]: String(specReplicas(d)), [ANNOTATION_MAX_REPLICAS]: String(specReplicas(d) + maxSurge(d)) });

/**
 * scaleReplicaSet: new size and the desired/max-replicas annotations; the event when the size changed, on the
 * Deployment, in upstream's wording ("Scaled up replica set web-6d4f8 to 3 from 1").
 */
export function scaleReplicaSet(ctx: SyncContext, rs0: ReplicaSet, newScale: number, operation: "up" | "down"): boolean {
  const rs = fresh(ctx, rs0);
  const oldScale = specReplicas(rs);
  const ann = replicasAnnotations(ctx.d);
  const annotationsNeedUpdate = Object.entries(ann).some(([k, v]) => rs.metadata.annotations?.[k] !== v);
  if (oldScale === newScale && !annotationsNeedUpdate) return false;
  putReplicaSet(ctx, { ...rs, metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, ...ann } }, spec: { ...rs.spec, replicas: newScale } });
  if (oldScale === newScale) return false;
  ctx.s.record("Normal", "ScalingReplicaSet", { kind: "Deployment", namespace: ns(ctx.d), name: ctx.d.metadata.name ?? "" }, `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`, "deployment-controller");
  return true;
}

/** scaleReplicaSetAndRecordEvent: the direction follows the sizes; nothing to do at the same size. */
export function scaleReplicaSetAndRecordEvent(ctx: SyncContext, rs0: ReplicaSet, newScale: number): boolean {
  const rs = fresh(ctx, rs0);
  if (specReplicas(rs) === newScale) return false;
  return scaleReplicaSet(ctx, rs, newScale, specReplicas(rs) < newScale ? "up" : "down");
}

export interface ReplicaSetsOfDeployment {
  newRS: ReplicaSet | undefined;
  /** Every other ReplicaSet the Deployment owns, oldest first (upstream's allOldRSs). */
  oldRSs: ReplicaSet[];
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet's revision becomes max(old) + 1 when it is lower (a
 * rollback: the earlier number goes to revision-history), the Deployment carries the new one's revision; with
 * `createReplicas` (the size the rollout step decided), a missing new ReplicaSet is created
 * `<deployment>-<pod-template-hash>`.
 */
export function replicaSetsAndSyncRevision(ctx: SyncContext, createReplicas: number | null, onCreated: (rs: ReplicaSet) => void): ReplicaSetsOfDeployment {
  const rsList = ownedReplicaSets(ctx.s, ctx.d);
  const existing = findNewReplicaSet(ctx.d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== existing);
  const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
  const minReadySeconds = ctx.d.spec.minReadySeconds ?? 0;
  if (existing) {
    let rs = existing;
    const had = rs.metadata.annotations?.[ANNOTATION_REVISION];
    if (revisionOf(rs) < newRevision) {
      const history = rs.metadata.annotations?.[ANNOTATION_REVISION_HISTORY];
      const annotations: Record<string, string> = { ...rs.metadata.annotations, [ANNOTATION_REVISION]: String(newRevision) };
      if (had !== undefined) annotations[ANNOTATION_REVISION_HISTORY] = history ? `${history},${had}` : had;
      rs = { ...rs, metadata: { ...rs.metadata, annotations } };
    }
    if ((rs.spec.minReadySeconds ?? 0) !== minReadySeconds) rs = { ...rs, spec: { ...rs.spec, minReadySeconds } };
    if (rs !== existing) putReplicaSet(ctx, rs);
    setAnnotation(ctx, ANNOTATION_REVISION, rs.metadata.annotations?.[ANNOTATION_REVISION] ?? String(newRevision));
    return { newRS: rs, oldRSs };
  }
  if (createReplicas === null) return { newRS: undefined, oldRSs };
  const d = ctx.d;
  const hash = computeTemplateHash(d.spec.template);
  const labels = { ...d.spec.template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: hash };
  const rs: ReplicaSet = {
    apiVersion: "apps/v1", kind: "ReplicaSet",
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: ns(d), uid: ctx.s.uid(), labels, creationTimestamp: ctx.s.timestamp(),
      annotations: { ...replicasAnnotations(d), [ANNOTATION_REVISION]: String(newRevision) },
      ownerReferences: [controllerRefFor({ apiVersion: "apps/v1", kind: "Deployment", metadata: d.metadata, selector: d.spec.selector })] },
    spec: { replicas: createReplicas, minReadySeconds, selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [LABEL_POD_TEMPLATE_HASH]: hash } },
      template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } } },
  };
  putReplicaSet(ctx, rs);
  if (createReplicas > 0) ctx.s.record("Normal", "ScalingReplicaSet", { kind: "Deployment", namespace: ns(d), name: d.metadata.name ?? "" }, `Scaled up replica set ${rs.metadata.name} to ${createReplicas} from 0`, "deployment-controller");
  setAnnotation(ctx, ANNOTATION_REVISION, String(newRevision));
  onCreated(rs);
  return { newRS: rs, oldRSs };
}
