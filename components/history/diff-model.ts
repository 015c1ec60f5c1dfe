/**
 * Normalises the diff API's answer into rows the view renders. Tolerant on purpose: the structural diff is the
 * backend's, and the UI should degrade (show raw paths) rather than break if fields are added.
 */
export type ChangeKind = "added" | "removed" | "changed";

export interface DiffRow {
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

const KIND_ALIASES: Record<string, ChangeKind> = {
  added: "added",
  add: "added",
  create: "added",
  removed: "removed",
  remove: "removed",
  delete: "removed",
  deleted: "removed",
  changed: "changed",
  change: "changed",
  modified: "changed",
  replace: "changed",
  update: "changed",
};

/** Rows sorted by path so related changes (one cluster's fields) sit together. */
export function normalizeDiff(body: unknown): DiffRow[] {
  const b = (body ?? {}) as Record<string, unknown>;
  // The backend's StructuralDiff: { added: [{path, value}], removed: [{path, value}], changed: [{path, before, after}] }.
  if (Array.isArray(b.added) || Array.isArray(b.removed) || Array.isArray(b.changed)) {
    const rows: DiffRow[] = [];
    for (const a of (b.added ?? []) as { path: string; value: unknown }[]) rows.push({ path: a.path, kind: "added", after: a.value });
    for (const r of (b.removed ?? []) as { path: string; value: unknown }[]) rows.push({ path: r.path, kind: "removed", before: r.value });
    for (const c of (b.changed ?? []) as { path: string; before: unknown; after: unknown }[]) rows.push({ path: c.path, kind: "changed", before: c.before, after: c.after });
    return rows.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  }
  const list = (Array.isArray(body) ? body : (b.changes ?? b.items ?? b.diff ?? [])) as unknown[];
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    const kindRaw = String(c.kind ?? c.op ?? c.type ?? "changed").toLowerCase();
    const kind = KIND_ALIASES[kindRaw] ?? "changed";
    const path = Array.isArray(c.path) ? c.path.join(".") : String(c.path ?? "");
    const before = "before" in c ? c.before : "from" in c ? c.from : c.old;
    const after = "after" in c ? c.after : "to" in c ? c.to : c.new;
    return [{ path, kind, before, after }];
  });
}

export function formatValue(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
