import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as create } from "@/app/api/topologies/route";
import { PUT as update } from "@/app/api/topologies/[id]/route";
import { GET as listRuns, POST as place } from "@/app/api/topologies/[id]/placements/route";
import { GET as readRun } from "@/app/api/topologies/[id]/placements/[runId]/route";
import { readSamples } from "@/lib/samples";
import { parseYaml } from "@/lib/yaml/parse";
import { call, ctx, jsonRequest, openTempDatabase } from "./helpers";

const db = openTempDatabase();
afterAll(() => db.cleanup());

const url = (id: string) => `/api/topologies/${id}/placements`;
const post = async (id: string, body?: unknown) => call(await place(jsonRequest("POST", url(id), body), ctx({ id })));
let id = "";
let spec: any;

beforeAll(async () => {
  const sample = readSamples().find((s) => s.file === "multi-az-us-east-1.yaml")!;
  const parsed = parseYaml(sample.text);
  if (!parsed.ok) throw new Error("sample does not parse");
  spec = parsed.source.value;
  const res = await call(await create(jsonRequest("POST", "/api/topologies", { name: "placed", spec }), ctx({})));
  id = res.body.id;
});

describe("POST /api/topologies/:id/placements", () => {
  it("places the latest revision with an empty body and stores a run -> 201", async () => {
    const res = await post(id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ topologyId: id, kind: "placement", revision: 1, seed: 0, status: "succeeded" });
    expect(typeof res.body.runId).toBe("string");
    const web = res.body.summary.deployments.find((d: any) => d.name === "web");
    expect(web).toMatchObject({ cluster: "prod-use1", namespace: "shop", replicas: 6, scheduled: 6, pending: 0 });
    expect(web.byZone).toEqual({ "us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2 });
    expect(web.spread[0]).toMatchObject({ topologyKey: "topology.kubernetes.io/zone", maxSkew: 1, skew: 0 });
    expect(web.ifLost.zone).toMatchObject({ replicasLeft: 4 });
    expect(res.body.summary.pending).toEqual([]);
  });

  it("is deterministic: same revision and seed, same summary", async () => {
    const a = await post(id, { seed: 7 });
    const b = await post(id, { seed: 7 });
    expect(a.body.summary).toEqual(b.body.summary);
    expect(a.body.runId).not.toBe(b.body.runId);
  });

  it("reports pending pods with kube-scheduler's message, grouped, on a revision with too many replicas", async () => {
    const big = structuredClone(spec);
    big.workloads[0].manifest.spec.replicas = 200;
    const saved = await call(await update(jsonRequest("PUT", `/api/topologies/${id}`, { name: "placed", spec: big, baseRevision: 1 }), ctx({ id })));
    expect(saved.status).toBe(200);
    const res = await post(id, { revision: 2, seed: 1 });
    expect(res.status).toBe(201);
    const web = res.body.summary.deployments.find((d: any) => d.name === "web");
    expect(web.pending).toBeGreaterThan(0);
    expect(web.scheduled + web.pending).toBe(200);
    const group = res.body.summary.pending[0];
    expect(group.message).toMatch(/^0\/15 nodes are available: .*Insufficient cpu/);
    expect(group.owners).toContain("prod-use1/shop/web");
    expect(group.count).toBe(web.pending);
    // Older revisions stay placeable.
    expect((await post(id, { revision: 1 })).body.summary.totals.pending).toBe(0);
  });

  it("GET lists runs newest first; GET :runId reads one back with its compact result", async () => {
    const made = await post(id, { seed: 3, percentageOfNodesToScore: 50 });
    const list = await call(await listRuns(jsonRequest("GET", url(id)), ctx({ id })));
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(5);
    expect(list.body.items[0]).toMatchObject({ runId: made.body.runId, seed: 3, percentageOfNodesToScore: 50, revision: 2 });
    expect(list.body.items[0].totals).toMatchObject({ nodes: 15 });
    const one = await call(await readRun(jsonRequest("GET", `${url(id)}/${made.body.runId}`), ctx({ id, runId: made.body.runId })));
    expect(one.status).toBe(200);
    expect(one.body.summary).toEqual(made.body.summary);
    const nodes = one.body.result.clusters[0].nodes;
    expect(nodes).toHaveLength(15);
    const podsOnNodes = nodes.reduce((s: number, n: any) => s + n.pods.reduce((t: number, c: any) => t + c.n, 0), 0);
    expect(podsOnNodes).toBe(one.body.summary.totals.scheduled);
    expect(one.body.result.pending[0].message).toMatch(/^0\/15 nodes are available/);
    expect(JSON.stringify(one.body.result)).not.toContain("rejections");
  });

  it("errors come in the shared shape", async () => {
    const missing = await post("nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const badRev = await post(id, { revision: 99 });
    expect(badRev.status).toBe(404);
    const bad = await post(id, { seed: -1, extra: true });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(["seed"]));
    const syntax = await post(id, "{ nope");
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.code).toBe("invalid_syntax");
    const unknownRun = await call(await readRun(jsonRequest("GET", `${url(id)}/zzz`), ctx({ id, runId: "zzz" })));
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.body.error).toMatchObject({ code: "not_found", issues: [] });
    const list = await call(await listRuns(jsonRequest("GET", url("nope")), ctx({ id: "nope" })));
    expect(list.status).toBe(404);
  });
});
