/**
 * `kubectl drain` in the console: kubectl's pod filters and output (shared with the simulation's drain through
 * controllers/drain/pod-filters.ts) and the Eviction API's rules (controllers/disruption/eviction.ts).
 */
import { describe, expect, it } from "vitest";
import type { Pod } from "../../lib/k8s/types";
import { applyYaml, consoleOn, makeNode, nowSeconds, pods } from "./helpers";

const pdb = (name: string, spec: string) => ["apiVersion: policy/v1", "kind: PodDisruptionBudget", `metadata: {name: ${name}}`, `spec: {${spec}, selector: {matchLabels: {app: web}}}`].join("\n");

/** Nodes a-0 (where everything starts) and b-0, b-1; the Deployment's pods all land on a-0. */
function packed(replicas: number, extra: Pod[] = []) {
  const c = consoleOn([makeNode("a-0", "a"), makeNode("b-0", "b"), makeNode("b-1", "b")], { pods: extra });
  c.run("kubectl cordon b-0");
  c.run("kubectl cordon b-1");
  c.run(`kubectl create deployment web --image=nginx --replicas=${replicas}`);
  c.run("kubectl wait --for=condition=Ready pods --all");
  c.run("kubectl uncordon b-0");
  c.run("kubectl uncordon b-1");
  return c;
}

const running = (name: string, owner?: NonNullable<Pod["metadata"]["ownerReferences"]>[number], extra: Partial<Pod["spec"]> = {}): Pod => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { name, namespace: "default", labels: { app: name }, ...(owner ? { ownerReferences: [owner] } : {}) },
  spec: { nodeName: "a-0", containers: [{ name: "c", image: "busybox" }], ...extra },
  status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
});
const daemonPod = running("agent-x", { apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", uid: "ds-agent", controller: true });

describe("which pods a drain takes", () => {
  it("refuses a bare pod without --force, before evicting anything", () => {
    const { run } = packed(1, [running("hello")]);
    const out = run("kubectl drain a-0 --ignore-daemonsets");
    const err = "cannot delete Pods that declare no controller (use --force to override): default/hello";
    expect(out).toEqual(["node/a-0 cordoned", `error: unable to drain node "a-0" due to error: ${err}, continuing command...`, "There are pending nodes to be drained:", " a-0", `error: ${err}`]);
    expect(pods(run).every((p) => p.status === "Running")).toBe(true);
    const forced = run("kubectl drain a-0 --ignore-daemonsets --force");
    expect(forced).toContain("Warning: deleting Pods that declare no controller: default/hello");
    expect(forced).toContain("pod/hello evicted");
    expect(forced.at(-1)).toBe("node/a-0 drained");
    // Nobody recreates the bare pod; the Deployment's pod runs elsewhere.
    expect(pods(run).map((p) => p.name).filter((n) => n === "hello")).toEqual([]);
  });

  it("needs --ignore-daemonsets for a DaemonSet's pod, and then leaves it where it is", () => {
    const { run } = packed(1, [daemonPod]);
    expect(run("kubectl drain a-0").slice(1, 2)).toEqual([
      'error: unable to drain node "a-0" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/agent-x, continuing command...',
    ]);
    const out = run("kubectl drain a-0 --ignore-daemonsets");
    expect(out[1]).toBe("Warning: ignoring DaemonSet-managed Pods: default/agent-x");
    expect(out).not.toContain("evicting pod default/agent-x");
    expect(out.at(-1)).toBe("node/a-0 drained");
    expect(pods(run).find((p) => p.name === "agent-x")).toMatchObject({ node: "a-0", status: "Running" });
  });

  it("needs --delete-emptydir-data for a pod with an emptyDir volume", () => {
    const withEmptyDir = { ...running("cache", { apiVersion: "apps/v1", kind: "StatefulSet", name: "cache", uid: "sts-cache", controller: true }), spec: { ...running("cache").spec, volumes: [{ name: "tmp", emptyDir: {} }] } as Pod["spec"] };
    const { run } = packed(1, [withEmptyDir]);
    expect(run("kubectl drain a-0 --ignore-daemonsets")).toContain("error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache");
    const out = run("kubectl drain a-0 --ignore-daemonsets --delete-emptydir-data");
    // kubectl's later filters overwrite the local-storage warning of a pod that has a controller (upstream TODO).
    expect(out.filter((l) => l.startsWith("Warning:"))).toEqual([]);
    expect(out.at(-1)).toBe("node/a-0 drained");
  });
});

describe("evictions against PodDisruptionBudgets", () => {
  it("maxUnavailable 1 evicts one pod at a time: each next one at the first 5 s retry after a replacement is Ready", () => {
    const { run } = packed(3);
    applyYaml(run, pdb("web", "maxUnavailable: 1"));
    const start = nowSeconds(run) + 1;
    const out = run("kubectl drain a-0 --ignore-daemonsets");
    const refusals = out.filter((l) => l.startsWith("error when evicting"));
    // Pod 2: refused at 0 and 5 s, evicted at 10 s when the first replacement is Ready (10 s startup); pod 3:
    // refused at 0, 5, 10, 15 s, evicted at 20 s.
    expect(refusals).toHaveLength(6);
    expect(refusals[0]).toMatch(/^error when evicting pods\/"web-\S+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/);
    expect(out.filter((l) => l.startsWith("evicting pod "))).toHaveLength(3 + 6);
    expect(out.filter((l) => / evicted$/.test(l))).toHaveLength(3);
    expect(out.at(-1)).toBe("node/a-0 drained");
    // Done when the last evicted pod is gone, 1 s after its eviction at 20 s.
    expect(nowSeconds(run) - start).toBeGreaterThanOrEqual(21);
    expect(nowSeconds(run) - start).toBeLessThanOrEqual(23);
    expect(pods(run).filter((p) => p.node === "a-0")).toEqual([]);
  });

  it("a pod under two budgets cannot be evicted at all (HTTP 500): kubectl gives up on it", () => {
    const { run } = packed(1);
    applyYaml(run, [pdb("one", "maxUnavailable: 1"), pdb("two", "maxUnavailable: 1")].join("\n---\n"));
    const out = run("kubectl drain a-0 --ignore-daemonsets --timeout=30s");
    const name = pods(run)[0]!.name;
    const err = `error when evicting pods/"${name}" -n "default": This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.`;
    expect(out).toEqual([
      "node/a-0 cordoned", `evicting pod default/${name}`,
      `There are pending pods in node "a-0" when an error occurred: ${err}`, `pod/${name}`,
      `error: unable to drain node "a-0" due to error: ${err}, continuing command...`, "There are pending nodes to be drained:", " a-0", `error: ${err}`,
    ]);
  });

  it("the global timeout ends the retries with kubectl's lines", () => {
    const { run } = packed(1);
    applyYaml(run, pdb("web", "minAvailable: 1"));
    const [p] = pods(run);
    const out = run(`kubectl drain ${p!.node} --ignore-daemonsets --timeout=12s`);
    const timeout = `error when evicting pods/"${p!.name}" -n "default": global timeout reached: 12s`;
    // Attempts at 0, 5 and 10 s; the loop finds the deadline passed at its 15 s retry (the clock stops at 12 s).
    expect(out.filter((l) => l === `evicting pod default/${p!.name}`)).toHaveLength(3);
    expect(out.slice(-6)).toEqual([
      `There are pending pods in node "${p!.node}" when an error occurred: ${timeout}`, `pod/${p!.name}`,
      `error: unable to drain node "${p!.node}" due to error: ${timeout}, continuing command...`, "There are pending nodes to be drained:", ` ${p!.node}`, `error: ${timeout}`,
    ]);
    expect(run("kubectl get pdb")[1]).toMatch(/^web +1 +N\/A +0 /);
  });
});
