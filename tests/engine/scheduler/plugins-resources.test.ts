/**
 * NodeResourcesFit: RequestedToCapacityRatio / MostAllocated / LeastAllocated scoring with resource weights,
 * extended resources in scoring, and ignoredResources / ignoredResourceGroups in the filter. Every expected
 * number is worked out by hand from kube-scheduler's noderesources package (requested_to_capacity_ratio.go,
 * most_allocated.go, least_allocated.go, resource_allocation.go, helper/shape_score.go, fit.go):
 *  - utilization = requested * 100 / allocatable (int64 division); requested includes the pod and, for cpu and
 *    memory, the node's NonZeroRequested;
 *  - RequestedToCapacityRatio: shape scores are 0-10 and scaled x10; a broken-linear interpolation with int64
 *    (truncating) arithmetic; a resource above capacity scores shape(100); resources scoring 0 are left out of
 *    the weighted mean, which is rounded (math.Round);
 *  - Least/MostAllocated: per resource trunc(x * 100 / capacity), weighted mean truncated; MostAllocated caps the
 *    request at capacity;
 *  - an extended resource the pod does not request is skipped, as is any resource the node does not have.
 * Memory below is in plain bytes so the arithmetic stays readable.
 */
import { describe, it } from "vitest";
import type { Node, Pod } from "@/lib/k8s/types";
import { MakeNode, MakePod } from "./builders";
import { check, filterCase, scoreCase, verdict } from "./plugin-case-helpers";

const rtcr = (shape: [number, number][], resources: [string, number][] = [["cpu", 1], ["memory", 1]]) => ({
  scoringStrategy: {
    type: "RequestedToCapacityRatio",
    resources: resources.map(([name, weight]) => ({ name, weight })),
    requestedToCapacityRatio: { shape: shape.map(([utilization, score]) => ({ utilization, score })) },
  },
});
const strategy = (type: string, resources: [string, number][]) => ({ scoringStrategy: { type, resources: resources.map(([name, weight]) => ({ name, weight })) } });
const fit = (nodes: Node[], existing: Pod[], pod: Pod, scores: Record<string, number>, args: object) => check(scoreCase("NodeResourcesFit", nodes, existing, pod, scores, { args }));

// a: 4 cpu / 1000 B, b: 8 cpu / 2000 B
const AB = () => [MakeNode("a").alloc({ cpu: "4", memory: "1000", pods: "10" }).obj(), MakeNode("b").alloc({ cpu: "8", memory: "2000", pods: "10" }).obj()];
const POD = () => MakePod().req({ cpu: "1", memory: "300" }).obj();

describe("NodeResourcesFit RequestedToCapacityRatio, shape (0 -> 10, 100 -> 0)", () => {
  const DOWN: [number, number][] = [[0, 10], [100, 0]];
  it.each([
    // a: cpu util 25 -> 75, mem util 30 -> 70, mean 72.5 rounds to 73 (LeastAllocated would truncate to 72)
    // b: cpu 1000*100/8000 = 12 -> 88, mem 15 -> 85, mean 86.5 -> 87
    ["rounds the weighted mean half away from zero", POD(), [], { a: 73, b: 87 }],
    // explicit zero requests: utilization 0 -> score 10, scaled to 100, on both resources
    ["utilization 0 scores the shape's first point (10 -> 100)", MakePod().req({ cpu: "0", memory: "0" }).obj(), [], { a: 100, b: 100 }],
    // a: cpu 4000/4000 -> util 100 -> 0, mem 1000/1000 -> 0: both left out, weightSum 0 -> 0;
    // b: cpu 50 -> 50, mem 50 -> 50
    ["utilization 100 scores 0 and a node with only zero scores gets 0", MakePod().req({ cpu: "4", memory: "1000" }).obj(), [], { a: 0, b: 50 }],
    // a: cpu 5000 > 4000 -> shape(100) = 0, dropped from the mean; mem 30 -> 70 -> 70 (not 35)
    // b: cpu 62 -> 38, mem 15 -> 85, mean 61.5 -> 62
    ["a resource above capacity scores shape(100) = 0 and is left out of the mean", MakePod().req({ cpu: "5", memory: "300" }).obj(), [], { a: 70, b: 62 }],
    // existing pod on a (2 cpu, 500 B): cpu util 75 -> 25, mem 80 -> 20, mean 22.5 -> 23; b unchanged
    ["existing pods' requests count", POD(), [MakePod("old").node("a").req({ cpu: "2", memory: "500" }).obj()], { a: 23, b: 87 }],
  ] as [string, Pod, Pod[], Record<string, number>][])("%s", (_t, pod, existing, scores) => {
    fit(AB(), existing, pod, scores, rtcr(DOWN));
  });
  it("resource weights (cpu 3, memory 1)", () => {
    // a: (75*3 + 70) / 4 = 73.75 -> 74; b: (88*3 + 85) / 4 = 87.25 -> 87
    fit(AB(), [], POD(), { a: 74, b: 87 }, rtcr(DOWN, [["cpu", 3], ["memory", 1]]));
  });
  it("increasing shape (0 -> 0, 100 -> 10) favours fuller nodes (bin packing)", () => {
    // a: cpu 25, mem 30 -> 27.5 -> 28; b: cpu 12, mem 15 -> 13.5 -> 14
    fit(AB(), [], POD(), { a: 28, b: 14 }, rtcr([[0, 0], [100, 10]]));
  });
  it("non-zero defaults: a container without requests counts as 100m cpu / 200Mi memory", () => {
    // node 1 cpu / 1Gi: cpu util 100*100/1000 = 10 -> 90; memory 200Mi*100/1Gi = 19.53 -> 19 -> 81; mean 85.5 -> 86
    fit([MakeNode("n").alloc({ cpu: "1", memory: "1Gi", pods: "10" }).obj()], [], MakePod().req({}).obj(), { n: 86 }, rtcr(DOWN));
  });
});

describe("NodeResourcesFit RequestedToCapacityRatio, 3-point shape (10 -> 2, 50 -> 8, 90 -> 5)", () => {
  // scaled: (10, 20), (50, 80), (90, 50); memory only, pod requests 610 B
  const SHAPE: [number, number][] = [[10, 2], [50, 8], [90, 5]];
  const nodes = [
    MakeNode("m1").alloc({ cpu: "4", memory: "1000", pods: "10" }).obj(), // util 61: 80 + (50-80)*(61-50)/(90-50) = 80 + trunc(-8.25) = 72
    MakeNode("m2").alloc({ cpu: "4", memory: "2000", pods: "10" }).obj(), // util 30: 20 + 60*20/40 = 50
    MakeNode("m3").alloc({ cpu: "4", memory: "650", pods: "10" }).obj(), // util 93 > 90: last point, 50
    MakeNode("m4").alloc({ cpu: "4", memory: "6100", pods: "10" }).obj(), // util 10: first point, 20
    MakeNode("m5").alloc({ cpu: "4", memory: "1200", pods: "10" }).obj(), // util 50: 80
    MakeNode("m6").alloc({ cpu: "4", memory: "12200", pods: "10" }).obj(), // util 5, below the first point: 20
    MakeNode("m7").alloc({ cpu: "4", memory: "500", pods: "10" }).obj(), // 610 > 500: shape(100) = last point, 50
  ];
  it("interpolates with truncation toward zero, clamps below the first and above the last point", () => {
    fit(nodes, [], MakePod().req({ cpu: "1", memory: "610" }).obj(), { m1: 72, m2: 50, m3: 50, m4: 20, m5: 80, m6: 20, m7: 50 }, rtcr(SHAPE, [["memory", 1]]));
  });
  it("weighted with cpu", () => {
    // cpu 1000/4000 = 25: 20 + 60*15/40 = 42 on every node. weights cpu 1, memory 3:
    // m1 (42 + 216)/4 = 64.5 -> 65; m2 (42 + 150)/4 = 48; m4 (42 + 60)/4 = 25.5 -> 26
    fit(nodes.filter((n) => ["m1", "m2", "m4"].includes(n.metadata.name!)), [], MakePod().req({ cpu: "1", memory: "610" }).obj(), { m1: 65, m2: 48, m4: 26 }, rtcr(SHAPE, [["cpu", 1], ["memory", 3]]));
  });
});

describe("NodeResourcesFit MostAllocated / LeastAllocated with weights and extended resources", () => {
  it.each([
    // a: cpu 25*2 + mem 30 = 80 / 3 = 26.67 -> 26; b: 12*2 + 15 = 39 / 3 = 13
    ["MostAllocated cpu 2 memory 1", POD(), [], { a: 26, b: 13 }],
    // request above capacity is capped: a: cpu 100*2 + mem 30 = 230 / 3 = 76; b: 62*2 + 15 = 139 / 3 = 46
    ["MostAllocated caps requested at capacity", MakePod().req({ cpu: "5", memory: "300" }).obj(), [], { a: 76, b: 46 }],
    // existing 2 cpu / 500 B on a: cpu 75*2 + mem 80 = 230 / 3 = 76
    ["MostAllocated counts existing pods", POD(), [MakePod("old").node("a").req({ cpu: "2", memory: "500" }).obj()], { a: 76, b: 13 }],
  ] as [string, Pod, Pod[], Record<string, number>][])("%s", (_t, pod, existing, scores) => {
    fit(AB(), existing, pod, scores, strategy("MostAllocated", [["cpu", 2], ["memory", 1]]));
  });
  it("LeastAllocated with weights (cpu 1, memory 3)", () => {
    // a: (75 + 70*3) / 4 = 71.25 -> 71; b: (87 + 85*3) / 4 = 85.5 -> 85 (cpu (8000-1000)*100/8000 = 87.5 -> 87)
    fit(AB(), [], POD(), { a: 71, b: 85 }, strategy("LeastAllocated", [["cpu", 1], ["memory", 3]]));
  });
  const gpuNodes = () => [
    MakeNode("g").alloc({ cpu: "4", memory: "1000", pods: "10", "example.com/gpu": "4" }).obj(),
    MakeNode("plain").alloc({ cpu: "4", memory: "1000", pods: "10" }).obj(),
  ];
  const withGpu: [string, number][] = [["cpu", 1], ["memory", 1], ["example.com/gpu", 2]];
  it("an extended resource in the strategy scores nodes that have it, weighted", () => {
    // g: cpu 75, mem 70, gpu (4-1)*100/4 = 75 x2 -> (75 + 70 + 150) / 4 = 73.75 -> 73; plain: no gpu -> (75+70)/2 = 72
    fit(gpuNodes(), [], MakePod().req({ cpu: "1", memory: "300", "example.com/gpu": "1" }).obj(), { g: 73, plain: 72 }, strategy("LeastAllocated", withGpu));
  });
  it("an extended resource the pod does not request is not scored", () => {
    // g would be (75 + 70 + 200)/4 = 86 if the idle gpu counted; it is skipped: 72
    fit(gpuNodes(), [], POD(), { g: 72, plain: 72 }, strategy("LeastAllocated", withGpu));
  });
  it("MostAllocated with an extended resource", () => {
    // g: cpu 25, mem 30, gpu 1*100/4 = 25 x2 -> (25 + 30 + 50)/4 = 26.25 -> 26; plain: (25 + 30)/2 = 27
    fit(gpuNodes(), [], MakePod().req({ cpu: "1", memory: "300", "example.com/gpu": "1" }).obj(), { g: 26, plain: 27 }, strategy("MostAllocated", withGpu));
  });
});

describe("NodeResourcesFit filter: ignoredResources / ignoredResourceGroups", () => {
  const node = () => MakeNode("n").alloc({ cpu: "1", memory: "1Gi", pods: "10", "example.com/gpu": "1", "example.org/fpga": "1", "hugepages-2Mi": "2Mi" }).obj();
  const rows: [string, Record<string, string>, object, string[] | null][] = [
    ["ignoredResources skips that extended resource", { "example.com/gpu": "5" }, { ignoredResources: ["example.com/gpu"] }, null],
    ["ignoredResources skips a resource the node does not have at all", { "example.com/other": "1" }, { ignoredResources: ["example.com/other"] }, null],
    ["without ignoring, a missing extended resource is insufficient", { "example.com/other": "1" }, {}, ["Insufficient example.com/other"]],
    ["ignoredResources hides only the named resource", { "example.com/gpu": "5", "example.org/fpga": "2" }, { ignoredResources: ["example.com/gpu"] }, ["Insufficient example.org/fpga"]],
    ["ignoredResources names exact resources, not groups", { "example.com/gpu": "5" }, { ignoredResources: ["example.com"] }, ["Insufficient example.com/gpu"]],
    ["ignoredResourceGroups skips every resource of the group only", { "example.com/gpu": "5", "example.org/fpga": "2" }, { ignoredResourceGroups: ["example.com"] }, ["Insufficient example.org/fpga"]],
    ["a group is the whole part before '/', not a prefix", { "example.com/gpu": "5" }, { ignoredResourceGroups: ["example"] }, ["Insufficient example.com/gpu"]],
    ["cpu is not an extended resource and cannot be ignored", { cpu: "2" }, { ignoredResources: ["cpu"] }, ["Insufficient cpu"]],
    ["hugepages are not extended resources and cannot be ignored", { "hugepages-2Mi": "4Mi" }, { ignoredResources: ["hugepages-2Mi"] }, ["Insufficient hugepages-2Mi"]],
    ["ignored extended resources do not hide other shortages", { cpu: "2", "example.com/gpu": "5" }, { ignoredResourceGroups: ["example.com"] }, ["Insufficient cpu"]],
  ];
  it.each(rows)("%s", (_t, requests, args, reasons) => {
    const pod = MakePod().req(requests).obj();
    check(filterCase("NodeResourcesFit", [node()], [], pod, reasons ? [] : ["n"], reasons ? { n: { code: "Unschedulable", reasons } } : null, { args }));
  });
  it("insufficientResources leaves ignored resources out", () => {
    const pod = MakePod().req({ cpu: "2", "example.com/gpu": "5" }).obj();
    const c = filterCase("NodeResourcesFit", [node()], [], pod, [], verdict("Unschedulable", "Insufficient cpu"), {
      args: { ignoredResources: ["example.com/gpu"] },
      insufficientResources: [{ resourceName: "cpu", requested: 2000, used: 0, capacity: 1000 }],
    });
    check(c);
  });
});
