import { describe, expect, it } from "vitest";
import {
  deploymentComplete,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
  withDeploymentDefaults,
} from "../../../lib/engine/controllers/deployment-util";
import { getScaledValueFromIntOrPercent } from "../../../lib/engine/controllers/intstr";
import { deployment, rs } from "./builders";

describe("resolveFenceposts", () => {
  const rows: [string | number | null, string | number | null, number, [number, number] | "error"][] = [
    [null, null, 10, [0, 1]], // both zero -> unavailable 1
    ["39%", "39%", 10, [4, 3]], // surge rounds up, unavailable down
    ["oops", "39%", 10, "error"],
    ["55%", "urg", 10, "error"],
    ["39%", null, 10, [4, 0]],
    [null, "39%", 10, [0, 3]],
    [0, 0, 5, [0, 1]],
    ["1%", "1%", 2, [1, 0]],
    ["0%", "1%", 2, [0, 1]],
    [3, 2, 1, [3, 2]], // integers are not clamped here
    ["25%", "25%", 0, [0, 1]],
    ["10", 1, 5, "error"], // a number in a string must carry %
  ];
  it.each(rows)("surge=%s unavailable=%s desired=%s", (s, u, desired, want) => {
    const r = resolveFenceposts(s, u, desired);
    if (want === "error") expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, surge: want[0], unavailable: want[1] });
  });
});

describe("getScaledValueFromIntOrPercent", () => {
  it("parses signs like strconv.Atoi and rejects junk", () => {
    expect(getScaledValueFromIntOrPercent("+50%", 3, true)).toEqual({ ok: true, value: 2 });
    expect(getScaledValueFromIntOrPercent("50.5%", 3, true).ok).toBe(false);
    expect(getScaledValueFromIntOrPercent(null, 3, true).ok).toBe(false);
  });
});

describe("maxUnavailable", () => {
  const rolling = (s: string | number, u: string | number) => ({ type: "RollingUpdate" as const, rollingUpdate: { maxSurge: s, maxUnavailable: u } });
  it.each([
    ["less than replicas", deployment("d", 10, rolling(0, 5)), 5],
    ["equal to replicas", deployment("d", 10, rolling(0, 10)), 10],
    ["greater than replicas is clamped", deployment("d", 5, rolling(0, 10)), 5],
    ["percent greater than replicas", deployment("d", 5, rolling(1, "100%")), 5],
    ["zero replicas", deployment("d", 0, rolling(0, 5)), 0],
    ["recreate", deployment("d", undefined, { type: "Recreate" }), 0],
    ["both zero gives one", deployment("d", 10, rolling(0, 0)), 1],
  ])("%s", (_n, d, want) => expect(maxUnavailable(d)).toBe(want));
});

describe("newRSNewReplicas", () => {
  const rolling = (s: number, u: number) => ({ type: "RollingUpdate" as const, rollingUpdate: { maxSurge: s, maxUnavailable: u } });
  it.each([
    ["scale up to depReplicas", deployment("d", 6, rolling(10, 1)), 5, 2, 6],
    ["scale up by surge", deployment("d", 6, rolling(1, 1)), 5, 1, 2],
    ["cannot scale up at max total", deployment("d", 6, rolling(0, 1)), 5, 1, 1],
    ["recreate jumps to replicas", deployment("d", 3, { type: "Recreate" }), 5, 1, 3],
  ])("%s", (_n, d, oldReplicas, newReplicas, want) => {
    const newRS = rs("new", newReplicas);
    const r = newRSNewReplicas(d, [rs("old", oldReplicas), newRS], newRS);
    expect(r).toEqual({ ok: true, replicas: want });
  });
  it("reports an unsupported strategy as a value", () => {
    const d = deployment("d", 3);
    expect(newRSNewReplicas(d, [], rs("n", 1)).ok).toBe(false);
  });
});

describe("deploymentComplete", () => {
  const withStatus = (replicas: number, updated: number, available: number, total = replicas, observed = 1, generation = 1) => {
    const d = deployment("d", replicas, { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } });
    return { ...d, metadata: { ...d.metadata, generation }, status: { replicas: total, updatedReplicas: updated, availableReplicas: available, observedGeneration: observed } };
  };
  it.each([
    ["complete", withStatus(5, 5, 5), true],
    ["not all available", withStatus(5, 5, 4), false],
    ["not all updated", withStatus(5, 4, 5), false],
    ["old pods still running", withStatus(5, 5, 5, 6), false],
    ["status not observed yet", withStatus(5, 5, 5, 5, 1, 2), false],
  ])("%s", (_n, d, want) => expect(deploymentComplete(d)).toBe(want));
});

describe("withDeploymentDefaults", () => {
  it("applies apps/v1 defaults without touching given values", () => {
    const d = withDeploymentDefaults(deployment("d", undefined));
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } });
    expect(withDeploymentDefaults(deployment("d", 4, { type: "Recreate" })).spec.strategy).toEqual({ type: "Recreate" });
  });
});
