/** The Simulation tab's outage topology: failed domains, pods per (zone, Deployment), its rows' geometry. */
import { describe, expect, it } from "vitest";
import {
  layoutPodRows, nodeFailure, outageTopology, outageTopologyHeadline, podRowsHeight, POD_ROWS, scenarioFailures,
} from "@/lib/viz/outage-topology";
import { formatClock } from "@/lib/viz/timeline-model";
import { DEFAULT_LAYOUT as o, layoutTopology } from "@/lib/viz/topology-layout";
import type { SimulationRunResult, ZoneDeploymentPods } from "@/lib/worker/compute";
import { singleRegion } from "./fixtures";

const Z = ["use1-az1", "use1-az2", "use1-az3"];
const zone = (z: string, pods: [number, number], ready: [number, number] = [3, z === Z[0] ? 0 : 3]) => ({
  cluster: "prod", zone: z, region: "us-east-1", nodes: 3, stateAtEnd: "Normal",
  series: [{ atMs: 0, readyNodes: ready[0], pods: pods[0] }, { atMs: 50_000, readyNodes: ready[1], pods: pods[1] }],
});
const deployment = (name: string, desired: number, pendingAtEnd = 0) => ({
  cluster: "prod", namespace: "shop", name, desired, readyAtEnd: desired - pendingAtEnd, minReady: 0, minReadyAtMs: 0, recoveredAtMs: null,
  timeToDetectMs: null, timeToRecoverMs: null, pendingAtEnd, pendingReasons: {}, spreads: [], series: [],
});
const pods = (zone: string, deployment: string, before: number, after: number, terminating = 0, ready = after): ZoneDeploymentPods => ({ cluster: "prod", zone, deployment, before, after, ready, terminating });

/** A zone outage of use1-az1: web's 2 pods there stay Terminating and Pending (the #123019 trap), api's move. */
function zoneOutage(recoverAtMs?: number): Pick<SimulationRunResult, "horizonMs" | "scenario" | "deployments" | "zones" | "zonePods"> {
  return {
    horizonMs: 900_000,
    scenario: { seed: 0, horizonMs: 900_000, settings: {}, events: [{ atMs: 0, fail: { zone: Z[0] } }, ...(recoverAtMs !== undefined ? [{ atMs: recoverAtMs, recover: { zone: Z[0] } }] : [])] },
    deployments: [deployment("api", 3), deployment("web", 6, 2)],
    zones: [zone(Z[0]!, [3, 3]), zone(Z[1]!, [3, 4]), zone(Z[2]!, [3, 3])],
    zonePods: [
      pods(Z[0]!, "shop/api", 1, 0, 1), pods(Z[0]!, "shop/web", 2, 0, 2),
      pods(Z[1]!, "shop/api", 1, 2), pods(Z[1]!, "shop/web", 2, 2),
      pods(Z[2]!, "shop/api", 1, 1), pods(Z[2]!, "shop/web", 2, 2),
    ],
  };
}

describe("scenario failures", () => {
  it("pairs each failure with the later recovery of the same target within the horizon", () => {
    const f = scenarioFailures({ seed: 0, horizonMs: 0, settings: {}, events: [
      { atMs: 600_000, recover: { zone: "a" } }, { atMs: 0, fail: { zone: "a" } }, { atMs: 0, fail: { node: "n1" } },
      { atMs: 60_000, recover: { zone: "b" } }, { atMs: 120_000, fail: { region: "r" } }, { atMs: 2_000_000, recover: { region: "r" } },
    ] }, 900_000);
    expect(f).toEqual([
      { kind: "zone", name: "a", failedAtMs: 0, recoveredAtMs: 600_000 },
      { kind: "node", name: "n1", failedAtMs: 0, recoveredAtMs: null },
      { kind: "region", name: "r", failedAtMs: 120_000, recoveredAtMs: null },
    ]);
  });
  it("matches a node by its name, zone, region or cluster", () => {
    const node = { name: "n1", zone: "a", region: "r", cluster: "c" };
    for (const kind of ["node", "zone", "region", "cluster"] as const) {
      const name = { node: "n1", zone: "a", region: "r", cluster: "c" }[kind];
      expect(nodeFailure([{ kind, name, failedAtMs: 0, recoveredAtMs: null }], node)?.kind).toBe(kind);
    }
    expect(nodeFailure([{ kind: "zone", name: "b", failedAtMs: 0, recoveredAtMs: null }], node)).toBeNull();
  });
});

describe("outageTopology", () => {
  it("sums the stored (zone, Deployment) counts per zone and marks the failed zone", () => {
    const [c] = outageTopology(zoneOutage());
    expect(c!.split).toBe(true);
    expect(c!.affected).toBe(true);
    expect(c!.zones.map((z) => [z.zone, z.before, z.after, z.terminating, !!z.failure])).toEqual([
      [Z[0], 3, 0, 3, true], [Z[1], 3, 4, 0, false], [Z[2], 3, 3, 0, false],
    ]);
    expect(c!.zones[0]).toMatchObject({ readyNodesBefore: 3, readyNodesMin: 0, readyNodesAtEnd: 0, failure: { kind: "zone", recoveredAtMs: null } });
    expect(c!.deployments.map((d) => [d.name, d.moved, d.pendingAtEnd])).toEqual([["api", 1, 0], ["web", 2, 2]]);
    expect(c!.deployments[1]!.cells[Z[0]!]).toEqual({ before: 2, after: 0, ready: 0, terminating: 2 });
    expect(c!.pendingAtEnd).toBe(2);
  });

  it("reads older runs without zonePods: zone totals from the zone series, no per-Deployment split", () => {
    const { zonePods: _, ...old } = zoneOutage();
    const [c] = outageTopology(old);
    expect(c!.split).toBe(false);
    expect(c!.deployments).toEqual([]);
    expect(c!.zones.map((z) => [z.before, z.after, z.terminating, z.ready])).toEqual([[3, 3, null, null], [3, 4, null, null], [3, 3, null, null]]);
  });

  it("keeps the most moved Deployments above maxRows and sums the rest into one row", () => {
    const r = zoneOutage();
    r.deployments = ["a", "b", "c", "d"].map((n) => deployment(n, 3));
    r.zonePods = [pods(Z[0]!, "shop/a", 1, 1), pods(Z[0]!, "shop/b", 3, 0, 3), pods(Z[0]!, "shop/c", 1, 1), pods(Z[0]!, "shop/d", 2, 1), pods(Z[1]!, "shop/c", 0, 2)];
    const [c] = outageTopology(r, { maxRows: 3 });
    expect(c!.deployments.map((d) => d.name)).toEqual(["b", "d"]);
    expect(c!.others).toMatchObject({ name: "2 other Deployments", count: 2, cells: { [Z[0]!]: { before: 2, after: 2 }, [Z[1]!]: { before: 0, after: 2 } } });
    expect(podRowsHeight(c)).toBe(POD_ROWS.title + POD_ROWS.totals + POD_ROWS.gap + 3 * (POD_ROWS.label + POD_ROWS.cell + POD_ROWS.gap) + POD_ROWS.bottom);
  });

  it("lists no Deployments for a cluster the failure did not reach; zones of a node failure know their nodes", () => {
    const r = zoneOutage();
    r.scenario = { ...r.scenario, events: [{ atMs: 0, fail: { node: "n-2" } }] };
    r.zonePods = r.zonePods!.map((p) => ({ ...p, after: p.before, terminating: 0, ready: p.before }));
    r.deployments = [deployment("api", 3), deployment("web", 6)];
    const untouched = outageTopology(r)[0]!;
    expect(untouched.affected).toBe(false);
    expect(untouched.deployments).toEqual([]);
    const [c] = outageTopology(r, { nodeZone: (n) => (n === "n-2" ? Z[1] : undefined) });
    expect(c!.affected).toBe(true);
    expect(c!.zones.map((z) => z.nodeFailures.map((f) => f.name))).toEqual([[], ["n-2"], []]);
  });

  it("says where the pods went, what stays Pending, and that a recovered zone does not get its pods back", () => {
    expect(outageTopologyHeadline(outageTopology(zoneOutage()), formatClock)).toBe(
      "use1-az1 down from T+0:00: 3 → 0 pods (3 left Terminating on unreachable nodes). Replacements went to use1-az2 (+1). 2 pod(s) Pending at the end, in no zone.",
    );
    const back = zoneOutage(600_000);
    back.zonePods = back.zonePods!.map((p) => (p.zone === Z[0] ? { ...p, terminating: 0, after: p.deployment === "shop/web" ? 2 : 0, ready: p.deployment === "shop/web" ? 2 : 0 } : p));
    expect(outageTopologyHeadline(outageTopology(back), formatClock)).toMatch(/^use1-az1 down T\+0:00–T\+10:00: 3 → 2 pods; back up, it does not get its pods back: Kubernetes does not rebalance\./);
  });
});

describe("pods rows geometry", () => {
  const summary = outageTopology(zoneOutage())[0]!;
  const model = singleRegion(3);
  model.clusters[0]!.zones = Z;
  const layout = layoutTopology(model, { targetWidth: 960, zoneWidth: 300, clusterFooter: () => podRowsHeight(summary) });
  const box = layout.clusters[0]!;
  const rows = layoutPodRows(summary, box, layout.zones, o)!;

  it("reserves the footer under the last node pool, inside the cluster box", () => {
    const plain = layoutTopology(model, { targetWidth: 960, zoneWidth: 300 }).clusters[0]!;
    expect(plain.footer).toBeUndefined();
    expect(box.height - plain.height).toBe(podRowsHeight(summary));
    const lastRow = box.rows[box.rows.length - 1]!;
    expect(box.footer!.y).toBe(lastRow.y + lastRow.height + 4);
    expect(box.footer!.y + box.footer!.height + o.clusterPaddingBottom).toBe(box.y + box.height);
    expect(layoutPodRows(summary, plain, layout.zones, o)).toBeNull();
  });

  it("puts one cell per zone under the pool cells, and the bars of a row on one scale from one x", () => {
    const pool = box.rows[0]!.cells;
    for (const row of [rows.totals, ...rows.rows]) {
      expect(row.cells.map((c) => [c.zone, c.x, c.width])).toEqual(pool.map((c) => [c.zone, c.x, c.width]));
      expect(new Set(row.cells.map((c) => c.bars!.before.x - c.x)).size).toBe(1);
    }
    const web = rows.rows.find((r) => r.split?.name === "web")!;
    expect(web.cells.map((c) => [c.label, c.deltaLabel])).toEqual([["2 → 0", "−2"], ["2 → 2", ""], ["2 → 2", ""]]);
    const [down, up] = web.cells;
    // 2 Terminating in the failed zone take the whole bar; the survivors' 2 pods the same length.
    expect(down!.bars!.ready.width).toBe(0);
    expect(down!.bars!.terminating.width).toBeCloseTo(up!.bars!.ready.width);
    expect(up!.bars!.before.width).toBeCloseTo(up!.bars!.ready.width);
    expect(rows.rows[0]!.y).toBe(box.footer!.y + POD_ROWS.title + POD_ROWS.totals + POD_ROWS.gap);
    expect(rows.rows[1]!.y - rows.rows[0]!.y).toBe(POD_ROWS.label + POD_ROWS.cell + POD_ROWS.gap);
  });

  it("says how many are not Ready, and drops the bars where the cell is too narrow", () => {
    const r = zoneOutage();
    r.zonePods = r.zonePods!.map((p) => (p.zone === Z[0] ? { ...p, after: p.before, ready: 0, terminating: 0 } : p));
    const c = outageTopology(r)[0]!;
    const l = layoutPodRows(c, box, layout.zones, o)!;
    expect(l.totals.cells[0]).toMatchObject({ label: "3 → 3", readyLabel: "0 Ready", notReady: 3 });
    expect(l.totals.cells[0]!.bars!.notReady.width).toBeGreaterThan(0);
    const narrow = layoutPodRows(c, box, layout.zones.map((z) => ({ ...z, width: 90 })), o)!;
    expect(narrow.rows[0]!.cells.every((cell) => cell.bars === null)).toBe(true);
  });
});
