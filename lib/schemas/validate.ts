/**
 * validateTopology: migrate -> zod -> lint. Expected failures are values (issues), never exceptions.
 */
import { migrateTopology } from "./migrate";
import { topologySchema, type Topology } from "./topology";
import { fromZodIssues, type PathIssue, type PathSegment } from "./issues";
import { lintTopology } from "./lint";

export type TopologyValidation =
  /** `document` is the migrated input as written (defaults not filled in): what gets stored. */
  | { ok: true; topology: Topology; document: unknown; warnings: PathIssue[] }
  | { ok: false; issues: PathIssue[] };

/**
 * `prefix` is where the document sits in the text the user wrote (["spec"] inside an API body), so that
 * issue paths and YAML positions refer to that text.
 */
export function validateTopology(raw: unknown, prefix: PathSegment[] = []): TopologyValidation {
  const { doc } = migrateTopology(raw);
  const parsed = topologySchema.safeParse(doc);
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues, prefix) };
  const warnings = lintTopology(parsed.data).map((w) => ({ segments: [...prefix, ...w.segments], message: w.message }));
  return { ok: true, topology: parsed.data, document: doc, warnings };
}
