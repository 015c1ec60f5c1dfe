import { readSource } from "@/lib/services/body";
import { json, route } from "@/lib/services/http";
import { deleteTopology, getTopology, updateTopology } from "@/lib/services/topologies";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async (_req, { id }) => json(await getTopology(id)));

export const PUT = route<Params>(async (req, { id }) => json(await updateTopology(id, await readSource(req))));

export const DELETE = route<Params>(async (_req, { id }) => json(await deleteTopology(id)));
