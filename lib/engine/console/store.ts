/**
 * The console's simulated cluster: the API objects (kept as full Kubernetes objects, so kubectl output and the
 * controller helpers see what a real API server would hold), a virtual clock with timers, and the event list.
 * The controllers that act on it live in controllers.ts and nodes.ts; this file only stores and notifies.
 */
import type { Deployment, Node, Pod, PodDisruptionBudget, ReplicaSet, Service } from "../../k8s/types";
import { DEFAULT_CLUSTER_SETTINGS } from "../../schemas/defaults";
import { createScheduler, type Scheduler } from "../scheduler";
import { createRng, type Rng } from "../util/prng";
import { formatTimeMs } from "../util/time";

/** Virtual t = 0 as a wall-clock instant, only for RFC 3339 timestamps in objects. */
export const CONSOLE_EPOCH_MS = Date.UTC(2025, 0, 1, 12, 0, 0);

export interface ConsoleSettings {
  /** Image pull + container start + readiness. */
  podStartupMs: number;
  /** How long containers take to exit after SIGTERM (well-behaved apps such as nginx exit at once). */
  shutdownMs: number;
  nodeMonitorGracePeriodMs: number;
  defaultTolerationSeconds: number;
  /** Node eviction rate per zone (nodes per second): --node-eviction-rate. */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate: a large zone in PartialDisruption. */
  secondaryNodeEvictionRate: number;
  /** --unhealthy-zone-threshold: the share of not-Ready nodes (more than 2) that makes a zone PartialDisruption. */
  unhealthyZoneThreshold: number;
  /** --large-cluster-size-threshold: zones of at most this many nodes stop tainting in PartialDisruption. */
  largeClusterSizeThreshold: number;
  /** The "short virtual moment" controllers get after each command. */
  settleMs: number;
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  podStartupMs: 10_000,
  shutdownMs: 1_000,
  nodeMonitorGracePeriodMs: 50_000,
  defaultTolerationSeconds: 300,
  nodeEvictionRate: DEFAULT_CLUSTER_SETTINGS.nodeEvictionRate,
  secondaryNodeEvictionRate: DEFAULT_CLUSTER_SETTINGS.secondaryNodeEvictionRate,
  unhealthyZoneThreshold: DEFAULT_CLUSTER_SETTINGS.unhealthyZoneThreshold,
  largeClusterSizeThreshold: DEFAULT_CLUSTER_SETTINGS.largeClusterSizeThreshold,
  settleMs: 1_000,
};

export interface NodeRec {
  node: Node;
  /** Is the kubelet alive (heartbeating)? */
  up: boolean;
  createdMs: number;
  /** Pod IPs handed out so far (host part), from the node's pod CIDR. */
  nextHost: number;
}

export interface ConsoleEvent {
  firstMs: number;
  lastMs: number;
  count: number;
  type: "Normal" | "Warning";
  reason: string;
  kind: string;
  namespace: string;
  name: string;
  message: string;
  source: string;
}

interface Timer {
  atMs: number;
  seq: number;
  run: () => void;
}

export const keyOf = (o: { metadata: { namespace?: string; name?: string } }) => `${o.metadata.namespace || "default"}/${o.metadata.name ?? ""}`;

export class ConsoleStore {
  nowMs = 0;
  readonly nodes = new Map<string, NodeRec>();
  readonly pods = new Map<string, Pod>();
  readonly deployments = new Map<string, Deployment>();
  readonly replicaSets = new Map<string, ReplicaSet>();
  readonly pdbs = new Map<string, PodDisruptionBudget>();
  readonly services = new Map<string, Service>();
  readonly events: ConsoleEvent[] = [];
  readonly rng: Rng;
  readonly scheduler: Scheduler;
  /** Bumped whenever something a pending pod's scheduling depends on changes (nodes, pods going away, labels). */
  schedGeneration = 0;
  private timers: Timer[] = [];
  private seq = 0;
  private uidCounter = 0;

  constructor(nodes: Node[], readonly settings: ConsoleSettings, seed: number) {
    this.rng = createRng(seed);
    nodes.forEach((n, i) => {
      const cidr = n.spec?.podCIDR ?? `10.244.${i}.0/24`;
      // The node IPAM controller gives every node a pod CIDR; the snapshot's wins when it has one.
      const node: Node = { ...n, spec: { ...n.spec, podCIDR: cidr, podCIDRs: [cidr] } };
      this.nodes.set(n.metadata.name ?? "", { node, up: true, createdMs: -86_400_000, nextHost: 1 });
    });
    this.scheduler = createScheduler({ nodes: [...this.nodes.values()].map((r) => r.node), pods: [] }, { seed });
  }

  timestamp(ms = this.nowMs): string {
    return formatTimeMs(CONSOLE_EPOCH_MS + ms);
  }

  uid(): string {
    const n = (++this.uidCounter).toString(16).padStart(12, "0");
    return `0c0n5013-0000-4000-8000-${n}`;
  }

  at(atMs: number, run: () => void): void {
    this.timers.push({ atMs: Math.max(atMs, this.nowMs), seq: this.seq++, run });
    this.timers.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  }

  nextTimerMs(): number | null {
    return this.timers[0]?.atMs ?? null;
  }

  /** Runs the earliest timer (moving the clock to it). */
  runNextTimer(): void {
    const t = this.timers.shift();
    if (!t) return;
    this.nowMs = Math.max(this.nowMs, t.atMs);
    t.run();
  }

  record(type: "Normal" | "Warning", reason: string, obj: { kind: string; namespace?: string; name: string }, message: string, source: string): void {
    const ns = obj.namespace ?? "";
    // The API server's event correlator aggregates repeats into one event with a count.
    const same = this.events.find((e) => e.reason === reason && e.kind === obj.kind && e.name === obj.name && e.namespace === ns && e.message === message);
    if (same) {
      same.count++;
      same.lastMs = this.nowMs;
      return;
    }
    this.events.push({ firstMs: this.nowMs, lastMs: this.nowMs, count: 1, type, reason, kind: obj.kind, namespace: ns, name: obj.name, message, source });
  }

  /** Replaces a pod object (and keeps the scheduler's copy in step when labels or placement matter to it). */
  putPod(p: Pod): void {
    const key = keyOf(p);
    const before = this.pods.get(key);
    this.pods.set(key, p);
    // The scheduler's cache sees label changes and deletions (PodTopologySpread skips terminating pods).
    if (before?.spec.nodeName && (before.metadata.labels !== p.metadata.labels || before.metadata.deletionTimestamp !== p.metadata.deletionTimestamp)) {
      this.scheduler.removePod(before);
      this.scheduler.bind(p, p.spec.nodeName!);
      this.schedGeneration++;
    }
  }

  removePod(p: Pod): void {
    const key = keyOf(p);
    const cur = this.pods.get(key);
    if (!cur) return;
    this.pods.delete(key);
    if (cur.spec.nodeName) this.scheduler.removePod(cur);
    this.schedGeneration++;
  }

  putNode(n: Node): void {
    const rec = this.nodes.get(n.metadata.name ?? "")!;
    rec.node = n;
    this.scheduler.updateNode(n);
    this.schedGeneration++;
  }

  podsOn(node: string): Pod[] {
    return [...this.pods.values()].filter((p) => p.spec.nodeName === node);
  }
}
