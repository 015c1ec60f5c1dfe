/**
 * PodTopologySpread: node inclusion policies (nodeTaintsPolicy, nodeAffinityPolicy) in the PreFilter domain
 * counts and their effect on Filter, minDomains, matchLabelKeys, and the system default constraints taken from
 * a Service / ReplicaSet selector (Score). Expected values follow podtopologyspread/{common,filtering,scoring}.go:
 *  - Filter: count(domain) + selfMatch - globalMin <= maxSkew, globalMin = 0 when fewer than minDomains domains;
 *    a node whose domain has no entry (excluded by the inclusion policies) counts 0;
 *  - Score: sum of cnt * log(size + 2) + (maxSkew - 1), hostname counted on the node, rounded; NormalizeScore
 *    100 * (max + min - s) / max (int64); system-defaulted pods do not require every topology key, so a node
 *    without the zone label adds the "" domain to the zone's size.
 */
import { describe, it } from "vitest";
import type { Node, Pod, Taint, Toleration } from "@/lib/k8s/types";
import { MakeNode, MakePod } from "./builders";
import { check, filterCase, prefilterCase, scoreCase, verdict } from "./plugin-case-helpers";

const ZONE = "topology.kubernetes.io/zone";
const SEL = { matchLabels: { app: "x" } };
const SKEW = verdict("Unschedulable", "node(s) didn't match pod topology spread constraints");
/** `[node, n]`: n pods labelled app=x bound to node. */
const pods = (spec: [string, number][], labels: Record<string, string> = { app: "x" }) =>
  spec.flatMap(([n, k]) =>
    Array.from({ length: k }, (_, i) => {
      const b = MakePod(`${n}-${Object.values(labels).join("-")}-${i}`).node(n);
      for (const [lk, lv] of Object.entries(labels)) b.label(lk, lv);
      return b.obj();
    }),
  );
const zoned = (spec: [string, string, Taint?][]): Node[] =>
  spec.map(([name, zone, taint]) => {
    const b = MakeNode(name).zone(zone);
    if (taint) b.taint(taint);
    return b.obj();
  });
const spreadPod = (extra: Record<string, unknown> = {}, maxSkew = 1, tolerations: Toleration[] = []) => {
  const b = MakePod().label("app", "x").spread(maxSkew, ZONE, "DoNotSchedule", SEL, extra);
  for (const t of tolerations) b.toleration(t);
  return b.obj();
};
const constraint = (extra: Record<string, unknown> = {}) => ({ maxSkew: 1, topologyKey: ZONE, selector: SEL, ...extra });

describe("PodTopologySpread nodeTaintsPolicy", () => {
  const gpu: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const gpuExec: Taint = { key: "dedicated", value: "gpu", effect: "NoExecute" };
  // n1 (z1) NoSchedule, n3 (only node of z3) NoExecute, n4 (z4) PreferNoSchedule only.
  const nodes = zoned([["n0", "z1"], ["n1", "z1", gpu], ["n2", "z2"], ["n3", "z3", gpuExec], ["n4", "z4", { key: "soft", effect: "PreferNoSchedule" }]]);
  const existing = pods([["n0", 1], ["n1", 2], ["n2", 1], ["n3", 1]]);
  it.each([
    ["Ignore (default) counts tainted nodes", {}, [], { z1: 3, z2: 1, z3: 1, z4: 0 }],
    ["Honor leaves out nodes with untolerated NoSchedule / NoExecute taints (PreferNoSchedule does not count)", { nodeTaintsPolicy: "Honor" }, [], { z1: 1, z2: 1, z4: 0 }],
    ["Honor with a toleration for every effect of the taint", { nodeTaintsPolicy: "Honor" }, [{ key: "dedicated", operator: "Exists" }], { z1: 3, z2: 1, z3: 1, z4: 0 }],
    ["Honor with a NoSchedule-only toleration still leaves out the NoExecute node", { nodeTaintsPolicy: "Honor" }, [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }], { z1: 3, z2: 1, z4: 0 }],
  ] as [string, Record<string, unknown>, Toleration[], Record<string, number>][])("prefilter counts: %s", (_t, extra, tolerations, counts) => {
    check(prefilterCase("PodTopologySpread", nodes, existing, spreadPod(extra, 1, tolerations), { constraints: [constraint(extra)], domainCounts: [counts] }));
  });
  // Without n4: Ignore gives z1 3, z2 1, z3 1 (min 1): z1 is 3+1-1 = 3 > 1. Honor gives z1 1, z2 1 (min 1): all pass,
  // and n3, whose domain is not counted, sees 0 + 1 - 1 = 0.
  const four = nodes.slice(0, 4);
  it("filter with Ignore: the tainted node's pods make z1 too full", () => {
    check(filterCase("PodTopologySpread", four, existing, spreadPod(), ["n2", "n3"], SKEW, { reasonsAsserted: false }));
  });
  it("filter with Honor: every node passes the skew check", () => {
    check(filterCase("PodTopologySpread", four, existing, spreadPod({ nodeTaintsPolicy: "Honor" }), ["n0", "n1", "n2", "n3"], null, { reasonsAsserted: false }));
  });
});

describe("PodTopologySpread nodeAffinityPolicy", () => {
  const nodes = zoned([["n0", "z1"], ["n1", "z1"], ["n2", "z2"], ["n3", "z3"]]);
  const existing = pods([["n0", 2], ["n2", 1], ["n3", 0]]);
  const affine = (extra: Record<string, unknown>) => {
    const p = spreadPod(extra);
    p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "In", values: ["z1", "z2"] }] }] } } };
    return p;
  };
  it.each([
    ["Honor (default): only nodes matching the required node affinity count", {}, { z1: 2, z2: 1 }],
    ["Ignore: every node counts", { nodeAffinityPolicy: "Ignore" }, { z1: 2, z2: 1, z3: 0 }],
  ] as [string, Record<string, unknown>, Record<string, number>][])("prefilter counts: %s", (_t, extra, counts) => {
    check(prefilterCase("PodTopologySpread", nodes, existing, affine(extra), { constraints: [constraint(extra)], domainCounts: [counts] }));
  });
  it("Honor with a nodeSelector", () => {
    const p = spreadPod();
    p.spec.nodeSelector = { [ZONE]: "z2" };
    check(prefilterCase("PodTopologySpread", nodes, existing, p, { constraints: [constraint()], domainCounts: [{ z2: 1 }] }));
  });
  it.each([
    // Honor: min 1 -> z1 2+1-1 = 2 > 1; z2 1; z3 is not counted -> 0+1-1 = 0
    ["Honor", {}, ["n2", "n3"]],
    // Ignore: min 0 (z3) -> z1 3, z2 2 rejected, z3 1
    ["Ignore", { nodeAffinityPolicy: "Ignore" }, ["n3"]],
  ] as [string, Record<string, unknown>, string[]][])("filter with %s", (_t, extra, feasible) => {
    check(filterCase("PodTopologySpread", nodes, existing, affine(extra), feasible, SKEW, { reasonsAsserted: false }));
  });
});

describe("PodTopologySpread minDomains", () => {
  const nodes = zoned([["n0", "z1"], ["n1", "z2"], ["n2", "z3"]]);
  const existing = pods([["n0", 2], ["n1", 1], ["n2", 1]]);
  it.each([
    // 3 domains, not fewer than minDomains: min 1 -> z1 2+1-1 = 2 <= 2
    ["minDomains equal to the domains: the real minimum", 3, {}, [], ["n0", "n1", "n2"]],
    // 3 domains < 4: min 0 -> z1 3 > 2, z2 / z3 2
    ["minDomains greater than the domains: global minimum 0", 4, {}, [], ["n1", "n2"]],
    // n2 tainted and Honor: 2 domains < 3 -> min 0; n2's own domain is uncounted (0 + 1)
    ["inclusion policies shrink the domains below minDomains", 3, { nodeTaintsPolicy: "Honor" }, [{ key: "k", effect: "NoSchedule" }], ["n1", "n2"]],
    // same taint, Ignore: 3 domains, min 1
    ["the same taint with Ignore keeps 3 domains", 3, {}, [{ key: "k", effect: "NoSchedule" }], ["n0", "n1", "n2"]],
  ] as [string, number, Record<string, unknown>, Taint[], string[]][])("%s", (_t, minDomains, extra, n2taints, feasible) => {
    const ns = nodes.map((n) => structuredClone(n));
    if (n2taints.length > 0) ns[2]!.spec = { taints: n2taints };
    check(filterCase("PodTopologySpread", ns, existing, spreadPod({ minDomains, ...extra }, 2), feasible, SKEW, { reasonsAsserted: false }));
  });
  it("prefilter keeps minDomains on the constraint", () => {
    check(prefilterCase("PodTopologySpread", nodes, existing, spreadPod({ minDomains: 4 }, 2), { constraints: [constraint({ maxSkew: 2, minDomains: 4 })], domainCounts: [{ z1: 2, z2: 1, z3: 1 }] }));
  });
  it("a pod that does not match its own selector adds no self-match", () => {
    // selector app=x, pod app=y: z1 2+0-1 = 1, all pass with maxSkew 1; with self-match z1 would be 2 > 1
    const p = MakePod().label("app", "y").spread(1, ZONE, "DoNotSchedule", SEL).obj();
    check(filterCase("PodTopologySpread", nodes, existing, p, ["n0", "n1", "n2"], null, { reasonsAsserted: false }));
  });
});

describe("PodTopologySpread matchLabelKeys", () => {
  const nodes = zoned([["n0", "z1"], ["n1", "z2"], ["n2", "z3"]]);
  // two pods of revision v1 in z1, one of v2 in z2
  const existing = [...pods([["n0", 2]], { app: "x", "pod-template-hash": "v1" }), ...pods([["n1", 1]], { app: "x", "pod-template-hash": "v2" })];
  const pod = (keys: string[]) => MakePod().label("app", "x").label("pod-template-hash", "v2").spread(1, ZONE, "DoNotSchedule", SEL, { matchLabelKeys: keys }).obj();
  it("the pod's value of each key is ANDed into the selector (only its own revision counts)", () => {
    const sel = { matchLabels: { app: "x", "pod-template-hash": "v2" } };
    check(prefilterCase("PodTopologySpread", nodes, existing, pod(["pod-template-hash"]), { constraints: [constraint({ selector: sel })], domainCounts: [{ z1: 0, z2: 1, z3: 0 }] }));
    // z1 0+1-0 = 1 passes, z2 1+1-0 = 2 fails
    check(filterCase("PodTopologySpread", nodes, existing, pod(["pod-template-hash"]), ["n0", "n2"], SKEW, { reasonsAsserted: false }));
  });
  it("keys the pod does not carry are ignored", () => {
    check(prefilterCase("PodTopologySpread", nodes, existing, pod(["not-a-label"]), { constraints: [constraint()], domainCounts: [{ z1: 2, z2: 1, z3: 0 }] }));
    check(filterCase("PodTopologySpread", nodes, existing, pod(["not-a-label"]), ["n2"], SKEW, { reasonsAsserted: false }));
  });
});

describe("PodTopologySpread system default constraints (Score)", () => {
  // hostname maxSkew 3 + zone maxSkew 5, ScheduleAnyway, selector from the Services / controller selecting the pod.
  const nodes = zoned([["n0", "z1"], ["n1", "z1"], ["n2", "z2"], ["n3", "z3"]]);
  const web = (spec: [string, number][]) => pods(spec, { app: "web" });
  const existing = [...web([["n0", 2], ["n1", 1], ["n2", 1]]), ...pods([["n1", 3]], { app: "other" })];
  const svc = (namespace = "default") => ({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace }, spec: { selector: { app: "web" } } });
  const rs = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-rs", namespace: "default" }, spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [] } } } };
  const webPod = (owned = false): Pod => {
    const p = MakePod().label("app", "web").obj();
    if (owned) p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-rs", uid: "u1", controller: true }];
    return p;
  };
  // 4 candidates: hostname weight log(6), zone size 3: log(5).
  // n0: 2*1.7918+2 + 3*1.6094+4 = 14.41 -> 14; n1: 3.79 + 8.83 = 12.62 -> 13; n2: 3.79 + 5.61 = 9.40 -> 9; n3: 2 + 4 = 6
  // normalized 100*(14+6-s)/14: 42, 50, 78, 100
  const DEFAULTED = { n0: 42, n1: 50, n2: 78, n3: 100 };
  it("a Service selecting the pod supplies the selector", () => {
    check(scoreCase("PodTopologySpread", nodes, existing, webPod(), DEFAULTED, { objects: [svc()] }));
  });
  it("the controlling ReplicaSet (ownerReference) supplies the selector", () => {
    check(scoreCase("PodTopologySpread", nodes, existing, webPod(true), DEFAULTED, { objects: [rs] }));
  });
  it.each([
    ["no Service or controller: nothing to score", [], false],
    ["a Service of another namespace does not select the pod", [svc("other")], false],
    ["a ReplicaSet selecting the pod's labels without owning it is not used", [rs], false],
  ] as [string, object[], boolean][])("%s", (_t, objects, owned) => {
    check(scoreCase("PodTopologySpread", nodes, existing, webPod(owned), { n0: 0, n1: 0, n2: 0, n3: 0 }, { objects, prescore: { code: "Skip" } }));
  });
  it("defaultingType List with no default constraints turns system spreading off", () => {
    check(scoreCase("PodTopologySpread", nodes, existing, webPod(), { n0: 0, n1: 0, n2: 0, n3: 0 }, { objects: [svc()], args: { defaultingType: "List", defaultConstraints: [] }, prescore: { code: "Skip" } }));
  });
  it("the pod's own constraints replace the defaults", () => {
    // zone maxSkew 1 only: z1 3*log(5) = 4.83 -> 5, z2 1.61 -> 2, z3 0; 100*(5-s)/5
    const p = MakePod().label("app", "web").spread(1, ZONE, "ScheduleAnyway", { matchLabels: { app: "web" } }).obj();
    check(scoreCase("PodTopologySpread", nodes, existing, p, { n0: 0, n1: 0, n2: 60, n3: 100 }, { objects: [svc()] }));
  });
  const withUnlabelled = [...nodes, MakeNode("n4").obj()];
  const heavy = web([["n0", 4], ["n2", 2]]);
  it("system defaults do not require the zone label: the unlabelled node joins as domain \"\"", () => {
    // 5 candidates: hostname log(7) = 1.9459; zone domains z1, z2, z3, "" -> log(6) = 1.7918
    // n0: 4*1.9459+2 + 4*1.7918+4 = 20.95 -> 21; n1: 2 + 11.17 = 13.17 -> 13; n2: 2*1.9459+2 + 2*1.7918+4 = 13.48 -> 13;
    // n3: 2 + 4 = 6; n4: hostname only, 2. Normalized 100*(21+2-s)/21: 9, 47, 47, 80, 100
    check(scoreCase("PodTopologySpread", withUnlabelled, heavy, webPod(), { n0: 9, n1: 47, n2: 47, n3: 80, n4: 100 }, { objects: [svc()] }));
  });
  it("the pod's own constraints ignore a node without the key (score 0)", () => {
    // zone size 3 (n4 ignored): n0, n1 4*1.6094 = 6.44 -> 6; n2 3.22 -> 3; n3 0; 100*(6-s)/6
    const p = MakePod().label("app", "web").spread(1, ZONE, "ScheduleAnyway", { matchLabels: { app: "web" } }).obj();
    check(scoreCase("PodTopologySpread", withUnlabelled, heavy, p, { n0: 0, n1: 0, n2: 50, n3: 100, n4: 0 }, { objects: [svc()] }));
  });
});
