import { describe, expect, it } from "vitest";
import { diffDocuments } from "@/lib/services/diff";

describe("diffDocuments", () => {
  it("identical documents have no changes", () => {
    const doc = { a: 1, b: [1, 2], c: { d: "x" } };
    expect(diffDocuments(doc, structuredClone(doc))).toEqual({ added: [], removed: [], changed: [] });
  });
  it("scalar change, added and removed keys", () => {
    expect(diffDocuments({ a: 1, b: 2, c: { d: 1 } }, { a: 1, b: 3, c: {}, e: true })).toEqual({
      added: [{ path: "e", value: true }],
      removed: [{ path: "c.d", value: 1 }],
      changed: [{ path: "b", before: 2, after: 3 }],
    });
  });
  it("matches arrays of named items by name, not index", () => {
    const before = { clusters: [{ name: "a", zones: ["z1"] }, { name: "b", zones: ["z2"] }] };
    const after = { clusters: [{ name: "new", zones: [] }, { name: "a", zones: ["z1", "z3"] }, { name: "b", zones: ["z2"] }] };
    expect(diffDocuments(before, after)).toEqual({
      added: [{ path: "clusters[name=a].zones[1]", value: "z3" }, { path: "clusters[name=new]", value: { name: "new", zones: [] } }],
      removed: [],
      changed: [],
    });
  });
  it("prefers id over name", () => {
    const d = diffDocuments({ regions: [{ id: "r1", displayName: "One" }] }, { regions: [{ id: "r1", displayName: "Uno" }] });
    expect(d.changed).toEqual([{ path: "regions[id=r1].displayName", before: "One", after: "Uno" }]);
  });
  it("falls back to indices when items have no unique key", () => {
    const d = diffDocuments({ xs: [1, 2, 3] }, { xs: [1, 5] });
    expect(d).toEqual({ added: [], removed: [{ path: "xs[2]", value: 3 }], changed: [{ path: "xs[1]", before: 2, after: 5 }] });
  });
  it("quotes keys that are not identifiers, and reports type changes as changes", () => {
    const d = diffDocuments({ labels: { "topology.kubernetes.io/zone": "a" }, n: [1] }, { labels: { "topology.kubernetes.io/zone": "b" }, n: { x: 1 } });
    expect(d.changed).toEqual([
      { path: 'labels["topology.kubernetes.io/zone"]', before: "a", after: "b" },
      { path: "n", before: [1], after: { x: 1 } },
    ]);
  });
});
