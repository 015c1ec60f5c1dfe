/**
 * The Deployment controller (pkg/controller/deployment) on the virtual clock, for rollouts:
 * - a scenario `rollout` replaces a Deployment's pod template (the API update) and enqueues it;
 * - a sync finds the new ReplicaSet (the oldest one whose template equals the Deployment's, ignoring
 *   pod-template-hash) and the old ones, and takes one rollout step (../controllers/deployment-rollout.ts:
 *   RollingUpdate or Recreate); every ReplicaSet create / scale is an API call through the controller's own
 *   client limiter (--kube-api-qps 20 / --kube-api-burst 30) and, when it completes, a `ScalingReplicaSet` event
 *   and a sync of that ReplicaSet by the ReplicaSet controller (which picks the pods to delete);
 * - a Deployment is synced again when the calls of its sync have completed (its own ReplicaSet updates are
 *   informer events too), when the status counters of one of its ReplicaSets change (pods created, Ready,
 *   available after minReadySeconds, terminating), and for Recreate when one of its pods is gone.
 * The ReplicaSets' status is read from the store's counters (no lag behind the pods), as the scheduler and
 * the ReplicaSet loop do. Until the first rollout nothing here runs: without template changes the controller
 * has nothing to do (the new ReplicaSet is at replicas, the old ones at 0), so it is not even listening.
 */
import { compileLabelSelector } from "../../k8s/selector";
import { byCreation, recreateStep, rollingUpdateStep, rolloutComplete, type RolloutReplicaSet } from "../controllers/deployment-rollout";
import { newReplicaSetFor, templateKey } from "../controllers/new-replicaset";
import { formatTimeMs, parseTimeMs } from "../util/time";
import type { SimApi } from "./api";
import { SIM_EPOCH_MS, type SimContext } from "./context";
import { SimPriority } from "./queue";
import type { RolloutResult } from "./results";
import type { RolloutChange } from "./scenario";
import type { SimDeployment, SimReplicaSet } from "./state";
import { changedTemplate } from "./template-change";
import type { TokenBucket } from "./token-bucket";

export const ROLLOUT_COMPONENT = "kubectl";
const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

export interface DeploymentLoopHooks {
  /** A ReplicaSet was created: the informers of the ReplicaSet controller, the scheduler, kubectl drain's budgets. */
  replicaSetAdded(rs: SimReplicaSet, d: SimDeployment): void;
  /** A ReplicaSet's spec.replicas changed (or it was created): the ReplicaSet controller syncs it. */
  replicaSetScaled(rs: SimReplicaSet): void;
}

interface View extends RolloutReplicaSet {
  readonly rs: SimReplicaSet;
}

export class DeploymentLoop {
  readonly rollouts: RolloutResult[] = [];
  private listening = false;
  private readonly queued = new Set<number>();
  /** API calls of a Deployment's last sync not completed yet: the next sync waits for them (one worker per key). */
  private readonly inflight = new Map<number, number>();
  /** Deployments that had a rollout -> the rollout of their current template. */
  private readonly current = new Map<number, RolloutResult>();
  private readonly deploymentKeys = new Map<number, string>();
  private readonly rsKeys = new Map<number, string>();
  private readonly failed = new Set<RolloutResult>();

  constructor(
    private readonly ctx: SimContext,
    private readonly api: SimApi,
    private readonly client: TokenBucket,
    private readonly hooks: DeploymentLoopHooks,
    private readonly seed: number,
  ) {}

  /** A scenario `rollout`: the Deployment's template is updated now (a Deployment this cluster lacks: nothing). */
  rollout(change: RolloutChange): void {
    const { state, clock } = this.ctx;
    const slash = change.deployment.indexOf("/");
    const ns = change.deployment.slice(0, slash);
    const name = change.deployment.slice(slash + 1);
    const sd = state.deployments.find((d) => d.namespace === ns && d.name === name);
    if (!sd) return;
    const now = clock.nowMs;
    const d = sd.deployment;
    const kind = `deployment.apps/${sd.name}`;
    let selector;
    try {
      selector = compileLabelSelector(d.spec.selector);
    } catch (e) {
      this.note(`error: ${(e as Error).message}`);
      return;
    }
    const r = changedTemplate(sd.name, d.spec.template, change, selector, now);
    if (!r.ok) {
      this.note(`error: ${r.message}`);
      return;
    }
    const key = templateKey(r.template);
    if (key === (this.deploymentKeys.get(sd.idx) ?? templateKey(d.spec.template))) {
      this.note(`${kind} ${r.verb} (no change)`);
      return;
    }
    this.listen();
    sd.deployment = { ...d, metadata: { ...d.metadata, generation: (d.metadata.generation ?? 1) + 1 }, spec: { ...d.spec, template: r.template } };
    this.deploymentKeys.set(sd.idx, key);
    const record: RolloutResult = {
      namespace: sd.namespace, deployment: sd.name, atMs: now,
      strategy: d.spec.strategy?.type === "Recreate" ? "Recreate" : "RollingUpdate", replicaSet: null, completedAtMs: null, supersededAtMs: null,
    };
    const previous = this.current.get(sd.idx);
    if (previous && previous.completedAtMs === null) previous.supersededAtMs = now;
    this.rollouts.push(record);
    this.current.set(sd.idx, record);
    this.note(`${kind} ${r.verb}`);
    this.enqueue(sd.idx);
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    const { state } = this.ctx;
    state.replicaSetStatusChanged = (rs) => {
      if (rs.deploymentIdx >= 0 && this.current.has(rs.deploymentIdx)) this.enqueue(rs.deploymentIdx);
    };
    // deletePod: a Recreate rollout waits for the old pods to be gone, not just terminating.
    this.api.listen({
      podRemoved: (p) => {
        const dIdx = p.rsIdx >= 0 ? state.replicaSets[p.rsIdx]!.deploymentIdx : -1;
        if (dIdx >= 0 && this.current.has(dIdx) && state.deployments[dIdx]!.deployment.spec.strategy?.type === "Recreate") this.enqueue(dIdx);
      },
    });
  }

  private enqueue(dIdx: number): void {
    if (this.queued.has(dIdx)) return;
    this.queued.add(dIdx);
    this.ctx.queue.push(this.ctx.clock.nowMs, SimPriority.deploymentSync, () => {
      this.queued.delete(dIdx);
      this.sync(dIdx);
    });
  }

  private rsKey(rs: SimReplicaSet): string {
    let k = this.rsKeys.get(rs.idx);
    if (k === undefined) this.rsKeys.set(rs.idx, (k = templateKey(rs.rs.spec.template)));
    return k;
  }

  private sync(dIdx: number): void {
    // The completion of the last outstanding call enqueues the Deployment again.
    if ((this.inflight.get(dIdx) ?? 0) > 0) return;
    const { state, clock } = this.ctx;
    const sd = state.deployments[dIdx]!;
    const d = sd.deployment;
    const record = this.current.get(dIdx)!;
    // A paused Deployment is only scaled (`sync`), never rolled out; scaling events are not simulated.
    if (d.spec.paused) return;
    const views: View[] = sd.rsIdx.map((i) => {
      const rs = state.replicaSets[i]!;
      return { rs, name: rs.name, createdMs: parseTimeMs(rs.rs.metadata.creationTimestamp), replicas: rs.desired, statusReplicas: rs.active, available: rs.available };
    });
    const key = this.deploymentKeys.get(dIdx)!;
    const newRS = [...views].sort(byCreation).find((v) => this.rsKey(v.rs) === key) ?? null;
    const olds = views.filter((v) => v !== newRS);
    if (newRS) record.replicaSet ??= newRS.name;
    const step = record.strategy === "Recreate"
      ? recreateStep(d, newRS, olds, olds.some((v) => v.rs.pods.size > 0))
      : rollingUpdateStep(d, newRS, olds);
    if (step.error !== undefined) {
      // Upstream requeues with backoff and logs the error every time; the note says it once per rollout.
      if (!this.failed.has(record)) this.note(`error syncing deployment ${sd.namespace}/${sd.name}: ${step.error}`);
      this.failed.add(record);
      return;
    }
    const create = step.create;
    if (create !== null) this.call(dIdx, () => this.createReplicaSet(sd, d, create, record));
    for (const s of step.scales) this.call(dIdx, () => this.scale(sd, s.rs.rs, s.from, s.to));
    if (record.completedAtMs === null && rolloutComplete(d, newRS, olds)) record.completedAtMs = clock.nowMs;
  }

  /** One API call of a sync, through the controller's client; its completion is an informer event for us too. */
  private call(dIdx: number, apply: () => void): void {
    const at = this.client.reserve(this.ctx.clock.nowMs);
    this.inflight.set(dIdx, (this.inflight.get(dIdx) ?? 0) + 1);
    this.ctx.queue.push(at, SimPriority.apiCompletion, () => {
      apply();
      this.inflight.set(dIdx, this.inflight.get(dIdx)! - 1);
      this.enqueue(dIdx);
    });
  }

  private createReplicaSet(sd: SimDeployment, d: SimDeployment["deployment"], replicas: number, record: RolloutResult): void {
    const { state, clock, log } = this.ctx;
    const now = clock.nowMs;
    // The API server refuses a name taken in the namespace (a hash collision): upstream bumps collisionCount.
    const taken = new Set(state.replicaSets.filter((r) => r.namespace === sd.namespace).map((r) => r.name));
    let maxRevision = 0;
    for (const i of sd.rsIdx) {
      const v = Number.parseInt(state.replicaSets[i]!.rs.metadata.annotations?.[REVISION_ANNOTATION] ?? "", 10);
      if (Number.isFinite(v)) maxRevision = Math.max(maxRevision, v);
    }
    const obj = newReplicaSetFor(d, taken, { seed: this.seed, creationTimestamp: formatTimeMs(SIM_EPOCH_MS + now), replicas, revision: String(maxRevision + 1) });
    const rs = state.addReplicaSet({
      namespace: sd.namespace, name: obj.metadata.name ?? "", rs: obj, desired: replicas, minReadySeconds: obj.spec.minReadySeconds ?? 0, deploymentIdx: sd.idx,
    });
    sd.rsIdx.push(rs.idx);
    record.replicaSet ??= rs.name;
    this.hooks.replicaSetAdded(rs, sd);
    if (replicas > 0) log.record(now, "Normal", "ScalingReplicaSet", `deployment/${sd.name}`, `Scaled up replica set ${rs.name} from 0 to ${replicas}`, sd.namespace);
    this.hooks.replicaSetScaled(rs);
  }

  private scale(sd: SimDeployment, rs: SimReplicaSet, from: number, to: number): void {
    rs.desired = to;
    const how = to > from ? "up" : "down";
    this.ctx.log.record(this.ctx.clock.nowMs, "Normal", "ScalingReplicaSet", `deployment/${sd.name}`, `Scaled ${how} replica set ${rs.name} from ${from} to ${to}`, sd.namespace);
    this.hooks.replicaSetScaled(rs);
  }

  private note(message: string): void {
    this.ctx.notes.push({ atMs: this.ctx.clock.nowMs, component: ROLLOUT_COMPONENT, message });
  }
}
