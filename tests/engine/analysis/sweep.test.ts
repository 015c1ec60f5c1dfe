import { describe, expect, it } from "vitest";
import { runSweepScenario, sweep, sweepScenarios, verdictFor } from "@/lib/engine/analysis/sweep";
import { allowedDisruptions } from "@/lib/engine/analysis/pdb";
import type { PodDisruptionBudget } from "@/lib/k8s/types";
import { defaultSchedulerFactory, type SchedulerFactory } from "@/lib/engine/sim/scheduler-port";
import { makeDeployment, makeNodes, steadyState } from "../sim/builders";

const pdb = (name: string, app: string, spec: PodDisruptionBudget["spec"]): PodDisruptionBudget => ({
  apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: "default" }, spec: { selector: { matchLabels: { app } }, ...spec },
});

describe("sweep", () => {
  const nodes = [...makeNodes(["a", "b", "c"], 2, "r1"), ...makeNodes(["d"], 2, "r2")];
  const base = steadyState(nodes, [
    makeDeployment("spread", { replicas: 8, spread: [{ whenUnsatisfiable: "ScheduleAnyway" }] }),
    makeDeployment("strict", { replicas: 8, spread: [{}] }),
  ]);
  const input = { ...base, pdbs: [pdb("spread-pdb", "spread", { maxUnavailable: 2 })] };

  it("lists each zone, then each region", () => {
    expect(sweepScenarios(input).map((s) => s.id)).toEqual(["zone/a", "zone/b", "zone/c", "zone/d", "region/r1", "region/r2"]);
  });

  it("judges every Deployment per scenario", () => {
    const r = runSweepScenario(input, { id: "zone/a", kind: "zone", name: "a" }, { seed: 1, horizonMs: 1_800_000 });
    const spread = r.deployments.find((d) => d.name === "spread")!;
    const strict = r.deployments.find((d) => d.name === "strict")!;
    expect(spread).toMatchObject({ desired: 8, minReady: 6, allowedDisruptions: 2, verdict: "survives", pendingAtEnd: 0 });
    expect(spread.recoveredAtMs).not.toBeNull();
    expect(strict).toMatchObject({ desired: 8, minReady: 6, verdict: "degraded", pendingAtEnd: 2, recoveredAtMs: null });
    expect(Object.keys(strict.pendingReasons)[0]).toContain("didn't match pod topology spread constraints");
    expect(r.shortfall.map((s) => s.zone)).toEqual(["b", "c", "d"]);
  });

  it("losing the region that holds most replicas takes strict spreading below its budget", () => {
    const all = sweep(input, { seed: 1, horizonMs: 1_800_000 });
    expect(all).toHaveLength(6);
    const r1 = all.find((s) => s.scenario.id === "region/r1")!;
    expect(r1.deployments.find((d) => d.name === "spread")!.verdict).toBe("degraded");
    expect(r1.deployments.find((d) => d.name === "spread")!.minReady).toBe(2);
  });

  it("needs extra capacity in survivors when the failed zone's requests do not fit", () => {
    const tight = steadyState(makeNodes(["a", "b"], 1, "r1", "1"), [makeDeployment("big", { replicas: 2, cpu: "800m", spread: [{ whenUnsatisfiable: "ScheduleAnyway" }] })]);
    const r = runSweepScenario(tight, { id: "zone/a", kind: "zone", name: "a" }, { horizonMs: 1_200_000 });
    expect(r.shortfall).toEqual([{ zone: "b", region: "r1", extraCpuMilli: 600, extraMemoryBytes: 0 }]);
    expect(r.deployments[0]!.verdict).toBe("degraded");
  });
});

describe("verdicts and PDB arithmetic", () => {
  it.each([
    [3, 3, 0, "survives"],
    [3, 2, 1, "survives"],
    [3, 2, 0, "degraded"],
    [3, 0, 3, "down"],
  ] as const)("desired %i minReady %i allowed %i -> %s", (desired, minReady, allowed, v) => {
    expect(verdictFor(desired, minReady, allowed)).toBe(v);
  });
  it("minAvailable and maxUnavailable, percentages rounding up, strictest wins", () => {
    const labels = { app: "x" };
    expect(allowedDisruptions([pdb("p", "x", { minAvailable: 2 })], "default", labels, 5)).toBe(3);
    expect(allowedDisruptions([pdb("p", "x", { minAvailable: "50%" })], "default", labels, 5)).toBe(2);
    expect(allowedDisruptions([pdb("p", "x", { maxUnavailable: "25%" })], "default", labels, 5)).toBe(2);
    expect(allowedDisruptions([pdb("p", "x", { maxUnavailable: 3 }), pdb("q", "x", { minAvailable: 4 })], "default", labels, 5)).toBe(1);
    expect(allowedDisruptions([pdb("p", "y", { maxUnavailable: 3 })], "default", labels, 5)).toBe(0);
  });
});

describe("sweep scenarios share the t = 0 materialisation of their input", () => {
  it("gives each scenario the result it gets alone, on a copy of the input", () => {
    const nodes = makeNodes(["a", "b", "c"], 3);
    const deps = [makeDeployment("web", { replicas: 7, spread: [{}] }), makeDeployment("api", { replicas: 4 })];
    // Manifests only (no pods): the plan also holds the pods the controllers create, and the warm-up runs.
    for (const input of [steadyState(nodes, deps), { nodes, pods: [], deployments: deps, replicaSets: [], services: [], pdbs: [] }]) {
      const shared = sweepScenarios(input).map((s) => runSweepScenario(input, s, { seed: 3, horizonMs: 1_200_000 }));
      const alone = sweepScenarios(input).map((s) => runSweepScenario(structuredClone(input), s, { seed: 3, horizonMs: 1_200_000 }));
      expect(shared).toEqual(alone);
      // Another seed must not reuse the plan made for seed 3 (created pod names depend on it).
      const other = runSweepScenario(input, sweepScenarios(input)[0]!, { seed: 4, horizonMs: 1_200_000 });
      expect(other).toEqual(runSweepScenario(structuredClone(input), sweepScenarios(input)[0]!, { seed: 4, horizonMs: 1_200_000 }));
    }
    // Nor reuse the pod records derived under other settings: pods without tolerations get admission's
    // defaults from the settings (evicted 30 s instead of 300 s after the taint here).
    const input = steadyState(nodes, deps);
    const bare = { ...input, pods: input.pods.map((p) => ({ ...p, spec: { ...p.spec, tolerations: undefined } })) };
    const zone = sweepScenarios(bare)[0]!;
    const opts = (defaultTolerationSeconds: number) => ({ seed: 3, horizonMs: 1_200_000, settings: { defaultTolerationSeconds } });
    const slow = runSweepScenario(bare, zone, opts(300));
    const fast = runSweepScenario(bare, zone, opts(30));
    expect(fast).toEqual(runSweepScenario(structuredClone(bare), zone, opts(30)));
    expect(fast).not.toEqual(slow);
  });

  it("a scheduler that cannot fork simulates on the shared records without spoiling them for the next scenario", () => {
    const nodes = makeNodes(["a", "b", "c"], 3);
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 7, spread: [{}] }), makeDeployment("api", { replicas: 4 })]);
    // The default port without fork: every scenario builds its store and scheduler from the cached records.
    const noFork: SchedulerFactory = (i, seed) => {
      const { fork: _fork, ...port } = defaultSchedulerFactory(i, seed);
      return port;
    };
    const [z1, z2] = sweepScenarios(input);
    const opts = { seed: 3, horizonMs: 1_200_000, scheduler: noFork };
    const first = [runSweepScenario(input, z1!, opts), runSweepScenario(input, z2!, opts), runSweepScenario(input, z1!, opts)];
    expect(first).toEqual([z1, z2, z1].map((z) => runSweepScenario(structuredClone(input), z!, opts)));
    // And a forking scheduler on the same input afterwards starts from the same t = 0.
    expect(runSweepScenario(input, z2!, { seed: 3, horizonMs: 1_200_000 })).toEqual(runSweepScenario(structuredClone(input), z2!, { seed: 3, horizonMs: 1_200_000 }));
  });
});
