/**
 * A scheduling queue (pkg/scheduler/backend/queue, simplified): pending pods leave the active queue in
 * PrioritySort order (higher `spec.priority` first, then the order they were added); pods that do not fit
 * wait in the unschedulable set until a cluster change moves them back (`moveAllToActiveQueue`, as the real
 * queue does on node/pod events; we do not filter by the plugins' queueing hints, which can only make the real
 * scheduler retry fewer pods, never decide differently).
 */
import type { Pod } from "../../k8s/types";
import type { ScheduleResult } from "./schedule-one";
import { podKey, type ScheduleOptions, type Scheduler } from "./scheduler";

export interface QueuedPod {
  pod: Pod;
  seq: number;
}

export interface QueueRunResult {
  scheduled: { pod: Pod; nodeName: string; result: ScheduleResult }[];
  unschedulable: { pod: Pod; result: ScheduleResult }[];
}

function less(a: QueuedPod, b: QueuedPod): number {
  const pa = a.pod.spec.priority ?? 0;
  const pb = b.pod.spec.priority ?? 0;
  return pb - pa || a.seq - b.seq;
}

export class SchedulingQueue {
  private active: QueuedPod[] = [];
  private readonly unschedulable = new Map<string, QueuedPod & { result: ScheduleResult }>();
  private seq = 0;

  constructor(private readonly scheduler: Scheduler) {}

  add(pod: Pod): void {
    this.active.push({ pod, seq: this.seq++ });
  }

  /** Removes a pending pod (deleted before it was scheduled). */
  delete(pod: Pod | string): void {
    const k = podKey(pod);
    this.active = this.active.filter((q) => podKey(q.pod) !== k);
    this.unschedulable.delete(k);
  }

  get pendingCount(): number {
    return this.active.length + this.unschedulable.size;
  }

  /** Pods waiting for a cluster change, with their last FailedScheduling result. */
  unschedulablePods(): { pod: Pod; result: ScheduleResult }[] {
    return [...this.unschedulable.values()].sort((a, b) => a.seq - b.seq).map(({ pod, result }) => ({ pod, result }));
  }

  /** A cluster change (node added/updated, pod deleted, ...) may make waiting pods schedulable. */
  moveAllToActiveQueue(): void {
    for (const q of this.unschedulable.values()) this.active.push({ pod: q.pod, seq: q.seq });
    this.unschedulable.clear();
  }

  /** Schedules (and binds) every pod of the active queue, in queue order. */
  run(opts: ScheduleOptions = {}): QueueRunResult {
    const out: QueueRunResult = { scheduled: [], unschedulable: [] };
    this.active.sort(less);
    const batch = this.active;
    this.active = [];
    for (const q of batch) {
      const result = this.scheduler.scheduleAndBind(q.pod, opts);
      if (result.nodeName !== null) out.scheduled.push({ pod: q.pod, nodeName: result.nodeName, result });
      else {
        this.unschedulable.set(podKey(q.pod), { ...q, result });
        out.unschedulable.push({ pod: q.pod, result });
      }
    }
    return out;
  }
}

/** Schedules a list of pending pods in queue order on the scheduler (binding each placed pod). */
export function scheduleAll(scheduler: Scheduler, pods: readonly Pod[], opts: ScheduleOptions = {}): QueueRunResult {
  const q = new SchedulingQueue(scheduler);
  for (const p of pods) q.add(p);
  return q.run(opts);
}
