import { json, route } from "@/lib/services/http";
import { getRun } from "@/lib/services/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ runId: string }>(async (_req, { runId }) => json(await getRun(runId)));
