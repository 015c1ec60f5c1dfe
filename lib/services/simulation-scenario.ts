/**
 * Checks a scenario before a run is queued, so mistakes are a 422 with paths rather than a failed run:
 * the scenario's own schema (scenarioFromObject), that every node / zone / region / cluster it names
 * (a `drain` names a node) exists in the topology, and that every `rollout` names a Deployment (and container)
 * of one of its clusters.
 */
import { scenarioFromObject } from "../engine/sim/scenario";
import { expandTopology } from "../engine/model/expand";
import { topologySchema } from "../schemas/topology";
import { formatPath, type Issue } from "../schemas/issues";
import type { ParsedSource } from "../yaml/parse";
import { AppError } from "./errors";

export function checkScenario(spec: unknown, scenario: unknown, source: ParsedSource | null): void {
  const locate = (segments: (string | number)[]) => source?.locate(["scenario", ...segments]);
  const parsed = scenarioFromObject(scenario);
  if (!parsed.ok) {
    const issues: Issue[] = parsed.issues.map((i) => {
      const segs = i.path ? i.path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
      const pos = locate(segs);
      return { path: formatPath(["scenario", ...segs]), message: i.message, ...(pos ? { line: pos.line, column: pos.column } : {}) };
    });
    throw new AppError("validation_failed", `invalid scenario: ${issues.length} issue${issues.length === 1 ? "" : "s"}`, issues);
  }
  const topology = topologySchema.parse(spec);
  const known = { node: new Set<string>(), zone: new Set<string>(), region: new Set<string>(), cluster: new Set<string>() };
  const deployments = new Map<string, string[]>();
  for (const r of topology.regions) {
    known.region.add(r.id);
    for (const z of r.zones) known.zone.add(z);
  }
  for (const c of expandTopology(topology)) {
    known.cluster.add(c.name);
    for (const n of c.snapshot.nodes) known.node.add(n.metadata.name ?? "");
    for (const d of c.snapshot.deployments) {
      const key = `${d.metadata.namespace || "default"}/${d.metadata.name ?? ""}`;
      deployments.set(key, [...new Set([...(deployments.get(key) ?? []), ...d.spec.template.spec.containers.map((x) => x.name)])]);
    }
  }
  const issues: Issue[] = [];
  // Rollout targets: the scenario schema checks them against the names (the same messages as the CLI's).
  const named = scenarioFromObject(scenario, { deployments });
  if (!named.ok) {
    for (const i of named.issues) {
      const segs = i.path.split(".").map((x) => (/^\d+$/.test(x) ? Number(x) : x));
      const pos = locate(segs);
      issues.push({ path: formatPath(["scenario", ...segs]), message: i.message, ...(pos ? { line: pos.line, column: pos.column } : {}) });
    }
  }
  parsed.scenario.events.forEach((e, i) => {
    if (e.rollout) return;
    const verb = e.fail ? "fail" : e.recover ? "recover" : "drain";
    for (const [k, v] of Object.entries(e.fail ?? e.recover ?? e.drain ?? {})) {
      // `cluster: ""` means every node of every cluster (the scenario format's convention).
      if (v === "" && k === "cluster") continue;
      if (!known[k as keyof typeof known]?.has(v as string)) issues.push({ path: formatPath(["scenario", "events", i, verb, k]), message: `no ${k} named "${String(v)}" in this topology` });
    }
  });
  if (issues.length) throw new AppError("validation_failed", `invalid scenario: ${issues.length} issue${issues.length === 1 ? "" : "s"}`, issues);
}
