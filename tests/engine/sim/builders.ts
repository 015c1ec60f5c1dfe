/** Fluent-ish builders for simulation tests: nodes in zones, Deployments with spread constraints, placement. */
import type { Deployment, Node, Pod, TopologySpreadConstraint } from "@/lib/k8s/types";
import { createScheduler } from "@/lib/engine/scheduler";
import { loadCluster, type SimulationInput } from "@/lib/engine/sim/load";
import { resolveSettings } from "@/lib/engine/sim/settings";

export function makeNode(name: string, zone: string, region = "r1", cpu = "4", pods = "110"): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone, "topology.kubernetes.io/region": region } },
    status: { allocatable: { cpu, memory: "32Gi", pods }, conditions: [{ type: "Ready", status: "True" }] },
  };
}

/** `perZone` nodes in each of `zones` (names `<zone>-n<i>`), all in `region`. */
export function makeNodes(zones: string[], perZone: number, region = "r1", cpu = "4"): Node[] {
  const out: Node[] = [];
  for (const z of zones) for (let i = 0; i < perZone; i++) out.push(makeNode(`${z}-n${i}`, z, region, cpu));
  return out;
}

export interface DeploymentOpts {
  replicas: number;
  cpu?: string;
  memory?: string;
  spread?: Partial<TopologySpreadConstraint>[];
  startup?: string;
  minReadySeconds?: number;
  namespace?: string;
}

export function makeDeployment(name: string, o: DeploymentOpts): Deployment {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: o.namespace ?? "default", ...(o.startup ? { annotations: { "topoplan.dev/startup-time": o.startup } } : {}) },
    spec: {
      replicas: o.replicas,
      ...(o.minReadySeconds ? { minReadySeconds: o.minReadySeconds } : {}),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: "app", image: `example/${name}:1`, resources: { requests: { cpu: o.cpu ?? "100m", memory: o.memory ?? "500Mi" } } }],
          ...(o.spread
            ? {
                topologySpreadConstraints: o.spread.map((s) => ({
                  maxSkew: 1,
                  topologyKey: "topology.kubernetes.io/zone",
                  whenUnsatisfiable: "DoNotSchedule" as const,
                  labelSelector: { matchLabels: labels },
                  ...s,
                })),
              }
            : {}),
        },
      },
    },
  };
}

/**
 * The steady state `topoplan place` would produce: Deployments materialized and their pods bound by the real
 * scheduler, returned as a snapshot whose pods carry spec.nodeName.
 */
export function steadyState(nodes: Node[], deployments: Deployment[], seed = 1): SimulationInput {
  const base: SimulationInput = { nodes, pods: [], deployments, replicaSets: [], services: [], pdbs: [] };
  const loaded = loadCluster(base, resolveSettings({}), seed);
  const s = createScheduler({ nodes, pods: [], replicaSets: loaded.state.replicaSets.map((r) => r.rs) }, { seed });
  const pods: Pod[] = [];
  for (const p of loaded.pods) {
    const r = s.scheduleAndBind(p.pod);
    if (r.nodeName === null) throw new Error(`steady state: ${p.name} unschedulable: ${r.message}`);
    pods.push({ ...p.pod, spec: { ...p.pod.spec, nodeName: r.nodeName }, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } });
  }
  return { ...base, pods, replicaSets: loaded.state.replicaSets.map((r) => r.rs) };
}
