/**
 * The control loops between commands, run to quiescence: the Deployment controller (one ReplicaSet per
 * pod-template-hash, older ones scaled to 0), the ReplicaSet controller (claimPods adoption/orphaning, create
 * missing pods, delete surplus ones in getPodsToDelete's order), the garbage collector (ownerReferences
 * cascade) and kube-scheduler (one pod at a time, in queue order).
 */
import { compileLabelSelector, type CompiledSelector } from "../../k8s/selector";
import type { Deployment, LabelSelector, Pod, ReplicaSet } from "../../k8s/types";
import { LABEL_POD_TEMPLATE_HASH } from "../../k8s/types";
import { withDefaultTolerations } from "../controllers/admission";
import { claimPods, controllerRefFor, refersTo } from "../controllers/claim";
import { collectGarbage } from "../controllers/garbage-collector";
import { getControllerOf } from "../controllers/pod-util";
import { getPodsToDelete } from "../controllers/replicaset-util";
import { canonicalJson, computeTemplateHash } from "../util/hash";
import { randomString } from "../util/prng";
import { bindPod, deletePod, epochNow } from "./kubelet";
import { keyOf, type ConsoleStore } from "./store";

const selectorCache = new Map<string, CompiledSelector>();
export function matches(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const k = JSON.stringify(sel);
  let c = selectorCache.get(k);
  if (!c) selectorCache.set(k, (c = compileLabelSelector(sel)));
  return c.matches(labels);
}

const isActive = (p: Pod) => !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
const ns = (o: { metadata: { namespace?: string } }) => o.metadata.namespace || "default";
const rsIdentity = (rs: ReplicaSet) => ({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: rs.metadata, selector: rs.spec.selector });

/** Pods as the API server admits them: default tolerations for not-ready/unreachable (DefaultTolerationSeconds). */
export function admit(s: ConsoleStore, p: Pod): Pod {
  const t = s.settings.defaultTolerationSeconds;
  return { ...p, metadata: { ...p.metadata, namespace: ns(p), uid: p.metadata.uid ?? s.uid(), creationTimestamp: p.metadata.creationTimestamp ?? s.timestamp() },
    spec: { terminationGracePeriodSeconds: 30, ...withDefaultTolerations(p.spec, t, t) }, status: p.status ?? { phase: "Pending" } };
}

/** A template without its pod-template-hash label: how a Deployment recognises its current ReplicaSet. */
function templateKey(t: ReplicaSet["spec"]["template"]): string {
  const labels = { ...t?.metadata?.labels };
  delete labels[LABEL_POD_TEMPLATE_HASH];
  return canonicalJson({ ...t, metadata: { ...t?.metadata, labels } });
}

function syncDeployment(s: ConsoleStore, d: Deployment): boolean {
  let changed = false;
  const hash = computeTemplateHash(d.spec.template);
  const owned = [...s.replicaSets.values()].filter((rs) => ns(rs) === ns(d) && getControllerOf(rs) && refersTo(getControllerOf(rs)!, { kind: "Deployment", metadata: d.metadata }));
  const name = `${d.metadata.name}-${hash}`;
  const replicas = d.spec.replicas ?? 1;
  const scaled = (rs: ReplicaSet, from: number, to: number) =>
    s.record("Normal", "ScalingReplicaSet", { kind: "Deployment", namespace: ns(d), name: d.metadata.name ?? "" }, `Scaled ${to > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${to}`, "deployment-controller");
  const key = templateKey(d.spec.template);
  let cur = owned.find((rs) => rs.metadata.name === name) ?? owned.find((rs) => templateKey(rs.spec.template) === key);
  if (!cur) {
    const labels = { ...d.spec.template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: hash };
    cur = {
      apiVersion: "apps/v1", kind: "ReplicaSet",
      metadata: { name, namespace: ns(d), uid: s.uid(), labels, creationTimestamp: s.timestamp(),
        ownerReferences: [controllerRefFor({ apiVersion: "apps/v1", kind: "Deployment", metadata: d.metadata, selector: d.spec.selector })] },
      spec: { replicas, selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [LABEL_POD_TEMPLATE_HASH]: hash } },
        template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } } },
    };
    s.replicaSets.set(keyOf(cur), cur);
    scaled(cur, 0, replicas);
    changed = true;
  } else if ((cur.spec.replicas ?? 1) !== replicas) {
    scaled(cur, cur.spec.replicas ?? 1, replicas);
    s.replicaSets.set(keyOf(cur), { ...cur, spec: { ...cur.spec, replicas } });
    changed = true;
  }
  // A template change replaces the old ReplicaSets at once (the rollout's end state, without its pacing).
  for (const old of owned) if (old !== cur && (old.spec.replicas ?? 1) > 0) {
    scaled(old, old.spec.replicas ?? 1, 0);
    s.replicaSets.set(keyOf(old), { ...old, spec: { ...old.spec, replicas: 0 } });
    changed = true;
  }
  return changed;
}

function newPod(s: ConsoleStore, rs: ReplicaSet): Pod {
  const prefix = `${rs.metadata.name}-`;
  let name = prefix + randomString(s.rng, 5);
  while (s.pods.has(`${ns(rs)}/${name}`)) name = prefix + randomString(s.rng, 5);
  const t = rs.spec.template;
  return admit(s, { apiVersion: "v1", kind: "Pod",
    metadata: { name, generateName: prefix, namespace: ns(rs), labels: { ...t.metadata?.labels }, ownerReferences: [controllerRefFor(rsIdentity(rs))] },
    spec: { ...t.spec } });
}

function syncReplicaSet(s: ConsoleStore, rs: ReplicaSet): boolean {
  let changed = false;
  const candidates = [...s.pods.values()].filter((p) => ns(p) === ns(rs) && isActive(p));
  const claim = claimPods(rsIdentity(rs), candidates, matches);
  for (const p of [...claim.adopted, ...claim.released]) {
    s.putPod(p);
    changed = true;
  }
  const diff = claim.claimed.length - (rs.spec.replicas ?? 1);
  const obj = { kind: "ReplicaSet", namespace: ns(rs), name: rs.metadata.name ?? "" };
  if (diff < 0) {
    for (let i = 0; i < -diff; i++) {
      const p = newPod(s, rs);
      s.putPod(p);
      s.record("Normal", "SuccessfulCreate", obj, `Created pod: ${p.metadata.name}`, "replicaset-controller");
    }
    changed = true;
  } else if (diff > 0) {
    const owner = getControllerOf(rs);
    const siblings = [...s.replicaSets.values()].filter((r) => owner && ns(r) === ns(rs) && getControllerOf(r)?.uid === owner.uid);
    const uids = new Set((siblings.length ? siblings : [rs]).map((r) => r.metadata.uid));
    const related = [...s.pods.values()].filter((p) => isActive(p) && uids.has(getControllerOf(p)?.uid));
    for (const p of getPodsToDelete(claim.claimed, related, diff, epochNow(s))) {
      if (deletePod(s, p)) s.record("Normal", "SuccessfulDelete", obj, `Deleted pod: ${p.metadata.name}`, "replicaset-controller");
    }
    changed = true;
  }
  return changed;
}

function garbageCollect(s: ConsoleStore): boolean {
  const objects = [
    ...[...s.deployments.values()].map((o) => ({ ...o, kind: "Deployment" })),
    ...[...s.replicaSets.values()].map((o) => ({ ...o, kind: "ReplicaSet" })),
    ...[...s.pods.values()].map((o) => ({ ...o, kind: "Pod" })),
  ];
  const r = collectGarbage(objects);
  let changed = false;
  for (const o of r.deleted) {
    if (o.kind === "ReplicaSet" && s.replicaSets.delete(keyOf(o))) changed = true;
    if (o.kind === "Pod" && deletePod(s, s.pods.get(keyOf(o)) ?? (o as Pod))) changed = true;
  }
  for (const o of r.patched) {
    if (o.kind === "Pod") {
      const p = s.pods.get(keyOf(o));
      if (p) s.putPod({ ...p, metadata: { ...p.metadata, ownerReferences: o.metadata.ownerReferences } });
    }
  }
  return changed;
}

const attempted = new WeakMap<ConsoleStore, Map<string, number>>();

function schedulePending(s: ConsoleStore): boolean {
  let tried = attempted.get(s);
  if (!tried) attempted.set(s, (tried = new Map()));
  const pending = [...s.pods.values()]
    .filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp && (p.spec.schedulerName ?? "default-scheduler") === "default-scheduler")
    .sort((a, b) => (b.spec.priority ?? 0) - (a.spec.priority ?? 0) || (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") || keyOf(a).localeCompare(keyOf(b)));
  let changed = false;
  for (const p of pending) {
    const uid = p.metadata.uid ?? "";
    // Unschedulable pods wait for a cluster event that could make them fit (the scheduling queue's backoff).
    if (tried.get(uid) === s.schedGeneration) continue;
    const r = s.scheduler.schedule(p);
    if (r.nodeName) {
      bindPod(s, p, r.nodeName);
      changed = true;
    } else {
      tried.set(uid, s.schedGeneration);
      s.record("Warning", "FailedScheduling", { kind: "Pod", namespace: ns(p), name: p.metadata.name ?? "" }, r.message, "default-scheduler");
    }
  }
  return changed;
}

/** Every controller until nothing changes (bounded, in case of a bug). */
export function reconcile(s: ConsoleStore): void {
  for (let i = 0; i < 50; i++) {
    let changed = false;
    for (const d of [...s.deployments.values()]) changed = syncDeployment(s, d) || changed;
    for (const rs of [...s.replicaSets.values()]) if (!rs.metadata.deletionTimestamp) changed = syncReplicaSet(s, rs) || changed;
    changed = garbageCollect(s) || changed;
    changed = schedulePending(s) || changed;
    if (!changed) return;
  }
}
