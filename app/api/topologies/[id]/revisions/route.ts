import { json, route } from "@/lib/services/http";
import { listRevisions } from "@/lib/services/revisions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async (_req, { id }) => json(await listRevisions(id)));
