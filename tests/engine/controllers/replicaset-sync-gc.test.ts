import { describe, expect, it } from "vitest";
import type { SelectorMatcher } from "../../../lib/engine/controllers/claim";
import { collectGarbage } from "../../../lib/engine/controllers/garbage-collector";
import { syncReplicaSet } from "../../../lib/engine/controllers/replicaset-sync";
import { compileLabelSelector } from "../../../lib/k8s/selector";
import type { Pod, ReplicaSet } from "../../../lib/k8s/types";
import { pod } from "./builders";

const matches: SelectorMatcher = (sel, labels) => compileLabelSelector(sel).matches(labels);
const NOW = Date.parse("2024-06-01T12:00:00Z");
const rs = (replicas: number, extra: Partial<ReplicaSet["metadata"]> = {}): ReplicaSet => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web", namespace: "default", uid: "rs-1", ...extra },
  spec: { replicas, minReadySeconds: 10, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web", tier: "fe" } }, spec: { containers: [] } } },
});
const owned = (name: string, o: Parameters<typeof pod>[1] = {}) =>
  pod(name, { labels: { app: "web", tier: "fe" }, owner: { kind: "ReplicaSet", name: "web", uid: "rs-1" }, node: "n1", phase: "Running", ...o });

function counter() {
  let n = 0;
  return (r: ReplicaSet): Pod => pod(`${r.metadata.name}-${++n}`, { labels: { app: "web", tier: "fe" }, owner: { kind: "ReplicaSet", name: "web", uid: "rs-1" } });
}

describe("syncReplicaSet", () => {
  it("creates what is missing, capped at burstReplicas per sync", () => {
    const r = syncReplicaSet({ rs: rs(700), pods: [], nowMs: NOW, matches, createPod: counter() });
    expect(r.created).toHaveLength(500);
    const r2 = syncReplicaSet({ rs: rs(5), pods: [], nowMs: NOW, matches, createPod: counter(), burstReplicas: 2 });
    expect(r2.created).toHaveLength(2);
  });

  it("stops creating at the first failing slow-start batch", () => {
    let calls = 0;
    const r = syncReplicaSet({ rs: rs(10), pods: [], nowMs: NOW, matches, createPod: (x) => (++calls > 4 ? "quota exceeded" : counter()(x)) });
    // batches 1, 2, 4: the third batch has 1 success and 3 failures, and the rest is skipped
    expect(r.created).toHaveLength(4);
    expect(calls).toBe(7);
    expect(r.error).toBe("quota exceeded");
  });

  it("ignores terminating pods (a replacement is created at once) and adopts orphans", () => {
    const pods = [owned("a"), owned("b", { deleting: true }), pod("orphan", { labels: { app: "web" }, node: "n2", phase: "Running" })];
    const r = syncReplicaSet({ rs: rs(3), pods, nowMs: NOW, matches, createPod: counter() });
    expect(r.adopted.map((p) => p.metadata.name)).toEqual(["orphan"]);
    expect(r.created).toHaveLength(1);
    expect(r.status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 });
  });

  it("deletes surplus pods in scale-down order and computes ready/available", () => {
    const readySince = (s: string) => ({ ready: true, readySince: s });
    const pods = [owned("old", readySince("2024-06-01T10:00:00Z")), owned("fresh", readySince("2024-06-01T11:59:55Z")), owned("unready", { ready: false })];
    const r = syncReplicaSet({ rs: rs(1), pods, nowMs: NOW, matches, createPod: counter() });
    expect(r.deleted.map((p) => p.metadata.name)).toEqual(["unready", "fresh"]);
    expect(r.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1 });
  });

  it("does nothing but report while the ReplicaSet is being deleted", () => {
    const r = syncReplicaSet({ rs: rs(3, { deletionTimestamp: "2024-06-01T11:00:00Z" }), pods: [owned("a")], nowMs: NOW, matches, createPod: counter() });
    expect([r.created, r.deleted, r.adopted]).toEqual([[], [], []]);
    expect(r.status.replicas).toBe(1);
  });
});

describe("collectGarbage", () => {
  const obj = (kind: string, name: string, uid: string, owners: { kind: string; name: string; uid: string }[] = []) => ({
    kind,
    metadata: { name, namespace: "default", uid, ownerReferences: owners.map((o) => ({ apiVersion: "v1", ...o, controller: true })) },
  });
  it("cascades from a deleted Deployment through its ReplicaSet to the pods", () => {
    const objects = [
      obj("ReplicaSet", "web-1", "rs1", [{ kind: "Deployment", name: "web", uid: "d1" }]),
      obj("Pod", "web-1-a", "p1", [{ kind: "ReplicaSet", name: "web-1", uid: "rs1" }]),
      obj("Pod", "bare", "p2"),
      obj("ReplicaSet", "api-1", "rs2", [{ kind: "Deployment", name: "api", uid: "d2" }]),
      obj("Deployment", "api", "d2"),
    ];
    const r = collectGarbage(objects);
    expect(r.deleted.map((o) => o.metadata.name)).toEqual(["web-1", "web-1-a"]);
    expect(r.patched).toEqual([]);
  });
  it("keeps an object with a live owner and drops only the dangling reference", () => {
    const o = obj("Pod", "p", "p1", [{ kind: "ReplicaSet", name: "gone", uid: "x" }, { kind: "ReplicaSet", name: "here", uid: "h" }]);
    const r = collectGarbage([o, obj("ReplicaSet", "here", "h")]);
    expect(r.deleted).toEqual([]);
    expect(r.patched[0]!.metadata.ownerReferences!.map((ref) => ref.name)).toEqual(["here"]);
  });
});
