/**
 * The one issue shape every boundary reports (API errors, validation, lint), and the path notation:
 * `clusters[0].zones[1]`, with keys that are not identifiers quoted: `labels["topology.kubernetes.io/zone"]`.
 */
import type { z } from "zod";

export type PathSegment = string | number;

export interface Issue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** An issue before its path is formatted: the segments locate it in a YAML document. */
export interface PathIssue {
  segments: PathSegment[];
  message: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (IDENT.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** zod issues -> path issues; an unrecognized key is reported at the key itself so that YAML can point at it. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: PathSegment[] = []): PathIssue[] {
  const out: PathIssue[] = [];
  for (const i of issues) {
    const base = [...prefix, ...(i.path as PathSegment[])];
    if (i.code === "unrecognized_keys") {
      for (const key of i.keys) out.push({ segments: [...base, key], message: `Unrecognized key: "${key}"` });
    } else {
      out.push({ segments: base, message: i.message });
    }
  }
  return out;
}

export function toIssue(p: PathIssue, pos?: { line: number; column: number }): Issue {
  return pos ? { path: formatPath(p.segments), message: p.message, line: pos.line, column: pos.column } : { path: formatPath(p.segments), message: p.message };
}
