import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { POST as create } from "@/app/api/topologies/route";
import { POST as simulatePost } from "@/app/api/topologies/[id]/simulations/route";
import { POST as sweepPost } from "@/app/api/topologies/[id]/sweeps/route";
import { GET as listRunsGet } from "@/app/api/topologies/[id]/runs/route";
import { GET as runGet } from "@/app/api/runs/[runId]/route";
import { GET as compareGet } from "@/app/api/runs/compare/route";
import { getDb } from "@/lib/db/client";
import { call, ctx, jsonRequest, openTempDatabase, yamlRequest } from "./helpers";

const db = openTempDatabase();
afterAll(() => db.cleanup());

const sample = readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8");
const honored = sample.replace("whenUnsatisfiable: DoNotSchedule\n                labelSelector: { matchLabels: { app: web } }", "whenUnsatisfiable: DoNotSchedule\n                nodeTaintsPolicy: Honor\n                labelSelector: { matchLabels: { app: web } }");
const zoneOutage = { horizon: "20m", events: [{ at: 0, fail: { zone: "us-east-1a" } }] };

async function createSample(text: string, name: string): Promise<string> {
  const r = await call(await create(yamlRequest("POST", "/api/topologies", text.replace("name: multi-az-us-east-1", `name: ${name}`)), ctx({})));
  expect(r.status).toBe(201);
  return r.body.id as string;
}

const simulate = async (id: string, body: unknown) => call(await simulatePost(jsonRequest("POST", `/api/topologies/${id}/simulations`, body), ctx({ id })));
const getRun = async (runId: string) => call(await runGet(jsonRequest("GET", `/api/runs/${runId}`), ctx({ runId })));

async function waitDone(runId: string) {
  for (let i = 0; i < 300; i++) {
    const r = await getRun(runId);
    if (r.body.status !== "running") return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error("run did not finish");
}

describe("simulation runs", () => {
  it("returns 202 with a runId at once, then the stored result; web stays Pending under the Ignore trap", async () => {
    const id = await createSample(sample, "sim-a");
    const started = await simulate(id, { scenario: zoneOutage });
    expect(started.status).toBe(202);
    expect(typeof started.body.runId).toBe("string");
    const run = await waitDone(started.body.runId);
    expect(run.status).toBe("succeeded");
    const web = run.result.deployments.find((d: { name: string }) => d.name === "web");
    expect(web).toMatchObject({ desired: 6, minReady: 4, recoveredAtMs: null, pendingAtEnd: 2 });
    expect(Object.keys(web.pendingReasons).join()).toMatch(/pod topology spread constraints/);
    expect(run.result.phases.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(["failure", "detection", "taints", "evictions"]));
    expect(run.result.lint.some((f: { rule: string }) => f.rule === "spread-ignore-trap")).toBe(true);
    const rows = await getDb().runSeries.count({ where: { runId: run.id } });
    expect(rows).toBeGreaterThan(10);

    // The fix: nodeTaintsPolicy Honor lets web's replacements schedule; compare the two runs.
    const fixed = await createSample(honored, "sim-b");
    const second = await waitDone((await simulate(fixed, { scenario: zoneOutage })).body.runId);
    expect(second.result.deployments.find((d: { name: string }) => d.name === "web").recoveredAtMs).toBeGreaterThan(300_000);
    const cmp = await call(await compareGet(jsonRequest("GET", `/api/runs/compare?a=${run.id}&b=${second.id}`), ctx({})));
    expect(cmp.status).toBe(200);
    expect(cmp.body.rows.find((r: { key: string }) => r.key.endsWith("shop/web")).change).toBe("better");

    const list = await call(await listRunsGet(jsonRequest("GET", `/api/topologies/${id}/runs`), ctx({ id })));
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).not.toHaveProperty("result");
  });

  it("rejects unknown targets and bad scenarios with 422 and paths; unknown topology 404", async () => {
    const id = await createSample(sample, "sim-c");
    const bad = await simulate(id, { scenario: { events: [{ at: 0, fail: { zone: "us-east-1z" } }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toBe("scenario.events[0].fail.zone");
    const shape = await simulate(id, { scenario: { events: [{ at: "soon", fail: { zone: "us-east-1a" } }] } });
    expect(shape.status).toBe(422);
    expect((await simulate("nope", { scenario: zoneOutage })).status).toBe(404);
    expect((await getRun("nope")).status).toBe(404);
  });

  it("accepts a drain of a topology node (results per cluster) and rejects an unknown node with the path", async () => {
    const id = await createSample(sample, "sim-e");
    const bad = await simulate(id, { scenario: { events: [{ at: 0, drain: { node: "general-us-east-1z-9" } }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toBe("scenario.events[0].drain.node");
    const started = await simulate(id, { scenario: { horizon: "10m", events: [{ at: 0, drain: { node: "general-us-east-1a-1" } }] } });
    expect(started.status).toBe(202);
    const run = await waitDone(started.body.runId);
    expect(run.status).toBe("succeeded");
    expect(run.result.drains).toEqual([expect.objectContaining({ cluster: "prod-use1", node: "general-us-east-1a-1", atMs: 0 })]);
    expect(run.result.events.some((e: { reason: string; object: string }) => e.reason === "NodeNotSchedulable" && e.object === "node/general-us-east-1a-1")).toBe(true);
  });

  it("accepts a rollout combined with a failure (results per cluster) and rejects an unknown Deployment with the path", async () => {
    const id = await createSample(sample, "sim-f");
    const bad = await simulate(id, { scenario: { events: [{ at: 0, rollout: { deployment: "shop/webb" } }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toBe("scenario.events[0].rollout.deployment");
    const scenario = { horizon: "10m", events: [{ at: "0s", rollout: { deployment: "shop/web", image: "nginx:1.28" } }, { at: "20s", fail: { zone: "us-east-1a" } }] };
    const started = await simulate(id, { scenario });
    expect(started.status).toBe(202);
    const run = await waitDone(started.body.runId);
    expect(run.status).toBe("succeeded");
    expect(run.scenario).toEqual(scenario);
    expect(run.result.rollouts).toEqual([expect.objectContaining({ cluster: "prod-use1", namespace: "shop", deployment: "web", atMs: 0, strategy: "RollingUpdate", completedAtMs: null })]);
    expect(run.result.rolloutNotes).toEqual([{ cluster: "prod-use1", atMs: 0, message: "deployment.apps/web image updated" }]);
    expect(run.summary.deployments.find((d: { deployment: string }) => d.deployment === "shop/web")).toMatchObject({ recoveredAtMs: null });
  });

  it("sweeps every zone and the region with verdicts", async () => {
    const id = await createSample(sample, "sim-d");
    const started = await call(await sweepPost(new Request(`http://localhost/api/topologies/${id}/sweeps`, { method: "POST" }), ctx({ id })));
    expect(started.status).toBe(202);
    const run = await waitDone(started.body.runId);
    expect(run.status).toBe("succeeded");
    const scenarios = run.result.clusters[0].scenarios;
    expect(scenarios.map((s: { scenario: { id: string } }) => s.scenario.id)).toEqual(["zone/us-east-1a", "zone/us-east-1b", "zone/us-east-1c", "region/us-east-1"]);
    expect(scenarios[3].deployments.every((d: { verdict: string }) => d.verdict === "down")).toBe(true);
    expect(run.summary.verdicts.down).toBeGreaterThanOrEqual(5);
  });
});
