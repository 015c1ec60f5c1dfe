import { describe, expect, it } from "vitest";
import { readSamples } from "@/lib/samples";
import { parseYaml } from "@/lib/yaml/parse";
import { topologySchema, type Topology } from "@/lib/schemas/topology";
import { placeTopology } from "@/lib/services/placement-core";
import { compactPlacement, MAX_STORED_PENDING, summarizePlacement } from "@/lib/services/placement-summary";
import { tracePod } from "@/lib/services/placement-trace";

function sample(file: string): Topology {
  const parsed = parseYaml(readSamples().find((s) => s.file === file)!.text);
  if (!parsed.ok) throw new Error("sample does not parse");
  return topologySchema.parse(parsed.source.value);
}
function withReplicas(t: Topology, name: string, replicas: number): Topology {
  const copy = structuredClone(t);
  for (const w of copy.workloads) if ((w.manifest as any).metadata.name === name) (w.manifest as any).spec.replicas = replicas;
  return copy;
}

describe("placeTopology", () => {
  it("places every cluster of a multi-cluster sample; node pods add up to the scheduled pods", () => {
    const p = placeTopology(sample("multi-cluster-global.yaml"), { seed: 0 });
    expect(p.clusters.length).toBeGreaterThan(1);
    const onNodes = p.clusters.flatMap((c) => c.nodes).reduce((s, n) => s + n.pods.reduce((t, c) => t + c.n, 0), 0);
    expect(onNodes).toBe(p.totals.scheduled);
    expect(p.totals.scheduled + p.totals.pending).toBe(p.totals.pods);
    expect(new Set(p.deployments.map((d) => d.cluster)).size).toBe(p.clusters.length);
  });

  it("is deterministic for a seed", () => {
    const t = sample("multi-az-us-east-1.yaml");
    expect(placeTopology(t, { seed: 5 })).toEqual(placeTopology(t, { seed: 5 }));
  });

  it("summary groups pending pods by kube-scheduler's message; the stored result caps the list", () => {
    const p = placeTopology(withReplicas(sample("multi-az-us-east-1.yaml"), "web", 1200), { seed: 1 });
    const s = summarizePlacement(p);
    expect(s.pending.reduce((n, g) => n + g.count, 0)).toBe(p.totals.pending);
    expect(s.pending[0]!.message).toMatch(/^0\/15 nodes are available: /);
    const c = compactPlacement(p);
    expect(c.pending).toHaveLength(MAX_STORED_PENDING);
    expect(c.pendingTruncated).toBe(p.totals.pending - MAX_STORED_PENDING);
  });
});

describe("tracePod", () => {
  const t = withReplicas(sample("multi-az-us-east-1.yaml"), "web", 200);
  const p = placeTopology(t, { seed: 1 });

  it("a pending pod: its message, and the rejected nodes grouped by plugin and reason, counts adding up", () => {
    const pod = p.pending[0]!;
    const tr = tracePod(t, { seed: 1 }, { cluster: pod.cluster, kind: "pod", namespace: pod.namespace, name: pod.name })!;
    expect(tr.nodeName).toBeNull();
    expect(tr.message).toBe(pod.message);
    expect(tr.rejected.find((g) => g.plugin === "NodeResourcesFit")?.reason).toBe("Insufficient cpu");
    expect(tr.rejected.filter((g) => g.plugin === "TaintToleration").reduce((n, g) => n + g.count, 0)).toBe(6);
    expect(tr.topNodes).toEqual([]);
  });

  it("a scheduled pod on a node: replays to the same node, with per-plugin scores of the top nodes", () => {
    const node = p.clusters[0]!.nodes.find((n) => n.pods.some((c) => p.deployments[c.d]?.name === "api"))!;
    const tr = tracePod(t, { seed: 1 }, { cluster: "prod-use1", kind: "onNode", namespace: "shop", deployment: "api", node: node.name })!;
    expect(tr.nodeName).toBe(node.name);
    // The chosen node has the best total (ties are broken by the seeded PRNG, so it need not be listed first).
    expect(tr.topNodes.find((n) => n.node === node.name)?.total).toBe(tr.topNodes[0]!.total);
    expect(Object.keys(tr.topNodes[0]!.byPlugin)).toContain("NodeResourcesFit");
    expect(tracePod(t, { seed: 1 }, { cluster: "nope", kind: "pod", namespace: "shop", name: "x" })).toBeNull();
  });
});
