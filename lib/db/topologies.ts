/**
 * Topology and revision persistence. Revisions are append-only: a save inserts revision latest+1 and moves
 * the topology's latestRevision forward, in one transaction, only if the caller's baseRevision is still the
 * latest (checked inside the transaction, and again by the conditional update, so two concurrent saves
 * on the same base cannot both win). Expected outcomes are returned as values; the service maps them.
 */
import { Prisma } from "@/generated/prisma/client";
import { getDb } from "./client";

export interface TopologyRow {
  id: string;
  name: string;
  latestRevision: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RevisionRow {
  number: number;
  name: string;
  spec: string;
  message: string;
  createdAt: Date;
}

export type SaveOutcome =
  | { kind: "saved"; topology: TopologyRow; revision: RevisionRow }
  | { kind: "not_found" }
  | { kind: "stale"; latestRevision: number }
  | { kind: "name_taken" };

const revisionSelect = { number: true, name: true, spec: true, message: true, createdAt: true } as const;

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/** Thrown inside a transaction to roll it back, turned into a value outside. */
class Rollback {
  constructor(readonly outcome: Exclude<SaveOutcome, { kind: "saved" }>) {}
}

export async function insertTopology(input: { name: string; spec: string; message: string }): Promise<SaveOutcome> {
  try {
    return await getDb().$transaction(async (tx) => {
      const topology = await tx.topology.create({ data: { name: input.name, latestRevision: 1 } });
      const revision = await tx.revision.create({
        data: { topologyId: topology.id, number: 1, name: input.name, spec: input.spec, message: input.message },
        select: revisionSelect,
      });
      return { kind: "saved", topology, revision } as const;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { kind: "name_taken" };
    throw e;
  }
}

export async function appendRevision(input: {
  id: string;
  baseRevision: number;
  name: string;
  spec: string;
  message: string;
}): Promise<SaveOutcome> {
  try {
    return await getDb().$transaction(async (tx) => {
      const current = await tx.topology.findUnique({ where: { id: input.id } });
      if (!current) throw new Rollback({ kind: "not_found" });
      if (current.latestRevision !== input.baseRevision) throw new Rollback({ kind: "stale", latestRevision: current.latestRevision });
      const next = input.baseRevision + 1;
      const moved = await tx.topology.updateMany({
        where: { id: input.id, latestRevision: input.baseRevision },
        data: { latestRevision: next, name: input.name },
      });
      if (moved.count !== 1) throw new Rollback({ kind: "stale", latestRevision: current.latestRevision });
      const revision = await tx.revision.create({
        data: { topologyId: input.id, number: next, name: input.name, spec: input.spec, message: input.message },
        select: revisionSelect,
      });
      const topology = await tx.topology.findUniqueOrThrow({ where: { id: input.id } });
      return { kind: "saved", topology, revision } as const;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome;
    // Unique (topologyId, number) is the backstop against a concurrent save; a taken name is the other case.
    if (isUniqueViolation(e)) {
      const target = String((e as Prisma.PrismaClientKnownRequestError).meta?.target ?? "");
      return target.includes("name") && !target.includes("number") ? { kind: "name_taken" } : { kind: "stale", latestRevision: -1 };
    }
    throw e;
  }
}

export async function findTopology(id: string): Promise<(TopologyRow & { revision: RevisionRow }) | null> {
  const t = await getDb().topology.findUnique({ where: { id } });
  if (!t) return null;
  const revision = await getDb().revision.findUnique({
    where: { topologyId_number: { topologyId: id, number: t.latestRevision } },
    select: revisionSelect,
  });
  return revision ? { ...t, revision } : null;
}

export async function listTopologiesWithLatest(): Promise<(TopologyRow & { revision: RevisionRow | null })[]> {
  const rows = await getDb().topology.findMany({ orderBy: [{ updatedAt: "desc" }, { name: "asc" }] });
  const latest = await getDb().revision.findMany({
    where: { OR: rows.map((r) => ({ topologyId: r.id, number: r.latestRevision })) },
    select: { ...revisionSelect, topologyId: true },
  });
  const byId = new Map(latest.map((r) => [r.topologyId, r]));
  return rows.map((r) => ({ ...r, revision: byId.get(r.id) ?? null }));
}

export async function countTopologies(): Promise<number> {
  return getDb().topology.count();
}

export async function topologyExists(id: string): Promise<boolean> {
  return (await getDb().topology.count({ where: { id } })) > 0;
}

export async function listRevisionRows(id: string): Promise<Omit<RevisionRow, "spec">[]> {
  return getDb().revision.findMany({
    where: { topologyId: id },
    orderBy: { number: "desc" },
    select: { number: true, name: true, message: true, createdAt: true },
  });
}

export async function findRevision(id: string, number: number): Promise<RevisionRow | null> {
  return getDb().revision.findUnique({ where: { topologyId_number: { topologyId: id, number } }, select: revisionSelect });
}

/** Hard delete: revisions and runs go with the topology (onDelete: Cascade). */
export async function removeTopology(id: string): Promise<boolean> {
  const { count } = await getDb().topology.deleteMany({ where: { id } });
  return count > 0;
}
