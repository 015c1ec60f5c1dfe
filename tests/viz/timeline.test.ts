import { describe, expect, it } from "vitest";
import { scaleLinear } from "d3-scale";
import { bucketEvents, formatClock, formatDuration, phaseLanes, stepPath, valueAt } from "@/lib/viz/timeline-model";
import { explainPending } from "@/lib/viz/timeline-explain";

const series = [
  { atMs: 0, desired: 6, ready: 6, pending: 0 },
  { atMs: 50_000, desired: 6, ready: 4, pending: 0 },
  { atMs: 365_000, desired: 6, ready: 6, pending: 0 },
];

describe("timeline model", () => {
  it("formats virtual time", () => {
    expect(formatClock(350_000)).toBe("5:50");
    expect(formatClock(3_725_000)).toBe("1:02:05");
    expect(formatDuration(350_000)).toBe("5m50s");
    expect(formatDuration(null)).toBe("never");
    expect(formatDuration(45_000)).toBe("45s");
  });
  it("reads the value in force at a time", () => {
    expect(valueAt(series, 49_999)!.ready).toBe(6);
    expect(valueAt(series, 50_000)!.ready).toBe(4);
    expect(valueAt(series, 1e9)!.ready).toBe(6);
    expect(valueAt([], 0)).toBeNull();
  });
  it("draws step lines to the horizon", () => {
    const x = scaleLinear().domain([0, 400_000]).range([0, 400]);
    const y = scaleLinear().domain([0, 6]).range([60, 0]);
    expect(stepPath(series, "ready", x, y, 400_000)).toBe("M0,0H50V20H365V0H400");
  });
  it("buckets events per pixel and drops those outside the range", () => {
    const x = scaleLinear().domain([0, 100]).range([0, 10]);
    const ev = (atMs: number, type = "Normal") => ({ atMs, type, reason: "R", object: "o", message: "m" });
    const b = bucketEvents([ev(0), ev(1), ev(50, "Warning"), ev(500)], x);
    expect(b.map((t) => [t.x, t.count, t.warnings])).toEqual([[0, 2, 0], [5, 1, 1]]);
  });
  it("stacks overlapping phases in lanes", () => {
    const lanes = phaseLanes([{ startMs: 0, endMs: 50 }, { startMs: 55, endMs: 95 }, { startMs: 55, endMs: 355 }, { startMs: 355, endMs: 400 }]);
    expect(lanes.map((l) => l.lane)).toEqual([0, 0, 1, 0]);
  });
});

describe("pending explanations", () => {
  it("names the #123019 trap for DoNotSchedule + Ignore", () => {
    const text = explainPending("0/15 nodes are available: 6 node(s) didn't match pod topology spread constraints.", [{ whenUnsatisfiable: "DoNotSchedule", topologyKey: "topology.kubernetes.io/zone" }]);
    expect(text).toMatch(/failed zone still counts as a spread domain with 0 pods \(nodeTaintsPolicy: Ignore\)/);
  });
  it("says capacity when resources are short", () => {
    expect(explainPending("0/9 nodes are available: 6 Insufficient cpu.")).toMatch(/enough free cpu/);
  });
});
