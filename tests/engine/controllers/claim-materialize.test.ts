import { describe, expect, it } from "vitest";
import { withDefaultTolerations } from "../../../lib/engine/controllers/admission";
import { claimPods, type SelectorMatcher } from "../../../lib/engine/controllers/claim";
import { Materializer } from "../../../lib/engine/controllers/materialize";
import { SAFE_ALPHABET } from "../../../lib/engine/util/hash";
import { compileLabelSelector } from "../../../lib/k8s/selector";
import type { Pod } from "../../../lib/k8s/types";
import { deployment, pod } from "./builders";

const matches: SelectorMatcher = (sel, labels) => compileLabelSelector(sel).matches(labels);
const owner = (deleting = false) => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "rs", namespace: "default", uid: "rs-uid", ...(deleting ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}) },
  selector: { matchLabels: { app: "web" } },
});
const mine = { kind: "ReplicaSet", name: "rs", uid: "rs-uid" };
const theirs = { kind: "ReplicaSet", name: "other", uid: "other-uid" };

describe("claimPods", () => {
  const pods: Pod[] = [
    pod("owned", { labels: { app: "web" }, owner: mine }),
    pod("orphan", { labels: { app: "web" } }),
    pod("foreign", { labels: { app: "web" }, owner: theirs }),
    pod("mismatch", { labels: { app: "db" }, owner: mine }),
    pod("orphan-dying", { labels: { app: "web" }, deleting: true }),
    pod("other-ns", { labels: { app: "web" }, ns: "prod" }),
  ];
  it("owns matching pods, adopts orphans, releases mismatches, ignores others", () => {
    const r = claimPods(owner(), pods, matches);
    expect(r.claimed.map((p) => p.metadata.name)).toEqual(["owned", "orphan"]);
    expect(r.adopted.map((p) => p.metadata.name)).toEqual(["orphan"]);
    expect(r.adopted[0]!.metadata.ownerReferences).toEqual([
      { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "rs-uid", controller: true, blockOwnerDeletion: true },
    ]);
    expect(r.released.map((p) => p.metadata.name)).toEqual(["mismatch"]);
    expect(r.released[0]!.metadata.ownerReferences).toEqual([]);
    expect(pods[1]!.metadata.ownerReferences).toBeUndefined(); // inputs untouched
  });
  it("neither adopts nor releases while the owner is being deleted", () => {
    const r = claimPods(owner(true), pods, matches);
    expect(r.claimed.map((p) => p.metadata.name)).toEqual(["owned"]);
    expect(r.adopted).toEqual([]);
    expect(r.released).toEqual([]);
  });
});

describe("withDefaultTolerations", () => {
  it("adds not-ready and unreachable NoExecute 300s unless already tolerated", () => {
    expect(withDefaultTolerations({ containers: [] }).tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    const own = { key: "node.kubernetes.io/unreachable", operator: "Exists" as const, effect: "NoExecute" as const, tolerationSeconds: 30 };
    expect(withDefaultTolerations({ containers: [], tolerations: [own] }).tolerations).toHaveLength(2);
    // An empty key with an empty effect tolerates everything: nothing to add.
    expect(withDefaultTolerations({ containers: [], tolerations: [{ operator: "Exists" }] }).tolerations).toHaveLength(1);
    // A NoSchedule toleration does not cover a NoExecute taint.
    expect(withDefaultTolerations({ containers: [], tolerations: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }] }).tolerations).toHaveLength(3);
  });
});

describe("Materializer", () => {
  const NOW = Date.parse("2024-06-01T12:00:00Z");
  const opts = { seed: 7, nowMs: NOW, matches };

  it("creates the ReplicaSet and the missing pods the way the controllers name them", () => {
    const m = new Materializer([], opts);
    const out = m.syncDeployment(deployment("web", 3), []);
    const rs = out.current.replicaSet;
    const hash = rs.metadata.labels!["pod-template-hash"]!;
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(new RegExp(`^[${SAFE_ALPHABET}]{1,10}$`));
    expect(rs.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.metadata.ownerReferences![0]).toMatchObject({ kind: "Deployment", name: "web", controller: true });
    expect(out.current.origin).toBe("created");
    expect(out.current.created).toHaveLength(3);
    for (const p of out.current.created) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[${SAFE_ALPHABET}]{5}$`));
      expect(p.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
      expect(p.metadata.ownerReferences![0]).toMatchObject({ kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid, controller: true });
      expect(p.metadata.creationTimestamp).toBe("2024-06-01T12:00:00Z");
      expect(p.spec.tolerations).toHaveLength(2);
      expect(p.spec.nodeName).toBeUndefined();
    }
    expect(new Set(out.current.created.map((p) => p.metadata.name)).size).toBe(3);
  });

  it("is deterministic per seed and the hash depends on the template", () => {
    const names = (seed: number, d = deployment("web", 2)) =>
      new Materializer([], { ...opts, seed }).syncDeployment(d, []).current.created.map((p) => p.metadata.name);
    expect(names(7)).toEqual(names(7));
    expect(names(7)).not.toEqual(names(8));
    const other = deployment("web", 2);
    other.spec.template.spec.containers[0]!.image = "nginx:2";
    expect(names(7, other)[0]!.split("-")[1]).not.toBe(names(7)[0]!.split("-")[1]);
  });

  it("counts owned pods and adopts matching orphans instead of creating", () => {
    const first = new Materializer([], opts).syncDeployment(deployment("web", 3), []);
    const rs = first.current.replicaSet;
    const hash = rs.metadata.labels!["pod-template-hash"]!;
    const existing = [
      { ...first.current.created[0]!, spec: { ...first.current.created[0]!.spec, nodeName: "n1" } },
      pod("manual", { labels: { app: "web", "pod-template-hash": hash }, node: "n2", phase: "Running" }),
      pod("bare", { labels: { app: "web" }, node: "n2", phase: "Running" }), // lacks the hash: not adopted
    ];
    const m = new Materializer(existing, opts);
    const out = m.syncDeployment(deployment("web", 3), [rs]);
    expect(out.current.origin).toBe("snapshot");
    expect(out.current.adopted.map((p) => p.metadata.name)).toEqual(["manual"]);
    expect(out.current.created).toHaveLength(1);
    expect(out.current.pods).toHaveLength(3);
    expect(m.pods()).toHaveLength(4);
  });

  it("keeps the later of two pods with one name, in the later one's place among its owner's pods", () => {
    const first = new Materializer([], opts).syncDeployment(deployment("web", 3), []);
    const rs = first.current.replicaSet;
    const hash = rs.metadata.labels!["pod-template-hash"]!;
    const labels = { app: "web", "pod-template-hash": hash };
    // "a" comes twice: the second definition (on n2, listed after "b") replaces the first.
    const existing = [
      pod("a", { labels, node: "n1", phase: "Running" }),
      pod("b", { labels, node: "n1", phase: "Running" }),
      pod("a", { labels, node: "n2", phase: "Running" }),
      pod("c", { labels, node: "n2", phase: "Running" }),
    ];
    const m = new Materializer(existing, opts);
    const out = m.syncDeployment(deployment("web", 3), [rs]);
    expect(out.current.adopted.map((p) => `${p.metadata.name}@${p.spec.nodeName}`)).toEqual(["b@n1", "a@n2", "c@n2"]);
    expect(out.current.created).toHaveLength(0);
    expect(m.pods().map((p) => p.metadata.name)).toEqual(["a", "b", "c"]);
  });

  it("claims the ReplicaSets a Deployment owns by uid or by name and adopts orphans, in list order, ignoring others", () => {
    const base = new Materializer([], opts).syncDeployment(deployment("web", 2), []).current.replicaSet;
    const uid = new Materializer([], opts).syncDeployment(deployment("web", 2), []).deployment.metadata.uid!;
    const ref = (o: { kind: string; name: string; uid: string }) => [{ apiVersion: "apps/v1", ...o, controller: true }];
    const variant = (name: string, refs: ReturnType<typeof ref> | undefined, replicas = 0) => ({
      ...base,
      metadata: { ...base.metadata, name, ...(refs ? { ownerReferences: refs } : { ownerReferences: undefined }) },
      spec: { ...base.spec, replicas, template: { ...base.spec.template!, metadata: { ...base.spec.template!.metadata, annotations: { v: name } } } },
    });
    const list = [
      variant("foreign", ref({ kind: "Deployment", name: "api", uid: "api-uid" })),
      variant("old-by-uid", ref({ kind: "Deployment", name: "renamed", uid })),
      variant("orphan", undefined),
      { ...base }, // the current one, owned by name and uid
      variant("other-ns", undefined),
    ];
    list[4] = { ...list[4]!, metadata: { ...list[4]!.metadata, namespace: "prod" } };
    const m = new Materializer([], opts);
    const out = m.syncDeployment(deployment("web", 2), list);
    expect(out.current.replicaSet.metadata.name).toBe(base.metadata.name);
    expect(out.old.map((o) => o.replicaSet.metadata.name)).toEqual(["old-by-uid", "orphan"]);
    // The adopted orphan now names the Deployment as its controller.
    expect(out.old[1]!.replicaSet.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "web", uid });
  });

  it("rebuilds the ReplicaSet from pod ownerReferences when the snapshot has none", () => {
    const owned = (name: string, created: string) =>
      pod(name, { labels: { app: "web", "pod-template-hash": "abc" }, node: "n1", phase: "Running", created, owner: { kind: "ReplicaSet", name: "web-abc", uid: "u1" } });
    const m = new Materializer([owned("web-abc-1", "2024-05-01T00:00:00Z"), owned("web-abc-2", "2024-05-01T00:00:00Z")], opts);
    const out = m.syncDeployment(deployment("web", 3), []);
    expect(out.current.origin).toBe("reconstructed");
    expect(out.current.replicaSet.metadata).toMatchObject({ name: "web-abc", uid: "u1" });
    expect(out.current.created.map((p) => (p.metadata.name ?? "").startsWith("web-abc-"))).toEqual([true]);
  });

  it("scales down surplus pods in ActivePodsWithRanks order", () => {
    const base = new Materializer([], opts).syncDeployment(deployment("web", 3), []);
    const rs = base.current.replicaSet;
    const placed = base.current.created.map((p, i) => ({
      ...p,
      spec: { ...p.spec, nodeName: i < 2 ? "n1" : "n2" },
      status: { phase: "Running" as const, conditions: [{ type: "Ready", status: "True" as const, lastTransitionTime: "2024-05-01T00:00:00Z" }] },
    }));
    const m = new Materializer(placed, opts);
    const out = m.syncDeployment(deployment("web", 2), [rs]);
    expect(out.current.deleted).toHaveLength(1);
    expect(out.current.deleted[0]!.spec.nodeName).toBe("n1"); // the doubled-up node loses a pod
    expect(m.pods()).toHaveLength(2);
  });
});
