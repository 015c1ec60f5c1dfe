/**
 * kubectl's rollout verbs on the console's Deployments: `set image`, `rollout status` (kubectl's status viewer,
 * polymorphichelpers/rollout_status.go, printed on every status change as its watch does, the virtual clock moving
 * until the rollout is done or its progress deadline passes), `rollout history`, `rollout undo` (client-side, as
 * kubectl does it: the chosen revision's template is copied back into the Deployment) and `rollout restart`.
 */
import type { Deployment, DeploymentSpec } from "../../k8s/types";
import { LABEL_POD_TEMPLATE_HASH } from "../../k8s/types";
import type { ConsoleCluster } from "./cluster";
import { ANNOTATION_DESIRED_REPLICAS, ANNOTATION_MAX_REPLICAS, ANNOTATION_REVISION, ANNOTATION_REVISION_HISTORY, ownedReplicaSets, revisionOf, templateKey } from "./deployment-replicasets";
import { conditionOf, REASON_TIMED_OUT, statusOf } from "./deployment-status";
import { tabwrite } from "./format";
import { canonicalJson } from "../util/hash";
import { keyOf, type ConsoleStore } from "./store";

/** The API server bumps metadata.generation on every spec change; the controller reports it as observedGeneration. */
export function putDeploymentSpec(s: ConsoleStore, d: Deployment, spec: DeploymentSpec): boolean {
  if (canonicalJson(spec) === canonicalJson(d.spec)) return false;
  s.deployments.set(keyOf(d), { ...d, metadata: { ...d.metadata, generation: (d.metadata.generation ?? 1) + 1 }, spec });
  return true;
}

const notFound = (name: string) => [`Error from server (NotFound): deployments.apps "${name}" not found`];

/** `kubectl set image deployment/NAME CONTAINER=IMAGE ...` (`*` for every container). */
export function setImage(c: ConsoleCluster, ns: string, name: string, pairs: string[]): string[] {
  const s = c.store;
  const d = s.deployments.get(`${ns}/${name}`);
  if (!d) return notFound(name);
  const images = new Map<string, string>();
  for (const kv of pairs) {
    const i = kv.indexOf("=");
    if (i <= 0 || i === kv.length - 1) return [`error: expected CONTAINER=IMAGE, got "${kv}"`];
    images.set(kv.slice(0, i), kv.slice(i + 1));
  }
  if (images.size === 0) return ["error: at least one image update is required"];
  const containers = d.spec.template.spec.containers;
  for (const k of images.keys()) if (k !== "*" && !containers.some((x) => x.name === k)) return [`error: unable to find container named "${k}"`];
  const next = containers.map((x) => ({ ...x, image: images.get(x.name) ?? images.get("*") ?? x.image }));
  const changed = putDeploymentSpec(s, d, { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers: next } } });
  // kubectl prints nothing for an object its patch leaves unchanged.
  return changed ? [`deployment.apps/${name} image updated`] : [];
}

/** kubectl's DeploymentStatusViewer: the line to print, and whether the rollout is over (or failed). */
export function rolloutStatusLine(d: Deployment): { line: string; done: boolean; error?: boolean } {
  const name = d.metadata.name ?? "";
  const st = statusOf(d);
  if ((d.metadata.generation ?? 1) > (st.observedGeneration ?? 0)) return { line: "Waiting for deployment spec update to be observed...", done: false };
  if (conditionOf(st, "Progressing")?.reason === REASON_TIMED_OUT) return { line: `error: deployment "${name}" exceeded its progress deadline`, done: true, error: true };
  const replicas = d.spec.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const waiting = `Waiting for deployment "${name}" rollout to finish:`;
  if (updated < replicas) return { line: `${waiting} ${updated} out of ${replicas} new replicas have been updated...`, done: false };
  if ((st.replicas ?? 0) > updated) return { line: `${waiting} ${(st.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
  if ((st.availableReplicas ?? 0) < updated) return { line: `${waiting} ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
  return { line: `deployment "${name}" successfully rolled out`, done: true };
}

/**
 * `kubectl rollout status deployment/NAME [--timeout=D] [--watch=false]`: one line per status change until done.
 * kubectl waits forever by default; a stuck rollout ends at its progress deadline, so `timeoutMs` only bounds
 * a rollout that keeps moving without finishing.
 */
export function rolloutStatus(c: ConsoleCluster, ns: string, name: string, timeoutMs: number, watch: boolean): string[] {
  const s = c.store;
  if (!s.deployments.has(`${ns}/${name}`)) return notFound(name);
  const out: string[] = [];
  let seen = "";
  let finished = false;
  const check = () => {
    const d = s.deployments.get(`${ns}/${name}`);
    if (!d) {
      out.push(`error: deployments.apps "${name}" was deleted`);
      return (finished = true);
    }
    // The watch delivers every update of the Deployment; the line is printed for each, repeats included.
    const version = canonicalJson([d.metadata.generation, d.status]);
    if (version === seen) return false;
    seen = version;
    const v = rolloutStatusLine(d);
    out.push(v.line);
    finished = v.done || !watch;
    return finished;
  };
  c.advanceUntil(check, s.nowMs + timeoutMs);
  if (!finished) out.push("error: timed out waiting for the condition");
  return out;
}

const CHANGE_CAUSE = "kubernetes.io/change-cause";

/** `kubectl rollout history deployment/NAME [--revision=N]`. */
export function rolloutHistory(c: ConsoleCluster, ns: string, name: string, revision: number | undefined): string[] {
  const s = c.store;
  const d = s.deployments.get(`${ns}/${name}`);
  if (!d) return notFound(name);
  const byRevision = new Map(ownedReplicaSets(s, d).map((rs) => [revisionOf(rs), rs]));
  if (revision !== undefined && revision > 0) {
    const rs = byRevision.get(revision);
    if (!rs) return ["error: unable to find the specified revision"];
    const labels = Object.entries(rs.spec.template.metadata?.labels ?? {}).sort().map(([k, v]) => `${k}=${v}`);
    return [`deployment.apps/${name} with revision #${revision}`, "Pod Template:", ...labels.map((l, i) => (i === 0 ? `  Labels:       ${l}` : `                ${l}`)), "  Containers:",
      ...rs.spec.template.spec.containers.flatMap((x) => [`   ${x.name}:`, `    Image:      ${x.image ?? ""}`])];
  }
  if (byRevision.size === 0) return ["No rollout history found."];
  const rows = [...byRevision.keys()].sort((a, b) => a - b).map((r) => [String(r), byRevision.get(r)!.metadata.annotations?.[CHANGE_CAUSE] ?? "<none>"]);
  return [`deployment.apps/${name} `, ...tabwrite([["REVISION", "CHANGE-CAUSE"], ...rows], 2), ""];
}

/** Annotations a rollback leaves as the Deployment has them (kubectl's annotationsToSkip). */
const SKIP = new Set(["kubectl.kubernetes.io/last-applied-configuration", ANNOTATION_REVISION, ANNOTATION_REVISION_HISTORY, ANNOTATION_DESIRED_REPLICAS, ANNOTATION_MAX_REPLICAS, "deprecated.deployment.rollback.to"]);

/** `kubectl rollout undo deployment/NAME [--to-revision=N]`: the previous (or given) revision's template, copied back. */
export function rolloutUndo(c: ConsoleCluster, ns: string, name: string, toRevision: number): string[] {
  const s = c.store;
  const d = s.deployments.get(`${ns}/${name}`);
  if (!d) return notFound(name);
  const rss = ownedReplicaSets(s, d).filter((rs) => rs.metadata.annotations?.[ANNOTATION_REVISION] !== undefined).sort((a, b) => revisionOf(b) - revisionOf(a));
  const target = toRevision > 0 ? rss.find((rs) => revisionOf(rs) === toRevision) : rss[1];
  if (!target) return [toRevision > 0 ? `error: unable to find specified revision ${toRevision} in history` : `error: no rollout history found for deployment "${name}"`];
  if (templateKey(target.spec.template) === templateKey(d.spec.template)) return [`deployment.apps/${name} skipped rollback (current template already matches revision ${revisionOf(target)})`];
  const labels = { ...target.spec.template.metadata?.labels };
  delete labels[LABEL_POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!SKIP.has(k)) annotations[k] = v;
  putDeploymentSpec(s, d, { ...d.spec, template: { ...target.spec.template, metadata: { ...target.spec.template.metadata, labels } } });
  const now = s.deployments.get(keyOf(d))!;
  s.deployments.set(keyOf(d), { ...now, metadata: { ...now.metadata, annotations } });
  return [`deployment.apps/${name} rolled back`];
}

/** `kubectl rollout restart deployment/NAME`: a template annotation with the time, so a new ReplicaSet rolls out. */
export function rolloutRestart(c: ConsoleCluster, ns: string, name: string): string[] {
  const s = c.store;
  const d = s.deployments.get(`${ns}/${name}`);
  if (!d) return notFound(name);
  const meta = d.spec.template.metadata ?? {};
  putDeploymentSpec(s, d, { ...d.spec, template: { ...d.spec.template, metadata: { ...meta, annotations: { ...meta.annotations, "kubectl.kubernetes.io/restartedAt": s.timestamp() } } } });
  return [`deployment.apps/${name} restarted`];
}
