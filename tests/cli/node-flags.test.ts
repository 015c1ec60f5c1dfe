/** Which commands bin/topoplan.mjs re-executes with V8 flags of their own (cli/node-flags.ts). */
import { describe, expect, it } from "vitest";
import { missingNodeFlags, nodeFlagsFor, SIMULATION_NODE_FLAGS } from "@/cli/node-flags";

describe("node flags per command", () => {
  it("simulate and sweep get the simulation flags, the other commands none", () => {
    expect(nodeFlagsFor("simulate")).toEqual(SIMULATION_NODE_FLAGS);
    expect(nodeFlagsFor("sweep")).toEqual(SIMULATION_NODE_FLAGS);
    for (const c of ["place", "console", "conformance", "lint", undefined]) expect(nodeFlagsFor(c)).toEqual([]);
  });
  it("a flag the process already has, with any value, is not added again (no re-exec loop)", () => {
    expect(missingNodeFlags(["--max-semi-space-size=128"], [])).toEqual(["--max-semi-space-size=128"]);
    expect(missingNodeFlags(["--max-semi-space-size=128"], ["--max-semi-space-size=128"])).toEqual([]);
    expect(missingNodeFlags(["--max-semi-space-size=128"], ["--import", "tsx", "--max-semi-space-size=64"])).toEqual([]);
    expect(missingNodeFlags(["--max-semi-space-size=128"], ["--max-old-space-size=4096"])).toEqual(["--max-semi-space-size=128"]);
  });
});
