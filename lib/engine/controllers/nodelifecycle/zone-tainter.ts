/**
 * `scheduler.RateLimitedTimedQueue` (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go): the per-zone
 * queue of nodes waiting for their NoExecute taint, drained by `Try` under a token bucket with burst 1.
 *
 * Kept upstream's quirks because they shape the timings: `Add` is a no-op while the node is in the dedup set,
 * and a processed node leaves the queue but STAYS in the set (`RemoveFromQueue`) until `Remove`
 * (markNodeAsReachable) forgets it; `Try` takes a token before looking at the head; `SwapLimiter` is a no-op for
 * an equal QPS and otherwise "drains" the new bucket when the old one had no token left.
 */
import { TokenBucket } from "../../sim/token-bucket";

/** scheduler.EvictionRateLimiterBurst. */
export const EVICTION_RATE_LIMITER_BURST = 1;

interface Item {
  node: number;
  processAtMs: number;
  seq: number;
}

export class ZoneTainter {
  private limiter: TokenBucket;
  private queue: Item[] = [];
  private readonly set = new Set<number>();
  private seq = 0;

  constructor(qps: number) {
    this.limiter = new TokenBucket(qps, EVICTION_RATE_LIMITER_BURST);
  }

  get qps(): number {
    return this.limiter.never ? 0 : this.limiter.qps;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  add(node: number, nowMs: number): boolean {
    if (this.set.has(node)) return false;
    this.set.add(node);
    this.insert({ node, processAtMs: nowMs, seq: this.seq++ });
    return true;
  }

  /**
   * Keeps the queue sorted by (processAtMs, seq), so the head is the first item: the tainting pass runs every
   * 100 ms over queues of a whole failed zone (1,667 nodes at W4 scale), which a scan for the minimum made
   * quadratic. Items nearly always go last (added now, or retried at now + 1): the search starts at the end.
   */
  private insert(item: Item): void {
    const q = this.queue;
    let i = q.length;
    while (i > 0 && (q[i - 1]!.processAtMs > item.processAtMs || (q[i - 1]!.processAtMs === item.processAtMs && q[i - 1]!.seq > item.seq))) i--;
    if (i === q.length) q.push(item);
    else q.splice(i, 0, item);
  }

  /** In the dedup set: queued, or processed and not yet forgotten (`add` is then a no-op). */
  has(node: number): boolean {
    return this.set.has(node);
  }

  /** Forget the node entirely (it may be added again). */
  remove(node: number): boolean {
    if (!this.set.delete(node)) return false;
    this.queue = this.queue.filter((i) => i.node !== node);
    return true;
  }

  /** `Try`: process queued nodes while tokens last; `fn` returns false to retry the node later. */
  try(nowMs: number, fn: (node: number) => boolean): void {
    while (this.queue.length > 0) {
      if (!this.limiter.tryAccept(nowMs)) break;
      const item = this.queue[0]!;
      if (nowMs < item.processAtMs) break;
      this.queue.shift();
      if (!fn(item.node)) {
        item.processAtMs = nowMs + 1;
        item.seq = this.seq++;
        this.insert(item);
      }
    }
  }

  /** When the next `try` could do anything: a token available and a non-empty queue (Infinity otherwise). */
  nextUsefulMs(nowMs: number): number {
    if (this.queue.length === 0) return Number.POSITIVE_INFINITY;
    return Math.max(this.limiter.nextAvailableMs(nowMs), this.queue[0]!.processAtMs);
  }

  swapLimiter(newQps: number, nowMs: number): void {
    if (this.qps === newQps) return;
    const next = new TokenBucket(newQps > 0 ? newQps : 0, EVICTION_RATE_LIMITER_BURST);
    if (newQps > 0 && !this.limiter.tryAccept(nowMs)) next.tryAccept(nowMs);
    this.limiter = next;
  }
}
