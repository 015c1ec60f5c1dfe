/** fast-check properties of the simulation: determinism and Kubernetes' invariants at every change point. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { maxSurge } from "@/lib/engine/controllers/deployment-util";
import { simulate } from "@/lib/engine/sim/simulate";
import type { ScenarioEvent } from "@/lib/engine/sim/scenario";
import type { ClusterState } from "@/lib/engine/sim/state";
import type { Deployment, DeploymentStrategy, IntOrString, TopologySpreadConstraint } from "@/lib/k8s/types";
import { makeDeployment, makeNodes, steadyState } from "./builders";

const spreadArb = fc.constantFrom<Partial<TopologySpreadConstraint>[] | undefined>(
  undefined,
  [{ whenUnsatisfiable: "ScheduleAnyway" }],
  [{ nodeTaintsPolicy: "Ignore" }],
  [{ nodeTaintsPolicy: "Honor" }],
);

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("0%", "10%", "25%", "50%", "100%")) as fc.Arbitrary<IntOrString>;
const strategyArb: fc.Arbitrary<DeploymentStrategy | undefined> = fc.oneof(
  fc.constant(undefined), // the apps/v1 default: RollingUpdate 25% / 25%
  fc.record({ maxSurge: intOrPercent, maxUnavailable: intOrPercent }).map((ru) => ({ type: "RollingUpdate" as const, rollingUpdate: ru })),
  fc.constant({ type: "Recreate" as const }),
);

/** A Deployment as the builders make it, with a strategy and minReadySeconds of the world's choosing. */
function withStrategy(d: Deployment, strategy: DeploymentStrategy | undefined, minReadySeconds: number): Deployment {
  return { ...d, spec: { ...d.spec, ...(strategy ? { strategy } : {}), ...(minReadySeconds > 0 ? { minReadySeconds } : {}) } };
}

const worldArb = fc.record({
  zones: fc.integer({ min: 2, max: 3 }),
  perZone: fc.integer({ min: 1, max: 3 }),
  deployments: fc.array(
    fc.record({
      replicas: fc.integer({ min: 1, max: 6 }), cpuMilli: fc.integer({ min: 100, max: 1500 }), memGi: fc.integer({ min: 0, max: 12 }), spread: spreadArb,
      strategy: strategyArb, minReadySeconds: fc.constantFrom(0, 0, 15),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  failure: fc.oneof(fc.record({ zone: fc.integer({ min: 0, max: 2 }) }), fc.record({ node: fc.integer({ min: 0, max: 8 }) })),
  failAtS: fc.integer({ min: 0, max: 60 }),
  recoverAfterS: fc.option(fc.integer({ min: 30, max: 900 }), { nil: undefined }),
  // A voluntary disruption on top: kubectl drain of a node, with or without a maxUnavailable 1 budget per app.
  drain: fc.option(fc.record({ node: fc.integer({ min: 0, max: 8 }), atS: fc.integer({ min: 0, max: 120 }), pdb: fc.boolean() }), { nil: undefined }),
  // Template changes (kubectl set image) of some Deployments, before, during or after the failure; a second one
  // of the same Deployment may roll over the first.
  rollouts: fc.array(fc.record({ deployment: fc.integer({ min: 0, max: 2 }), atS: fc.integer({ min: 0, max: 400 }) }), { minLength: 1, maxLength: 3 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function build(w: World) {
  const zoneNames = ["a", "b", "c"].slice(0, w.zones);
  const nodes = makeNodes(zoneNames, w.perZone);
  const deployments = w.deployments.map((d, i) =>
    withStrategy(makeDeployment(`app${i}`, { replicas: d.replicas, cpu: `${d.cpuMilli}m`, memory: d.memGi === 0 ? "500Mi" : `${d.memGi}Gi`, spread: d.spread }), d.strategy, d.minReadySeconds));
  let input;
  try {
    input = steadyState(nodes, deployments, w.seed);
  } catch {
    return null; // the steady state itself does not fit: not an outage question
  }
  const target = "zone" in w.failure ? { zone: zoneNames[w.failure.zone % zoneNames.length]! } : { node: nodes[w.failure.node % nodes.length]!.metadata.name! };
  const events: ScenarioEvent[] = [{ atMs: w.failAtS * 1000, fail: target }];
  if (w.recoverAfterS !== undefined) events.push({ atMs: (w.failAtS + w.recoverAfterS) * 1000, recover: target });
  w.rollouts.forEach((r, i) => {
    const d = deployments[r.deployment % deployments.length]!;
    events.push({ atMs: r.atS * 1000, rollout: { deployment: `default/${d.metadata.name!}`, image: `example/${d.metadata.name!}:${i + 2}` } });
  });
  events.sort((a, b) => a.atMs - b.atMs);
  if (w.drain) {
    events.push({ atMs: w.drain.atS * 1000, drain: { node: nodes[w.drain.node % nodes.length]!.metadata.name! } });
    events.sort((a, b) => a.atMs - b.atMs);
    if (w.drain.pdb) {
      input = { ...input, pdbs: deployments.map((d) => ({ metadata: { name: d.metadata.name!, namespace: "default" }, spec: { selector: d.spec.selector, maxUnavailable: 1 } })) };
    }
  }
  return { input, scenario: { seed: w.seed, horizonMs: 1_500_000, events } };
}

function checkInvariants(state: ClusterState): void {
  for (const n of state.nodes) {
    // Cordoned: spec.unschedulable and the taint that mirrors it go together.
    expect(!!n.node.spec?.unschedulable).toBe(!!n.node.spec?.taints?.some((t) => t.key === "node.kubernetes.io/unschedulable" && t.effect === "NoSchedule"));
    let cpu = 0;
    let mem = 0;
    for (const i of n.pods) {
      cpu += state.pods[i]!.cpuMilli;
      mem += state.pods[i]!.memoryBytes;
    }
    expect(cpu).toBeLessThanOrEqual(n.allocatable.cpuMilli);
    expect(mem).toBeLessThanOrEqual(n.allocatable.memoryBytes);
    expect(n.pods.length).toBeLessThanOrEqual(n.allocatable.pods);
  }
  for (const rs of state.replicaSets) {
    const c = { active: 0, ready: 0, available: 0, pending: 0 };
    for (const i of rs.pods) {
      const p = state.pods[i]!;
      if (p.deletionMs !== null) continue;
      c.active++;
      c.ready += +p.ready;
      c.available += +p.available;
      c.pending += +(p.nodeIdx < 0);
    }
    // The counters the time series and the Deployment controller read are the pods' own state.
    expect(c).toEqual({ active: rs.active, ready: rs.ready, available: rs.available, pending: rs.pending });
  }
  for (const d of state.deployments) {
    // The Deployment controller never asks for more than replicas + maxSurge (NewRSNewReplicas), and the
    // ReplicaSets it owns never hold more active pods than that.
    const bound = d.desired + maxSurge(d.deployment);
    let wanted = 0;
    let active = 0;
    for (const i of d.rsIdx) {
      wanted += state.replicaSets[i]!.desired;
      active += state.replicaSets[i]!.active;
    }
    expect(wanted).toBeLessThanOrEqual(bound);
    expect(active).toBeLessThanOrEqual(bound);
  }
}

describe("simulation properties", () => {
  it("is deterministic for a seed", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const b = build(w);
        fc.pre(b !== null);
        expect(JSON.stringify(simulate(b!.input, b!.scenario))).toBe(JSON.stringify(simulate(b!.input, b!.scenario)));
      }),
      { numRuns: 15 },
    );
  });

  it("never exceeds a node's allocatable and never lets a Deployment own more active pods than desired + maxSurge", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const b = build(w);
        fc.pre(b !== null);
        const r = simulate(b!.input, b!.scenario, { observe: checkInvariants });
        // Every rollout changed a template (each sets a new image), so the bound was exercised.
        expect(r.rollouts).toHaveLength(w.rollouts.length);
      }),
      { numRuns: 25 },
    );
  });

  it("with ample capacity a rollout completes: in the end every ready pod belongs to the new ReplicaSet", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ replicas: fc.integer({ min: 1, max: 8 }), spread: spreadArb, strategy: strategyArb, minReadySeconds: fc.constantFrom(0, 15) }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ deployment: fc.integer({ min: 0, max: 2 }), atS: fc.integer({ min: 0, max: 300 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 100 }),
        (perZone, ds, rollouts, seed) => {
          const nodes = makeNodes(["a", "b", "c"], perZone);
          const deployments = ds.map((d, i) => withStrategy(makeDeployment(`app${i}`, { replicas: d.replicas, cpu: "100m", spread: d.spread }), d.strategy, d.minReadySeconds));
          // 100m pods on 4-CPU nodes: even 3 nodes hold 120 pods, far above 3 x 8 replicas plus their surge.
          const input = steadyState(nodes, deployments, seed);
          const events: ScenarioEvent[] = rollouts
            .map((r, i) => ({ atMs: r.atS * 1000, rollout: { deployment: `default/app${r.deployment % ds.length}`, image: `example/v${i + 2}` } }))
            .sort((a, b) => a.atMs - b.atMs);
          let end: ClusterState | undefined;
          const r = simulate(input, { seed, horizonMs: 1_200_000, events }, { observe: (s) => (end = s) });
          const last = new Map(r.rollouts.map((x) => [x.deployment, x]));
          for (const [name, x] of last) {
            expect(x.completedAtMs).not.toBeNull();
            const d = end!.deployments.find((dd) => dd.name === name)!;
            const owners = new Set<string>();
            let ready = 0;
            for (const i of d.rsIdx) {
              const rs = end!.replicaSets[i]!;
              for (const podIdx of rs.pods) {
                const p = end!.pods[podIdx]!;
                if (p.ready && p.deletionMs === null) {
                  ready++;
                  owners.add(rs.name);
                }
              }
            }
            expect([...owners]).toEqual([x.replicaSet]);
            expect(ready).toBe(d.desired);
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("after a single-zone failure with soft constraints and spare capacity, ready returns to desired", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ replicas: fc.integer({ min: 1, max: 6 }), soft: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 100 }),
        (perZone, ds, zone, seed) => {
          const nodes = makeNodes(["a", "b", "c"], perZone);
          const deployments = ds.map((d, i) => makeDeployment(`app${i}`, { replicas: d.replicas, cpu: "100m", ...(d.soft ? { spread: [{ whenUnsatisfiable: "ScheduleAnyway" as const }] } : {}) }));
          // 100m pods on 4-CPU nodes: the two surviving zones hold 80 pods per node row, far above 18.
          const input = steadyState(nodes, deployments, seed);
          const r = simulate(input, { seed, horizonMs: 1_200_000, events: [{ atMs: 0, fail: { zone: ["a", "b", "c"][zone]! } }] });
          for (const d of r.deployments) {
            expect(d.readyAtEnd).toBe(d.desired);
            expect(d.recoveredAtMs).not.toBeNull();
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
