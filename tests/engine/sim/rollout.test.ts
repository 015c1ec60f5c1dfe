/**
 * Rollouts: the Deployment controller's arithmetic (rolling.go / recreate.go) step by step on plain ReplicaSet
 * records, then the simulation with Kubernetes' default timings (pods Ready 10 s after they are created, a
 * deleted pod gone 30 s later): the `ScalingReplicaSet` events with their times, the time series, the completion
 * time, a rollout during a zone outage, the scenario verb, and that a simulation without rollouts is untouched.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recreateStep, rollingUpdateStep, rolloutComplete, type RolloutReplicaSet } from "@/lib/engine/controllers/deployment-rollout";
import { withDeploymentDefaults } from "@/lib/engine/controllers/deployment-util";
import type { SimEvent } from "@/lib/engine/sim/event-log";
import { simulateReport } from "@/lib/engine/sim/report";
import { parseScenario, scenarioFromObject, type ScenarioEvent } from "@/lib/engine/sim/scenario";
import { defaultSchedulerFactory, type SchedulerFactory } from "@/lib/engine/sim/scheduler-port";
import { simulate, type SimulationScenario } from "@/lib/engine/sim/simulate";
import { FailureMemo } from "@/lib/engine/sim/failure-memo";
import { loadCluster, type SimulationInput } from "@/lib/engine/sim/load";
import { resolveSettings } from "@/lib/engine/sim/settings";
import type { Deployment, DeploymentStrategy, IntOrString } from "@/lib/k8s/types";
import { makeDeployment, makeNodes, steadyState } from "./builders";

const S = 1000;
const of = (events: SimEvent[], reason: string) => events.filter((e) => e.reason === reason);
const scaling = (events: SimEvent[]) => of(events, "ScalingReplicaSet").map((e) => [e.atMs / S, e.message] as const);

function rolling(maxSurge: IntOrString, maxUnavailable: IntOrString): DeploymentStrategy {
  return { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } };
}
function withStrategy(d: Deployment, strategy: DeploymentStrategy): Deployment {
  return { ...d, spec: { ...d.spec, strategy } };
}

/**
 * The controllers around one Deployment without a clock: the ReplicaSet controller carries out every scale at
 * once (deleting unavailable pods first), new pods are unavailable until `makeAvailable`.
 */
class Rollout {
  readonly d: Deployment;
  readonly old: RolloutReplicaSet & { replicas: number; statusReplicas: number; available: number };
  current: (RolloutReplicaSet & { replicas: number; statusReplicas: number; available: number }) | null = null;
  readonly log: string[] = [];

  constructor(replicas: number, strategy?: DeploymentStrategy, oldAvailable = replicas) {
    this.d = withDeploymentDefaults({ metadata: { name: "web" }, spec: { replicas, selector: {}, template: { spec: { containers: [] } }, ...(strategy ? { strategy } : {}) } });
    this.old = { name: "web-old", createdMs: 0, replicas, statusReplicas: replicas, available: oldAvailable };
  }

  /** Syncs until a sync changes nothing (each update of a ReplicaSet triggers the next sync). */
  settle(oldPodsExist = () => this.old.statusReplicas > 0): string[] {
    const out: string[] = [];
    for (let i = 0; i < 50; i++) {
      const step = this.d.spec.strategy?.type === "Recreate"
        ? recreateStep(this.d, this.current, [this.old], oldPodsExist())
        : rollingUpdateStep(this.d, this.current, [this.old]);
      expect(step.error).toBeUndefined();
      if (step.create === null && step.scales.length === 0) break;
      if (step.create !== null) {
        this.current = { name: "web-new", createdMs: 1, replicas: step.create, statusReplicas: step.create, available: 0 };
        out.push(`create new with ${step.create}`);
      }
      for (const s of step.scales) {
        expect(s.from).toBe(s.rs.replicas);
        s.rs.replicas = s.to;
        s.rs.statusReplicas = s.to;
        s.rs.available = Math.min(s.rs.available, s.to);
        out.push(`${s.rs === this.old ? "old" : "new"} ${s.from}->${s.to}`);
      }
    }
    this.log.push(...out);
    return out;
  }

  makeAvailable(): void {
    this.current!.available = this.current!.statusReplicas;
  }

  complete(): boolean {
    return rolloutComplete(this.d, this.current, [this.old]);
  }
}

describe("rolling update arithmetic (rolloutRolling)", () => {
  it("25% / 25% of 4: surge 1, unavailable 1, so 5 pods at most and 3 available at least", () => {
    const r = new Rollout(4);
    // Created at NewRSNewReplicas = min(4 + 1 - 4, 4) = 1; in the same sync old goes by available 4 - minAvailable 3.
    expect(r.settle()).toEqual(["create new with 1", "old 4->3", "new 1->2"]);
    expect(r.complete()).toBe(false);
    r.makeAvailable();
    expect(r.settle()).toEqual(["old 3->1", "new 2->4"]);
    r.makeAvailable();
    expect(r.settle()).toEqual(["old 1->0"]);
    expect(r.complete()).toBe(true);
  });

  it("25% / 25% of 10: surge rounds up to 3, unavailable down to 2", () => {
    const r = new Rollout(10);
    expect(r.settle()).toEqual(["create new with 3", "old 10->8", "new 3->5"]);
    r.makeAvailable();
    expect(r.settle()).toEqual(["old 8->3", "new 5->10"]);
    r.makeAvailable();
    expect(r.settle()).toEqual(["old 3->0"]);
    expect(r.complete()).toBe(true);
  });

  it("maxSurge 0 / maxUnavailable 1: one old replica goes before each new one (the new ReplicaSet starts at 0)", () => {
    const r = new Rollout(4, rolling(0, 1));
    expect(r.settle()).toEqual(["create new with 0", "old 4->3", "new 0->1"]);
    for (const want of [["old 3->2", "new 1->2"], ["old 2->1", "new 2->3"], ["old 1->0", "new 3->4"]]) {
      r.makeAvailable();
      expect(r.settle()).toEqual(want);
    }
    expect(r.complete()).toBe(false);
    r.makeAvailable();
    expect(r.complete()).toBe(true);
  });

  it("maxSurge 0 and maxUnavailable 0 resolve to unavailable 1 (a rollout can always progress)", () => {
    const zero = new Rollout(4, rolling(0, "0%"));
    const one = new Rollout(4, rolling(0, 1));
    expect(zero.settle()).toEqual(one.settle());
  });

  it("maxSurge 100%: the whole new ReplicaSet at once, old ones go as the new pods become available", () => {
    const r = new Rollout(4, rolling("100%", 0));
    expect(r.settle()).toEqual(["create new with 4"]);
    r.makeAvailable();
    expect(r.settle()).toEqual(["old 4->0"]);
  });

  it("cleans up unhealthy old replicas first, never taking available ones below minAvailable", () => {
    // 6 replicas, 2 of them unavailable (their node is down): surge 2, unavailable 1, minAvailable 5.
    const r = new Rollout(6, undefined, 4);
    // maxScaledDown = 8 - 5 - 2 = 1: one unavailable old replica goes; the 4 available ones stay (4 <= 5).
    expect(r.settle()).toEqual(["create new with 2", "old 6->5", "new 2->3"]);
    // The new pods never become available: 8 - 5 - 3 = 0, nothing more happens.
    expect(r.settle()).toEqual([]);
    expect(r.old.available).toBe(4);
  });

  it("does nothing to old ReplicaSets while one reports more available pods than its spec (a scale-down in flight)", () => {
    const d = withDeploymentDefaults({ metadata: { name: "web" }, spec: { replicas: 4, selector: {}, template: { spec: { containers: [] } } } });
    const newRS = { name: "web-new", createdMs: 1, replicas: 2, statusReplicas: 2, available: 2 };
    const old = { name: "web-old", createdMs: 0, replicas: 3, statusReplicas: 4, available: 4 };
    // maxScaledDown = 5 - 3 - 0 = 2 > 0, but cleanupUnhealthyReplicas computes 3 - 4 < 0 and gives up.
    expect(rollingUpdateStep(d, newRS, [old]).scales).toEqual([]);
  });

  it("scales old ReplicaSets oldest first, and an invalid maxSurge is an error with no call", () => {
    const d = withDeploymentDefaults({ metadata: { name: "web" }, spec: { replicas: 4, selector: {}, template: { spec: { containers: [] } } } });
    const newRS = { name: "web-c", createdMs: 30, replicas: 4, statusReplicas: 4, available: 4 };
    const older = { name: "web-a", createdMs: 10, replicas: 1, statusReplicas: 1, available: 1 };
    const newer = { name: "web-b", createdMs: 20, replicas: 1, statusReplicas: 1, available: 1 };
    // available 6 - minAvailable 3 = 3 to go: web-a's 1 first, then web-b's 1.
    expect(rollingUpdateStep(d, newRS, [newer, older]).scales.map((s) => [s.rs.name, s.to])).toEqual([["web-a", 0], ["web-b", 0]]);
    const bad = { ...d, spec: { ...d.spec, strategy: rolling("lots", 1) } };
    expect(rollingUpdateStep(bad, null, [older]).error).toContain("invalid value for IntOrString");
  });
});

describe("recreate arithmetic (rolloutRecreate)", () => {
  it("scales old to 0, waits until no old pod exists (terminating ones count), then creates the new one at replicas", () => {
    const r = new Rollout(4, { type: "Recreate" });
    let terminating = true;
    expect(r.settle(() => terminating)).toEqual(["old 4->0"]);
    expect(r.current).toBeNull();
    terminating = false;
    expect(r.settle(() => terminating)).toEqual(["create new with 4"]);
  });
});

describe("rollout in the simulation", () => {
  const nodes = makeNodes(["a", "b", "c"], 2);
  const setImage = (atMs: number, image = "example/web:2", deployment = "default/web"): ScenarioEvent => ({ atMs, rollout: { deployment, image } });
  const run = (input: SimulationInput, events: ScenarioEvent[], horizonMs = 400 * S) => simulate(input, { seed: 1, horizonMs, events });

  it("25% / 25% of 4: each step when the new pods are Ready (10 s), complete in 20 s; ready never below 3", () => {
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 4 })]);
    const r = run(input, [setImage(60 * S)]);
    const rs = r.rollouts[0]!;
    const [oldRS] = input.replicaSets.map((x) => x.metadata.name!);
    const newRS = rs.replicaSet!;
    expect(newRS).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(newRS).not.toBe(oldRS);
    expect(scaling(r.events)).toEqual([
      [60, `Scaled up replica set ${newRS} from 0 to 1`],
      [60, `Scaled down replica set ${oldRS} from 4 to 3`],
      [60, `Scaled up replica set ${newRS} from 1 to 2`],
      [70, `Scaled down replica set ${oldRS} from 3 to 1`],
      [70, `Scaled up replica set ${newRS} from 2 to 4`],
      [80, `Scaled down replica set ${oldRS} from 1 to 0`],
    ]);
    expect(of(r.events, "ScalingReplicaSet").every((e) => e.object === "deployment/web" && e.namespace === "default" && e.type === "Normal")).toBe(true);
    // The ReplicaSet controller carries each scale out: 4 pods created in the new ReplicaSet, 4 deleted in the old.
    expect(of(r.events, "SuccessfulCreate").map((e) => e.object)).toEqual(Array(4).fill(`replicaset/${newRS}`));
    expect(of(r.events, "SuccessfulDelete").map((e) => [e.atMs / S, e.object])).toEqual([[60, `replicaset/${oldRS}`], [70, `replicaset/${oldRS}`], [70, `replicaset/${oldRS}`], [80, `replicaset/${oldRS}`]]);
    expect(rs).toEqual({ namespace: "default", deployment: "web", atMs: 60 * S, strategy: "RollingUpdate", replicaSet: newRS, completedAtMs: 80 * S, supersededAtMs: null });
    // At 70 s the two new pods are Ready (5) and two old ones go in the same millisecond: 3 at the sample.
    expect(r.deployments[0]!.series.map((s) => [s.atMs / S, s.desired, s.ready, s.available, s.pending])).toEqual([
      [0, 4, 4, 4, 0], [60, 4, 3, 3, 0], [70, 4, 3, 3, 0], [80, 4, 4, 4, 0],
    ]);
    expect(r.notes).toEqual([{ atMs: 60 * S, component: "kubectl", message: "deployment.apps/web image updated" }]);
    // The new pods run the new image, the old pods are gone 30 s after their deletion.
    const pulls = of(r.events, "Pulling").filter((e) => e.object.startsWith(`pod/${newRS}-`));
    expect(pulls).toHaveLength(4);
    expect(pulls.every((e) => e.message === 'Pulling image "example/web:2"')).toBe(true);
    expect(r.zones.reduce((n, z) => n + z.series[z.series.length - 1]!.pods, 0)).toBe(4);
  });

  it("25% / 25% of 10: 3 surge pods and 2 unavailable, complete in two steps", () => {
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 10 })]);
    const r = run(input, [setImage(60 * S)]);
    const newRS = r.rollouts[0]!.replicaSet!;
    const oldRS = input.replicaSets[0]!.metadata.name!;
    expect(scaling(r.events)).toEqual([
      [60, `Scaled up replica set ${newRS} from 0 to 3`],
      [60, `Scaled down replica set ${oldRS} from 10 to 8`],
      [60, `Scaled up replica set ${newRS} from 3 to 5`],
      [70, `Scaled down replica set ${oldRS} from 8 to 3`],
      [70, `Scaled up replica set ${newRS} from 5 to 10`],
      [80, `Scaled down replica set ${oldRS} from 3 to 0`],
    ]);
    expect(r.rollouts[0]!.completedAtMs).toBe(80 * S);
    expect(Math.min(...r.deployments[0]!.series.map((s) => s.ready))).toBe(8);
  });

  it("maxSurge 0 / maxUnavailable 1: one pod at a time, never more than 4, complete when the 4th new pod is Ready", () => {
    const input = steadyState(nodes, [withStrategy(makeDeployment("web", { replicas: 4 }), rolling(0, 1))]);
    let most = 0;
    const r = simulate(input, { seed: 1, horizonMs: 400 * S, events: [setImage(60 * S)] }, {
      observe: (state) => {
        const d = state.deployments[0]!;
        most = Math.max(most, d.rsIdx.reduce((n, i) => n + state.replicaSets[i]!.active, 0));
      },
    });
    const newRS = r.rollouts[0]!.replicaSet!;
    const oldRS = input.replicaSets[0]!.metadata.name!;
    // Created with 0 replicas: no "Scaled up ... from 0 to 0" event.
    expect(scaling(r.events)).toEqual([
      [60, `Scaled down replica set ${oldRS} from 4 to 3`], [60, `Scaled up replica set ${newRS} from 0 to 1`],
      [70, `Scaled down replica set ${oldRS} from 3 to 2`], [70, `Scaled up replica set ${newRS} from 1 to 2`],
      [80, `Scaled down replica set ${oldRS} from 2 to 1`], [80, `Scaled up replica set ${newRS} from 2 to 3`],
      [90, `Scaled down replica set ${oldRS} from 1 to 0`], [90, `Scaled up replica set ${newRS} from 3 to 4`],
    ]);
    expect(r.rollouts[0]!.completedAtMs).toBe(100 * S);
    expect(most).toBe(4);
    expect(r.deployments[0]!.series.map((s) => s.ready)).toEqual([4, 3, 3, 3, 3, 4]);
  });

  it("minReadySeconds: old replicas go only when the new ones are available, not merely Ready", () => {
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 4, minReadySeconds: 20 })]);
    const r = run(input, [setImage(60 * S)]);
    // New pods Ready at 70 s, available at 90 s; the next two Ready at 100 s, available at 120 s.
    expect(scaling(r.events).map(([t]) => t)).toEqual([60, 60, 60, 90, 90, 120]);
    expect(r.rollouts[0]!.completedAtMs).toBe(120 * S);
    expect(r.deployments[0]!.series.map((s) => [s.atMs / S, s.ready, s.available])).toEqual([[0, 4, 4], [60, 3, 3], [70, 5, 3], [90, 3, 3], [100, 5, 3], [120, 4, 4]]);
  });

  it("Recreate: old scaled to 0, the new ReplicaSet created once the old pods are gone (30 s), nothing ready in between", () => {
    const input = steadyState(nodes, [withStrategy(makeDeployment("web", { replicas: 4 }), { type: "Recreate" })]);
    const r = run(input, [setImage(60 * S)]);
    const newRS = r.rollouts[0]!.replicaSet!;
    const oldRS = input.replicaSets[0]!.metadata.name!;
    expect(scaling(r.events)).toEqual([[60, `Scaled down replica set ${oldRS} from 4 to 0`], [90, `Scaled up replica set ${newRS} from 0 to 4`]]);
    expect(of(r.events, "Killing").map((e) => e.atMs)).toEqual(Array(4).fill(60 * S));
    expect(of(r.events, "SuccessfulCreate").map((e) => e.atMs)).toEqual(Array(4).fill(90 * S));
    expect(r.rollouts[0]).toMatchObject({ strategy: "Recreate", completedAtMs: 100 * S });
    expect(r.deployments[0]!.series.map((s) => [s.atMs / S, s.ready])).toEqual([[0, 4], [60, 0], [90, 0], [100, 4]]);
  });

  it("Recreate on a dead node never creates the new ReplicaSet: its terminating pods stay until the node is back", () => {
    const input = steadyState(nodes, [withStrategy(makeDeployment("web", { replicas: 6 }), { type: "Recreate" })]);
    const r = run(input, [{ atMs: 0, fail: { node: "a-n0" } }, setImage(60 * S), { atMs: 200 * S, recover: { node: "a-n0" } }]);
    const newRS = r.rollouts[0]!.replicaSet!;
    // The pod on a-n0 is Terminating from 60 s (nobody confirms it stopped); a-n0 is back at 200 s, past the pod's
    // 30 s grace period, and its kubelet removes it at once: only then is the new ReplicaSet created.
    expect(scaling(r.events).map(([t]) => t)).toEqual([60, 200]);
    expect(scaling(r.events).at(-1)).toEqual([200, `Scaled up replica set ${newRS} from 0 to 6`]);
    expect(r.rollouts[0]!.completedAtMs).toBe(210 * S);
  });

  it("during a zone outage: the new pods stay Pending and the old ReplicaSet keeps its available pods (minAvailable)", () => {
    // One 900m pod fits a 1-CPU node: no room for surge pods once zone a is down.
    const input = steadyState(makeNodes(["a", "b", "c"], 2, "r1", "1"), [makeDeployment("web", { replicas: 6, cpu: "900m" })]);
    const oldRS = input.replicaSets[0]!.metadata.name!;
    const inZoneA = new Set(input.pods.filter((p) => p.spec.nodeName!.startsWith("a-")).map((p) => p.metadata.name));
    const r = run(input, [{ atMs: 0, fail: { zone: "a" } }, setImage(100 * S)], 900 * S);
    const newRS = r.rollouts[0]!.replicaSet!;
    // At 100 s zone a's 2 pods are NotReady: 4 available, minAvailable 6 - 1 = 5. The new ReplicaSet is created at
    // its surge (2); maxScaledDown = 8 - 5 - 2 = 1 goes to an unhealthy old replica (cleanupUnhealthyReplicas);
    // then 8 - 5 - 3 = 0: nothing more while the new pods cannot become available.
    expect(scaling(r.events)).toEqual([
      [100, `Scaled up replica set ${newRS} from 0 to 2`],
      [100, `Scaled down replica set ${oldRS} from 6 to 5`],
      [100, `Scaled up replica set ${newRS} from 2 to 3`],
    ]);
    // The ReplicaSet controller deletes a NotReady pod, never one of the 4 serving ones.
    const deleted = of(r.events, "SuccessfulDelete").map((e) => e.message.replace("Deleted pod: ", ""));
    expect(deleted).toHaveLength(1);
    expect(inZoneA.has(deleted[0]!)).toBe(true);
    const pending = of(r.events, "FailedScheduling").filter((e) => e.object.startsWith(`pod/${newRS}-`));
    expect(pending).toHaveLength(3);
    expect(pending[0]!.message).toBe("0/6 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 4 Insufficient cpu.");
    const d = r.deployments[0]!;
    expect(Math.min(...d.series.filter((s) => s.atMs >= 100 * S).map((s) => s.ready))).toBe(4);
    // At the horizon: 4 old pods serving, 3 new + 1 replacement of the evicted old pod Pending, never complete.
    expect(d).toMatchObject({ readyAtEnd: 4, pendingAtEnd: 4 });
    expect(r.rollouts[0]!.completedAtMs).toBeNull();
  });

  it("a rollout back to the previous template before the first completes reuses the old ReplicaSet", () => {
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 4 })]);
    const oldRS = input.replicaSets[0]!.metadata.name!;
    const r = run(input, [setImage(60 * S), setImage(65 * S, "example/web:1")]);
    const v2 = r.rollouts[0]!.replicaSet!;
    expect(r.rollouts.map((x) => [x.atMs / S, x.replicaSet, x.completedAtMs, x.supersededAtMs])).toEqual([[60, v2, null, 65 * S], [65, oldRS, 75 * S, null]]);
    // The old ReplicaSet is the new one again: v2's unavailable pods are cleaned up, the old one grows by the room left.
    expect(scaling(r.events).slice(3)).toEqual([[65, `Scaled down replica set ${v2} from 2 to 0`], [65, `Scaled up replica set ${oldRS} from 3 to 4`]]);
  });

  it("rollout restart sets kubectl.kubernetes.io/restartedAt; a patch that breaks the selector is refused; no change, no rollout", () => {
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 2 })]);
    const seen: Record<string, string>[] = [];
    const r = simulate(input, {
      seed: 1, horizonMs: 300 * S,
      events: [
        { atMs: 10 * S, rollout: { deployment: "default/web", labels: { app: "other" } } },
        { atMs: 20 * S, rollout: { deployment: "default/web", image: "example/web:1" } },
        { atMs: 30 * S, rollout: { deployment: "default/web" } },
      ],
    }, {
      observe: (state) => {
        for (const p of state.pods) if (!p.removed && p.pod.metadata.annotations) seen.push(p.pod.metadata.annotations);
      },
    });
    expect(r.notes.map((n) => [n.atMs / S, n.message])).toEqual([
      [10, 'error: The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`'],
      [20, "deployment.apps/web image updated (no change)"],
      [30, "deployment.apps/web restarted"],
    ]);
    expect(r.rollouts).toHaveLength(1);
    expect(seen.some((a) => a["kubectl.kubernetes.io/restartedAt"] === "2025-01-01T00:00:30Z")).toBe(true);
  });

  it("a label patch rolls out too, and the Services selecting the new labels get the new pods", () => {
    const input = { ...steadyState(nodes, [makeDeployment("web", { replicas: 2 })]), services: [{ metadata: { name: "canary", namespace: "default" }, spec: { selector: { track: "canary" } } }] };
    const r = run(input, [{ atMs: 10 * S, rollout: { deployment: "default/web", labels: { track: "canary" } } }]);
    expect(r.notes.map((n) => n.message)).toEqual(["deployment.apps/web patched"]);
    expect(r.services[0]!.series.map((s) => [s.atMs / S, s.readyEndpoints])).toEqual([[0, 0], [20, 1], [30, 2]]);
  });

  it("the scheduler and the other informers see the new ReplicaSet", () => {
    const added: string[] = [];
    const spy: SchedulerFactory = (input, seed) => {
      const p = defaultSchedulerFactory(input, seed);
      return { ...p, addReplicaSet: (rs) => (added.push(rs.metadata.name!), p.addReplicaSet!(rs)) };
    };
    const input = steadyState(nodes, [makeDeployment("web", { replicas: 2 })]);
    const r = simulate(input, { seed: 1, horizonMs: 100 * S, events: [setImage(10 * S)] }, { scheduler: spy });
    expect(added).toEqual([r.rollouts[0]!.replicaSet]);
  });

  it("failure memo stays exact across a rollout during a zone outage (memoised run = every cycle run)", () => {
    const input = steadyState(makeNodes(["a", "b", "c"], 3, "r1", "1"), [
      makeDeployment("web", { replicas: 9, cpu: "300m", spread: [{ nodeTaintsPolicy: "Honor" }] }),
      makeDeployment("api", { replicas: 6, cpu: "300m", spread: [{}] }),
    ]);
    const scenario: SimulationScenario = {
      seed: 2, horizonMs: 900 * S, settings: { defaultTolerationSeconds: 30 },
      events: [{ atMs: 0, fail: { zone: "a" } }, setImage(120 * S), setImage(130 * S, "example/api:2", "default/api")],
    };
    const memo = simulate(input, scenario);
    const full = simulate(input, scenario, { memoizeFailures: false });
    expect(memo).toEqual(full);
    expect(memo.rollouts.map((x) => x.replicaSet !== null)).toEqual([true, true]);
  });
});

describe("failure memo and a ReplicaSet created during the run", () => {
  it("a leaving old pod moves the new ReplicaSet's pods back when its spread selector matches them", () => {
    const input = steadyState(makeNodes(["a", "b", "c"], 1), [makeDeployment("web", { replicas: 3, spread: [{}] })]);
    const { state, pods } = loadCluster(input, resolveSettings({}), 1);
    for (const p of pods) state.addPod(p);
    const memo = new FailureMemo(state);
    const old = state.pods[0]!;
    // An old pod left before the rollout: the groups its labels match are remembered ([old ReplicaSet]).
    expect(memo.podLeft(old, [0])).toEqual([0]);
    const template = state.replicaSets[0]!.rs.spec.template;
    const rs = state.addReplicaSet({ namespace: "default", name: "web-v2", rs: { metadata: { name: "web-v2", namespace: "default" }, spec: { selector: {}, template } }, desired: 1, minReadySeconds: 0, deploymentIdx: 0 });
    memo.replicaSetAdded();
    memo.set(rs.idx, old.pod, "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.");
    // The spread selector (app=web) of the new ReplicaSet's pods counts the old pod: its leaving may help them.
    expect(memo.podLeft(old, [rs.idx])).toEqual([rs.idx]);
  });
});

describe("kubectl drain and a ReplicaSet created during the run", () => {
  it("a budget counts the new ReplicaSet's pods once the rollout created it (drain before and after)", () => {
    const base = steadyState(makeNodes(["a", "b", "c"], 2), [makeDeployment("web", { replicas: 6 })]);
    const input = { ...base, pdbs: [{ metadata: { name: "web", namespace: "default" }, spec: { selector: { matchLabels: { app: "web" } }, maxUnavailable: 1 } }] };
    const r = simulate(input, {
      seed: 1, horizonMs: 600 * S,
      events: [{ atMs: 0, drain: { node: "a-n0" } }, { atMs: 60 * S, rollout: { deployment: "default/web", image: "example/web:2" } }, { atMs: 200 * S, drain: { node: "b-n0" } }],
    });
    expect(r.rollouts[0]!.completedAtMs).not.toBeNull();
    // b-n0 holds pods of the new ReplicaSet by then: 6 healthy, 1 disruption allowed, so the drain completes.
    const second = r.drains[1]!;
    expect(second.evicted.length).toBeGreaterThan(0);
    expect(second.evicted.every((e) => e.pod.startsWith(`${r.rollouts[0]!.replicaSet}-`))).toBe(true);
    expect(second.drainedAtMs).not.toBeNull();
  });
});

describe("a simulation without rollouts is untouched", () => {
  const input = steadyState(makeNodes(["a", "b", "c"], 2), [makeDeployment("web", { replicas: 6 })]);
  const base: SimulationScenario = { seed: 1, horizonMs: 900 * S, events: [{ atMs: 0, fail: { node: "a-n0" } }] };

  it("a rollout of a Deployment this cluster does not have changes nothing (the controller never starts listening)", () => {
    const without = simulate(input, base);
    const other = simulate(input, { ...base, events: [...base.events, setImageOf("default/elsewhere", 10 * S)] });
    // The scenario event itself is the one extra event processed.
    expect({ ...other, processedEvents: 0 }).toEqual({ ...without, processedEvents: 0 });
    expect(other.processedEvents).toBe(without.processedEvents + 1);
    expect(without.rollouts).toEqual([]);
  });

  it("is deterministic with rollouts", () => {
    const scenario = { ...base, events: [...base.events, setImageOf("default/web", 60 * S)] };
    expect(JSON.stringify(simulate(input, scenario))).toBe(JSON.stringify(simulate(input, scenario)));
  });

  function setImageOf(deployment: string, atMs: number): ScenarioEvent {
    return { atMs, rollout: { deployment, image: "example/x:9" } };
  }
});

describe("scenario verb", () => {
  const known = { deployments: new Map([["default/web", ["app", "sidecar"]], ["shop/cart", ["app"]]]) };

  it("parses rollout with a namespace, a bare name (namespace default), image, container, labels and annotations", () => {
    const r = parseScenario(`events:
  - at: 2m
    rollout: { deployment: shop/cart }
  - at: 3m
    rollout: { deployment: web, image: "example/web:2", container: sidecar }
  - at: 4m
    rollout:
      deployment: default/web
      labels: { track: canary }
      annotations: { note: "v3" }
`, known);
    expect(r.ok && r.scenario.events).toEqual([
      { atMs: 120 * S, rollout: { deployment: "shop/cart" } },
      { atMs: 180 * S, rollout: { deployment: "default/web", image: "example/web:2", container: "sidecar" } },
      { atMs: 240 * S, rollout: { deployment: "default/web", labels: { track: "canary" }, annotations: { note: "v3" } } },
    ]);
  });

  it("an unknown Deployment or container is an error naming the field, with line and column", () => {
    const r = parseScenario("events:\n  - at: 0s\n    fail: { zone: a }\n  - at: 1m\n    rollout: { deployment: default/webb }\n  - at: 2m\n    rollout: { deployment: web, image: x, container: app2 }\n", known);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: "events.1.rollout.deployment", message: "no Deployment default/webb in the cluster (Deployments: default/web, shop/cart)", line: 5, column: 28 },
      { path: "events.2.rollout.container", message: 'Deployment default/web has no container named "app2" (containers: app, sidecar)', line: 7, column: 54 },
    ]);
    // Without the cluster's names only the shape is checked.
    expect(parseScenario("events:\n  - at: 1m\n    rollout: { deployment: default/webb }\n").ok).toBe(true);
  });

  it("rejects a malformed rollout", () => {
    const bad = (rollout: unknown) => {
      const r = scenarioFromObject({ events: [{ at: 0, rollout }] });
      return r.ok ? [] : r.issues.map((i) => [i.path, i.message]);
    };
    expect(bad({ deployment: "Web/x" })).toEqual([["events.0.rollout.deployment", 'name the Deployment as NAMESPACE/NAME (a bare NAME is in namespace "default")']]);
    expect(bad({ deployment: "web", container: "app" })).toEqual([["events.0.rollout.container", "container names whose image changes: give image too"]]);
    expect(bad({ deployment: "web", replicas: 3 })[0]![0]).toBe("events.0.rollout");
    expect(bad({})[0]![0]).toBe("events.0.rollout.deployment");
  });
});

describe("golden: a rolling update from a scenario file", () => {
  const input = steadyState(makeNodes(["us-east-1a", "us-east-1b", "us-east-1c"], 2, "us-east-1"), [
    makeDeployment("web", { replicas: 6, spread: [{ whenUnsatisfiable: "ScheduleAnyway" }] }),
  ]);

  it("rolling-update.yaml: 25% of 6 is surge 2 / unavailable 1, three steps 10 s apart, then a zone outage the new ReplicaSet rides out", () => {
    const parsed = parseScenario(readFileSync("tests/fixtures/scenarios/rolling-update.yaml", "utf8"), { deployments: new Map([["default/web", ["app"]]]) });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const r = simulate(input, parsed.scenario);
    const oldRS = input.replicaSets[0]!.metadata.name!;
    const newRS = r.rollouts[0]!.replicaSet!;
    // 2m: created at min(8 - 6, 6) = 2; old by available 6 - minAvailable 5 = 1; new grows into the room: 3.
    // 2m10s: 3 new available: maxScaledDown 8 - 5 - 0 = 3, available 8 - 5 = 3 to go; new grows by 3.
    // 2m20s: the last 3 available: old's remaining 2 go. Complete.
    expect(scaling(r.events)).toEqual([
      [120, `Scaled up replica set ${newRS} from 0 to 2`],
      [120, `Scaled down replica set ${oldRS} from 6 to 5`],
      [120, `Scaled up replica set ${newRS} from 2 to 3`],
      [130, `Scaled down replica set ${oldRS} from 5 to 2`],
      [130, `Scaled up replica set ${newRS} from 3 to 6`],
      [140, `Scaled down replica set ${oldRS} from 2 to 0`],
    ]);
    const d = r.deployments[0]!;
    expect(d.series.filter((s) => s.atMs <= 140 * S).map((s) => [s.atMs / S, s.ready])).toEqual([[0, 6], [120, 5], [130, 5], [140, 6]]);
    // The zone fails at 5m, after the rollout: the Deployment controller has nothing to do; the new ReplicaSet
    // replaces its two pods as in zone-outage.yaml (tainted at +55 s / +65 s, evicted 300 s later, Ready 10 s after).
    expect(r.firstFailureAtMs).toBe(300 * S);
    expect(d).toMatchObject({ minReady: 4, readyAtEnd: 6, recoveredAtMs: 300 * S + 375 * S });
    expect(of(r.events, "SuccessfulCreate").filter((e) => e.atMs > 300 * S).every((e) => e.object === `replicaset/${newRS}`)).toBe(true);
    const report = simulateReport(r);
    expect(report.rollouts).toEqual([{ namespace: "default", deployment: "web", at: "2m0s", strategy: "RollingUpdate", replicaSet: newRS, completedAt: "2m20s", supersededAt: null }]);
  });
});
