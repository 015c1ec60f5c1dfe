import { describe, expect, it } from "vitest";
import { lintTopology } from "@/lib/schemas/lint";
import { topologySchema, type Topology } from "@/lib/schemas/topology";
import { baseDoc, sampleDocs } from "./fixtures";

const parse = (d: unknown): Topology => topologySchema.parse(d);

describe("lintTopology", () => {
  it("the base fixture has no warnings", () => {
    expect(lintTopology(parse(baseDoc()))).toEqual([]);
  });
  it("even etcd member count", () => {
    const d = baseDoc();
    d.clusters[0].controlPlane.etcd = { "us-east-1a": 2, "us-east-1b": 1, "us-east-1c": 1 };
    const w = lintTopology(parse(d));
    expect(w.map((x) => x.path)).toContain("clusters[0].controlPlane.etcd");
    expect(w.map((x) => x.message).join("\n")).toMatch(/even member count/);
  });
  it("a zone holding the etcd majority", () => {
    const d = baseDoc();
    d.clusters[0].controlPlane.etcd = { "us-east-1a": 3 };
    expect(lintTopology(parse(d)).map((x) => x.message).join("\n")).toMatch(/losing zone us-east-1a .* loses etcd quorum/);
  });
  it("the stretched sample warns about WAN latency between etcd members", () => {
    const stretched = sampleDocs().find((s) => s.file.startsWith("stretched"))!;
    const w = lintTopology(parse(stretched.value));
    expect(w.map((x) => x.message).join("\n")).toMatch(/etcd members across regions .*WAN latency between etcd members/);
    expect(w.map((x) => x.message).join("\n")).toMatch(/losing region ap-northeast-2/);
  });
  it("single-zone cluster", () => {
    const d = baseDoc();
    d.clusters[0].zones = ["us-east-1a"];
    d.clusters[0].controlPlane.etcd = { "us-east-1a": 1 };
    d.nodePools[0].zones = ["us-east-1a"];
    expect(lintTopology(parse(d)).map((x) => x.message).join("\n")).toMatch(/single-zone cluster/);
  });
  it("pod CIDR exhausted (CIDRNotAvailable)", () => {
    const d = baseDoc();
    d.clusters[0].network = { podCIDR: "10.0.0.0/24", nodeCIDRMaskSize: 26 };
    expect(lintTopology(parse(d))).toEqual([]); // 4 nodes fit in 4 subnets
    d.nodePools[0].nodesPerZone = 3;
    expect(lintTopology(parse(d)).map((x) => x.message).join("\n")).toMatch(/CIDRNotAvailable: .*room for 4 nodes but cluster "prod" has 6/);
  });
  it("a PDB that allows no disruption", () => {
    const d = baseDoc();
    d.workloads.push({ cluster: "prod", manifest: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { minAvailable: 3, selector: { matchLabels: { app: "web" } } } } });
    expect(lintTopology(parse(d))).toEqual([expect.objectContaining({ path: "workloads[2].manifest.spec", message: expect.stringMatching(/allows no disruption/) })]);
  });
});
