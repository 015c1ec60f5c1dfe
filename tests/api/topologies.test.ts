import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as list, POST as create } from "@/app/api/topologies/route";
import { DELETE as remove, GET as read, PUT as update } from "@/app/api/topologies/[id]/route";
import { GET as revisions } from "@/app/api/topologies/[id]/revisions/route";
import { GET as revision } from "@/app/api/topologies/[id]/revisions/[n]/route";
import { GET as diff } from "@/app/api/topologies/[id]/diff/route";
import { POST as validate } from "@/app/api/validate/route";
import { stringifyYaml } from "@/lib/yaml/parse";
import { seedSamples } from "@/lib/samples/seed";
import { getDb } from "@/lib/db/client";
import { baseDoc } from "../schemas/fixtures";
import { call, ctx, jsonRequest, openTempDatabase, yamlRequest } from "./helpers";

const db = openTempDatabase();
afterAll(() => db.cleanup());

const none = ctx({});
const post = async (body: unknown) => call(await create(jsonRequest("POST", "/api/topologies", body), none));
const get = async (id: string) => call(await read(jsonRequest("GET", `/api/topologies/${id}`), ctx({ id })));
const put = async (id: string, body: unknown) => call(await update(jsonRequest("PUT", `/api/topologies/${id}`, body), ctx({ id })));
const revs = async (id: string) => call(await revisions(jsonRequest("GET", `/api/topologies/${id}/revisions`), ctx({ id })));

describe("create and read", () => {
  it("POST JSON -> 201 with id and revision 1; GET returns the spec as written", async () => {
    const spec = baseDoc();
    const created = await post({ name: "base", spec });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "base", revision: 1 });
    expect(typeof created.body.id).toBe("string");
    const got = await get(created.body.id);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: created.body.id, name: "base", revision: 1, spec });
  });

  it("POST YAML ({name, spec}) and a bare YAML Topology document", async () => {
    const wrapped = await call(await create(yamlRequest("POST", "/api/topologies", stringifyYaml({ name: "from-yaml", spec: baseDoc() })), none));
    expect(wrapped.status).toBe(201);
    const doc = { ...baseDoc(), metadata: { name: "bare-doc" } };
    const bare = await call(await create(yamlRequest("POST", "/api/topologies", stringifyYaml(doc)), none));
    expect(bare.status).toBe(201);
    expect(bare.body.name).toBe("bare-doc");
    expect((await get(bare.body.id)).body.spec).toEqual(doc);
  });

  it("GET list has items with id, name, revision, updatedAt and counts", async () => {
    const res = await call(await list(jsonRequest("GET", "/api/topologies"), none));
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: any) => i.name === "base");
    expect(item).toMatchObject({ revision: 1, regions: 2, clusters: 1, nodes: 4, workloads: 2 });
    expect(item.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("a taken name -> 409", async () => {
    const res = await post({ name: "base", spec: baseDoc() });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("name_taken");
  });

  it("the warnings of a valid document come back with the save", async () => {
    const spec = baseDoc();
    spec.clusters[0].controlPlane.etcd = { "us-east-1a": 2, "us-east-1b": 2 };
    const res = await post({ name: "even-etcd", spec });
    expect(res.status).toBe(201);
    expect(res.body.warnings.map((w: any) => w.path)).toContain("spec.clusters[0].controlPlane.etcd");
  });
});

describe("errors", () => {
  it("YAML syntax error -> 400 with line and column", async () => {
    const res = await call(await create(yamlRequest("POST", "/api/topologies", "name: broken\nspec:\n\tregions: []\n"), none));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_syntax");
    expect(res.body.error.issues[0]).toMatchObject({ line: 3, column: 1 });
  });

  it("JSON syntax error -> 400 with line and column", async () => {
    const res = await call(await create(jsonRequest("POST", "/api/topologies", '{\n  "name": "x",\n  "spec": }'), none));
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ line: 3, column: 11 });
  });

  it("invalid topology -> 422 with every issue's path, and line/column for YAML", async () => {
    const spec = baseDoc();
    spec.clusters[0].zones[1] = "us-east-1q";
    spec.nodePools[0].nodesPerZone = -3;
    const yaml = stringifyYaml({ name: "bad", spec });
    const res = await call(await create(yamlRequest("POST", "/api/topologies", yaml), none));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    const issue = res.body.error.issues.find((i: any) => i.path === "spec.nodePools[0].nodesPerZone");
    expect(issue).toBeDefined();
    const lines = yaml.split("\n");
    expect(lines[issue.line - 1]).toContain("nodesPerZone: -3");
    expect(issue.column).toBe(lines[issue.line - 1]!.indexOf("nodesPerZone") + 1);
  });

  it("invalid body fields and spec are reported together", async () => {
    const res = await post({ name: "", spec: { nonsense: true } });
    expect(res.status).toBe(422);
    const paths = res.body.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "spec.apiVersion", "spec.kind", "spec.nonsense"]));
    for (const i of res.body.error.issues) expect(i).toHaveProperty("path");
  });

  it("missing spec -> 422 at spec", async () => {
    const res = await post({ name: "x" });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ path: "spec" })]);
  });

  it("a non-object body -> 400", async () => {
    const res = await post([1, 2]);
    expect(res.status).toBe(400);
  });

  it("unknown id -> 404 on every route", async () => {
    const id = "does-not-exist";
    expect((await get(id)).status).toBe(404);
    expect((await put(id, { name: "x", spec: baseDoc(), baseRevision: 1 })).status).toBe(404);
    expect((await revs(id)).status).toBe(404);
    expect((await call(await remove(jsonRequest("DELETE", `/api/topologies/${id}`), ctx({ id })))).status).toBe(404);
    expect((await call(await revision(jsonRequest("GET", `/api/topologies/${id}/revisions/1`), ctx({ id, n: "1" })))).status).toBe(404);
    expect((await call(await diff(jsonRequest("GET", `/api/topologies/${id}/diff`), ctx({ id })))).status).toBe(404);
  });

  it("body over 2 MiB -> 413 by Content-Length, and by bytes actually read; nothing saved", async () => {
    const before = (await call(await list(jsonRequest("GET", "/api/topologies"), none))).body.items.length;
    const big = JSON.stringify({ name: "big", spec: { ...baseDoc(), metadata: { name: "big", description: "x".repeat(3 * 1024 * 1024) } } });
    const declared = await call(await create(new Request("http://localhost/api/topologies", { method: "POST", headers: { "Content-Type": "application/json", "Content-Length": String(big.length) }, body: big }), none));
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("payload_too_large");
    // A streamed body without Content-Length: the limit holds on the bytes read.
    const chunk = new TextEncoder().encode(" ".repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const req = new Request("http://localhost/api/topologies", { method: "POST", headers: { "Content-Type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    expect(req.headers.get("content-length")).toBeNull();
    const streamed = await call(await create(req, none));
    expect(streamed.status).toBe(413);
    expect((await call(await list(jsonRequest("GET", "/api/topologies"), none))).body.items.length).toBe(before);
  });
});

describe("revisions", () => {
  let id = "";
  beforeAll(async () => {
    id = (await post({ name: "revised", spec: baseDoc() })).body.id;
  });

  it("PUT with the current baseRevision -> 200, revision 2", async () => {
    const spec = baseDoc();
    spec.nodePools[0].nodesPerZone = 5;
    const res = await put(id, { name: "revised", spec, baseRevision: 1, message: "scale general pool" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, revision: 2, message: "scale general pool" });
    expect((await get(id)).body.spec.nodePools[0].nodesPerZone).toBe(5);
  });

  it("PUT with a stale baseRevision -> 409 and nothing saved", async () => {
    const spec = baseDoc();
    spec.nodePools[0].nodesPerZone = 9;
    const res = await put(id, { name: "revised", spec, baseRevision: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "stale_revision", latestRevision: 2 });
    expect((await revs(id)).body.items).toHaveLength(2);
    expect((await get(id)).body.spec.nodePools[0].nodesPerZone).toBe(5);
  });

  it("an invalid PUT saves nothing", async () => {
    const res = await put(id, { name: "revised", spec: { ...baseDoc(), regions: [] }, baseRevision: 2 });
    expect(res.status).toBe(422);
    expect((await revs(id)).body.items).toHaveLength(2);
  });

  it("PUT without baseRevision -> 422 at baseRevision", async () => {
    const res = await put(id, { name: "revised", spec: baseDoc() });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: any) => i.path)).toEqual(["baseRevision"]);
  });

  it("concurrent saves on the same base: exactly one wins", async () => {
    const results = await Promise.all([1, 2, 3].map(() => put(id, { name: "revised", spec: baseDoc(), baseRevision: 2 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await revs(id)).body.items).toHaveLength(3);
  });

  it("rename = PUT with a new name creates a revision that records it", async () => {
    const res = await put(id, { name: "renamed", spec: baseDoc(), baseRevision: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "renamed", revision: 4 });
    const items = (await revs(id)).body.items;
    expect(items.map((r: any) => [r.revision, r.name])).toEqual([[4, "renamed"], [3, "revised"], [2, "revised"], [1, "revised"]]);
  });

  it("old revisions stay readable and unchanged", async () => {
    const r1 = await call(await revision(jsonRequest("GET", `/api/topologies/${id}/revisions/1`), ctx({ id, n: "1" })));
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ revision: 1, name: "revised", spec: baseDoc() });
    const bad = await call(await revision(jsonRequest("GET", `/api/topologies/${id}/revisions/x`), ctx({ id, n: "x" })));
    expect(bad.status).toBe(400);
    const missing = await call(await revision(jsonRequest("GET", `/api/topologies/${id}/revisions/99`), ctx({ id, n: "99" })));
    expect(missing.status).toBe(404);
  });

  it("diff between two revisions", async () => {
    const res = await call(await diff(jsonRequest("GET", `/api/topologies/${id}/diff?from=1&to=2`), ctx({ id })));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: { revision: 1 }, to: { revision: 2 }, added: [], removed: [] });
    expect(res.body.changed).toEqual([{ path: "nodePools[name=general].nodesPerZone", before: 2, after: 5 }]);
    const dflt = await call(await diff(jsonRequest("GET", `/api/topologies/${id}/diff`), ctx({ id })));
    expect(dflt.body).toMatchObject({ from: { revision: 3, name: "revised" }, to: { revision: 4, name: "renamed" } });
    const bad = await call(await diff(jsonRequest("GET", `/api/topologies/${id}/diff?from=zero`), ctx({ id })));
    expect(bad.status).toBe(400);
  });

  it("DELETE removes the topology and its revisions", async () => {
    const res = await call(await remove(jsonRequest("DELETE", `/api/topologies/${id}`), ctx({ id })));
    expect(res.status).toBe(200);
    expect((await get(id)).status).toBe(404);
    expect((await revs(id)).status).toBe(404);
    expect(await getDb().revision.count({ where: { topologyId: id } })).toBe(0);
  });
});

describe("POST /api/validate", () => {
  it("valid YAML document -> valid with warnings", async () => {
    const doc = baseDoc();
    doc.clusters[0].controlPlane.etcd = { "us-east-1a": 1, "us-east-1b": 1 };
    const res = await call(await validate(yamlRequest("POST", "/api/validate", stringifyYaml(doc)), none));
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.issues).toEqual([]);
    expect(res.body.warnings[0]).toMatchObject({ path: "clusters[0].controlPlane.etcd", line: expect.any(Number) });
  });
  it("invalid document -> valid false with located issues (still 200)", async () => {
    const res = await call(await validate(yamlRequest("POST", "/api/validate", "apiVersion: topoplan.dev/v1alpha1\nkind: Topology\nmetadata: { name: x }\nregions: []\n"), none));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: false, issues: [{ path: "regions", line: 4, column: 1 }] });
  });
  it("syntax error -> 400", async () => {
    const res = await call(await validate(yamlRequest("POST", "/api/validate", "a: [1, 2\n"), none));
    expect(res.status).toBe(400);
  });
});

describe("seed", () => {
  it("seeds the three samples once; a second run skips them", async () => {
    const first = await seedSamples();
    expect(first.created).toEqual(["multi-az-us-east-1", "stretched-seoul-tokyo", "multi-cluster-global"]);
    const second = await seedSamples();
    expect(second).toEqual({ created: [], skipped: first.created });
    const items = (await call(await list(jsonRequest("GET", "/api/topologies"), none))).body.items;
    expect(items.filter((i: any) => i.name.startsWith("multi") || i.name.startsWith("stretched"))).toHaveLength(3);
  });
});
