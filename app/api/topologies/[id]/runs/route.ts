import { json, route } from "@/lib/services/http";
import { listRuns } from "@/lib/services/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async (_req, { id }) => json(await listRuns(id)));
