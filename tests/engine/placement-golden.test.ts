/**
 * Golden whole-placement tests: every tests/fixtures/placements/<name>.yaml is run through the CLI exactly as a
 * user would (`node bin/topoplan.mjs place <file> --json --seed 1`) and its output compared with the checked-in
 * <name>.expected.json.
 *
 * Updating: when the placement legitimately changes (lib/engine/place.ts, the controllers, the scheduler or the
 * CLI's JSON), regenerate with
 *     UPDATE_GOLDEN=1 npx vitest run tests/engine/placement-golden.test.ts
 * which REWRITES the expected files instead of comparing. Then read the diff: each YAML's header says what
 * kube-scheduler would do and why. The hand-checked facts below are asserted in both modes, so a regenerated
 * golden file that contradicts Kubernetes still fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const DIR = join(ROOT, "tests/fixtures/placements");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

interface PlacedPod { namespace: string; name: string; owner: string | null; node: string | null; zone: string | null; pending: false | string }
interface Placement { pods: PlacedPod[]; deployments: { name: string; replicas: number; scheduled: number; pending: number; byZone: Record<string, number> }[] }

function place(file: string): { out: string; json: Placement } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/topoplan.mjs"), "place", file, "--json", "--seed", "1"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return { out: r.stdout, json: JSON.parse(r.stdout) as Placement };
}

/** What Kubernetes does with each fixture, worked out by hand (see the YAML headers). */
interface Facts {
  deployments: Record<string, { scheduled: number; pending: number; byZone: Record<string, number> }>;
  /** Message of every pending pod, by owning Deployment. */
  pendingMessages?: Record<string, string>;
  /** Deployment -> nodes its pods must run on (as a multiset, sorted). */
  nodes?: Record<string, string[]>;
  /** Pods not created by a controller: namespace/name -> node. */
  bound?: Record<string, string>;
  /** Deployments whose scheduled pods each run on a different node. */
  distinctNodes?: string[];
}
const FACTS: Record<string, Facts> = {
  "spread-taints-honor-vs-ignore": {
    deployments: {
      api: { scheduled: 6, pending: 0, byZone: { "eu-west-1a": 3, "eu-west-1b": 3 } },
      worker: { scheduled: 2, pending: 2, byZone: { "eu-west-1a": 1, "eu-west-1b": 1 } },
    },
    pendingMessages: { worker: "0/6 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 4 node(s) didn't match pod topology spread constraints." },
  },
  "anti-affinity-replicas-exceed-zones": {
    deployments: {
      db: { scheduled: 2, pending: 1, byZone: { "us-east-1a": 1, "us-east-1b": 1 } },
      cache: { scheduled: 3, pending: 0, byZone: {} },
    },
    pendingMessages: { db: "0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules." },
    distinctNodes: ["cache", "db"],
  },
  "node-selector-cpu-and-bound-pod": {
    deployments: {
      analytics: { scheduled: 1, pending: 2, byZone: { "ap-south-1a": 1 } },
      web: { scheduled: 2, pending: 0, byZone: { "ap-south-1a": 1, "ap-south-1b": 1 } },
    },
    pendingMessages: { analytics: "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu." },
    nodes: { analytics: ["ssd-1"], web: ["hdd-1", "ssd-2"] },
    bound: { "kube-system/metrics-agent": "ssd-2" },
  },
  "min-domains": {
    deployments: {
      ledger: { scheduled: 2, pending: 2, byZone: { "sa-east-1a": 1, "sa-east-1b": 1 } },
      "ledger-relaxed": { scheduled: 4, pending: 0, byZone: { "sa-east-1a": 2, "sa-east-1b": 2 } },
    },
    pendingMessages: { ledger: "0/4 nodes are available: 4 node(s) didn't match pod topology spread constraints." },
  },
};

const fixtures = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length)).sort();

describe("golden placements (topoplan place --json --seed 1)", () => {
  it("every fixture has hand-checked facts", () => {
    expect(fixtures.sort()).toEqual(Object.keys(FACTS).sort());
  });

  it.each(fixtures)("%s", (name) => {
    const { out, json } = place(join(DIR, `${name}.yaml`));
    const expectedFile = join(DIR, `${name}.expected.json`);
    if (UPDATE) writeFileSync(expectedFile, out.endsWith("\n") ? out : `${out}\n`);
    else {
      expect(existsSync(expectedFile), `${expectedFile} missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(json).toEqual(JSON.parse(readFileSync(expectedFile, "utf8")));
    }

    const facts = FACTS[name]!;
    for (const [dep, want] of Object.entries(facts.deployments)) {
      const d = json.deployments.find((x) => x.name === dep);
      expect(d, dep).toBeDefined();
      expect({ scheduled: d!.scheduled, pending: d!.pending }, dep).toEqual({ scheduled: want.scheduled, pending: want.pending });
      if (Object.keys(want.byZone).length > 0) expect(d!.byZone, dep).toEqual(want.byZone);
      const mine = json.pods.filter((p) => p.owner === `Deployment/${dep}`);
      expect(mine.filter((p) => p.pending === false).length, dep).toBe(want.scheduled);
      const msgs = new Set(mine.filter((p) => p.pending !== false).map((p) => p.pending));
      expect([...msgs], dep).toEqual(facts.pendingMessages?.[dep] ? [facts.pendingMessages[dep]] : []);
    }
    for (const [dep, nodes] of Object.entries(facts.nodes ?? {})) {
      expect(json.pods.filter((p) => p.owner === `Deployment/${dep}` && p.node).map((p) => p.node).sort(), dep).toEqual(nodes);
    }
    for (const [key, node] of Object.entries(facts.bound ?? {})) {
      const p = json.pods.find((x) => `${x.namespace}/${x.name}` === key);
      expect(p?.node, key).toBe(node);
      expect(p?.pending, key).toBe(false);
    }
    for (const dep of facts.distinctNodes ?? []) {
      const nodes = json.pods.filter((p) => p.owner === `Deployment/${dep}` && p.pending === false).map((p) => p.node);
      expect(new Set(nodes).size, dep).toBe(nodes.length);
    }
    // Every scheduled pod has a node.
    for (const p of json.pods) if (p.pending === false) expect(p.node, p.name).toBeTruthy();
  });
});
