/**
 * `topoplan place --trace [POD]` as users run it (`node bin/topoplan.mjs` in a child process): the scheduler's
 * trace of one pod, or of every pod left pending, in text and in --json, the way the Placement tab's trace
 * panel shows it (nodes evaluated / feasible, Filter rejections by plugin and reason, top scores).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const FIX = join(ROOT, "tests/fixtures/snapshots");
const SPREAD = join(FIX, "zone-spread-do-not-schedule.yaml");
const CPU = join(FIX, "six-nodes-cpu-pending.yaml");

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/topoplan.mjs"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Pod { namespace: string; name: string; node: string | null; pending: false | string; created: boolean }
interface Trace {
  pod: string;
  nodeName: string | null;
  message: string;
  attempts: number;
  numAllNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  rejected: { plugin: string; reason: string; count: number; examples: string[] }[];
  weights: Record<string, number>;
  topNodes: { node: string; total: number; byPlugin: Record<string, number> }[];
}

const placeJson = (...args: string[]) => {
  const r = run("place", ...args, "--json");
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { pods: Pod[]; traces?: Trace[] };
};

describe("topoplan place --trace", () => {
  it("--trace POD --json: a pending pod's last cycle, its rejections adding up to kube-scheduler's message", () => {
    const pending = placeJson(SPREAD).pods.find((p) => p.pending !== false)!;
    const j = placeJson(SPREAD, "--trace", pending.name);
    expect(j.traces).toHaveLength(1);
    const t = j.traces![0]!;
    expect(t).toMatchObject({ pod: `default/${pending.name}`, nodeName: null, message: pending.pending, numAllNodes: 6, evaluatedNodes: 6, feasibleNodes: 0 });
    expect(t.attempts).toBeGreaterThanOrEqual(1);
    const spread = t.rejected.find((g) => g.plugin === "PodTopologySpread")!;
    expect(spread).toMatchObject({ reason: "node(s) didn't match pod topology spread constraints", count: 4 });
    expect(spread.examples).toHaveLength(3);
    // Every (plugin, reason) group is one term of the FailedScheduling message: "N <reason>".
    for (const g of t.rejected) expect(t.message).toContain(`${g.count} ${g.reason}`);
    expect(t.rejected.reduce((n, g) => n + g.count, 0)).toBe(6);
    expect(t.topNodes).toEqual([]);
    // Tracing does not change the placement.
    expect(j.pods).toEqual(placeJson(SPREAD).pods);
  });

  it("--trace namespace/name (text): a scheduled pod's rejections and its top scored nodes with weights", () => {
    const placed = placeJson(CPU, "--seed", "3").pods.find((p) => p.created && p.node !== null && p.name.startsWith("web-"))!;
    const r = run("place", CPU, "--seed", "3", "--trace", `shop/${placed.name}`);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split("\n");
    const head = lines.findIndex((l) => l.startsWith("Scheduling trace of "));
    expect(head).toBeGreaterThan(0); // after the pod and Deployment tables
    expect(lines[head]).toBe(`Scheduling trace of shop/${placed.name}: Scheduled on ${placed.node}`);
    expect(lines[head + 1]).toMatch(/^ {2}Nodes 6, evaluated 6, feasible [1-6]$/);
    expect(r.out).toMatch(/\n {2}Filter: \d+ nodes? rejected\n/);
    expect(r.out).toMatch(/\n {2}Score: top \d+ nodes?, normalized 0-100 per plugin/);
    const scoreHeader = lines.find((l) => /^ {4} {2}NODE\s+TOTAL/.test(l))!;
    expect(scoreHeader).toContain("TaintToleration x3");
    expect(scoreHeader).toContain("NodeResourcesFit x1");
    // The chosen node is starred.
    expect(lines.some((l) => l.startsWith(`    * ${placed.node} `))).toBe(true);

    const j = placeJson(CPU, "--seed", "3", "--trace", placed.name);
    const t = j.traces![0]!;
    expect(t).toMatchObject({ pod: `shop/${placed.name}`, nodeName: placed.node, message: `Successfully assigned shop/${placed.name} to ${placed.node}` });
    expect(t.topNodes.map((n) => n.node)).toContain(placed.node);
    expect(t.weights).toMatchObject({ TaintToleration: 3, NodeResourcesFit: 1 });
    for (const n of t.topNodes) {
      for (const v of Object.values(n.byPlugin)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
    }
  });

  it("bare --trace: each outcome on stderr, and the trace of every pod left pending", () => {
    const plain = placeJson(CPU, "--seed", "3");
    const pending = plain.pods.filter((p) => p.pending !== false);
    expect(pending.length).toBe(2);
    const r = run("place", "--trace", CPU, "--seed", "3", "--json"); // `--trace` before the file is the flag
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^shop\/api-\S+ -> ip-10-0-/m);
    expect(r.err).toMatch(/^shop\/api-\S+ -> pending: 0\/6 nodes are available: 6 Insufficient cpu\.$/m);
    const j = JSON.parse(r.out) as { pods: Pod[]; traces: Trace[] };
    expect(j.pods).toEqual(plain.pods);
    expect(j.traces.map((t) => t.pod)).toEqual(pending.map((p) => `${p.namespace}/${p.name}`));
    for (const t of j.traces) {
      expect(t).toMatchObject({ nodeName: null, message: "0/6 nodes are available: 6 Insufficient cpu.", feasibleNodes: 0 });
      expect(t.rejected).toEqual([expect.objectContaining({ plugin: "NodeResourcesFit", reason: "Insufficient cpu", count: 6 })]);
    }
    const text = run("place", CPU, "--seed", "3", "--trace");
    expect(text.out.match(/^Scheduling trace of shop\/api-\S+: Unschedulable/gm)).toHaveLength(2);
    expect(text.out).toMatch(/^ {4}NodeResourcesFit +Insufficient cpu +6 +ip-10-0-/m);
  });

  it("fails (exit 1) for a pod that does not exist or had no scheduling cycle, and rejects --trace=", () => {
    const missing = run("place", SPREAD, "--trace", "no-such-pod");
    expect(missing.code).toBe(1);
    expect(missing.out).toBe("");
    expect(missing.err).toContain("--trace: no pod no-such-pod");
    const bound = run("place", join(FIX, "with-running-pods.json"), "--trace", "default/debug");
    expect(bound.code).toBe(1);
    expect(bound.err).toContain("pod default/debug had no scheduling cycle to trace (it is bound to n2 in the snapshot)");
    expect(run("place", SPREAD, "--trace=").code).toBe(2);
  });
});
