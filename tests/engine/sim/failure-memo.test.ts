/**
 * The failure memo (lib/engine/sim/failure-memo) must be exact: a simulation that reuses workload failures
 * until a relevant event takes the same decisions, records the same events and reports the same messages as
 * one that runs every scheduling cycle, while running far fewer cycles.
 */
import { describe, expect, it } from "vitest";
import { simulate, type SimulationScenario } from "@/lib/engine/sim/simulate";
import { defaultSchedulerFactory, type SchedulerFactory } from "@/lib/engine/sim/scheduler-port";
import type { SimulationInput } from "@/lib/engine/sim/load";
import { makeDeployment, makeNodes, steadyState } from "./builders";
import { createRng } from "@/lib/engine/util/prng";

function counting(): { factory: SchedulerFactory; calls: () => number } {
  let n = 0;
  return {
    factory: (input, seed) => {
      const p = defaultSchedulerFactory(input, seed);
      return { ...p, schedule: (pod) => (n++, p.schedule(pod)) };
    },
    calls: () => n,
  };
}

function compare(input: SimulationInput, scenario: SimulationScenario) {
  const a = counting();
  const b = counting();
  const memo = simulate(input, scenario, { scheduler: a.factory });
  const full = simulate(input, scenario, { scheduler: b.factory, memoizeFailures: false });
  expect(memo).toEqual(full);
  return { memoCalls: a.calls(), fullCalls: b.calls(), result: memo };
}

const fast = { nodeEvictionRate: 1000, defaultTolerationSeconds: 0, controllerApiQps: 1000, controllerApiBurst: 1000 };

describe("failure memo", () => {
  const nodes = makeNodes(["za", "zb", "zc"], 6, "r1", "1");
  const deployments = (policy?: "Honor" | "Ignore") =>
    Array.from({ length: 12 }, (_, i) =>
      makeDeployment(`d${i}`, { replicas: 12, cpu: "100m", spread: [{ ...(policy ? { nodeTaintsPolicy: policy } : {}) }, { topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" }] }),
    );

  it("is exact for a zone outage with nodeTaintsPolicy Ignore (every replacement pending)", () => {
    const input = steadyState(nodes, deployments());
    const r = compare(input, { seed: 3, horizonMs: 1_800_000, settings: fast, events: [{ atMs: 0, fail: { zone: "za" } }] });
    expect(r.result.deployments.every((d) => d.pendingAtEnd === 4)).toBe(true);
    expect(r.memoCalls).toBeLessThan(r.fullCalls);
  });

  it("is exact with nodeTaintsPolicy Honor (replacements fill the surviving zones until CPU runs out)", () => {
    const input = steadyState(nodes, deployments("Honor"));
    const r = compare(input, { seed: 3, horizonMs: 1_800_000, settings: fast, events: [{ atMs: 0, fail: { zone: "za" } }] });
    expect(r.result.deployments.reduce((n, d) => n + d.pendingAtEnd, 0)).toBeGreaterThan(0);
  });

  it("is exact when pods are moved back seconds after a flush retried them (their attempt counts set the backoff)", () => {
    // Every replacement stays pending (Ignore) and is retried by the 5-minute flushes, from the memo. A recovery
    // 0.5 s after one of the 30-second flush ticks moves them all back while those it retried are in backoff: the
    // backoff reads each pod's attempt count and last attempt, which the flush's retries must have kept.
    const input = steadyState(nodes, deployments());
    for (let k = 20; k < 30; k++) {
      const r = compare(input, { seed: 4, horizonMs: 1_500_000, settings: fast, events: [{ atMs: 0, fail: { zone: "za" } }, { atMs: k * 30_000 + 500, recover: { zone: "za" } }] });
      expect(r.result.deployments.every((d) => d.readyAtEnd === 12)).toBe(true);
    }
  });

  it("is exact with the documented defaults, a recovery and a second failure", () => {
    const input = steadyState(nodes, deployments("Honor"));
    const r = compare(input, {
      seed: 5,
      horizonMs: 3_600_000,
      events: [{ atMs: 0, fail: { zone: "za" } }, { atMs: 900_000, recover: { zone: "za" } }, { atMs: 1_500_000, fail: { node: "zb-n0" } }],
    });
    expect(r.memoCalls).toBeLessThanOrEqual(r.fullCalls);
  });

  it("is exact when some replacements bind while other workloads stay pending (memos kept across binds)", () => {
    // 13 replicas over 4 zones: 4-3-3-3. Losing the 4-zone leaves the minimum at 3, so its replacements bind in
    // the others; the 3-zone losers stay pending. 1-cpu nodes: the binds also move NodeResourcesFit verdicts.
    const four = makeNodes(["za", "zb", "zc", "zd"], 3, "r1", "1");
    const deps = Array.from({ length: 6 }, (_, i) => makeDeployment(`e${i}`, { replicas: 13, cpu: i % 2 ? "100m" : "150m", spread: [{}] }));
    const input = steadyState(four, deps);
    for (const zone of ["za", "zb"]) {
      const r = compare(input, { seed: 7, horizonMs: 1_800_000, settings: fast, events: [{ atMs: 0, fail: { zone } }] });
      const pending = r.result.deployments.reduce((n, d) => n + d.pendingAtEnd, 0);
      const ready = r.result.deployments.reduce((n, d) => n + d.readyAtEnd, 0);
      expect(pending).toBeGreaterThan(0);
      expect(ready + pending).toBe(6 * 13);
      expect(r.memoCalls).toBeLessThan(r.fullCalls);
    }
  });

  it("is exact when a drain on a flush tick puts pods in activeQ ahead of the flush's due pods", () => {
    // The drain's replacements are created in the flush's millisecond, before it runs: the cycle attempts them
    // first, and their binds can move the verdicts of the due pods behind them.
    const four = makeNodes(["za", "zb", "zc", "zd"], 3, "r1", "1");
    const deps = Array.from({ length: 6 }, (_, i) => makeDeployment(`e${i}`, { replicas: 13, cpu: i % 2 ? "100m" : "150m", spread: [{}] }));
    const input = steadyState(four, deps);
    for (const zone of ["za", "zb"]) {
      for (let k = 11; k <= 24; k++) {
        for (const node of ["zc-n0", "zd-n1", "zd-n2"]) compare(input, { seed: 7, horizonMs: 1_200_000, settings: fast, events: [{ atMs: 0, fail: { zone } }, { atMs: k * 30_000, drain: { node } }] });
      }
    }
  });

  it("is exact on varied small clusters (binds, resource shortfalls and spread failures interleaved, drains)", () => {
    const rng = createRng(11);
    let savedCalls = 0;
    for (let round = 0; round < 30; round++) {
      const zones = ["za", "zb", "zc", "zd"].slice(0, 2 + rng.intn(3));
      const cluster = makeNodes(zones, 2 + rng.intn(3), "r1", rng.intn(2) ? "1" : "2");
      const capacity = cluster.length * (cluster[0]!.status!.allocatable!.cpu === "1" ? 1000 : 2000);
      const deps: ReturnType<typeof makeDeployment>[] = [];
      let used = 0;
      for (let i = 0; i < 8; i++) {
        const replicas = 3 + rng.intn(8);
        const cpu = [50, 100, 150, 250][rng.intn(4)]!;
        if (used + replicas * cpu > capacity * 0.85) break;
        used += replicas * cpu;
        // Some constraints count every workload's pods (a shared tier label): another workload's bind then
        // changes this one's spread verdicts.
        const shared = rng.intn(3) === 0;
        const spread = rng.intn(3) === 0 ? undefined : [{ maxSkew: 1 + rng.intn(2), ...(rng.intn(2) ? { nodeTaintsPolicy: "Honor" as const } : {}), ...(shared ? { labelSelector: { matchLabels: { tier: "t" } } } : {}) }];
        const d = makeDeployment(`v${i}`, { replicas, cpu: `${cpu}m`, ...(spread ? { spread } : {}) });
        d.spec.template.metadata = { labels: { ...d.spec.template.metadata!.labels, tier: "t" } };
        deps.push(d);
      }
      const input = steadyState(cluster, deps, round + 1);
      const zone = zones[rng.intn(zones.length)]!;
      // A drain on a 30-second flush tick: its replacements are in activeQ when the flush finds due pods.
      const other = cluster.filter((n) => n.metadata.labels!["topology.kubernetes.io/zone"] !== zone);
      const drain = rng.intn(2) ? [{ atMs: 30_000 * (11 + rng.intn(16)), drain: { node: other[rng.intn(other.length)]!.metadata.name! } }] : [];
      const events = [{ atMs: 0, fail: { zone } }, ...(rng.intn(2) ? [{ atMs: 600_000, recover: { zone } }] : []), ...drain].sort((a, b) => a.atMs - b.atMs);
      const r = compare(input, { seed: round, horizonMs: 1_500_000, settings: fast, events });
      savedCalls += r.fullCalls - r.memoCalls;
    }
    expect(savedCalls).toBeGreaterThan(0);
  });
});
