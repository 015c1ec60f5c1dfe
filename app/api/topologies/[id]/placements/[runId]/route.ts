import { json, route } from "@/lib/services/http";
import { getPlacement } from "@/lib/services/placements";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ id: string; runId: string }>(async (_req, { id, runId }) => json(await getPlacement(id, runId)));
