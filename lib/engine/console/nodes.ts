/**
 * Node lifecycle in the console: a failed node stops heartbeating; after nodeMonitorGracePeriod the node
 * lifecycle controller marks it NotReady (Ready=Unknown), marks its pods not ready and taints it
 * `node.kubernetes.io/unreachable` NoSchedule at once and NoExecute at the zone's eviction rate; the taint
 * eviction controller deletes each pod when its toleration (300 s by default) runs out. When every zone is
 * fully disrupted the controller blames its own network and taints nothing. A recovered node is Ready again,
 * untainted, and its kubelet finishes deleting the pods that were Terminating.
 */
import { LABEL_REGION, LABEL_ZONE, type Node, type Taint } from "../../k8s/types";
import { current, deletePod, setReady } from "./kubelet";
import type { ConsoleStore, NodeRec } from "./store";

export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
export const TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
/** --node-monitor-period (5 s): how often the node lifecycle controller looks at node health. */
export const NODE_MONITOR_PERIOD_MS = 5_000;

const zoneOf = (n: Node) => `${n.metadata.labels?.[LABEL_REGION] ?? ""}/${n.metadata.labels?.[LABEL_ZONE] ?? ""}`;
const nextSlot = new WeakMap<ConsoleStore, Map<string, number>>();

export function nodeReady(rec: NodeRec): "True" | "Unknown" {
  return rec.node.status?.conditions?.find((c) => c.type === "Ready")?.status === "Unknown" ? "Unknown" : "True";
}

function setCondition(s: ConsoleStore, rec: NodeRec, ready: "True" | "Unknown"): void {
  const conds = (rec.node.status?.conditions ?? []).filter((c) => c.type !== "Ready");
  const cond = ready === "True"
    ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastTransitionTime: s.timestamp() }
    : { type: "Ready", status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: s.timestamp() };
  s.putNode({ ...rec.node, status: { ...rec.node.status, conditions: [...conds, cond] } as Node["status"] });
}

function setTaints(s: ConsoleStore, rec: NodeRec, change: (t: Taint[]) => Taint[]): void {
  s.putNode({ ...rec.node, spec: { ...rec.node.spec, taints: change(rec.node.spec?.taints ?? []) } });
}

function allZonesDown(s: ConsoleStore): boolean {
  const zones = new Map<string, boolean>();
  for (const r of s.nodes.values()) zones.set(zoneOf(r.node), (zones.get(zoneOf(r.node)) ?? false) || nodeReady(r) === "True");
  return [...zones.values()].every((anyReady) => !anyReady);
}

export function failNode(s: ConsoleStore, name: string): void {
  const rec = s.nodes.get(name)!;
  if (!rec.up) return;
  rec.up = false;
  const gen = ++rec.generation;
  // The controller checks nodes every NODE_MONITOR_PERIOD_MS (on a grid from t = 0): the last heartbeat it saw is
  // the pass before the failure, and the node turns Unknown on the first pass strictly after that + the grace
  // period: 50-55 s after the failure, as in the simulation (docs/engine/simulation.md).
  const probe = Math.ceil(s.nowMs / NODE_MONITOR_PERIOD_MS) * NODE_MONITOR_PERIOD_MS - NODE_MONITOR_PERIOD_MS;
  const detectAt = (Math.floor((probe + s.settings.nodeMonitorGracePeriodMs) / NODE_MONITOR_PERIOD_MS) + 1) * NODE_MONITOR_PERIOD_MS;
  s.at(detectAt, () => {
    if (rec.generation !== gen) return;
    setCondition(s, rec, "Unknown");
    s.record("Normal", "NodeNotReady", { kind: "Node", name }, `Node ${name} status is now: NodeNotReady`, "node-controller");
    setTaints(s, rec, (t) => [...t.filter((x) => x.key !== TAINT_UNREACHABLE), { key: TAINT_UNREACHABLE, effect: "NoSchedule", timeAdded: s.timestamp() }]);
    for (const p of s.podsOn(name)) {
      s.record("Warning", "NodeNotReady", { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name ?? "" }, "Node is not ready", "node-controller");
      setReady(s, p, false);
    }
    if (allZonesDown(s)) enterMasterDisruption(s);
    // The NoExecute taint is queued by the NEXT pass (it sees the status this pass wrote).
    else s.at(s.nowMs + NODE_MONITOR_PERIOD_MS, () => queueNoExecute(s, rec, gen));
  });
}

/**
 * Every zone fully disrupted: the controller assumes its own network is at fault, marks every node reachable
 * again for eviction purposes (NoExecute taints removed, so pending evictions lapse) and evicts nothing.
 */
function enterMasterDisruption(s: ConsoleStore): void {
  for (const r of s.nodes.values()) {
    if ((r.node.spec?.taints ?? []).some((t) => t.key === TAINT_UNREACHABLE && t.effect === "NoExecute")) {
      setTaints(s, r, (t) => t.filter((x) => !(x.key === TAINT_UNREACHABLE && x.effect === "NoExecute")));
    }
  }
}

const hasNoExecute = (rec: NodeRec) => (rec.node.spec?.taints ?? []).some((t) => t.key === TAINT_UNREACHABLE && t.effect === "NoExecute");

/** NoExecute tainting, rate-limited per zone (nodeEvictionRate), skipped while every zone is down. */
function queueNoExecute(s: ConsoleStore, rec: NodeRec, gen: number): void {
  if (rec.generation !== gen) return;
  if (allZonesDown(s)) {
    // Master disruption mode: try again later; a recovering zone ends it.
    s.at(s.nowMs + 5_000, () => queueNoExecute(s, rec, gen));
    return;
  }
  let slots = nextSlot.get(s);
  if (!slots) nextSlot.set(s, (slots = new Map()));
  const zone = zoneOf(rec.node);
  const at = Math.max(s.nowMs, slots.get(zone) ?? 0);
  slots.set(zone, at + 1000 / s.settings.nodeEvictionRate);
  s.at(at, () => {
    if (rec.generation !== gen) return;
    if (allZonesDown(s)) {
      s.at(s.nowMs + 5_000, () => queueNoExecute(s, rec, gen));
      return;
    }
    setTaints(s, rec, (t) => [...t.filter((x) => !(x.key === TAINT_UNREACHABLE && x.effect === "NoExecute")), { key: TAINT_UNREACHABLE, effect: "NoExecute", timeAdded: s.timestamp() }]);
    for (const p of s.podsOn(rec.node.metadata.name ?? "")) {
      const tol = p.spec.tolerations?.find((t) => t.key === TAINT_UNREACHABLE && t.effect === "NoExecute");
      if (tol && tol.tolerationSeconds === undefined) continue; // tolerates forever
      const secs = tol ? Math.max(0, tol.tolerationSeconds ?? 0) : 0;
      s.at(s.nowMs + secs * 1000, () => {
        const c = current(s, p);
        if (!c || rec.generation !== gen || c.metadata.deletionTimestamp || !hasNoExecute(rec)) return;
        s.record("Normal", "TaintManagerEviction", { kind: "Pod", namespace: c.metadata.namespace, name: c.metadata.name ?? "" }, `Marking for deletion Pod ${c.metadata.namespace}/${c.metadata.name}`, "taint-eviction-controller");
        deletePod(s, c);
      });
    }
  });
}

export function recoverNode(s: ConsoleStore, name: string): void {
  const rec = s.nodes.get(name)!;
  if (rec.up) return;
  rec.up = true;
  rec.generation++;
  if (nodeReady(rec) !== "True") {
    setCondition(s, rec, "True");
    s.record("Normal", "NodeReady", { kind: "Node", name }, `Node ${name} status is now: NodeReady`, "node-controller");
  }
  setTaints(s, rec, (t) => t.filter((x) => x.key !== TAINT_UNREACHABLE));
  for (const p of s.podsOn(name)) {
    if (p.metadata.deletionTimestamp) s.removePod(p); // the kubelet confirms the deletion it could not report
    else if (p.status?.phase === "Running") setReady(s, p, true);
  }
}

export function setUnschedulable(s: ConsoleStore, name: string, on: boolean): boolean {
  const rec = s.nodes.get(name)!;
  if (!!rec.node.spec?.unschedulable === on) return false;
  s.putNode({ ...rec.node, spec: { ...rec.node.spec, unschedulable: on || undefined,
    taints: [...(rec.node.spec?.taints ?? []).filter((t) => t.key !== TAINT_UNSCHEDULABLE), ...(on ? [{ key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" as const, timeAdded: s.timestamp() }] : [])] } });
  return true;
}
