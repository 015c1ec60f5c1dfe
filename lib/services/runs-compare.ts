/**
 * Two runs side by side (typically the same scenario before and after a change): per Deployment, minReady,
 * recovery time and pods left Pending in each, and whether the change helped.
 */
import { AppError } from "./errors";
import { getRun } from "./runs";
import type { DeploymentOutcome } from "./runs-summary";

type Verdict = "better" | "worse" | "same";

function judge(a: DeploymentOutcome | undefined, b: DeploymentOutcome | undefined): Verdict {
  if (!a || !b) return "same";
  const rank = (d: DeploymentOutcome) => [d.recoveredAtMs === null ? 1 : 0, d.pendingAtEnd, -d.minReady, d.recoveredAtMs ?? 0];
  const x = rank(a);
  const y = rank(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i]! < x[i]! ? "better" : "worse";
  return "same";
}

export async function compareRuns(aId: string | null, bId: string | null) {
  if (!aId || !bId) throw new AppError("bad_request", "compare needs two runs: ?a=<runId>&b=<runId>", [{ path: aId ? "b" : "a", message: "Required value" }]);
  const [a, b] = await Promise.all([getRun(aId), getRun(bId)]);
  if (a.kind !== "simulation" || b.kind !== "simulation" || a.status !== "succeeded" || b.status !== "succeeded") {
    throw new AppError("bad_request", "only two finished simulation runs can be compared");
  }
  const da = (a.summary as { deployments: DeploymentOutcome[] }).deployments;
  const db = (b.summary as { deployments: DeploymentOutcome[] }).deployments;
  const keys = [...new Set([...da, ...db].map((d) => `${d.cluster}/${d.deployment}`))].sort();
  const rows = keys.map((k) => {
    const x = da.find((d) => `${d.cluster}/${d.deployment}` === k);
    const y = db.find((d) => `${d.cluster}/${d.deployment}` === k);
    return { key: k, a: x ?? null, b: y ?? null, change: judge(x, y) };
  });
  const strip = (r: typeof a) => ({ id: r.id, revision: r.revision, scenario: r.scenario, startedAt: r.startedAt, summary: r.summary });
  return { a: strip(a), b: strip(b), rows };
}
