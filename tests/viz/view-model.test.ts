import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseYaml } from "@/lib/yaml/parse";
import { validateTopology } from "@/lib/schemas/validate";
import type { Topology } from "@/lib/schemas/topology";
import { buildViewModel, viewModelFromExpansion } from "@/lib/viz/build-view-model";
import { layoutTopology } from "@/lib/viz/topology-layout";

function sample(file: string): Topology {
  const parsed = parseYaml(readFileSync(`lib/samples/${file}`, "utf8"));
  if (!parsed.ok) throw new Error("sample does not parse");
  const v = validateTopology(parsed.source.value);
  if (!v.ok) throw new Error(`sample invalid: ${JSON.stringify(v.issues)}`);
  return v.topology;
}

describe("view model from the samples", () => {
  it("draws the engine's expanded nodes, the same count as derived from the pools", () => {
    for (const file of ["multi-az-us-east-1.yaml", "stretched-seoul-tokyo.yaml", "multi-cluster-global.yaml"]) {
      const t = sample(file);
      const expanded = layoutTopology(viewModelFromExpansion(t));
      const derived = layoutTopology(buildViewModel(t));
      const declared = t.nodePools.reduce((n, p) => n + p.nodesPerZone * p.zones.length, 0);
      expect(expanded.totalNodes).toBe(declared);
      expect(derived.totalNodes).toBe(declared);
    }
  });

  it("keeps the expansion's node names, zones and allocatable", () => {
    const m = viewModelFromExpansion(sample("stretched-seoul-tokyo.yaml"));
    const seoul = m.clusters[0]!.pools.find((p) => p.name === "seoul")!;
    const node = seoul.nodesByZone["ap-northeast-2a"]![0]!;
    expect(node.name).toBe("seoul-ap-northeast-2a-1");
    expect(node.zone).toBe("ap-northeast-2a");
    expect(node.allocatable.cpuMillis).toBe(3920);
    expect(seoul.nodesByZone["ap-northeast-1a"]).toBeUndefined();
  });

  it("draws the stretched sample as one cluster over two regions with 5 etcd members", () => {
    const l = layoutTopology(viewModelFromExpansion(sample("stretched-seoul-tokyo.yaml")));
    expect(l.clusters).toHaveLength(1);
    expect(l.clusters[0]!.regions).toEqual(["ap-northeast-2", "ap-northeast-1"]);
    expect(l.clusters[0]!.etcd.reduce((n, e) => n + e.members, 0)).toBe(5);
  });
});
