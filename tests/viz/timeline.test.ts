import { describe, expect, it } from "vitest";
import { scaleLinear } from "d3-scale";
import { bucketEvents, formatClock, formatDuration, pendingSpans, phaseLanes, stepPath, valueAt } from "@/lib/viz/timeline-model";
import { explainPending, outageHeadline } from "@/lib/viz/timeline-explain";

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

describe("outage headline", () => {
  it("says when traffic stopped, when replacements came, and who never recovers", () => {
    const text = outageHeadline({
      phases: [{ id: "detection", startMs: 0, endMs: 50_000 }, { id: "evictions", startMs: 55_000, endMs: 355_000 }],
      deployments: [
        { name: "api", desired: 4, minReady: 3, recoveredAtMs: 395_000, pendingAtEnd: 0 },
        { name: "web", desired: 6, minReady: 4, recoveredAtMs: null, pendingAtEnd: 2 },
        { name: "db", desired: 2, minReady: 2, recoveredAtMs: 0, pendingAtEnd: 0 },
      ],
    }, formatClock);
    expect(text).toBe("Traffic to the lost replicas stopped at T+0:50 (node grace period). Replacements were created only at T+5:55, when the pods' tolerations of the unreachable taint ran out. api whole again by T+6:35. web never whole again: 2 pod(s) still Pending (see why below).");
  });
});

describe("pending spans", () => {
  it("covers only the intervals with pending pods", () => {
    const s = [{ atMs: 0, desired: 6, ready: 6, pending: 0 }, { atMs: 355, desired: 6, ready: 4, pending: 2 }, { atMs: 400, desired: 6, ready: 4, pending: 1 }];
    expect(pendingSpans(s, 900)).toEqual([{ startMs: 355, endMs: 400, pending: 2 }, { startMs: 400, endMs: 900, pending: 1 }]);
  });
});
