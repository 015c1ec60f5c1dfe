/**
 * HA lint: findings about a topology's behaviour under outages. Each rule reads the design and, when given, the
 * result of a sweep (the simulated zone / region outages), so a finding can say "this happened" rather than
 * "this might happen". Pure: plain data in, plain data out.
 */
import type { Topology } from "../../../schemas/topology";
import type { SweepScenarioResult } from "../sweep";

export type Severity = "error" | "warning" | "info";

export interface LintSource {
  title: string;
  url: string;
}

export interface LintFinding {
  /** Rule id, e.g. `spread-ignore-trap`. */
  rule: string;
  /** Stable per finding: rule + object, so the UI can key and compare runs. */
  id: string;
  severity: Severity;
  /** The object concerned, kubectl style: `Deployment shop/web` (cluster prod-use1). */
  object: string;
  cluster?: string;
  /** Path in the topology document, for the editor (`workloads[0].manifest.spec...`). */
  path?: string;
  /** What to change. */
  message: string;
  /** Why: the Kubernetes behaviour behind it. */
  reason: string;
  source: LintSource;
}

/** One sweep per cluster (scenarios are per cluster since each cluster is simulated alone). */
export interface ClusterSweep {
  cluster: string;
  scenarios: SweepScenarioResult[];
}

export interface LintContext {
  topology: Topology;
  sweep?: ClusterSweep[];
}

export interface LintRule {
  id: string;
  title: string;
  check(ctx: LintContext): LintFinding[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
