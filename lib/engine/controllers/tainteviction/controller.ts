/**
 * The taint-eviction controller (pkg/controller/tainteviction/taint_eviction.go, formerly the node lifecycle
 * "taint manager"): `processPodOnNode` runs when a node's taints change (for every pod on it) and when a pod is
 * bound to a node. A pod that does not tolerate a NoExecute taint is deleted at once; one tolerating all of them
 * with tolerationSeconds is deleted that long after it was processed; an earlier-started timer is kept.
 * Removing the taints cancels the pending deletions ("Cancelling deletion of Pod").
 */
import type { SimApi } from "../../sim/api";
import type { SimContext } from "../../sim/context";
import { SimPriority } from "../../sim/queue";
import type { SimNode, SimPod } from "../../sim/state";
import type { TokenBucket } from "../../sim/token-bucket";
import { ensure } from "../../util/ordered-int-set";
import { noExecuteTaints } from "../nodelifecycle/taints";
import { evictionDelay, type EvictionDelay } from "./toleration-time";

export class TaintEvictionController {
  /**
   * Pending deletions by pod index: the timer's token (0: none), when its work item was created and when it
   * fires. Dense arrays: a zone outage schedules and fires 50,000 of them, in a Map of work objects that cost
   * a hash-table entry and an object each.
   */
  private readonly token: number[] = [];
  private readonly createdAt: number[] = [];
  private readonly fireAt: number[] = [];
  private nextToken = 0;

  constructor(private readonly ctx: SimContext, private readonly api: SimApi, private readonly client: TokenBucket) {
    api.listen({
      podBound: (p) => {
        const node = ctx.state.nodes[p.nodeIdx]!;
        if (noExecuteTaints(node.node.spec?.taints).length > 0) this.processPodOnNode(p, node);
      },
      podRemoved: (p) => this.cancel(p, false),
    });
  }

  /** handleNodeUpdate: re-evaluate every pod on the node against its current NoExecute taints. */
  nodeTaintsChanged(node: SimNode): void {
    // The node's NoExecute taints once, and the delay once per tolerations array (a template's pods share one).
    const taints = noExecuteTaints(node.node.spec?.taints);
    const delays = new Map<object | undefined, EvictionDelay>();
    for (const podIdx of node.pods.slice().sort((a, b) => a - b)) {
      const p = this.ctx.state.pods[podIdx]!;
      if (!p.removed) this.processPodOnNode(p, node, taints, delays);
    }
  }

  private processPodOnNode(p: SimPod, node: SimNode, taints = noExecuteTaints(node.node.spec?.taints), delays?: Map<object | undefined, EvictionDelay>): void {
    const now = this.ctx.clock.nowMs;
    if (taints.length === 0) {
      this.cancel(p, true);
      return;
    }
    const tolerations = p.pod.spec.tolerations;
    let delay = delays?.get(tolerations);
    if (delay === undefined) {
      delay = evictionDelay(taints, tolerations);
      delays?.set(tolerations, delay);
    }
    if (delay.kind === "never") {
      this.cancel(p, true);
      return;
    }
    if (delay.kind === "now") {
      this.cancel(p, true);
      this.enqueue(p, now, now);
      return;
    }
    let start = now;
    if (this.pending(p.idx)) {
      start = this.createdAt[p.idx]!;
      if (start + delay.ms < now + delay.ms) return;
      this.cancel(p, true);
    }
    this.enqueue(p, start, now + delay.ms);
  }

  private pending(podIdx: number): boolean {
    return (this.token[podIdx] ?? 0) !== 0;
  }

  private enqueue(p: SimPod, createdAtMs: number, fireAtMs: number): void {
    const i = p.idx;
    ensure(this.token, i);
    ensure(this.createdAt, i);
    ensure(this.fireAt, i);
    const token = ++this.nextToken;
    this.token[i] = token;
    this.createdAt[i] = createdAtMs;
    this.fireAt[i] = fireAtMs;
    this.ctx.queue.push(fireAtMs, SimPriority.taintEviction, () => this.fire(p, token));
  }

  private fire(p: SimPod, token: number): void {
    if (this.token[p.idx] !== token) return;
    this.token[p.idx] = 0;
    if (p.removed || p.deletionMs !== null) return;
    const now = this.ctx.clock.nowMs;
    if (this.ctx.log.enabled) this.ctx.log.record(now, "Normal", "TaintManagerEviction", `pod/${p.name}`, `Marking for deletion Pod ${p.namespace}/${p.name}`, p.namespace);
    // The DELETE goes through the controller's rate-limited client.
    const at = this.client.reserve(now);
    if (at === now) this.api.deletePod(p);
    else this.ctx.queue.push(at, SimPriority.apiCompletion, () => this.api.deletePod(p));
  }

  private cancel(p: SimPod, withEvent: boolean): void {
    if (!this.pending(p.idx)) return;
    this.token[p.idx] = 0;
    if (withEvent && this.ctx.log.enabled) {
      this.ctx.log.record(this.ctx.clock.nowMs, "Normal", "TaintManagerEviction", `pod/${p.name}`, `Cancelling deletion of Pod ${p.namespace}/${p.name}`, p.namespace);
    }
  }

  /** Pending deletions, for tests and explanations. */
  scheduledDeletionMs(p: SimPod): number | null {
    return this.pending(p.idx) ? this.fireAt[p.idx]! : null;
  }
}
