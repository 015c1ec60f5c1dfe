import { describe, expect, it } from "vitest";
import { compileLabelSelector, compileNodeSelector, SelectorError } from "@/lib/k8s/selector";

describe("label selectors", () => {
  const l = { app: "web", tier: "fe", n: "5" };
  it("null selects nothing, {} selects everything", () => {
    expect(compileLabelSelector(null).matches(l)).toBe(false);
    expect(compileLabelSelector(undefined).matches({})).toBe(false);
    expect(compileLabelSelector({}).matches(l)).toBe(true);
    expect(compileLabelSelector({}).matches(undefined)).toBe(true);
  });
  it.each([
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "db" } }, false],
    [{ matchExpressions: [{ key: "app", operator: "In" as const, values: ["db", "web"] }] }, true],
    [{ matchExpressions: [{ key: "app", operator: "NotIn" as const, values: ["web"] }] }, false],
    [{ matchExpressions: [{ key: "missing", operator: "NotIn" as const, values: ["x"] }] }, true],
    [{ matchExpressions: [{ key: "tier", operator: "Exists" as const }] }, true],
    [{ matchExpressions: [{ key: "tier", operator: "DoesNotExist" as const }] }, false],
    [{ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In" as const, values: ["be"] }] }, false],
  ])("%j matches=%s", (sel, want) => {
    expect(compileLabelSelector(sel).matches(l)).toBe(want);
  });
  it("equal selectors share a canonical key regardless of order", () => {
    const a = compileLabelSelector({ matchLabels: { a: "1", b: "2" } });
    const b = compileLabelSelector({ matchExpressions: [{ key: "b", operator: "In", values: ["2"] }, { key: "a", operator: "In", values: ["1"] }] });
    expect(a.key).toBe(b.key);
  });
  it("invalid requirements name the field", () => {
    expect(() => compileLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] }, "spec.sel")).toThrow(/spec\.sel\.matchExpressions\[0\]\.values/);
    expect(() => compileLabelSelector({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] })).toThrow(SelectorError);
  });
});

describe("node selectors", () => {
  const labels = { zone: "a", cores: "8" };
  it("terms are ORed, requirements ANDed, Gt/Lt compare integers", () => {
    const ns = compileNodeSelector({
      nodeSelectorTerms: [
        { matchExpressions: [{ key: "zone", operator: "In", values: ["b"] }] },
        { matchExpressions: [{ key: "cores", operator: "Gt", values: ["4"] }, { key: "cores", operator: "Lt", values: ["16"] }] },
      ],
    });
    expect(ns.matches(labels, "n1")).toBe(true);
    expect(ns.matches({ zone: "a", cores: "32" }, "n1")).toBe(false);
    expect(ns.matches({ zone: "a", cores: "x" }, "n1")).toBe(false);
  });
  it("matchFields on metadata.name; empty and invalid terms match nothing", () => {
    const ns = compileNodeSelector({ nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }] });
    expect(ns.matches(labels, "n1")).toBe(true);
    expect(ns.matches(labels, "n2")).toBe(false);
    expect(compileNodeSelector({ nodeSelectorTerms: [{}] }).matches(labels, "n1")).toBe(false);
    expect(compileNodeSelector({ nodeSelectorTerms: [] }).matches(labels, "n1")).toBe(false);
    const bad = compileNodeSelector({ nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1", "n2"] }] }] });
    expect(bad.matches(labels, "n1")).toBe(false);
    expect(bad.errors[0]).toMatch(/matchFields\[0\]\.values/);
  });
});
