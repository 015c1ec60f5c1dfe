/** Table tests for the simulation's building blocks. */
import { describe, expect, it } from "vitest";
import { EventQueue } from "@/lib/engine/sim/queue";
import { TokenBucket } from "@/lib/engine/sim/token-bucket";
import { ZoneTainter } from "@/lib/engine/controllers/nodelifecycle/zone-tainter";
import { computeZoneState, getZoneKey, zoneEvictionQps } from "@/lib/engine/controllers/nodelifecycle/zone-state";
import { evictionDelay } from "@/lib/engine/controllers/tainteviction/toleration-time";
import { podToEndpoint } from "@/lib/engine/controllers/endpoints/pod-to-endpoint";
import { parseScenario } from "@/lib/engine/sim/scenario";
import { DEFAULT_SETTINGS } from "@/lib/engine/sim/settings";
import type { Taint } from "@/lib/k8s/types";
import { steadyWarmupMs, warmupMs } from "@/lib/engine/sim/warmup";
import { makeDeployment, makeNodes, steadyState } from "./builders";

describe("EventQueue", () => {
  it("orders by (time, priority, seq) whatever the insertion order", () => {
    const q = new EventQueue();
    const out: string[] = [];
    q.push(10, 5, () => out.push("10/5 first"));
    q.push(5, 9, () => out.push("5/9"));
    q.push(10, 1, () => out.push("10/1"));
    q.push(10, 5, () => out.push("10/5 second"));
    q.push(0, 0, () => out.push("0/0"));
    while (q.size) q.pop()!.run();
    expect(out).toEqual(["0/0", "5/9", "10/1", "10/5 first", "10/5 second"]);
  });
  it("stays a heap over many random pushes", () => {
    const q = new EventQueue();
    let x = 7;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      q.push(x % 1000, x % 7, () => {});
    }
    let prev = [-1, -1, -1];
    while (q.size) {
      const e = q.pop()!;
      const cur = [e.timeMs, e.priority, e.seq];
      expect(cur[0]! > prev[0]! || (cur[0] === prev[0] && (cur[1]! > prev[1]! || (cur[1] === prev[1] && cur[2]! > prev[2]!)))).toBe(true);
      prev = cur;
    }
  });
});

describe("TokenBucket", () => {
  it("starts full and then admits one token per 1/qps", () => {
    const b = new TokenBucket(20, 30);
    const times = Array.from({ length: 33 }, () => b.reserve(0));
    expect(times.slice(0, 30).every((t) => t === 0)).toBe(true);
    expect(times.slice(30)).toEqual([50, 100, 150]);
  });
  it("burst 1 at 0.1/s: one per 10 s", () => {
    const b = new TokenBucket(0.1, 1);
    expect(b.tryAccept(0)).toBe(true);
    expect(b.tryAccept(9_999)).toBe(false);
    expect(b.nextAvailableMs(1)).toBe(10_000);
    expect(b.tryAccept(10_000)).toBe(true);
  });
  it("qps 0 never admits", () => {
    expect(new TokenBucket(0, 1).tryAccept(1e9)).toBe(false);
  });
});

describe("ZoneTainter (RateLimitedTimedQueue)", () => {
  it("processes one node per token and remembers processed nodes until Remove", () => {
    const t = new ZoneTainter(0.1);
    const done: number[] = [];
    for (const n of [3, 1, 2]) t.add(n, 0);
    for (const now of [0, 5_000, 10_000, 20_000]) t.try(now, (n) => (done.push(n), true));
    expect(done).toEqual([3, 1, 2]);
    expect(t.add(3, 20_000)).toBe(false); // still in the dedup set (RemoveFromQueue)
    expect(t.remove(3)).toBe(true);
    expect(t.add(3, 20_000)).toBe(true);
  });
  it("SwapLimiter drains the new bucket only when the old one was empty", () => {
    const fresh = new ZoneTainter(0.1);
    fresh.swapLimiter(0.01, 0);
    fresh.add(1, 0);
    expect(fresh.nextUsefulMs(0)).toBe(0);
    const used = new ZoneTainter(0.1);
    used.add(9, 0);
    used.try(0, () => true);
    used.swapLimiter(0.01, 0);
    used.add(1, 0);
    expect(used.nextUsefulMs(0)).toBe(100_000);
    used.swapLimiter(0, 0);
    expect(used.nextUsefulMs(0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("ComputeZoneState and rates", () => {
  it.each([
    [3, 0, "Normal"],
    [0, 1, "FullDisruption"],
    [8, 2, "Normal"], // notReady must exceed 2
    [2, 3, "PartialDisruption"], // 3/5 = 0.6
    [5, 5, "Normal"], // 0.5 < 0.55
    [9, 11, "PartialDisruption"], // 0.55 exactly
  ] as const)("ready %i notReady %i -> %s", (ready, notReady, state) => {
    expect(computeZoneState(ready, notReady, 0.55)).toBe(state);
  });
  it("ReducedQPS depends on the zone size, HealthyQPS is the normal rate", () => {
    expect(zoneEvictionQps("PartialDisruption", 50, DEFAULT_SETTINGS)).toBe(0);
    expect(zoneEvictionQps("PartialDisruption", 51, DEFAULT_SETTINGS)).toBe(0.01);
    expect(zoneEvictionQps("FullDisruption", 10, DEFAULT_SETTINGS)).toBe(0.1);
    expect(zoneEvictionQps("Normal", 10, DEFAULT_SETTINGS)).toBe(0.1);
  });
  it("GetZoneKey joins region and zone, beta labels first", () => {
    expect(getZoneKey({ "topology.kubernetes.io/zone": "a", "topology.kubernetes.io/region": "r" })).toBe("r:\x00:a");
    expect(getZoneKey({ "failure-domain.beta.kubernetes.io/zone": "old", "topology.kubernetes.io/zone": "a" })).toBe(":\x00:old");
    expect(getZoneKey({})).toBe("");
  });
});

describe("taint eviction delay", () => {
  const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
  it.each([
    ["no tolerations", undefined, { kind: "now" }],
    ["default 300 s", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }], { kind: "after", ms: 300_000 }],
    ["forever", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }], { kind: "never" }],
    ["first match wins", [{ operator: "Exists" }, { key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 5 }], { kind: "never" }],
    ["zero seconds", [{ operator: "Exists", tolerationSeconds: 0 }], { kind: "now" }],
    ["NoSchedule toleration does not count", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoSchedule" }], { kind: "now" }],
  ] as const)("%s", (_name, tolerations, expected) => {
    expect(evictionDelay([unreachable], tolerations as never)).toEqual(expected);
  });
  it("the minimum over the tolerations used for several taints", () => {
    const notReady: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoExecute" };
    expect(evictionDelay([unreachable, notReady], [
      { key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 60 },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 30 },
    ])).toEqual({ kind: "after", ms: 30_000 });
  });
});

describe("podToEndpoint", () => {
  it("ready only while serving and not terminating, unless publishNotReadyAddresses", () => {
    expect(podToEndpoint({ ready: true, terminating: false }, false).ready).toBe(true);
    expect(podToEndpoint({ ready: false, terminating: false }, false).ready).toBe(false);
    expect(podToEndpoint({ ready: true, terminating: true }, false)).toEqual({ ready: false, serving: true, terminating: true });
    expect(podToEndpoint({ ready: false, terminating: true }, true).ready).toBe(true);
  });
});

describe("scenario parsing", () => {
  it("reads the CLI format", () => {
    const r = parseScenario(`seed: 1
horizon: 2h
settings:
  nodeMonitorGracePeriod: 40s
  defaultTolerationSeconds: 60
  podStartup: 1m30s
events:
  - at: 45m
    recover: { zone: us-east-1a }
  - at: 0s
    fail: { zone: us-east-1a }
`);
    expect(r).toEqual({
      ok: true,
      scenario: {
        seed: 1, horizonMs: 7_200_000,
        settings: { nodeMonitorGracePeriodMs: 40_000, defaultTolerationSeconds: 60, podStartupMs: 90_000 },
        events: [{ atMs: 0, fail: { zone: "us-east-1a" } }, { atMs: 2_700_000, recover: { zone: "us-east-1a" } }],
      },
    });
  });
  it("reports bad fields with a path and a line", () => {
    const r = parseScenario(`horizon: 2h
events:
  - at: soon
    fail: { zone: a }
  - at: 1m
    fail: { planet: mars }
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.find((i) => i.path === "events.0.at")).toMatchObject({ line: 3 });
    expect(r.issues.some((i) => i.path.startsWith("events.1.fail"))).toBe(true);
  });
});

describe("steadyWarmupMs", () => {
  const nodes = makeNodes(["za", "zb"], 2);
  const input = steadyState(nodes, [makeDeployment("web", { replicas: 3, cpu: "100m" }), makeDeployment("api", { replicas: 2, cpu: "100m" })]);

  it("needs no warm-up when every Deployment has its replicas running", () => {
    expect(input.pods.filter((p) => p.spec.nodeName).length).toBe(5);
    expect(steadyWarmupMs(input, {})).toBe(0);
  });

  it("warms up when one Deployment lacks a running replica, or its pods are not running", () => {
    const lacking = { ...input, pods: input.pods.filter((p) => p.metadata.name !== input.pods.find((q) => q.metadata.labels?.app === "api")!.metadata.name) };
    expect(steadyWarmupMs(lacking, {})).toBe(warmupMs(lacking, {}));
    const pending = { ...input, pods: input.pods.map((p) => ({ ...p, status: { phase: "Pending" as const } })) };
    expect(steadyWarmupMs(pending, {})).toBeGreaterThan(0);
  });

  it("matches selectors without a single-valued label too (matchExpressions), and other namespaces do not count", () => {
    const exprs = { ...input, deployments: input.deployments.map((d) => ({ ...d, spec: { ...d.spec, selector: { matchExpressions: [{ key: "app", operator: "In" as const, values: [d.metadata.name!, "other"] }] } } })) };
    expect(steadyWarmupMs(exprs, {})).toBe(0);
    const elsewhere = { ...input, pods: input.pods.map((p) => ({ ...p, metadata: { ...p.metadata, namespace: "other" } })) };
    expect(steadyWarmupMs(elsewhere, {})).toBeGreaterThan(0);
  });
});
