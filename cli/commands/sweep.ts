/** `topoplan sweep <cluster.yaml> [--json]`: fail each zone, then each region, from the same steady state. */
import { sweepScenarios, type SweepOptions } from "../../lib/engine/analysis/sweep";
import { sweepReport } from "../../lib/engine/sim/report";
import { parseDuration } from "../../lib/engine/util/duration";
import { parseArgs, type ExitCode, type Io } from "../args";
import { table } from "../format";
import { readSnapshot, simulationInput } from "../snapshot-input";
import { sweepParallel } from "../sweep-parallel";

export const SWEEP_HELP = `Usage: topoplan sweep <cluster.yaml> [--json] [--horizon 1h] [--seed N] [--threads N]

Fails each zone, then each region, one at a time from the same steady state, simulates Kubernetes'
reaction for the horizon and judges every Deployment: survives (never below desired minus what its
PodDisruptionBudgets allow), degraded, or down (0 ready at some point). Scenarios run in parallel on
worker threads, one per core; the result is the same as a serial run.

Options:
  --json         print {scenarios: [{scenario, deployments: [...], shortfall}]}
  --horizon D    virtual time after the failure (Go duration, default 1h)
  --seed N       seed (default 0)
  --threads N    worker threads (default: number of cores; 1 runs serially)
  -h, --help     show this help

Exit status: 0 on success, 1 on invalid input, 2 on a usage error.`;

export async function sweepCommand(argv: string[], io: Io): Promise<ExitCode> {
  const args = parseArgs(argv, { json: {}, horizon: { value: true }, seed: { value: true }, threads: { value: true } });
  const usage = (msg: string): ExitCode => {
    io.err(`topoplan sweep: ${msg}\n\n${SWEEP_HELP}`);
    return 2;
  };
  if (!args.ok) return usage(args.error);
  if (args.options.help) {
    io.out(SWEEP_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) return usage("expected exactly one cluster file");
  const opts: SweepOptions = {};
  const { horizon, seed, threads } = args.options;
  if (typeof horizon === "string") {
    const d = parseDuration(horizon);
    if (!d.ok) return usage(`--horizon: ${d.error}`);
    opts.horizonMs = d.ms;
  }
  if (typeof seed === "string") {
    if (!/^-?\d+$/.test(seed)) return usage("--seed must be an integer");
    opts.seed = Number(seed);
  }
  let nThreads: number | undefined;
  if (typeof threads === "string") {
    if (!/^\d+$/.test(threads) || Number(threads) < 1) return usage("--threads must be a positive integer");
    nThreads = Number(threads);
  }
  const snapshot = await readSnapshot("sweep", args.positionals[0]!, io);
  if (!snapshot) return 1;
  const input = simulationInput(snapshot);
  const scenarios = sweepScenarios(input);
  const report = sweepReport(await sweepParallel(input, scenarios, opts, nThreads));
  if (args.options.json) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  if (scenarios.length === 0) io.out("No zones or regions: nodes carry no topology.kubernetes.io/zone or region labels.");
  const rows = report.scenarios.flatMap((s) => s.deployments.map((d) => [
    s.scenario, `${d.namespace}/${d.name}`, String(d.desired), String(d.minReady), d.recoveredAt ?? "never", String(d.pendingAtEnd), d.verdict,
  ]));
  for (const line of table(["SCENARIO", "DEPLOYMENT", "DESIRED", "MIN READY", "RECOVERED AT", "PENDING AT END", "VERDICT"], rows)) io.out(line);
  const reasons = report.scenarios.flatMap((s) => s.deployments.flatMap((d) => Object.entries(d.pendingReasons).map(([m, n]) => `${s.scenario} ${d.namespace}/${d.name}: ${n} pending: ${m}`)));
  if (reasons.length > 0) io.out("");
  for (const r of reasons) io.out(r);
  return 0;
}
