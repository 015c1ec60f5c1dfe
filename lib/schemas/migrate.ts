/**
 * Step-wise migration of stored topology documents (the tldraw habit): each step upgrades one apiVersion to
 * the next, and a document is walked forward until it reaches the current version. Stored revisions are
 * immutable, so old documents are migrated when read, never rewritten in place.
 * Only v1alpha1 exists today; the first real step will be registered in MIGRATION_STEPS.
 */
import { TOPOLOGY_API_VERSION } from "./topology";

export interface MigrationStep {
  from: string;
  to: string;
  /** Must be pure and must not mutate its input. */
  up: (doc: Record<string, unknown>) => Record<string, unknown>;
}

export const MIGRATION_STEPS: readonly MigrationStep[] = [];

export interface MigrationResult {
  doc: unknown;
  /** The apiVersions the document passed through, oldest first (empty when it was already current). */
  applied: string[];
}

export function migrateTopology(raw: unknown, steps: readonly MigrationStep[] = MIGRATION_STEPS): MigrationResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { doc: raw, applied: [] };
  let doc = raw as Record<string, unknown>;
  const applied: string[] = [];
  // Bounded by the number of steps so that a cycle in the table cannot loop forever.
  for (let guard = 0; guard <= steps.length && doc.apiVersion !== TOPOLOGY_API_VERSION; guard++) {
    const step = steps.find((s) => s.from === doc.apiVersion);
    if (!step) break; // Unknown version: left for validation to report at `apiVersion`.
    applied.push(step.from);
    doc = { ...step.up(doc), apiVersion: step.to };
  }
  return { doc, applied };
}
