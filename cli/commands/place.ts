/** `topoplan place <cluster.yaml> [--seed N] [--json] [--trace [POD]]`: create and schedule the missing pods. */
import { placeSnapshot, type PlacementResult, type SchedulerFactory } from "../../lib/engine/place";
import { seedFrom } from "../../lib/engine/util/prng";
import { formatSnapshotIssue, parseSnapshot } from "../../lib/k8s/snapshot";
import { placeWithTraces, type SnapshotPodTrace } from "../../lib/services/snapshot-trace";
import { parseArgs, type ExitCode, type Io } from "../args";
import { counts, table, traceLines } from "../format";
import { loadSchedulerFactory } from "../scheduler-factory";

export const PLACE_HELP = `Usage: topoplan place <cluster.yaml> [--seed N] [--json] [--percentage-of-nodes-to-score P] [--trace [POD]]

Reads a cluster snapshot (multi-document YAML or JSON, or a kind: List as "kubectl get -o yaml"
prints it: Node, Pod, Deployment, ReplicaSet, Service, PodDisruptionBudget, Namespace), lets the
Deployment and ReplicaSet controllers create the pods each workload is missing, and schedules every
unbound pod as kube-scheduler's default profile would, one at a time in queue order (priority, then
creationTimestamp), retrying the pods that did not fit while later bindings change the cluster.

Options:
  --seed N                              seed for generated names and the scheduler's tie-breaks (default 1)
  --json                                print one JSON object: {pods: [...], deployments: [...]}
  --percentage-of-nodes-to-score P      kube-scheduler's percentageOfNodesToScore (default: adaptive)
  --trace POD                           print the scheduler's trace of POD ("namespace/name" or "name",
                                        scheduled or left pending; names of created pods depend on --seed):
                                        nodes evaluated and feasible, the nodes each Filter plugin rejected
                                        and why, the top scored nodes with each plugin's score and weight
  --trace                               print each binding to stderr as it happens, then the pods left
                                        pending; and the trace of every pod left pending
  -h, --help                            show this help

Traces follow the tables (with --json, in "traces"). Exit status: 0 on success (pending pods are a
result, not an error), 1 when the snapshot is invalid or cannot be read, or the pod to trace had no
scheduling cycle, 2 on a usage error.`;

export async function placeCommand(argv: string[], io: Io, factory?: SchedulerFactory): Promise<ExitCode> {
  const args = parseArgs(argv, { seed: { value: true }, json: {}, "percentage-of-nodes-to-score": { value: true }, trace: { optionalValue: true } });
  const usage = (msg: string): ExitCode => {
    io.err(`topoplan place: ${msg}\n\n${PLACE_HELP}`);
    return 2;
  };
  if (!args.ok) return usage(args.error);
  if (args.options.help) {
    io.out(PLACE_HELP);
    return 0;
  }
  // `--trace` takes an optional pod name; in `place --trace cluster.yaml` the word after it is the file.
  let positionals = args.positionals;
  let traceOpt = args.options.trace;
  if (traceOpt === "") return usage("--trace= needs a pod name");
  if (typeof traceOpt === "string" && positionals.length === 0) {
    positionals = [traceOpt];
    traceOpt = true;
  }
  const tracePodName = typeof traceOpt === "string" ? traceOpt : null;
  if (positionals.length !== 1) return usage("expected exactly one cluster file");
  const seedText = args.options.seed;
  if (seedText !== undefined && (seedText === true || !/^-?\d+$/.test(seedText))) return usage("--seed must be an integer");
  const pctText = args.options["percentage-of-nodes-to-score"];
  const pct = typeof pctText === "string" ? Number(pctText) : undefined;
  if (pct !== undefined && (!Number.isInteger(pct) || pct < 0 || pct > 100)) return usage("--percentage-of-nodes-to-score must be an integer 0-100");

  const file = positionals[0]!;
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    io.err(`topoplan place: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 1;
  }
  const parsed = parseSnapshot(text);
  if (!parsed.ok) {
    io.err(`topoplan place: ${file} is not a valid cluster snapshot:`);
    for (const issue of parsed.error.issues) io.err(`  ${file}: ${formatSnapshotIssue(issue)}`);
    return 1;
  }
  for (const w of parsed.snapshot.warnings) io.err(`warning: ${file}: ${formatSnapshotIssue(w)}`);
  const createScheduler = factory ?? (await loadSchedulerFactory());
  if (!createScheduler) {
    io.err("topoplan place: the scheduler engine is not available in this build");
    return 1;
  }
  const seed = seedFrom(seedText === undefined ? 1 : seedText);
  let result: PlacementResult;
  let traces: SnapshotPodTrace[] | undefined;
  if (tracePodName !== null) {
    // One pass, tracing the named pod's cycles as they run (its name may be one the controllers generate).
    const wanted = (key: string) => key === tracePodName || key.slice(key.indexOf("/") + 1) === tracePodName;
    const placed = placeWithTraces(parsed.snapshot, { seed, percentageOfNodesToScore: pct }, wanted);
    result = placed.result;
    const matches = result.pods.filter((p) => wanted(`${p.namespace}/${p.name}`));
    if (matches.length === 0) {
      const names = result.pods.slice(0, 8).map((p) => `${p.namespace}/${p.name}`);
      io.err(`topoplan place: --trace: no pod ${tracePodName} in ${file} nor created by the controllers with seed ${seedText ?? 1} (pods: ${names.join(", ")}${result.pods.length > names.length ? ", ..." : ""})`);
      return 1;
    }
    traces = [];
    for (const p of matches) {
      const t = placed.traces.get(`${p.namespace}/${p.name}`);
      if (!t) {
        io.err(`topoplan place: --trace: pod ${p.namespace}/${p.name} had no scheduling cycle to trace (${p.pending === false ? `it is bound to ${p.node} in the snapshot` : p.pending})`);
        return 1;
      }
      traces.push(t);
    }
  } else {
    result = placeSnapshot(parsed.snapshot, {
      seed,
      percentageOfNodesToScore: pct,
      createScheduler,
      trace: traceOpt ? (e) => io.err(`${e.pod} -> ${e.nodeName ?? `pending: ${e.message}`}`) : undefined,
    });
    if (traceOpt) {
      // Which pods stay pending is known only at the end: the placement is replayed (it is deterministic)
      // with their cycles traced, as the Placement tab replays a placement to trace one pod.
      const pending = new Set(result.pods.filter((p) => p.pending !== false).map((p) => `${p.namespace}/${p.name}`));
      const placed = pending.size > 0 ? placeWithTraces(parsed.snapshot, { seed, percentageOfNodesToScore: pct }, (key) => pending.has(key)) : null;
      traces = result.pods.flatMap((p) => placed?.traces.get(`${p.namespace}/${p.name}`) ?? []);
    }
  }
  // The snapshot's own warnings were printed above; the rest come from placement (e.g. a pod bound to a node
  // the snapshot lacks) and would otherwise only be visible in --json's "warnings".
  for (const w of result.warnings.slice(parsed.snapshot.warnings.length)) io.err(`warning: ${file}: ${w}`);
  if (args.options.json) io.out(JSON.stringify({ ...toJson(result), ...(traces ? { traces } : {}) }, null, 2));
  else {
    for (const line of toText(result)) io.out(line);
    for (const t of traces ?? []) for (const line of ["", ...traceLines(t)]) io.out(line);
  }
  return 0;
}

/** The contract fields (docs/cli.md) first, then extras. */
function toJson(r: PlacementResult) {
  return {
    pods: r.pods.map((p) => ({ namespace: p.namespace, name: p.name, owner: p.owner, node: p.node, zone: p.zone, region: p.region, pending: p.pending, created: p.created })),
    deployments: r.deployments.map((d) => ({
      namespace: d.namespace,
      name: d.name,
      replicas: d.replicas,
      scheduled: d.scheduled,
      pending: d.pending,
      byZone: d.byZone,
      byRegion: d.byRegion,
      byNode: d.byNode,
      replicaSet: d.replicaSet,
      spread: d.spread,
      ifLost: d.ifLost,
    })),
    seed: r.seed,
    warnings: r.warnings,
  };
}

function toText(r: PlacementResult): string[] {
  const out = table(
    ["NAMESPACE", "NAME", "OWNER", "NODE", "ZONE", "REGION", "STATUS"],
    r.pods.map((p) => [p.namespace, p.name, p.owner ?? "<none>", p.node ?? "<none>", p.zone ?? "-", p.region ?? "-", p.pending === false ? (p.created ? "Scheduled" : "Bound") : "Pending"]),
  );
  out.push("");
  out.push(
    ...table(
      ["DEPLOYMENT", "REPLICAS", "SCHEDULED", "PENDING", "BY ZONE", "BY REGION", "LEFT IF ONE NODE/ZONE/REGION LOST"],
      r.deployments.map((d) => [
        `${d.namespace}/${d.name}`,
        String(d.replicas),
        String(d.scheduled),
        String(d.pending),
        counts(d.byZone),
        counts(d.byRegion),
        `${d.ifLost.node.replicasLeft}/${d.ifLost.zone.replicasLeft}/${d.ifLost.region.replicasLeft}`,
      ]),
    ),
  );
  const skews = r.deployments.flatMap((d) =>
    d.spread.map((s) => `  ${d.namespace}/${d.name}: ${s.topologyKey} skew ${s.skew} (maxSkew ${s.maxSkew}, ${s.whenUnsatisfiable}) ${counts(s.domains)}`),
  );
  if (skews.length > 0) out.push("", "Topology spread:", ...skews);
  const reasons = new Map<string, number>();
  for (const p of r.pods) if (p.pending !== false) reasons.set(p.pending, (reasons.get(p.pending) ?? 0) + 1);
  if (reasons.size > 0) {
    out.push("", "Pending:");
    for (const [msg, n] of reasons) out.push(`  ${n} pod(s): ${msg}`);
  }
  return out;
}
