import { describe, expect, it } from "vitest";
import { createScheduler, defaultProfile, fitErrorMessage, numFeasibleNodesToFind, scheduleAll, SchedulingQueue } from "@/lib/engine/scheduler";
import { MakeNode, MakePod } from "./builders";
import { nodeTreeOrder } from "@/lib/engine/scheduler/node-tree";

describe("numFeasibleNodesToFind (schedule_one.go)", () => {
  it.each([
    [0, 50, 50], [0, 99, 99], [0, 100, 100], [0, 1000, 420], [0, 5000, 500], [0, 6000, 300], [0, 20000, 1000],
    [100, 5000, 5000], [1, 5000, 100], [30, 1000, 300],
  ])("percentage %i of %i nodes -> %i", (pct, n, want) => {
    expect(numFeasibleNodesToFind(pct, n)).toBe(want);
  });
});

describe("FitError message", () => {
  it("histogram of reasons sorted as strings, like kube-scheduler", () => {
    const nodes = [
      ...[0, 1, 2].map((i) => MakeNode(`small-${i}`).zone("z1").alloc({ cpu: "1", memory: "8Gi", pods: "10" }).obj()),
      ...[0, 1, 2].map((i) => MakeNode(`nolabel-${i}`).alloc({ cpu: "4", memory: "8Gi", pods: "10" }).obj()),
    ];
    const s = createScheduler({ nodes });
    const r = s.schedule(MakePod().label("app", "x").req({ cpu: "2" }).spread(1, "topology.kubernetes.io/zone", "DoNotSchedule", { matchLabels: { app: "x" } }).obj());
    expect(r.nodeName).toBeNull();
    expect(r.message).toBe("0/6 nodes are available: 3 Insufficient cpu, 3 node(s) didn't match pod topology spread constraints (missing required label).");
    expect(r.unschedulablePlugins).toEqual(["NodeResourcesFit", "PodTopologySpread"]);
  });
  it("sorts counts as text (10 before 2) and counts every reason of a node", () => {
    const st = (r: string[]) => ({ code: "Unschedulable" as const, reasons: r });
    const msg = fitErrorMessage(12, [...Array(10).fill(st(["b"])), st(["a", "b"]), st(["a"])], 0, null, null);
    expect(msg).toBe("0/12 nodes are available: 11 b, 2 a.");
  });
  it("a PreFilter rejection is reported once", () => {
    const s = createScheduler({ nodes: [MakeNode("n1").obj(), MakeNode("n2").obj()] });
    const pod = MakePod().obj();
    pod.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }, { key: "metadata.name", operator: "In", values: ["n2"] }] }] } } };
    expect(s.schedule(pod).message).toBe("0/2 nodes are available: pod affinity terms conflict.");
  });
  it("no nodes", () => {
    expect(createScheduler({ nodes: [] }).schedule(MakePod().obj()).message).toBe("no nodes available to schedule pods");
  });
});

describe("scheduling cycle", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => MakeNode(`n${String(i).padStart(3, "0")}`).zone(`z${i % 3}`).obj());
  it("rotates the start index by the number of processed nodes", () => {
    const s = createScheduler({ nodes: many(200) });
    const a = s.scheduleAndBind(MakePod("a").req({ cpu: "100m" }).obj(), { trace: true });
    expect(a.trace!.numNodesToFind).toBe(100);
    expect(a.evaluatedNodes).toBe(100);
    const b = s.scheduleAndBind(MakePod("b").req({ cpu: "100m" }).obj(), { trace: true });
    expect(b.trace!.startIndex).toBe(100);
  });
  it("walks nodes in node-tree order: one node of each zone in turn (node_tree.go list())", () => {
    // Names put each zone's nodes in one run (za-*, zb-*, zc-*); the walk must still interleave the zones, so the
    // first 144 nodes sampled (48 % of 300) hold 48 nodes of each zone, not 144 nodes of zone a.
    const nodes = ["a", "b", "c"].flatMap((z) => Array.from({ length: 100 }, (_, i) => MakeNode(`z${z}-${String(i).padStart(3, "0")}`).zone(`zone-${z}`).obj()));
    const s = createScheduler({ nodes: [...nodes].reverse() });
    const r = s.schedule(MakePod("a").obj(), { trace: true });
    expect(r.trace!.numNodesToFind).toBe(144);
    const sampled = r.trace!.feasible;
    expect(sampled.slice(0, 6)).toEqual(["za-000", "zb-000", "zc-000", "za-001", "zb-001", "zc-001"]);
    const perZone = (z: string) => sampled.filter((n) => n.startsWith(`z${z}-`)).length;
    expect([perZone("a"), perZone("b"), perZone("c")]).toEqual([48, 48, 48]);
  });
  it("node-tree order: zones in the order of their first node by name, unlabelled nodes as one zone", () => {
    const nodes = [MakeNode("b-1").zone("zb").obj(), MakeNode("a-1").zone("za").obj(), MakeNode("b-0").zone("zb").obj(), MakeNode("x").obj(), MakeNode("a-2").zone("za").obj(), MakeNode("w").obj()];
    expect(nodeTreeOrder(nodes).map((n) => n.metadata.name)).toEqual(["a-1", "b-0", "w", "a-2", "b-1", "x"]);
  });
  it("percentageOfNodesToScore 100 evaluates every node", () => {
    const s = createScheduler({ nodes: many(200) }, { profile: defaultProfile({ percentageOfNodesToScore: 100 }) });
    expect(s.schedule(MakePod().obj()).evaluatedNodes).toBe(200);
  });
  it("stops at the first failing plugin per node and traces it", () => {
    const nodes = [MakeNode("t").taint({ key: "k", effect: "NoSchedule" }).alloc({ cpu: "0", memory: "0", pods: "0" }).obj(), MakeNode("ok").obj()];
    const r = createScheduler({ nodes }).schedule(MakePod().req({ cpu: "1" }).obj(), { trace: true });
    expect(r.nodeName).toBe("ok");
    expect(r.trace!.rejections).toEqual([{ node: "t", plugin: "TaintToleration", code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint {k: }"] }]);
  });
  it("breaks ties uniformly with the seeded PRNG, deterministically per seed", () => {
    const nodes = many(6);
    const pick = (seed: number) => createScheduler({ nodes }, { seed }).schedule(MakePod().obj()).nodeName;
    const seen = new Set<string | null>();
    for (let seed = 0; seed < 60; seed++) {
      expect(pick(seed)).toBe(pick(seed));
      seen.add(pick(seed));
    }
    expect(seen.size).toBe(6);
  });
  it("each pod sees the previous binds (spreads over zones)", () => {
    const s = createScheduler({ nodes: many(6) }, { seed: 3 });
    const zones = [0, 1, 2, 3, 4, 5].map((i) => {
      const r = s.scheduleAndBind(MakePod(`p${i}`).label("app", "w").spread(1, "topology.kubernetes.io/zone", "DoNotSchedule", { matchLabels: { app: "w" } }).obj());
      return Number(r.nodeName!.slice(1)) % 3;
    });
    expect([0, 1, 2].map((z) => zones.filter((x) => x === z).length)).toEqual([2, 2, 2]);
  });
});

describe("stateful scheduler", () => {
  it("updateNode (taint), removePod and removeNode change later decisions", () => {
    const s = createScheduler({ nodes: [MakeNode("a").alloc({ cpu: "1", memory: "1Gi", pods: "10" }).obj(), MakeNode("b").alloc({ cpu: "1", memory: "1Gi", pods: "10" }).obj()] });
    const p1 = MakePod("p1").req({ cpu: "1" }).obj();
    expect(s.scheduleAndBind(p1).nodeName).not.toBeNull();
    const first = s.nodeOf(p1)!;
    const other = first === "a" ? "b" : "a";
    s.updateNode(MakeNode(other).alloc({ cpu: "1", memory: "1Gi", pods: "10" }).taint({ key: "down", effect: "NoSchedule" }).obj());
    expect(s.schedule(MakePod("p2").req({ cpu: "1" }).obj()).message).toBe("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {down: }.");
    expect(s.removePod(p1)).toBe(true);
    expect(s.schedule(MakePod("p2").req({ cpu: "1" }).obj()).nodeName).toBe(first);
    s.bind(p1, first);
    expect(s.removeNode(first).map((p) => p.metadata.name)).toEqual(["p1"]);
    expect(s.nodeNames()).toEqual([other]);
    expect(s.usage(other)).toEqual({ milliCpu: 0, memoryBytes: 0, pods: 0 });
  });
  it("bind of a pod the cache already holds replaces it (resources, node lists, label counts), in a fork too", () => {
    const nodes = ["a", "b"].map((n) => MakeNode(n).zone(`z-${n}`).alloc({ cpu: "2", memory: "1Gi", pods: "10" }).obj());
    const base = createScheduler({ nodes, pods: [MakePod("other").label("app", "y").req({ cpu: "100m" }).node("b").obj()] });
    for (const s of [base.fork(), base]) {
      s.bind(MakePod("p").label("app", "x").req({ cpu: "1" }).obj(), "a");
      s.bind(MakePod("p").label("app", "y").req({ cpu: "500m" }).obj(), "b");
      expect(s.usage("a")).toEqual({ milliCpu: 0, memoryBytes: 0, pods: 0 });
      expect(s.usage("b")).toEqual({ milliCpu: 600, memoryBytes: 0, pods: 2 });
      expect(s.nodeOf(MakePod("p").obj())).toBe("b");
      // The old copy's labels are gone from a (q, too big for b, is anti-affine to app=x on the host) and the new
      // copy's are on b (r, anti-affine to app=y, must avoid b).
      const antiTo = (name: string, app: string, cpu: string) => {
        const pod = MakePod(name).req({ cpu }).obj();
        pod.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: "kubernetes.io/hostname" }] } };
        return pod;
      };
      expect(s.schedule(antiTo("q", "x", "1500m")).nodeName).toBe("a");
      expect(s.schedule(antiTo("r", "y", "100m")).nodeName).toBe("a");
      expect(s.removePod(MakePod("p").obj())).toBe(true);
      expect(s.usage("b")).toEqual({ milliCpu: 100, memoryBytes: 0, pods: 1 });
      expect(s.removePod(MakePod("p").obj())).toBe(false);
    }
  });
  it("bound pods given at construction: any input order, a repeated name counts once (the copy last in key order)", () => {
    const nodes = ["a", "b"].map((n) => MakeNode(n).alloc({ cpu: "2", memory: "1Gi", pods: "10" }).obj());
    const pods = [
      MakePod("z").req({ cpu: "1" }).node("a").obj(),
      MakePod("m").req({ cpu: "1" }).node("b").obj(),
      MakePod("m").req({ cpu: "500m" }).node("a").obj(),
      MakePod("c").req({ cpu: "500m" }).node("b").obj(),
    ];
    for (const order of [pods, [...pods].reverse()]) {
      const s = createScheduler({ nodes, pods: order });
      // Sorting is stable: of the two "m" pods the one later in the input replaces the earlier one.
      const m = order.filter((p) => p.metadata.name === "m").at(-1)!;
      expect(s.nodeOf(m)).toBe(m.spec.nodeName);
      const onA = m.spec.nodeName === "a" ? 1500 : 1000;
      expect(s.usage("a")).toEqual({ milliCpu: onA, memoryBytes: 0, pods: m.spec.nodeName === "a" ? 2 : 1 });
    }
    expect(() => createScheduler({ nodes, pods: [MakePod("x").node("gone").obj()] })).toThrow(/node "gone" does not exist/);
  });
  it("queue: priority first, then creation order; unschedulable pods retried after a cluster change", () => {
    const s = createScheduler({ nodes: [MakeNode("a").alloc({ cpu: "1", memory: "1Gi", pods: "10" }).obj()] });
    const q = new SchedulingQueue(s);
    q.add(MakePod("low").req({ cpu: "1" }).obj());
    q.add(MakePod("high").req({ cpu: "1" }).priority(10).obj());
    const r = q.run();
    expect(r.scheduled.map((x) => x.pod.metadata.name)).toEqual(["high"]);
    expect(r.unschedulable[0]!.result.message).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    s.updateNode(MakeNode("b").alloc({ cpu: "1", memory: "1Gi", pods: "10" }).obj());
    q.moveAllToActiveQueue();
    expect(q.run().scheduled.map((x) => `${x.pod.metadata.name}@${x.nodeName}`)).toEqual(["low@b"]);
    expect(q.pendingCount).toBe(0);
    expect(scheduleAll(s, [MakePod("x").obj()]).scheduled).toHaveLength(1);
  });
});

describe("plugins that skip PreFilter still score (SkipScorePlugins is PreScore's alone)", () => {
  const zones = ["a", "b", "c"];
  const nodes = () => zones.flatMap((z) => [0, 1].map((i) => MakeNode(`${z}-${i}`).zone(`zone-${z}`).alloc({ cpu: "4", memory: "16Gi", pods: "110" }).obj()));
  const byZone = (s: ReturnType<typeof createScheduler>, names: string[]) => zones.map((z) => names.filter((n) => s.nodeOf(n)?.startsWith(`${z}-`)).length);
  it.each([1, 2, 3])("ScheduleAnyway-only zone spread spreads 2/2/2 (seed %i)", (seed) => {
    const s = createScheduler({ nodes: nodes() }, { seed });
    const names: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = MakePod(`web-${i}`).label("app", "web").req({ cpu: "100m" }).spread(1, "topology.kubernetes.io/zone", "ScheduleAnyway", { matchLabels: { app: "web" } }).obj();
      expect(s.scheduleAndBind(p).nodeName).not.toBeNull();
      names.push(`default/web-${i}`);
    }
    expect(byZone(s, names)).toEqual([2, 2, 2]);
  });
  it.each([1, 2, 3])("preferred pod anti-affinity on the zone puts 3 replicas in 3 zones (seed %i)", (seed) => {
    const s = createScheduler({ nodes: nodes() }, { seed });
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = MakePod(`db-${i}`).label("app", "db").req({ cpu: "100m" }).obj();
      p.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: "db" } }, topologyKey: "topology.kubernetes.io/zone" } }] } };
      s.scheduleAndBind(p);
      names.push(`default/db-${i}`);
    }
    expect(byZone(s, names)).toEqual([1, 1, 1]);
  });
  it.each([1, 2, 3])("preferred node affinity without required terms is honoured (seed %i)", (seed) => {
    const s = createScheduler({ nodes: nodes() }, { seed });
    const p = MakePod("x").req({ cpu: "100m" }).obj();
    p.spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["zone-c"] }] } }] } };
    expect(s.scheduleAndBind(p).nodeName).toMatch(/^c-/);
  });
});

describe("PodTopologySpread with an empty labelSelector", () => {
  it("counts no pods (countPodsMatchSelector returns 0 for labels.Everything())", () => {
    const nodes = [MakeNode("a-0").zone("zone-a").obj(), MakeNode("b-0").zone("zone-b").obj()];
    const bound = [0, 1, 2].map((i) => ({ ...MakePod(`old-${i}`).label("app", "x").obj(), spec: { ...MakePod(`old-${i}`).obj().spec, nodeName: "a-0" } }));
    const s = createScheduler({ nodes, pods: bound }, { profile: defaultProfile({ percentageOfNodesToScore: 100 }) });
    const pod = MakePod("new").label("app", "x").spread(1, "topology.kubernetes.io/zone", "DoNotSchedule", {}).obj();
    const r = s.schedule(pod, { trace: true });
    // Counting every pod would put zone-a at 3 vs 0 and reject a-0; upstream sees 0 and 0.
    expect(r.trace!.feasible.sort()).toEqual(["a-0", "b-0"]);
  });
});

describe("Scheduler.markTerminating", () => {
  const zone = "topology.kubernetes.io/zone";
  // n-b is cordoned: its zone still counts as a spread domain (nodeTaintsPolicy Ignore) with 0 pods.
  const nodes = () => [MakeNode("n-a").zone("a").alloc({ cpu: "1", memory: "8Gi", pods: "10" }).obj(), { ...MakeNode("n-b").zone("b").alloc({ cpu: "1", memory: "8Gi", pods: "10" }).obj(), spec: { unschedulable: true } }];
  const spreadPod = (name: string, cpu = "400m") => MakePod(name).label("app", "x").req({ cpu }).spread(2, zone, "DoNotSchedule", { matchLabels: { app: "x" } }).obj();
  const terminating = (p: ReturnType<typeof spreadPod>) => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: "2024-01-01T00:00:00Z" } });

  it("keeps the pod's requests on its node but drops it from spread counts, as bind of the updated pod does", () => {
    const viaMark = createScheduler({ nodes: nodes() });
    const viaBind = createScheduler({ nodes: nodes() });
    for (const s of [viaMark, viaBind]) {
      s.bind(spreadPod("p0"), "n-a");
      s.bind(spreadPod("p1"), "n-a");
      // Two matching pods in zone a, none in b: a third in a would make the skew 3 > 2.
      expect(s.schedule(spreadPod("q", "10m")).nodeName).toBeNull();
    }
    expect(viaMark.markTerminating(terminating(spreadPod("p1")))).toBe(true);
    viaBind.bind(terminating(spreadPod("p1")), "n-a");
    for (const s of [viaMark, viaBind]) {
      // p1's 400m stay on n-a while it terminates ...
      expect(s.usage("n-a")).toEqual({ milliCpu: 800, memoryBytes: 0, pods: 2 });
      expect(s.schedule(spreadPod("big")).message).toContain("Insufficient cpu");
      // ... but PodTopologySpread no longer counts it: skew 2 now allows zone a.
      expect(s.schedule(spreadPod("q", "10m")).nodeName).toBe("n-a");
    }
    expect(viaMark.markTerminating(spreadPod("never-bound"))).toBe(false);
  });
});

describe("Scheduler.resourceFit", () => {
  it("gives NodeResourcesFit's verdict for the pod on the node as the cache stands", () => {
    const s = createScheduler({ nodes: [MakeNode("n1").alloc({ cpu: "1", memory: "1Gi", pods: "2" }).obj()] });
    const pod = (name: string, cpu: string, memory = "100Mi") => MakePod(name).req({ cpu, memory }).obj();
    expect(s.resourceFit(pod("a", "600m"), "n1")).toBe("");
    s.bind(pod("a", "600m"), "n1");
    expect(s.resourceFit(pod("b", "600m"), "n1")).toBe("Insufficient cpu");
    expect(s.resourceFit(pod("b", "600m", "2Gi"), "n1")).toBe("Insufficient cpu, Insufficient memory");
    s.bind(pod("c", "100m"), "n1");
    expect(s.resourceFit(pod("d", "100m"), "n1")).toBe("Too many pods");
    expect(s.resourceFit(pod("d", "100m"), "no-such-node")).toBe("");
  });
});

describe("node taint updates keep the views that do not read taints", () => {
  const zone = "topology.kubernetes.io/zone";
  const node = (name: string, z: string, tainted: boolean) => {
    const n = MakeNode(name).zone(z).alloc({ cpu: "8", memory: "32Gi", pods: "110" }).obj();
    return tainted ? { ...n, spec: { taints: [{ key: "maint", effect: "NoSchedule" as const }] } } : n;
  };
  const pod = (name: string, policy: "Honor" | "Ignore") => {
    const p = MakePod(name).label("app", "x").req({ cpu: "100m" }).spread(1, zone, "DoNotSchedule", { matchLabels: { app: "x" } }).obj();
    p.spec.topologySpreadConstraints![0]!.nodeTaintsPolicy = policy;
    return p;
  };

  it("decides as a scheduler built from scratch on the same state, for Ignore and Honor, across taint changes and binds", () => {
    const live = createScheduler({ nodes: [node("n-a", "a", false), node("n-b", "b", false), node("n-c", "c", false)] });
    const bound: { p: ReturnType<typeof pod>; node: string }[] = [];
    const bind = (p: ReturnType<typeof pod>, n: string) => {
      live.bind(p, n);
      bound.push({ p, node: n });
    };
    bind(pod("p0", "Ignore"), "n-a");
    const steps: [string, boolean][] = [["n-b", true], ["n-c", true], ["n-b", false], ["n-c", false]];
    const tainted = new Set<string>();
    let k = 0;
    for (const [name, on] of steps) {
      // Warm both kinds of views before the change.
      for (const policy of ["Ignore", "Honor"] as const) live.schedule(pod(`w${k++}`, policy));
      if (on) tainted.add(name);
      else tainted.delete(name);
      live.updateNode(node(name, name.slice(2), on));
      for (const policy of ["Ignore", "Honor"] as const) {
        const fresh = createScheduler({ nodes: ["a", "b", "c"].map((z) => node(`n-${z}`, z, tainted.has(`n-${z}`))), pods: bound.map((b) => ({ ...b.p, spec: { ...b.p.spec, nodeName: b.node } })) });
        const a = live.schedule(pod(`q${k}`, policy));
        const b = fresh.schedule(pod(`q${k}`, policy));
        // Node choice may differ (each has its own rotation and tie-break draws); feasibility may not.
        expect(a.nodeName === null).toBe(b.nodeName === null);
        if (a.nodeName === null) expect(a.message).toBe(b.message);
        expect(a.feasibleNodes).toBe(b.feasibleNodes);
        if (a.nodeName !== null) bind(pod(`q${k++}`, policy), a.nodeName);
      }
    }
    expect(bound.length).toBeGreaterThan(3);
  });
});
