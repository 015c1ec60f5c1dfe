/** The small summary stored beside a run's result: what the runs list and the comparison show. */
import type { RunResult } from "../worker/compute";

export interface DeploymentOutcome {
  cluster: string;
  deployment: string;
  desired: number;
  minReady: number;
  recoveredAtMs: number | null;
  pendingAtEnd: number;
}

export function summarize(result: RunResult) {
  if (result.kind === "simulation") {
    const deployments: DeploymentOutcome[] = result.deployments.map((d) => ({
      cluster: d.cluster, deployment: `${d.namespace}/${d.name}`, desired: d.desired, minReady: d.minReady, recoveredAtMs: d.recoveredAtMs, pendingAtEnd: d.pendingAtEnd,
    }));
    const recovered = deployments.filter((d) => d.recoveredAtMs !== null);
    return {
      kind: "simulation" as const,
      deployments,
      recovered: recovered.length === deployments.length,
      notRecovered: deployments.length - recovered.length,
      lastRecoveryMs: recovered.length ? Math.max(...recovered.map((d) => d.recoveredAtMs as number)) : null,
      findings: result.lint.length,
    };
  }
  const verdicts = { survives: 0, degraded: 0, down: 0 };
  for (const c of result.clusters) for (const s of c.scenarios) for (const d of s.deployments) verdicts[d.verdict]++;
  return { kind: "sweep" as const, scenarios: result.clusters.reduce((n, c) => n + c.scenarios.length, 0), verdicts, findings: result.lint.length };
}
