import { describe, expect, it } from "vitest";
import { DEFAULT_LAYOUT, layoutTopology, nodesPerLine } from "@/lib/viz/topology-layout";
import { cluster, pool, singleRegion } from "./fixtures";

const o = DEFAULT_LAYOUT;

describe("layoutTopology: columns", () => {
  it("lays zones out as columns, region by region, with a wider gap between regions", () => {
    const l = layoutTopology({
      regions: [
        { id: "r1", label: "R1", zones: ["a", "b"] },
        { id: "r2", label: "R2", zones: ["c"] },
      ],
      clusters: [cluster("stretch", ["a", "c"], [])],
    });
    expect(l.zones.map((z) => z.id)).toEqual(["a", "b", "c"]);
    expect(l.zones[1]!.x - l.zones[0]!.x).toBe(o.zoneWidth + o.columnGap);
    expect(l.zones[2]!.x - l.zones[1]!.x).toBe(o.zoneWidth + o.regionGap);
    expect(l.regions[0]).toMatchObject({ x: l.zones[0]!.x, width: 2 * o.zoneWidth + o.columnGap });
    expect(l.width).toBe(l.zones[2]!.x + o.zoneWidth + o.margin);
  });

  it("separates regions no cluster joins by the wider group gap", () => {
    const l = layoutTopology({
      regions: [
        { id: "r1", label: "R1", zones: ["a"] },
        { id: "r2", label: "R2", zones: ["b"] },
      ],
      clusters: [],
    });
    expect(l.zones[1]!.x - l.zones[0]!.x).toBe(o.zoneWidth + o.groupGap);
    expect(l.zones[1]!.y).toBe(l.zones[0]!.y);
  });

  it("wraps independent regions onto shelves that fit the target width, keeping stretched regions together", () => {
    const three = ["x", "y", "z"];
    const model = {
      regions: [
        { id: "us", label: "US", zones: three.map((z) => `us-${z}`) },
        { id: "eu", label: "EU", zones: three.map((z) => `eu-${z}`) },
        { id: "ap", label: "AP", zones: ["ap-x"] },
        { id: "jp", label: "JP", zones: ["jp-x"] },
      ],
      clusters: [
        cluster("us", three.map((z) => `us-${z}`), [pool("p", { "us-x": 2 })]),
        cluster("eu", three.map((z) => `eu-${z}`), [pool("p", { "eu-x": 2 })]),
        cluster("apjp", ["ap-x", "jp-x"], [pool("p", { "ap-x": 1, "jp-x": 1 })]),
      ],
    };
    const wide = layoutTopology(model);
    expect(new Set(wide.zones.map((z) => z.y)).size).toBe(1);

    const narrow = layoutTopology(model, { targetWidth: 3 * o.zoneWidth + 2 * o.columnGap + 2 * o.margin });
    const [us, eu, apjp] = narrow.clusters;
    expect(us!.x).toBe(eu!.x);
    expect(eu!.y).toBeGreaterThan(us!.y + us!.height);
    expect(apjp!.regions).toEqual(["ap", "jp"]);
    expect(apjp!.y).toBeGreaterThan(eu!.y + eu!.height);
    expect(narrow.width).toBeLessThan(wide.width);
    // Columns reach down to the end of their shelf, and headers sit above the clusters of their shelf.
    for (const c of narrow.clusters) {
      for (const r of c.regions) expect(narrow.regions.find((x) => x.id === r)!.y).toBeLessThan(c.y);
    }
    const usCol = narrow.zones[0]!;
    expect(usCol.y + usCol.height).toBeGreaterThanOrEqual(us!.y + us!.height);
    expect(usCol.y + usCol.height).toBeLessThan(eu!.y);
  });

  it("draws an empty topology without throwing", () => {
    const l = layoutTopology({ regions: [], clusters: [] });
    expect(l.clusters).toEqual([]);
    expect(l.totalNodes).toBe(0);
    expect(l.width).toBeGreaterThan(0);
  });
});

describe("layoutTopology: column width", () => {
  const six = {
    regions: [
      { id: "r1", label: "R1", zones: ["a", "b", "c"] },
      { id: "r2", label: "R2", zones: ["d", "e", "f"] },
    ],
    clusters: [cluster("stretch", ["a", "b", "c", "d", "e", "f"], [pool("p", { a: 3, f: 3 })])],
  };

  it("narrows zone columns so the widest group fits the target width", () => {
    const l = layoutTopology(six, { targetWidth: 1100 });
    expect(l.zones[0]!.width).toBeLessThan(o.zoneWidth);
    expect(l.width).toBeLessThanOrEqual(1100);
    const cell = l.clusters[0]!.rows[0]!.cells[0]!;
    for (const m of cell.nodes) expect(m.x + m.size).toBeLessThanOrEqual(cell.x + cell.width);
  });

  it("never narrows below minZoneWidth (the zoom fit takes over) nor widens beyond zoneWidth", () => {
    expect(layoutTopology(six, { targetWidth: 300 }).zones[0]!.width).toBe(o.minZoneWidth);
    expect(layoutTopology(six, { targetWidth: 5000 }).zones[0]!.width).toBe(o.zoneWidth);
  });
});

describe("layoutTopology: clusters", () => {
  it("spans a multi-AZ cluster over its three zone columns", () => {
    const l = layoutTopology(singleRegion(3));
    const c = l.clusters[0]!;
    expect(c.x).toBe(l.zones[0]!.x);
    expect(c.x + c.width).toBe(l.zones[2]!.x + o.zoneWidth);
    expect(c.regions).toEqual(["us-east-1"]);
    expect(c.etcd.map((e) => [e.zone, e.members])).toEqual([["use1-az1", 1], ["use1-az2", 1], ["use1-az3", 1]]);
  });

  it("spans a stretched cluster across two regions and hatches the unused zones in between", () => {
    const l = layoutTopology({
      regions: [
        { id: "eu-west", label: "EU West", zones: ["w1", "w2", "w3"] },
        { id: "eu-central", label: "EU Central", zones: ["c1", "c2"] },
      ],
      clusters: [cluster("stretch", ["w1", "c1"], [pool("p", { w1: 2, c1: 2 })], { w1: 2, c1: 1 })],
    });
    const c = l.clusters[0]!;
    expect(c.regions).toEqual(["eu-west", "eu-central"]);
    expect(c.x).toBe(l.zones[0]!.x);
    expect(c.x + c.width).toBe(l.zones[3]!.x + o.zoneWidth);
    expect(c.gaps.map((g) => g.zone)).toEqual(["w2", "w3"]);
  });

  it("puts clusters with disjoint spans side by side in one lane, overlapping ones below", () => {
    const l = layoutTopology({
      regions: [
        { id: "r1", label: "R1", zones: ["a"] },
        { id: "r2", label: "R2", zones: ["b"] },
      ],
      clusters: [
        cluster("one", ["a"], [pool("p", { a: 1 })]),
        cluster("two", ["b"], [pool("p", { b: 1 })]),
        cluster("both", ["a", "b"], [pool("p", { a: 1, b: 1 })]),
      ],
    });
    const [one, two, both] = l.clusters;
    expect(one!.lane).toBe(0);
    expect(two!.lane).toBe(0);
    expect(one!.y).toBe(two!.y);
    expect(both!.lane).toBe(1);
    expect(both!.y).toBeGreaterThanOrEqual(one!.y + one!.height + o.laneGap);
    expect(l.height).toBe(both!.y + both!.height + o.margin);
  });

  it("skips zones that no region declares instead of misplacing them", () => {
    const l = layoutTopology({
      regions: [{ id: "r", label: "R", zones: ["a"] }],
      clusters: [cluster("c", ["a", "ghost"], [pool("p", { a: 1, ghost: 5 })]), cluster("lost", ["ghost"], [])],
    });
    expect(l.clusters.map((c) => c.name)).toEqual(["c"]);
    expect(l.clusters[0]!.rows[0]!.cells.map((c) => c.zone)).toEqual(["a"]);
  });
});

describe("layoutTopology: nodes and aggregation", () => {
  it("draws one square per node, wrapping inside the cell, never outside it", () => {
    const l = layoutTopology(singleRegion(40));
    const cell = l.clusters[0]!.rows[0]!.cells[0]!;
    expect(cell.aggregated).toBe(false);
    expect(cell.nodes).toHaveLength(40);
    for (const m of cell.nodes) {
      expect(m.x).toBeGreaterThanOrEqual(cell.x);
      expect(m.x + m.size).toBeLessThanOrEqual(cell.x + cell.width);
      expect(m.y).toBeGreaterThanOrEqual(cell.y);
      expect(m.y + m.size).toBeLessThanOrEqual(cell.y + cell.height);
    }
    const perLine = nodesPerLine(cell.width);
    expect(new Set(cell.nodes.map((m) => m.y)).size).toBe(Math.ceil(40 / perLine));
  });

  it("grows the row when a pool goes from 2 to 3 nodes per zone only if a new line is needed", () => {
    const two = layoutTopology(singleRegion(2));
    const three = layoutTopology(singleRegion(3));
    expect(three.totalNodes - two.totalNodes).toBe(3);
    expect(three.clusters[0]!.rows[0]!.cells[0]!.nodes).toHaveLength(3);
  });

  it(`aggregates a cell above ${o.aggregateThreshold} nodes into one block with the count and total capacity`, () => {
    const l = layoutTopology(singleRegion(1000));
    const cell = l.clusters[0]!.rows[0]!.cells[0]!;
    expect(cell.aggregated).toBe(true);
    expect(cell.nodes).toHaveLength(0);
    expect(cell.nodeCount).toBe(1000);
    expect(cell.total).toEqual({ cpuMillis: 3_920_000, memoryBytes: 15_000 * 2 ** 30, pods: 110_000 });
    expect(l.aggregatedCells).toBe(3);
    expect(l.totalNodes).toBe(3000);
  });

  it("keeps the threshold itself drawn as squares", () => {
    const cell = layoutTopology(singleRegion(o.aggregateThreshold)).clusters[0]!.rows[0]!.cells[0]!;
    expect(cell.aggregated).toBe(false);
    expect(cell.nodes).toHaveLength(o.aggregateThreshold);
  });

  it("sizes thousands of nodes to a bounded drawing", () => {
    const big = layoutTopology(singleRegion(5000));
    const small = layoutTopology(singleRegion(100));
    expect(big.height).toBe(small.height);
    expect(big.width).toBe(small.width);
  });

  it("counts nodes per zone and per region for the headers", () => {
    const l = layoutTopology(singleRegion(4));
    expect(l.zones.map((z) => z.nodeCount)).toEqual([4, 4, 4]);
    expect(l.regions[0]!.nodeCount).toBe(12);
  });

  it("gives every cell of a pool row the same height so the rows align across zones", () => {
    const l = layoutTopology({
      regions: [{ id: "r", label: "R", zones: ["a", "b"] }],
      clusters: [cluster("c", ["a", "b"], [pool("p", { a: 50, b: 1 }), pool("q", { a: 1 })])],
    });
    const [p, q] = l.clusters[0]!.rows;
    expect(p!.cells[0]!.height).toBe(p!.cells[1]!.height);
    expect(q!.y).toBeGreaterThanOrEqual(p!.y + p!.height);
    expect(q!.cells[1]!.nodeCount).toBe(0);
  });
});
