/** `topoplan simulate` and `topoplan sweep` as child processes on fixtures (contract: shared/formats/cli.md). */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSweepScenario, sweepScenarios } from "../../lib/engine/analysis/sweep";
import { sweepReport } from "../../lib/engine/sim/report";
import { parseSnapshot } from "../../lib/k8s/snapshot";
import { readFileSync } from "node:fs";
import { simulationInput } from "../../cli/snapshot-input";

const ROOT = join(__dirname, "../..");
const FIX = join(ROOT, "tests/fixtures/console");
const GO_DURATION = /^(\d+h)?(\d+m)?(\d+(\.\d+)?s)$|^0s$/;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/topoplan.mjs"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("topoplan simulate", { timeout: 120_000 }, () => {
  it("zone failure with DoNotSchedule + nodeTaintsPolicy Ignore: replacements stay Pending with the scheduler's message", () => {
    const r = run("simulate", join(FIX, "spread-ignore.yaml"), "--scenario", join(FIX, "zone-a-outage.yaml"), "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const web = j.deployments.find((d: { name: string }) => d.name === "web");
    expect(web).toMatchObject({ namespace: "default", desired: 6, minReady: 4, recoveredAt: null, pendingAtEnd: 2 });
    expect(web.minReadyAt).toMatch(GO_DURATION);
    const [reason] = Object.keys(web.pendingReasons);
    expect(reason).toMatch(/^0\/6 nodes are available: .*didn't match pod topology spread constraints/);
    const reasons = new Set(j.events.map((e: { reason: string }) => e.reason));
    for (const x of ["SuccessfulCreate", "NodeNotReady", "TaintManagerEviction", "FailedScheduling"]) expect(reasons).toContain(x);
    for (const e of j.events) expect(e.at).toMatch(GO_DURATION);
  });
  it("with nodeTaintsPolicy Honor it recovers (grace period + 300 s toleration after the failure)", () => {
    const j = JSON.parse(run("simulate", join(FIX, "spread-honor.yaml"), "--scenario", join(FIX, "zone-a-outage.yaml"), "--json").out);
    const web = j.deployments[0];
    expect(web).toMatchObject({ desired: 6, minReady: 4, pendingAtEnd: 0 });
    expect(web.recoveredAt).toMatch(GO_DURATION);
    // 2m failure + 50s grace + 300s toleration, plus startup: between 7m50s and 9m.
    const [, m, s] = /^(\d+)m(\d+)s$/.exec(web.recoveredAt)!;
    const secs = Number(m) * 60 + Number(s);
    expect(secs).toBeGreaterThanOrEqual(470);
    expect(secs).toBeLessThan(540);
  });
  it("a snapshot of manifests only is warmed up: the failure at 0s hits the steady state, not a cluster still starting", () => {
    const r = run("simulate", join(ROOT, "tests/fixtures/snapshots/manifests-only.yaml"), "--scenario", join(ROOT, "tests/fixtures/scenarios/zone-outage.yaml"), "--json");
    expect(r.code).toBe(0);
    const web = JSON.parse(r.out).deployments[0];
    // 2 of the 6 spread replicas run in us-east-1a: 4 stay ready; the rest return after 50 s + 300 s + startup.
    expect(web).toMatchObject({ desired: 6, minReady: 4, pendingAtEnd: 0 });
    expect(web.minReadyAt).toBe("50s");
    expect(web.recoveredAt).toMatch(/^6m\d+s$/);
  });
  it("a failure target the cluster does not have is an error naming the event", () => {
    const r = run("simulate", join(ROOT, "tests/fixtures/snapshots/manifests-only.yaml"), "--scenario", join(FIX, "zone-typo.yaml"));
    expect(r.code).toBe(1);
    expect(r.err).toContain('events[0].fail.zone: no node is in zone "us-east-1z"');
  });
  it("accepts a drain: the pod is evicted at the drain time and the node is empty after the 30 s grace period", () => {
    const r = run("simulate", join(FIX, "spread-ignore.yaml"), "--scenario", join(FIX, "drain-node-a1.yaml"), "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // No PodDisruptionBudget: granted at once (2m); removed 30 s later (2m30s).
    expect(j.drains).toEqual([expect.objectContaining({ node: "node-a1", at: "2m0s", drainedAt: "2m30s", refusals: 0, remaining: [], evicted: [{ namespace: "default", pod: "web-running-a1", at: "2m0s" }] })]);
    const reasons = j.events.map((e: { reason: string; at: string }) => `${e.at} ${e.reason}`);
    expect(reasons).toContain("2m0s NodeNotSchedulable");
    expect(reasons).toContain("2m0s Killing");
    expect(j.notes.map((n: { message: string }) => n.message)).toContain("node/node-a1 drained");
    const text = run("simulate", join(FIX, "spread-ignore.yaml"), "--scenario", join(FIX, "drain-node-a1.yaml"));
    expect(text.code).toBe(0);
    expect(text.out).toContain("node/node-a1 (drain at 2m0s): drained at 2m30s; 1 evicted, 0 refused evictions");
  });
  it("a drain of a node the cluster does not have is an error naming the field", () => {
    const r = run("simulate", join(FIX, "spread-ignore.yaml"), "--scenario", join(FIX, "drain-typo.yaml"));
    expect(r.code).toBe(1);
    expect(r.err).toContain('events[0].drain.node: no node "node-z9"');
  });
  it("prints a timeline and a per-Deployment summary by default", () => {
    const r = run("simulate", join(FIX, "spread-ignore.yaml"), "--scenario", join(FIX, "zone-a-outage.yaml"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("Timeline:");
    expect(r.out).toMatch(/NodeNotReady\s+node\/node-a1/);
    expect(r.out).toMatch(/default\/web\s+6\s+4\s+\S+\s+never/);
  });
  it("usage errors exit 2, bad scenarios exit 1 naming the field", () => {
    expect(run("simulate", join(FIX, "spread-ignore.yaml")).code).toBe(2);
    expect(run("simulate", "--help").code).toBe(0);
    const r = run("simulate", join(FIX, "spread-ignore.yaml"), "--scenario", join(FIX, "spread-ignore.yaml"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("is not a valid scenario");
  });
});

describe("topoplan sweep", { timeout: 120_000 }, () => {
  it("--help for sweep and console exits 0", () => {
    for (const cmd of ["sweep", "console", "simulate"]) {
      const r = run(cmd, "--help");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: topoplan ${cmd}`);
    }
    expect(run("sweep").code).toBe(2);
  });
  it("fails each zone then the region, with verdicts; parallel output equals a serial run", () => {
    const par = run("sweep", join(FIX, "spread-honor.yaml"), "--json");
    const ser = run("sweep", join(FIX, "spread-honor.yaml"), "--json", "--threads", "1");
    expect(par.code).toBe(0);
    expect(par.out).toBe(ser.out);
    const j = JSON.parse(par.out);
    expect(j.scenarios.map((s: { scenario: string }) => s.scenario)).toEqual(["zone/us-east-1a", "zone/us-east-1b", "zone/us-east-1c", "region/us-east-1"]);
    const zoneA = j.scenarios[0].deployments[0];
    expect(zoneA).toMatchObject({ name: "web", desired: 6, minReady: 4, pendingAtEnd: 0, verdict: "degraded" });
    expect(zoneA.recoveredAt).toMatch(GO_DURATION);
    expect(j.scenarios[3].deployments[0]).toMatchObject({ minReady: 0, verdict: "down" });
    // And equal to the library's serial sweep.
    const parsed = parseSnapshot(readFileSync(join(FIX, "spread-honor.yaml"), "utf8"));
    if (!parsed.ok) throw parsed.error;
    const input = simulationInput(parsed.snapshot);
    expect(JSON.parse(JSON.stringify(sweepReport(sweepScenarios(input).map((s) => runSweepScenario(input, s)))))).toEqual(j);
  });
  it("sweeps a snapshot of manifests only from its steady state: losing one of three zones degrades, it is not down", () => {
    const r = run("sweep", join(ROOT, "tests/fixtures/snapshots/manifests-only.yaml"), "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const zones = j.scenarios.filter((s: { scenario: string }) => s.scenario.startsWith("zone/"));
    expect(zones).toHaveLength(3);
    for (const s of zones) expect(s.deployments[0]).toMatchObject({ desired: 6, minReady: 4, verdict: "degraded", pendingAtEnd: 0 });
    const region = j.scenarios.find((s: { scenario: string }) => s.scenario === "region/us-east-1");
    expect(region.deployments[0]).toMatchObject({ minReady: 0, verdict: "down" });
  });
  it("prints a verdict table by default; Ignore leaves pods pending", () => {
    const r = run("sweep", join(FIX, "spread-ignore.yaml"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/zone\/us-east-1a\s+default\/web\s+6\s+4\s+never\s+2\s+degraded/);
    expect(r.out).toContain("didn't match pod topology spread constraints");
  });
});
