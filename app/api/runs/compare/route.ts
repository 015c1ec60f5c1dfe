import { json, route } from "@/lib/services/http";
import { compareRuns } from "@/lib/services/runs-compare";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async (req) => {
  const q = new URL(req.url).searchParams;
  return json(await compareRuns(q.get("a"), q.get("b")));
});
