import { json, route } from "@/lib/services/http";
import { createPlacement, listPlacements } from "@/lib/services/placements";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async (_req, { id }) => json(await listPlacements(id)));

export const POST = route<{ id: string }>(async (req, { id }) => json(await createPlacement(id, req), 201));
