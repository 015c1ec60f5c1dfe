/**
 * Live validation for the editor: a Topology document (or a `{ name, spec }` body) in, every issue and
 * warning out, each with its path and its line and column. Never saves anything.
 */
import type { Issue } from "../schemas/issues";
import { validateTopology } from "../schemas/validate";
import type { ParsedSource } from "../yaml/parse";
import { isBareDocument, locateIssues } from "./topology-input";

export function validateDocument(source: ParsedSource): { valid: boolean; issues: Issue[]; warnings: Issue[] } {
  const v = source.value;
  const wrapped = typeof v === "object" && v !== null && !Array.isArray(v) && "spec" in v && !isBareDocument(v as Record<string, unknown>);
  const result = wrapped ? validateTopology((v as { spec: unknown }).spec, ["spec"]) : validateTopology(v);
  if (!result.ok) return { valid: false, issues: locateIssues(source, result.issues), warnings: [] };
  return { valid: true, issues: [], warnings: locateIssues(source, result.warnings) };
}
