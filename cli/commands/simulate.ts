/** `topoplan simulate <cluster.yaml> --scenario <scenario.yaml> [--json]`: one outage scenario, in virtual time. */
import { parseScenario, type Scenario } from "../../lib/engine/sim/scenario";
import { LABEL_REGION, LABEL_ZONE, type Node } from "../../lib/k8s/types";
import { simulateReport } from "../../lib/engine/sim/report";
import { simulate } from "../../lib/engine/sim/simulate";
import { shiftScenario, steadyWarmupMs, unshiftResult } from "../../lib/engine/sim/warmup";
import { parseArgs, type ExitCode, type Io } from "../args";
import { table } from "../format";
import { readSnapshot, simulationInput } from "../snapshot-input";

export const SIMULATE_HELP = `Usage: topoplan simulate <cluster.yaml> --scenario <scenario.yaml> [--json] [--all-events]

Simulates a scenario (zone, node or region failures and recoveries, node drains, rollouts, on a virtual
clock) with Kubernetes' controllers: node lifecycle (grace period, taints, zone-aware eviction rates), taint
eviction (tolerationSeconds), the Deployment and ReplicaSet controllers, kube-scheduler and kubelet startup.
A drain is kubectl drain NODE --ignore-daemonsets --force: cordon, then the Eviction API honouring
PodDisruptionBudgets, refused evictions retried every 5s. A rollout changes a Deployment's pod template
(kubectl rollout restart, or set image / labels / annotations) and rolls it out with its strategy.

Options:
  --scenario FILE   the scenario (seed, horizon, settings, events); required
  --json            print {deployments, events, notes, drains, rollouts} (durations in Go style from t=0)
  --all-events      list every event in the text timeline (default: the first 40 and a count)
  -h, --help        show this help

Exit status: 0 on success (pending pods are a result), 1 on invalid input, 2 on a usage error.`;

export async function simulateCommand(argv: string[], io: Io): Promise<ExitCode> {
  const args = parseArgs(argv, { scenario: { value: true }, json: {}, "all-events": {} });
  const usage = (msg: string): ExitCode => {
    io.err(`topoplan simulate: ${msg}\n\n${SIMULATE_HELP}`);
    return 2;
  };
  if (!args.ok) return usage(args.error);
  if (args.options.help) {
    io.out(SIMULATE_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) return usage("expected exactly one cluster file");
  const scenarioFile = args.options.scenario;
  if (typeof scenarioFile !== "string") return usage("--scenario <scenario.yaml> is required");
  const snapshot = await readSnapshot("simulate", args.positionals[0]!, io);
  if (!snapshot) return 1;
  let text: string;
  try {
    text = await io.readFile(scenarioFile);
  } catch (e) {
    io.err(`topoplan simulate: cannot read ${scenarioFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 1;
  }
  // A rollout must name a Deployment (and container) the snapshot has: checked with the scenario's own schema.
  const deployments = new Map(snapshot.deployments.map((d) => [`${d.metadata.namespace || "default"}/${d.metadata.name ?? ""}`, d.spec.template.spec.containers.map((c) => c.name)]));
  const sc = parseScenario(text, { deployments });
  if (!sc.ok) {
    io.err(`topoplan simulate: ${scenarioFile} is not a valid scenario:`);
    for (const i of sc.issues) io.err(`  ${scenarioFile}: ${i.path || "(root)"}${i.line ? `, line ${i.line} column ${i.column}` : ""}: ${i.message}`);
    return 1;
  }
  const unknown = unknownTargets(snapshot.nodes, sc.scenario);
  if (unknown.length > 0) {
    io.err(`topoplan simulate: ${scenarioFile} names what the cluster does not have:`);
    for (const u of unknown) io.err(`  ${scenarioFile}: ${u}`);
    return 1;
  }
  // t = 0 is the steady state: a snapshot that still lacks pods is warmed up first (lib/engine/sim/warmup.ts).
  const input = simulationInput(snapshot);
  const w = steadyWarmupMs(input, sc.scenario.settings ?? {});
  const raw = simulate(input, shiftScenario(sc.scenario, w));
  const report = simulateReport(w === 0 ? raw : unshiftResult(raw, w));
  if (args.options.json) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  const limit = args.options["all-events"] ? Infinity : 40;
  io.out("Timeline:");
  const shown = report.events.slice(0, limit);
  for (const line of table(["AT", "TYPE", "REASON", "OBJECT", "MESSAGE"], shown.map((e) => [e.at, e.type, e.reason, e.object, e.message]))) io.out(`  ${line}`);
  if (report.events.length > shown.length) io.out(`  ... ${report.events.length - shown.length} more events (--all-events or --json to see them)`);
  for (const n of report.notes) io.out(`  note ${n.at} ${n.component}: ${n.message}`);
  io.out("");
  io.out("Deployments:");
  const rows = report.deployments.map((d) => [
    `${d.namespace}/${d.name}`, String(d.desired), String(d.minReady), d.minReadyAt ?? "-", d.recoveredAt ?? "never", String(d.readyAtEnd), String(d.pendingAtEnd),
  ]);
  for (const line of table(["DEPLOYMENT", "DESIRED", "MIN READY", "MIN AT", "RECOVERED AT", "READY AT END", "PENDING AT END"], rows)) io.out(`  ${line}`);
  for (const d of report.deployments) for (const [msg, n] of Object.entries(d.pendingReasons)) io.out(`  ${d.namespace}/${d.name}: ${n} pending: ${msg}`);
  if (report.drains.length > 0) {
    io.out("");
    io.out("Drains:");
    for (const d of report.drains) {
      const what = d.drainedAt !== null ? `drained at ${d.drainedAt}` : `not drained within the horizon (${d.remaining.length} pods left)`;
      io.out(`  node/${d.node} (drain at ${d.at}): ${what}; ${d.evicted.length} evicted, ${d.refusals} refused evictions`);
      for (const r of d.remaining) io.out(`    ${r.namespace}/${r.pod}: ${r.reason}`);
    }
  }
  if (report.rollouts.length > 0) {
    io.out("");
    io.out("Rollouts:");
    for (const x of report.rollouts) {
      const rs = x.replicaSet === null ? "no new replica set yet" : `replica set ${x.replicaSet}`;
      const end = x.completedAt !== null ? `complete at ${x.completedAt}` : x.supersededAt !== null ? `superseded at ${x.supersededAt}` : "not complete within the horizon";
      io.out(`  deployment/${x.deployment} -n ${x.namespace} (${x.strategy} at ${x.at}): ${rs}, ${end}`);
    }
  }
  return 0;
}

/** Failure / recovery / drain targets that match nothing in the snapshot (a typo would otherwise simulate no outage). */
function unknownTargets(nodes: Node[], scenario: Scenario): string[] {
  const names = new Set(nodes.map((n) => n.metadata.name ?? ""));
  const zones = new Set(nodes.map((n) => n.metadata.labels?.[LABEL_ZONE]).filter((z): z is string => !!z));
  const regions = new Set(nodes.map((n) => n.metadata.labels?.[LABEL_REGION]).filter((r): r is string => !!r));
  const out: string[] = [];
  scenario.events.forEach((e, i) => {
    for (const verb of ["fail", "recover"] as const) {
      const t = e[verb];
      if (!t) continue;
      if (t.node !== undefined && !names.has(t.node)) out.push(`events[${i}].${verb}.node: no node ${JSON.stringify(t.node)}`);
      if (t.zone !== undefined && !zones.has(t.zone)) out.push(`events[${i}].${verb}.zone: no node is in zone ${JSON.stringify(t.zone)} (zones: ${[...zones].sort().join(", ") || "none"})`);
      if (t.region !== undefined && !regions.has(t.region)) out.push(`events[${i}].${verb}.region: no node is in region ${JSON.stringify(t.region)} (regions: ${[...regions].sort().join(", ") || "none"})`);
    }
    if (e.drain && !names.has(e.drain.node)) out.push(`events[${i}].drain.node: no node ${JSON.stringify(e.drain.node)}`);
  });
  return out;
}
