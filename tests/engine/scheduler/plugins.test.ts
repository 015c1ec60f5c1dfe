/**
 * Table-driven plugin tests beyond the transcribed conformance cases: each row builds a small snapshot with the
 * fluent builders and runs one plugin through the same harness (runPluginCase) the conformance cases use.
 */
import { describe, expect, it } from "vitest";
import { runPluginCase } from "@/lib/engine/conformance/plugin-cases";
import type { Node, Pod } from "@/lib/k8s/types";
import { MakeNode, MakePod } from "./builders";

function filterCase(plugin: string, nodes: Node[], existing: Pod[], pod: Pod, expect: object, args: object = {}) {
  return { name: "t", kind: "filter", plugin, args, nodes, existingPods: existing, pod, expect: { reasonsAsserted: true, ...expect } };
}
function scoreCase(plugin: string, nodes: Node[], existing: Pod[], pod: Pod, scores: Record<string, number>, args: object = {}) {
  return { name: "t", kind: "score", plugin, args, nodes, existingPods: existing, pod, expect: { scores } };
}
const ok = (c: object) => {
  const r = runPluginCase(c);
  expect(r.diff).toEqual([]);
};

describe("NodeResourcesFit filter", () => {
  const node = MakeNode("n").alloc({ cpu: "1", memory: "1Gi", pods: "2", "example.com/gpu": "1" }).obj();
  it.each([
    ["fits", MakePod().req({ cpu: "500m", memory: "512Mi" }).obj(), [], null],
    ["cpu and memory both short, reasons in check order", MakePod().req({ cpu: "2", memory: "2Gi" }).obj(), [], ["Insufficient cpu", "Insufficient memory"]],
    ["sidecar adds to the sum, init container max", MakePod().req({ cpu: "600m" }).initReq({ cpu: "300m" }, true).initReq({ cpu: "900m" }).obj(), [], ["Insufficient cpu"]],
    ["regular init larger than sum", MakePod().req({ cpu: "100m" }).initReq({ cpu: "1100m" }).obj(), [], ["Insufficient cpu"]],
    ["overhead counts", MakePod().req({ cpu: "900m" }).overhead({ cpu: "200m" }).obj(), [], ["Insufficient cpu"]],
    ["pod count first", MakePod().req({ cpu: "2" }).obj(), [MakePod("a").node("n").obj(), MakePod("b").node("n").obj()], ["Too many pods", "Insufficient cpu"]],
    ["extended resource", MakePod().req({ "example.com/gpu": "2" }).obj(), [], ["Insufficient example.com/gpu"]],
    ["used by existing pods", MakePod().req({ cpu: "600m" }).obj(), [MakePod("a").node("n").req({ cpu: "500m" }).obj()], ["Insufficient cpu"]],
  ] as [string, Pod, Pod[], string[] | null][])("%s", (_n, pod, existing, reasons) => {
    ok(filterCase("NodeResourcesFit", [node], existing, pod, reasons ? { feasible: [], infeasible: { n: { code: "Unschedulable", reasons } } } : { feasible: ["n"], infeasible: {} }));
  });
  it("ignoredResourceGroups skips extended resources of the group", () => {
    ok(filterCase("NodeResourcesFit", [node], [], MakePod().req({ "example.com/gpu": "5" }).obj(), { feasible: ["n"], infeasible: {} }, { ignoredResourceGroups: ["example.com"] }));
  });
});

describe("NodeResourcesFit / BalancedAllocation scores (integer truncation)", () => {
  const nodes = [MakeNode("a").alloc({ cpu: "3", memory: "3" }).obj(), MakeNode("b").alloc({ cpu: "4", memory: "10" }).obj()];
  it("LeastAllocated truncates each resource then the weighted mean", () => {
    // a: cpu (3000-1000)*100/3000=66, mem (3-1)*100/3=66 -> 66; b: cpu 75, mem 90 -> 82
    ok(scoreCase("NodeResourcesFit", nodes, [], MakePod().req({ cpu: "1", memory: "1" }).obj(), { a: 66, b: 82 }));
  });
  it("MostAllocated", () => {
    ok(scoreCase("NodeResourcesFit", nodes, [], MakePod().req({ cpu: "1", memory: "1" }).obj(), { a: 33, b: 17 }, { scoringStrategy: { type: "MostAllocated", resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }] } }));
  });
  it("non-zero defaults (100m / 200Mi) apply to containers without requests in Fit scoring", () => {
    const big = [MakeNode("a").alloc({ cpu: "1", memory: "1Gi" }).obj()];
    // cpu (1000-100)*100/1000 = 90; memory (1024-200)/1024*100 = 80.47 -> 80; mean 85
    ok(scoreCase("NodeResourcesFit", big, [], MakePod().req({}).obj(), { a: 85 }));
  });
  it("BalancedAllocation skips best-effort pods and scores 100*(1-|f0-f1|/2) truncated", () => {
    const r = runPluginCase({ ...scoreCase("NodeResourcesBalancedAllocation", nodes, [], MakePod().obj(), { a: 0, b: 0 }), expect: { scores: { a: 0, b: 0 }, prescore: { code: "Skip" } } });
    expect(r.diff).toEqual([]);
    // a: f=(1/3,1/3) -> 100; b: (0.25, 0.1) -> 1-0.075 = 92.5 -> 92
    ok(scoreCase("NodeResourcesBalancedAllocation", nodes, [], MakePod().req({ cpu: "1", memory: "1" }).obj(), { a: 100, b: 92 }));
  });
});

describe("TaintToleration and NodeUnschedulable", () => {
  it("reports the first untolerated hard taint with its value", () => {
    const n = MakeNode("n").taint({ key: "k", value: "v", effect: "NoExecute" }).obj();
    ok(filterCase("TaintToleration", [n], [], MakePod().obj(), { feasible: [], infeasible: { n: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint {k: v}"] } } }));
    ok(filterCase("TaintToleration", [n], [], MakePod().toleration({ key: "k", operator: "Exists" }).obj(), { feasible: ["n"], infeasible: {} }));
  });
  it("PreferNoSchedule counts normalize in reverse", () => {
    const nodes = [MakeNode("a").obj(), MakeNode("b").taint({ key: "x", effect: "PreferNoSchedule" }).obj(), MakeNode("c").taint({ key: "x", effect: "PreferNoSchedule" }).taint({ key: "y", effect: "PreferNoSchedule" }).obj()];
    ok(scoreCase("TaintToleration", nodes, [], MakePod().obj(), { a: 100, b: 50, c: 0 }));
  });
  it("cordoned nodes reject unless the unschedulable taint is tolerated", () => {
    const n = MakeNode("n").unschedulable().obj();
    ok(filterCase("NodeUnschedulable", [n], [], MakePod().obj(), { feasible: [], infeasible: { n: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) were unschedulable"] } } }));
    ok(filterCase("NodeUnschedulable", [n], [], MakePod().toleration({ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }).obj(), { feasible: ["n"], infeasible: {} }));
  });
});

describe("NodeAffinity", () => {
  const nodes = [MakeNode("a").zone("z1").obj(), MakeNode("b").zone("z2").obj()];
  it("nodeSelector and required affinity are ANDed", () => {
    ok(filterCase("NodeAffinity", nodes, [], MakePod().nodeSelector({ "topology.kubernetes.io/zone": "z1" }).nodeAffinityIn("kubernetes.io/hostname", ["b"]).obj(), {
      feasible: [],
      infeasible: { a: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match Pod's node affinity/selector"] }, b: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match Pod's node affinity/selector"] } },
    }));
  });
  it("addedAffinity is checked first with its own reason", () => {
    ok(filterCase("NodeAffinity", nodes, [], MakePod().obj(), { feasible: ["a"], infeasible: { b: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match scheduler-enforced node affinity"] } } }, {
      addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: ["z1"] }] }] } },
    }));
  });
  it("preferred weights are normalized by the max", () => {
    ok(scoreCase("NodeAffinity", [...nodes, MakeNode("c").zone("z3").obj()], [], MakePod().preferredNodeIn(3, "topology.kubernetes.io/zone", ["z1"]).preferredNodeIn(2, "topology.kubernetes.io/zone", ["z1", "z2"]).obj(), { a: 100, b: 40, c: 0 }));
  });
});

describe("PodTopologySpread", () => {
  const zones = ["z1", "z1", "z2", "z2", "z3"].map((z, i) => MakeNode(`n${i}`).zone(z).obj());
  const sel = { matchLabels: { app: "x" } };
  const pods = (spec: [string, number][]) => spec.flatMap(([n, k]) => Array.from({ length: k }, (_, i) => MakePod(`${n}-${i}`).label("app", "x").node(n).obj()));
  it("minDomains greater than the domains makes the global minimum 0", () => {
    const existing = pods([["n0", 1], ["n2", 1], ["n4", 1]]);
    const pod = MakePod().label("app", "x").spread(1, "topology.kubernetes.io/zone", "DoNotSchedule", sel, { minDomains: 4 }).obj();
    const skew = { code: "Unschedulable", reasons: ["node(s) didn't match pod topology spread constraints"] };
    ok({ ...filterCase("PodTopologySpread", zones, existing, pod, { feasible: [], infeasible: Object.fromEntries(zones.map((n) => [n.metadata.name, skew])) }), expect: { reasonsAsserted: false, feasible: [], infeasible: Object.fromEntries(zones.map((n) => [n.metadata.name, skew])) } });
  });
  it("terminating pods and other namespaces are not counted", () => {
    const existing = [...pods([["n0", 2]]), MakePod("t").label("app", "x").node("n2").terminating().obj(), MakePod("o").namespace("other").label("app", "x").node("n2").obj()];
    const pod = MakePod().label("app", "x").spread(1, "topology.kubernetes.io/zone", "DoNotSchedule", sel).obj();
    const r = runPluginCase({ name: "t", kind: "prefilter", plugin: "PodTopologySpread", nodes: zones, existingPods: existing, pod, expect: { constraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", selector: sel }], domainCounts: [{ z1: 2, z2: 0, z3: 0 }] } });
    expect(r.diff).toEqual([]);
  });
  it("soft spread prefers the emptier zone (score normalisation)", () => {
    const existing = pods([["n0", 2], ["n2", 1]]);
    const pod = MakePod().label("app", "x").spread(1, "topology.kubernetes.io/zone", "ScheduleAnyway", sel).obj();
    // weight log(3+2); raw: z1 2*1.609=3.2->3, z2 1.6->2, z3 0 ; normalized 100*(3+0-s)/3
    ok(scoreCase("PodTopologySpread", zones, existing, pod, { n0: 0, n1: 0, n2: 33, n3: 33, n4: 100 }));
  });
});

describe("InterPodAffinity", () => {
  const nodes = [MakeNode("a").zone("z1").obj(), MakeNode("b").zone("z1").obj(), MakeNode("c").zone("z2").obj()];
  it("existing pod's anti-affinity rejects the whole domain (symmetry)", () => {
    const existing = [MakePod("e").label("app", "db").node("a").podAffinity("podAntiAffinity", { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "topology.kubernetes.io/zone" }).obj()];
    const rej = { code: "Unschedulable", reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"] };
    ok(filterCase("InterPodAffinity", nodes, existing, MakePod().label("app", "web").obj(), { feasible: ["c"], infeasible: { a: rej, b: rej } }));
  });
  it("matchLabelKeys is merged into the selector", () => {
    const existing = [MakePod("e1").label("app", "x").label("v", "1").node("a").obj(), MakePod("e2").label("app", "x").label("v", "2").node("c").obj()];
    const pod = MakePod().label("app", "x").label("v", "2").podAffinity("podAntiAffinity", { labelSelector: { matchLabels: { app: "x" } }, topologyKey: "topology.kubernetes.io/zone", matchLabelKeys: ["v"] }).obj();
    ok(filterCase("InterPodAffinity", nodes, existing, pod, { feasible: ["a", "b"], infeasible: { c: { code: "Unschedulable", reasons: ["node(s) didn't match pod anti-affinity rules"] } } }));
  });
  it("hardPodAffinityWeight scores existing pods' required affinity", () => {
    const existing = [MakePod("e").node("c").podAffinity("podAffinity", { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "topology.kubernetes.io/zone" }).obj()];
    ok(scoreCase("InterPodAffinity", nodes, existing, MakePod().label("app", "web").obj(), { a: 0, b: 0, c: 100 }));
    const r = runPluginCase({ ...scoreCase("InterPodAffinity", nodes, existing, MakePod().label("app", "web").obj(), { a: 0, b: 0, c: 0 }, { hardPodAffinityWeight: 0 }), expect: { scores: { a: 0, b: 0, c: 0 }, prescore: { code: "Skip" } } });
    expect(r.diff).toEqual([]);
  });
  it("ignorePreferredTermsOfExistingPods skips only pods without preferred terms; otherwise existing terms count", () => {
    const e = MakePod("e").node("c").obj();
    e.spec.affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "topology.kubernetes.io/zone" } }] } };
    const pod = MakePod().label("app", "web").obj();
    pod.spec.affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { labelSelector: { matchLabels: { app: "none" } }, topologyKey: "topology.kubernetes.io/zone" } }] } };
    const args = { ignorePreferredTermsOfExistingPods: true };
    ok(scoreCase("InterPodAffinity", nodes, [e], pod, { a: 0, b: 0, c: 100 }, args));
    const plain = MakePod().label("app", "web").obj();
    const r = runPluginCase({ ...scoreCase("InterPodAffinity", nodes, [e], plain, { a: 0, b: 0, c: 0 }, args), expect: { scores: { a: 0, b: 0, c: 0 }, prescore: { code: "Skip" } } });
    expect(r.diff).toEqual([]);
  });
});
