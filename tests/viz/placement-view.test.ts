import { describe, expect, it } from "vitest";
import type { ClusterPlacement } from "@/lib/services/placement-core";
import { aggregateSegments, chooseMode, hitTest, layoutCluster, podCount } from "@/lib/viz/placement-layout";
import { lossSeverity } from "@/lib/viz/placement-loss";
import { applyWhatIfs, countEdits, deploymentFields } from "@/lib/viz/placement-whatif";
import { topologySchema } from "@/lib/schemas/topology";

const zones = ["z-a", "z-b", "z-c"];
function cluster(nodesPerZone: number, podsPerNode: number, deployments = 4): ClusterPlacement {
  const nodes = zones.flatMap((zone) =>
    Array.from({ length: nodesPerZone }, (_, i) => ({
      name: `pool-${zone}-${i + 1}`,
      zone,
      region: "r",
      pool: "pool",
      maxPods: 110,
      pods: Array.from({ length: deployments }, (_, d) => ({ d, n: Math.floor(podsPerNode / deployments) + (d < podsPerNode % deployments ? 1 : 0) })).filter((p) => p.n > 0),
    })),
  );
  return { name: "c", zones, regions: ["r"], nodes };
}

describe("placement layout", () => {
  it("picks SVG up to 2,000 pods, canvas detail up to 10,000, aggregated beyond", () => {
    expect(chooseMode(17)).toBe("svg");
    expect(chooseMode(2000)).toBe("svg");
    expect(chooseMode(2001)).toBe("canvas");
    expect(chooseMode(10000)).toBe("canvas");
    expect(chooseMode(10001)).toBe("aggregate");
  });

  it("SVG mode: one square per pod, inside its node's box, in its zone's column", () => {
    const c = cluster(5, 4);
    const l = layoutCluster(c, 900);
    expect(l.mode).toBe("svg");
    expect(l.pods).toHaveLength(podCount(c));
    expect(l.zones.map((z) => z.zone)).toEqual(zones);
    expect(l.regions).toHaveLength(1);
    for (const p of l.pods) {
      const box = l.nodes.find((n) => n.node === p.node)!;
      expect(p.x).toBeGreaterThanOrEqual(box.x);
      expect(p.x + p.w).toBeLessThanOrEqual(box.x + box.w);
      expect(p.y + p.h).toBeLessThanOrEqual(box.y + box.h);
      const zone = l.zones.find((z) => z.zone === c.nodes[p.node]!.zone)!;
      expect(box.x).toBeGreaterThanOrEqual(zone.x);
      expect(box.x + box.w).toBeLessThanOrEqual(zone.x + zone.w);
    }
    expect(l.zones.map((z) => z.pods)).toEqual([20, 20, 20]);
  });

  it("5,000 nodes / 150,000 pods: one cell per node, no per-pod geometry, laid out quickly", () => {
    const c = cluster(1667, 30);
    const t0 = performance.now();
    const l = layoutCluster(c, 1360);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(podCount(c)).toBeGreaterThan(150_000);
    expect(l.mode).toBe("aggregate");
    expect(l.pods).toHaveLength(0);
    expect(l.nodes).toHaveLength(c.nodes.length);
    expect(l.height).toBeLessThan(1000);
    // Hit testing finds the node under a point.
    const n = l.nodes[1234]!;
    expect(hitTest(l, n.x + 1, n.y + 1)).toEqual({ node: n.node, d: null });
  });

  it("aggregate segments stack each Deployment's share of the node's pods, bottom-up", () => {
    const s = aggregateSegments([{ d: 1, n: 1 }, { d: 0, n: 3 }], 8);
    expect(s).toEqual([
      { d: 0, y0: 2, y1: 8 },
      { d: 1, y0: 0, y1: 2 },
    ]);
    expect(aggregateSegments([], 8)).toEqual([]);
  });
});

describe("zone-loss severity", () => {
  it("red at 0, amber below desired - 1", () => {
    expect(lossSeverity(0, 3)).toBe("zero");
    expect(lossSeverity(1, 3)).toBe("low");
    expect(lossSeverity(2, 3)).toBe("ok");
    expect(lossSeverity(4, 6)).toBe("low");
    expect(lossSeverity(0, 0)).toBe("ok");
  });
});

describe("what-if edits", () => {
  const spec = topologySchema.parse({
    apiVersion: "topoplan.dev/v1alpha1",
    kind: "Topology",
    metadata: { name: "w" },
    regions: [{ id: "r", displayName: "R", provider: "aws", location: { latitude: 0, longitude: 0 }, zones: ["z-a"] }],
    clusters: [{ name: "c", zones: ["z-a"], controlPlane: { etcd: { "z-a": 1 } } }],
    workloads: [
      {
        cluster: "c",
        manifest: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", namespace: "shop" },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: "web" } },
            template: {
              metadata: { labels: { app: "web" } },
              spec: {
                topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", minDomains: 3, labelSelector: { matchLabels: { app: "web" } } }],
                containers: [{ name: "web", image: "nginx" }],
              },
            },
          },
        },
      },
    ],
  });

  it("changes a copy, never the document", () => {
    const before = JSON.stringify(spec);
    const out = applyWhatIfs(spec, { "shop/web": { replicas: 9, constraints: { 0: { maxSkew: 2, whenUnsatisfiable: "ScheduleAnyway" } } } });
    expect(JSON.stringify(spec)).toBe(before);
    expect(deploymentFields(out, "shop", "web")).toEqual({ replicas: 9, constraints: [{ topologyKey: "topology.kubernetes.io/zone", maxSkew: 2, whenUnsatisfiable: "ScheduleAnyway" }] });
    // minDomains is only valid with DoNotSchedule, so it goes with the switch.
    expect(JSON.stringify(out)).not.toContain("minDomains");
    expect(topologySchema.safeParse(out).success).toBe(true);
  });

  it("no edits -> the same object; edits are counted", () => {
    expect(applyWhatIfs(spec, {})).toBe(spec);
    expect(countEdits({ "shop/web": { replicas: 2, constraints: { 0: { maxSkew: 3 } } } })).toBe(2);
    expect(applyWhatIfs(spec, { "shop/other": { replicas: 2 } }).workloads[0]).toBe(spec.workloads[0]);
  });
});
