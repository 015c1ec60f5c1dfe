/** Plain-text tables for terminal output, aligned like kubectl's (two spaces between columns). */
import type { SnapshotPodTrace } from "../lib/services/snapshot-trace";

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("   ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function counts(r: Record<string, number>): string {
  const entries = Object.entries(r);
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}=${v}`).join(",");
}

const num = (n: number) => n.toLocaleString("en-US");

/**
 * One pod's scheduling cycle as the Placement tab's trace panel shows it: the outcome, nodes evaluated and
 * feasible, the Filter rejections grouped by (plugin, reason) with node counts and a few example nodes, and
 * the top scored nodes with each plugin's normalized 0-100 score (weighted plugins only; the chosen node has *).
 */
export function traceLines(t: SnapshotPodTrace): string[] {
  const retried = t.attempts > 1 ? ` (attempt ${t.attempts}: retried after later bindings)` : "";
  const out = [`Scheduling trace of ${t.pod}: ${t.nodeName ? `Scheduled on ${t.nodeName}` : "Unschedulable"}${retried}`];
  if (!t.nodeName) out.push(`  ${t.message}`);
  out.push(`  Nodes ${num(t.numAllNodes)}, evaluated ${num(t.evaluatedNodes)}, feasible ${num(t.feasibleNodes)}`);
  const rejected = t.evaluatedNodes - t.feasibleNodes;
  out.push(`  Filter: ${num(rejected)} node${rejected === 1 ? "" : "s"} rejected`);
  if (t.rejected.length > 0) {
    const rows = t.rejected.map((g) => [g.plugin, g.reason, num(g.count), `${g.examples.join(", ")}${g.count > g.examples.length ? ", ..." : ""}`]);
    out.push(...table(["PLUGIN", "REASON", "NODES", "FOR EXAMPLE"], rows).map((l) => `    ${l}`));
  }
  if (t.topNodes.length > 0) {
    const plugins = Object.keys(t.topNodes[0]!.byPlugin).filter((p) => (t.weights[p] ?? 0) > 0);
    out.push(`  Score: top ${t.topNodes.length} node${t.topNodes.length === 1 ? "" : "s"}, normalized 0-100 per plugin; the total weighs them (xN = weight)`);
    const rows = t.topNodes.map((n) => [`${n.node === t.nodeName ? "*" : " "} ${n.node}`, String(n.total), ...plugins.map((p) => (n.byPlugin[p] === undefined ? "-" : String(n.byPlugin[p])))]);
    out.push(...table(["  NODE", "TOTAL", ...plugins.map((p) => `${p} x${t.weights[p]}`)], rows).map((l) => `    ${l}`));
  }
  return out;
}
