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

  it("is exact with the documented defaults, a recovery and a second failure", () => {
    const input = steadyState(nodes, deployments("Honor"));
    const r = compare(input, {
      seed: 5,
      horizonMs: 3_600_000,
      events: [{ atMs: 0, fail: { zone: "za" } }, { atMs: 900_000, recover: { zone: "za" } }, { atMs: 1_500_000, fail: { node: "zb-n0" } }],
    });
    expect(r.memoCalls).toBeLessThanOrEqual(r.fullCalls);
  });
});
