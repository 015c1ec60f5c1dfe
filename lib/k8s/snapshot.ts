/**
 * Cluster snapshot parsing: the boundary where user text becomes trusted, typed Kubernetes objects.
 *
 * Accepts what `kubectl get nodes,deploy,pods -o yaml` prints (`kind: List` with `items`), typed lists
 * (`PodList` whose items may omit `kind`), multi-document YAML manifests and JSON. Every object is checked
 * against `./schemas`; each problem is reported with the document index, the object, the field path and the
 * line/column in the user's text. Unknown kinds are skipped with a warning (a snapshot may contain anything
 * `kubectl get all` returns). Expected failures are returned as values (`{ok:false, error}`), never thrown.
 */
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import type { Deployment, Namespace, Node, Pod, PodDisruptionBudget, ReplicaSet, Service } from "./types";
import { KIND_SCHEMAS, type SupportedKind } from "./schemas";

export interface SnapshotIssue {
  /** 0-based index of the YAML document in the stream. */
  docIndex: number;
  /** 0-based index in `items` when the object came from a List. */
  itemIndex?: number;
  kind?: string;
  name?: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].resources.requests.cpu`. */
  path: string;
  message: string;
  /** 1-based line and column in the input text, when known. */
  line?: number;
  column?: number;
}
export type SnapshotWarning = Omit<SnapshotIssue, "path"> & { path?: string };

export class SnapshotError extends Error {
  readonly issues: SnapshotIssue[];
  constructor(issues: SnapshotIssue[]) {
    super(issues.map(formatSnapshotIssue).join("\n"));
    this.name = "SnapshotError";
    this.issues = issues;
  }
}

export interface ClusterSnapshot {
  nodes: Node[];
  pods: Pod[];
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  services: Service[];
  podDisruptionBudgets: PodDisruptionBudget[];
  /** Every namespace that exists or is used, each labelled `kubernetes.io/metadata.name` as the API server does. */
  namespaces: Namespace[];
  warnings: SnapshotWarning[];
}
export type SnapshotResult = { ok: true; snapshot: ClusterSnapshot } | { ok: false; error: SnapshotError };

const MAX_ISSUES = 50;
type PathSeg = string | number;

/** `document 2 (Deployment default/web), spec.replicas, line 9 column 13: message` (documents counted from 1). */
export function formatSnapshotIssue(i: SnapshotIssue | SnapshotWarning): string {
  const where = [`document ${i.docIndex + 1}`];
  if (i.itemIndex !== undefined) where.push(`items[${i.itemIndex}]`);
  const obj = i.kind ? ` (${i.kind}${i.name ? ` ${i.name}` : ""})` : "";
  const path = i.path ? `, ${i.path}` : "";
  const pos = i.line !== undefined ? `, line ${i.line} column ${i.column ?? 1}` : "";
  return `${where.join(" ")}${obj}${path}${pos}: ${i.message}`;
}

export function formatPath(path: readonly PathSeg[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  return out;
}

/** Parses snapshot text (YAML or JSON, one or many documents). */
export function parseSnapshot(text: string): SnapshotResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const issues: SnapshotIssue[] = [];
  if (!Array.isArray(docs)) return buildFrom([], issues); // empty stream
  const values: { docIndex: number; value: unknown; locate: Locator }[] = [];
  docs.forEach((doc, docIndex) => {
    for (const err of doc.errors) {
      const pos = lineCounter.linePos(err.pos[0]);
      issues.push({ docIndex, path: "", message: `YAML syntax error: ${firstLine(err.message)}`, line: pos.line, column: pos.col });
    }
    if (doc.errors.length === 0) values.push({ docIndex, value: doc.toJS(), locate: locator(doc, lineCounter) });
  });
  return buildFrom(values, issues);
}

/** Builds a snapshot from already-parsed objects (e.g. a JSON request body); no line numbers. */
export function buildSnapshot(objects: unknown[]): SnapshotResult {
  return buildFrom(objects.map((value, docIndex) => ({ docIndex, value, locate: () => ({}) })), []);
}

type Locator = (path: readonly PathSeg[]) => { line?: number; column?: number };

function locator(doc: Document, lc: LineCounter): Locator {
  return (path) => {
    // A missing field has no node: point at the closest enclosing one that exists.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) {
        const pos = lc.linePos(range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

/** JSON null means "unset" for optional API fields; dropping it keeps the typed objects simple. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
    return out;
  }
  return v;
}

interface Collected {
  kind: SupportedKind;
  obj: Record<string, unknown> & { metadata: { name?: string; namespace?: string } };
  docIndex: number;
  itemIndex?: number;
  locate: () => { line?: number; column?: number };
}

function buildFrom(values: { docIndex: number; value: unknown; locate: Locator }[], issues: SnapshotIssue[]): SnapshotResult {
  const warnings: SnapshotWarning[] = [];
  const collected: Collected[] = [];
  for (const { docIndex, value, locate } of values) {
    visitObject(value, [], undefined, undefined, { docIndex, locate, issues, warnings, collected });
  }
  if (issues.length > 0) {
    issues.sort((a, b) => a.docIndex - b.docIndex || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { ok: false, error: new SnapshotError(issues.slice(0, MAX_ISSUES)) };
  }
  return { ok: true, snapshot: assemble(collected, warnings) };
}

interface VisitCtx {
  docIndex: number;
  locate: Locator;
  issues: SnapshotIssue[];
  warnings: SnapshotWarning[];
  collected: Collected[];
}

function visitObject(value: unknown, base: PathSeg[], itemIndex: number | undefined, impliedKind: string | undefined, ctx: VisitCtx): void {
  const { docIndex } = ctx;
  const at = (path: PathSeg[]) => ctx.locate([...base, ...path]);
  if (value === null || value === undefined) return; // empty document, e.g. a trailing `---`
  if (Array.isArray(value)) {
    // A bare JSON array of objects: treated like a List.
    value.forEach((item, i) => visitObject(item, [...base, i], i, impliedKind, ctx));
    return;
  }
  if (typeof value !== "object") {
    ctx.issues.push({ docIndex, itemIndex, path: "", message: "expected a Kubernetes object (a mapping with apiVersion and kind)", ...at([]) });
    return;
  }
  const obj = dropNulls(value) as Record<string, unknown>;
  const kind = typeof obj.kind === "string" && obj.kind !== "" ? obj.kind : impliedKind;
  const meta = (obj.metadata && typeof obj.metadata === "object" ? obj.metadata : {}) as Record<string, unknown>;
  const name = typeof meta.name === "string" ? meta.name : undefined;
  if (!kind) {
    ctx.issues.push({ docIndex, itemIndex, name, path: "kind", message: "Required value: kind is not set", ...at([]) });
    return;
  }
  if (kind === "List" || (kind.endsWith("List") && Array.isArray(obj.items))) {
    if (!Array.isArray(obj.items)) {
      ctx.issues.push({ docIndex, itemIndex, kind, path: "items", message: "Required value: a List needs an items array", ...at([]) });
      return;
    }
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    obj.items.forEach((item, i) => visitObject(item, [...base, "items", i], i, itemKind, ctx));
    return;
  }
  const spec = KIND_SCHEMAS[kind as SupportedKind];
  if (!spec) {
    ctx.warnings.push({ docIndex, itemIndex, kind, name, message: `skipped: topoplan does not model kind ${kind}`, ...at([]) });
    return;
  }
  const label = (ns: string | undefined) => (spec.namespaced ? `${ns ?? "default"}/${name ?? "?"}` : name);
  const push = (path: PathSeg[], message: string) =>
    ctx.issues.push({ docIndex, itemIndex, kind, name: label(meta.namespace as string | undefined), path: formatPath(path), message, ...at(path) });
  if (obj.apiVersion !== undefined && !(spec.apiVersions as readonly unknown[]).includes(obj.apiVersion)) {
    push(["apiVersion"], `Unsupported value: ${JSON.stringify(obj.apiVersion)}: ${kind} is served as ${spec.apiVersions.join(" or ")}`);
    return;
  }
  const parsed = spec.schema.safeParse({ ...obj, kind, apiVersion: obj.apiVersion });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) push(issue.path as PathSeg[], issue.message);
    return;
  }
  const out = parsed.data as unknown as Collected["obj"];
  if (!out.metadata.name) {
    if (typeof meta.generateName === "string" && meta.generateName !== "") {
      // The API server appends 5 random characters; a stable stand-in keeps parsing deterministic.
      out.metadata.name = `${meta.generateName}${docIndex}${itemIndex ?? ""}`;
    } else {
      push(["metadata", "name"], "Required value: name or generateName is required");
      return;
    }
  }
  if (spec.namespaced) out.metadata.namespace ??= "default";
  else delete out.metadata.namespace;
  ctx.collected.push({ kind: kind as SupportedKind, obj: out, docIndex, itemIndex, locate: () => at([]) });
}

function assemble(collected: Collected[], warnings: SnapshotWarning[]): ClusterSnapshot {
  // Applying a file with the same object twice leaves the later definition: keep the last one.
  const byKey = new Map<string, Collected>();
  for (const c of collected) {
    const key = `${c.kind}/${c.obj.metadata.namespace ?? ""}/${c.obj.metadata.name}`;
    const prev = byKey.get(key);
    if (prev) {
      warnings.push({
        docIndex: c.docIndex,
        itemIndex: c.itemIndex,
        kind: c.kind,
        name: c.obj.metadata.name,
        message: `duplicate ${c.kind} ${c.obj.metadata.namespace ? `${c.obj.metadata.namespace}/` : ""}${c.obj.metadata.name}: the later definition replaces document ${prev.docIndex + 1}`,
        ...c.locate(),
      });
      byKey.delete(key);
    }
    byKey.set(key, c);
  }
  const of = <T>(kind: SupportedKind): T[] =>
    [...byKey.values()].filter((c) => c.kind === kind).map((c) => c.obj as unknown as T);
  const snapshot: ClusterSnapshot = {
    nodes: of<Node>("Node"),
    pods: of<Pod>("Pod"),
    deployments: of<Deployment>("Deployment"),
    replicaSets: of<ReplicaSet>("ReplicaSet"),
    services: of<Service>("Service"),
    podDisruptionBudgets: of<PodDisruptionBudget>("PodDisruptionBudget"),
    namespaces: [],
    warnings,
  };
  snapshot.namespaces = completeNamespaces(of<Namespace>("Namespace"), snapshot);
  return snapshot;
}

/** Explicit namespaces plus every namespace an object lives in, labelled as the API server labels them. */
function completeNamespaces(explicit: Namespace[], s: ClusterSnapshot): Namespace[] {
  const byName = new Map<string, Namespace>();
  for (const ns of explicit) byName.set(ns.metadata.name ?? "", ns);
  const used = [s.pods, s.deployments, s.replicaSets, s.services, s.podDisruptionBudgets].flatMap((list) =>
    list.map((o) => o.metadata.namespace ?? "default"),
  );
  for (const name of ["default", ...used]) {
    if (!byName.has(name)) byName.set(name, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  return [...byName.values()]
    .map((ns) => {
      const name = ns.metadata.name ?? "";
      const labels = { ...ns.metadata.labels, "kubernetes.io/metadata.name": name };
      return { ...ns, metadata: { ...ns.metadata, labels } };
    })
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
}
