/**
 * `placeSnapshot`: the steady state a cluster snapshot converges to, as Kubernetes would reach it.
 * Deployment by Deployment (namespace/name order) the Deployment and ReplicaSet controllers materialise the
 * missing pods (lib/engine/controllers/materialize), standalone ReplicaSets do the same, then the scheduler
 * places every unbound pod one at a time in scheduling-queue order (priority, then creation order). Pure:
 * the scheduler is passed in as a factory so the app, the CLI and tests share this orchestration.
 */
import { compileLabelSelector } from "../k8s/selector";
import type { ClusterSnapshot } from "../k8s/snapshot";
import type { Node, Pod, ReplicaSet } from "../k8s/types";
import type { SelectorMatcher } from "./controllers/claim";
import { Materializer, type ReplicaSetOutcome } from "./controllers/materialize";
import { getControllerOf, isPodActive } from "./controllers/pod-util";
import { BoundPodIndex, countBy, constraintSkews, type DomainCache, lossImpact, regionOf, zoneOf, type ConstraintSkew, type LossImpact } from "./util/spread-report";

/** What placement needs from the scheduler (lib/engine/scheduler adapts to this). */
export interface SchedulerPort {
  /** One scheduling cycle; nodeName null = unschedulable, with kube-scheduler's FailedScheduling message. */
  schedule(pod: Pod): { nodeName: string | null; message: string };
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
  /** Called with each scheduling decision (for `--trace` style output). */
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

export function placeSnapshot(snapshot: ClusterSnapshot, opts: PlaceOptions): PlacementResult {
  const nowMs = opts.nowMs ?? DEFAULT_NOW_MS;
  const warnings = snapshot.warnings.map((w) => `${w.kind ?? ""} ${w.name ?? ""}: ${w.message}`.trim());
  const m = new Materializer(snapshot.pods, { seed: opts.seed, nowMs, matches: cachedMatcher() });

  // Deployment controller first (it creates ReplicaSets), then ReplicaSets not owned by a Deployment.
  const deployments = [...snapshot.deployments].sort(byNsName);
  const outcomes = deployments.map((d) => m.syncDeployment(d, snapshot.replicaSets));
  const handled = new Set(outcomes.flatMap((o) => [o.current, ...o.old].map((r) => `${r.replicaSet.metadata.namespace}/${r.replicaSet.metadata.name}`)));
  const standalone: ReplicaSetOutcome[] = [...snapshot.replicaSets]
    .sort(byNsName)
    .filter((rs) => !handled.has(`${rs.metadata.namespace}/${rs.metadata.name}`))
    .filter((rs) => !getControllerOf(rs) || !snapshot.deployments.some((d) => d.metadata.name === getControllerOf(rs)!.name))
    .map((rs) => ({ ...m.syncReplicaSet(rs), origin: "snapshot" as const }));
  const replicaSets = [...outcomes.flatMap((o) => [o.current, ...o.old]), ...standalone].map((o) => o.replicaSet);
  // Pods are tracked by object identity from here on (no namespace/name string per pod per lookup).
  const createdPods = new Set<Pod>([...outcomes.flatMap((o) => o.current.created), ...standalone.flatMap((o) => o.created)]);

  const nodesByName = new Map<string, Node>(snapshot.nodes.map((n) => [n.metadata.name ?? "", n]));
  const all = m.pods().filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
  const bound = all.filter((p) => p.spec.nodeName);
  for (const p of bound) if (!nodesByName.has(p.spec.nodeName!)) warnings.push(`pod ${key(p)} is bound to unknown node ${p.spec.nodeName}`);
  const scheduler = opts.createScheduler({ snapshot, boundPods: bound, replicaSets, seed: opts.seed, percentageOfNodesToScore: opts.percentageOfNodesToScore });

  // The scheduling queue pops by priority, then by the time pods entered it (creation order here).
  const queue = all
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !p.spec.nodeName && isPodActive(p))
    .sort((a, b) => (b.p.spec.priority ?? 0) - (a.p.spec.priority ?? 0) || a.i - b.i);
  const nodeOf = new Map<Pod, string>();
  const pendingOf = new Map<Pod, string>();
  for (const { p } of queue) {
    if (p.spec.schedulerName && p.spec.schedulerName !== "default-scheduler") {
      pendingOf.set(p, `waiting for scheduler "${p.spec.schedulerName}"`);
      continue;
    }
    const r = scheduler.schedule(p);
    opts.trace?.({ pod: key(p), nodeName: r.nodeName, message: r.message, object: p });
    if (r.nodeName) {
      scheduler.bind(p, r.nodeName);
      nodeOf.set(p, r.nodeName);
    } else pendingOf.set(p, r.message);
  }

  const placedPods = all.map((p) => {
    const n = p.spec.nodeName ? undefined : nodeOf.get(p);
    return n === undefined ? p : { ...p, spec: { ...p.spec, nodeName: n } };
  });
  const boundIndex = new BoundPodIndex(placedPods.filter((p) => p.spec.nodeName));
  const podsByRs = new Map<string, Pod[]>();
  for (const p of placedPods) {
    const ref = getControllerOf(p);
    if (!ref || !isPodActive(p)) continue;
    const k = `${p.metadata.namespace ?? "default"}/${ref.name}`;
    const list = podsByRs.get(k);
    if (list) list.push(p);
    else podsByRs.set(k, [p]);
  }
  const ownerByRs = new Map(outcomes.map((o) => [`${o.current.replicaSet.metadata.namespace}/${o.current.replicaSet.metadata.name}`, `Deployment/${o.deployment.metadata.name}`]));
  const ownerOf = (p: Pod): string | null => {
    const ref = getControllerOf(p);
    if (!ref) return null;
    return ownerByRs.get(`${p.metadata.namespace ?? "default"}/${ref.name}`) ?? `${ref.kind}/${ref.name}`;
  };

  const sorted = placedPods
    .map((p, i) => ({ k: key(p), p, orig: all[i]! }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const pods: PlacedPod[] = sorted.map(({ p, orig }) => {
    const node = p.spec.nodeName ? nodesByName.get(p.spec.nodeName) : undefined;
    return {
      namespace: p.metadata.namespace ?? "default",
      name: p.metadata.name ?? "",
      owner: ownerOf(p),
      node: p.spec.nodeName ?? null,
      zone: zoneOf(node),
      region: regionOf(node),
      pending: p.spec.nodeName ? false : (pendingOf.get(orig) ?? "not scheduled"),
      created: createdPods.has(orig),
    };
  });

  const domainCache: DomainCache = new Map();
  const deploymentsOut = outcomes.map((o): DeploymentPlacement => {
    const rsName = o.current.replicaSet.metadata.name ?? "";
    const ns = o.deployment.metadata.namespace ?? "default";
    const mine = podsByRs.get(`${ns}/${rsName}`) ?? [];
    const scheduled = mine.filter((p) => p.spec.nodeName);
    const byNode = countBy(scheduled, (p) => p.spec.nodeName ?? null);
    const byZone = countBy(scheduled, (p) => zoneOf(nodesByName.get(p.spec.nodeName!)));
    const byRegion = countBy(scheduled, (p) => regionOf(nodesByName.get(p.spec.nodeName!)));
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
