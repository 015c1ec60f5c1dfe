/**
 * The control loops between commands, run to quiescence: the Deployment controller (rollout.ts: rolling update
 * or recreate, scaling, revisions), the ReplicaSet controller (claimPods adoption/orphaning, create
 * missing pods, delete surplus ones in getPodsToDelete's order), the garbage collector (ownerReferences
 * cascade) and kube-scheduler (one pod at a time, in queue order).
 */
import { compileLabelSelector, type CompiledSelector } from "../../k8s/selector";
import type { LabelSelector, Pod, ReplicaSet } from "../../k8s/types";
import { withDefaultTolerations } from "../controllers/admission";
import { claimPods, controllerRefFor } from "../controllers/claim";
import { collectGarbage } from "../controllers/garbage-collector";
import { getControllerOf } from "../controllers/pod-util";
import { getPodsToDelete } from "../controllers/replicaset-util";
import { randomString } from "../util/prng";
import { bindPod, deletePod, epochNow } from "./kubelet";
import { podsByOwnerUid } from "./deployment-replicasets";
import { syncDeployment } from "./rollout";
import { keyOf, type ConsoleStore } from "./store";
import { processPodOnNode } from "./taint-eviction";

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

/** Owner kinds the console stores; a snapshot's DaemonSet, StatefulSet or Job pods keep owners it cannot see. */
const KNOWN_OWNERS = new Set(["Deployment", "ReplicaSet"]);

function garbageCollect(s: ConsoleStore): boolean {
  const collectable = (o: { metadata: { ownerReferences?: { kind: string }[] } }) => (o.metadata.ownerReferences ?? []).every((r) => KNOWN_OWNERS.has(r.kind));
  const objects = [
    ...[...s.deployments.values()].map((o) => ({ ...o, kind: "Deployment" })),
    ...[...s.replicaSets.values()].filter(collectable).map((o) => ({ ...o, kind: "ReplicaSet" })),
    ...[...s.pods.values()].filter(collectable).map((o) => ({ ...o, kind: "Pod" })),
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
      // A pod that tolerates the node's NoSchedule taints may still have NoExecute ones to answer to.
      if ((s.nodes.get(r.nodeName)?.node.spec?.taints ?? []).some((t) => t.effect === "NoExecute")) processPodOnNode(s, s.pods.get(keyOf(p))!);
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
  for (let i = 0; i < 100; i++) {
    let changed = false;
    const podsByOwner = podsByOwnerUid(s);
    for (const d of [...s.deployments.values()]) changed = syncDeployment(s, d, podsByOwner) || changed;
    for (const rs of [...s.replicaSets.values()]) if (!rs.metadata.deletionTimestamp) changed = syncReplicaSet(s, rs) || changed;
    changed = garbageCollect(s) || changed;
    changed = schedulePending(s) || changed;
    if (!changed) return;
  }
}
