/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go) on the virtual clock:
 *
 * - `monitorNodeHealth` every nodeMonitorPeriod: a node whose kubelet stopped renewing its Lease for more than
 *   nodeMonitorGracePeriod (`now.After(probeTimestamp + grace)`) gets Ready=Unknown (NodeStatusUnknown); on that
 *   transition the controller records NodeNotReady and runs MarkPodsNotReady. `processTaintBaseEviction` is
 *   given the status OBSERVED BEFORE this pass's update, so the node joins its zone's taint queue one monitor
 *   period after it turned Unknown (upstream behaviour, kept on purpose).
 * - `doNoScheduleTaintingPass` reacts to every status update: the NoSchedule twin of the condition's taint.
 * - `doNoExecuteTaintingPass` every nodeEvictionPeriod (100 ms): per zone, `Try` under the zone's limiter.
 * - `handleDisruption`: zone states, limiter swaps, and "master disruption mode" when every zone is fully
 *   disrupted (all NoExecute taints removed, tainting stopped).
 *
 * Healthy nodes renew their Lease continuously, so only "watched" nodes (kubelet down, not Ready, tainted or
 * queued) need per-pass work; zone states use counters the store maintains. A watched node whose pass is a
 * no-op until something about it changes (kubelet down, already Unknown, in its zone's dedup set, no opposite
 * NoExecute taint) is "parked": left out of the passes until the controller changes its taints, condition,
 * kubelet or queue membership (every such change goes through this class). A failed zone is hours of 5 s
 * passes over the same dead nodes; parked, they cost nothing.
 */
import type { Taint } from "../../../k8s/types";
import { TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE } from "../../../k8s/types";
import { SIM_EPOCH_MS, type SimContext } from "../../sim/context";
import { SimPriority } from "../../sim/queue";
import type { ConditionStatus, SimNode } from "../../sim/state";
import { formatTimeMs } from "../../util/time";
import { isControllerTaint, oppositeTaintKey, taintExists, taintKeyFor, withoutTaint, withTaint } from "./taints";
import { ZoneTainter } from "./zone-tainter";
import { computeZoneState, printableZone, zoneEvictionQps, type ZoneState } from "./zone-state";

export interface NodeLifecycleHooks {
  /** The node's taints changed (`before` is the previous list): scheduler cache, taint eviction, requeueing. */
  taintsChanged(node: SimNode, before: readonly Taint[]): void;
}

/** When a node went NotReady, got its NoExecute taint and came back (for results and explanations). */
export interface NodeTimeline {
  node: string;
  notReadyAtMs: number[];
  noExecuteTaintedAtMs: number[];
  readyAgainAtMs: number[];
}

export class NodeLifecycleController {
  private readonly tainters = new Map<string, ZoneTainter>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly zoneSizes = new Map<string, number>();
  private readonly excludedByZone = new Map<string, number[]>();
  private readonly zoneKeys: string[];
  /** Watched nodes in processing order (a seeded permutation stands in for the informer's map order). */
  private watched: number[] = [];
  private readonly watchedSet = new Set<number>();
  /** Watched nodes left out of the passes (see the class comment); `watch` brings one back. */
  private readonly parked = new Set<number>();
  private readonly rank: Int32Array;
  private lastPassMs: number;
  private taintingPassAtMs = Number.POSITIVE_INFINITY;
  readonly timelines = new Map<number, NodeTimeline>();

  constructor(private readonly ctx: SimContext, private readonly hooks: NodeLifecycleHooks, order: readonly number[]) {
    const { state, settings } = ctx;
    this.rank = new Int32Array(state.nodes.length);
    order.forEach((nodeIdx, i) => (this.rank[nodeIdx] = i));
    for (const n of state.nodes) {
      // addPodEvictorForNewZone: a new zone starts with the normal rate and state Initial.
      if (!this.tainters.has(n.zoneKey)) {
        this.tainters.set(n.zoneKey, new ZoneTainter(settings.nodeEvictionRate));
        this.zoneStates.set(n.zoneKey, "Initial");
      }
      if (n.excludedFromDisruption) {
        const l = this.excludedByZone.get(n.zoneKey) ?? [];
        l.push(n.idx);
        this.excludedByZone.set(n.zoneKey, l);
      } else {
        this.zoneSizes.set(n.zoneKey, (this.zoneSizes.get(n.zoneKey) ?? 0) + 1);
      }
      if (!n.kubeletUp || n.ready !== "True" || (n.node.spec?.taints ?? []).some(isControllerTaint)) this.watch(n.idx);
    }
    this.zoneKeys = [...this.tainters.keys()].sort();
    // The pass before t = 0 saw every live node's Lease (steady state).
    this.lastPassMs = -settings.nodeMonitorPeriodMs;
  }

  /** Starts the periodic monitor at t = 0 (upstream: wait.Until(monitorNodeHealth, nodeMonitorPeriod)). */
  start(): void {
    this.ctx.queue.push(0, SimPriority.nodeMonitor, () => this.monitorTick());
  }

  /** The kubelet stopped: its last Lease renewal the controller saw was at the previous monitor pass. */
  kubeletStopped(node: SimNode): void {
    node.kubeletUp = false;
    node.probeMs = this.lastPassMs;
    this.watch(node.idx);
  }

  /** The kubelet is back and posts Ready=True; the controller reacts to the status update at once (NoSchedule). */
  kubeletStarted(node: SimNode, nowMs: number): void {
    node.kubeletUp = true;
    node.probeMs = nowMs;
    this.ctx.state.setNodeReady(node, "True", nowMs);
    this.timeline(node).readyAgainAtMs.push(nowMs);
    this.ctx.log.record(nowMs, "Normal", "NodeReady", `node/${node.name}`, `Node ${node.name} status is now: NodeReady`);
    this.watch(node.idx);
    this.syncNoScheduleTaint(node);
  }

  private monitorTick(): void {
    const now = this.ctx.clock.nowMs;
    this.monitorNodeHealth(now);
    this.lastPassMs = now;
    this.ctx.queue.push(now + this.ctx.settings.nodeMonitorPeriodMs, SimPriority.nodeMonitor, () => this.monitorTick());
  }

  private monitorNodeHealth(now: number): void {
    const { state, settings } = this.ctx;
    for (const idx of this.watched) {
      const node = state.nodes[idx]!;
      const observed = node.ready;
      if (node.kubeletUp) node.probeMs = now;
      else if (now > node.probeMs + settings.nodeMonitorGracePeriodMs && node.ready !== "Unknown") {
        // tryUpdateNodeHealth: Ready (and the pressure conditions) become Unknown, reason NodeStatusUnknown.
        state.setNodeReady(node, "Unknown", now);
        this.syncNoScheduleTaint(node);
      }
      this.processTaintBaseEviction(node, observed, now);
      if (node.ready !== "True" && observed === "True") {
        this.timeline(node).notReadyAtMs.push(now);
        this.ctx.log.record(now, "Normal", "NodeNotReady", `node/${node.name}`, `Node ${node.name} status is now: NodeNotReady`);
        this.markPodsNotReady(node, now);
      }
    }
    this.handleDisruption(now);
    const kept: number[] = [];
    for (const idx of this.watched) {
      const node = state.nodes[idx]!;
      if (!this.stillWatched(node)) continue;
      if (this.parkable(node)) this.parked.add(idx);
      else kept.push(idx);
    }
    // Rebuild the set only when a node left the list.
    if (kept.length !== this.watched.length) {
      this.watched = kept;
      this.watchedSet.clear();
      for (const i of this.watched) this.watchedSet.add(i);
    }
    this.scheduleTaintingPass(now);
  }

  private processTaintBaseEviction(node: SimNode, observed: ConditionStatus, now: number): void {
    if (observed === "True") {
      this.markNodeAsReachable(node);
      return;
    }
    const key = taintKeyFor(observed);
    const opposite = oppositeTaintKey(key);
    if (taintExists(node.node.spec?.taints, opposite, "NoExecute")) {
      // "We want to update the taint straight away if Node is already tainted with the opposite taint."
      this.swapNoExecuteTaint(node, key, now);
      return;
    }
    const tainter = this.tainters.get(node.zoneKey)!;
    if (observed === "False" && !taintExists(node.node.spec?.taints, TAINT_NOT_READY, "NoExecute")) tainter.remove(node.idx);
    tainter.add(node.idx, now);
  }

  /** markNodeAsReachable: remove both NoExecute taints and forget the node in its zone's queue. */
  private markNodeAsReachable(node: SimNode): void {
    const before = node.node.spec?.taints ?? [];
    const after = withoutTaint(withoutTaint(before, TAINT_UNREACHABLE, "NoExecute"), TAINT_NOT_READY, "NoExecute");
    if (after.length !== before.length) this.setTaints(node, after);
    if (this.tainters.get(node.zoneKey)!.remove(node.idx) && this.parked.has(node.idx)) this.watch(node.idx);
  }

  private swapNoExecuteTaint(node: SimNode, key: string, now: number): void {
    const before = node.node.spec?.taints ?? [];
    const taint: Taint = { key, effect: "NoExecute", timeAdded: formatTimeMs(SIM_EPOCH_MS + now) };
    this.setTaints(node, withTaint(withoutTaint(before, oppositeTaintKey(key), "NoExecute"), taint));
    this.timeline(node).noExecuteTaintedAtMs.push(now);
  }

  /** The node's spec changed (kubectl cordon): the node update queue runs doNoScheduleTaintingPass at once. */
  nodeSpecChanged(node: SimNode): void {
    this.syncNoScheduleTaint(node);
  }

  /**
   * doNoScheduleTaintingPass: the NoSchedule taints mirror the Ready condition and spec.unschedulable
   * (`node.kubernetes.io/unschedulable:NoSchedule`); an existing matching taint is kept as it is.
   */
  private syncNoScheduleTaint(node: SimNode): void {
    const before = node.node.spec?.taints ?? [];
    let after = withoutTaint(withoutTaint(withoutTaint(before, TAINT_UNREACHABLE, "NoSchedule"), TAINT_NOT_READY, "NoSchedule"), TAINT_UNSCHEDULABLE, "NoSchedule");
    if (node.ready !== "True") after = [...after, { key: taintKeyFor(node.ready), effect: "NoSchedule" }];
    if (node.node.spec?.unschedulable) {
      const kept = before.find((t) => t.key === TAINT_UNSCHEDULABLE && t.effect === "NoSchedule");
      after = [...after, kept ?? { key: TAINT_UNSCHEDULABLE, effect: "NoSchedule", timeAdded: formatTimeMs(SIM_EPOCH_MS + this.ctx.clock.nowMs) }];
    }
    const same = after.length === before.length && after.every((t) => taintExists(before, t.key, t.effect));
    if (!same) this.setTaints(node, after);
  }

  private setTaints(node: SimNode, taints: Taint[]): void {
    const before = node.node.spec?.taints ?? [];
    this.ctx.state.setNodeTaints(node, taints);
    if (this.parked.has(node.idx)) this.watch(node.idx);
    this.hooks.taintsChanged(node, before);
  }

  /** MarkPodsNotReady (pkg/controller/util/node): every Ready pod on the node gets Ready=False. */
  private markPodsNotReady(node: SimNode, now: number): void {
    const { state, log } = this.ctx;
    for (const podIdx of node.pods.slice().sort((a, b) => a - b)) {
      const p = state.pods[podIdx]!;
      if (!p.ready) continue;
      state.mutatePod(p, (x) => {
        x.ready = false;
        x.available = false;
        x.readyTransitionMs = now;
      });
      if (log.enabled) log.record(now, "Warning", "NodeNotReady", `pod/${p.name}`, "Node is not ready", p.namespace);
    }
  }

  private handleDisruption(now: number): void {
    const { state, settings } = this.ctx;
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const key of this.zoneKeys) {
      const size = this.zoneSizes.get(key) ?? 0;
      if (size === 0) continue;
      let ready = state.zones.get(key)!.readyNodes;
      for (const i of this.excludedByZone.get(key) ?? []) if (state.nodes[i]!.ready === "True") ready--;
      const s = computeZoneState(ready, size - ready, settings.unhealthyZoneThreshold);
      if (s !== "FullDisruption") allAreFullyDisrupted = false;
      newStates.set(key, s);
    }
    let allWasFullyDisrupted = true;
    for (const key of newStates.keys()) if (this.zoneStates.get(key) !== "FullDisruption") allWasFullyDisrupted = false;
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      this.note(now, "Controller detected that all Nodes are not-Ready. Entering master disruption mode");
      for (const n of state.nodes) this.markNodeAsReachable(n);
      for (const key of newStates.keys()) {
        this.tainters.get(key)!.swapLimiter(0, now);
        this.zoneStates.set(key, "FullDisruption");
      }
      return;
    }
    if (allWasFullyDisrupted && newStates.size > 0) {
      this.note(now, "Controller detected that some Nodes are Ready. Exiting master disruption mode");
      // Every node gets a fresh grace period.
      for (const n of state.nodes) n.probeMs = now;
      for (const [key, s] of newStates) this.setZoneState(key, s, now, true);
      return;
    }
    for (const [key, s] of newStates) if (this.zoneStates.get(key) !== s) this.setZoneState(key, s, now, false);
  }

  private setZoneState(key: string, s: ZoneState, now: number, quiet: boolean): void {
    const size = this.zoneSizes.get(key) ?? 0;
    this.tainters.get(key)!.swapLimiter(zoneEvictionQps(s, size, this.ctx.settings), now);
    const old = this.zoneStates.get(key);
    this.zoneStates.set(key, s);
    if (!quiet && old !== "Initial") {
      this.note(now, `Controller detected that zone ${printableZone(key)} is now in state ${s}`);
    }
  }

  private scheduleTaintingPass(now: number): void {
    let next = Number.POSITIVE_INFINITY;
    for (const key of this.zoneKeys) next = Math.min(next, this.tainters.get(key)!.nextUsefulMs(now));
    if (!Number.isFinite(next)) return;
    // doNoExecuteTaintingPass runs on a fixed period; round up to its grid.
    const period = this.ctx.settings.nodeEvictionPeriodMs;
    const at = Math.ceil(next / period) * period;
    if (at >= this.taintingPassAtMs && this.taintingPassAtMs >= now) return;
    this.taintingPassAtMs = at;
    this.ctx.queue.push(at, SimPriority.tainting, () => {
      if (this.taintingPassAtMs !== at) return;
      this.taintingPassAtMs = Number.POSITIVE_INFINITY;
      this.doNoExecuteTaintingPass(this.ctx.clock.nowMs);
    });
  }

  private doNoExecuteTaintingPass(now: number): void {
    const { state } = this.ctx;
    for (const key of this.zoneKeys) {
      this.tainters.get(key)!.try(now, (idx) => {
        const node = state.nodes[idx]!;
        // The node is Ready again: nothing to taint (the token is spent all the same).
        if (node.ready === "True") return true;
        this.swapNoExecuteTaint(node, taintKeyFor(node.ready), now);
        this.watch(idx);
        return true;
      });
    }
    this.scheduleTaintingPass(now);
  }

  /** Zone state and limiter rate, for results and tests. */
  zoneStatus(zoneKey: string): { state: ZoneState; qps: number; queued: number } {
    const t = this.tainters.get(zoneKey);
    return { state: this.zoneStates.get(zoneKey) ?? "Initial", qps: t?.qps ?? 0, queued: t?.queuedCount ?? 0 };
  }

  private watch(idx: number): void {
    this.parked.delete(idx);
    if (this.watchedSet.has(idx)) return;
    this.watchedSet.add(idx);
    // Binary insertion keeps the processing order fixed and independent of when nodes failed.
    const r = this.rank[idx]!;
    let lo = 0;
    let hi = this.watched.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rank[this.watched[mid]!]! < r) lo = mid + 1;
      else hi = mid;
    }
    this.watched.splice(lo, 0, idx);
  }

  /**
   * The next pass would change nothing for this node: the kubelet is down and Ready is already Unknown (no
   * transition, no event), the node is in its zone's dedup set (`add` is a no-op) and has no NoExecute
   * not-ready taint to swap. Only the controller changes any of these, and each change calls `watch`.
   */
  private parkable(n: SimNode): boolean {
    return !n.kubeletUp && n.ready === "Unknown" && this.tainters.get(n.zoneKey)!.has(n.idx) && !taintExists(n.node.spec?.taints, TAINT_NOT_READY, "NoExecute");
  }

  private stillWatched(n: SimNode): boolean {
    return !n.kubeletUp || n.ready !== "True" || (n.node.spec?.taints ?? []).some(isControllerTaint);
  }

  private timeline(node: SimNode): NodeTimeline {
    let t = this.timelines.get(node.idx);
    if (!t) this.timelines.set(node.idx, (t = { node: node.name, notReadyAtMs: [], noExecuteTaintedAtMs: [], readyAgainAtMs: [] }));
    return t;
  }

  private note(atMs: number, message: string): void {
    this.ctx.notes.push({ atMs, component: "node-lifecycle-controller", message });
  }
}
