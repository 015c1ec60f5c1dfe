/**
 * placeSnapshot's orchestration (materialise -> queue -> schedule -> report), with a stand-in scheduler so
 * these tests do not depend on the real one: first node (by name) with enough free CPU, counted in millicores.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { placeSnapshot, type SchedulerFactory } from "../../../lib/engine/place";
import { parseSnapshot } from "../../../lib/k8s/snapshot";
import type { Pod } from "../../../lib/k8s/types";

const milli = (q: string | number | undefined) => (q === undefined ? 0 : typeof q === "number" ? q * 1000 : q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);
const podCpu = (p: Pod) => p.spec.containers.reduce((s, c) => s + milli(c.resources?.requests?.cpu), 0);

const firstFit: SchedulerFactory = ({ snapshot, boundPods }) => {
  const free = new Map(snapshot.nodes.map((n) => [n.metadata.name!, milli(n.status?.allocatable?.cpu)]));
  for (const p of boundPods) free.set(p.spec.nodeName!, (free.get(p.spec.nodeName!) ?? 0) - podCpu(p));
  const names = [...free.keys()].sort();
  return {
    schedule(p) {
      const node = names.find((n) => free.get(n)! >= podCpu(p));
      return node ? { nodeName: node, message: "" } : { nodeName: null, message: `0/${names.length} nodes are available: ${names.length} Insufficient cpu.` };
    },
    bind(p, n) {
      free.set(n, free.get(n)! - podCpu(p));
    },
  };
};

function snapshotOf(file: string) {
  const r = parseSnapshot(readFileSync(join(__dirname, "../../fixtures/snapshots", file), "utf8"));
  if (!r.ok) throw r.error;
  return r.snapshot;
}

describe("placeSnapshot", () => {
  it("creates missing pods per Deployment and reports spread, pending and loss impact", () => {
    const r = placeSnapshot(snapshotOf("six-nodes-cpu-pending.yaml"), { seed: 1, createScheduler: firstFit });
    const api = r.deployments.find((d) => d.name === "api")!;
    expect(api).toMatchObject({ namespace: "shop", replicas: 14, scheduled: 12, pending: 2 });
    expect(api.byZone).toEqual({ "us-east-1a": 4, "us-east-1b": 4, "us-east-1c": 4 });
    expect(api.byRegion).toEqual({ "us-east-1": 12 });
    expect(api.ifLost).toEqual({
      node: { replicasLeft: 10, worst: expect.any(String) },
      zone: { replicasLeft: 8, worst: "us-east-1a" },
      region: { replicasLeft: 0, worst: "us-east-1" },
    });
    const pending = r.pods.filter((p) => p.pending !== false);
    expect(pending.map((p) => p.owner)).toEqual(["Deployment/api", "Deployment/api"]);
    expect(pending[0]!.pending).toMatch(/Insufficient cpu/);
    expect(r.pods.every((p) => p.created)).toBe(true);
    // web is materialised after api (name order) and fits into what is left.
    expect(r.deployments.find((d) => d.name === "web")).toMatchObject({ replicas: 3, scheduled: 3, pending: 0 });
  });

  it("is deterministic for a seed and names pods differently for another", () => {
    const s = snapshotOf("six-nodes-cpu-pending.yaml");
    const a = placeSnapshot(s, { seed: 1, createScheduler: firstFit });
    expect(JSON.stringify(placeSnapshot(s, { seed: 1, createScheduler: firstFit }))).toBe(JSON.stringify(a));
    expect(placeSnapshot(s, { seed: 2, createScheduler: firstFit }).pods.map((p) => p.name)).not.toEqual(a.pods.map((p) => p.name));
  });

  it("keeps running pods, counts them toward their Deployment and passes them to the scheduler as bound", () => {
    let boundSeen: string[] = [];
    const spy: SchedulerFactory = (input) => {
      boundSeen = input.boundPods.map((p) => p.metadata.name!);
      return firstFit(input);
    };
    const r = placeSnapshot(snapshotOf("with-running-pods.json"), { seed: 1, createScheduler: spy });
    expect(boundSeen.sort()).toEqual(["cache-6b7f9c8d4-x2k9p", "debug"]);
    const cache = r.deployments[0]!;
    expect(cache).toMatchObject({ name: "cache", replicaSet: "cache-6b7f9c8d4", replicas: 3, scheduled: 3, pending: 0 });
    const created = r.pods.filter((p) => p.created);
    expect(created).toHaveLength(2);
    expect(created.every((p) => p.name.startsWith("cache-6b7f9c8d4-"))).toBe(true);
    expect(r.pods.find((p) => p.name === "debug")).toMatchObject({ owner: null, node: "n2", pending: false, created: false });
  });

  it("reports the skew of each topology spread constraint over eligible domains", () => {
    const r = placeSnapshot(snapshotOf("zone-spread-do-not-schedule.yaml"), { seed: 1, createScheduler: firstFit });
    const [spread] = r.deployments[0]!.spread;
    // The stand-in scheduler ignores spreading and packs zone a; zone c still counts as a domain (Ignore).
    expect(spread).toMatchObject({ topologyKey: "topology.kubernetes.io/zone", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" });
    expect(Object.keys(spread!.domains)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(spread!.domains["us-east-1c"]).toBe(0);
    expect(spread!.skew).toBe(Math.max(...Object.values(spread!.domains)));
  });
});
