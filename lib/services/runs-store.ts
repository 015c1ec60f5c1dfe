/**
 * Run persistence. A finished run is written in one transaction: the Run row (summary + compact result JSON)
 * and its RunSeries counts per (step, deployment, domain), inserted with createMany in chunks (never one
 * create per row: a big cluster yields thousands of rows).
 */
import { getDb } from "../db/client";
import type { RunResult } from "../worker/compute";

export const SERIES_CHUNK = 500;

export interface SeriesRow {
  step: number;
  timeMs: number;
  cluster: string;
  deployment: string;
  domainKey: string;
  domain: string;
  desired?: number;
  pending?: number;
  running?: number;
  ready?: number;
  available?: number;
  terminating?: number;
}

/**
 * Simulation: each Deployment sample (cluster domain), each zone sample (all pods, deployment "*"), and each
 * (zone, Deployment) at t = 0 and at the horizon; sweep: one step per scenario.
 */
export function seriesRows(result: RunResult): SeriesRow[] {
  const rows: SeriesRow[] = [];
  if (result.kind === "simulation") {
    for (const d of result.deployments) d.series.forEach((s, step) => rows.push({
      step, timeMs: s.atMs, cluster: d.cluster, deployment: `${d.namespace}/${d.name}`, domainKey: "cluster", domain: d.cluster,
      desired: s.desired, pending: s.pending, ready: s.ready, available: s.available,
    }));
    for (const z of result.zones) z.series.forEach((s, step) => rows.push({
      step, timeMs: s.atMs, cluster: z.cluster, deployment: "*", domainKey: "topology.kubernetes.io/zone", domain: z.zone, running: s.pods,
    }));
    // Per (zone, Deployment): step 0 = t = 0, step 1 = the horizon (pods not owned by a Deployment are left out).
    for (const p of result.zonePods ?? []) {
      if (!p.deployment) continue;
      const base = { cluster: p.cluster, deployment: p.deployment, domainKey: "topology.kubernetes.io/zone", domain: p.zone };
      rows.push({ step: 0, timeMs: 0, ...base, running: p.before });
      rows.push({ step: 1, timeMs: result.horizonMs, ...base, running: p.after, ready: p.ready, terminating: p.terminating });
    }
    return rows;
  }
  for (const c of result.clusters) c.scenarios.forEach((sc, step) => {
    for (const d of sc.deployments) rows.push({
      step, timeMs: Math.max(0, d.minReadyAtMs), cluster: c.cluster, deployment: `${d.namespace}/${d.name}`,
      domainKey: sc.scenario.kind === "zone" ? "topology.kubernetes.io/zone" : "topology.kubernetes.io/region", domain: sc.scenario.name,
      desired: d.desired, ready: d.minReady, pending: d.pendingAtEnd,
    });
  });
  return rows;
}

export async function insertRun(input: { topologyId: string; revisionNumber: number; kind: string; scenario: unknown }) {
  return getDb().run.create({
    data: { topologyId: input.topologyId, revisionNumber: input.revisionNumber, kind: input.kind, scenario: JSON.stringify(input.scenario), status: "running" },
  });
}

export async function finishRun(id: string, startedAt: Date, result: RunResult, summary: unknown) {
  const rows = seriesRows(result);
  const finishedAt = new Date();
  await getDb().$transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += SERIES_CHUNK) {
      await tx.runSeries.createMany({ data: rows.slice(i, i + SERIES_CHUNK).map((r) => ({ runId: id, ...r })) });
    }
    await tx.run.update({
      where: { id },
      data: { status: "succeeded", summary: JSON.stringify(summary), result: JSON.stringify(result), finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() },
    });
  });
}

export async function failRun(id: string, startedAt: Date, error: string) {
  const finishedAt = new Date();
  await getDb().run.update({ where: { id }, data: { status: "failed", error, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() } });
}

export const findRun = (id: string) => getDb().run.findUnique({ where: { id } });

export const listRunRows = (topologyId: string) =>
  getDb().run.findMany({ where: { topologyId }, orderBy: { startedAt: "desc" }, take: 100, omit: { result: true } });

export const countSeries = (runId: string) => getDb().runSeries.count({ where: { runId } });
