/**
 * `placeSnapshot`: the steady state a cluster snapshot converges to, as Kubernetes would reach it.
 * Deployment by Deployment (namespace/name order) the Deployment and ReplicaSet controllers materialise the
 * missing pods (lib/engine/controllers/materialize), standalone ReplicaSets do the same, then the scheduler
 * places every unbound pod one at a time in scheduling-queue order (PrioritySort: priority, then the time the
 * pod entered the queue; see `queueOrder`), and retries the pods it could not place while binds keep changing
 * the cluster (kube-scheduler moves unschedulable pods back to the active queue on such events). The result
 * does not depend on the order of the snapshot's documents. Pure: the scheduler is passed in as a factory so
 * the app, the CLI and tests share this orchestration.
 */
import { compileLabelSelector } from "../k8s/selector";
import type { ClusterSnapshot } from "../k8s/snapshot";
import type { Node, Pod, ReplicaSet } from "../k8s/types";
import type { SelectorMatcher } from "./controllers/claim";
import { Materializer, type ReplicaSetOutcome } from "./controllers/materialize";
import { getControllerOf, isPodActive } from "./controllers/pod-util";
import { parseTimeMs } from "./util/time";
import { BoundPodIndex, countBy, constraintSkews, type DomainCache, lossImpact, regionOf, zoneOf, type ConstraintSkew, type LossImpact } from "./util/spread-report";

/** What placement needs from the scheduler (lib/engine/scheduler adapts to this). */
export interface SchedulerPort {
  /**
   * One scheduling cycle; nodeName null = unschedulable, with kube-scheduler's FailedScheduling message.
   * A failure must depend only on the pod and the bindings so far (placeSnapshot does not retry a pod when
   * nothing was bound since its last failed attempt). `key` is the pod's namespace/name when the caller has it
   * (a string already hashed by the Materializer's index: the scheduler's cache keys pods by it).
   */
  schedule(pod: Pod, key?: string): { nodeName: string | null; message: string };
  /** Records the binding so later cycles see the pod on that node. */
  bind(pod: Pod, nodeName: string): void;
}
export interface SchedulerInput {
  snapshot: ClusterSnapshot;
  /** Pods already bound to nodes (running or pending on a node), after controller syncs. */
  boundPods: Pod[];
  /** ReplicaSets after materialisation (PodTopologySpread derives default constraints from their selectors). */
  replicaSets: ReplicaSet[];
  seed: number;
  percentageOfNodesToScore?: number;
}
export type SchedulerFactory = (input: SchedulerInput) => SchedulerPort;

export interface PlaceOptions {
  seed: number;
  /** Virtual clock for created objects' creationTimestamp; defaults to 2025-01-01T00:00:00Z. */
  nowMs?: number;
  percentageOfNodesToScore?: number;
  createScheduler: SchedulerFactory;
  /**
   * Called once per scheduled pod with its final outcome (for `--trace` style output): each bind when it
   * happens (in bind order, so replaying the events replays the placement), then, after the retries, each
   * pod left pending with the message of its last attempt. A pod that failed and was placed by a retry is
   * only reported as bound. Pods for another schedulerName are not reported.
   */
  trace?: (event: { pod: string; nodeName: string | null; message: string; object: Pod }) => void;
}

export interface PlacedPod {
  namespace: string;
  name: string;
  owner: string | null;
  node: string | null;
  zone: string | null;
  region: string | null;
  /** false when bound; kube-scheduler's message when it could not be placed. */
  pending: false | string;
  /** Created by the controllers in this run (not in the snapshot). */
  created: boolean;
}

export interface DeploymentPlacement {
  namespace: string;
  name: string;
  replicaSet: string;
  replicas: number;
  scheduled: number;
  pending: number;
  byNode: Record<string, number>;
  byZone: Record<string, number>;
  byRegion: Record<string, number>;
  spread: ConstraintSkew[];
  /** Replicas left when the worst single node / zone / region is lost. */
  ifLost: { node: LossImpact; zone: LossImpact; region: LossImpact };
}

export interface PlacementResult {
  seed: number;
  pods: PlacedPod[];
  deployments: DeploymentPlacement[];
  warnings: string[];
}

export const DEFAULT_NOW_MS = Date.UTC(2025, 0, 1);

const byNsName = <T extends { metadata: { namespace?: string; name?: string } }>(a: T, b: T) => {
  const x = `${a.metadata.namespace ?? "default"}/${a.metadata.name ?? ""}`;
  const y = `${b.metadata.namespace ?? "default"}/${b.metadata.name ?? ""}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Selector matching with compiled selectors cached per selector object; an invalid selector matches nothing. */
function cachedMatcher(): SelectorMatcher {
  const cache = new WeakMap<object, (l: Record<string, string> | undefined) => boolean>();
  return (sel, labels) => {
    let m = cache.get(sel);
    if (!m) {
      try {
        const c = compileLabelSelector(sel);
        m = (l) => c.matches(l);
      } catch {
        m = () => false;
      }
      cache.set(sel, m);
    }
    return m(labels);
  };
}

const key = (p: Pod) => `${p.metadata.namespace ?? "default"}/${p.metadata.name}`;

interface Queued {
  p: Pod;
  /** Position in the Materializer's pod list: creation order for the pods created in this run. */
  i: number;
  created: boolean;
  /** creationTimestamp in epoch ms; Infinity when missing or invalid. */
  ts: number;
  /** namespace/name, the last tie-break among snapshot pods (created pods never need it: "" for them). */
  k: string;
}

/**
 * kube-scheduler's activeQ order (PrioritySort's Less): higher spec.priority first, then the earlier queue
 * timestamp. Snapshot pods entered the queue at their creationTimestamp (pods without one sort after those
 * with one: they are manifests applied now), namespace/name breaking ties so document order never matters;
 * pods created by the controllers in this run entered it after every snapshot pod, in creation order.
 */
function queueOrder(a: Queued, b: Queued): number {
  const pa = a.p.spec.priority ?? 0;
  const pb = b.p.spec.priority ?? 0;
  if (pa !== pb) return pb - pa;
  if (a.created !== b.created) return a.created ? 1 : -1;
  if (a.created) return a.i - b.i;
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  return a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
}

export function placeSnapshot(snapshot: ClusterSnapshot, opts: PlaceOptions): PlacementResult {
  const nowMs = opts.nowMs ?? DEFAULT_NOW_MS;
  const warnings = snapshot.warnings.map((w) => `${w.kind ?? ""} ${w.name ?? ""}: ${w.message}`.trim());
  // The controllers see pods and ReplicaSets in namespace/name order, not document order, so that claiming,
  // adoption and scale-down ties (and the pod list everything below starts from) are the same for any
  // ordering of the same snapshot.
  const snapshotPods = [...snapshot.pods].sort(byNsName);
  const snapshotReplicaSets = [...snapshot.replicaSets].sort(byNsName);
  const m = new Materializer(snapshotPods, { seed: opts.seed, nowMs, matches: cachedMatcher() });

  // Deployment controller first (it creates ReplicaSets), then ReplicaSets not owned by a Deployment.
  const deployments = [...snapshot.deployments].sort(byNsName);
  const outcomes = deployments.map((d) => m.syncDeployment(d, snapshotReplicaSets));
  const handled = new Set(outcomes.flatMap((o) => [o.current, ...o.old].map((r) => `${r.replicaSet.metadata.namespace}/${r.replicaSet.metadata.name}`)));
  const standalone: ReplicaSetOutcome[] = snapshotReplicaSets
    .filter((rs) => !handled.has(`${rs.metadata.namespace}/${rs.metadata.name}`))
    .filter((rs) => !getControllerOf(rs) || !snapshot.deployments.some((d) => d.metadata.name === getControllerOf(rs)!.name))
    .map((rs) => ({ ...m.syncReplicaSet(rs), origin: "snapshot" as const }));
  const replicaSets = [...outcomes.flatMap((o) => [o.current, ...o.old]), ...standalone].map((o) => o.replicaSet);
  // Pods are tracked by object identity from here on (no namespace/name string per pod per lookup).
  const createdPods = new Set<Pod>();
  for (const o of outcomes) for (const p of o.current.created) createdPods.add(p);
  for (const o of standalone) for (const p of o.created) createdPods.add(p);

  const nodesByName = new Map<string, Node>(snapshot.nodes.map((n) => [n.metadata.name ?? "", n]));
  // With the namespace/name keys the Materializer built (flat strings it has hashed): the scheduler's cache, the
  // trace and the report's sort reuse them instead of building 150,000 strings each.
  const withKeys = m.podsWithKeys();
  const all: Pod[] = [];
  const keys: string[] = [];
  // (For a pod without a namespace or a name, the scheduler's key is not this one: it builds its own.)
  const schedulerKeys: (string | undefined)[] = [];
  for (let i = 0; i < withKeys.pods.length; i++) {
    const p = withKeys.pods[i]!;
    if (p.status?.phase === "Succeeded" || p.status?.phase === "Failed") continue;
    all.push(p);
    const plain = !!p.metadata.namespace && p.metadata.name !== undefined;
    keys.push(plain ? withKeys.keys[i]! : key(p));
    schedulerKeys.push(plain ? withKeys.keys[i]! : undefined);
  }
  // A pod bound to a node the snapshot lacks is running on a node the scheduler has no cache entry for (as when
  // kube-scheduler has not seen that Node yet): it is kept out of the scheduler, which can only account pods on
  // nodes it knows, and reported as bound there (the CLI contract: a pod with spec.nodeName is running there),
  // with no zone or region. It still counts toward its ReplicaSet and its Deployment's scheduled/byNode.
  const bound = all.filter((p) => p.spec.nodeName && nodesByName.has(p.spec.nodeName));
  for (const p of all) if (p.spec.nodeName && !nodesByName.has(p.spec.nodeName)) warnings.push(`pod ${key(p)} is bound to unknown node ${p.spec.nodeName}`);
  const scheduler = opts.createScheduler({ snapshot, boundPods: bound, replicaSets, seed: opts.seed, percentageOfNodesToScore: opts.percentageOfNodesToScore });

  const queue = all
    .map((p, i): Queued => {
      const created = createdPods.has(p);
      return { p, i, created, ts: parseTimeMs(p.metadata.creationTimestamp) ?? Infinity, k: created ? "" : keys[i]! };
    })
    .filter(({ p }) => !p.spec.nodeName && isPodActive(p))
    .sort(queueOrder);
  // Where each queued pod went and why one did not, by its position in `all` (no map keyed by pod object).
  const nodeAt: (string | undefined)[] = all.map((p) => p.spec.nodeName || undefined);
  const pendingAt: (string | undefined)[] = new Array<string | undefined>(all.length);
  // Binds so far, and for each pod that failed, how many binds there were at its last attempt. Binding is the
  // only thing that changes the scheduler's state here, so a pod whose last attempt already saw every bind
  // would fail again with the same message (a failed cycle evaluates every node and draws no random number):
  // it is not retried. This is what makes the retry loop below a fixpoint and keeps it cheap.
  let binds = 0;
  const failedAt = new Int32Array(all.length);
  const attempt = (q: Queued): boolean => {
    const p = q.p;
    const r = scheduler.schedule(p, schedulerKeys[q.i]);
    if (r.nodeName) {
      scheduler.bind(p, r.nodeName);
      nodeAt[q.i] = r.nodeName;
      pendingAt[q.i] = undefined;
      binds++;
      opts.trace?.({ pod: keys[q.i]!, nodeName: r.nodeName, message: r.message, object: p });
      return true;
    }
    pendingAt[q.i] = r.message;
    failedAt[q.i] = binds;
    return false;
  };
  let waiting: Queued[] = [];
  for (const q of queue) {
    const p = q.p;
    if (p.spec.schedulerName && p.spec.schedulerName !== "default-scheduler") {
      pendingAt[q.i] = `waiting for scheduler "${p.spec.schedulerName}"`;
      continue;
    }
    if (!attempt(q)) waiting.push(q);
  }
  // kube-scheduler moves unschedulable pods back to the active queue when the cluster changes (an assigned pod
  // added may satisfy a required pod affinity, or raise a spread constraint's minimum). Here the change is the
  // binds after a pod's failed attempt: retry the pending pods in queue order, pass after pass, until a pass
  // binds nothing. (SchedulingQueue in lib/engine/scheduler/queue.ts does the same over the full Scheduler
  // interface; placeSnapshot only has the schedule/bind port.)
  while (waiting.some((q) => failedAt[q.i]! < binds)) {
    const still: Queued[] = [];
    for (const q of waiting) if (failedAt[q.i]! === binds || !attempt(q)) still.push(q);
    waiting = still;
  }
  for (const q of waiting) opts.trace?.({ pod: keys[q.i]!, nodeName: null, message: pendingAt[q.i]!, object: q.p });

  const boundAt: number[] = [];
  for (let i = 0; i < all.length; i++) if (nodeAt[i] !== undefined) boundAt.push(i);
  const boundIndex = new BoundPodIndex(boundAt.map((i) => all[i]!), boundAt.map((i) => nodeAt[i]!));
  /** Positions in `all` of each ReplicaSet's active pods. */
  const podsByRs = new Map<string, number[]>();
  all.forEach((p, i) => {
    const ref = getControllerOf(p);
    if (!ref || !isPodActive(p)) return;
    const k = `${p.metadata.namespace ?? "default"}/${ref.name}`;
    const list = podsByRs.get(k);
    if (list) list.push(i);
    else podsByRs.set(k, [i]);
  });
  const ownerByRs = new Map(outcomes.map((o) => [`${o.current.replicaSet.metadata.namespace}/${o.current.replicaSet.metadata.name}`, `Deployment/${o.deployment.metadata.name}`]));
  const ownerOf = (p: Pod): string | null => {
    const ref = getControllerOf(p);
    if (!ref) return null;
    return ownerByRs.get(`${p.metadata.namespace ?? "default"}/${ref.name}`) ?? `${ref.kind}/${ref.name}`;
  };

  // Sorted by namespace/name through an index array (no wrapper object per pod).
  const byKeyOrder = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const pods: PlacedPod[] = byKeyOrder.map((i) => {
    const p = all[i]!;
    const nodeName = nodeAt[i];
    const node = nodeName !== undefined ? nodesByName.get(nodeName) : undefined;
    return {
      namespace: p.metadata.namespace ?? "default",
      name: p.metadata.name ?? "",
      owner: ownerOf(p),
      node: nodeName ?? null,
      zone: zoneOf(node),
      region: regionOf(node),
      pending: nodeName !== undefined ? false : (pendingAt[i] ?? "not scheduled"),
      created: createdPods.has(p),
    };
  });

  const domainCache: DomainCache = new Map();
  // Each node's zone and region, read once (not per pod of every Deployment).
  const zoneByNode = new Map<string, string | null>();
  const regionByNode = new Map<string, string | null>();
  for (const [name, node] of nodesByName) {
    zoneByNode.set(name, zoneOf(node));
    regionByNode.set(name, regionOf(node));
  }
  const deploymentsOut = outcomes.map((o): DeploymentPlacement => {
    const rsName = o.current.replicaSet.metadata.name ?? "";
    const ns = o.deployment.metadata.namespace ?? "default";
    const mine = podsByRs.get(`${ns}/${rsName}`) ?? [];
    const scheduled = mine.filter((i) => nodeAt[i] !== undefined);
    const byNode = countBy(scheduled, (i) => nodeAt[i] ?? null);
    const byZone = countBy(scheduled, (i) => zoneByNode.get(nodeAt[i]!));
    const byRegion = countBy(scheduled, (i) => regionByNode.get(nodeAt[i]!));
    const template = o.current.replicaSet.spec.template ?? o.deployment.spec.template;
    return {
      namespace: ns,
      name: o.deployment.metadata.name ?? "",
      replicaSet: rsName,
      replicas: o.current.desired,
      scheduled: scheduled.length,
      pending: mine.length - scheduled.length,
      byNode,
      byZone,
      byRegion,
      spread: constraintSkews(template.spec, template.metadata?.labels ?? {}, ns, snapshot.nodes, boundIndex, domainCache),
      ifLost: {
        node: lossImpact(scheduled.length, byNode),
        zone: lossImpact(scheduled.length, byZone),
        region: lossImpact(scheduled.length, byRegion),
      },
    };
  });
  return { seed: opts.seed, pods, deployments: deploymentsOut, warnings };
}
