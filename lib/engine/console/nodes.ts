/**
 * The node lifecycle controller in the console, on the simulation's rules (controllers/nodelifecycle):
 *
 * - a monitor pass every 5 s (on a grid from t = 0) looks at the nodes that need it (kubelet down, not Ready or
 *   carrying a controller taint): a node whose last heartbeat is more than nodeMonitorGracePeriod old turns
 *   Ready=Unknown (pods marked not ready, `unreachable:NoSchedule` at once); the pass AFTER that queues it for
 *   its NoExecute taint in its zone's rate-limited queue (ZoneTainter), as upstream's processTaintBaseEviction
 *   sees the status from before its own update;
 * - every pass computes each zone's state (zone-state.ts: Normal, PartialDisruption, FullDisruption) and swaps
 *   the zone's rate: 0.1 node/s, 0.01 node/s for a large zone (> 50 nodes) in PartialDisruption, 0 for a small
 *   one; when every zone is fully disrupted the controller blames its own network ("master disruption mode"):
 *   every NoExecute taint is removed and nothing is tainted until some zone is back;
 * - the NoExecute tainting pass runs on the 100 ms nodeEvictionPeriod grid, when a zone's token bucket allows;
 * - the taint-eviction controller (taint-eviction.ts) deletes the pods when their tolerations run out.
 *
 * A recovered node is Ready at once (NoSchedule taint removed); its NoExecute taint goes on the next pass, and its
 * kubelet finishes deleting the pods that were Terminating. Passes are only scheduled while some node needs one.
 */
import type { Node, Taint } from "../../k8s/types";
import { TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE } from "../../k8s/types";
import { isControllerTaint, oppositeTaintKey, taintExists, taintKeyFor, withoutTaint, withTaint } from "../controllers/nodelifecycle/taints";
import { computeZoneState, getZoneKey, LABEL_EXCLUDE_DISRUPTION, printableZone, zoneEvictionQps, type ZoneState } from "../controllers/nodelifecycle/zone-state";
import { ZoneTainter } from "../controllers/nodelifecycle/zone-tainter";
import { formatDuration } from "../util/duration";
import { setReady } from "./kubelet";
import type { ConsoleStore, NodeRec } from "./store";
import { nodeTaintsChanged } from "./taint-eviction";

export { TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE };
/** --node-monitor-period (5 s): how often the node lifecycle controller looks at node health. */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** nodeEvictionPeriod (100 ms): how often doNoExecuteTaintingPass runs. */
export const NODE_EVICTION_PERIOD_MS = 100;

type Ready = "True" | "Unknown";

interface Lifecycle {
  names: string[];
  index: Map<string, number>;
  zoneOf: Map<string, string>;
  zoneSizes: Map<string, number>;
  zoneKeys: string[];
  tainters: Map<string, ZoneTainter>;
  zoneStates: Map<string, ZoneState>;
  /** nodeHealth.probeTimestamp: when the controller last saw each node's heartbeat. */
  probeMs: Map<string, number>;
  watched: Set<string>;
  tickAtMs: number | null;
  taintPassAtMs: number;
  /** The controller's log lines (zone state changes, master disruption mode), for `sim zones`. */
  notes: { atMs: number; message: string }[];
}

const lifecycles = new WeakMap<ConsoleStore, Lifecycle>();

function lifecycle(s: ConsoleStore): Lifecycle {
  let l = lifecycles.get(s);
  if (l) return l;
  const names = [...s.nodes.keys()];
  l = { names, index: new Map(names.map((n, i) => [n, i])), zoneOf: new Map(), zoneSizes: new Map(), zoneKeys: [], tainters: new Map(), zoneStates: new Map(), probeMs: new Map(), watched: new Set(), tickAtMs: null, taintPassAtMs: Infinity, notes: [] };
  for (const [name, rec] of s.nodes) {
    const key = getZoneKey(rec.node.metadata.labels);
    l.zoneOf.set(name, key);
    // addPodEvictorForNewZone gives a zone the normal rate; the console's cluster starts healthy, so every zone
    // is Normal as after the simulation's first pass at t = 0 (passes here only run while a node needs one).
    if (!l.tainters.has(key)) {
      l.tainters.set(key, new ZoneTainter(s.settings.nodeEvictionRate));
      l.zoneStates.set(key, "Normal");
    }
    if (rec.node.metadata.labels?.[LABEL_EXCLUDE_DISRUPTION] === undefined) l.zoneSizes.set(key, (l.zoneSizes.get(key) ?? 0) + 1);
  }
  l.zoneKeys = [...l.tainters.keys()].sort();
  lifecycles.set(s, l);
  return l;
}

export function nodeReady(rec: NodeRec): Ready {
  return rec.node.status?.conditions?.find((c) => c.type === "Ready")?.status === "Unknown" ? "Unknown" : "True";
}

function setCondition(s: ConsoleStore, rec: NodeRec, ready: Ready): void {
  const conds = (rec.node.status?.conditions ?? []).filter((c) => c.type !== "Ready");
  const cond = ready === "True"
    ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastTransitionTime: s.timestamp() }
    : { type: "Ready", status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: s.timestamp() };
  s.putNode({ ...rec.node, status: { ...rec.node.status, conditions: [...conds, cond] } as Node["status"] });
}

function setTaints(s: ConsoleStore, rec: NodeRec, taints: Taint[]): void {
  const before = rec.node.spec?.taints ?? [];
  s.putNode({ ...rec.node, spec: { ...rec.node.spec, taints } });
  const noExec = (t: readonly Taint[]) => JSON.stringify(t.filter((x) => x.effect === "NoExecute"));
  if (noExec(before) !== noExec(taints)) nodeTaintsChanged(s, rec.node.metadata.name ?? "");
}

/** doNoScheduleTaintingPass for the Ready condition: `unreachable:NoSchedule` (or not-ready) while not Ready. */
function syncNoScheduleTaint(s: ConsoleStore, rec: NodeRec): void {
  const before = rec.node.spec?.taints ?? [];
  const ready = nodeReady(rec);
  let after = withoutTaint(withoutTaint(before, TAINT_UNREACHABLE, "NoSchedule"), TAINT_NOT_READY, "NoSchedule");
  if (ready !== "True") after = [...after, before.find((t) => t.key === taintKeyFor(ready) && t.effect === "NoSchedule") ?? { key: taintKeyFor(ready), effect: "NoSchedule", timeAdded: s.timestamp() }];
  if (after.length !== before.length || after.some((t) => !taintExists(before, t.key, t.effect))) setTaints(s, rec, after);
}

function watch(s: ConsoleStore, name: string): void {
  lifecycle(s).watched.add(name);
  scheduleMonitor(s);
}

/** The next monitor pass on the 5 s grid, if none is pending (a pass at the current instant still runs). */
function scheduleMonitor(s: ConsoleStore): void {
  const l = lifecycle(s);
  if (l.tickAtMs !== null) return;
  const at = Math.ceil(s.nowMs / NODE_MONITOR_PERIOD_MS) * NODE_MONITOR_PERIOD_MS;
  l.tickAtMs = at;
  s.at(at, () => monitorPass(s, at));
}

function monitorPass(s: ConsoleStore, at: number): void {
  const l = lifecycle(s);
  if (l.tickAtMs !== at) return;
  l.tickAtMs = null;
  const now = s.nowMs;
  for (const name of [...l.watched].sort((a, b) => l.index.get(a)! - l.index.get(b)!)) {
    const rec = s.nodes.get(name)!;
    const observed = nodeReady(rec);
    if (rec.up) l.probeMs.set(name, now);
    else if (now > (l.probeMs.get(name) ?? now) + s.settings.nodeMonitorGracePeriodMs && observed !== "Unknown") {
      // tryUpdateNodeHealth: Ready becomes Unknown (NodeStatusUnknown); the NoSchedule twin follows at once.
      setCondition(s, rec, "Unknown");
      syncNoScheduleTaint(s, s.nodes.get(name)!);
    }
    processTaintBaseEviction(s, s.nodes.get(name)!, observed);
    if (nodeReady(s.nodes.get(name)!) !== "True" && observed === "True") {
      s.record("Normal", "NodeNotReady", { kind: "Node", name }, `Node ${name} status is now: NodeNotReady`, "node-controller");
      // MarkPodsNotReady: the pods lose their endpoints now; they are deleted only when the taint runs out.
      for (const p of s.podsOn(name)) {
        if (!p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")) continue;
        s.record("Warning", "NodeNotReady", { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name ?? "" }, "Node is not ready", "node-controller");
        setReady(s, p, false);
      }
    }
  }
  handleDisruption(s, now);
  for (const name of [...l.watched]) {
    const rec = s.nodes.get(name)!;
    if (rec.up && nodeReady(rec) === "True" && !(rec.node.spec?.taints ?? []).some(isControllerTaint)) l.watched.delete(name);
  }
  scheduleTaintingPass(s, now);
  if (l.watched.size > 0) {
    const next = now + NODE_MONITOR_PERIOD_MS;
    l.tickAtMs = next;
    s.at(next, () => monitorPass(s, next));
  }
}

function processTaintBaseEviction(s: ConsoleStore, rec: NodeRec, observed: Ready): void {
  if (observed === "True") return markNodeAsReachable(s, rec);
  const key = taintKeyFor(observed);
  // "We want to update the taint straight away if Node is already tainted with the opposite taint."
  if (taintExists(rec.node.spec?.taints, oppositeTaintKey(key), "NoExecute")) return swapNoExecuteTaint(s, rec, key);
  const l = lifecycle(s);
  l.tainters.get(l.zoneOf.get(rec.node.metadata.name ?? "")!)!.add(l.index.get(rec.node.metadata.name ?? "")!, s.nowMs);
}

/** markNodeAsReachable: both NoExecute taints removed (pending evictions are cancelled), the node forgotten in its queue. */
function markNodeAsReachable(s: ConsoleStore, rec: NodeRec): void {
  const before = rec.node.spec?.taints ?? [];
  const after = withoutTaint(withoutTaint(before, TAINT_UNREACHABLE, "NoExecute"), TAINT_NOT_READY, "NoExecute");
  if (after.length !== before.length) setTaints(s, rec, after);
  const l = lifecycle(s);
  const name = rec.node.metadata.name ?? "";
  l.tainters.get(l.zoneOf.get(name)!)!.remove(l.index.get(name)!);
}

function swapNoExecuteTaint(s: ConsoleStore, rec: NodeRec, key: string): void {
  const taint: Taint = { key, effect: "NoExecute", timeAdded: s.timestamp() };
  setTaints(s, rec, withTaint(withoutTaint(rec.node.spec?.taints, oppositeTaintKey(key), "NoExecute"), taint));
}

function note(s: ConsoleStore, message: string): void {
  lifecycle(s).notes.push({ atMs: s.nowMs, message });
}

function zoneCounts(s: ConsoleStore, key: string): { size: number; ready: number } {
  const l = lifecycle(s);
  let ready = 0;
  for (const name of l.names) {
    const rec = s.nodes.get(name)!;
    if (l.zoneOf.get(name) === key && rec.node.metadata.labels?.[LABEL_EXCLUDE_DISRUPTION] === undefined && nodeReady(rec) === "True") ready++;
  }
  return { size: l.zoneSizes.get(key) ?? 0, ready };
}

/** handleDisruption: zone states, the zones' tainting rates, master disruption mode. */
function handleDisruption(s: ConsoleStore, now: number): void {
  const l = lifecycle(s);
  const next = new Map<string, ZoneState>();
  let allAre = true;
  for (const key of l.zoneKeys) {
    const { size, ready } = zoneCounts(s, key);
    if (size === 0) continue;
    const state = computeZoneState(ready, size - ready, s.settings.unhealthyZoneThreshold);
    if (state !== "FullDisruption") allAre = false;
    next.set(key, state);
  }
  const allWas = [...next.keys()].every((k) => l.zoneStates.get(k) === "FullDisruption");
  if (allAre && allWas) return;
  if (allAre) {
    note(s, "Controller detected that all Nodes are not-Ready. Entering master disruption mode");
    for (const name of l.names) markNodeAsReachable(s, s.nodes.get(name)!);
    for (const key of next.keys()) {
      l.tainters.get(key)!.swapLimiter(0, now);
      l.zoneStates.set(key, "FullDisruption");
    }
    return;
  }
  if (allWas && next.size > 0) {
    note(s, "Controller detected that some Nodes are Ready. Exiting master disruption mode");
    // Every node gets a fresh grace period.
    for (const name of l.names) l.probeMs.set(name, now);
    for (const [key, state] of next) setZoneState(s, key, state, true);
    return;
  }
  for (const [key, state] of next) if (l.zoneStates.get(key) !== state) setZoneState(s, key, state, false);
}

function setZoneState(s: ConsoleStore, key: string, state: ZoneState, quiet: boolean): void {
  const l = lifecycle(s);
  l.tainters.get(key)!.swapLimiter(zoneEvictionQps(state, l.zoneSizes.get(key) ?? 0, s.settings), s.nowMs);
  const old = l.zoneStates.get(key);
  l.zoneStates.set(key, state);
  if (!quiet && old !== "Initial") note(s, `Controller detected that zone ${printableZone(key)} is now in state ${state}`);
}

function scheduleTaintingPass(s: ConsoleStore, now: number): void {
  const l = lifecycle(s);
  let next = Infinity;
  for (const key of l.zoneKeys) next = Math.min(next, l.tainters.get(key)!.nextUsefulMs(now));
  if (!Number.isFinite(next)) return;
  const at = Math.ceil(next / NODE_EVICTION_PERIOD_MS) * NODE_EVICTION_PERIOD_MS;
  if (at >= l.taintPassAtMs && l.taintPassAtMs >= now) return;
  l.taintPassAtMs = at;
  s.at(at, () => {
    if (l.taintPassAtMs !== at) return;
    l.taintPassAtMs = Infinity;
    doNoExecuteTaintingPass(s);
  });
}

function doNoExecuteTaintingPass(s: ConsoleStore): void {
  const l = lifecycle(s);
  for (const key of l.zoneKeys) {
    l.tainters.get(key)!.try(s.nowMs, (idx) => {
      const name = l.names[idx]!;
      const rec = s.nodes.get(name)!;
      // Ready again: nothing to taint (the token is spent all the same).
      const ready = nodeReady(rec);
      if (ready === "True") return true;
      swapNoExecuteTaint(s, rec, taintKeyFor(ready));
      watch(s, name);
      return true;
    });
  }
  scheduleTaintingPass(s, s.nowMs);
}

export function failNode(s: ConsoleStore, name: string): void {
  const rec = s.nodes.get(name)!;
  if (!rec.up) return;
  rec.up = false;
  // The last heartbeat the controller saw is the last pass before now; a pass due at this very instant has not
  // run yet. The node turns Unknown on the first pass strictly after that + the grace period: 50-55 s after
  // the failure, as in the simulation (docs/engine/simulation.md).
  const l = lifecycle(s);
  l.probeMs.set(name, Math.ceil(s.nowMs / NODE_MONITOR_PERIOD_MS) * NODE_MONITOR_PERIOD_MS - NODE_MONITOR_PERIOD_MS);
  watch(s, name);
}

export function recoverNode(s: ConsoleStore, name: string): void {
  const rec = s.nodes.get(name)!;
  if (rec.up) return;
  rec.up = true;
  lifecycle(s).probeMs.set(name, s.nowMs);
  if (nodeReady(rec) !== "True") {
    setCondition(s, rec, "True");
    s.record("Normal", "NodeReady", { kind: "Node", name }, `Node ${name} status is now: NodeReady`, "node-controller");
  }
  syncNoScheduleTaint(s, s.nodes.get(name)!);
  for (const p of s.podsOn(name)) {
    if (p.metadata.deletionTimestamp) s.removePod(p); // the kubelet confirms the deletion it could not report
    else if (p.status?.phase === "Running") setReady(s, p, true);
  }
  watch(s, name);
}

export function setUnschedulable(s: ConsoleStore, name: string, on: boolean): boolean {
  const rec = s.nodes.get(name)!;
  if (!!rec.node.spec?.unschedulable === on) return false;
  s.putNode({ ...rec.node, spec: { ...rec.node.spec, unschedulable: on || undefined,
    taints: [...(rec.node.spec?.taints ?? []).filter((t) => t.key !== TAINT_UNSCHEDULABLE), ...(on ? [{ key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" as const, timeAdded: s.timestamp() }] : [])] } });
  return true;
}

export interface ZoneReport {
  zone: string;
  nodes: number;
  notReady: number;
  state: ZoneState;
  /** The zone's NoExecute tainting rate now (nodes/s), and nodes waiting for their taint. */
  qps: number;
  queued: number;
}

/** Each zone's state and tainting rate as the controller holds them (`sim zones`). */
export function zoneReports(s: ConsoleStore): ZoneReport[] {
  const l = lifecycle(s);
  return l.zoneKeys.map((key) => {
    const { size, ready } = zoneCounts(s, key);
    const t = l.tainters.get(key)!;
    return { zone: printableZone(key) || "<no zone>", nodes: size, notReady: size - ready, state: l.zoneStates.get(key) ?? "Initial", qps: t.qps, queued: t.queuedCount };
  });
}

export function lifecycleNotes(s: ConsoleStore): { atMs: number; message: string }[] {
  return lifecycle(s).notes;
}

export const describeRate = (qps: number) => (qps > 0 ? `${qps}/s (1 node every ${formatDuration(1000 / qps)})` : "0 (tainting stopped)");
