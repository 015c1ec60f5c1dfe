/** The scenario fixtures parse, and run end to end on a small three-zone cluster. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario } from "@/lib/engine/sim/scenario";
import { simulate } from "@/lib/engine/sim/simulate";
import { makeDeployment, makeNodes, steadyState } from "./builders";

const load = (name: string) => {
  const r = parseScenario(readFileSync(`tests/fixtures/scenarios/${name}`, "utf8"));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
};

describe("scenario fixtures", () => {
  const input = steadyState(makeNodes(["us-east-1a", "us-east-1b", "us-east-1c"], 2, "us-east-1"), [
    makeDeployment("web", { replicas: 6, spread: [{ whenUnsatisfiable: "ScheduleAnyway" }] }),
  ]);

  it("zone-outage: replaced after eviction, not moved back after recovery", () => {
    const s = load("zone-outage.yaml");
    expect(s.events.map((e) => e.atMs)).toEqual([0, 2_700_000]);
    const r = simulate(input, s);
    const d = r.deployments[0]!;
    expect(d).toMatchObject({ minReady: 4, readyAtEnd: 6, pendingAtEnd: 0 });
    expect(d.recoveredAtMs).toBe(375_000); // two nodes: tainted at 55 s and 65 s, evicted 300 s later, Ready 10 s after
    const a = r.zones.find((z) => z.zone === "us-east-1a")!;
    expect(a.series[a.series.length - 1]).toMatchObject({ readyNodes: 2, pods: 0 });
  });

  it("all-zones-down: nothing evicted, everything Ready again after recovery", () => {
    const r = simulate(input, load("all-zones-down.yaml"));
    expect(r.events.filter((e) => e.reason === "TaintManagerEviction")).toHaveLength(0);
    expect(r.notes.map((n) => n.message)).toEqual([
      "Controller detected that all Nodes are not-Ready. Entering master disruption mode",
      "Controller detected that some Nodes are Ready. Exiting master disruption mode",
    ]);
    expect(r.deployments[0]).toMatchObject({ minReady: 0, readyAtEnd: 6, recoveredAtMs: 1_210_000 });
  });
});

describe("CLI report shape", () => {
  it("formats durations Go style", async () => {
    const { simulateReport } = await import("@/lib/engine/sim/report");
    const input = steadyState(makeNodes(["a", "b", "c"], 2), [makeDeployment("web", { replicas: 6 })]);
    const rep = simulateReport(simulate(input, { seed: 1, horizonMs: 900_000, events: [{ atMs: 0, fail: { node: "a-n0" } }] }));
    expect(rep.deployments[0]).toMatchObject({ name: "web", desired: 6, minReady: 5, minReadyAt: "50s", recoveredAt: "6m5s", pendingAtEnd: 0 });
    expect(rep.events.find((e) => e.reason === "TaintManagerEviction")?.at).toBe("5m55s");
  });
});
