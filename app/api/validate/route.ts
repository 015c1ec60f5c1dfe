import { readSource } from "@/lib/services/body";
import { json, route } from "@/lib/services/http";
import { validateDocument } from "@/lib/services/validate-document";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async (req) => json(validateDocument(await readSource(req))));
