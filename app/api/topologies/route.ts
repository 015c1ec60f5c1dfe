import { readSource } from "@/lib/services/body";
import { json, route } from "@/lib/services/http";
import { createTopology, listTopologies } from "@/lib/services/topologies";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async () => json(await listTopologies()));

export const POST = route(async (req) => json(await createTopology(await readSource(req)), 201));
