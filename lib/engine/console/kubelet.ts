/**
 * What happens to one pod: the API server's graceful deletion, the scheduler's binding and the kubelet's
 * work on the node (sandbox + IP, image pull, start, readiness; stopping containers on deletion). Statuses
 * are written the way the kubelet writes them, so kubectl's STATUS/READY columns come out as on a cluster.
 */
import type { Pod, PodCondition } from "../../k8s/types";
import { CONSOLE_EPOCH_MS, keyOf, type ConsoleStore } from "./store";

const containerNames = (p: Pod) => p.spec.containers.map((c) => c.name);

function conditions(s: ConsoleStore, scheduled: boolean, ready: boolean, prev: PodCondition[] | undefined): PodCondition[] {
  const t = s.timestamp();
  const keep = (type: string, status: "True" | "False") => {
    const old = prev?.find((c) => c.type === type);
    return { type, status, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : t } as PodCondition;
  };
  if (!scheduled) return [keep("PodScheduled", "False")];
  return [keep("PodReadyToStartContainers", "True"), keep("Initialized", "True"), keep("Ready", ready ? "True" : "False"), keep("ContainersReady", ready ? "True" : "False"), keep("PodScheduled", "True")];
}

/** The pod as it is now in the store, if it is still the same object (same uid). */
export function current(s: ConsoleStore, p: Pod): Pod | undefined {
  const c = s.pods.get(keyOf(p));
  return c && c.metadata.uid === p.metadata.uid ? c : undefined;
}

export function setReady(s: ConsoleStore, p: Pod, ready: boolean): void {
  s.putPod({ ...p, status: { ...p.status, conditions: conditions(s, true, ready, p.status?.conditions),
    containerStatuses: p.status?.containerStatuses?.map((c) => ({ ...c, ready })) } });
}

export function bindPod(s: ConsoleStore, p: Pod, nodeName: string): void {
  const rec = s.nodes.get(nodeName)!;
  const base = (rec.node.spec?.podCIDR ?? "10.244.0.0/24").split("/")[0]!.split(".").map(Number);
  const ip = `${base[0]}.${base[1]}.${base[2]}.${base[3]! + ++rec.nextHost}`;
  const hostIP = rec.node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
  const bound: Pod = {
    ...p,
    spec: { ...p.spec, nodeName },
    status: {
      phase: "Pending", conditions: conditions(s, true, false, p.status?.conditions), podIP: ip, podIPs: [{ ip }],
      ...(hostIP ? { hostIP } : {}), startTime: s.timestamp(), qosClass: "BestEffort",
      containerStatuses: p.spec.containers.map((c) => ({ name: c.name, image: c.image ?? "", ready: false, restartCount: 0, started: false, state: { waiting: { reason: "ContainerCreating" } } })),
    } as Pod["status"],
  };
  s.scheduler.bind(bound, nodeName);
  s.putPod(bound);
  const obj = { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name ?? "" };
  s.record("Normal", "Scheduled", obj, `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${nodeName}`, "default-scheduler");
  for (const c of p.spec.containers) s.record("Normal", "Pulling", obj, `Pulling image "${c.image}"`, "kubelet");
  s.at(s.nowMs + s.settings.podStartupMs, () => startContainers(s, bound));
}

function startContainers(s: ConsoleStore, p: Pod): void {
  const cur = current(s, p);
  if (!cur || cur.metadata.deletionTimestamp || !s.nodes.get(cur.spec.nodeName ?? "")?.up) return;
  const obj = { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name ?? "" };
  for (const c of p.spec.containers) {
    s.record("Normal", "Pulled", obj, `Successfully pulled image "${c.image}" in ${s.settings.podStartupMs / 1000 - 1}s`, "kubelet");
    s.record("Normal", "Created", obj, `Created container: ${c.name}`, "kubelet");
    s.record("Normal", "Started", obj, `Started container ${c.name}`, "kubelet");
  }
  const started = s.timestamp();
  s.putPod({
    ...cur,
    status: {
      ...cur.status, phase: "Running", conditions: conditions(s, true, true, cur.status?.conditions),
      containerStatuses: cur.spec.containers.map((c) => ({ name: c.name, image: c.image ?? "", ready: true, restartCount: 0, started: true, state: { running: { startedAt: started } } })),
    } as Pod["status"],
  });
}

/**
 * Graceful deletion: deletionTimestamp = now + grace period. An unscheduled pod goes at once; on a live node
 * the kubelet stops the containers and the pod is gone; on a dead node nobody confirms, so it stays
 * Terminating until the node comes back (or a force delete).
 */
export function deletePod(s: ConsoleStore, p: Pod, force = false): boolean {
  const cur = current(s, p);
  if (!cur) return false;
  if (cur.metadata.deletionTimestamp && !force) return false;
  const grace = cur.spec.terminationGracePeriodSeconds ?? 30;
  const node = cur.spec.nodeName ? s.nodes.get(cur.spec.nodeName) : undefined;
  if (!node || force) {
    s.removePod(cur);
    return true;
  }
  const deleting: Pod = { ...cur, metadata: { ...cur.metadata, deletionTimestamp: s.timestamp(s.nowMs + grace * 1000) } };
  s.putPod(deleting);
  if (node.up) {
    for (const c of containerNames(cur)) s.record("Normal", "Killing", { kind: "Pod", namespace: cur.metadata.namespace, name: cur.metadata.name ?? "" }, `Stopping container ${c}`, "kubelet");
    s.at(s.nowMs + Math.min(s.settings.shutdownMs, grace * 1000), () => {
      const c = current(s, deleting);
      if (c && s.nodes.get(c.spec.nodeName ?? "")?.up) s.removePod(c);
    });
  }
  return true;
}

/** Ready pods (condition Ready=True, not terminating). */
export function isReady(p: Pod): boolean {
  return !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;
}

export const epochNow = (s: ConsoleStore) => CONSOLE_EPOCH_MS + s.nowMs;
