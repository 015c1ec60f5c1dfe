/**
 * The HA lint registry: every rule, run in order, findings sorted by severity. To add a rule, write one file in
 * rules/ exporting a LintRule and list it here (docs/how-to/add-a-lint-rule.md).
 */
import { etcdQuorum } from "./rules/etcd-quorum";
import { n1Capacity } from "./rules/n1-capacity";
import { pdbBlocksDrain } from "./rules/pdb-blocks-drain";
import { scheduleAnywaySkew } from "./rules/schedule-anyway";
import { singleReplica } from "./rules/single-replica";
import { singleZoneReplicas } from "./rules/single-zone";
import { spreadIgnoreTrap } from "./rules/spread-ignore-trap";
import { stretchedControlPlane } from "./rules/stretched-control-plane";
import { tolerationSeconds } from "./rules/toleration-seconds";
import { SEVERITY_ORDER, type LintContext, type LintFinding, type LintRule } from "./types";

export type { ClusterSweep, LintContext, LintFinding, LintRule, LintSource, Severity } from "./types";

export const HA_RULES: readonly LintRule[] = [
  spreadIgnoreTrap, singleZoneReplicas, n1Capacity, etcdQuorum, stretchedControlPlane,
  scheduleAnywaySkew, pdbBlocksDrain, singleReplica, tolerationSeconds,
];

export function lintHa(ctx: LintContext, rules: readonly LintRule[] = HA_RULES): LintFinding[] {
  const out = rules.flatMap((r) => r.check(ctx));
  // Stable: severity first, then registry order (flatMap order) within a severity.
  return out.map((f, i) => ({ f, i })).sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i).map(({ f }) => f);
}
