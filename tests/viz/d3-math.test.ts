/** The d3-computed parts of the views (docs/ui.md, "d3 in the views"): time ticks, step lines, zone bands. */
import { describe, expect, it } from "vitest";
import { scaleLinear } from "d3";
import type { ClusterPlacement } from "@/lib/services/placement-core";
import { formatClock, stepPath, timeTicks } from "@/lib/viz/timeline-model";
import { layoutCluster } from "@/lib/viz/placement-layout";

describe("timeline axis ticks (d3 UTC time intervals over virtual time)", () => {
  it("land on round clock times", () => {
    const x = scaleLinear().domain([0, 900_000]).range([168, 1100]);
    expect(timeTicks(x, 10).map(formatClock)).toEqual(["0:00", "1:00", "2:00", "3:00", "4:00", "5:00", "6:00", "7:00", "8:00", "9:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"]);
    const hours = scaleLinear().domain([0, 86_400_000]).range([168, 1100]);
    expect(timeTicks(hours, 10).map(formatClock)).toEqual(["0:00", "3:00:00", "6:00:00", "9:00:00", "12:00:00", "15:00:00", "18:00:00", "21:00:00", "24:00:00"]);
  });
  it("never crowd their labels: a coarser interval when d3's choice would be too dense", () => {
    for (let horizon = 60_000; horizon <= 172_800_000; horizon *= 1.3) {
      for (const width of [500, 700, 981, 1400]) {
        const x = scaleLinear().domain([0, horizon]).range([168, width - 20]);
        const t = timeTicks(x, Math.max(2, Math.floor((width - 168) / 90)));
        expect(t.length).toBeGreaterThanOrEqual(2);
        for (let i = 1; i < t.length; i++) expect(x(t[i]!) - x(t[i - 1]!)).toBeGreaterThan(((formatClock(t[i]!).length + formatClock(t[i - 1]!).length) / 2) * 6.5);
      }
    }
  });
});

describe("step lines (d3-shape curveStepAfter)", () => {
  it("hold each value until the next change, as H/V segments, unchanged samples merged", () => {
    const x = scaleLinear().domain([0, 100]).range([0, 100]);
    const y = scaleLinear().domain([0, 10]).range([10, 0]);
    const s = (atMs: number, ready: number) => ({ atMs, ready, desired: 3, pending: 0 });
    expect(stepPath([s(0, 3), s(10, 3), s(20, 1), s(50, 3)], "ready", x, y, 100)).toBe("M0,7H20V9H50V7H100");
    // Two changes at the same instant: the line goes to the transient value and back, as before.
    expect(stepPath([s(0, 3), s(20, 1), s(20, 2), s(50, 3)], "ready", x, y, 100)).toBe("M0,7H20V9V8H50V7H100");
    // Same direction at one instant (3 -> 2 -> 1): one segment.
    expect(stepPath([s(0, 3), s(20, 2), s(20, 1)], "ready", x, y, 100)).toBe("M0,7H20V9H100");
    expect(stepPath([s(0, 3)], "desired", x, y, 100)).toBe("M0,7H100");
    expect(stepPath([], "ready", x, y, 100)).toBe("");
  });
});

describe("placement map zone columns (d3 band scale)", () => {
  const cluster = (zones: string[]): ClusterPlacement => ({
    name: "c",
    zones,
    regions: ["r"],
    nodes: zones.map((zone) => ({ name: `n-${zone}`, zone, region: "r", pool: "p", maxPods: 110, pods: [{ d: 0, n: 3 }] })),
  });
  it("equal whole-pixel columns with a 12 px gap, filling the width", () => {
    const l = layoutCluster(cluster(["a", "b", "c"]), 1000);
    expect(l.zones.map((z) => [z.x, z.w])).toEqual([[0, 325], [337, 325], [674, 325]]);
    expect(l.width).toBe(999);
  });
  it("one column takes the whole width; columns never get narrower than 120 px", () => {
    expect(layoutCluster(cluster(["a"]), 640).zones.map((z) => [z.x, z.w])).toEqual([[0, 640]]);
    const narrow = layoutCluster(cluster(["a", "b", "c", "d", "e", "f"]), 500);
    expect(narrow.zones.map((z) => z.w)).toEqual([120, 120, 120, 120, 120, 120]);
    expect(narrow.zones.map((z) => z.x)).toEqual([0, 132, 264, 396, 528, 660]);
    expect(narrow.width).toBe(780);
  });
});
