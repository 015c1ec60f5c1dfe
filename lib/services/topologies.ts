/**
 * Topology use cases behind the REST API: list, create, get, update (append a revision), delete.
 */
import {
  appendRevision,
  findTopology,
  insertTopology,
  listTopologiesWithLatest,
  removeTopology,
  type SaveOutcome,
} from "../db/topologies";
import { toIssue } from "../schemas/issues";
import { validateTopology } from "../schemas/validate";
import type { ParsedSource } from "../yaml/parse";
import { AppError, notFound } from "./errors";
import { readStoredSpec, summarizeSpec } from "./stored-spec";
import { readTopologySave, type TopologySave } from "./topology-input";

function saved(outcome: SaveOutcome, input: TopologySave, id?: string) {
  switch (outcome.kind) {
    case "saved":
      return {
        id: outcome.topology.id,
        name: outcome.topology.name,
        revision: outcome.revision.number,
        message: outcome.revision.message,
        createdAt: outcome.topology.createdAt.toISOString(),
        updatedAt: outcome.topology.updatedAt.toISOString(),
        spec: JSON.parse(input.specJson) as unknown,
        warnings: input.warnings,
      };
    case "not_found":
      throw notFound(`topology ${id ?? ""}`.trim());
    case "stale":
      throw new AppError(
        "stale_revision",
        `baseRevision ${input.baseRevision} is not the latest revision${outcome.latestRevision > 0 ? ` (${outcome.latestRevision})` : ""}: reload, merge and save again`,
        [{ path: "baseRevision", message: "is not the latest revision" }],
        outcome.latestRevision > 0 ? { latestRevision: outcome.latestRevision } : {},
      );
    case "name_taken":
      throw new AppError("name_taken", `a topology named "${input.name}" already exists`, [{ path: "name", message: `"${input.name}" is already taken` }]);
  }
}

export async function listTopologies() {
  const rows = await listTopologiesWithLatest();
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      revision: r.latestRevision,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      ...(r.revision ? summarizeSpec(readStoredSpec(r.revision.spec)) : {}),
    })),
  };
}

export async function createTopology(source: ParsedSource) {
  const input = readTopologySave(source, "create");
  return saved(await insertTopology({ name: input.name, spec: input.specJson, message: input.message || "created" }), input);
}

export async function updateTopology(id: string, source: ParsedSource) {
  const input = readTopologySave(source, "update");
  const outcome = await appendRevision({
    id,
    baseRevision: input.baseRevision as number,
    name: input.name,
    spec: input.specJson,
    message: input.message,
  });
  return saved(outcome, input, id);
}

export async function getTopology(id: string) {
  const t = await findTopology(id);
  if (!t) throw notFound(`topology ${id}`);
  const spec = readStoredSpec(t.revision.spec);
  const check = validateTopology(spec);
  return {
    id: t.id,
    name: t.name,
    revision: t.latestRevision,
    message: t.revision.message,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    spec,
    warnings: check.ok ? check.warnings.map((w) => toIssue(w)) : [],
  };
}

export async function deleteTopology(id: string) {
  if (!(await removeTopology(id))) throw notFound(`topology ${id}`);
  return { id, deleted: true };
}
