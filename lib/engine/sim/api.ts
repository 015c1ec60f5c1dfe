/**
 * The simulated API server's pod verbs and the informer fan-out: every component that reacts to pods
 * (ReplicaSet controller, scheduler, taint eviction, kubelet) registers a listener, and every change goes
 * through here, so the order in which components hear about a change is fixed (registration order).
 */
import type { SimContext } from "./context";
import type { NewSimPod, SimPod } from "./state";

export interface PodListener {
  podAdded?(p: SimPod): void;
  podBound?(p: SimPod): void;
  /** deletionTimestamp was set (graceful deletion began). */
  podTerminating?(p: SimPod): void;
  /** The object is gone. */
  podRemoved?(p: SimPod): void;
}

export class SimApi {
  private readonly listeners: PodListener[] = [];
  constructor(private readonly ctx: SimContext) {}

  listen(l: PodListener): void {
    this.listeners.push(l);
  }

  createPod(p: NewSimPod): SimPod {
    const pod = this.ctx.state.addPod(p);
    for (const l of this.listeners) l.podAdded?.(pod);
    return pod;
  }

  /** A pod the store already held when the listeners registered (the loaded t = 0): heard as createPod's. */
  announcePod(p: SimPod): void {
    for (const l of this.listeners) l.podAdded?.(p);
  }

  bindPod(p: SimPod, nodeIdx: number): void {
    if (p.removed || p.nodeIdx >= 0) return;
    this.ctx.state.mutatePod(p, (x) => {
      x.nodeIdx = nodeIdx;
      x.pendingMessage = null;
    });
    for (const l of this.listeners) l.podBound?.(p);
  }

  /**
   * Graceful deletion: the pod stops counting as active at once (IsPodActive); an unscheduled pod is removed
   * immediately (the API server does not wait for a kubelet that will never run it).
   */
  deletePod(p: SimPod): boolean {
    if (p.removed || p.deletionMs !== null) return false;
    const now = this.ctx.clock.nowMs;
    this.ctx.state.mutatePod(p, (x) => {
      x.deletionMs = now;
      x.available = false;
    });
    for (const l of this.listeners) l.podTerminating?.(p);
    if (p.nodeIdx < 0) this.removePod(p);
    return true;
  }

  removePod(p: SimPod): void {
    if (p.removed) return;
    this.ctx.state.mutatePod(p, (x) => {
      x.removed = true;
      if (x.deletionMs === null) x.deletionMs = this.ctx.clock.nowMs;
    });
    for (const l of this.listeners) l.podRemoved?.(p);
  }
}
