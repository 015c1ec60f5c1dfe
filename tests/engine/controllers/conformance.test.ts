import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runControllerCase } from "../../../lib/engine/conformance/controller-cases";
import { runConformanceCases } from "../../../lib/engine/conformance/run";

const DIR = join(__dirname, "../../../../shared/conformance/public/controllers");
const haveCases = existsSync(DIR);

describe.skipIf(!haveCases)("public controller conformance cases (../shared/conformance/public/controllers)", () => {
  const files = haveCases ? readdirSync(DIR).filter((f) => f.endsWith(".json")).sort() : [];
  it.each(files)("%s", (f) => {
    const r = runControllerCase(JSON.parse(readFileSync(join(DIR, f), "utf8")));
    expect(r.diff).toEqual([]);
    expect(r.pass).toBe(true);
  });
});

describe("runControllerCase", () => {
  it("fails a case whose expectation is wrong, naming the field", () => {
    const c = { kind: "controller", function: "ResolveFenceposts", input: { maxSurge: "39%", maxUnavailable: "39%", desiredReplicas: 10 }, expect: { error: false, surge: 4, unavailable: 4 } };
    const r = runControllerCase(c);
    expect(r.pass).toBe(false);
    expect(r.diff).toEqual(["unavailable: expected 4, got 3"]);
  });
  it("rejects unknown functions and malformed cases without throwing", () => {
    expect(runControllerCase({ function: "Nope", input: {}, expect: {} }).pass).toBe(false);
    expect(runControllerCase(null).pass).toBe(false);
    expect(runControllerCase({ function: "MaxUnavailable", input: { deployment: null }, expect: { maxUnavailable: 0 } }).pass).toBe(false);
  });
});

describe("runConformanceCases", () => {
  it("counts, dispatches plugin kinds to the given runner, and reports invalid JSON", () => {
    const ok = JSON.stringify({ name: "a", kind: "controller", function: "ResolveFenceposts", input: { maxSurge: 1, maxUnavailable: 0, desiredReplicas: 3 }, expect: { error: false, surge: 1, unavailable: 0 } });
    const plugin = JSON.stringify({ name: "p", kind: "filter" });
    const r = runConformanceCases(
      [{ file: "a.json", text: ok }, { file: "p.json", text: plugin }, { file: "bad.json", text: "{" }],
      () => ({ pass: false, diff: ["nope"] }),
    );
    expect([r.passed, r.failed]).toEqual([1, 2]);
    expect(r.outcomes.map((o) => o.diff[0]?.slice(0, 12))).toEqual([undefined, "nope", "invalid JSON"]);
  });
});
