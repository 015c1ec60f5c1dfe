/** Read-only views of a topology's Deployments, PDBs and node pools that several lint rules share. */
import { resourceAmount } from "../../../k8s/quantity";
import type { Deployment, PodDisruptionBudget, PodSpec } from "../../../k8s/types";
import { selectorMatches } from "../../../schemas/selector";
import type { Topology } from "../../../schemas/topology";

export const ZONE_KEY = "topology.kubernetes.io/zone";
export const REGION_KEY = "topology.kubernetes.io/region";

export interface DeploymentView {
  cluster: string;
  namespace: string;
  name: string;
  replicas: number;
  /** Index in topology.workloads, for the document path. */
  index: number;
  labels: Record<string, string>;
  pod: PodSpec;
  object: string;
}

export interface PdbView {
  cluster: string;
  namespace: string;
  name: string;
  index: number;
  pdb: PodDisruptionBudget;
}

function clustersOf(topology: Topology, w: Topology["workloads"][number]): string[] {
  const c = (w as { cluster?: string; clusters?: string[] }).cluster;
  const cs = (w as { clusters?: string[] }).clusters;
  if (cs && cs.length) return cs;
  if (c) return [c];
  return topology.clusters.map((x) => x.name);
}

export function deploymentsOf(topology: Topology): DeploymentView[] {
  const out: DeploymentView[] = [];
  topology.workloads.forEach((w, index) => {
    if (w.manifest.kind !== "Deployment") return;
    const d = w.manifest as unknown as Deployment;
    const namespace = d.metadata.namespace ?? "default";
    for (const cluster of clustersOf(topology, w)) {
      out.push({
        cluster, namespace, name: d.metadata.name ?? "", replicas: d.spec.replicas ?? 1, index,
        labels: d.spec.template.metadata?.labels ?? {}, pod: d.spec.template.spec,
        object: `Deployment ${namespace}/${d.metadata.name ?? ""}`,
      });
    }
  });
  return out;
}

export function pdbsOf(topology: Topology): PdbView[] {
  const out: PdbView[] = [];
  topology.workloads.forEach((w, index) => {
    if (w.manifest.kind !== "PodDisruptionBudget") return;
    const pdb = w.manifest as unknown as PodDisruptionBudget;
    for (const cluster of clustersOf(topology, w)) {
      out.push({ cluster, namespace: pdb.metadata.namespace ?? "default", name: pdb.metadata.name ?? "", index, pdb });
    }
  });
  return out;
}

/** Deployments in the PDB's namespace whose pod labels its selector matches. */
export function coveredBy(p: PdbView, deployments: DeploymentView[]): DeploymentView[] {
  const sel = p.pdb.spec?.selector;
  if (!sel) return [];
  return deployments.filter((d) => d.cluster === p.cluster && d.namespace === p.namespace && selectorMatches(sel, d.labels));
}

/** Zones where a pod of this Deployment may run: pools of its cluster whose labels satisfy its nodeSelector. */
export function eligibleZones(topology: Topology, d: DeploymentView): Set<string> {
  const zones = new Set<string>();
  const sel = d.pod.nodeSelector ?? {};
  for (const p of topology.nodePools) {
    if (p.cluster !== d.cluster) continue;
    for (const z of p.zones) {
      const labels: Record<string, string> = { ...(p.labels ?? {}), [ZONE_KEY]: z };
      if (Object.entries(sel).every(([k, v]) => labels[k] === v)) zones.add(z);
    }
  }
  return zones;
}

export function podRequests(pod: PodSpec): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.containers ?? []) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) cpu += amount("cpu", r.cpu);
    if (r.memory !== undefined) memory += amount("memory", r.memory);
  }
  return { cpu, memory };
}

export function amount(res: string, q: string | number): number {
  try {
    return resourceAmount(res, String(q));
  } catch {
    return 0;
  }
}

export const workloadPath = (d: { index: number }, rest = "") => `workloads[${d.index}].manifest${rest}`;

/** Sweep results for one Deployment across scenarios. */
export function sweepRowsFor(sweep: { cluster: string; scenarios: { scenario: { id: string; name: string; kind: string }; deployments: { namespace: string; name: string; verdict: string; pendingAtEnd: number; pendingReasons: Record<string, number>; recoveredAtMs: number | null }[] }[] }[] | undefined, d: DeploymentView) {
  const rows = [];
  for (const s of sweep ?? []) {
    if (s.cluster !== d.cluster) continue;
    for (const sc of s.scenarios) {
      const r = sc.deployments.find((x) => x.namespace === d.namespace && x.name === d.name);
      if (r) rows.push({ scenario: sc.scenario, result: r });
    }
  }
  return rows;
}
