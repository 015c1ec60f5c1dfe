/** The outage phases' explanations quote the timings the cluster was simulated with, not the defaults. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runJob, type SimulationRunResult } from "@/lib/worker/compute";

const spec = parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
const explain = (r: SimulationRunResult, id: string) => r.phases.find((p) => p.id === id)?.explain ?? "";

describe("phase explanations", () => {
  it("quote the defaults when nothing is overridden", () => {
    const r = runJob({ kind: "simulation", spec, scenario: { horizon: "15m", events: [{ at: 0, fail: { zone: "us-east-1a" } }] } }) as SimulationRunResult;
    expect(explain(r, "detection")).toContain("(50s)");
    expect(explain(r, "taints")).toContain("one node every 10s");
    expect(explain(r, "evictions")).toContain("300 s");
  });
  it("quote the scenario's overrides", () => {
    const scenario = { horizon: "15m", settings: { nodeMonitorGracePeriod: "40s", nodeEvictionRate: 0.05, defaultTolerationSeconds: 60 }, events: [{ at: 0, fail: { zone: "us-east-1a" } }] };
    const r = runJob({ kind: "simulation", spec, scenario }) as SimulationRunResult;
    expect(explain(r, "detection")).toContain("(40s)");
    expect(explain(r, "taints")).toContain("(0.05 node/s per zone): one node every 20s");
    expect(explain(r, "evictions")).toContain("60 s");
  });
});
