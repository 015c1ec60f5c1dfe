/** kubectl-style argument handling: shell-like tokens, `--flag=value` / `--flag value` / `-n ns`, `-l` selector strings. */

export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = "";
      has = false;
    } else cur += ch;
  }
  if (has || cur) out.push(cur);
  return out;
}

export interface Parsed {
  positionals: string[];
  flags: Map<string, string>;
}

/** Flags that take a value when written `--flag value` (others are booleans unless `--flag=value`). */
const VALUED = new Set(["image", "replicas", "labels", "l", "selector", "n", "namespace", "o", "output", "for", "timeout", "f", "filename", "port", "grace-period", "restart", "field-selector", "revision", "to-revision"]);
const SHORT: Record<string, string> = { l: "selector", n: "namespace", o: "output", f: "filename", A: "all-namespaces" };

export function parseFlags(tokens: string[]): Parsed | { error: string } {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "-" || !t.startsWith("-") || /^-\d/.test(t)) {
      positionals.push(t);
      continue;
    }
    const long = t.startsWith("--");
    const body = t.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    let name = eq >= 0 ? body.slice(0, eq) : body;
    let value: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (!long && name.length > 1 && value === undefined && VALUED.has(name[0]!)) {
      value = name.slice(1); // -lapp=web, -ojson
      name = name[0]!;
    }
    if (value === undefined && VALUED.has(name)) {
      value = tokens[++i];
      if (value === undefined) return { error: `error: flag needs an argument: ${t}` };
    }
    flags.set(SHORT[name] ?? name, value ?? "true");
  }
  return { positionals, flags };
}

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** Label selector strings as kubectl accepts them: a=b, a==b, a!=b, a, !a, a in (x,y), a notin (x,y). */
export function parseSelector(text: string): LabelMatcher | { error: string } {
  const terms: LabelMatcher[] = [];
  const parts = text.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const [, k, op, vs] = m;
      const set = new Set(vs!.split(",").map((v) => v.trim()));
      terms.push(op === "in" ? (l) => l?.[k!] !== undefined && set.has(l[k!]!) : (l) => l?.[k!] === undefined || !set.has(l[k!]!));
    } else if ((m = p.match(/^([\w./-]+)\s*!=\s*([\w./-]*)$/))) {
      const [, k, v] = m;
      terms.push((l) => l?.[k!] !== v);
    } else if ((m = p.match(/^([\w./-]+)\s*==?\s*([\w./-]*)$/))) {
      const [, k, v] = m;
      terms.push((l) => l?.[k!] === v);
    } else if ((m = p.match(/^!([\w./-]+)$/))) {
      const k = m[1]!;
      terms.push((l) => l?.[k] === undefined);
    } else if ((m = p.match(/^([\w./-]+)$/))) {
      const k = m[1]!;
      terms.push((l) => l?.[k] !== undefined);
    } else return { error: `error: unable to parse requirement: ${p}` };
  }
  return (labels) => terms.every((t) => t(labels));
}
