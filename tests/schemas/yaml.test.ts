import { describe, expect, it } from "vitest";
import { validateTopology } from "@/lib/schemas/validate";
import { formatPath } from "@/lib/schemas/issues";
import { parseJson, parseSource, parseYaml, stringifyYaml } from "@/lib/yaml/parse";
import { findJsonError } from "@/lib/yaml/json-error";
import { baseDoc, sampleDocs } from "./fixtures";

describe("YAML syntax errors carry line and column", () => {
  it.each([
    ["tab indentation", "name: broken\nspec:\n\tregions: []\n", 3, 1],
    ["unclosed flow map", "a: 1\nb: { c: 2\n", 3, 1],
    ["duplicate key", "a: 1\nb: 2\na: 3\n", 3, 1],
    ["bad indentation", "a:\n  b: 1\n c: 2\n", 3, 1],
  ])("%s", (_name, text, line, column) => {
    const r = parseYaml(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ line, column, path: "" });
  });

  it("refuses alias bombs", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    const r = parseYaml(lines.join("\n"));
    expect(r.ok).toBe(false);
  });
});

describe("JSON syntax errors carry line and column", () => {
  it.each([
    ['{"a": }', 1, 7],
    ['{\n  "a": 1,\n}', 3, 1],
    ['{\n  "a" 1\n}', 2, 7],
    ['[1, 2', 1, 6],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": 1} x', 1, 10],
  ])("%j", (text, line, column) => {
    const r = parseJson(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ line, column });
  });
  it("findJsonError accepts valid JSON", () => {
    expect(findJsonError('{"a": [1, -2.5e3, true, null, "\\u00e9"]}')).toBeNull();
  });
});

describe("a zod issue path maps to the user's line and column", () => {
  const text = [
    "apiVersion: topoplan.dev/v1alpha1", // 1
    "kind: Topology", // 2
    "metadata: { name: demo }", // 3
    "regions:", // 4
    "  - id: us-east-1", // 5
    "    displayName: N. Virginia", // 6
    "    provider: aws", // 7
    "    location: { latitude: 99, longitude: -77.4 }", // 8
    "    zones: [us-east-1a]", // 9
    "clusters:", // 10
    "  - name: prod", // 11
    "    zones: [us-east-1a, us-east-1q]", // 12
    "    controlPlane:", // 13
    "      etcd: { us-east-1a: 1 }", // 14
  ].join("\n");

  it("structural issue (latitude) -> line 8", () => {
    const p = parseYaml(text);
    if (!p.ok) throw new Error("parse");
    const v = validateTopology(p.source.value);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const lat = v.issues.find((i) => formatPath(i.segments) === "regions[0].location.latitude")!;
    expect(p.source.locate(lat.segments)).toEqual({ line: 8, column: 17 });
  });

  it("cross-reference issue (unknown zone) -> line 12, column of the item", () => {
    const fixed = text.replace("latitude: 99", "latitude: 38.9");
    const p = parseYaml(fixed);
    if (!p.ok) throw new Error("parse");
    const v = validateTopology(p.source.value);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.issues.map((i) => formatPath(i.segments))).toEqual(["clusters[0].zones[1]"]);
    expect(p.source.locate(v.issues[0]!.segments)).toEqual({ line: 12, column: 25 });
  });

  it("a missing key points at its parent", () => {
    const p = parseYaml(text);
    if (!p.ok) throw new Error("parse");
    expect(p.source.locate(["clusters", 0, "network", "podCIDR"])).toEqual({ line: 11, column: 5 });
  });

  it("JSON bodies are located too", () => {
    const p = parseSource('{\n  "spec": {\n    "regions": [\n      { "id": 1 }\n    ]\n  }\n}', "json");
    if (!p.ok) throw new Error("parse");
    expect(p.source.locate(["spec", "regions", 0, "id"])).toEqual({ line: 4, column: 9 });
  });
});

describe("stringify", () => {
  it("round-trips every sample", () => {
    for (const s of sampleDocs()) {
      const text = stringifyYaml(s.value);
      const back = parseYaml(text);
      expect(back.ok && back.source.value).toEqual(s.value);
    }
  });
  it("does not emit anchors for repeated objects", () => {
    const shared = { a: 1 };
    expect(stringifyYaml({ x: shared, y: shared })).not.toContain("&");
  });
  it("keeps a document valid", () => {
    const p = parseYaml(stringifyYaml(baseDoc()));
    expect(p.ok && validateTopology(p.source.value).ok).toBe(true);
  });
});
