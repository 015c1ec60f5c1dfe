/**
 * Runs: start a simulation or sweep in the worker (202 with the run id at once), track its progress in memory,
 * store the result, read and list runs, compare two. A run left `running` by a restarted server has no
 * progress entry: it is reported as failed ("interrupted") when read.
 */
import { z } from "zod";
import { findRevision, findTopology } from "../db/topologies";
import { fromZodIssues, toIssue } from "../schemas/issues";
import type { ParsedSource } from "../yaml/parse";
import { runInWorker } from "../worker/pool";
import type { Job, Progress } from "../worker/protocol";
import { AppError, notFound } from "./errors";
import { failRun, findRun, finishRun, insertRun, listRunRows } from "./runs-store";
import { summarize } from "./runs-summary";
import { readStoredSpec } from "./stored-spec";
import { checkScenario } from "./simulation-scenario";

const holder = globalThis as unknown as { __topoplanRuns?: Map<string, Progress> };
const progressOf = (holder.__topoplanRuns ??= new Map());

const simulationBody = z.strictObject({ revision: z.number().int().min(1).optional(), scenario: z.record(z.string(), z.unknown()) });
const sweepBody = z.strictObject({ revision: z.number().int().min(1).optional() });

function parseBody<T>(schema: z.ZodType<T>, source: ParsedSource | null): T {
  const r = schema.safeParse(source?.value ?? {});
  if (!r.success) {
    const issues = fromZodIssues(r.error.issues).map((i) => toIssue(i, source?.locate(i.segments)));
    throw new AppError("validation_failed", `invalid request: ${issues.length} issue${issues.length === 1 ? "" : "s"}`, issues);
  }
  return r.data;
}

async function specAt(topologyId: string, revision: number | undefined) {
  const t = await findTopology(topologyId);
  if (!t) throw notFound(`topology ${topologyId}`);
  const number = revision ?? t.latestRevision;
  const r = number === t.latestRevision ? t.revision : await findRevision(topologyId, number);
  if (!r) throw notFound(`revision ${number} of topology ${topologyId}`);
  return { number, spec: readStoredSpec(r.spec) };
}

async function start(topologyId: string, revisionNumber: number, kind: Job["kind"], scenario: unknown, job: Job) {
  const row = await insertRun({ topologyId, revisionNumber, kind, scenario });
  progressOf.set(row.id, { done: 0, total: 1, virtualMs: 0 });
  // Not awaited: the request answers 202 now; a worker thread does the work.
  void runInWorker(job, (p) => progressOf.set(row.id, p))
    .then((result) => finishRun(row.id, row.startedAt, result, summarize(result)))
    .catch((e: unknown) => failRun(row.id, row.startedAt, e instanceof Error ? e.message : String(e)))
    .catch((e: unknown) => console.error("[topoplan] could not record run", row.id, e))
    .finally(() => progressOf.delete(row.id));
  return { runId: row.id, status: "running" as const, kind, revision: revisionNumber };
}

export async function startSimulation(topologyId: string, source: ParsedSource | null) {
  const body = parseBody(simulationBody, source);
  const { number, spec } = await specAt(topologyId, body.revision);
  checkScenario(spec, body.scenario, source);
  return start(topologyId, number, "simulation", body.scenario, { kind: "simulation", spec, scenario: body.scenario });
}

export async function startSweep(topologyId: string, source: ParsedSource | null) {
  const body = parseBody(sweepBody, source);
  const { number, spec } = await specAt(topologyId, body.revision);
  return start(topologyId, number, "sweep", {}, { kind: "sweep", spec });
}

type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

function view(r: Omit<RunRow, "result"> & { result?: string | null }, withResult: boolean) {
  const progress = progressOf.get(r.id) ?? null;
  const interrupted = r.status === "running" && !progress;
  return {
    id: r.id, topologyId: r.topologyId, revision: r.revisionNumber, kind: r.kind,
    status: interrupted ? "failed" : r.status,
    progress,
    scenario: JSON.parse(r.scenario) as unknown,
    summary: r.summary ? (JSON.parse(r.summary) as unknown) : null,
    error: interrupted ? "interrupted: the server restarted while the run was in progress" : r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
    ...(withResult ? { result: r.result ? (JSON.parse(r.result) as unknown) : null } : {}),
  };
}

export async function getRun(runId: string) {
  const r = await findRun(runId);
  if (!r) throw notFound(`run ${runId}`);
  return view(r, true);
}

export async function listRuns(topologyId: string) {
  if (!(await findTopology(topologyId))) throw notFound(`topology ${topologyId}`);
  return { items: (await listRunRows(topologyId)).map((r) => view(r, false)) };
}
