/**
 * Revision history of a topology: list, read one, structural diff between two.
 */
import { findRevision, findTopology, listRevisionRows, topologyExists } from "../db/topologies";
import { diffQuerySchema, revisionNumberSchema } from "../schemas/api";
import { fromZodIssues, toIssue } from "../schemas/issues";
import { diffDocuments } from "./diff";
import { AppError, notFound } from "./errors";
import { readStoredSpec } from "./stored-spec";

function revisionNumber(text: string): number {
  const n = revisionNumberSchema.safeParse(text);
  if (!n.success) throw new AppError("bad_request", `invalid revision number "${text}"`, [{ path: "revision", message: "must be an integer >= 1" }]);
  return n.data;
}

export async function listRevisions(id: string) {
  if (!(await topologyExists(id))) throw notFound(`topology ${id}`);
  const rows = await listRevisionRows(id);
  return { items: rows.map((r) => ({ revision: r.number, name: r.name, message: r.message, createdAt: r.createdAt.toISOString() })) };
}

export async function getRevision(id: string, numberText: string) {
  const number = revisionNumber(numberText);
  const r = await findRevision(id, number);
  if (!r) throw notFound(`revision ${number} of topology ${id}`);
  return { id, revision: r.number, name: r.name, message: r.message, createdAt: r.createdAt.toISOString(), spec: readStoredSpec(r.spec) };
}

/** Defaults: to = latest, from = to - 1 (what changed in the last save). */
export async function diffRevisions(id: string, query: URLSearchParams) {
  const q = diffQuerySchema.safeParse({ from: query.get("from") ?? undefined, to: query.get("to") ?? undefined });
  if (!q.success) throw new AppError("bad_request", "invalid diff query", fromZodIssues(q.error.issues).map((i) => toIssue(i)));
  const t = await findTopology(id);
  if (!t) throw notFound(`topology ${id}`);
  const to = q.data.to ?? t.latestRevision;
  const from = q.data.from ?? Math.max(1, to - 1);
  const [a, b] = await Promise.all([findRevision(id, from), findRevision(id, to)]);
  if (!a) throw notFound(`revision ${from} of topology ${id}`);
  if (!b) throw notFound(`revision ${to} of topology ${id}`);
  return {
    id,
    from: { revision: from, name: a.name },
    to: { revision: to, name: b.name },
    ...diffDocuments(readStoredSpec(a.spec), readStoredSpec(b.spec)),
  };
}
