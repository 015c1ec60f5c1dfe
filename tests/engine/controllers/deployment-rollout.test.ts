/**
 * The shared rollout step's signals for callers that do more than scale (the console's revision cleanup): a
 * Recreate sync that waits for old pods says so, one that scales or creates does not; and rolloutComplete is
 * DeploymentComplete on the status the ReplicaSets imply.
 */
import { describe, expect, it } from "vitest";
import { recreateStep, rollingUpdateStep, rolloutComplete, type RolloutReplicaSet } from "../../../lib/engine/controllers/deployment-rollout";
import { withDeploymentDefaults } from "../../../lib/engine/controllers/deployment-util";
import type { Deployment } from "../../../lib/k8s/types";

const recreate = (replicas: number): Deployment =>
  withDeploymentDefaults({ metadata: { name: "web" }, spec: { replicas, selector: {}, template: { spec: { containers: [] } }, strategy: { type: "Recreate" } } });
const rolling = (replicas: number): Deployment =>
  withDeploymentDefaults({ metadata: { name: "web" }, spec: { replicas, selector: {}, template: { spec: { containers: [] } } } });
const rs = (name: string, replicas: number, statusReplicas = replicas, available = statusReplicas): RolloutReplicaSet =>
  ({ name, createdMs: name === "old" ? 0 : 1, replicas, statusReplicas, available });

describe("recreateStep waitingForOldPods", () => {
  it("is set while old pods are counted or still exist, with nothing to call", () => {
    const counted = recreateStep(recreate(3), null, [rs("old", 0, 2)], false);
    expect(counted).toEqual({ create: null, scales: [], waitingForOldPods: true });
    const terminating = recreateStep(recreate(3), rs("new", 0), [rs("old", 0, 0)], true);
    expect(terminating).toEqual({ create: null, scales: [], waitingForOldPods: true });
  });

  it("is not set when the old ReplicaSets are scaled down, nor once the new one is created or scaled", () => {
    const old = rs("old", 3);
    const down = recreateStep(recreate(3), null, [old], true);
    expect(down.scales).toEqual([{ rs: old, from: 3, to: 0 }]);
    expect(down.waitingForOldPods).toBeUndefined();
    expect(recreateStep(recreate(3), null, [rs("old", 0, 0)], false)).toEqual({ create: 3, scales: [] });
    expect(recreateStep(recreate(3), rs("new", 3), [rs("old", 0, 0)], false)).toEqual({ create: null, scales: [] });
  });

  it("is never set by a rolling update", () => {
    expect(rollingUpdateStep(rolling(4), rs("new", 4, 4, 2), [rs("old", 0, 0)]).waitingForOldPods).toBeUndefined();
  });
});

describe("rolloutComplete", () => {
  it("needs the new ReplicaSet to hold every replica, all of them available, and no old pod", () => {
    const d = rolling(3);
    expect(rolloutComplete(d, null, [rs("old", 3)])).toBe(false);
    expect(rolloutComplete(d, rs("new", 3), [rs("old", 0, 0)])).toBe(true);
    expect(rolloutComplete(d, rs("new", 3, 3, 2), [])).toBe(false);
    expect(rolloutComplete(d, rs("new", 3), [rs("old", 0, 1, 0)])).toBe(false);
    expect(rolloutComplete(d, rs("new", 4, 2), [rs("old", 1)])).toBe(false);
  });

  it("holds for a Deployment whose generation moved on (the listers' view has nothing to observe)", () => {
    const d = rolling(2);
    expect(rolloutComplete({ ...d, metadata: { ...d.metadata, generation: 7 } }, rs("new", 2), [])).toBe(true);
  });
});
