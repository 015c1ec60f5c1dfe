/** The rollouts of a simulation run as the app stores them (lib/worker/compute.ts) and reads them back (lib/viz/rollouts.ts). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { seriesRows } from "@/lib/services/runs-store";
import { summarize } from "@/lib/services/runs-summary";
import { hasRollouts, rolloutHeadline, rolloutsOf } from "@/lib/viz/rollouts";
import { formatClock } from "@/lib/viz/timeline-model";
import { measuresFromStart, runJob, type SimulationRunResult } from "@/lib/worker/compute";

const spec = parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
const run = (events: unknown[], horizon = "15m") => runJob({ kind: "simulation", spec, scenario: { horizon, events } }) as SimulationRunResult;
const dep = (r: SimulationRunResult, name: string) => r.deployments.find((d) => d.name === name)!;

describe("a zone that fails 20 s into a rollout of web", () => {
  const r = run([{ at: 0, rollout: { deployment: "shop/web", image: "nginx:1.28" } }, { at: "20s", fail: { zone: "us-east-1a" } }]);

  it("stores the engine's rollout with its cluster, and kubectl's line", () => {
    expect(r.rollouts).toEqual([{ cluster: "prod-use1", namespace: "shop", deployment: "web", atMs: 0, strategy: "RollingUpdate", replicaSet: expect.stringMatching(/^web-[a-z0-9]+$/), completedAtMs: null, supersededAtMs: null }]);
    expect(r.rolloutNotes).toEqual([{ cluster: "prod-use1", atMs: 0, message: "deployment.apps/web image updated" }]);
    expect(r.events.some((e) => e.reason === "ScalingReplicaSet" && e.object === "deployment/web" && e.message.startsWith(`Scaled up replica set ${r.rollouts![0]!.replicaSet} from 0 to 2`))).toBe(true);
  });

  it("reads as not complete, because of the Pending pods; the outage measures still count from the failure", () => {
    const web = dep(r, "web");
    expect(web.pendingAtEnd).toBeGreaterThan(0);
    const [v] = rolloutsOf(r, web);
    expect(v).toMatchObject({ status: "incomplete", strategy: "RollingUpdate", image: "nginx:1.28", endMs: r.horizonMs });
    expect(v!.why).toMatch(/^2 pods still Pending/);
    // The failure at 20 s: detection after the 50 s grace period.
    expect(web).toMatchObject({ measuresFromMs: 20_000, timeToDetectMs: 50_000 });
    expect(rolloutsOf(r, dep(r, "api"))).toEqual([]);
    expect(hasRollouts(r)).toBe(true);
    expect(rolloutHeadline(rolloutsOf(r, web), formatClock)).toBe("Rollout: web not complete at the end.");
  });

  it("counts the pods per zone at t = 0 before the rollout's first surge pods", () => {
    const web = r.zonePods!.filter((p) => p.deployment === "shop/web");
    expect(web.reduce((n, p) => n + p.before, 0)).toBe(6);
  });
});

describe("a rollout alone", () => {
  const r = run([{ at: 0, rollout: { deployment: "shop/api", image: "ghcr.io/example/api:2.5.0" } }, { at: 0, rollout: { deployment: "shop/cron-runner" } }, { at: "1m", rollout: { deployment: "shop/checkout", image: "ghcr.io/example/checkout:1.9.0" } }]);

  it("has its measures counted from t = 0, not from the warm-up's start", () => {
    // api: RollingUpdate 25% / 25% of 4: one replica unavailable at a time, whole again once complete.
    const api = dep(r, "api");
    expect(api).toMatchObject({ minReady: 3, minReadyAtMs: 0, timeToDetectMs: 0, measuresFromMs: 0 });
    expect(api.recoveredAtMs).toBeGreaterThan(0);
    expect(api.timeToRecoverMs).toBe(api.recoveredAtMs);
    // cron-runner: Recreate of 1 replica, down until the new pod is Ready.
    expect(dep(r, "cron-runner")).toMatchObject({ minReady: 0, minReadyAtMs: 0 });
    // Deployments that are not rolled out are unaffected: whole at t = 0.
    for (const name of ["web", "session-cache"]) expect(dep(r, name)).toMatchObject({ minReady: dep(r, name).desired, recoveredAtMs: 0, timeToDetectMs: null });
    expect(summarize(r)).toMatchObject({ recovered: true, notRecovered: 0 });
  });

  it("completes each rollout; the one whose image did not change is not rolled out, with kubectl's line", () => {
    const api = rolloutsOf(r, dep(r, "api"));
    expect(api).toEqual([expect.objectContaining({ status: "complete", strategy: "RollingUpdate", atMs: 0, why: null })]);
    expect(api[0]!.completedAtMs).toBeGreaterThan(0);
    expect(api[0]!.completedAtMs).toBeLessThan(r.horizonMs);
    expect(rolloutsOf(r, dep(r, "cron-runner"))).toEqual([expect.objectContaining({ status: "complete", strategy: "Recreate", image: null })]);
    expect(r.rollouts!.map((x) => x.deployment)).toEqual(["api", "cron-runner"]);
    expect(rolloutsOf(r, dep(r, "checkout"))).toEqual([expect.objectContaining({
      status: "not-started", atMs: 60_000, strategy: null, why: "the template did not change (kubectl: deployment.apps/checkout image updated (no change))",
    })]);
  });
});

describe("a Recreate rollout during a zone outage", () => {
  it("waits for the old pod stuck Terminating on the failed zone, and says so", () => {
    const r = run([{ at: 0, fail: { zone: "us-east-1c" } }, { at: "2m", rollout: { deployment: "shop/cron-runner", image: "ghcr.io/example/cron-runner:0.4.0" } }]);
    const [v] = rolloutsOf(r, dep(r, "cron-runner"));
    expect(v).toMatchObject({ status: "incomplete", strategy: "Recreate", replicaSet: null, atMs: 120_000 });
    expect(v!.why).toContain("1 old pod still Terminating on unreachable nodes");
  });
});

describe("runs stored before rollouts reached the app", () => {
  it("read as having no rollouts", () => {
    const r = run([{ at: 0, rollout: { deployment: "shop/web" } }], "5m");
    const { rollouts: _r, rolloutNotes: _n, ...old } = r;
    expect(hasRollouts(old)).toBe(false);
    expect(rolloutsOf(old, dep(r, "web"))).toEqual([]);
    expect(() => seriesRows(old)).not.toThrow();
    expect(() => summarize(old)).not.toThrow();
  });
});

describe("measuresFromStart", () => {
  const s = (atMs: number, ready: number, desired = 4) => ({ atMs, desired, ready, available: ready, pending: 0 });
  it("takes the baseline just before t = 0 and reads the series from there", () => {
    expect(measuresFromStart([s(0, 0), s(10_000, 4), s(60_000, 3), s(70_000, 4), s(80_000, 2), s(95_000, 4)], 60_000)).toEqual({
      minReady: 2, minReadyAtMs: 20_000, recoveredAtMs: 10_000, timeToDetectMs: 0, timeToRecoverMs: 10_000,
    });
  });
  it("reads a series that never drops as whole at t = 0, and one that never comes back as never", () => {
    expect(measuresFromStart([s(0, 0), s(10_000, 4)], 60_000)).toEqual({ minReady: 4, minReadyAtMs: 0, recoveredAtMs: 0, timeToDetectMs: null, timeToRecoverMs: 0 });
    expect(measuresFromStart([s(0, 4), s(61_000, 1)], 60_000)).toMatchObject({ minReady: 1, minReadyAtMs: 1_000, recoveredAtMs: null, timeToRecoverMs: null });
  });
});

describe("a cluster failure in a multi-cluster topology", () => {
  it("leaves the other clusters' Deployments unaffected, whole from t = 0", () => {
    const multi = parse(readFileSync("lib/samples/multi-cluster-global.yaml", "utf8"));
    const r = runJob({ kind: "simulation", spec: multi, scenario: { horizon: "10m", events: [{ at: 0, fail: { cluster: "use1" } }] } }) as SimulationRunResult;
    const others = r.deployments.filter((d) => d.cluster !== "use1");
    expect(others.length).toBeGreaterThan(0);
    for (const d of others) expect(d).toMatchObject({ minReady: d.desired, minReadyAtMs: 0, recoveredAtMs: 0, timeToDetectMs: null });
    expect(r.rollouts).toEqual([]);
  });
});
