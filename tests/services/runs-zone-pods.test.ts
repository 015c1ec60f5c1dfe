/** The stored per (zone, Deployment) pod counts of a simulation run (lib/worker/zone-pods.ts) and their RunSeries rows. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { seriesRows } from "@/lib/services/runs-store";
import { runJob, type SimulationRunResult } from "@/lib/worker/compute";

const spec = parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
const run = (events: unknown[]) => runJob({ kind: "simulation", spec, scenario: { horizon: "30m", events } }) as SimulationRunResult;
const of = (r: SimulationRunResult, zone: string, name: string) => r.zonePods!.find((p) => p.zone === zone && p.deployment === `shop/${name}`);

describe("zonePods of a zone outage", () => {
  const r = run([{ at: 0, fail: { zone: "us-east-1a" } }]);

  it("counts every pod at t = 0 where it ran, and at the end where it is (Terminating on the failed zone)", () => {
    const desired = r.deployments.reduce((n, d) => n + d.desired, 0);
    expect(r.zonePods!.reduce((n, p) => n + p.before, 0)).toBe(desired);
    // Per zone, bound pods at the end = the zone series' last sample (it counts Terminating pods too).
    for (const z of r.zones) {
      const mine = r.zonePods!.filter((p) => p.zone === z.zone);
      expect(mine.reduce((n, p) => n + p.after + p.terminating, 0)).toBe(z.series[z.series.length - 1]!.pods);
      expect(mine.reduce((n, p) => n + p.before, 0)).toBe(z.series[0]!.pods);
    }
    const failed = r.zonePods!.filter((p) => p.zone === "us-east-1a");
    expect(failed.every((p) => p.after === 0 && p.terminating === p.before)).toBe(true);
    // web (DoNotSchedule + Ignore, #123019) gets no replacement anywhere; api's move to the surviving zones.
    expect(["us-east-1b", "us-east-1c"].map((z) => of(r, z, "web")!.after - of(r, z, "web")!.before)).toEqual([0, 0]);
    const apiGrowth = ["us-east-1b", "us-east-1c"].reduce((n, z) => n + of(r, z, "api")!.after - of(r, z, "api")!.before, 0);
    expect(apiGrowth).toBe(of(r, "us-east-1a", "api")!.before);
    expect(r.zonePods!.every((p) => p.ready <= p.after)).toBe(true);
  });

  it("stores them as RunSeries counts at step 0 (t = 0) and step 1 (the horizon), one row per (zone, Deployment)", () => {
    const rows = seriesRows(r).filter((x) => x.domainKey === "topology.kubernetes.io/zone" && x.deployment !== "*");
    expect(rows).toHaveLength(2 * r.zonePods!.length);
    expect(rows.find((x) => x.step === 1 && x.domain === "us-east-1a" && x.deployment === "shop/web")).toMatchObject({ timeMs: r.horizonMs, running: 0, terminating: 2 });
    expect(rows.find((x) => x.step === 0 && x.domain === "us-east-1a" && x.deployment === "shop/web")).toMatchObject({ timeMs: 0, running: 2 });
    const keys = rows.map((x) => `${x.step}/${x.cluster}/${x.deployment}/${x.domainKey}/${x.domain}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reads a result stored before zonePods existed", () => {
    const { zonePods: _, ...old } = r;
    expect(() => seriesRows(old)).not.toThrow();
  });
});

describe("zonePods after a recovery", () => {
  it("shows that the recovered zone does not get back the pods that moved away", () => {
    const r = run([{ at: 0, fail: { zone: "us-east-1a" } }, { at: "20m", recover: { zone: "us-east-1a" } }]);
    expect(r.zonePods!.every((p) => p.terminating === 0)).toBe(true);
    expect(of(r, "us-east-1a", "api")).toMatchObject({ before: 2, after: 0 });
  });
});

describe("a cluster failure in a multi-cluster topology", () => {
  it("takes down only the named cluster's nodes", () => {
    const multi = parse(readFileSync("lib/samples/multi-cluster-global.yaml", "utf8"));
    const r = runJob({ kind: "simulation", spec: multi, scenario: { horizon: "10m", events: [{ at: 0, fail: { cluster: "use1" } }] } }) as SimulationRunResult;
    const readyAtEnd = (cluster: string) => r.zones.filter((z) => z.cluster === cluster).map((z) => z.series[z.series.length - 1]!.readyNodes);
    expect(readyAtEnd("use1").every((n) => n === 0)).toBe(true);
    for (const other of ["euw1", "apne2"]) {
      const zones = r.zones.filter((z) => z.cluster === other);
      expect(zones.length).toBeGreaterThan(0);
      zones.forEach((z, k) => expect(readyAtEnd(other)[k]).toBe(z.nodes));
    }
  });
});
