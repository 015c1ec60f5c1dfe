/**
 * The discrete-event queue: a binary min-heap totally ordered by (timeMs, priority, seq).
 *
 * `seq` is the insertion counter, so two events at the same virtual millisecond and priority run in the order
 * they were scheduled: the order never depends on heap internals, which is what makes a run byte-identical for
 * a seed. Priorities encode Kubernetes' causality inside one millisecond (see SimPriority). A heap rather than
 * a sorted array because a zone outage at W4 scale schedules ~10^5 events.
 */

/**
 * Within one millisecond: the world changes first (scenario, kubelet), then the controllers observe it, then
 * the API calls they issued complete, then the Deployment controller and the ReplicaSet controller sync (in
 * that order: a Deployment's ReplicaSet update is carried out by the ReplicaSet controller in the same
 * millisecond), then the scheduler runs, and the recorder samples last.
 */
export const SimPriority = {
  scenario: 0,
  kubelet: 10,
  nodeMonitor: 20,
  tainting: 30,
  taintEviction: 40,
  apiCompletion: 50,
  deploymentSync: 55,
  replicaSetSync: 60,
  scheduling: 70,
  recorder: 90,
} as const;

export interface SimEventEntry {
  readonly timeMs: number;
  readonly priority: number;
  readonly seq: number;
  readonly run: () => void;
}

export class EventQueue {
  private heap: SimEventEntry[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `run` at `timeMs` (integer ms). Returns the entry's seq. */
  push(timeMs: number, priority: number, run: () => void): number {
    if (!Number.isInteger(timeMs)) throw new RangeError(`event time must be integer ms, got ${timeMs}`);
    const entry: SimEventEntry = { timeMs, priority, seq: this.nextSeq++, run };
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(entry, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = entry;
    return entry.seq;
  }

  peek(): SimEventEntry | undefined {
    return this.heap[0];
  }

  pop(): SimEventEntry | undefined {
    const h = this.heap;
    const top = h[0];
    if (top === undefined) return undefined;
    const last = h.pop()!;
    if (h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(h[r]!, h[l]!) ? r : l;
      if (!less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

function less(a: SimEventEntry, b: SimEventEntry): boolean {
  if (a.timeMs !== b.timeMs) return a.timeMs < b.timeMs;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
