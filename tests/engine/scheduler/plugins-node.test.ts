/**
 * NodeName, NodePorts and NodeAffinity (matchFields narrowing, addedAffinity), table-driven through the
 * conformance harness, plus FitError texts through createScheduler where the framework's handling of
 * PreFilter narrowing matters. Expected values follow kube-scheduler (pkg/scheduler/framework/plugins/
 * nodename, nodeports, nodeaffinity; schedule_one.go findNodesThatFitPod; FitError.Error), not our output.
 */
import { describe, expect, it } from "vitest";
import { createScheduler, defaultProfile } from "@/lib/engine/scheduler";
import type { Container, ContainerPort, Node, NodeAffinity as NodeAffinityT, NodeSelectorTerm, Pod } from "@/lib/k8s/types";
import { MakeNode, MakePod } from "./builders";
import { check, filterCase, scoreCase, verdict } from "./plugin-case-helpers";

const ZONE = "topology.kubernetes.io/zone";

describe("NodeName", () => {
  const nodes = [MakeNode("a").obj(), MakeNode("b").obj(), MakeNode("c").obj()];
  const R = verdict("UnschedulableAndUnresolvable", "node(s) didn't match the requested node name");
  it.each([
    ["no spec.nodeName: every node fits", undefined, ["a", "b", "c"]],
    ["spec.nodeName b: only b fits", "b", ["b"]],
    ["spec.nodeName of a node that does not exist: nothing fits", "zzz", []],
    ["a name is matched exactly (no prefix match)", "a-1", []],
  ] as [string, string | undefined, string[]][])("%s", (_t, nodeName, feasible) => {
    const pod = MakePod().obj();
    if (nodeName) pod.spec.nodeName = nodeName;
    check(filterCase("NodeName", nodes, [], pod, feasible, R));
  });
});

/** A pod whose containers (and init containers) expose the given ports. */
function withPorts(name: string, ports: ContainerPort[], init: { ports: ContainerPort[]; sidecar: boolean }[] = []): Pod {
  const pod = MakePod(name).obj();
  pod.spec.containers.push({ name: "main", ports });
  if (init.length > 0) pod.spec.initContainers = init.map((c, i): Container => ({ name: `init-${i}`, ports: c.ports, ...(c.sidecar ? { restartPolicy: "Always" } : {}) }));
  return pod;
}
const hp = (hostPort: number, protocol?: string, hostIP?: string): ContainerPort =>
  ({ containerPort: hostPort, hostPort, ...(protocol ? { protocol } : {}), ...(hostIP ? { hostIP } : {}) }) as ContainerPort;

describe("NodePorts", () => {
  // n1 holds the existing pod, n2 is empty.
  const nodes = [MakeNode("n1").obj(), MakeNode("n2").obj()];
  const R = verdict("Unschedulable", "node(s) didn't have free ports for the requested pod ports");
  const on = (p: Pod) => ((p.spec.nodeName = "n1"), p);
  it.each([
    ["same TCP host port conflicts", [hp(8080)], [hp(8080)], ["n2"]],
    ["protocol defaults to TCP on both sides", [hp(8080, "TCP")], [hp(8080)], ["n2"]],
    ["same port, different protocol (TCP vs UDP) does not conflict", [hp(8080, "TCP")], [hp(8080, "UDP")], ["n1", "n2"]],
    ["UDP vs UDP conflicts", [hp(53, "UDP")], [hp(53, "UDP")], ["n2"]],
    ["SCTP vs TCP does not conflict", [hp(9000, "SCTP")], [hp(9000)], ["n1", "n2"]],
    ["different ports do not conflict", [hp(8080)], [hp(8081)], ["n1", "n2"]],
    ["one of several wanted ports in use is enough to conflict", [hp(443)], [hp(80), hp(443)], ["n2"]],
    ["a containerPort without hostPort reserves nothing", [{ containerPort: 8080 }], [hp(8080)], ["n1", "n2"]],
    ["an existing wildcard binding conflicts with a specific hostIP", [hp(8080)], [hp(8080, "TCP", "10.0.0.1")], ["n2"]],
  ] as [string, ContainerPort[], ContainerPort[], string[]][])("%s", (_t, existingPorts, wanted, feasible) => {
    check(filterCase("NodePorts", nodes, [on(withPorts("old", existingPorts))], withPorts("p", wanted), feasible, R));
  });
  it("a pod without host ports is skipped at PreFilter (fits everywhere)", () => {
    const pod = MakePod().obj();
    pod.spec.containers.push({ name: "main", ports: [{ containerPort: 8080 }] });
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [hp(8080)]))], pod, ["n1", "n2"], null, { prefilter: { code: "Skip" } }));
  });
  it("a sidecar's host port (init container with restartPolicy Always) is in use on the node", () => {
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [], [{ ports: [hp(9000)], sidecar: true }]))], withPorts("p", [hp(9000)]), ["n2"], R));
  });
  it("an incoming pod's sidecar host port is requested too", () => {
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [hp(9000)]))], withPorts("p", [], [{ ports: [hp(9000)], sidecar: true }]), ["n2"], R));
  });
  // schedutil.GetHostPorts (NodePorts PreFilter and NodeInfo.UsedPorts) takes only regular containers and init
  // containers with restartPolicy Always: a regular init container has exited before the pod runs.
  it("a regular init container's host port is not in use on the node", () => {
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [], [{ ports: [hp(9000)], sidecar: false }]))], withPorts("p", [hp(9000)]), ["n1", "n2"], R));
  });
  it("an incoming pod's regular init container host port is not requested (PreFilter Skip)", () => {
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [hp(9000)]))], withPorts("p", [], [{ ports: [hp(9000)], sidecar: false }]), ["n1", "n2"], null, { prefilter: { code: "Skip" } }));
  });
  // HostPortInfo.CheckConflict: specific hostIPs conflict only with the same hostIP or with 0.0.0.0.
  it("the same port on two different specific hostIPs does not conflict", () => {
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [hp(8080, "TCP", "10.0.0.1")]))], withPorts("p", [hp(8080, "TCP", "10.0.0.2")]), ["n1", "n2"], R));
  });
  it("a specific hostIP conflicts with the same hostIP and with a 0.0.0.0 bind, and 0.0.0.0 with any hostIP", () => {
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [hp(8080, "TCP", "10.0.0.1")]))], withPorts("p", [hp(8080, "TCP", "10.0.0.1")]), ["n2"], R));
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [hp(8080)]))], withPorts("p", [hp(8080, "TCP", "10.0.0.2")]), ["n2"], R));
    check(filterCase("NodePorts", nodes, [on(withPorts("old", [hp(8080, "TCP", "10.0.0.1")]))], withPorts("p", [hp(8080)]), ["n2"], R));
  });
});

const nameIn = (...values: string[]) => ({ key: "metadata.name", operator: "In" as const, values });
const nameNotIn = (...values: string[]) => ({ key: "metadata.name", operator: "NotIn" as const, values });
const zoneIn = (...values: string[]) => ({ key: ZONE, operator: "In" as const, values });
function podRequiring(terms: NodeSelectorTerm[], name = "p"): Pod {
  const pod = MakePod(name).obj();
  pod.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } };
  return pod;
}

// matchFields In / NotIn take exactly one value (API validation; nodeSelectorRequirementsAsFieldSelector treats
// more as a parse error that voids the term), so every requirement below names a single node.
describe("NodeAffinity matchFields (PreFilter narrowing on metadata.name In)", () => {
  const nodes = [MakeNode("a").zone("z1").obj(), MakeNode("b").zone("z1").obj(), MakeNode("c").zone("z2").obj()];
  const POD = verdict("UnschedulableAndUnresolvable", "node(s) didn't match Pod's node affinity/selector");
  it.each([
    ["name In [a]: narrowed to a", [{ matchFields: [nameIn("a")] }], ["a"], ["a"]],
    ["a node that does not exist may be named: narrowed to it, nothing fits", [{ matchFields: [nameIn("zzz")] }], [], ["zzz"]],
    ["two terms of names are ORed (union)", [{ matchFields: [nameIn("a")] }, { matchFields: [nameIn("c")] }], ["a", "c"], ["a", "c"]],
    ["union with a node that does not exist", [{ matchFields: [nameIn("b")] }, { matchFields: [nameIn("zzz")] }], ["b"], ["b", "zzz"]],
    ["matchFields and matchExpressions in one term are ANDed; narrowing from the name", [{ matchFields: [nameIn("c")], matchExpressions: [zoneIn("z1")] }], [], ["c"]],
    ["name and zone both satisfied", [{ matchFields: [nameIn("c")], matchExpressions: [zoneIn("z2")] }], ["c"], ["c"]],
  ] as [string, NodeSelectorTerm[], string[], string[]][])("%s", (_t, terms, feasible, narrowed) => {
    check(filterCase("NodeAffinity", nodes, [], podRequiring(terms), feasible, POD, { prefilterResult: { nodeNames: narrowed } }));
  });
  it.each([
    ["a term without a name requirement admits every node (no narrowing)", [{ matchFields: [nameIn("a")] }, { matchExpressions: [zoneIn("z2")] }], ["a", "c"]],
    ["metadata.name NotIn filters but does not narrow", [{ matchFields: [nameNotIn("a")] }], ["b", "c"]],
    ["NotIn and In in one term", [{ matchFields: [nameNotIn("a"), nameIn("b")] }], ["b"]],
  ] as [string, NodeSelectorTerm[], string[]][])("%s", (_t, terms, feasible) => {
    check(filterCase("NodeAffinity", nodes, [], podRequiring(terms), feasible, POD));
  });
  it.each([
    ["in the only term", [{ matchFields: [nameIn("a"), nameIn("b")] }]],
    ["in every term", [{ matchFields: [nameIn("a"), nameIn("b")] }, { matchFields: [nameIn("c"), nameIn("a")] }]],
  ] as [string, NodeSelectorTerm[]][])("conflicting name requirements %s: PreFilter rejects the pod", (_t, terms) => {
    const conflict = verdict("UnschedulableAndUnresolvable", "pod affinity terms conflict");
    check(filterCase("NodeAffinity", nodes, [], podRequiring(terms), [], conflict, { prefilter: { code: "UnschedulableAndUnresolvable", reasons: ["pod affinity terms conflict"] } }));
  });
});

describe("NodeAffinity narrowing in the FitError (nodes outside the PreFilter result)", () => {
  const nodes = () => [
    MakeNode("a").zone("z1").alloc({ cpu: "4", memory: "8Gi", pods: "10" }).obj(),
    MakeNode("b").zone("z1").alloc({ cpu: "1", memory: "8Gi", pods: "10" }).obj(),
    MakeNode("c").zone("z2").alloc({ cpu: "1", memory: "8Gi", pods: "10" }).obj(),
  ];
  const big = (terms: NodeSelectorTerm[]) => {
    const p = podRequiring(terms);
    p.spec.containers.push({ name: "c", resources: { requests: { cpu: "2" } } });
    return p;
  };
  it.each([
    // Absent nodes get "node(s) didn't satisfy plugin(s) [NodeAffinity]" (SetAbsentNodesStatus), counted once each.
    ["narrowed to b, which is too small", [{ matchFields: [nameIn("b")] }], "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]."],
    ["narrowed to a node that does not exist", [{ matchFields: [nameIn("zzz")] }], "0/3 nodes are available: 3 node(s) didn't satisfy plugin(s) [NodeAffinity]."],
    ["narrowed to a, b but the zone requirement rejects both", [{ matchFields: [nameIn("a")], matchExpressions: [zoneIn("z2")] }, { matchFields: [nameIn("b")], matchExpressions: [zoneIn("z2")] }], "0/3 nodes are available: 1 node(s) didn't satisfy plugin(s) [NodeAffinity], 2 node(s) didn't match Pod's node affinity/selector."],
    ["NotIn does not narrow: every node is evaluated", [{ matchFields: [nameNotIn("a")] }], "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu."],
  ] as [string, NodeSelectorTerm[], string][])("%s", (_t, terms, message) => {
    const r = createScheduler({ nodes: nodes() }).schedule(big(terms));
    expect(r.nodeName).toBeNull();
    expect(r.message).toBe(message);
  });
  // findNodesThatFitPod sets diagnosis.UnschedulablePlugins from RunPreFilterPlugins' third result
  // (pluginsWithNodes: the plugins whose PreFilterResult narrowed the nodes), then adds the Filter rejectors.
  it("the narrowing plugin is one of the unschedulable plugins", () => {
    const r = createScheduler({ nodes: nodes() }).schedule(big([{ matchFields: [nameIn("b")] }]));
    expect([...r.unschedulablePlugins].sort()).toEqual(["NodeAffinity", "NodeResourcesFit"]);
  });
  it("a narrowed pod lands on its node even when others score better", () => {
    const p = podRequiring([{ matchFields: [nameIn("c")] }]);
    p.spec.containers.push({ name: "c", resources: { requests: { cpu: "500m" } } });
    for (const seed of [1, 2, 3]) expect(createScheduler({ nodes: nodes() }, { seed }).schedule(p).nodeName).toBe("c");
  });
  it("addedAffinity matchFields do not narrow: other nodes fail its Filter with the scheduler-enforced reason", () => {
    const profile = defaultProfile({ pluginConfig: { NodeAffinity: { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [nameIn("b")] }] } } } } });
    const p = MakePod().req({ cpu: "2" }).obj();
    const r = createScheduler({ nodes: nodes() }, { profile }).schedule(p);
    expect(r.message).toBe("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match scheduler-enforced node affinity.");
  });
});

describe("NodeAffinity addedAffinity", () => {
  const nodes: Node[] = [MakeNode("a").zone("z1").obj(), MakeNode("b").zone("z1").obj(), MakeNode("c").zone("z2").obj(), MakeNode("d").zone("z3").obj()];
  const ENFORCED = verdict("UnschedulableAndUnresolvable", "node(s) didn't match scheduler-enforced node affinity");
  const POD = verdict("UnschedulableAndUnresolvable", "node(s) didn't match Pod's node affinity/selector");
  const addedRequired = (values: string[]): NodeAffinityT => ({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [zoneIn(...values)] }] } });
  it("added affinity and the pod's own affinity are both enforced, the added one first", () => {
    const pod = MakePod().nodeAffinityIn("kubernetes.io/hostname", ["b", "c"]).obj();
    check(filterCase("NodeAffinity", nodes, [], pod, ["b", "c"], { a: POD, d: ENFORCED }, { args: { addedAffinity: addedRequired(["z1", "z2"]) } }));
    // Narrower added affinity: c now fails the added one although the pod's own admits it.
    check(filterCase("NodeAffinity", nodes, [], pod, ["b"], { a: POD, c: ENFORCED, d: ENFORCED }, { args: { addedAffinity: addedRequired(["z1"]) } }));
  });
  it("added affinity and the pod's nodeSelector", () => {
    const pod = MakePod().nodeSelector({ [ZONE]: "z3" }).obj();
    check(filterCase("NodeAffinity", nodes, [], pod, [], { a: POD, b: POD, c: ENFORCED, d: ENFORCED }, { args: { addedAffinity: addedRequired(["z1"]) } }));
  });
  it("with only preferred added terms, a pod without constraints is skipped at PreFilter", () => {
    const args = { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [zoneIn("z1")] } }] } };
    check(filterCase("NodeAffinity", nodes, [], MakePod().obj(), ["a", "b", "c", "d"], null, { args, prefilter: { code: "Skip" } }));
  });
  it.each([
    // weights: added z1 -> 2, pod z2 -> 3; normalized by the max (3): 2*100/3 = 66
    ["added and pod preferred terms add up", 3, { a: 66, b: 66, c: 100, d: 0 }],
    // only the added term: z1 -> 2, max 2
    ["added preferred terms score a pod without its own", 0, { a: 100, b: 100, c: 0, d: 0 }],
  ] as [string, number, Record<string, number>][])("%s", (_t, podWeight, scores) => {
    const args = { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [zoneIn("z1")] } }] } };
    const pod = podWeight > 0 ? MakePod().preferredNodeIn(podWeight, ZONE, ["z2"]).obj() : MakePod().obj();
    check(scoreCase("NodeAffinity", nodes, [], pod, scores, { args }));
  });
  it("added preferred and pod preferred terms both matching one node are summed", () => {
    // a, b: 2 (added) + 4 (pod, z1) = 6; c: 3 (pod, z2); d: 0 -> 100, 100, 50, 0
    const args = { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [zoneIn("z1")] } }] } };
    const pod = MakePod().preferredNodeIn(4, ZONE, ["z1"]).preferredNodeIn(3, ZONE, ["z2"]).obj();
    check(scoreCase("NodeAffinity", nodes, [], pod, { a: 100, b: 100, c: 50, d: 0 }, { args }));
  });
  it("required-only added affinity and no preferred terms: PreScore Skip", () => {
    check(scoreCase("NodeAffinity", nodes, [], MakePod().obj(), { a: 0, b: 0, c: 0, d: 0 }, { args: { addedAffinity: addedRequired(["z1"]) }, prescore: { code: "Skip" } }));
  });
});
