/** The CLI as users run it: `node bin/topoplan.mjs ...` in a child process, checking stdout, stderr and exit codes. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const FIX = join(ROOT, "tests/fixtures/snapshots");
const CASES = join(ROOT, "../shared/conformance/public");
const haveScheduler = existsSync(join(ROOT, "lib/engine/scheduler/index.ts"));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/topoplan.mjs"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("topoplan (usage)", () => {
  it("prints help and exits 0 with --help, 2 without a command", () => {
    expect(run("--help")).toMatchObject({ code: 0, out: expect.stringContaining("Usage: topoplan <command>") });
    expect(run().code).toBe(2);
    for (const cmd of ["place", "conformance"]) {
      const r = run(cmd, "--help");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: topoplan ${cmd}`);
    }
  });
  it("rejects unknown commands and options with exit 2", () => {
    expect(run("frobnicate").code).toBe(2);
    const r = run("place", "x.yaml", "--sed", "3");
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option --sed");
    expect(run("place").code).toBe(2);
    expect(run("place", join(FIX, "invalid-object.yaml"), "--seed", "abc").code).toBe(2);
  });
});

describe("topoplan place (errors)", () => {
  it("names document, object, field, line and column of an invalid object (exit 1)", () => {
    const r = run("place", join(FIX, "invalid-object.yaml"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("document 2 (Deployment default/broken), spec.replicas, line 14 column 13");
    expect(r.out).toBe("");
  });
  it("reports YAML syntax errors with a position, and unreadable files (exit 1)", () => {
    const r = run("place", join(FIX, "yaml-syntax-error.yaml"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/document 1, line \d+ column \d+: YAML syntax error/);
    const missing = run("place", join(FIX, "does-not-exist.yaml"));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read");
  });
});

describe.skipIf(!haveScheduler)("topoplan place (with the scheduler)", () => {
  it("prints the JSON contract and leaves the pods that do not fit pending for cpu", () => {
    const r = run("place", join(FIX, "six-nodes-cpu-pending.yaml"), "--seed", "3", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const api = j.deployments.find((d: { name: string }) => d.name === "api");
    expect(api).toMatchObject({ namespace: "shop", replicas: 14, scheduled: 12, pending: 2 });
    expect(Object.values(api.byZone as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(12);
    for (const p of j.pods) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(["namespace", "name", "owner", "node", "zone", "region", "pending"]));
      if (p.node === null) expect(p.pending).toMatch(/^0\/6 nodes are available: .*Insufficient cpu/);
      else expect(p.pending).toBe(false);
    }
    expect(run("place", join(FIX, "six-nodes-cpu-pending.yaml"), "--seed", "3", "--json").out).toBe(r.out);
  });
  it("keeps a DoNotSchedule zone spread: zone c counts with 0 pods, so only one pod per other zone", () => {
    const r = run("place", join(FIX, "zone-spread-do-not-schedule.yaml"), "--json");
    expect(r.code).toBe(0);
    expect(r.err).toContain("ConfigMap");
    const d = JSON.parse(r.out).deployments[0];
    expect(d).toMatchObject({ name: "checkout", replicas: 6, scheduled: 2, pending: 4, byZone: { "us-east-1a": 1, "us-east-1b": 1 } });
    const pending = JSON.parse(r.out).pods.filter((p: { pending: unknown }) => p.pending !== false);
    expect(pending[0].pending).toContain("didn't match pod topology spread constraints");
  });
  it("reports a pod bound to a node the snapshot lacks as bound there, with a warning (no internal error)", () => {
    const list = JSON.parse(readFileSync(join(FIX, "with-running-pods.json"), "utf8"));
    list.items.find((o: { metadata: { name: string } }) => o.metadata.name === "debug").spec.nodeName = "gone";
    const file = join(mkdtempSync(join(tmpdir(), "topoplan-place-")), "unknown-node.json");
    writeFileSync(file, JSON.stringify(list));
    const r = run("place", file, "--json");
    expect(r.code).toBe(0);
    expect(r.err).toContain("warning: ");
    expect(r.err).toContain("pod default/debug is bound to unknown node gone");
    const j = JSON.parse(r.out);
    expect(j.pods.find((p: { name: string }) => p.name === "debug")).toMatchObject({ node: "gone", zone: null, region: null, pending: false });
    expect(j.warnings).toContain("pod default/debug is bound to unknown node gone");
    expect(j.deployments[0]).toMatchObject({ name: "cache", scheduled: 3, pending: 0 });
  });
  it("prints a human table by default", () => {
    const r = run("place", join(FIX, "with-running-pods.json"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NAMESPACE\s+NAME\s+OWNER\s+NODE\s+ZONE\s+REGION\s+STATUS/);
    expect(r.out).toContain("default/cache");
  });
});

// ../shared ships beside the repo in CI, not in a user's clone: without it there is nothing to run.
describe.skipIf(!existsSync(CASES))("topoplan conformance (../shared/conformance/public)", () => {
  it("passes every controller case and ends with the summary line", () => {
    const r = run("conformance", join(CASES, "controllers"));
    expect(r.out.trim().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    expect(r.code).toBe(0);
  });
  it("runs the whole public directory", () => {
    const r = run("conformance", CASES);
    expect(r.out.trim().split("\n").at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
    expect(r.code).toBe(r.out.includes("FAIL ") ? 1 : 0);
  });
  it("fails with exit 1 and a FAIL line when a case does not hold", () => {
    const dir = mkdtempSync(join(tmpdir(), "topoplan-conformance-"));
    const broken = { name: "broken-fenceposts", source: "test fixture", kind: "controller", function: "ResolveFenceposts",
      input: { maxSurge: "39%", maxUnavailable: "39%", desiredReplicas: 10 }, expect: { error: false, surge: 4, unavailable: 4 } };
    writeFileSync(join(dir, "broken.json"), JSON.stringify(broken));
    const r = run("conformance", dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL broken-fenceposts (test fixture): unavailable: expected 4, got 3");
    expect(r.out.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
  });
  it("is a usage error on a missing directory", () => {
    expect(run("conformance", join(ROOT, "nope")).code).toBe(2);
  });
});
