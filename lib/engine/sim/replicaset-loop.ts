/**
 * The ReplicaSet controller's `syncReplicaSet` / `manageReplicas` (pkg/controller/replicaset/replica_set.go) on
 * the virtual clock, built on the shared helpers (getPodsToDelete, slowStartBatch, BurstReplicas):
 * - any add / termination / removal of an owned pod enqueues its ReplicaSet (the workqueue deduplicates);
 * - a sync is skipped while expectations are unsatisfied (creations/deletions issued but not yet observed);
 * - too few active pods → create min(diff, BurstReplicas) through slowStartBatch; too many → delete the first
 *   `diff` by ActivePodsWithRanks. Every create/delete is an API call through the controller's client limiter
 *   (kube-controller-manager --kube-api-qps 20 / --kube-api-burst 30), so large replacements are paced.
 * Terminating pods are not active (IsPodActive), which is why replacements are created while a dead node's
 * pods are still Terminating.
 */
import { getPodsToDelete, slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE } from "../controllers/replicaset-util";
import type { Rng } from "../util/prng";
import type { SimApi } from "./api";
import type { SimContext } from "./context";
import { newReplicaSetPod, type TemplateFacts } from "./pod-factory";
import { podView } from "./pod-view";
import { SimPriority } from "./queue";
import type { TokenBucket } from "./token-bucket";

export class ReplicaSetLoop {
  private readonly queued = new Set<number>();
  private expectations: Int32Array;

  constructor(
    private readonly ctx: SimContext,
    private readonly api: SimApi,
    private readonly client: TokenBucket,
    private readonly facts: TemplateFacts[],
    private readonly rng: Rng,
    private readonly seed: number,
  ) {
    this.expectations = new Int32Array(ctx.state.replicaSets.length);
    const onPod = (p: { rsIdx: number }) => {
      if (p.rsIdx >= 0) this.enqueue(p.rsIdx);
    };
    api.listen({ podAdded: onPod, podTerminating: onPod, podRemoved: onPod });
  }

  /** The informer's initial list: every ReplicaSet is synced once at t = 0. */
  start(): void {
    for (const rs of this.ctx.state.replicaSets) this.enqueue(rs.idx);
  }

  /** A ReplicaSet created during the run (a rollout's), with the facts of its template. */
  replicaSetAdded(rsIdx: number, facts: TemplateFacts): void {
    this.facts[rsIdx] = facts;
    if (rsIdx >= this.expectations.length) {
      const grown = new Int32Array(Math.max(rsIdx + 1, this.expectations.length * 2));
      grown.set(this.expectations);
      this.expectations = grown;
    }
  }

  enqueue(rsIdx: number): void {
    if (this.queued.has(rsIdx)) return;
    this.queued.add(rsIdx);
    this.ctx.queue.push(this.ctx.clock.nowMs, SimPriority.replicaSetSync, () => {
      this.queued.delete(rsIdx);
      this.sync(rsIdx);
    });
  }

  private sync(rsIdx: number): void {
    const { state, settings, clock } = this.ctx;
    if (this.expectations[rsIdx]! > 0) return;
    const srs = state.replicaSets[rsIdx]!;
    if (srs.rs.metadata.deletionTimestamp) return;
    const now = clock.nowMs;
    const diff = srs.active - srs.desired;
    if (diff < 0) {
      const count = Math.min(-diff, settings.burstReplicas);
      this.expectations[rsIdx] = count;
      slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => {
        const at = this.client.reserve(now);
        this.ctx.queue.push(at, SimPriority.apiCompletion, () => this.completeCreate(rsIdx));
        return undefined;
      });
    } else if (diff > 0) {
      const active = [...srs.pods].sort((a, b) => a - b).map((i) => state.pods[i]!).filter((p) => p.deletionMs === null);
      const related = this.relatedActive(rsIdx);
      const views = active.map((p) => podView(state, p));
      const chosen = getPodsToDelete(views, related.map((p) => podView(state, p)), Math.min(diff, settings.burstReplicas), now);
      const byName = new Map(active.map((p) => [p.name, p] as const));
      this.expectations[rsIdx] = chosen.length;
      for (const v of chosen) {
        const p = byName.get(v.metadata.name ?? "")!;
        const at = this.client.reserve(now);
        this.ctx.queue.push(at, SimPriority.apiCompletion, () => {
          this.expectations[rsIdx]!--;
          if (this.api.deletePod(p)) {
            if (this.ctx.log.enabled) this.ctx.log.record(clock.nowMs, "Normal", "SuccessfulDelete", `replicaset/${srs.name}`, `Deleted pod: ${p.name}`, srs.namespace);
          }
          if (this.expectations[rsIdx] === 0) this.enqueue(rsIdx);
        });
      }
    }
  }

  private completeCreate(rsIdx: number): void {
    const { state, clock } = this.ctx;
    const srs = state.replicaSets[rsIdx]!;
    const now = clock.nowMs;
    const pod = newReplicaSetPod(state, rsIdx, this.facts[rsIdx]!, this.rng, this.seed, now);
    if (this.ctx.log.enabled) this.ctx.log.record(now, "Normal", "SuccessfulCreate", `replicaset/${srs.name}`, `Created pod: ${pod.name}`, srs.namespace);
    this.expectations[rsIdx]!--;
    this.api.createPod(pod);
    if (this.expectations[rsIdx] === 0) this.enqueue(rsIdx);
  }

  /** Active pods of every ReplicaSet of the same Deployment (the ranking's "related pods"). */
  private relatedActive(rsIdx: number) {
    const { state } = this.ctx;
    const srs = state.replicaSets[rsIdx]!;
    const siblings = srs.deploymentIdx >= 0 ? state.deployments[srs.deploymentIdx]!.rsIdx : [rsIdx];
    const out = [];
    for (const i of siblings) for (const podIdx of state.replicaSets[i]!.pods) {
      const p = state.pods[podIdx]!;
      if (p.deletionMs === null) out.push(p);
    }
    return out;
  }
}
