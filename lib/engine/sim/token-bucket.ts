/**
 * client-go's token bucket (`flowcontrol.NewTokenBucketRateLimiter(qps, burst)`, golang.org/x/time/rate
 * underneath) on the virtual clock, written as GCRA: `tatMs` is the theoretical arrival time of the next
 * request; a request at t may go when t >= tatMs - (burst - 1) * interval. The bucket starts full (burst
 * tokens), as client-go's does. A qps <= 0 limiter never admits (`NewFakeNeverRateLimiter`).
 */
export class TokenBucket {
  readonly qps: number;
  readonly burst: number;
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private tatMs = Number.NEGATIVE_INFINITY;

  constructor(qps: number, burst: number) {
    this.qps = qps;
    this.burst = Math.max(1, burst);
    this.intervalMs = qps > 0 ? 1000 / qps : Number.POSITIVE_INFINITY;
    this.toleranceMs = (this.burst - 1) * this.intervalMs;
  }

  get never(): boolean {
    return !(this.qps > 0);
  }

  /** `TryAccept`: take a token now if one is available. */
  tryAccept(nowMs: number): boolean {
    if (this.never) return false;
    const tat = Math.max(this.tatMs, nowMs);
    if (tat - this.toleranceMs > nowMs + 1e-6) return false;
    this.tatMs = tat + this.intervalMs;
    return true;
  }

  /** The first integer millisecond at or after `nowMs` at which `tryAccept` would succeed (Infinity if never). */
  nextAvailableMs(nowMs: number): number {
    if (this.never) return Number.POSITIVE_INFINITY;
    return Math.max(nowMs, Math.ceil(this.tatMs - this.toleranceMs - 1e-6));
  }

  /**
   * `Wait`/`Reserve`: a blocking API client call issued at `nowMs` proceeds at the returned integer ms;
   * the token is taken now, so successive calls queue up behind each other at `qps`.
   */
  reserve(nowMs: number): number {
    if (this.never) return Number.POSITIVE_INFINITY;
    const at = this.nextAvailableMs(nowMs);
    this.tatMs = Math.max(this.tatMs, at) + this.intervalMs;
    return at;
  }
}
