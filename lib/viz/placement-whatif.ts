/**
 * What-if edits of the Placement tab: replicas, and per topology spread constraint maxSkew and
 * whenUnsatisfiable, applied to a copy of the editor's document before placing it. The editor's text is
 * never touched. Pure; a Deployment is addressed as "namespace/name" (the same workload may run in several
 * clusters, and the edit then applies to all of them, as editing the document would).
 */
import type { Topology } from "../schemas/topology";

export type WhenUnsatisfiable = "DoNotSchedule" | "ScheduleAnyway";
export interface ConstraintEdit {
  maxSkew?: number;
  whenUnsatisfiable?: WhenUnsatisfiable;
}
export interface DeploymentEdit {
  replicas?: number;
  /** By constraint index in the pod template's topologySpreadConstraints. */
  constraints?: Record<number, ConstraintEdit>;
}
export type WhatIfs = Record<string, DeploymentEdit>;

export const deploymentKey = (namespace: string, name: string) => `${namespace}/${name}`;

export function countEdits(w: WhatIfs): number {
  let n = 0;
  for (const e of Object.values(w)) {
    if (e.replicas !== undefined) n++;
    for (const c of Object.values(e.constraints ?? {})) n += (c.maxSkew !== undefined ? 1 : 0) + (c.whenUnsatisfiable !== undefined ? 1 : 0);
  }
  return n;
}

type Loose = Record<string, unknown>;

export function applyWhatIfs(spec: Topology, edits: WhatIfs): Topology {
  if (countEdits(edits) === 0) return spec;
  const workloads = spec.workloads.map((w) => {
    const m = w.manifest as unknown as Loose & { kind?: string; metadata?: { name?: string; namespace?: string } };
    if (m.kind !== "Deployment") return w;
    const e = edits[deploymentKey(m.metadata?.namespace ?? "default", m.metadata?.name ?? "")];
    if (!e) return w;
    const manifest = structuredClone(m) as Loose & { spec: Loose & { template?: { spec?: { topologySpreadConstraints?: Loose[] } } } };
    if (e.replicas !== undefined) manifest.spec.replicas = e.replicas;
    const tsc = manifest.spec.template?.spec?.topologySpreadConstraints;
    for (const [i, c] of Object.entries(e.constraints ?? {})) {
      const target = tsc?.[Number(i)];
      if (!target) continue;
      if (c.maxSkew !== undefined) target.maxSkew = c.maxSkew;
      if (c.whenUnsatisfiable !== undefined) {
        target.whenUnsatisfiable = c.whenUnsatisfiable;
        // minDomains is only valid with DoNotSchedule (API validation); drop it rather than place an invalid pod.
        if (c.whenUnsatisfiable === "ScheduleAnyway") delete target.minDomains;
      }
    }
    return { ...w, manifest: manifest as unknown as typeof w.manifest };
  });
  return { ...spec, workloads };
}

/** The current value of a Deployment's replicas and constraints in a document (for the inline inputs). */
export function deploymentFields(spec: Topology, namespace: string, name: string): { replicas: number; constraints: { topologyKey: string; maxSkew: number; whenUnsatisfiable: WhenUnsatisfiable }[] } | null {
  for (const w of spec.workloads) {
    const m = w.manifest as unknown as { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: { replicas?: number; template?: { spec?: { topologySpreadConstraints?: { topologyKey: string; maxSkew: number; whenUnsatisfiable: WhenUnsatisfiable }[] } } } };
    if (m.kind !== "Deployment" || (m.metadata?.namespace ?? "default") !== namespace || m.metadata?.name !== name) continue;
    return {
      replicas: m.spec?.replicas ?? 1,
      constraints: (m.spec?.template?.spec?.topologySpreadConstraints ?? []).map((c) => ({ topologyKey: c.topologyKey, maxSkew: c.maxSkew, whenUnsatisfiable: c.whenUnsatisfiable })),
    };
  }
  return null;
}
