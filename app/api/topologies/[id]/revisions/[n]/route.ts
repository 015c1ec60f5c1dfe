import { json, route } from "@/lib/services/http";
import { getRevision } from "@/lib/services/revisions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ id: string; n: string }>(async (_req, { id, n }) => json(await getRevision(id, n)));
