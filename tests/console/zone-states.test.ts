/**
 * Zone states in the console's node monitoring, on the simulation's rules (controllers/nodelifecycle/zone-state.ts):
 * a zone with more than 2 and at least 55% of its nodes not Ready is PartialDisruption: NoExecute tainting (and so
 * taint-based eviction) stops there if the zone has 50 nodes or fewer, and slows to 0.01 node/s in a larger zone;
 * otherwise a zone is tainted at 0.1 node/s.
 *
 * Timeline from the documented timings: the cluster is built at t = 0 and settles 1 s, so nodes fail at t = 1 s;
 * the last heartbeat the controller saw is the t = 0 pass, so they turn NotReady at the 55 s pass, are queued for
 * their NoExecute taint at the 60 s pass, and a pod's 300 s toleration runs from its node's taint.
 */
import { describe, expect, it } from "vitest";
import type { Node } from "../../lib/k8s/types";
import { applyYaml, consoleOn, makeNode, nowSeconds, pods } from "./helpers";

const zone = (z: string, n: number) => Array.from({ length: n }, (_, i) => makeNode(`${z}-${i}`, z));

/** One bare pod per node, pinned with a nodeSelector on its hostname. */
function podPerNode(run: (l: string) => string[], nodes: Node[]): void {
  applyYaml(run, nodes.map((n) => [
    "apiVersion: v1", "kind: Pod", `metadata: {name: p-${n.metadata.name}, labels: {app: p}}`,
    `spec: {nodeSelector: {kubernetes.io/hostname: ${n.metadata.name}}, containers: [{name: c, image: nginx}]}`,
  ].join("\n")).join("\n---\n"));
  run("kubectl wait --for=condition=Ready pods --all");
}

/** Nodes carrying the node lifecycle controller's NoExecute taint. */
function noExecuteTainted(run: (l: string) => string[]): string[] {
  const list = JSON.parse(run("kubectl get nodes -o json").join("\n")) as { items: Node[] };
  return list.items.filter((n) => (n.spec?.taints ?? []).some((t) => t.key === "node.kubernetes.io/unreachable" && t.effect === "NoExecute")).map((n) => n.metadata.name!);
}

const zoneLine = (run: (l: string) => string[], name: string) => run("sim zones").find((l) => l.startsWith(`r/${name} `))!;

/**
 * Advances to virtual time t (seconds). Every command gives the controllers one more second after its output, so
 * the next command sees the cluster at t + 1 (timers due at t + 1 have run).
 */
function at(run: (l: string) => string[], t: number): void {
  const now = nowSeconds(run) + 1;
  if (t > now) run(`sim advance ${t - now}s`);
}

describe("small zones (<= 50 nodes)", () => {
  it("3 of 5 nodes down is PartialDisruption: nothing there is tainted or evicted, however long the outage", () => {
    const nodes = [...zone("a", 5), ...zone("b", 5), ...zone("c", 5)];
    const { run } = consoleOn(nodes);
    run("sim fail node a-0,a-1,a-2");
    at(run, 70);
    expect(zoneLine(run, "a")).toMatch(/^r\/a +5 +3 +PartialDisruption +0 \(tainting stopped\)/);
    expect(zoneLine(run, "b")).toMatch(/^r\/b +5 +0 +Normal +0\.1\/s/);
    expect(run("sim zones").join("\n")).toContain("Controller detected that zone r/a is now in state PartialDisruption");
    at(run, 1200);
    expect(noExecuteTainted(run)).toEqual([]);
    expect(run("kubectl get nodes").filter((l) => / NotReady /.test(l))).toHaveLength(3);
  });

  it("the pods on 3 failed nodes of a 5-node zone are never evicted; on 2 failed nodes (40%) they are, 10 s apart", () => {
    const partial = consoleOn([...zone("a", 5), ...zone("b", 5)]);
    podPerNode(partial.run, zone("a", 5));
    partial.run("sim fail node a-0,a-1,a-2");
    partial.run("sim advance 15m");
    const stuck = pods(partial.run).filter((p) => ["a-0", "a-1", "a-2"].includes(p.node));
    expect(stuck.map((p) => [p.status, p.ready])).toEqual([["Running", "0/1"], ["Running", "0/1"], ["Running", "0/1"]]);

    const normal = consoleOn([...zone("a", 5), ...zone("b", 5)]);
    podPerNode(normal.run, zone("a", 5));
    const failedAt = nowSeconds(normal.run) + 1;
    normal.run("sim fail node a-0,a-1");
    // NotReady at the first pass > last heartbeat + 50 s, queued one pass later, tainted at 0.1 node/s.
    const queuedAt = (Math.floor((Math.ceil(failedAt / 5) * 5 - 5 + 50) / 5) + 1) * 5 + 5;
    at(normal.run, queuedAt + 1);
    expect(noExecuteTainted(normal.run)).toEqual(["a-0"]);
    at(normal.run, queuedAt + 11);
    expect(noExecuteTainted(normal.run)).toEqual(["a-0", "a-1"]);
    const terminating = () => pods(normal.run).filter((p) => p.status === "Terminating").map((p) => p.node);
    at(normal.run, queuedAt + 298);
    expect(terminating()).toEqual([]);
    at(normal.run, queuedAt + 305);
    expect(terminating()).toEqual(["a-0"]);
    at(normal.run, queuedAt + 315);
    expect(terminating()).toEqual(["a-0", "a-1"]);
  });

  it("a recovery that brings the zone under the threshold resumes tainting the nodes still down", () => {
    const { run } = consoleOn([...zone("a", 5), ...zone("b", 5)]);
    run("sim fail node a-0,a-1,a-2");
    at(run, 120);
    expect(noExecuteTainted(run)).toEqual([]);
    run("sim recover node a-2");
    // 2 of 5 not Ready: Normal again at the next pass; the new token bucket starts empty (SwapLimiter), so the
    // first of the two queued nodes is tainted 10 s later and the other 10 s after that.
    run("sim advance 30s");
    expect(zoneLine(run, "a")).toMatch(/^r\/a +5 +2 +Normal/);
    expect(noExecuteTainted(run)).toEqual(["a-0", "a-1"]);
  });
});

describe("large zones (> 50 nodes)", () => {
  it("40 of 60 nodes down is PartialDisruption at the secondary rate: one node every 100 s", () => {
    const a = zone("a", 60);
    const { run } = consoleOn([...a, ...zone("b", 3)]);
    const failed = a.slice(0, 40);
    podPerNode(run, failed);
    const failedAt = nowSeconds(run) + 1;
    run(`sim fail node ${failed.map((n) => n.metadata.name).join(",")}`);
    const queuedAt = (Math.floor((Math.ceil(failedAt / 5) * 5 - 5 + 50) / 5) + 1) * 5 + 5;
    at(run, queuedAt + 1);
    expect(zoneLine(run, "a")).toMatch(/^r\/a +60 +40 +PartialDisruption +0\.01\/s \(1 node every 1m40s\) +39$/);
    expect(noExecuteTainted(run)).toHaveLength(1);
    at(run, queuedAt + 98);
    expect(noExecuteTainted(run)).toHaveLength(1);
    at(run, queuedAt + 101);
    expect(noExecuteTainted(run)).toHaveLength(2);
    at(run, queuedAt + 201);
    expect(noExecuteTainted(run)).toHaveLength(3);
    // Evictions follow the taints: one node's pod at +300 s, the next at +400 s.
    const terminating = () => pods(run).filter((p) => p.status === "Terminating").length;
    at(run, queuedAt + 305);
    expect(terminating()).toBe(1);
    at(run, queuedAt + 395);
    expect(terminating()).toBe(1);
    at(run, queuedAt + 405);
    expect(terminating()).toBe(2);
  });
});

describe("full disruption", () => {
  it("one zone entirely down is tainted at the normal rate while the others are healthy", () => {
    const { run } = consoleOn([...zone("a", 3), ...zone("b", 3)]);
    run("sim fail zone a");
    at(run, 61);
    expect(zoneLine(run, "a")).toMatch(/^r\/a +3 +3 +FullDisruption +0\.1\/s/);
    at(run, 82);
    expect(noExecuteTainted(run)).toEqual(["a-0", "a-1", "a-2"]);
  });

  it("every zone down: master disruption mode, no NoExecute taint at all", () => {
    const { run } = consoleOn([...zone("a", 3), ...zone("b", 3)]);
    run("sim fail region r");
    run("sim advance 10m");
    expect(noExecuteTainted(run)).toEqual([]);
    expect(run("sim zones").join("\n")).toContain("Controller detected that all Nodes are not-Ready. Entering master disruption mode");
    run("sim recover zone b");
    run("sim advance 10s");
    expect(run("sim zones").join("\n")).toContain("Exiting master disruption mode");
    // Zone a is fully down while b is healthy again: its nodes are tainted at the normal rate from now on.
    run("sim advance 30s");
    expect(noExecuteTainted(run)).toEqual(["a-0", "a-1", "a-2"]);
  });
});
