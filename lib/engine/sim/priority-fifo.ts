/**
 * kube-scheduler's activeQ order (PrioritySort: higher priority first, then the earlier queue time) for a
 * queue whose items arrive in queue-time order: one first-in-first-out list per priority. It pops exactly what
 * a heap ordered by (priority descending, arrival ascending) pops, in O(1) instead of O(log n) per operation
 * and without an entry object per push (a 5-minute flush during an outage re-queues 50,000 pods).
 */
export class PriorityFifo<T> {
  private readonly buckets = new Map<number, { items: T[]; head: number }>();
  /** Priorities with queued items, highest first (a handful at most: PriorityClasses). */
  private priorities: number[] = [];
  size = 0;

  push(priority: number, item: T): void {
    let b = this.buckets.get(priority);
    if (!b) {
      this.buckets.set(priority, (b = { items: [], head: 0 }));
      let i = 0;
      while (i < this.priorities.length && this.priorities[i]! > priority) i++;
      this.priorities.splice(i, 0, priority);
    }
    b.items.push(item);
    this.size++;
  }

  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const priority = this.priorities[0]!;
    const b = this.buckets.get(priority)!;
    const item = b.items[b.head++]!;
    this.size--;
    if (b.head === b.items.length) {
      this.buckets.delete(priority);
      this.priorities.shift();
    } else if (b.head > 1024 && b.head * 2 > b.items.length) {
      // Drop the consumed prefix now and then, so a long-lived bucket does not keep every item it ever held.
      b.items = b.items.slice(b.head);
      b.head = 0;
    }
    return item;
  }
}
