/**
 * Runs every scheduler-plugin conformance case (../shared/conformance/public, except controllers/) through
 * runPluginCase. Skipped, with the reason printed, when the shared folder is absent (a user's clone).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runPluginCase } from "@/lib/engine/conformance/plugin-cases";

const ROOT = resolve(__dirname, "../../../../shared/conformance/public");
const present = existsSync(ROOT);
if (!present) console.warn(`conformance: skipped, ${ROOT} does not exist (the shared cases are only on CI/dev machines)`);

const cases: { group: string; file: string; data: any }[] = [];
if (present) {
  for (const group of readdirSync(ROOT).sort()) {
    if (group === "controllers") continue;
    for (const file of readdirSync(join(ROOT, group)).filter((f) => f.endsWith(".json")).sort()) {
      cases.push({ group, file, data: JSON.parse(readFileSync(join(ROOT, group, file), "utf8")) });
    }
  }
}

describe.skipIf(!present)("scheduler plugin conformance (../shared/conformance/public)", () => {
  it("found cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    it(`${c.group}/${c.data.name}`, () => {
      const r = runPluginCase(c.data);
      expect(r.diff, `${c.data.name} (${c.data.source})`).toEqual([]);
      expect(r.pass).toBe(true);
    });
  }
});
