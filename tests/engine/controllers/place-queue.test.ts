/**
 * placeSnapshot's scheduling queue: PrioritySort order (priority, then creationTimestamp, then namespace/name;
 * pods created in this run last), independence from document order, retries of unschedulable pods after later
 * binds (to a fixpoint), and pods bound to nodes the snapshot lacks. Stand-in schedulers keep most of these
 * independent of the real one; the affinity and unknown-node cases also run through defaultSchedulerFactory.
 */
import { describe, expect, it } from "vitest";
import { placeSnapshot, type PlaceOptions, type SchedulerFactory } from "../../../lib/engine/place";
import { defaultSchedulerFactory } from "../../../lib/engine/place-scheduler";
import { parseSnapshot } from "../../../lib/k8s/snapshot";
import type { Deployment, Node, Pod } from "../../../lib/k8s/types";

const milli = (q: string | number | undefined) => (q === undefined ? 0 : typeof q === "number" ? q * 1000 : q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);
const podCpu = (p: Pod) => p.spec.containers.reduce((s, c) => s + milli(c.resources?.requests?.cpu), 0);

/**
 * First node by name with enough free CPU that also satisfies the pod's required pod affinity (matchLabels
 * against the pods bound so far, any topology). The message says how many pods were bound when it failed, so
 * tests can tell which attempt a pending message comes from. `calls` records schedule() order.
 */
function standIn(calls: string[] = []): SchedulerFactory {
  return ({ snapshot, boundPods }) => {
    const free = new Map(snapshot.nodes.map((n) => [n.metadata.name!, milli(n.status?.allocatable?.cpu)]));
    const placed: { pod: Pod; node: string }[] = [];
    const bind = (p: Pod, n: string) => {
      free.set(n, free.get(n)! - podCpu(p));
      placed.push({ pod: p, node: n });
    };
    for (const p of boundPods) bind(p, p.spec.nodeName!);
    const names = [...free.keys()].sort();
    return {
      schedule(p) {
        calls.push(p.metadata.name!);
        const terms = p.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
        const ok = (n: string) =>
          free.get(n)! >= podCpu(p) &&
          terms.every((t) => placed.some((b) => b.node === n && Object.entries(t.labelSelector?.matchLabels ?? {}).every(([k, v]) => b.pod.metadata.labels?.[k] === v)));
        const node = names.find(ok);
        return node ? { nodeName: node, message: "" } : { nodeName: null, message: `0/${names.length} nodes are available (${placed.length} pods bound).` };
      },
      bind,
    };
  };
}

const node = (name: string, zone: string, cpu = "4"): Node => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone, "topology.kubernetes.io/region": "r1" } },
  status: { allocatable: { cpu, memory: "16Gi", pods: "110" } },
});

interface PodOpts {
  cpu?: string;
  priority?: number;
  created?: string;
  node?: string;
  labels?: Record<string, string>;
  affinityTo?: Record<string, string>;
  ns?: string;
}
const pod = (name: string, o: PodOpts = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: o.ns ?? "default", ...(o.created ? { creationTimestamp: o.created } : {}), ...(o.labels ? { labels: o.labels } : {}) },
  spec: {
    containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: o.cpu ?? "100m", memory: "64Mi" } } }],
    ...(o.priority !== undefined ? { priority: o.priority } : {}),
    ...(o.node ? { nodeName: o.node } : {}),
    ...(o.affinityTo
      ? { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: o.affinityTo }, topologyKey: "kubernetes.io/hostname" }] } } }
      : {}),
  },
  status: { phase: o.node ? "Running" : "Pending" },
});

const deployment = (name: string, replicas: number, o: { cpu?: string; priority?: number } = {}): Deployment => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: o.cpu ?? "100m", memory: "64Mi" } } }],
        ...(o.priority !== undefined ? { priority: o.priority } : {}),
      },
    },
  },
});

/** Parses the objects as one `kind: List`, in the given order (as the CLI would read them). */
function snapshotOf(items: unknown[]) {
  const r = parseSnapshot(JSON.stringify({ apiVersion: "v1", kind: "List", items }));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.snapshot;
}

/** A seeded Fisher-Yates shuffle (mulberry32), so a failure is reproducible. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("placeSnapshot queue order", () => {
  it("schedules by priority, then creationTimestamp (missing last), then namespace/name; created pods after snapshot pods", () => {
    const calls: string[] = [];
    const s = snapshotOf([
      node("n1", "a", "64"),
      deployment("batch", 2, { priority: 5 }),
      deployment("web", 2),
      pod("no-ts-b"),
      pod("no-ts-a"),
      pod("late", { created: "2024-03-01T00:00:00Z" }),
      pod("early", { created: "2024-01-01T00:00:00Z" }),
      pod("tie-b", { created: "2024-02-01T00:00:00Z" }),
      pod("tie-a", { created: "2024-02-01T00:00:00Z", ns: "zzz" }),
      pod("tie-a", { created: "2024-02-01T00:00:00Z" }),
      pod("urgent", { created: "2024-12-01T00:00:00Z", priority: 10 }),
      pod("running", { node: "n1", created: "2023-01-01T00:00:00Z" }),
    ]);
    placeSnapshot(s, { seed: 1, createScheduler: standIn(calls) });
    expect(calls.map((c) => c.replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, "-*"))).toEqual([
      "urgent",
      // priority 5: created by the ReplicaSet controller, still ahead of every priority-0 pod
      "batch-*",
      "batch-*",
      "early",
      "tie-a", // default/tie-a before default/tie-b before zzz/tie-a: same timestamp, namespace/name order
      "tie-b",
      "tie-a",
      "late",
      "no-ts-a",
      "no-ts-b",
      "web-*",
      "web-*",
    ]);
  });

  it("gives an identical result for any order of the snapshot's documents", () => {
    const items = [
      node("n1", "a", "1"),
      node("n2", "b", "1"),
      node("n3", "c", "2"),
      deployment("api", 4, { cpu: "500m" }),
      deployment("web", 3, { cpu: "300m", priority: 1 }),
      pod("api-6b7f9c8d4-aaaaa", { cpu: "500m", labels: { app: "api" }, node: "n1", created: "2024-01-01T00:00:00Z" }),
      pod("adhoc-1", { cpu: "700m", created: "2024-02-01T00:00:00Z" }),
      pod("adhoc-2", { cpu: "700m", created: "2024-02-01T00:00:00Z" }),
      pod("adhoc-3", { cpu: "700m" }),
      pod("orphan-web", { cpu: "300m", labels: { app: "web" } }),
      pod("follower", { cpu: "200m", affinityTo: { role: "leader" }, created: "2024-01-01T00:00:00Z" }),
      pod("leader", { cpu: "200m", labels: { role: "leader" }, created: "2024-06-01T00:00:00Z" }),
    ];
    for (const createScheduler of [standIn(), defaultSchedulerFactory]) {
      const want = JSON.stringify(placeSnapshot(snapshotOf(items), { seed: 7, createScheduler }));
      // Capacity is tight, so the queue order decides which pods stay pending: a document-order queue fails this.
      expect(JSON.parse(want).pods.some((p: { pending: unknown }) => p.pending !== false)).toBe(true);
      for (const seed of [1, 2, 3, 4, 5]) expect(JSON.stringify(placeSnapshot(snapshotOf(shuffled(items, seed)), { seed: 7, createScheduler }))).toBe(want);
      expect(JSON.stringify(placeSnapshot(snapshotOf([...items].reverse()), { seed: 7, createScheduler }))).toBe(want);
    }
  });
});

describe("placeSnapshot retries unschedulable pods", () => {
  const items = [
    node("n1", "a"),
    node("n2", "b"),
    // Queued first (older), but its required affinity can only be met once "leader" is bound.
    pod("follower", { affinityTo: { role: "leader" }, created: "2024-01-01T00:00:00Z" }),
    pod("leader", { labels: { role: "leader" }, created: "2024-01-02T00:00:00Z" }),
  ];

  for (const [name, createScheduler] of [
    ["stand-in scheduler", standIn()],
    ["default scheduler", defaultSchedulerFactory],
  ] as const) {
    it(`places a pod whose required pod affinity targets a later pod (${name}), reporting it once, as bound`, () => {
      const events: { pod: string; nodeName: string | null }[] = [];
      const r = placeSnapshot(snapshotOf(items), { seed: 1, createScheduler, trace: (e) => events.push({ pod: e.pod, nodeName: e.nodeName }) });
      const leader = r.pods.find((p) => p.name === "leader")!;
      expect(leader.pending).toBe(false);
      expect(r.pods.find((p) => p.name === "follower")).toMatchObject({ pending: false, node: leader.node });
      // Binds in bind order (what the W3 checker replays), no pending event for the retried pod.
      expect(events).toEqual([
        { pod: "default/leader", nodeName: leader.node },
        { pod: "default/follower", nodeName: leader.node },
      ]);
    });
  }

  it("keeps retrying while passes bind, and reports a pod left pending once, with its last attempt's message", () => {
    const calls: string[] = [];
    const events: Parameters<NonNullable<PlaceOptions["trace"]>>[0][] = [];
    const s = snapshotOf([
      node("n1", "a"),
      pod("huge", { cpu: "64", created: "2024-01-01T00:00:00Z" }),
      // A chain: c needs b, b needs a, queued c, b, a; one pass places a, the next b, the next c.
      pod("c", { labels: { role: "c" }, affinityTo: { role: "b" }, created: "2024-01-02T00:00:00Z" }),
      pod("b", { labels: { role: "b" }, affinityTo: { role: "a" }, created: "2024-01-03T00:00:00Z" }),
      pod("a", { labels: { role: "a" }, created: "2024-01-04T00:00:00Z" }),
    ]);
    const r = placeSnapshot(s, { seed: 1, createScheduler: standIn(calls), trace: (e) => events.push(e) });
    expect(r.pods.filter((p) => p.pending === false).map((p) => p.name)).toEqual(["a", "b", "c"]);
    expect(r.pods.find((p) => p.name === "huge")!.pending).toBe("0/1 nodes are available (3 pods bound).");
    // Pass 1: huge c b a (a binds); pass 2: huge c b (b binds); pass 3: huge c (c binds); pass 4: huge saw
    // fewer binds than there are now, so one more attempt; then nothing changed since its last attempt: done.
    expect(calls).toEqual(["huge", "c", "b", "a", "huge", "c", "b", "huge", "c", "huge"]);
    expect(events.map((e) => [e.pod, e.nodeName, e.message])).toEqual([
      ["default/a", "n1", ""],
      ["default/b", "n1", ""],
      ["default/c", "n1", ""],
      ["default/huge", null, "0/1 nodes are available (3 pods bound)."],
    ]);
  });
});

describe("placeSnapshot with a pod bound to a node the snapshot lacks", () => {
  it("warns, keeps the pod out of the scheduler and reports it bound to that node (no crash)", () => {
    // The pod-template-hash the Deployment controller gives web's ReplicaSet, so that it adopts the pod on "gone".
    const rsName = placeSnapshot(snapshotOf([node("n1", "a"), deployment("web", 3)]), { seed: 1, createScheduler: standIn() }).deployments[0]!.replicaSet;
    const hash = rsName.slice("web-".length);
    const s = snapshotOf([
      node("n1", "a"),
      deployment("web", 3),
      pod(`${rsName}-gone1`, { labels: { app: "web", "pod-template-hash": hash }, node: "gone" }),
      pod("debug", { node: "gone" }),
    ]);
    let bound: string[] = [];
    const spy: SchedulerFactory = (input) => {
      bound = input.boundPods.map((p) => p.metadata.name!);
      return defaultSchedulerFactory(input);
    };
    const r = placeSnapshot(s, { seed: 1, createScheduler: spy });
    expect(bound).toEqual([]);
    expect(r.warnings).toEqual(["pod default/debug is bound to unknown node gone", `pod default/${rsName}-gone1 is bound to unknown node gone`]);
    expect(r.pods.find((p) => p.name === "debug")).toMatchObject({ node: "gone", zone: null, region: null, pending: false, created: false });
    // The ReplicaSet counts the pod on the unknown node as one of its replicas: only two are created.
    expect(r.deployments[0]).toMatchObject({ replicas: 3, scheduled: 3, pending: 0, byNode: { gone: 1, n1: 2 }, byZone: { a: 2 } });
  });
});
