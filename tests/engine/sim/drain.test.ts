/**
 * Voluntary disruptions: `drain: { node }` = kubectl drain NODE --ignore-daemonsets --force against the
 * simulated API (cordon, Eviction API honouring PodDisruptionBudgets, 429s retried every 5 s).
 *
 * Every expected time comes from the documented timings (docs/engine/simulation.md):
 *  - a granted eviction deletes the pod at once; the kubelet removes it terminationGracePeriodSeconds = 30 s later;
 *  - the ReplicaSet's replacement is created and bound in the same millisecond (controller and scheduler clients
 *    have tokens to spare), and is Ready after its startup time: the workload's `topoplan.dev/startup-time`, else
 *    settings.podStartup (10 s);
 *  - a refused eviction (429) is retried 5 s later, so retries fall on drainAt + 5 s·k.
 */
import { describe, expect, it } from "vitest";
import { evictionVerdict, pdbStatus, type PdbPodFacts } from "@/lib/engine/controllers/disruption/eviction";
import type { SimEvent } from "@/lib/engine/sim/event-log";
import { parseScenario, scenarioFromObject } from "@/lib/engine/sim/scenario";
import { simulate, type SimulationInput } from "@/lib/engine/sim/simulate";
import type { Pod, PodDisruptionBudget } from "@/lib/k8s/types";
import { makeDeployment, makeNode, steadyState } from "./builders";

const S = 1000;
const of = (events: SimEvent[], reason: string) => events.filter((e) => e.reason === reason);
const drainNotes = (r: ReturnType<typeof simulate>) => r.notes.filter((n) => n.component === "kubectl drain");

/** `replicas` of web (startup `startup`) all on a-n0, plus empty nodes b-n0 and c-n0 in other zones. */
function packed(replicas: number, startup?: string): SimulationInput {
  const input = steadyState([makeNode("a-n0", "a")], [makeDeployment("web", { replicas, ...(startup ? { startup } : {}) })]);
  return { ...input, nodes: [...input.nodes, makeNode("b-n0", "b"), makeNode("c-n0", "c")] };
}

function pdb(name: string, spec: Omit<PodDisruptionBudget["spec"], "selector">): PodDisruptionBudget {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, ...spec } };
}

const webPods = (input: SimulationInput) => input.pods.map((p) => p.metadata.name!).sort();

describe("drain without a PodDisruptionBudget", () => {
  it("evicts every pod at once, the node is empty 30 s later and the replacements run elsewhere", () => {
    const input = packed(3);
    const r = simulate(input, { seed: 1, horizonMs: 300 * S, events: [{ atMs: 60 * S, drain: { node: "a-n0" } }] });
    // Cordon at 60 s: the kubelet's event, and the node lifecycle controller's taint follows (scheduler side).
    expect(of(r.events, "NodeNotSchedulable").map((e) => [e.atMs, e.object, e.message])).toEqual([[60 * S, "node/a-n0", "Node a-n0 status is now: NodeNotSchedulable"]]);
    // Every eviction is granted at 60 s: the kubelet stops each pod (Killing), the ReplicaSet replaces it at once.
    expect(of(r.events, "Killing").map((e) => [e.atMs, e.object])).toEqual(webPods(input).map((n) => [60 * S, `pod/${n}`]));
    const created = of(r.events, "SuccessfulCreate").filter((e) => e.atMs > 0);
    expect(created.map((e) => e.atMs)).toEqual([60 * S, 60 * S, 60 * S]);
    const scheduled = of(r.events, "Scheduled");
    expect(scheduled).toHaveLength(3);
    for (const e of scheduled) {
      expect(e.atMs).toBe(60 * S);
      expect(e.message).toMatch(/ to (b-n0|c-n0)$/);
    }
    // Ready after the default 10 s startup: 60 + 10 = 70 s.
    expect(of(r.events, "Started").map((e) => e.atMs)).toEqual([70 * S, 70 * S, 70 * S]);
    // Gone after the 30 s grace period: 60 + 30 = 90 s, then kubectl prints "node/a-n0 drained".
    const d = r.drains[0]!;
    expect(d).toMatchObject({ node: "a-n0", atMs: 60 * S, drainedAtMs: 90 * S, refusals: 0, remaining: [], ignored: [] });
    expect(d.evicted.map((e) => [e.pod, e.atMs])).toEqual(webPods(input).map((n) => [n, 60 * S]));
    const notes = drainNotes(r);
    expect(notes[0]).toMatchObject({ atMs: 60 * S, message: "node/a-n0 cordoned" });
    expect(notes.filter((n) => n.message.startsWith("evicting pod ")).map((n) => n.atMs)).toEqual([60 * S, 60 * S, 60 * S]);
    expect(notes.filter((n) => / evicted$/.test(n.message)).map((n) => n.atMs)).toEqual([90 * S, 90 * S, 90 * S]);
    expect(notes[notes.length - 1]).toMatchObject({ atMs: 90 * S, message: "node/a-n0 drained" });
    // Nothing protected web: all 3 replicas went at 60 s, back at 70 s; the drain is the first disruption.
    expect(r.firstFailureAtMs).toBe(60 * S);
    expect(r.deployments[0]).toMatchObject({ minReady: 0, minReadyAtMs: 60 * S, recoveredAtMs: 70 * S, readyAtEnd: 3, pendingAtEnd: 0 });
    const zoneA = r.zones.find((z) => z.zone === "a")!;
    expect(zoneA.series[zoneA.series.length - 1]!.pods).toBe(0);
  });

  it("evicts bare pods too (--force) and leaves DaemonSet pods (--ignore-daemonsets)", () => {
    const base = packed(1);
    const pod = (name: string, owner?: NonNullable<Pod["metadata"]["ownerReferences"]>[number]): Pod => ({
      apiVersion: "v1", kind: "Pod",
      metadata: { name, namespace: "default", labels: { app: name }, ...(owner ? { ownerReferences: [owner] } : {}) },
      spec: { nodeName: "a-n0", containers: [{ name: "c", image: "busybox" }] },
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
    });
    const input: SimulationInput = {
      ...base,
      pods: [...base.pods, pod("bare"), pod("agent-x", { apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", uid: "ds-agent", controller: true })],
    };
    const r = simulate(input, { seed: 1, horizonMs: 120 * S, events: [{ atMs: 0, drain: { node: "a-n0" } }] });
    const notes = drainNotes(r).map((n) => n.message);
    expect(notes).toContain("Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: default/agent-x");
    const d = r.drains[0]!;
    expect(d.evicted.map((e) => e.pod).sort()).toEqual(["bare", webPods(base)[0]!].sort());
    expect(d.ignored).toEqual([{ namespace: "default", pod: "agent-x", reason: "DaemonSet-managed (--ignore-daemonsets)" }]);
    // Both evicted pods are gone after the 30 s grace period; the DaemonSet pod stays and does not block.
    expect(d.drainedAtMs).toBe(30 * S);
    // Nobody recreates the bare pod: only web's replacement is created.
    expect(of(r.events, "SuccessfulCreate").filter((e) => e.atMs >= 0 && e.object.startsWith("replicaset/web"))).toHaveLength(1);
    expect(of(r.events, "Killing").map((e) => e.object).sort()).toEqual(["pod/bare", `pod/${webPods(base)[0]}`].sort());
  });
});

describe("drain against a PodDisruptionBudget", () => {
  it("minAvailable = replicas refuses every eviction for the whole horizon: one note per pod, the pods stay", () => {
    const input = { ...packed(3), pdbs: [pdb("web", { minAvailable: 3 })] };
    const r = simulate(input, { seed: 1, horizonMs: 300 * S, events: [{ atMs: 0, drain: { node: "a-n0" } }] });
    // desiredHealthy 3, currentHealthy 3: disruptionsAllowed 0 at every attempt.
    expect(of(r.events, "Killing")).toHaveLength(0);
    expect(of(r.events, "SuccessfulCreate").filter((e) => e.atMs > 0)).toHaveLength(0);
    const refusals = drainNotes(r).filter((n) => n.message.startsWith("error when evicting"));
    // One note per pod for its refusal streak (at the first attempt), not one every 5 s.
    expect(refusals.map((n) => n.atMs)).toEqual([0, 0, 0]);
    expect(refusals[0]!.message).toBe(
      `error when evicting pods/"${webPods(input)[0]}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget. [The disruption budget web needs 3 healthy pods and has 3 currently]`,
    );
    const d = r.drains[0]!;
    expect(d.drainedAtMs).toBeNull();
    expect(d.evicted).toEqual([]);
    // Attempts at 0, 5, ..., 300 s (the horizon is inclusive): 300 / 5 + 1 = 61 per pod, 3 pods.
    expect(d.refusals).toBe(3 * 61);
    expect(d.remaining.map((x) => x.pod)).toEqual(webPods(input));
    expect(d.remaining[0]!.reason).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    const last = drainNotes(r).at(-1)!;
    expect(last.atMs).toBe(300 * S);
    expect(last.message).toMatch(/^node\/a-n0 not drained within the horizon: 3 of 3 pods left/);
    expect(r.deployments[0]).toMatchObject({ minReady: 3, readyAtEnd: 3 });
    const zoneA = r.zones.find((z) => z.zone === "a")!;
    expect(zoneA.series[zoneA.series.length - 1]!.pods).toBe(3);
  });

  it("maxUnavailable 1 drains one pod at a time: each next eviction at the first retry after the previous replacement is Ready", () => {
    // startup 12 s (not a multiple of the 5 s retry, so "after Ready" is visible in the times).
    const input = { ...packed(3, "12s"), pdbs: [pdb("web", { maxUnavailable: 1 })] };
    const r = simulate(input, { seed: 1, horizonMs: 300 * S, events: [{ atMs: 0, drain: { node: "a-n0" } }] });
    const [p1, p2, p3] = webPods(input);
    // expectedPods 3 (the Deployment's replicas), desiredHealthy 3 − 1 = 2.
    // t = 0: p1 granted (3 healthy → 1 allowed); p2, p3 refused (2 healthy: 0 allowed).
    // Replacement r1 Ready at 0 + 12 = 12 s; retries at 5, 10 refused, at 15 s p2 granted (3 healthy), p3 refused.
    // r2 Ready at 15 + 12 = 27 s; p3 refused at 20, 25, granted at 30 s. r3 Ready at 30 + 12 = 42 s.
    expect(of(r.events, "Killing").map((e) => [e.atMs, e.object])).toEqual([[0, `pod/${p1}`], [15 * S, `pod/${p2}`], [30 * S, `pod/${p3}`]]);
    expect(of(r.events, "Started").map((e) => e.atMs)).toEqual([12 * S, 27 * S, 42 * S]);
    const started = of(r.events, "Started").map((e) => e.atMs);
    const evicted = r.drains[0]!.evicted.map((e) => e.atMs);
    for (let i = 1; i < evicted.length; i++) {
      expect(evicted[i]).toBeGreaterThanOrEqual(started[i - 1]!);
      expect(evicted[i]).toBe(Math.ceil(started[i - 1]! / (5 * S)) * 5 * S);
    }
    // Refusals: p2 at 0, 5, 10 (3); p3 at 0, 5, 10, 15, 20, 25 (6). One note each.
    const d = r.drains[0]!;
    expect(d.refusals).toBe(9);
    expect(drainNotes(r).filter((n) => n.message.startsWith("error when evicting")).map((n) => [n.atMs, n.message.includes(p2!) ? "p2" : "p3"])).toEqual([[0, "p2"], [0, "p3"]]);
    // The last pod is gone 30 s (grace) after its eviction: 30 + 30 = 60 s.
    expect(d.drainedAtMs).toBe(60 * S);
    // The budget held: never more than 1 of 3 unavailable.
    expect(r.deployments[0]).toMatchObject({ minReady: 2, readyAtEnd: 3 });
    for (const e of of(r.events, "Scheduled")) expect(e.message).not.toMatch(/ to a-n0$/);
  });

  it("a percentage minAvailable rounds up: 50% of 3 needs 2 healthy, so one pod at a time", () => {
    const input = { ...packed(3, "12s"), pdbs: [pdb("web", { minAvailable: "50%" })] };
    const r = simulate(input, { seed: 1, horizonMs: 300 * S, events: [{ atMs: 0, drain: { node: "a-n0" } }] });
    // ceil(1.5) = 2 → the same schedule as maxUnavailable 1: evictions at 0, 15, 30 s.
    expect(r.drains[0]!.evicted.map((e) => e.atMs)).toEqual([0, 15 * S, 30 * S]);
  });
});

describe("a cordoned node", () => {
  it("receives no new pods: a failed node's replacement stays Pending rather than land on it", () => {
    // a-n0 and b-n0 hold one pod each and are full (pods: 1); c-n0 is empty and would take the replacement.
    const base = steadyState([makeNode("a-n0", "a", "r1", "4", "1"), makeNode("b-n0", "b", "r1", "4", "1")], [makeDeployment("web", { replicas: 2 })]);
    const input = { ...base, nodes: [...base.nodes, makeNode("c-n0", "c")] };
    const events = [{ atMs: 0, fail: { node: "a-n0" } }];
    // Without the drain: NotReady at 50 s, taint at 55 s, eviction at 55 + 300 = 355 s, Ready on c-n0 at 365 s.
    const control = simulate(input, { seed: 1, horizonMs: 600 * S, events });
    expect(of(control.events, "Scheduled").map((e) => [e.atMs, e.message.endsWith(" to c-n0")])).toEqual([[355 * S, true]]);
    expect(control.deployments[0]!.recoveredAtMs).toBe(365 * S);
    // Drained (nothing to evict: drained at once) at 0: the replacement created at 355 s has nowhere to go.
    const r = simulate(input, { seed: 1, horizonMs: 600 * S, events: [{ atMs: 0, drain: { node: "c-n0" } }, ...events] });
    expect(r.drains[0]).toMatchObject({ drainedAtMs: 0, evicted: [] });
    expect(of(r.events, "Scheduled")).toHaveLength(0);
    const failed = of(r.events, "FailedScheduling");
    expect(failed[0]!.atMs).toBe(355 * S);
    expect(failed[0]!.message).toContain("1 node(s) were unschedulable");
    expect(r.deployments[0]).toMatchObject({ pendingAtEnd: 1, recoveredAtMs: null });
  });
});

describe("Eviction API and PDB status (pure)", () => {
  const facts = (ready: number, notReady = 0, terminating = 0, scale = 3): PdbPodFacts[] => [
    ...Array.from({ length: ready }, () => ({ ready: true, terminating: false, controller: { key: "d", scale } })),
    ...Array.from({ length: notReady }, () => ({ ready: false, terminating: false, controller: { key: "d", scale } })),
    ...Array.from({ length: terminating }, () => ({ ready: true, terminating: true, controller: { key: "d", scale } })),
  ];
  it("computes disruptionsAllowed like the disruption controller", () => {
    expect(pdbStatus(pdb("x", { minAvailable: 2 }), facts(3))).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    // Terminating pods are not healthy; an integer minAvailable counts selected pods (terminating included).
    expect(pdbStatus(pdb("x", { minAvailable: 2 }), facts(2, 0, 1))).toMatchObject({ expectedPods: 3, currentHealthy: 2, disruptionsAllowed: 0 });
    // Percentages scale against the controllers' replicas, rounding up.
    expect(pdbStatus(pdb("x", { minAvailable: "50%" }), facts(3))).toMatchObject({ desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(pdbStatus(pdb("x", { maxUnavailable: "50%" }), facts(4, 0, 0, 4))).toMatchObject({ desiredHealthy: 2, disruptionsAllowed: 2 });
    // Pods without a controller do not count for a percentage / maxUnavailable (getExpectedScale).
    expect(pdbStatus(pdb("x", { maxUnavailable: 1 }), [{ ready: true, terminating: false, controller: null }])).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    // An invalid value fails safe.
    expect(pdbStatus(pdb("x", { minAvailable: "two" }), facts(3)).disruptionsAllowed).toBe(0);
  });
  it("decides evictions like eviction.go", () => {
    const b = pdb("web", { minAvailable: 3 });
    const full = () => pdbStatus(b, facts(3));
    const running = { phase: "Running" as const, ready: true, terminating: false };
    expect(evictionVerdict(running, [], full)).toEqual({ allowed: true, because: "no-budget" });
    expect(evictionVerdict(running, [b], full)).toMatchObject({ allowed: false, code: 429, message: "Cannot evict pod as it would violate the pod's disruption budget." });
    expect(evictionVerdict({ ...running, phase: "Pending" }, [b], full)).toMatchObject({ allowed: true, because: "terminal-or-pending" });
    expect(evictionVerdict({ ...running, terminating: true }, [b], full)).toMatchObject({ allowed: true, because: "terminating" });
    expect(evictionVerdict(running, [b, pdb("other", { maxUnavailable: 1 })], full)).toMatchObject({ allowed: false, code: 500 });
    // A pod that is not Ready: IfHealthyBudget lets it go only while the budget is met (3 healthy ≥ 3 desired).
    const notReady = { ...running, ready: false };
    expect(evictionVerdict(notReady, [b], full)).toMatchObject({ allowed: true, because: "unhealthy-healthy-budget" });
    const short = () => pdbStatus(b, facts(2, 1));
    expect(evictionVerdict(notReady, [b], short)).toMatchObject({ allowed: false, code: 429 });
    expect(evictionVerdict(notReady, [{ ...b, spec: { ...b.spec, unhealthyPodEvictionPolicy: "AlwaysAllow" } }], short)).toMatchObject({ allowed: true, because: "unhealthy-always-allow" });
  });
});

describe("scenario format", () => {
  it("parses drain: { node }", () => {
    const r = parseScenario("events:\n  - at: 1m\n    drain: { node: a-n0 }\n");
    expect(r.ok && r.scenario.events).toEqual([{ atMs: 60 * S, drain: { node: "a-n0" } }]);
  });
  it("rejects a malformed drain with the field path", () => {
    const noNode = parseScenario("events:\n  - at: 0s\n    drain: { zone: a }\n");
    expect(noNode.ok).toBe(false);
    if (!noNode.ok) expect(noNode.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["events.0.drain"]));
    const two = scenarioFromObject({ events: [{ at: 0, drain: { node: "a" }, fail: { node: "a" } }] });
    expect(!two.ok && two.issues[0]).toMatchObject({ path: "events.0", message: "each event has exactly one of fail, recover, drain, rollout" });
    const empty = scenarioFromObject({ events: [{ at: 0, drain: { node: "" } }] });
    expect(!empty.ok && empty.issues[0]!.path).toBe("events.0.drain.node");
  });
});
