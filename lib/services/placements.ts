/**
 * Placement runs: place a saved revision (every cluster) and store it as a Run of kind "placement";
 * list and read them back. The placing itself is lib/services/placement-core.ts (pure, shared with the UI).
 */
import { z } from "zod";
import { getDb } from "../db/client";
import { findRevision, findTopology, topologyExists } from "../db/topologies";
import { fromZodIssues, toIssue } from "../schemas/issues";
import { validateTopology } from "../schemas/validate";
import { parseSource } from "../yaml/parse";
import { readBodyText } from "./body";
import { AppError, notFound } from "./errors";
import { placeTopology } from "./placement-core";
import { compactPlacement, summarizePlacement } from "./placement-summary";
import { readStoredSpec } from "./stored-spec";

export const placementRequestSchema = z.strictObject({
  revision: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  percentageOfNodesToScore: z.number().int().min(0).max(100).optional(),
});
export type PlacementRequest = z.infer<typeof placementRequestSchema>;

/** An empty body means "the latest revision, seed 0, adaptive percentageOfNodesToScore". */
async function readRequest(req: Request): Promise<PlacementRequest> {
  const text = await readBodyText(req);
  if (text.trim() === "") return {};
  const parsed = parseSource(text, "json");
  if (!parsed.ok) throw new AppError("invalid_syntax", "malformed JSON", parsed.issues);
  const body = placementRequestSchema.safeParse(parsed.source.value);
  if (!body.success) {
    const issues = fromZodIssues(body.error.issues);
    throw new AppError("validation_failed", `placement request is invalid: ${issues.length} issue${issues.length === 1 ? "" : "s"}`, issues.map((i) => toIssue(i, parsed.source.locate(i.segments))));
  }
  return body.data;
}

type RunRow = { id: string; topologyId: string; revisionNumber: number; status: string; scenario: string; summary: string | null; result: string | null; error: string | null; startedAt: Date; finishedAt: Date | null; durationMs: number | null };

function runHead(r: RunRow) {
  const scenario = JSON.parse(r.scenario) as PlacementRequest;
  return {
    runId: r.id,
    topologyId: r.topologyId,
    kind: "placement" as const,
    revision: r.revisionNumber,
    seed: scenario.seed ?? 0,
    ...(scenario.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: scenario.percentageOfNodesToScore } : {}),
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
  };
}

export async function createPlacement(id: string, req: Request) {
  const body = await readRequest(req);
  const t = await findTopology(id);
  if (!t) throw notFound(`topology ${id}`);
  const number = body.revision ?? t.latestRevision;
  const rev = number === t.revision.number ? t.revision : await findRevision(id, number);
  if (!rev) throw notFound(`revision ${number} of topology ${id}`);
  const v = validateTopology(readStoredSpec(rev.spec));
  // A stored revision was valid when saved; if a newer schema now rejects it, say so rather than 500.
  if (!v.ok) throw new AppError("validation_failed", `revision ${number} is no longer valid: ${v.issues.length} issues`, v.issues.map((i) => toIssue(i)));
  const seed = body.seed ?? 0;
  const startedAt = new Date();
  const t0 = performance.now();
  const placement = placeTopology(v.topology, { seed, percentageOfNodesToScore: body.percentageOfNodesToScore });
  const durationMs = Math.round(performance.now() - t0);
  const summary = summarizePlacement(placement);
  const row = await getDb().run.create({
    data: {
      topologyId: id,
      revisionNumber: number,
      kind: "placement",
      scenario: JSON.stringify({ seed, ...(body.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: body.percentageOfNodesToScore } : {}) }),
      status: "succeeded",
      summary: JSON.stringify(summary),
      result: JSON.stringify(compactPlacement(placement)),
      startedAt,
      finishedAt: new Date(startedAt.getTime() + durationMs),
      durationMs,
    },
  });
  return { ...runHead(row), summary };
}

export async function listPlacements(id: string) {
  if (!(await topologyExists(id))) throw notFound(`topology ${id}`);
  const rows = await getDb().run.findMany({
    where: { topologyId: id, kind: "placement" },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { id: true, topologyId: true, revisionNumber: true, status: true, scenario: true, summary: true, result: false, error: true, startedAt: true, finishedAt: true, durationMs: true },
  });
  return {
    items: rows.map((r) => {
      const s = r.summary ? (JSON.parse(r.summary) as { totals?: unknown }) : {};
      return { ...runHead({ ...r, result: null }), totals: s.totals ?? null };
    }),
  };
}

export async function getPlacement(id: string, runId: string) {
  const r = await getDb().run.findFirst({ where: { id: runId, topologyId: id, kind: "placement" } });
  if (!r) throw notFound(`placement run ${runId} of topology ${id}`);
  return { ...runHead(r), summary: r.summary ? JSON.parse(r.summary) : null, result: r.result ? JSON.parse(r.result) : null };
}
