/**
 * Golden outage scenarios with Kubernetes' default timings (docs/engine/simulation.md derives each number):
 * NotReady 50–55 s after the last heartbeat, the NoExecute taint one monitor period later, eviction 300 s after
 * the taint (default toleration), zone tainting at 0.1 node/s, and the surprising cases (DoNotSchedule spread
 * with nodeTaintsPolicy Ignore, partial disruption of a small zone, every zone down, no rebalancing).
 */
import { describe, expect, it } from "vitest";
import { simulate } from "@/lib/engine/sim/simulate";
import type { SimEvent } from "@/lib/engine/sim/event-log";
import { makeDeployment, makeNodes, steadyState } from "./builders";

const S = 1000;
const of = (events: SimEvent[], reason: string) => events.filter((e) => e.reason === reason);

describe("node loss", () => {
  const input = steadyState(makeNodes(["a", "b", "c"], 2), [makeDeployment("web", { replicas: 6 })]);
  const victim = input.pods.find((p) => p.spec.nodeName === "a-n0")!.metadata.name!;

  it("detects at 50 s, taints at 55 s, evicts at 355 s, replaces and is Ready 10 s later", () => {
    const r = simulate(input, { seed: 1, horizonMs: 900 * S, events: [{ atMs: 0, fail: { node: "a-n0" } }] });
    const notReady = of(r.events, "NodeNotReady").find((e) => e.object === "node/a-n0")!;
    expect(notReady.atMs).toBe(50 * S);
    expect(of(r.events, "NodeNotReady").find((e) => e.object === `pod/${victim}`)?.atMs).toBe(50 * S);
    expect(r.nodes).toEqual([{ node: "a-n0", notReadyAtMs: [50 * S], noExecuteTaintedAtMs: [55 * S], readyAgainAtMs: [] }]);
    const eviction = of(r.events, "TaintManagerEviction");
    expect(eviction.map((e) => [e.atMs, e.object])).toEqual([[355 * S, `pod/${victim}`]]);
    const created = of(r.events, "SuccessfulCreate");
    expect(created).toHaveLength(1);
    expect(created[0]!.atMs).toBe(355 * S);
    const newPod = created[0]!.message.replace("Created pod: ", "");
    const scheduled = of(r.events, "Scheduled").find((e) => e.object === `pod/${newPod}`)!;
    expect(scheduled.atMs).toBe(355 * S);
    expect(scheduled.message).not.toContain("a-n0");
    expect(of(r.events, "Started").find((e) => e.object === `pod/${newPod}`)?.atMs).toBe(365 * S);
    const d = r.deployments[0]!;
    expect(d).toMatchObject({ desired: 6, minReady: 5, minReadyAtMs: 50 * S, recoveredAtMs: 365 * S, timeToDetectMs: 50 * S, pendingAtEnd: 0, readyAtEnd: 6 });
  });

  it("a failure between monitor passes is detected 50-55 s after it", () => {
    const r = simulate(input, { seed: 1, horizonMs: 200 * S, events: [{ atMs: 12 * S, fail: { node: "a-n0" } }] });
    expect(r.nodes[0]!.notReadyAtMs).toEqual([65 * S]);
    expect(r.nodes[0]!.noExecuteTaintedAtMs).toEqual([70 * S]);
  });

  it("honours the startup-time annotation and the scenario's settings", () => {
    const slow = steadyState(makeNodes(["a", "b", "c"], 2), [makeDeployment("web", { replicas: 6, startup: "45s" })]);
    const r = simulate(slow, {
      seed: 1, horizonMs: 900 * S, events: [{ atMs: 0, fail: { node: "a-n0" } }],
      settings: { nodeMonitorGracePeriodMs: 40 * S, defaultTolerationSeconds: 60 },
    });
    expect(r.nodes[0]!.notReadyAtMs).toEqual([40 * S]);
    // The steady-state pods carry the 300 s tolerations the API server gave them; the replacement is created
    // at 45 s + 300 s and needs 45 s to start.
    expect(of(r.events, "TaintManagerEviction")[0]!.atMs).toBe(345 * S);
    expect(r.deployments[0]!.recoveredAtMs).toBe(390 * S);
  });

  it("recovery removes the taints and does not move pods back", () => {
    const r = simulate(input, {
      seed: 1, horizonMs: 1200 * S,
      events: [{ atMs: 0, fail: { node: "a-n0" } }, { atMs: 600 * S, recover: { node: "a-n0" } }],
    });
    expect(of(r.events, "NodeReady").map((e) => e.atMs)).toEqual([600 * S]);
    expect(r.nodes[0]!.readyAgainAtMs).toEqual([600 * S]);
    const zoneA = r.zones.find((z) => z.zone === "a")!;
    const end = zoneA.series[zoneA.series.length - 1]!;
    expect(end.readyNodes).toBe(2);
    // a-n1's pod and the replacement (zone a had the fewest pods, so the system-default zone spread sent it to
    // a-n1); the terminating pod on a-n0 is gone once the node is back, and nothing moves back to a-n0.
    expect(end.pods).toBe(2);
    const scheduled = of(r.events, "Scheduled");
    expect(scheduled.map((e) => [e.atMs, e.message.endsWith(" to a-n1")])).toEqual([[355 * S, true]]);
    expect(r.deployments[0]!.readyAtEnd).toBe(6);
  });
});

describe("zone loss with a DoNotSchedule zone spread (kubernetes/kubernetes#123019)", () => {
  const run = (nodeTaintsPolicy: "Ignore" | "Honor") =>
    simulate(steadyState(makeNodes(["a", "b", "c"], 3), [makeDeployment("web", { replicas: 9, spread: [{ nodeTaintsPolicy }] })]), {
      seed: 1, horizonMs: 1800 * S, events: [{ atMs: 0, fail: { zone: "a" } }],
    });

  it("taints the dead zone one node per 10 s (FullDisruption drains at the normal rate)", () => {
    const r = run("Ignore");
    expect(r.nodes.map((n) => n.noExecuteTaintedAtMs[0]).sort((x, y) => x! - y!)).toEqual([55 * S, 65 * S, 75 * S]);
    expect(r.notes.map((n) => n.message)).toContain("Controller detected that zone r1/a is now in state FullDisruption");
  });

  it("Ignore: every replacement stays Pending, the dead zone still counts as a domain", () => {
    const d = run("Ignore").deployments[0]!;
    expect(d.readyAtEnd).toBe(6);
    expect(d.pendingAtEnd).toBe(3);
    expect(d.recoveredAtMs).toBeNull();
    const [[message, count]] = Object.entries(d.pendingReasons) as [[string, number]];
    expect(count).toBe(3);
    expect(message).toMatch(/^0\/9 nodes are available: .*6 node\(s\) didn't match pod topology spread constraints\.$/);
  });

  it("Honor: the tainted zone is not a domain and the replacements fit", () => {
    const d = run("Honor").deployments[0]!;
    expect(d).toMatchObject({ readyAtEnd: 9, pendingAtEnd: 0, minReady: 6 });
    expect(d.recoveredAtMs).toBe(385 * S); // last node tainted at 75 s, evicted at 375 s, Ready at 385 s
  });
});

describe("zone disruption states", () => {
  it("a partially disrupted small zone (<= 50 nodes) stops tainting: nothing is evicted", () => {
    const input = steadyState(makeNodes(["a", "b", "c"], 10), [makeDeployment("web", { replicas: 30 })]);
    const r = simulate(input, {
      seed: 1, horizonMs: 1800 * S,
      events: ["a-n0", "a-n1", "a-n2", "a-n3", "a-n4", "a-n5"].map((node) => ({ atMs: 0, fail: { node } })),
    });
    expect(r.notes.map((n) => n.message)).toContain("Controller detected that zone r1/a is now in state PartialDisruption");
    expect(r.nodes.every((n) => n.noExecuteTaintedAtMs.length === 0)).toBe(true);
    expect(of(r.events, "TaintManagerEviction")).toHaveLength(0);
    expect(r.deployments[0]!.readyAtEnd).toBe(24);
  });

  it("below the threshold (2 of 10 nodes) the zone stays Normal and both nodes are drained", () => {
    const input = steadyState(makeNodes(["a", "b", "c"], 10), [makeDeployment("web", { replicas: 30 })]);
    const r = simulate(input, { seed: 1, horizonMs: 900 * S, events: ["a-n0", "a-n1"].map((node) => ({ atMs: 0, fail: { node } })) });
    expect(r.nodes.map((n) => n.noExecuteTaintedAtMs[0]).sort((x, y) => x! - y!)).toEqual([55 * S, 65 * S]);
    expect(r.deployments[0]!.readyAtEnd).toBe(30);
  });

  it("a partially disrupted large zone (> 50 nodes) is tainted at the secondary rate, one node per 100 s", () => {
    const input = steadyState(makeNodes(["a", "b"], 60), [makeDeployment("web", { replicas: 12 })]);
    const failing = Array.from({ length: 40 }, (_, i) => ({ atMs: 0, fail: { node: `a-n${i}` } }));
    const r = simulate(input, { seed: 1, horizonMs: 400 * S, events: failing });
    const times = r.nodes.flatMap((n) => n.noExecuteTaintedAtMs).sort((x, y) => x - y);
    // SwapLimiter(0.01) in the pass that sees the nodes NotReady: the old bucket still had its token, so the new
    // one starts full (upstream drains it only when the old one was empty): first taint at 55 s, then every 100 s.
    expect(times).toEqual([55 * S, 155 * S, 255 * S, 355 * S]);
  });

  it("every zone down: master disruption mode, no taints, nothing evicted", () => {
    const input = steadyState(makeNodes(["a", "b", "c"], 2), [makeDeployment("web", { replicas: 6 })]);
    const r = simulate(input, { seed: 1, horizonMs: 1800 * S, events: [{ atMs: 0, fail: { cluster: "" } }] });
    expect(r.notes.map((n) => n.message)).toContain("Controller detected that all Nodes are not-Ready. Entering master disruption mode");
    expect(r.nodes.every((n) => n.noExecuteTaintedAtMs.length === 0)).toBe(true);
    expect(of(r.events, "TaintManagerEviction")).toHaveLength(0);
    expect(r.deployments[0]).toMatchObject({ minReady: 0, readyAtEnd: 0, pendingAtEnd: 0, recoveredAtMs: null });
  });

  it("a region loss drains both of its zones while the other region stays Normal", () => {
    const nodes = [...makeNodes(["a", "b"], 2, "r1"), ...makeNodes(["c", "d"], 2, "r2")];
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 8, spread: [{ whenUnsatisfiable: "ScheduleAnyway" }] })]);
    const r = simulate(input, { seed: 1, horizonMs: 1800 * S, events: [{ atMs: 0, fail: { region: "r1" } }] });
    const tainted = r.nodes.map((n) => [n.node, n.noExecuteTaintedAtMs[0]] as const).sort();
    expect(tainted.map(([n]) => n)).toEqual(["a-n0", "a-n1", "b-n0", "b-n1"]);
    // Each zone has its own limiter: both zones taint their first node at 55 s, the second 10 s later.
    expect(tainted.map(([, t]) => t).sort((x, y) => x! - y!)).toEqual([55 * S, 55 * S, 65 * S, 65 * S]);
    expect(r.deployments[0]).toMatchObject({ readyAtEnd: 8, pendingAtEnd: 0, minReady: 4 });
  });
});

describe("a recovered node is not refilled while its evicted pods are still terminating", () => {
  it("NodeResourcesFit keeps counting terminating pods: replacements wait for the 30 s grace period", () => {
    // Found by the capacity property: 3 x 1001m pods, 3 fit per 4-CPU node; zone a (one node) fails, its pods
    // are evicted at 355 s and stay Terminating on the dead node; it recovers at 356 s and the kubelet kills
    // them (terminationGracePeriodSeconds 30). Until they are gone the node has no room for the replacements.
    const input = steadyState(makeNodes(["a", "b"], 1), [makeDeployment("web", { replicas: 3, cpu: "1001m", spread: [{ nodeTaintsPolicy: "Ignore" }] })], 4);
    const onA = input.pods.filter((p) => p.spec.nodeName === "a-n0").length;
    let worst = 0;
    const r = simulate(input, {
      seed: 4, horizonMs: 900 * S, events: [{ atMs: 0, fail: { zone: "a" } }, { atMs: 356 * S, recover: { zone: "a" } }],
    }, {
      observe: (state) => {
        for (const n of state.nodes) {
          let cpu = 0;
          for (const i of n.pods) cpu += state.pods[i]!.cpuMilli;
          worst = Math.max(worst, cpu - n.allocatable.cpuMilli);
        }
      },
    });
    expect(onA).toBe(2); // seed 4: two pods on a-n0, both evicted at 355 s
    expect(worst).toBeLessThanOrEqual(0);
    // At 356 s a-n0 still holds 2 x 1001m terminating: room for one replacement only (the other goes to b-n0).
    // A cache that forgot terminating pods put both on a-n0: 4 x 1001m on 4 CPUs.
    const at356 = of(r.events, "Scheduled").filter((e) => e.atMs === 356 * S);
    expect(at356.filter((e) => e.message.endsWith(" to a-n0"))).toHaveLength(1);
    expect(r.deployments[0]!.readyAtEnd).toBe(3);
  });
});
