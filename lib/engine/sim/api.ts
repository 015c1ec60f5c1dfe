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

type Handler = (p: SimPod) => void;

export class SimApi {
  /**
   * Each verb's handlers in registration order, bound once: calling through listener objects of half a dozen
   * shapes made every dispatch a megamorphic property load (several per pod in a zone outage).
   */
  private readonly added: Handler[] = [];
  private readonly bound: Handler[] = [];
  private readonly terminating: Handler[] = [];
  private readonly removed: Handler[] = [];
  constructor(private readonly ctx: SimContext) {}

  listen(l: PodListener): void {
    if (l.podAdded) this.added.push(l.podAdded.bind(l));
    if (l.podBound) this.bound.push(l.podBound.bind(l));
    if (l.podTerminating) this.terminating.push(l.podTerminating.bind(l));
    if (l.podRemoved) this.removed.push(l.podRemoved.bind(l));
  }

  createPod(p: NewSimPod): SimPod {
    const pod = this.ctx.state.addPod(p);
    for (const f of this.added) f(pod);
    return pod;
  }

  /** A pod the store already held when the listeners registered (the loaded t = 0): heard as createPod's. */
  announcePod(p: SimPod): void {
    for (const f of this.added) f(p);
  }

  bindPod(p: SimPod, nodeIdx: number): void {
    if (p.removed || p.nodeIdx >= 0) return;
    this.ctx.state.mutatePod(p, (x) => {
      x.nodeIdx = nodeIdx;
      x.pendingMessage = null;
    });
    for (const f of this.bound) f(p);
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
    for (const f of this.terminating) f(p);
    if (p.nodeIdx < 0) this.removePod(p);
    return true;
  }

  removePod(p: SimPod): void {
    if (p.removed) return;
    this.ctx.state.mutatePod(p, (x) => {
      x.removed = true;
      if (x.deletionMs === null) x.deletionMs = this.ctx.clock.nowMs;
    });
    for (const f of this.removed) f(p);
  }
}
