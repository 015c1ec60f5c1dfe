import { json, route } from "@/lib/services/http";
import { startSimulation } from "@/lib/services/runs";
import { readOptionalSource } from "@/lib/services/runs-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** 202 at once: the simulation runs in a worker thread (lib/worker/pool.ts); poll GET /api/runs/:runId. */
export const POST = route<{ id: string }>(async (req, { id }) => json(await startSimulation(id, await readOptionalSource(req)), 202));
