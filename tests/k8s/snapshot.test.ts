import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSnapshot, formatSnapshotIssue, parseSnapshot, SnapshotError } from "../../lib/k8s/snapshot";

const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/snapshots", name), "utf8");

function ok(text: string) {
  const r = parseSnapshot(text);
  if (!r.ok) throw new Error(`expected a valid snapshot, got:\n${r.error.message}`);
  return r.snapshot;
}
function issues(text: string) {
  const r = parseSnapshot(text);
  if (r.ok) throw new Error("expected the snapshot to be rejected");
  expect(r.error).toBeInstanceOf(SnapshotError);
  return r.error.issues;
}

describe("parseSnapshot", () => {
  it("reads a kubectl List", () => {
    const s = ok(fixture("six-nodes-cpu-pending.yaml"));
    expect(s.nodes).toHaveLength(6);
    expect(s.deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(["shop/api", "shop/web"]);
    expect(s.nodes[0]!.status!.allocatable).toEqual({ cpu: "3920m", memory: "15084548Ki", pods: "110" });
    expect(s.namespaces.map((n) => n.metadata.name)).toEqual(["default", "shop"]);
    expect(s.namespaces[1]!.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "shop" });
    expect(s.warnings).toEqual([]);
  });

  it("reads multi-document manifests, defaults namespaces and skips unknown kinds with a warning", () => {
    const s = ok(fixture("zone-spread-do-not-schedule.yaml"));
    expect(s.nodes).toHaveLength(6);
    expect(s.deployments[0]!.metadata.namespace).toBe("default");
    expect(s.services).toHaveLength(1);
    expect(s.podDisruptionBudgets[0]!.spec.minAvailable).toBe(2);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatchObject({ docIndex: 9, kind: "ConfigMap", name: "checkout-config" });
    expect(formatSnapshotIssue(s.warnings[0]!)).toContain("document 10");
  });

  it("reads JSON lists with pods", () => {
    const s = ok(fixture("with-running-pods.json"));
    expect(s.pods.map((p) => p.metadata.name)).toEqual(["cache-6b7f9c8d4-x2k9p", "debug"]);
    expect(s.pods[0]!.spec.nodeName).toBe("n1");
  });

  it("names document, object, field, line and column of an invalid object", () => {
    const [i, ...rest] = issues(fixture("invalid-object.yaml"));
    expect(rest).toEqual([]);
    expect(i).toMatchObject({ docIndex: 1, kind: "Deployment", name: "default/broken", path: "spec.replicas", line: 14, column: 13 });
    const msg = formatSnapshotIssue(i!);
    expect(msg).toContain("document 2 (Deployment default/broken), spec.replicas, line 14 column 13");
  });

  it("rejects rolling-update bounds the API server rejects, naming the field", () => {
    const deploy = (ru: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  strategy:
    type: RollingUpdate
    rollingUpdate: ${ru}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
`;
    const one = (ru: string) => {
      const r = parseSnapshot(deploy(ru));
      return r.ok ? [] : r.error.issues;
    };
    expect(one("{maxSurge: abc}")).toMatchObject([{ path: "spec.strategy.rollingUpdate.maxSurge", line: 8 }]);
    expect(one("{maxSurge: abc}")[0]!.message).toContain("a valid percent string must be a numeric string followed by an ending '%'");
    expect(one("{maxUnavailable: 150%}")).toMatchObject([{ path: "spec.strategy.rollingUpdate.maxUnavailable", message: expect.stringContaining("must not be greater than 100%") }]);
    expect(one("{maxSurge: 0, maxUnavailable: 0%}")).toMatchObject([{ path: "spec.strategy.rollingUpdate.maxUnavailable", message: expect.stringContaining("may not be 0 when `maxSurge` is 0") }]);
    expect(one("{maxSurge: -1}")).toMatchObject([{ path: "spec.strategy.rollingUpdate.maxSurge" }]);
    expect(one("{maxSurge: 30%, maxUnavailable: 0}")).toEqual([]);
  });

  it("gives line and column for YAML syntax errors", () => {
    const [i] = issues(fixture("yaml-syntax-error.yaml"));
    expect(i!.message).toMatch(/^YAML syntax error/);
    expect(i!.line).toBeGreaterThanOrEqual(5);
    expect(i!.column).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ["label values must be strings", "kind: Pod\napiVersion: v1\nmetadata:\n  name: p\n  labels: {v: 1.0}\nspec:\n  containers: []\n", "metadata.labels.v", 5],
    ["quantities are checked", "kind: Node\napiVersion: v1\nmetadata: {name: n}\nstatus:\n  allocatable:\n    cpu: 2 cores\n", "status.allocatable.cpu", 6],
    ["enums are checked", "kind: Node\napiVersion: v1\nmetadata: {name: n}\nspec:\n  taints:\n  - {key: k, effect: NoRun}\n", "spec.taints[0].effect", 6],
    ["a missing required field points at its parent", "kind: Deployment\napiVersion: apps/v1\nmetadata: {name: d}\nspec:\n  replicas: 1\n  template: {spec: {containers: []}}\n", "spec.selector", 5],
    ["names are required", "kind: Pod\napiVersion: v1\nmetadata: {}\nspec: {containers: []}\n", "metadata.name", 3],
    ["wrong apiVersion", "kind: Deployment\napiVersion: extensions/v1beta1\nmetadata: {name: d}\nspec: {}\n", "apiVersion", 2],
  ])("%s", (_n, text, path, line) => {
    const found = issues(text);
    expect(found[0]).toMatchObject({ docIndex: 0, path });
    expect(found[0]!.line).toBe(line);
  });

  it("reports a missing kind and tolerates empty documents", () => {
    expect(issues("metadata: {name: x}\n")[0]).toMatchObject({ path: "kind" });
    expect(ok("---\n---\n").nodes).toEqual([]);
    expect(ok("").pods).toEqual([]);
  });

  it("infers the kind of typed list items and keeps the last duplicate with a warning", () => {
    const s = ok(
      "kind: NodeList\napiVersion: v1\nitems:\n- metadata: {name: a, labels: {x: '1'}}\n- metadata: {name: a, labels: {x: '2'}}\n",
    );
    expect(s.nodes.map((n) => n.metadata.labels)).toEqual([{ x: "2" }]);
    expect(s.warnings[0]!.message).toContain("duplicate Node a");
  });
});

describe("buildSnapshot", () => {
  it("validates already-parsed objects", () => {
    const r = buildSnapshot([{ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [] } }]);
    expect(r.ok && r.snapshot.pods[0]!.metadata.namespace).toBe("default");
    const bad = buildSnapshot([{ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: {} }]);
    expect(!bad.ok && bad.error.issues[0]!.path).toBe("spec.containers");
  });
});
