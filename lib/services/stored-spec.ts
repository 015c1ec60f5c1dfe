/**
 * Reading a stored spec: parse the JSON text and migrate it to the current apiVersion (stored revisions are
 * immutable, so old documents are upgraded on read).
 */
import { migrateTopology } from "../schemas/migrate";

export function readStoredSpec(specJson: string): unknown {
  return migrateTopology(JSON.parse(specJson) as unknown).doc;
}

/** Counts for list views, read defensively: a stored spec was valid when saved, but is not re-validated here. */
export function summarizeSpec(spec: unknown): { description?: string; regions: number; zones: number; clusters: number; nodes: number; workloads: number } {
  const doc = (spec ?? {}) as Record<string, unknown>;
  const arr = (k: string) => (Array.isArray(doc[k]) ? (doc[k] as Record<string, unknown>[]) : []);
  const description = (doc.metadata as { description?: unknown } | undefined)?.description;
  const nodes = arr("nodePools").reduce(
    (n, p) => n + (typeof p.nodesPerZone === "number" && Array.isArray(p.zones) ? p.nodesPerZone * p.zones.length : 0),
    0,
  );
  return {
    ...(typeof description === "string" ? { description } : {}),
    regions: arr("regions").length,
    zones: arr("regions").reduce((n, r) => n + (Array.isArray(r.zones) ? r.zones.length : 0), 0),
    clusters: arr("clusters").length,
    nodes,
    workloads: arr("workloads").length,
  };
}
