/**
 * Structural diff of two JSON documents (two revisions of a spec). Pure.
 * Arrays whose items all carry a unique `id` or `name` (regions, clusters, traffic policies) are matched by
 * that key, so inserting a region reports one addition instead of shifting every later index; the path then
 * names the item by key: `regions[id=eu-west-1].zones[2]`. Other arrays are compared index by index.
 */
export interface StructuralDiff {
  added: { path: string; value: unknown }[];
  removed: { path: string; value: unknown }[];
  changed: { path: string; before: unknown; after: unknown }[];
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function child(path: string, key: string): string {
  if (IDENT.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The identity key of an array, if every item of both sides has a distinct string value for it. */
function identityKey(a: unknown[], b: unknown[]): "id" | "name" | null {
  for (const key of ["id", "name"] as const) {
    const ok = [a, b].every((arr) => {
      const values = arr.map((x) => (isObject(x) && typeof x[key] === "string" ? (x[key] as string) : null));
      return values.every((v) => v !== null) && new Set(values).size === values.length;
    });
    if (ok && (a.length > 0 || b.length > 0)) return key;
  }
  return null;
}

export function diffDocuments(before: unknown, after: unknown): StructuralDiff {
  const out: StructuralDiff = { added: [], removed: [], changed: [] };
  walk(before, after, "", out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: StructuralDiff): void {
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) {
      if (!(k in b)) out.removed.push({ path: child(path, k), value: a[k] });
      else walk(a[k], b[k], child(path, k), out);
    }
    for (const k of Object.keys(b)) if (!(k in a)) out.added.push({ path: child(path, k), value: b[k] });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = identityKey(a, b);
    if (key) {
      const at = (item: unknown) => (item as Record<string, string>)[key] as string;
      const bByKey = new Map(b.map((x) => [at(x), x]));
      const aKeys = new Set(a.map(at));
      for (const x of a) {
        const p = `${path}[${key}=${at(x)}]`;
        if (bByKey.has(at(x))) walk(x, bByKey.get(at(x)), p, out);
        else out.removed.push({ path: p, value: x });
      }
      for (const y of b) if (!aKeys.has(at(y))) out.added.push({ path: `${path}[${key}=${at(y)}]`, value: y });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= b.length) out.removed.push({ path: p, value: a[i] });
      else if (i >= a.length) out.added.push({ path: p, value: b[i] });
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  if (!Object.is(a, b)) out.changed.push({ path, before: a, after: b });
}
