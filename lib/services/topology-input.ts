/**
 * Turns a parsed request body into a validated save: checks the body's own fields, validates the spec,
 * and reports every issue at once with its path (and line and column in the user's text).
 * A body is either `{ name, spec, ... }` or a bare Topology document (apiVersion/kind at the top), whose
 * name is then its metadata.name.
 */
import type { z } from "zod";
import { createTopologyBodySchema, updateTopologyBodySchema } from "../schemas/api";
import { fromZodIssues, toIssue, type Issue, type PathIssue, type PathSegment } from "../schemas/issues";
import type { Topology } from "../schemas/topology";
import { validateTopology } from "../schemas/validate";
import type { ParsedSource } from "../yaml/parse";
import { AppError } from "./errors";

export interface TopologySave {
  name: string;
  message: string;
  baseRevision?: number;
  /** The document as written (migrated), serialised for storage. */
  specJson: string;
  topology: Topology;
  warnings: Issue[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function locateIssues(source: Pick<ParsedSource, "locate">, issues: PathIssue[]): Issue[] {
  return issues.map((i) => toIssue(i, source.locate(i.segments)));
}

/** A bare document is recognised by its apiVersion or kind, as kubectl recognises objects. */
export function isBareDocument(v: Record<string, unknown>): boolean {
  return !("spec" in v) && ("apiVersion" in v || "kind" in v);
}

export function readTopologySave(source: ParsedSource, mode: "create" | "update"): TopologySave {
  const body = source.value;
  if (!isRecord(body)) {
    throw new AppError("bad_request", "request body must be an object", [toIssue({ segments: [], message: "expected an object with name and spec" }, source.locate([]))]);
  }
  const bare = mode === "create" && isBareDocument(body);
  const wrapper = bare ? { name: isRecord(body.metadata) ? body.metadata.name : undefined, spec: body } : body;
  const schema: z.ZodType = mode === "create" ? createTopologyBodySchema : updateTopologyBodySchema;
  const fields = schema.safeParse(wrapper);
  const issues: PathIssue[] = [];
  if (!fields.success) {
    // For a bare document the name comes from metadata.name: report it there.
    const mapped = fromZodIssues(fields.error.issues).map((i) =>
      bare && i.segments[0] === "name" ? { ...i, segments: ["metadata", "name"] as PathSegment[] } : i,
    );
    issues.push(...mapped.filter((i) => i.segments[0] !== "spec" || wrapper.spec === undefined || wrapper.spec === null));
  }
  const spec = wrapper.spec;
  const prefix: PathSegment[] = bare ? [] : ["spec"];
  const result = spec === undefined || spec === null ? null : validateTopology(spec, prefix);
  if (result && !result.ok) issues.push(...result.issues);
  if (issues.length > 0 || !result || !result.ok) {
    throw new AppError("validation_failed", `topology is invalid: ${issues.length} issue${issues.length === 1 ? "" : "s"}`, locateIssues(source, issues));
  }
  const data = fields.data as { name: string; message?: string; baseRevision?: number };
  return {
    name: data.name,
    message: data.message ?? "",
    ...(data.baseRevision !== undefined ? { baseRevision: data.baseRevision } : {}),
    specJson: JSON.stringify(result.document),
    topology: result.topology,
    warnings: locateIssues(source, result.warnings),
  };
}
