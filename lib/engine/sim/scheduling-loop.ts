/**
 * kube-scheduler's queue and binding on the virtual clock (pkg/scheduler/backend/queue/scheduling_queue.go):
 * - activeQ in PrioritySort order (spec.priority, then queue time);
 * - a pod that does not fit goes to unschedulablePods, with a FailedScheduling event carrying the scheduler's
 *   message; it is moved back by cluster events that can make it schedulable (node added / recovered / taint
 *   removed, an assigned pod deleted; a pod of its own workload bound, as PodTopologySpread's hint does) and in
 *   any case after podMaxInUnschedulablePodsDuration (5 min, checked every 30 s), respecting its backoff
 *   (1 s doubling to 10 s);
 * - a placed pod is assumed at once (the next decision sees it) and its Binding goes through the scheduler's
 *   client rate limiter (QPS 50 / burst 100), so nodeName is set, and the kubelet starts, when the call completes.
 *
 * Pods of one ReplicaSet are identical to the scheduler; once one fails, its siblings fail with the same
 * message without a second cycle until an event relevant to that workload happens (./failure-memo). This is
 * exact and keeps a zone outage with 50,000 unschedulable replacements cheap; the same relevance decides
 * which unschedulable pods a pod deletion moves back (queueing hints).
 */
import type { Pod, ReplicaSet, Taint } from "../../k8s/types";
import type { SimApi } from "./api";
import { FailureMemo } from "./failure-memo";
import { SIM_EPOCH_MS, type SimContext } from "./context";
import { formatTimeMs } from "../util/time";
import { MinHeap } from "./heap";
import { PriorityFifo } from "./priority-fifo";
import { SimPriority } from "./queue";
import type { SchedulerPort } from "./scheduler-port";
import type { SimNode, SimPod } from "./state";
import type { TokenBucket } from "./token-bucket";
import { ensure, GroupedIntLists, IntFlags, OrderedIntMap } from "../util/ordered-int-set";

export class SchedulingLoop {
  /** Pods enter in queue-time order, so per-priority FIFOs give PrioritySort's order. */
  private readonly activeQ = new PriorityFifo<SimPod>();
  private readonly backoffQ = new MinHeap<{ pod: SimPod; readyAtMs: number; seq: number }>((a, b) => a.readyAtMs < b.readyAtMs || (a.readyAtMs === b.readyAtMs && a.seq < b.seq));
  /** Unschedulable pods (by index) and since when; insertion order is time order (a pod leaves before it re-enters). */
  private readonly unschedulable = new OrderedIntMap();
  /** The same pods by ReplicaSet index (-1: pods without one), each group in the order they entered. */
  private readonly unschedulableByGroup = new GroupedIntLists();
  /** Scheduling attempts since the pod was last bound (0: none) and when the last one was, by pod index. */
  private readonly attemptCount: number[] = [];
  private readonly attemptLastMs: number[] = [];
  private readonly inQueue = new IntFlags();
  /** spec.priority by pod index, for every pod ever queued (a dense read for the flush's due pods). */
  private readonly priorityOf: number[] = [];
  private readonly memo: FailureMemo;
  private seq = 0;
  private runAtMs = Number.POSITIVE_INFINITY;
  private flushScheduled = false;
  /** Pods assumed but whose Binding has not completed yet. */
  private readonly binding = new Set<number>();

  constructor(
    private readonly ctx: SimContext,
    private readonly api: SimApi,
    private readonly scheduler: SchedulerPort,
    private readonly client: TokenBucket,
    private readonly memoize = true,
  ) {
    this.memo = new FailureMemo(ctx.state);
    api.listen({
      podAdded: (p) => {
        // (a created pod starts in activeQ)
        if (p.nodeIdx < 0 && p.deletionMs === null) this.enqueue(p);
      },
      podTerminating: (p) => {
        // kube-scheduler's cache keeps a terminating pod on its node until it is gone: NodeResourcesFit still
        // counts its requests (a recovered node is not refilled while its evicted pods shut down), while
        // PodTopologySpread skips terminating pods. An assumed pod whose binding is still in flight is forgotten.
        if (p.nodeIdx >= 0) this.markTerminating(p);
        else if (this.binding.has(p.idx)) this.forget(p);
      },
      podRemoved: (p) => {
        this.leaveUnschedulable(p.idx);
        if (p.nodeIdx >= 0 || this.binding.has(p.idx)) {
          this.forget(p);
          this.moveHelped(p);
        }
      },
      podBound: (p) => this.moveGroup(p.rsIdx),
    });
  }

  /** A ReplicaSet was created (a rollout's): the scheduler's informer sees it (default spreading reads its selector). */
  replicaSetAdded(rs: ReplicaSet): void {
    this.scheduler.addReplicaSet?.(rs);
    this.memo.replicaSetAdded();
  }

  /** Node taints changed (`before` the previous list); `relaxed` when the change can make pods schedulable. */
  nodeUpdated(node: SimNode, relaxed: boolean, before?: readonly Taint[]): void {
    this.scheduler.updateNode(node.node);
    if (before) this.memo.nodeTaintsChanged(before, node.node.spec?.taints ?? [], node.node.metadata.labels ?? {});
    else this.memo.nodeChanged();
    if (relaxed) this.moveAll();
  }

  /** The scheduler's copy of the pod gets its deletionTimestamp; memos that its spread counts fed are dropped. */
  private markTerminating(p: SimPod): void {
    const at = formatTimeMs(SIM_EPOCH_MS + (p.deletionMs ?? this.ctx.clock.nowMs));
    // The same object as { ...pod, metadata: { ...metadata, deletionTimestamp } }: Object.assign copies an
    // object several times faster than a spread does here (an outage marks tens of thousands of pods).
    const metadata = Object.assign({}, p.pod.metadata);
    metadata.deletionTimestamp = at;
    const pod = Object.assign({}, p.pod);
    pod.metadata = metadata;
    if (!this.scheduler.markTerminating?.(pod, p.key)) this.scheduler.bind(pod, this.ctx.state.nodes[p.nodeIdx]!.name);
    this.memo.podLeft(p, []);
  }

  /** The pod no longer counts for the scheduler (gone, or its binding abandoned): drop the memos it may affect. */
  private forget(p: SimPod): void {
    this.scheduler.removePod(p.pod, p.key);
    this.memo.podLeft(p, []);
  }

  /** An assigned pod was deleted: move back the unschedulable workloads it may help (queueing hints). */
  private moveHelped(p: SimPod): void {
    if (this.unschedulable.size === 0) return;
    // Pods without a workload have no memo or facts: any deletion may help them.
    for (const podIdx of this.unschedulableByGroup.members(-1)) this.moveOne(podIdx);
    for (const g of this.memo.podLeft(p, this.unschedulableByGroup.groups().filter((g) => g >= 0))) this.moveGroup(g);
  }

  private enqueue(p: SimPod): void {
    if (this.inQueue.has(p.idx)) return;
    this.inQueue.add(p.idx);
    const priority = p.pod.spec.priority ?? 0;
    ensure(this.priorityOf, p.idx);
    this.priorityOf[p.idx] = priority;
    this.activeQ.push(priority, p);
    this.kick(this.ctx.clock.nowMs);
  }

  private kick(atMs: number): void {
    if (atMs >= this.runAtMs && this.runAtMs >= this.ctx.clock.nowMs) return;
    this.runAtMs = atMs;
    this.ctx.queue.push(atMs, SimPriority.scheduling, () => {
      if (this.runAtMs !== atMs) return;
      this.runAtMs = Number.POSITIVE_INFINITY;
      this.run();
    });
  }

  private backoffMs(podIdx: number): number {
    const count = this.attemptCount[podIdx] ?? 0;
    if (count === 0) return 0;
    const { podInitialBackoffMs, podMaxBackoffMs } = this.ctx.settings;
    return Math.min(podMaxBackoffMs, podInitialBackoffMs * 2 ** Math.max(0, count - 1));
  }

  private leaveUnschedulable(podIdx: number): void {
    if (!this.unschedulable.delete(podIdx)) return;
    this.unschedulableByGroup.delete(podIdx);
  }

  /** Unschedulable pods by ReplicaSet index; -1 holds the pods without one. */
  private enterUnschedulable(p: SimPod, now: number): void {
    this.unschedulable.set(p.idx, now);
    this.unschedulableByGroup.add(p.rsIdx, p.idx);
  }

  private moveOne(podIdx: number): void {
    this.leaveUnschedulable(podIdx);
    const p = this.ctx.state.pods[podIdx]!;
    const readyAt = (this.attemptCount[podIdx] ?? 0) > 0 ? this.attemptLastMs[podIdx]! + this.backoffMs(podIdx) : 0;
    const now = this.ctx.clock.nowMs;
    if (readyAt <= now) this.enqueue(p);
    else {
      this.inQueue.add(podIdx);
      this.backoffQ.push({ pod: p, readyAtMs: readyAt, seq: this.seq++ });
      this.kick(readyAt);
    }
  }

  private moveAll(): void {
    if (this.unschedulable.size === 0) return;
    for (const podIdx of this.unschedulable.keys()) this.moveOne(podIdx);
  }

  private moveGroup(rsIdx: number): void {
    if (rsIdx < 0) return;
    for (const podIdx of this.unschedulableByGroup.members(rsIdx)) this.moveOne(podIdx);
  }

  private run(): void {
    const now = this.ctx.clock.nowMs;
    while (this.backoffQ.size > 0 && this.backoffQ.peek()!.readyAtMs <= now) {
      const b = this.backoffQ.pop()!;
      this.inQueue.delete(b.pod.idx);
      this.enqueue(b.pod);
    }
    while (this.activeQ.size > 0) {
      const p = this.activeQ.pop()!;
      this.inQueue.delete(p.idx);
      if (p.removed || p.deletionMs !== null || p.nodeIdx >= 0 || this.binding.has(p.idx)) continue;
      this.attemptOne(p, now);
    }
    if (this.backoffQ.size > 0) this.kick(this.backoffQ.peek()!.readyAtMs);
    if (this.unschedulable.size > 0) this.scheduleFlush();
  }

  private attemptOne(p: SimPod, now: number): void {
    const memo = p.rsIdx >= 0 && this.memoize ? this.memo.get(p.rsIdx) : undefined;
    let nodeName: string | null;
    let message: string;
    if (memo !== undefined) {
      nodeName = null;
      message = memo;
    } else {
      ({ nodeName, message } = this.scheduler.schedule(p.pod, p.key));
    }
    ensure(this.attemptCount, p.idx);
    ensure(this.attemptLastMs, p.idx);
    this.attemptCount[p.idx]!++;
    this.attemptLastMs[p.idx] = now;
    if (nodeName === null) {
      // A memo hit is already the workload's valid entry with this message: setting it again changes nothing
      // (a flush retries tens of thousands of pods every 5 minutes during an outage).
      if (p.rsIdx >= 0 && memo === undefined) this.memo.set(p.rsIdx, p.pod, message);
      this.failed(p, message, now);
      return;
    }
    const nodeIdx = this.ctx.state.nodeByName.get(nodeName)!;
    const resourceFit = this.scheduler.resourceFit?.bind(this.scheduler);
    if (resourceFit) {
      const fit = (pod: Pod) => resourceFit(pod, nodeName);
      const probe = this.memo.beforeAssume(p, fit);
      this.scheduler.bind(p.pod, nodeName);
      this.memo.afterAssume(probe, fit);
    } else {
      this.scheduler.bind(p.pod, nodeName);
      this.memo.podAssumed();
    }
    this.attemptCount[p.idx] = 0;
    this.binding.add(p.idx);
    const at = this.client.reserve(now);
    const complete = () => {
      this.binding.delete(p.idx);
      if (p.removed || p.deletionMs !== null) return;
      if (this.ctx.log.enabled) this.ctx.log.record(this.ctx.clock.nowMs, "Normal", "Scheduled", `pod/${p.name}`, `Successfully assigned ${p.namespace}/${p.name} to ${nodeName}`, p.namespace);
      this.api.bindPod(p, nodeIdx);
    };
    if (at === now) complete();
    else this.ctx.queue.push(at, SimPriority.apiCompletion, complete);
  }

  /** The attempt failed with `message`: a FailedScheduling event when the message is new, back to unschedulablePods. */
  private failed(p: SimPod, message: string, now: number): void {
    if (p.pendingMessage !== message) this.noteFailure(p, message, now);
    this.enterUnschedulable(p, now);
  }

  private noteFailure(p: SimPod, message: string, now: number): void {
    this.ctx.log.record(now, "Warning", "FailedScheduling", `pod/${p.name}`, message, p.namespace);
    this.ctx.state.mutatePod(p, (x) => (x.pendingMessage = message));
  }

  /**
   * The flush's due pods, retried in the flush itself for as long as each is a failure-memo hit; the rest go
   * through moveOne and the next cycle as usual. Exact when the cycle would have popped exactly these pods in
   * this order: activeQ empty, nothing in backoffQ ready now, one priority among them (then activeQ's order is
   * the order they were moved in). A memo hit changes nothing the next attempt reads, so the hits before the
   * first miss are what the cycle would have done with them (count, time and the pod's place at the end of
   * unschedulablePods), without a trip through activeQ each: a 6-hour outage retries 50,000 pods every 5 min.
   * Returns how many of `due` it retried.
   */
  private retryFromMemo(due: readonly number[], now: number): number {
    if (!this.memoize || due.length === 0 || this.activeQ.size > 0) return 0;
    if (this.backoffQ.size > 0 && this.backoffQ.peek()!.readyAtMs <= now) return 0;
    const pods = this.ctx.state.pods;
    const priorityOf = this.priorityOf;
    const priority = priorityOf[due[0]!]!;
    for (const podIdx of due) if (priorityOf[podIdx] !== priority) return 0;
    const maxBackoffMs = this.ctx.settings.podMaxBackoffMs;
    let k = 0;
    for (; k < due.length; k++) {
      const podIdx = due[k]!;
      const p = pods[podIdx]!;
      const message = this.memo.get(p.rsIdx);
      if (message === undefined || p.removed || p.deletionMs !== null || p.nodeIdx >= 0 || this.binding.has(podIdx)) break;
      // Still in backoff (settings where the backoff outlasts the 5 minutes): moveOne parks it.
      const last = this.attemptLastMs[podIdx]!;
      if (last + maxBackoffMs > now && last + this.backoffMs(podIdx) > now) break;
      this.attemptCount[podIdx]!++;
      this.attemptLastMs[podIdx] = now;
      if (p.pendingMessage !== message) this.noteFailure(p, message, now);
    }
    // Back to unschedulablePods, at the end and in this order, as leaving and entering one by one would do
    // (the due pods are the front of unschedulablePods, and of each workload's list).
    this.unschedulable.rotateFront(k, now);
    this.unschedulableByGroup.moveToEnd(due, k);
    return k;
  }

  /** flushUnschedulablePodsLeftover: pods unschedulable for longer than podMaxInUnschedulablePodsDuration. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const { unschedulableFlushPeriodMs } = this.ctx.settings;
    const now = this.ctx.clock.nowMs;
    const at = (Math.floor(now / unschedulableFlushPeriodMs) + 1) * unschedulableFlushPeriodMs;
    this.ctx.queue.push(at, SimPriority.scheduling, () => {
      this.flushScheduled = false;
      const t = this.ctx.clock.nowMs;
      const limit = this.ctx.settings.podMaxInUnschedulablePodsDurationMs;
      const due: number[] = [];
      this.unschedulable.forEach((podIdx, since) => {
        if (t - since <= limit) return false;
        due.push(podIdx);
        return true;
      });
      const retried = this.retryFromMemo(due, t);
      for (let k = retried; k < due.length; k++) this.moveOne(due[k]!);
      // The scheduling cycle those pods were moved for still runs (an event of the run like any other).
      if (retried > 0) this.kick(t);
      if (this.unschedulable.size > 0) this.scheduleFlush();
    });
  }

  get unschedulableCount(): number {
    return this.unschedulable.size;
  }
}
