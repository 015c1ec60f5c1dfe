/**
 * Client-side validation of the editor text with the very functions the API uses (lib/yaml parse + locate,
 * lib/schemas validateTopology), so the editor marks exactly what a save would reject, at the same lines,
 * on every keystroke and without a round trip.
 */
import { parseYaml } from "@/lib/yaml/parse";
import { validateTopology } from "@/lib/schemas/validate";
import { toIssue, type Issue } from "@/lib/schemas/issues";
import type { Topology } from "@/lib/schemas/topology";

export type TextValidation =
  | { ok: true; topology: Topology; value: unknown; warnings: Issue[] }
  | { ok: false; syntax: boolean; value?: unknown; issues: Issue[]; warnings: Issue[] };

export function validateText(text: string): TextValidation {
  const parsed = parseYaml(text);
  if (!parsed.ok) return { ok: false, syntax: true, issues: parsed.issues, warnings: [] };
  const { source } = parsed;
  const result = validateTopology(source.value);
  if (!result.ok) {
    return { ok: false, syntax: false, value: source.value, issues: result.issues.map((i) => toIssue(i, source.locate(i.segments))), warnings: [] };
  }
  return { ok: true, topology: result.topology, value: source.value, warnings: result.warnings.map((w) => toIssue(w, source.locate(w.segments))) };
}
