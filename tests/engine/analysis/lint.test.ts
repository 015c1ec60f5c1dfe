import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HA_RULES, lintHa, type ClusterSweep, type LintRule } from "@/lib/engine/analysis/lint";
import { topologySchema, type Topology } from "@/lib/schemas/topology";

const raw = () => parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
const topo = (edit: (doc: any) => void = () => {}): Topology => {
  const doc = raw();
  edit(doc);
  return topologySchema.parse(doc);
};
const rule = (id: string): LintRule => HA_RULES.find((r) => r.id === id)!;
const deployment = (doc: any, name: string) => doc.workloads.find((w: any) => w.manifest.kind === "Deployment" && w.manifest.metadata.name === name).manifest;
const objects = (id: string, t: Topology, sweep?: ClusterSweep[]) => rule(id).check({ topology: t, ...(sweep ? { sweep } : {}) }).map((f) => f.object);

describe("every finding carries what to change, why, and a source", () => {
  it("fields are filled and sorted by severity", () => {
    const out = lintHa({ topology: topo() });
    expect(out.length).toBeGreaterThan(0);
    for (const f of out) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.reason.length).toBeGreaterThan(10);
      expect(f.source.url).toMatch(/^https:\/\//);
    }
    const order = { error: 0, warning: 1, info: 2 };
    expect(out.map((f) => order[f.severity])).toEqual([...out.map((f) => order[f.severity])].sort());
  });
});

describe("spread-ignore-trap (kubernetes/kubernetes#123019)", () => {
  it("fires for DoNotSchedule with the default nodeTaintsPolicy", () => {
    expect(objects("spread-ignore-trap", topo())).toEqual(["Deployment shop/web", "Deployment shop/session-cache"]);
  });
  it("does not fire with Honor or ScheduleAnyway", () => {
    const t = topo((d) => {
      deployment(d, "web").spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy = "Honor";
      deployment(d, "session-cache").spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable = "ScheduleAnyway";
    });
    expect(objects("spread-ignore-trap", t)).toEqual([]);
  });
  it("is an error when the sweep saw pods Pending", () => {
    const sweep: ClusterSweep[] = [{ cluster: "prod-use1", scenarios: [{ scenario: { id: "zone/us-east-1a", kind: "zone", name: "us-east-1a" }, shortfall: [],
      deployments: [{ namespace: "shop", name: "web", desired: 6, minReady: 4, minReadyAtMs: 50_000, recoveredAtMs: null, pendingAtEnd: 2, pendingReasons: {}, allowedDisruptions: 2, verdict: "survives" }] }] }];
    const f = rule("spread-ignore-trap").check({ topology: topo(), sweep }).find((x) => x.object.endsWith("/web"))!;
    expect(f.severity).toBe("error");
    expect(f.message).toMatch(/sweep confirms/);
  });
});

describe("replicas-single-zone", () => {
  it("fires when the nodeSelector matches pools in one zone only", () => {
    const t = topo((d) => { d.nodePools.find((p: any) => p.name === "memory").zones = ["us-east-1a"]; });
    expect(objects("replicas-single-zone", t)).toEqual(["Deployment shop/session-cache"]);
  });
  it("does not fire on the sample", () => expect(objects("replicas-single-zone", topo())).toEqual([]));
});

describe("schedule-anyway-skew", () => {
  it("fires when a tolerated pile-up leaves too few replicas", () => expect(objects("schedule-anyway-skew", topo())).toEqual(["Deployment shop/api"]));
  it("does not fire with enough replicas", () => {
    expect(objects("schedule-anyway-skew", topo((d) => { deployment(d, "api").spec.replicas = 12; }))).toEqual([]);
  });
});

describe("pdb-blocks-drain", () => {
  it("fires for maxUnavailable 0 and minAvailable == replicas", () => {
    const t = topo((d) => {
      d.workloads.find((w: any) => w.manifest.metadata.name === "checkout" && w.manifest.kind === "PodDisruptionBudget").manifest.spec = { maxUnavailable: 0, selector: { matchLabels: { app: "checkout" } } };
      d.workloads.find((w: any) => w.manifest.metadata.name === "web" && w.manifest.kind === "PodDisruptionBudget").manifest.spec.minAvailable = 6;
    });
    expect(objects("pdb-blocks-drain", t).sort()).toEqual(["PodDisruptionBudget shop/checkout", "PodDisruptionBudget shop/web"]);
  });
  it("does not fire on budgets that allow one disruption", () => expect(objects("pdb-blocks-drain", topo())).toEqual([]));
});

describe("single-replica", () => {
  it("fires on replicas: 1", () => expect(objects("single-replica", topo())).toEqual(["Deployment shop/cron-runner"]));
  it("does not fire on 2", () => expect(objects("single-replica", topo((d) => { deployment(d, "cron-runner").spec.replicas = 2; }))).toEqual([]));
});

describe("n1-capacity", () => {
  it("fires from requests vs surviving allocatable", () => {
    const t = topo((d) => { deployment(d, "api").spec.replicas = 60; });
    expect(objects("n1-capacity", t)).toHaveLength(3);
  });
  it("does not fire when the surviving zones can hold everything", () => expect(objects("n1-capacity", topo())).toEqual([]));
  it("reads the sweep when given (shortfall)", () => {
    const sweep: ClusterSweep[] = [{ cluster: "prod-use1", scenarios: [{ scenario: { id: "zone/us-east-1a", kind: "zone", name: "us-east-1a" }, deployments: [],
      shortfall: [{ zone: "us-east-1b", region: "us-east-1", extraCpuMilli: 2000, extraMemoryBytes: 0 }] }] }];
    expect(rule("n1-capacity").check({ topology: topo(), sweep })[0]!.message).toMatch(/2 CPU/);
    expect(rule("n1-capacity").check({ topology: topo(), sweep: [{ cluster: "prod-use1", scenarios: [] }] })).toEqual([]);
  });
});

describe("etcd-quorum-zone and control-plane-stretched", () => {
  it("fires when one zone holds a majority", () => {
    const t = topo((d) => { d.clusters[0].controlPlane.etcd = { "us-east-1a": 2, "us-east-1b": 1 }; });
    expect(objects("etcd-quorum-zone", t)).toEqual(["Cluster prod-use1"]);
  });
  it("does not fire on one member per zone", () => expect(objects("etcd-quorum-zone", topo())).toEqual([]));
  it("stretched: fires across regions only", () => {
    expect(objects("control-plane-stretched", topo())).toEqual([]);
    const t = topo((d) => {
      d.regions.push({ id: "us-west-2", displayName: "US West", provider: "aws", location: { latitude: 45.8, longitude: -119.7 }, zones: ["us-west-2a"] });
      d.clusters[0].zones.push("us-west-2a");
      d.clusters[0].controlPlane.etcd = { "us-east-1a": 1, "us-east-1b": 1, "us-west-2a": 1 };
    });
    expect(objects("control-plane-stretched", t)).toEqual(["Cluster prod-use1"]);
  });
});

describe("slow-eviction-tolerations", () => {
  it("fires with the 300 s default and not with short tolerationSeconds", () => {
    expect(objects("slow-eviction-tolerations", topo())).toContain("Deployment shop/web");
    const t = topo((d) => {
      deployment(d, "web").spec.template.spec.tolerations = [
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
      ];
    });
    expect(objects("slow-eviction-tolerations", t)).not.toContain("Deployment shop/web");
  });
});
