import { json, route } from "@/lib/services/http";
import { diffRevisions } from "@/lib/services/revisions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async (req, { id }) => json(await diffRevisions(id, new URL(req.url).searchParams)));
