/**
 * simulate(): the discrete-event outage simulation. Wires the store, the API fan-out and the controllers
 * (node lifecycle, taint eviction, Deployment, ReplicaSet, scheduler, kubelets, kubectl drain), applies the
 * scenario's failures, recoveries, drains and rollouts, runs the event queue up to the horizon and summarises.
 * Pure and deterministic for a seed.
 */
import type { Taint } from "../../k8s/types";
import { NodeLifecycleController } from "../controllers/nodelifecycle/controller";
import { noExecuteTaints } from "../controllers/nodelifecycle/taints";
import { Kubelets } from "../controllers/kubelet/kubelet";
import { TaintEvictionController } from "../controllers/tainteviction/controller";
import { DrainController } from "../controllers/drain/drain";
import { DeploymentLoop } from "./deployment-loop";
import { createRng } from "../util/prng";
import { SimApi, type PodListener } from "./api";
import { VirtualClock } from "./clock";
import type { SimContext } from "./context";
import { EventLog } from "./event-log";
import type { LoadCache, SimulationInput } from "./load";
import { prepareCluster } from "./prepare";
import { templateFacts } from "./pod-factory";
import { EventQueue, SimPriority } from "./queue";
import { Recorder } from "./recorder";
import { ReplicaSetLoop } from "./replicaset-loop";
import { NOT_YET_SCHEDULED, type SimulationResult } from "./results";
import type { FailureTarget, Scenario } from "./scenario";
import { defaultSchedulerFactory, type SchedulerFactory } from "./scheduler-port";
import { SchedulingLoop } from "./scheduling-loop";
import { resolveSettings } from "./settings";
import type { ClusterState, SimNode } from "./state";
import { TokenBucket } from "./token-bucket";

export type { SimulationInput } from "./load";

export interface SimulateOptions {
  scheduler?: SchedulerFactory;
  /** Keep the Kubernetes event log (default true; sweeps turn it off). */
  recordEvents?: boolean;
  /** Keep every change point in the time series (default true); false keeps only ready/pending changes. */
  fullSeries?: boolean;
  /** Called at every change point with the store (read-only use: invariant checks in tests, live views). */
  observe?: (state: ClusterState, atMs: number) => void;
  /** Hears every pod change (after the controllers) and node taint change: lets a benchmark check decisions
   *  online, at the moment they are taken, without keeping a copy of every pod per step. */
  attach?: (state: ClusterState) => PodListener & { nodeChanged?(node: SimNode): void };
  /** Reuse a workload's failure until a relevant event (default true); false runs every cycle (tests compare). */
  memoizeFailures?: boolean;
  /** Shared by simulations of the same, unchanged input object (a sweep): the t = 0 materialisation, the loaded
   *  store and the scheduler's cache are built once and forked per simulation (./prepare). */
  loadCache?: LoadCache;
}

export type SimulationScenario = Pick<Scenario, "events"> & Partial<Omit<Scenario, "events">>;

export function simulate(input: SimulationInput, scenario: SimulationScenario, options: SimulateOptions = {}): SimulationResult {
  const seed = scenario.seed ?? 0;
  const horizonMs = scenario.horizonMs ?? 3_600_000;
  const settings = resolveSettings(scenario.settings);
  const loaded = prepareCluster(input, settings, seed, options.scheduler ?? defaultSchedulerFactory, options.loadCache);
  const { state, port } = loaded;
  const ctx: SimContext = {
    state, settings, clock: new VirtualClock(), queue: new EventQueue(), log: new EventLog(options.recordEvents ?? true), notes: [],
  };
  const rng = createRng(seed);
  const api = new SimApi(ctx);
  const controllerClient = () => new TokenBucket(settings.controllerApiQps, settings.controllerApiBurst);
  // Listener order = informer delivery order: controllers first, then the scheduler, then the kubelets.
  const rsLoop = new ReplicaSetLoop(ctx, api, controllerClient(), loaded.facts, rng.fork("pod-names"), seed);
  const taintEviction = new TaintEvictionController(ctx, api, controllerClient());
  const scheduling = new SchedulingLoop(ctx, api, port, new TokenBucket(settings.schedulerApiQps, settings.schedulerApiBurst), options.memoizeFailures ?? true);
  const kubelets = new Kubelets(ctx, api);
  const observer = options.attach?.(state);
  if (observer) api.listen(observer);
  const nodeLifecycle = new NodeLifecycleController(
    ctx,
    {
      taintsChanged(node: SimNode, before: readonly Taint[]) {
        const after = node.node.spec?.taints ?? [];
        const relaxed = before.some((t) => !after.some((u) => u.key === t.key && u.effect === t.effect));
        observer?.nodeChanged?.(node);
        scheduling.nodeUpdated(node, relaxed, before);
        if (!sameTaints(noExecuteTaints(before), noExecuteTaints(after))) taintEviction.nodeTaintsChanged(node);
      },
    },
    shuffledNodeOrder(state, rng.fork("node-order")),
  );
  // kubectl drain: a client of the API (its listener hears removals after the kubelets).
  const drains = new DrainController(ctx, api, {
    cordon(node: SimNode) {
      if (node.node.spec?.unschedulable) return false;
      state.setNodeUnschedulable(node, true);
      observer?.nodeChanged?.(node);
      // The scheduler sees spec.unschedulable (NodeUnschedulable); failure memos are dropped: messages change.
      scheduling.nodeUpdated(node, false);
      // The node lifecycle controller adds node.kubernetes.io/unschedulable:NoSchedule (taintsChanged above).
      nodeLifecycle.nodeSpecChanged(node);
      return true;
    },
  });

  // The Deployment controller: idle (not even listening) until a rollout event changes a template.
  const deploymentLoop = new DeploymentLoop(ctx, api, controllerClient(), {
    replicaSetAdded(rs, d) {
      rsLoop.replicaSetAdded(rs.idx, templateFacts(state, rs.rs, d.deployment, settings));
      scheduling.replicaSetAdded(rs.rs);
      drains.replicaSetAdded();
    },
    replicaSetScaled: (rs) => rsLoop.enqueue(rs.idx),
  }, seed);

  // The informers' initial list: every component hears of the loaded pods in the store's order.
  for (let i = 0; i < loaded.loadedPods; i++) {
    const pod = state.pods[i]!;
    if (loaded.createdAtStart[i] && pod.rsIdx >= 0) {
      const rs = state.replicaSets[pod.rsIdx]!;
      if (ctx.log.enabled) ctx.log.record(0, "Normal", "SuccessfulCreate", `replicaset/${rs.name}`, `Created pod: ${pod.name}`, rs.namespace);
    }
    api.announcePod(pod);
    if (pod.nodeIdx >= 0 && !pod.ready && pod.deletionMs === null) kubelets.start(pod);
  }

  // A drain is a disruption too: the outage measures count from the first fail or drain.
  const firstFailure = scenario.events.find((e) => e.fail || e.drain);
  const firstFailureAtMs = firstFailure ? firstFailure.atMs : null;
  const recorder = new Recorder(state, firstFailureAtMs, options.fullSeries ?? true);
  if (firstFailureAtMs !== null) ctx.queue.push(firstFailureAtMs, -1, () => recorder.baseline(firstFailureAtMs));
  for (const e of scenario.events) {
    ctx.queue.push(e.atMs, SimPriority.scenario, () => {
      const now = ctx.clock.nowMs;
      if (e.fail) {
        for (const node of targetNodes(state, e.fail)) {
          if (!node.kubeletUp) continue;
          nodeLifecycle.kubeletStopped(node);
          kubelets.nodeFailed(node);
        }
      } else if (e.recover) {
        for (const node of targetNodes(state, e.recover)) {
          if (node.kubeletUp) continue;
          nodeLifecycle.kubeletStarted(node, now);
          kubelets.nodeRecovered(node);
        }
      } else if (e.drain) {
        drains.drain(e.drain.node);
      } else if (e.rollout) {
        deploymentLoop.rollout(e.rollout);
      }
    });
  }
  nodeLifecycle.start();
  rsLoop.start();

  let processed = 0;
  for (;;) {
    const next = ctx.queue.peek();
    if (!next || next.timeMs > horizonMs) break;
    if (next.timeMs > ctx.clock.nowMs) {
      recorder.flush(ctx.clock.nowMs);
      options.observe?.(state, ctx.clock.nowMs);
    }
    ctx.queue.pop();
    ctx.clock.advanceTo(next.timeMs);
    next.run();
    processed++;
  }
  recorder.flush(ctx.clock.nowMs);
  options.observe?.(state, ctx.clock.nowMs);
  const drainResults = drains.finish(horizonMs);

  return {
    seed, horizonMs, firstFailureAtMs,
    deployments: state.deployments.map((d) => {
      const t = recorder.deployments[d.idx]!;
      const c = state.deploymentCounts(d);
      const recoveredAtMs = firstFailureAtMs === null ? null : t.dropped ? t.recoveredAtMs : firstFailureAtMs;
      const pendingReasons: Record<string, number> = {};
      for (const i of d.rsIdx) for (const podIdx of state.replicaSets[i]!.pods) {
        const p = state.pods[podIdx]!;
        if (p.nodeIdx >= 0 || p.deletionMs !== null) continue;
        const m = p.pendingMessage ?? NOT_YET_SCHEDULED;
        pendingReasons[m] = (pendingReasons[m] ?? 0) + 1;
      }
      return {
        namespace: d.namespace, name: d.name, desired: d.desired, readyAtEnd: c.ready,
        minReady: Number.isFinite(t.minReady) ? t.minReady : c.ready, minReadyAtMs: t.minReadyAtMs,
        recoveredAtMs,
        timeToDetectMs: t.detectedAtMs !== null && firstFailureAtMs !== null ? t.detectedAtMs - firstFailureAtMs : null,
        timeToRecoverMs: recoveredAtMs !== null && firstFailureAtMs !== null ? recoveredAtMs - firstFailureAtMs : null,
        pendingAtEnd: c.pending, pendingReasons: sortedRecord(pendingReasons), series: t.series,
      };
    }),
    zones: [...state.zones.values()].map((z) => ({
      zone: z.zone, region: z.region, nodes: z.nodes.length, capacityCpuMilli: z.capacityCpuMilli,
      capacityMemoryBytes: z.capacityMemoryBytes, capacityPods: z.capacityPods,
      stateAtEnd: nodeLifecycle.zoneStatus(z.key).state, series: recorder.zones.get(z.key) ?? [],
    })),
    services: state.services.map((s) => {
      const series = recorder.services[s.idx]!;
      return { namespace: s.namespace, name: s.name, minReadyEndpoints: Math.min(...series.map((x) => x.readyEndpoints), s.readyEndpoints), series };
    }),
    nodes: [...nodeLifecycle.timelines.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t),
    drains: drainResults,
    rollouts: deploymentLoop.rollouts,
    events: ctx.log.events,
    notes: ctx.notes,
    processedEvents: processed,
  };
}

/** Nodes a failure/recovery names: by node name, zone label, region label, or all (`cluster`). */
export function targetNodes(state: ClusterState, t: FailureTarget): SimNode[] {
  if (t.node !== undefined) return state.nodes.filter((n) => n.name === t.node);
  if (t.zone !== undefined) return state.nodes.filter((n) => n.zone === t.zone);
  if (t.region !== undefined) return state.nodes.filter((n) => n.region === t.region);
  return [...state.nodes];
}

function shuffledNodeOrder(state: ClusterState, rng: ReturnType<typeof createRng>): number[] {
  const order = state.nodes.map((n) => n.idx);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.intn(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  return a.length === b.length && a.every((t) => b.some((u) => u.key === t.key && u.effect === t.effect));
}

function sortedRecord(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k]!;
  return out;
}
