/** kubectl verbs that create and change workloads: run, create deployment, apply -f -, scale, label, delete. */
import { parseAllDocuments } from "yaml";
import { buildSnapshot, formatSnapshotIssue } from "../../k8s/snapshot";
import type { Deployment, Pod } from "../../k8s/types";
import { withDeploymentDefaults } from "../controllers/deployment-util";
import type { ConsoleCluster } from "./cluster";
import { admit } from "./controllers";
import { filterObjects, NAME_PREFIX, resolveKind, type Kind } from "./get";
import { deletePod } from "./kubelet";
import { putDeploymentSpec } from "./rollout-verbs";
import type { LabelMatcher } from "./args";
import { keyOf } from "./store";

const nameOk = (n: string) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n) && n.length <= 63;
const invalidName = (kind: string, n: string) => `The ${kind} "${n}" is invalid: metadata.name: Invalid value: "${n}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;

export function parseLabels(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const kv of text.split(",").filter(Boolean)) {
    const [k, v] = kv.split("=");
    if (!k || v === undefined) return null;
    out[k] = v;
  }
  return out;
}

export function run(c: ConsoleCluster, name: string, image: string, labels: Record<string, string> | null, ns: string): string[] {
  const s = c.store;
  if (!nameOk(name)) return [invalidName("Pod", name)];
  if (s.pods.has(`${ns}/${name}`)) return [`Error from server (AlreadyExists): pods "${name}" already exists`];
  const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: ns, labels: labels ?? { run: name } }, spec: { containers: [{ name, image }], restartPolicy: "Always" } };
  s.putPod(admit(s, pod));
  return [`pod/${name} created`];
}

const containerName = (image: string) => image.split("/").pop()!.split(/[:@]/)[0]!.replace(/[^a-z0-9-]/g, "-");

export function createDeployment(c: ConsoleCluster, name: string, image: string, replicas: number, ns: string): string[] {
  const s = c.store;
  if (!nameOk(name)) return [invalidName("Deployment", name)];
  if (s.deployments.has(`${ns}/${name}`)) return [`error: failed to create deployment: deployments.apps "${name}" already exists`];
  const labels = { app: name };
  const d: Deployment = {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: { name, namespace: ns, labels, uid: s.uid(), creationTimestamp: s.timestamp(), generation: 1 },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: containerName(image), image }] } } },
  };
  s.deployments.set(keyOf(d), withDeploymentDefaults(d));
  return [`deployment.apps/${name} created`];
}

/** `kubectl apply -f -` with the YAML collected up to `---EOF`. */
export function apply(c: ConsoleCluster, text: string, ns: string): string[] {
  const s = c.store;
  let objects: unknown[];
  try {
    objects = parseAllDocuments(text).flatMap((d) => {
      if (d.errors.length > 0) throw new Error(d.errors[0]!.message);
      const v = d.toJS() as { kind?: string; items?: unknown[] } | null;
      return v === null ? [] : v.kind === "List" ? (v.items ?? []) : [v];
    });
  } catch (e) {
    return [`error: error parsing STDIN: ${(e as Error).message}`];
  }
  const withNs = objects.map((o) => {
    const x = o as { kind?: string; metadata?: { namespace?: string } };
    return x.kind === "Node" ? o : { ...x, metadata: { ...x.metadata, namespace: x.metadata?.namespace ?? ns } };
  });
  const r = buildSnapshot(withNs);
  if (!r.ok) return r.error.issues.map((i) => `error: ${formatSnapshotIssue(i)}`);
  const out: string[] = r.snapshot.warnings.map((w) => `Warning: ${formatSnapshotIssue(w)}`);
  const verb = (before: unknown, after: unknown) => (before === undefined ? "created" : JSON.stringify(before) === JSON.stringify(after) ? "unchanged" : "configured");
  for (const d of r.snapshot.deployments) {
    const before = s.deployments.get(keyOf(d));
    const spec = withDeploymentDefaults(d).spec;
    out.push(`deployment.apps/${d.metadata.name} ${verb(before?.spec, spec)}`);
    if (!before) {
      s.deployments.set(keyOf(d), withDeploymentDefaults({ ...d, metadata: { ...d.metadata, uid: s.uid(), creationTimestamp: s.timestamp(), generation: 1 } }));
      continue;
    }
    // An update keeps what the server and the controller own (uid, revision annotation, status); a changed
    // template starts a rollout, exactly as `kubectl set image` does.
    const annotations = { ...before.metadata.annotations, ...d.metadata.annotations };
    s.deployments.set(keyOf(d), { ...before, metadata: { ...before.metadata, labels: d.metadata.labels, annotations } });
    putDeploymentSpec(s, s.deployments.get(keyOf(d))!, spec);
  }
  for (const p of r.snapshot.pods) {
    const before = s.pods.get(keyOf(p));
    if (before) {
      out.push(`pod/${p.metadata.name} ${JSON.stringify(before.metadata.labels) === JSON.stringify(p.metadata.labels) ? "unchanged" : "configured"}`);
      s.putPod({ ...before, metadata: { ...before.metadata, labels: p.metadata.labels } });
    } else {
      s.putPod(admit(s, { ...p, status: undefined, spec: { ...p.spec, nodeName: undefined } }));
      out.push(`pod/${p.metadata.name} created`);
    }
  }
  for (const p of r.snapshot.podDisruptionBudgets) {
    out.push(`poddisruptionbudget.policy/${p.metadata.name} ${verb(s.pdbs.get(keyOf(p))?.spec, p.spec)}`);
    s.pdbs.set(keyOf(p), { ...p, metadata: { ...p.metadata, creationTimestamp: s.pdbs.get(keyOf(p))?.metadata.creationTimestamp ?? s.timestamp() } });
  }
  for (const svc of r.snapshot.services) {
    out.push(`service/${svc.metadata.name} ${verb(s.services.get(keyOf(svc))?.spec, svc.spec)}`);
    s.services.set(keyOf(svc), { ...svc, metadata: { ...svc.metadata, creationTimestamp: s.services.get(keyOf(svc))?.metadata.creationTimestamp ?? s.timestamp() } });
  }
  if (r.snapshot.replicaSets.length > 0 || r.snapshot.nodes.length > 0) out.push("warning: ReplicaSets and Nodes are not accepted by this console's apply; skipped");
  return out;
}

export function scale(c: ConsoleCluster, kind: Kind | undefined, name: string, replicas: number, ns: string): string[] {
  const s = c.store;
  if (kind === "replicasets") {
    const rs = s.replicaSets.get(`${ns}/${name}`);
    if (!rs) return [`Error from server (NotFound): replicasets.apps "${name}" not found`];
    s.replicaSets.set(keyOf(rs), { ...rs, spec: { ...rs.spec, replicas } });
    return [`replicaset.apps/${name} scaled`];
  }
  if (kind !== "deployments") return ["error: scale supports deployments and replicasets in this console"];
  const d = s.deployments.get(`${ns}/${name}`);
  if (!d) return [`Error from server (NotFound): deployments.apps "${name}" not found`];
  putDeploymentSpec(s, d, { ...d.spec, replicas });
  return [`deployment.apps/${name} scaled`];
}

export function label(c: ConsoleCluster, kind: Kind, targets: { metadata: { name?: string; namespace?: string; labels?: Record<string, string> } }[], changes: string[], overwrite: boolean): string[] {
  const s = c.store;
  const out: string[] = [];
  for (const t of targets) {
    const labels = { ...t.metadata.labels };
    for (const ch of changes) {
      if (ch.endsWith("-")) delete labels[ch.slice(0, -1)];
      else {
        const [k, v] = ch.split("=") as [string, string];
        if (labels[k] !== undefined && labels[k] !== v && !overwrite) return [`error: '${k}' already has a value (${labels[k]}), and --overwrite is false`];
        labels[k] = v;
      }
    }
    const removed = changes.some((x) => x.endsWith("-"));
    const changed = JSON.stringify(labels) !== JSON.stringify(t.metadata.labels ?? {});
    const meta = { ...t.metadata, labels };
    if (kind === "pods") s.putPod({ ...s.pods.get(keyOf(t))!, metadata: meta });
    else if (kind === "deployments") s.deployments.set(keyOf(t), { ...s.deployments.get(keyOf(t))!, metadata: meta });
    else if (kind === "replicasets") s.replicaSets.set(keyOf(t), { ...s.replicaSets.get(keyOf(t))!, metadata: meta });
    else if (kind === "nodes") s.putNode({ ...s.nodes.get(t.metadata.name ?? "")!.node, metadata: meta });
    out.push(`${NAME_PREFIX[kind]}/${t.metadata.name} ${changed ? (removed && !changes.some((x) => !x.endsWith("-")) ? "unlabeled" : "labeled") : "not labeled"}`);
  }
  return out;
}

/** Background-propagation delete; like kubectl (--wait=true) it returns once the objects are gone. */
export function del(c: ConsoleCluster, kind: Kind, names: string[], all: boolean, selector: LabelMatcher | undefined, ns: string): string[] {
  const s = c.store;
  const targets = all || selector ? filterObjects(s, kind, { namespace: ns, allNamespaces: false, names: [], showLabels: false, selector }) : names.map((n) => listByName(c, kind, ns, n));
  const out: string[] = [];
  const kindWord = kind === "deployments" ? "deployment.apps" : kind === "replicasets" ? "replicaset.apps" : kind === "services" ? "service" : kind === "poddisruptionbudgets" ? "poddisruptionbudget.policy" : "pod";
  const gone: Pod[] = [];
  targets.forEach((t, i) => {
    if (!t) {
      out.push(`Error from server (NotFound): ${kind === "pods" ? "pods" : `${kind}${kind.endsWith("sets") || kind === "deployments" ? ".apps" : ""}`} "${names[i]}" not found`);
      return;
    }
    const key = keyOf(t);
    if (kind === "pods") {
      const p = s.pods.get(key)!;
      deletePod(s, p);
      gone.push(p);
    } else if (kind === "deployments") s.deployments.delete(key);
    else if (kind === "replicasets") s.replicaSets.delete(key);
    else if (kind === "services") s.services.delete(key);
    else if (kind === "poddisruptionbudgets") s.pdbs.delete(key);
    out.push(`${kindWord} "${t.metadata.name}" deleted`);
  });
  if (targets.length === 0 && (all || selector)) return ["No resources found"];
  const graceMs = 30_000;
  c.advanceUntil(() => gone.every((p) => s.pods.get(keyOf(p))?.metadata.uid !== p.metadata.uid), s.nowMs + graceMs);
  return out;
}

function listByName(c: ConsoleCluster, kind: Kind, ns: string, name: string) {
  return filterObjects(c.store, kind, { namespace: ns, allNamespaces: false, names: [name], showLabels: false })[0];
}

export const kindOf = (w: string) => resolveKind(w);
