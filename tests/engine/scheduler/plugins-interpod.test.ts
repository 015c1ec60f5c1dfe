/**
 * InterPodAffinity with `namespaces` and `namespaceSelector` (interpodaffinity/{filtering,scoring,plugin}.go):
 *  - a term's namespaces are `namespaces` UNION the namespaces whose labels match `namespaceSelector`; neither
 *    given = the pod's own namespace; an empty selector `{}` = every namespace;
 *  - the incoming pod's selector is unrolled into names of EXISTING namespaces (mergeAffinityTermNamespacesIfNotEmpty),
 *    which also decides the "first pod of a self-affine group" exception (the pod's own namespace must be in the set);
 *  - existing pods' terms are matched against the incoming pod's namespace labels;
 *  - Filter codes: affinity UnschedulableAndUnresolvable, anti-affinity and existing anti-affinity Unschedulable;
 *  - Score: +/- weight per matching pod in the term's topology domain, normalized 100 * (s - min) / (max - min).
 */
import { describe, it } from "vitest";
import type { PodAffinityTerm, Pod } from "@/lib/k8s/types";
import { MakeNode, MakePod } from "./builders";
import { check, filterCase, ns, scoreCase, verdict } from "./plugin-case-helpers";

const ZONE = "topology.kubernetes.io/zone";
// a, b in z1; c in z2; d in z3
const nodes = [MakeNode("a").zone("z1").obj(), MakeNode("b").zone("z1").obj(), MakeNode("c").zone("z2").obj(), MakeNode("d").zone("z3").obj()];
// ns1 and ns3 are team a, ns2 team b; "default" exists without labels
const namespaces = [ns("default"), ns("ns1", { team: "a" }), ns("ns2", { team: "b" }), ns("ns3", { team: "a" })];
const db = (name: string, namespace: string, node: string) => MakePod(name).namespace(namespace).label("app", "db").node(node).obj();
const term = (t: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: { matchLabels: { app: "db" } }, topologyKey: ZONE, ...t });
const AFF = verdict("UnschedulableAndUnresolvable", "node(s) didn't match pod affinity rules");
const ANTI = verdict("Unschedulable", "node(s) didn't match pod anti-affinity rules");
const EXISTING_ANTI = verdict("Unschedulable", "node(s) didn't satisfy existing pods anti-affinity rules");

describe("InterPodAffinity required affinity: namespaces and namespaceSelector", () => {
  // db pods in ns1 (on a, zone z1) and ns2 (on c, zone z2); none in ns3 or default.
  const existing = [db("db1", "ns1", "a"), db("db2", "ns2", "c")];
  const web = (t: PodAffinityTerm) => MakePod().label("app", "web").podAffinity("podAffinity", t).obj();
  it.each([
    ["namespaceSelector team=a: only ns1's pod counts", term({ namespaceSelector: { matchLabels: { team: "a" } } }), ["a", "b"]],
    ["namespaceSelector team=b: only ns2's pod counts", term({ namespaceSelector: { matchLabels: { team: "b" } } }), ["c"]],
    ["namespaces and namespaceSelector are ORed", term({ namespaces: ["ns2"], namespaceSelector: { matchLabels: { team: "a" } } }), ["a", "b", "c"]],
    ["namespaces list alone", term({ namespaces: ["ns1"] }), ["a", "b"]],
    ["an empty namespaceSelector selects every namespace", term({ namespaceSelector: {} }), ["a", "b", "c"]],
    ["neither: the pod's own namespace (default has no db pod)", term(), []],
    ["a namespaceSelector matching no namespace", term({ namespaceSelector: { matchLabels: { team: "c" } } }), []],
    ["a matchExpressions namespaceSelector", term({ namespaceSelector: { matchExpressions: [{ key: "team", operator: "NotIn", values: ["a"] }] } }), ["c"]],
  ] as [string, PodAffinityTerm, string[]][])("%s", (_t, t, feasible) => {
    check(filterCase("InterPodAffinity", nodes, existing, web(t), feasible, AFF, { namespaces }));
  });
});

describe("InterPodAffinity first pod of a self-affine group, with namespaceSelector", () => {
  // Only pod labelled db: in ns2 (team b) on c. For a team=a selector no pod matches anywhere.
  const existing = [db("db2", "ns2", "c")];
  const self = (namespace: string, t: PodAffinityTerm) => MakePod().namespace(namespace).label("app", "db").podAffinity("podAffinity", t).obj();
  it("the pod's namespace is among the selected ones: it matches its own term, every node fits", () => {
    check(filterCase("InterPodAffinity", nodes, existing, self("ns1", term({ namespaceSelector: { matchLabels: { team: "a" } } })), ["a", "b", "c", "d"], AFF, { namespaces }));
  });
  it("the pod's namespace is not selected: no exception, nothing fits", () => {
    // ns2 is team b; the term's namespaces are {ns1, ns3}; db2 does not count and the pod does not match its own term.
    check(filterCase("InterPodAffinity", nodes, existing, self("ns2", term({ namespaceSelector: { matchLabels: { team: "a" } } })), [], AFF, { namespaces }));
  });
  it("a selected pod elsewhere means the exception does not apply", () => {
    // team=b selects ns2: db2 matches -> only z2
    check(filterCase("InterPodAffinity", nodes, existing, self("ns2", term({ namespaceSelector: { matchLabels: { team: "b" } } })), ["c"], AFF, { namespaces }));
  });
});

describe("InterPodAffinity anti-affinity: namespaces and namespaceSelector", () => {
  const existing = [db("db1", "ns1", "a"), db("db2", "ns2", "c")];
  const web = (t: PodAffinityTerm) => MakePod().label("app", "web").podAffinity("podAntiAffinity", t).obj();
  it.each([
    ["namespaceSelector team=b avoids only z2", term({ namespaceSelector: { matchLabels: { team: "b" } } }), ["a", "b", "d"]],
    ["namespaces [ns1, ns2] avoid z1 and z2", term({ namespaces: ["ns1", "ns2"] }), ["d"]],
    ["own namespace (default) has no db pod: nothing to avoid", term(), ["a", "b", "c", "d"]],
  ] as [string, PodAffinityTerm, string[]][])("%s", (_t, t, feasible) => {
    check(filterCase("InterPodAffinity", nodes, existing, web(t), feasible, ANTI, { namespaces }));
  });
  it.each([
    // existing pod in ns1 on a: anti-affinity to app=web in team=a namespaces (zone)
    // When no existing term matches and the pod has no required terms of its own, PreFilter returns Skip.
    ["incoming pod in a selected namespace (ns3, team a) is kept out of z1", "ns3", { namespaceSelector: { matchLabels: { team: "a" } } }, ["c", "d"]],
    ["incoming pod in an unselected namespace (ns2, team b) is not (PreFilter Skip)", "ns2", { namespaceSelector: { matchLabels: { team: "a" } } }, ["a", "b", "c", "d"]],
    ["incoming pod in a namespace without labels (PreFilter Skip)", "default", { namespaceSelector: { matchLabels: { team: "a" } } }, ["a", "b", "c", "d"]],
    ["existing term with namespaces [ns2]: a pod in ns2 is kept out", "ns2", { namespaces: ["ns2"] }, ["c", "d"]],
    ["existing term with namespaces [ns2]: the term's own namespace is not implied (PreFilter Skip)", "ns1", { namespaces: ["ns2"] }, ["a", "b", "c", "d"]],
  ] as [string, string, Partial<PodAffinityTerm>, string[]][])("existing pods' anti-affinity: %s", (_t, incomingNs, t, feasible) => {
    const e = MakePod("guard").namespace("ns1").label("app", "guard").node("a").podAffinity("podAntiAffinity", { labelSelector: { matchLabels: { app: "web" } }, topologyKey: ZONE, ...t }).obj();
    const pod = MakePod().namespace(incomingNs).label("app", "web").obj();
    const skip = feasible.length === nodes.length;
    check(filterCase("InterPodAffinity", nodes, [e], pod, feasible, EXISTING_ANTI, { namespaces, ...(skip ? { prefilter: { code: "Skip" } } : {}) }));
  });
});

describe("InterPodAffinity preferred terms with namespaces and namespaceSelector (Score)", () => {
  it("the incoming pod's preferred affinity (team=a) and anti-affinity (namespaces [ns2])", () => {
    // db in ns1 on a (z1), ns2 on c (z2), two in ns3 on d (z3).
    // affinity weight 5 over ns1, ns3: z1 +5, z3 +10; anti weight 2 over ns2: z2 -2.
    // a 5, b 5, c -2, d 10 -> 100 * (s + 2) / 12: 58, 58, 0, 100
    const existing = [db("db1", "ns1", "a"), db("db2", "ns2", "c"), db("db3", "ns3", "d"), db("db4", "ns3", "d")];
    const pod = MakePod()
      .label("app", "web")
      .preferredPodAffinity("podAffinity", 5, term({ namespaceSelector: { matchLabels: { team: "a" } } }))
      .preferredPodAffinity("podAntiAffinity", 2, term({ namespaces: ["ns2"] }))
      .obj();
    check(scoreCase("InterPodAffinity", nodes, existing, pod, { a: 58, b: 58, c: 0, d: 100 }, { namespaces }));
  });
  const guard = (): Pod => {
    const e = MakePod("guard").namespace("ns1").label("app", "guard").node("c").obj();
    e.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 4, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: ZONE, namespaceSelector: { matchLabels: { team: "a" } } } }] } };
    return e;
  };
  it("an existing pod's preferred anti-affinity applies when the incoming pod's namespace labels match", () => {
    // z2 -4: a, b, d 0 -> 100, c -4 -> 0
    check(scoreCase("InterPodAffinity", nodes, [guard()], MakePod().namespace("ns3").label("app", "web").obj(), { a: 100, b: 100, c: 0, d: 100 }, { namespaces }));
  });
  it("and not when they do not", () => {
    check(scoreCase("InterPodAffinity", nodes, [guard()], MakePod().namespace("ns2").label("app", "web").obj(), { a: 0, b: 0, c: 0, d: 0 }, { namespaces }));
  });
});
