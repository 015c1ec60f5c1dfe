/**
 * Rollouts of a simulation run, for the timeline and the Deployments summary: per Deployment row (cluster,
 * namespace, name), each `rollout` event of the scenario with what became of it: complete (and when), superseded
 * by a later rollout, not complete at the horizon (and why, when the stored data says so: pods still Pending, old
 * pods a Recreate waits for still Terminating, the Deployment controller's sync error, replicas not ready), or
 * never started because the template did not change or the API server refused it (kubectl's line). Pure.
 */
import type { RolloutResult } from "../engine/sim/results";

/** The engine's rollout result, with the cluster it ran in (as stored with a run). */
export type RolloutRecord = RolloutResult & { cluster: string };

export interface RolloutsInput {
  horizonMs: number;
  scenario: { events: readonly { atMs: number; rollout?: { deployment: string; image?: string } }[] };
  /** Absent from runs stored before rollouts reached the app: no rollouts. */
  rollouts?: readonly RolloutRecord[];
  rolloutNotes?: readonly { cluster: string; atMs: number; message: string }[];
  zonePods?: readonly { cluster: string; deployment: string; terminating: number }[];
}

export interface DeploymentRow {
  cluster: string;
  namespace: string;
  name: string;
  desired: number;
  readyAtEnd: number;
  pendingAtEnd: number;
}

export type RolloutStatus = "complete" | "superseded" | "incomplete" | "not-started";

export interface RolloutView {
  cluster: string;
  namespace: string;
  deployment: string;
  atMs: number;
  /** The new template's image, when the event set one (else a restart or a label / annotation patch). */
  image: string | null;
  strategy: RolloutRecord["strategy"] | null;
  replicaSet: string | null;
  status: RolloutStatus;
  /** Where the rollout's span ends on the timeline: completion, supersession, or the horizon. */
  endMs: number;
  completedAtMs: number | null;
  supersededAtMs: number | null;
  /** Why it is not complete, or why it never started; null when the data does not say. */
  why: string | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** kubectl's lines and the controller's errors about this Deployment (cluster, from a time on). */
function notesAbout(input: RolloutsInput, row: DeploymentRow) {
  const key = `${row.namespace}/${row.name}`;
  return (input.rolloutNotes ?? []).filter((n) => n.cluster === row.cluster && (
    n.message.startsWith(`deployment.apps/${row.name} `) || n.message.includes(`"${row.name}"`) || n.message.includes(`deployment ${key}:`)));
}

function whyIncomplete(input: RolloutsInput, row: DeploymentRow, r: RolloutRecord): string | null {
  const key = `${row.namespace}/${row.name}`;
  const syncError = notesAbout(input, row).find((n) => n.atMs >= r.atMs && n.message.startsWith("error syncing deployment"));
  if (syncError) return syncError.message;
  const terminating = (input.zonePods ?? []).filter((p) => p.cluster === row.cluster && p.deployment === key).reduce((n, p) => n + p.terminating, 0);
  if (r.strategy === "Recreate" && r.replicaSet === null) {
    return terminating > 0
      ? `Recreate starts the new pods only once every old pod is gone: ${plural(terminating, "old pod")} still Terminating on unreachable nodes (deleted, but nobody confirms they stopped)`
      : "Recreate starts the new pods only once every old pod is gone: still waiting at the end";
  }
  if (row.pendingAtEnd > 0) return `${plural(row.pendingAtEnd, "pod")} still Pending, so not every new replica is available`;
  if (row.readyAtEnd < row.desired) return `${row.readyAtEnd}/${row.desired} ready at the end: the new ReplicaSet's pods are not all available`;
  return "still in progress at the end of the horizon";
}

/** The rollouts of one Deployment row, in time order; [] for runs stored without rollouts. */
export function rolloutsOf(input: RolloutsInput, row: DeploymentRow): RolloutView[] {
  if (!input.rollouts) return [];
  const key = `${row.namespace}/${row.name}`;
  const records = input.rollouts.filter((r) => r.cluster === row.cluster && r.namespace === row.namespace && r.deployment === row.name);
  const used = new Set<RolloutRecord>();
  const notes = notesAbout(input, row);
  const out: RolloutView[] = [];
  for (const e of input.scenario.events) {
    if (e.rollout?.deployment !== key) continue;
    const image = e.rollout.image ?? null;
    const r = records.find((x) => !used.has(x) && x.atMs === e.atMs);
    if (!r) {
      // No template change: kubectl said "(no change)", or the API server refused the new template.
      const note = notes.find((n) => n.atMs === e.atMs);
      out.push({ cluster: row.cluster, namespace: row.namespace, deployment: row.name, atMs: e.atMs, image, strategy: null, replicaSet: null, status: "not-started", endMs: e.atMs, completedAtMs: null, supersededAtMs: null,
        why: note ? (note.message.endsWith("(no change)") ? `the template did not change (kubectl: ${note.message})` : note.message) : null });
      continue;
    }
    used.add(r);
    const status: RolloutStatus = r.completedAtMs !== null ? "complete" : r.supersededAtMs !== null ? "superseded" : "incomplete";
    out.push({
      cluster: row.cluster, namespace: row.namespace, deployment: row.name, atMs: r.atMs, image, strategy: r.strategy, replicaSet: r.replicaSet, status,
      endMs: r.completedAtMs ?? r.supersededAtMs ?? input.horizonMs, completedAtMs: r.completedAtMs, supersededAtMs: r.supersededAtMs,
      why: status === "incomplete" ? whyIncomplete(input, row, r) : null,
    });
  }
  return out;
}

/** Whether the run's scenario rolls anything out (the summary then has a Rollout column). */
export function hasRollouts(input: RolloutsInput): boolean {
  return input.rollouts !== undefined && input.scenario.events.some((e) => e.rollout);
}

/** The one-line hover text of a rollout on the timeline. */
export function rolloutTitle(v: RolloutView, clock: (ms: number) => string): string {
  const what = v.image ? `set image ${v.image}` : "restart / template patch";
  const head = `Rollout of ${v.namespace}/${v.deployment} at ${clock(v.atMs)} (${what})`;
  if (v.status === "not-started") return `${head}\nnot rolled out${v.why ? `: ${v.why}` : ""}`;
  const rs = v.replicaSet ? `new ReplicaSet ${v.replicaSet}` : "new ReplicaSet not created yet";
  const end = v.status === "complete" ? `complete at ${clock(v.completedAtMs!)} (all replicas updated and available)`
    : v.status === "superseded" ? `superseded at ${clock(v.supersededAtMs!)} by a later rollout`
      : `not complete at the end${v.why ? `: ${v.why}` : ""}`;
  return `${head}\n${v.strategy} · ${rs}\n${end}`;
}

/** One sentence for the headline over the timeline: each rollout and its outcome ("" without rollouts). */
export function rolloutHeadline(views: readonly RolloutView[], clock: (ms: number) => string): string {
  if (views.length === 0) return "";
  const clusters = new Set(views.map((v) => v.cluster));
  const parts = views.map((v) => {
    const who = `${clusters.size > 1 ? `${v.cluster}/` : ""}${v.deployment}`;
    if (v.status === "complete") return `${who} complete at T+${clock(v.completedAtMs!)}`;
    if (v.status === "superseded") return `${who} superseded at T+${clock(v.supersededAtMs!)}`;
    if (v.status === "not-started") return `${who} not rolled out (no template change)`;
    return `${who} not complete at the end`;
  });
  return `${views.length === 1 ? "Rollout" : "Rollouts"}: ${parts.join("; ")}.`;
}
