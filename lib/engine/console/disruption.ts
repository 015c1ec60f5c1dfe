/**
 * PodDisruptionBudgets in the console, on the simulation's rules (controllers/disruption/eviction.ts): the
 * disruption controller's status of a budget (expected pods from the owners' scale: a Deployment's replicas for
 * the pods of its ReplicaSets, as getExpectedScale walks up to it) and the Eviction API's verdict on a pod.
 */
import type { Pod, PodDisruptionBudget } from "../../k8s/types";
import { pdbSelects, pdbSelector } from "../analysis/pdb";
import { evictionVerdict, pdbStatus, type EvictionVerdict, type PdbPodFacts, type PdbStatus } from "../controllers/disruption/eviction";
import { getControllerOf, isPodReady } from "../controllers/pod-util";
import type { ConsoleStore } from "./store";

const ns = (o: { metadata: { namespace?: string } }) => o.metadata.namespace || "default";

/** The budgets selecting a pod (eviction.go getPodDisruptionBudgets: same namespace, selector matches). */
export function budgetsFor(s: ConsoleStore, p: Pod): PodDisruptionBudget[] {
  return [...s.pdbs.values()].filter((b) => pdbSelects(b, ns(p), p.metadata.labels));
}

/** The controller a pod counts under and that controller's scale (getExpectedScale). */
function controllerOf(s: ConsoleStore, p: Pod, looseCounts: Map<string, number>): PdbPodFacts["controller"] {
  const ref = getControllerOf(p);
  if (!ref) return null;
  const rs = ref.kind === "ReplicaSet" ? [...s.replicaSets.values()].find((r) => r.metadata.uid === ref.uid) : undefined;
  if (rs) {
    const dref = getControllerOf(rs);
    const d = dref?.kind === "Deployment" ? [...s.deployments.values()].find((x) => x.metadata.uid === dref.uid) : undefined;
    return d ? { key: `deployment/${d.metadata.uid}`, scale: d.spec.replicas ?? 1 } : { key: `replicaset/${rs.metadata.uid}`, scale: rs.spec.replicas ?? 1 };
  }
  // Controllers the console does not run (StatefulSet, Job, ...): their current number of pods stands in.
  const key = `${ref.kind}/${ref.uid ?? ref.name}`;
  return { key, scale: looseCounts.get(key) ?? 0 };
}

/** The disruption controller's status of a budget, from the store as it is now. */
export function pdbStatusOf(s: ConsoleStore, pdb: PodDisruptionBudget): PdbStatus {
  const selector = pdbSelector(pdb);
  const pods = [...s.pods.values()].filter((p) => pdbSelects(pdb, ns(p), p.metadata.labels, selector));
  const loose = new Map<string, number>();
  for (const p of pods) {
    const ref = getControllerOf(p);
    if (ref && ref.kind !== "ReplicaSet") loose.set(`${ref.kind}/${ref.uid ?? ref.name}`, (loose.get(`${ref.kind}/${ref.uid ?? ref.name}`) ?? 0) + 1);
  }
  return pdbStatus(pdb, pods.map((p) => ({ ready: isPodReady(p), terminating: !!p.metadata.deletionTimestamp, controller: controllerOf(s, p, loose) })));
}

/** The Eviction subresource on one pod (a pod not yet Running goes without looking at budgets). */
export function evictionOf(s: ConsoleStore, p: Pod): EvictionVerdict {
  const phase = p.status?.phase === "Running" ? "Running" : "Pending";
  return evictionVerdict({ phase, ready: isPodReady(p), terminating: !!p.metadata.deletionTimestamp }, budgetsFor(s, p), (b) => pdbStatusOf(s, b));
}
