import { describe, expect, it } from "vitest";
import { activePodsWithRanksLess, goLog2, logarithmicRankDiff, podDeletionCost } from "../../../lib/engine/controllers/active-pods";
import { getPodsToDelete, ranksByRelatedPodsOnSameNode, slowStartBatch, sortActivePods } from "../../../lib/engine/controllers/replicaset-util";
import type { Pod } from "../../../lib/k8s/types";
import { pod } from "./builders";

const NOW = "2024-06-01T12:00:00Z";
const nowMs = Date.parse(NOW);
const ago = (h: number) => new Date(nowMs - h * 3600_000).toISOString();
const MONTH = "2024-05-01T12:00:00Z";

// The pods of upstream's TestSortingActivePodsWithRanks, rebuilt with our builder.
const P = {
  unscheduled: pod("unscheduled", { phase: "Pending" }),
  pending: pod("pending", { node: "node", phase: "Pending" }),
  unknown: pod("unknown-phase", { node: "node", phase: "Unknown" }),
  notReady: pod("not-ready", { node: "node", phase: "Running" }),
  readyNoLTT: pod("ready-no-ltt", { node: "node", phase: "Running", ready: true, restarts: 0 }),
  readyNow: pod("ready-now", { node: "node", phase: "Running", ready: true, readySince: NOW, created: NOW, restarts: 0 }),
  readyThen: pod("ready-then", { node: "node", phase: "Running", ready: true, readySince: MONTH, created: MONTH, restarts: 0 }),
  highRestarts: pod("high-restarts", { node: "node", phase: "Running", ready: true, readySince: NOW, created: NOW, restarts: 9001 }),
  nowCreatedThen: pod("now-created-then", { node: "node", phase: "Running", ready: true, readySince: NOW, created: MONTH, restarts: 0 }),
  lowCost: pod("low-cost", { node: "node", phase: "Running", ready: true, readySince: NOW, created: MONTH, cost: "10" }),
  highCost: pod("high-cost", { node: "node", phase: "Running", ready: true, readySince: NOW, created: MONTH, cost: "100" }),
  unsched5h: pod("unscheduled-5h", { phase: "Pending", created: ago(5) }),
  unsched8h: pod("unscheduled-8h", { phase: "Pending", created: ago(8) }),
  ready2h: pod("ready-2h", { phase: "Running", ready: true, readySince: ago(2), created: MONTH }),
  ready5h: pod("ready-5h", { phase: "Running", ready: true, readySince: ago(5), created: MONTH }),
  ready8h: pod("ready-8h", { phase: "Running", ready: true, readySince: ago(8), created: MONTH }),
};

function less(a: Pod, ra: number, b: Pod, rb: number, gates = {}): [boolean, boolean] {
  const s = { pods: [a, b], ranks: [ra, rb], nowMs, featureGates: gates };
  return [activePodsWithRanksLess(s, 0, 1), activePodsWithRanksLess(s, 1, 0)];
}

describe("ActivePodsWithRanks.Less", () => {
  it.each([
    [P.unscheduled, P.unscheduled],
    [P.pending, P.pending],
    [P.readyNow, P.readyNow],
    [P.nowCreatedThen, P.nowCreatedThen],
    [P.unsched5h, P.unsched8h], // same log2 bucket of age: equivalent
    [P.ready5h, P.ready8h],
  ])("%# equivalent pods", (a, b) => expect(less(a, 1, b, 1)).toEqual([false, false]));

  it.each([
    [P.unscheduled, 1, P.pending, 2, {}],
    [P.unscheduled, 2, P.pending, 1, {}],
    [P.pending, 1, P.unknown, 2, {}],
    [P.unknown, 1, P.notReady, 2, {}],
    [P.notReady, 1, P.readyNoLTT, 1, {}],
    [P.readyNoLTT, 1, P.readyNow, 1, {}],
    [P.readyNow, 2, P.readyNoLTT, 1, {}],
    [P.readyNow, 1, P.readyThen, 1, {}],
    [P.readyNow, 2, P.readyThen, 1, {}],
    [P.highRestarts, 1, P.readyNow, 1, {}],
    [P.readyNow, 2, P.highRestarts, 1, {}],
    [P.readyNow, 1, P.nowCreatedThen, 1, {}],
    [P.nowCreatedThen, 2, P.readyNow, 1, {}],
    [P.lowCost, 2, P.highCost, 1, {}],
    [P.highCost, 2, P.lowCost, 1, { PodDeletionCost: false }],
    [P.ready2h, 1, P.ready5h, 1, {}],
    // Without LogarithmicScaleDown exact times decide, so 5h and 8h differ.
    [P.ready5h, 1, P.ready8h, 1, { LogarithmicScaleDown: false }],
  ])("%# lesser deleted first", (a, ra, b, rb, gates) => expect(less(a, ra, b, rb, gates)).toEqual([true, false]));

  it("breaks ties within a bucket by UID", () => {
    const a = pod("a", { phase: "Running", ready: true, readySince: ago(5), uid: "aaa" });
    const b = pod("b", { phase: "Running", ready: true, readySince: ago(7), uid: "bbb" });
    expect(less(a, 1, b, 1)).toEqual([true, false]);
  });
});

describe("logarithmic buckets", () => {
  it("uses nanosecond ages and Go's exact log2 on powers of two", () => {
    expect(goLog2(2 ** 40)).toBe(40);
    expect(goLog2(2 ** 40 - 2 ** 20)).toBeLessThan(40);
    // 1 s = 1e9 ns -> bucket 29; 2 s -> 30.
    expect(logarithmicRankDiff(nowMs - 1000, nowMs - 2000, nowMs)).toBe(-1);
    expect(logarithmicRankDiff(nowMs, nowMs - 1, nowMs)).toBe(-1 - 19); // age 0 -> -1; 1 ms = 1e6 ns -> 19
  });
  it("parses pod-deletion-cost like the API helper", () => {
    const c = (v: string) => podDeletionCost(pod("p", { cost: v }));
    expect([c("10"), c("-5"), c("0"), c("+1"), c("007"), c("3000000000"), c("x")]).toEqual([10, -5, 0, 0, 0, 0, 0]);
  });
});

describe("ActivePods sort", () => {
  it("orders pods delete-first whatever the input order", () => {
    const want = ["unscheduled", "pending", "unknown-phase", "not-ready", "ready-no-ltt", "ready-now", "ready-then"];
    const pods = [P.readyThen, P.notReady, P.readyNow, P.unscheduled, P.readyNoLTT, P.unknown, P.pending];
    for (let shift = 0; shift < pods.length; shift++) {
      const rotated = [...pods.slice(shift), ...pods.slice(0, shift)];
      expect(sortActivePods(rotated).map((p) => p.metadata.name)).toEqual(want);
    }
  });
});

describe("getPodsToDelete", () => {
  const onNode = (name: string, node: string) => pod(name, { node, phase: "Running", ready: true, readySince: MONTH, created: MONTH });
  it("prefers pods on nodes crowded with related pods", () => {
    const a1 = onNode("a1", "n1");
    const a2 = onNode("a2", "n1");
    const b1 = onNode("b1", "n2");
    const related = [a1, a2, b1, onNode("other", "n2"), onNode("other2", "n1")];
    expect(ranksByRelatedPodsOnSameNode([a1, b1], related)).toEqual([3, 2]);
    expect(getPodsToDelete([b1, a1, a2], related, 1, nowMs).map((p) => p.metadata.name)).toEqual(["a1"]);
  });
  it("returns everything unsorted when all go, and ignores inactive related pods", () => {
    const pods = [onNode("x", "n1"), pod("y", { phase: "Pending" })];
    expect(getPodsToDelete(pods, pods, 2, nowMs).map((p) => p.metadata.name)).toEqual(["x", "y"]);
    const dying = pod("d", { node: "n1", phase: "Running", deleting: true });
    expect(ranksByRelatedPodsOnSameNode([pods[0]!], [pods[0]!, dying])).toEqual([1]);
  });
});

describe("slowStartBatch", () => {
  const run = (count: number, initial: number, limit: number) => {
    let calls = 0;
    const r = slowStartBatch(count, initial, () => (++calls <= limit ? undefined : "boom"));
    return [r.successes, r.error !== undefined, calls];
  };
  it.each([
    [10, 1, 0, [0, true, 1]],
    [10, 1, 10, [10, false, 10]],
    [10, 1, 3, [3, true, 7]], // batches 1,2,4: the 4-batch has 1 failure, then stop
    [10, 1, 1, [1, true, 3]],
    [0, 1, 5, [0, false, 0]],
    [7, 2, 7, [7, false, 7]], // 2, 4, then the remaining 1
  ])("count=%s initial=%s limit=%s", (count, initial, limit, want) => expect(run(count, initial, limit)).toEqual(want));
});
