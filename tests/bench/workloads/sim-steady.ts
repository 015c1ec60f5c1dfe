/**
 * The steady state W4 and W5 start from: the Deployment/ReplicaSet controllers materialise every pod
 * (lib/engine/controllers/materialize, at the simulation's epoch so the simulation adopts the same objects) and
 * kube-scheduler places them one at a time in creation order, exactly as W3 does (without W3's report).
 * Returns the simulation input with every pod bound, plus how long it took (not part of W4/W5's measure).
 */
import { compileLabelSelector } from "@/lib/k8s/selector";
import type { LabelSelector, Pod, ReplicaSet } from "@/lib/k8s/types";
import { Materializer } from "@/lib/engine/controllers/materialize";
import { createScheduler } from "@/lib/engine/scheduler";
import { SIM_EPOCH_MS } from "@/lib/engine/sim/context";
import type { SimulationInput } from "@/lib/engine/sim/simulate";
import { topologySnapshot, type TopologyShape } from "./w3-input";

export interface Steady {
  input: SimulationInput;
  pending: number;
  ms: number;
}

export function steadyState(shape: TopologyShape, seed: number): Steady {
  const t0 = performance.now();
  const snap = topologySnapshot(shape, seed);
  const cache = new WeakMap<object, ReturnType<typeof compileLabelSelector>>();
  const matches = (sel: LabelSelector, labels: Record<string, string> | undefined) => {
    let c = cache.get(sel);
    if (!c) cache.set(sel, (c = compileLabelSelector(sel)));
    return c.matches(labels);
  };
  const m = new Materializer([], { seed, nowMs: SIM_EPOCH_MS, matches });
  const replicaSets: ReplicaSet[] = [];
  const created: Pod[] = [];
  for (const d of snap.deployments) {
    const out = m.syncDeployment(d, []);
    replicaSets.push(out.current.replicaSet);
    for (const p of out.current.created) created.push(p);
  }
  const s = createScheduler({ nodes: snap.nodes, pods: [], replicaSets, namespaces: snap.namespaces }, { seed });
  const pods: Pod[] = [];
  let pending = 0;
  for (const p of created) {
    const r = s.schedule(p);
    if (r.nodeName === null) {
      pending++;
      pods.push(p);
      continue;
    }
    s.bind(p, r.nodeName);
    pods.push({ ...p, spec: { ...p.spec, nodeName: r.nodeName }, status: { phase: "Running" } });
  }
  const input: SimulationInput = { nodes: snap.nodes, pods, deployments: snap.deployments, replicaSets, services: [], pdbs: [], namespaces: snap.namespaces };
  return { input, pending, ms: performance.now() - t0 };
}
