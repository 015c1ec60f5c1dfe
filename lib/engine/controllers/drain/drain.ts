/**
 * `kubectl drain NODE --ignore-daemonsets --force` (staging/src/k8s.io/kubectl/pkg/drain: drain.go, filters.go)
 * against the simulated API, every eviction decided by the Eviction subresource (../disruption/eviction.ts):
 *
 * 1. cordon: spec.unschedulable = true (the node lifecycle controller mirrors it as the
 *    `node.kubernetes.io/unschedulable:NoSchedule` taint; the scheduler's NodeUnschedulable filter rejects the
 *    node); the node's kubelet records `NodeNotSchedulable`;
 * 2. list the pods bound to the node (namespace/name order, as the API lists them) and filter them like
 *    GetPodsForDeletion: DaemonSet-managed pods are ignored (--ignore-daemonsets), mirror pods skipped, pods that
 *    declare no controller are evicted too (--force: "Warning: deleting Pods that declare no controller"), pods
 *    with emptyDir volumes too (--delete-emptydir-data is assumed: without it kubectl refuses the whole drain);
 * 3. evict each pod (kubectl runs one goroutine per pod; here in list order within the millisecond): granted →
 *    the pod is deleted (Terminating; the kubelet removes it after its grace period); 429 → retried every 5 s
 *    (kubectl sleeps 5 s, no timeout by default); any other error (a pod under two budgets: 500) → kubectl gives
 *    up on that pod and the drain cannot complete;
 * 4. wait for every evicted pod to be gone ("pod/NAME evicted"), then "node/NAME drained".
 *
 * kubectl's output lines are controller notes (component "kubectl drain"): "evicting pod" once per pod (kubectl
 * repeats it before every retry), the refusal once per pod per refusal streak (with the 429's cause), not every 5 s.
 */
import type { CompiledSelector } from "../../../k8s/selector";
import type { PodDisruptionBudget } from "../../../k8s/types";
import { pdbSelector } from "../../analysis/pdb";
import type { SimApi } from "../../sim/api";
import type { SimContext } from "../../sim/context";
import { SimPriority } from "../../sim/queue";
import type { DrainResult } from "../../sim/results";
import type { SimNode, SimPod } from "../../sim/state";
import { formatDuration } from "../../util/duration";
import { evictionVerdict, pdbStatus, type PdbPodFacts, type PdbStatus } from "../disruption/eviction";
import { getControllerOf } from "../pod-util";
import { DRAIN_RETRY_MS, drainWarnings, podsForDeletion } from "./pod-filters";

export { DRAIN_RETRY_MS } from "./pod-filters";
export const DRAIN_COMPONENT = "kubectl drain";

export interface DrainHooks {
  /** PATCH spec.unschedulable = true; false when the node was cordoned already. */
  cordon(node: SimNode): boolean;
}

type PodState = { kind: "retrying"; refusal: string | null } | { kind: "awaiting" } | { kind: "done" } | { kind: "failed"; message: string };

interface Run {
  result: DrainResult;
  node: SimNode;
  pods: SimPod[];
  state: Map<number, PodState>;
  open: number;
  failed: boolean;
}

interface Scope {
  selector: CompiledSelector | null;
  namespace: string;
  /** ReplicaSets whose template or pods the selector matches (new pods only come from templates). */
  replicaSets: number[];
  /** Selected pods without a simulated ReplicaSet (never created during a run). */
  loose: number[];
  matches: WeakMap<object, boolean>;
}

const NO_LABELS = {};

export class DrainController {
  private readonly runs: Run[] = [];
  private readonly waiting = new Map<number, Run[]>();
  private readonly scopes = new Map<PodDisruptionBudget, Scope>();

  constructor(private readonly ctx: SimContext, private readonly api: SimApi, private readonly hooks: DrainHooks) {
    api.listen({ podRemoved: (p) => this.podRemoved(p) });
  }

  /** A ReplicaSet was created (a rollout's): the budgets' scopes are found again when next needed. */
  replicaSetAdded(): void {
    this.scopes.clear();
  }

  /** `kubectl drain NODE --ignore-daemonsets --force` at the current virtual time. */
  drain(nodeName: string): void {
    const { state, clock, log } = this.ctx;
    const now = clock.nowMs;
    const result: DrainResult = { node: nodeName, atMs: now, drainedAtMs: null, evicted: [], refusals: 0, remaining: [], ignored: [] };
    const idx = state.nodeByName.get(nodeName);
    // A node this cluster does not have: nothing happens (as a fail/recover target that matches nothing; a
    // multi-cluster topology runs the same scenario on every cluster, and the CLI refuses unknown names).
    if (idx === undefined) return;
    const node = state.nodes[idx]!;
    const run: Run = { result, node, pods: [], state: new Map(), open: 0, failed: false };
    this.runs.push(run);
    const changed = this.hooks.cordon(node);
    this.note(`node/${nodeName} ${changed ? "" : "already "}cordoned`);
    // The kubelet's recordNodeSchedulableEvent, at its next status update (continuous here, like its Lease).
    if (changed && node.kubeletUp) log.record(now, "Normal", "NodeNotSchedulable", `node/${nodeName}`, `Node ${nodeName} status is now: NodeNotSchedulable`);

    const listed = [...node.pods].map((i) => state.pods[i]!).filter((p) => !p.removed)
      .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // kubectl's GetPodsForDeletion with --ignore-daemonsets --force (--delete-emptydir-data assumed), shared
    // with the console's drain (pod-filters.ts).
    const list = podsForDeletion(listed.map((p) => p.pod), { ignoreDaemonSets: true, force: true, deleteEmptyDirData: true });
    list.forEach(({ status }, i) => {
      const p = listed[i]!;
      if (status.delete) run.pods.push(p);
      else if (status.reason === "Skip") result.ignored.push({ namespace: p.namespace, pod: p.name, reason: "mirror pod (static pod of the kubelet)" });
      else result.ignored.push({ namespace: p.namespace, pod: p.name, reason: "DaemonSet-managed (--ignore-daemonsets)" });
    });
    const warnings = drainWarnings(list);
    if (warnings !== "") this.note(`Warning: ${warnings}`);
    run.open = run.pods.length;
    for (const p of run.pods) run.state.set(p.idx, { kind: "retrying", refusal: null });
    for (const p of run.pods) this.attempt(run, p, true);
    this.maybeFinished(run);
  }

  private attempt(run: Run, p: SimPod, first: boolean): void {
    const st = run.state.get(p.idx);
    if (!st || st.kind !== "retrying") return;
    const now = this.ctx.clock.nowMs;
    if (first) this.note(`evicting pod ${p.namespace}/${p.name}`);
    if (p.removed) {
      // 404: kubectl counts the pod as done without waiting (and without printing "evicted").
      this.settle(run, p, { kind: "done" });
      return;
    }
    const v = evictionVerdict({ phase: p.phase, ready: p.ready, terminating: p.deletionMs !== null }, this.budgetsFor(p), (pdb) => this.status(pdb));
    if (v.allowed) {
      run.state.set(p.idx, { kind: "awaiting" });
      this.await(run, p);
      if (p.deletionMs === null) {
        run.result.evicted.push({ namespace: p.namespace, pod: p.name, atMs: now });
        // A pod that was never bound is removed at once: podRemoved settles it.
        this.api.deletePod(p);
      }
      return;
    }
    const line = `error when evicting pods/"${p.name}" -n "${p.namespace}"`;
    if (v.code === 429) {
      run.result.refusals++;
      const refusal = `${v.message}${v.cause ? ` [${v.cause}]` : ""}`;
      if (st.refusal === null) this.note(`${line} (will retry after ${formatDuration(DRAIN_RETRY_MS)}): ${refusal}`);
      run.state.set(p.idx, { kind: "retrying", refusal });
      this.ctx.queue.push(now + DRAIN_RETRY_MS, SimPriority.apiCompletion, () => this.attempt(run, p, false));
      return;
    }
    this.note(`${line}: ${v.message}`);
    run.failed = true;
    this.settle(run, p, { kind: "failed", message: v.message });
  }

  private await(run: Run, p: SimPod): void {
    const l = this.waiting.get(p.idx);
    if (l) l.push(run);
    else this.waiting.set(p.idx, [run]);
  }

  private podRemoved(p: SimPod): void {
    const runs = this.waiting.get(p.idx);
    if (!runs) return;
    this.waiting.delete(p.idx);
    for (const run of runs) {
      if (run.state.get(p.idx)?.kind !== "awaiting") continue;
      this.note(`pod/${p.name} evicted`);
      this.settle(run, p, { kind: "done" });
    }
  }

  private settle(run: Run, p: SimPod, s: PodState): void {
    run.state.set(p.idx, s);
    run.open--;
    this.maybeFinished(run);
  }

  private maybeFinished(run: Run): void {
    if (run.open > 0 || run.result.drainedAtMs !== null) return;
    if (run.failed) {
      this.note(`error: unable to drain node "${run.node.name}" due to error: some evictions failed, continuing command...`);
      return;
    }
    run.result.drainedAtMs = this.ctx.clock.nowMs;
    this.note(`node/${run.node.name} drained`);
  }

  /** At the horizon: what each unfinished drain still waits for (results and one note per drain). */
  finish(horizonMs: number): DrainResult[] {
    for (const run of this.runs) {
      if (run.result.drainedAtMs !== null) continue;
      for (const p of run.pods) {
        const st = run.state.get(p.idx)!;
        let reason: string | null = null;
        if (st.kind === "retrying") reason = `eviction refused (HTTP 429, retried every ${formatDuration(DRAIN_RETRY_MS)}): ${st.refusal ?? "not attempted"}`;
        else if (st.kind === "failed") reason = `eviction failed: ${st.message}`;
        else if (st.kind === "awaiting") {
          // Relative times only: messages are not shifted back after a warm-up.
          const since = p.deletionMs !== null ? formatDuration(horizonMs - p.deletionMs) : "?";
          reason = run.node.kubeletUp ? `Terminating for ${since} (terminationGracePeriodSeconds not over)` : `Terminating for ${since}: the node's kubelet is down, nothing confirms the containers stopped`;
        }
        if (reason !== null) run.result.remaining.push({ namespace: p.namespace, pod: p.name, reason });
      }
      if (run.result.remaining.length > 0) {
        const list = run.result.remaining.map((r) => `${r.namespace}/${r.pod}: ${r.reason}`).join("; ");
        this.ctx.notes.push({ atMs: horizonMs, component: DRAIN_COMPONENT, message: `node/${run.node.name} not drained within the horizon: ${run.result.remaining.length} of ${run.pods.length} pods left (${list})` });
      }
    }
    return this.runs.map((r) => r.result);
  }

  /** The budgets selecting a pod (eviction.go getPodDisruptionBudgets: same namespace, selector matches). */
  private budgetsFor(p: SimPod): PodDisruptionBudget[] {
    return this.ctx.state.pdbs.filter((pdb) => this.selects(this.scope(pdb), p));
  }

  private scope(pdb: PodDisruptionBudget): Scope {
    let s = this.scopes.get(pdb);
    if (s) return s;
    const { state } = this.ctx;
    s = { selector: pdbSelector(pdb), namespace: pdb.metadata.namespace || "default", replicaSets: [], loose: [], matches: new WeakMap() };
    if (s.selector) {
      for (const rs of state.replicaSets) {
        if (rs.namespace !== s.namespace) continue;
        const template = rs.rs.spec.template?.metadata?.labels ?? {};
        if (s.selector.matches(template) || [...rs.pods].some((i) => this.selects(s!, state.pods[i]!))) s.replicaSets.push(rs.idx);
      }
      for (const p of state.pods) if (p.rsIdx < 0 && !p.removed && this.selects(s, p)) s.loose.push(p.idx);
    }
    this.scopes.set(pdb, s);
    return s;
  }

  private selects(s: Scope, p: SimPod): boolean {
    if (!s.selector || p.namespace !== s.namespace) return false;
    const labels = p.pod.metadata.labels ?? NO_LABELS;
    let m = s.matches.get(labels);
    if (m === undefined) s.matches.set(labels, (m = s.selector.matches(labels)));
    return m;
  }

  /** The disruption controller's status of a budget, from the store as it is now (the controller is not lagged). */
  private status(pdb: PodDisruptionBudget): PdbStatus {
    const { state } = this.ctx;
    const s = this.scope(pdb);
    const facts: PdbPodFacts[] = [];
    const fact = (p: SimPod, controller: PdbPodFacts["controller"]) => facts.push({ ready: p.ready, terminating: p.deletionMs !== null, controller });
    for (const i of s.replicaSets) {
      const rs = state.replicaSets[i]!;
      const d = rs.deploymentIdx >= 0 ? state.deployments[rs.deploymentIdx]! : null;
      const controller = d ? { key: `deployment/${d.idx}`, scale: d.deployment.spec.replicas ?? 1 } : { key: `replicaset/${rs.idx}`, scale: rs.rs.spec.replicas ?? 1 };
      for (const podIdx of rs.pods) {
        const p = state.pods[podIdx]!;
        if (!p.removed && this.selects(s, p)) fact(p, controller);
      }
    }
    // Pods of controllers the simulation does not run (StatefulSet, Job, ...) count as their current number.
    const others = new Map<string, number>();
    const loose = s.loose.map((i) => state.pods[i]!).filter((p) => !p.removed);
    const keyOf = (p: SimPod) => {
      const ref = getControllerOf(p.pod);
      return ref ? `${ref.kind}/${ref.uid ?? ref.name}` : null;
    };
    for (const p of loose) {
      const k = keyOf(p);
      if (k !== null) others.set(k, (others.get(k) ?? 0) + 1);
    }
    for (const p of loose) {
      const k = keyOf(p);
      fact(p, k === null ? null : { key: k, scale: others.get(k)! });
    }
    return pdbStatus(pdb, facts);
  }

  private note(message: string): void {
    this.ctx.notes.push({ atMs: this.ctx.clock.nowMs, component: DRAIN_COMPONENT, message });
  }
}
