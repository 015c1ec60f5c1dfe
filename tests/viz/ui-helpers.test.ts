import { describe, expect, it } from "vitest";
import { EditorState } from "@codemirror/state";
import { issueRange } from "@/components/topology-editor/issue-range";
import { validateText } from "@/components/topology-editor/validate-text";
import { normalizeDiff } from "@/components/history/diff-model";
import { blankTopology, slugify } from "@/components/topology-list/blank-template";
import { validateTopology } from "@/lib/schemas/validate";

describe("editor issue ranges", () => {
  const state = EditorState.create({ doc: "a: 1\n  nodesPerZone: 2x\n" });
  it("underlines from the issue's column to the end of the line's text", () => {
    const r = issueRange(state, { path: "x", message: "m", line: 2, column: 3 });
    expect(state.sliceDoc(r.from, r.to)).toBe("nodesPerZone: 2x");
  });
  it("underlines the line's text when there is no column, and clamps out-of-range lines", () => {
    const r = issueRange(state, { path: "x", message: "m", line: 2 });
    expect(state.sliceDoc(r.from, r.to)).toBe("nodesPerZone: 2x");
    const last = issueRange(state, { path: "x", message: "m", line: 99 });
    expect(last.from).toBe(state.doc.length);
  });
});

describe("client-side validation of the editor text", () => {
  it("reports a YAML syntax error with its line", () => {
    const v = validateText("a: [1, 2\nb: 3\n");
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.syntax).toBe(true);
      expect(v.issues[0]!.line).toBeGreaterThanOrEqual(1);
    }
  });
  it("reports a schema error at the line of its key", () => {
    const text = ["apiVersion: topoplan.dev/v1alpha1", "kind: Topology", "metadata:", "  name: t", "regions: []"].join("\n");
    const v = validateText(text);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues.find((i) => i.path === "regions")?.line).toBe(5);
  });
});

describe("diff rows", () => {
  it("flattens the backend's added/removed/changed lists, sorted by path", () => {
    const rows = normalizeDiff({
      added: [{ path: "nodePools[name=b]", value: { name: "b" } }],
      removed: [{ path: "clusters[name=x]", value: { name: "x" } }],
      changed: [{ path: "nodePools[name=a].nodesPerZone", before: 2, after: 3 }],
    });
    expect(rows.map((r) => [r.kind, r.path])).toEqual([
      ["removed", "clusters[name=x]"],
      ["changed", "nodePools[name=a].nodesPerZone"],
      ["added", "nodePools[name=b]"],
    ]);
    expect(rows[1]).toMatchObject({ before: 2, after: 3 });
  });
  it("returns no rows for an unexpected body instead of throwing", () => {
    expect(normalizeDiff(null)).toEqual([]);
    expect(normalizeDiff({ nope: 1 })).toEqual([]);
  });
});

describe("blank template", () => {
  it("is a valid topology whatever name the user types", () => {
    for (const name of ["Payments Prod", "x", "---", "ÜBER cluster 2"]) {
      const v = validateTopology(blankTopology(name));
      expect(v.ok, name).toBe(true);
    }
    expect(slugify("Payments Prod")).toBe("payments-prod");
  });
});
