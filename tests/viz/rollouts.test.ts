/** The rollout wording of the timeline and the Deployments summary (lib/viz/rollouts.ts), on hand-made results. */
import { describe, expect, it } from "vitest";
import { hasRollouts, rolloutHeadline, rolloutsOf, rolloutTitle, type RolloutsInput } from "@/lib/viz/rollouts";
import { formatClock } from "@/lib/viz/timeline-model";

const row = { cluster: "c1", namespace: "shop", name: "web", desired: 4, readyAtEnd: 4, pendingAtEnd: 0 };
const rec = { cluster: "c1", namespace: "shop", deployment: "web", strategy: "RollingUpdate" as const, replicaSet: "web-abc", completedAtMs: null, supersededAtMs: null };
const input = (over: Partial<RolloutsInput>): RolloutsInput => ({
  horizonMs: 600_000,
  scenario: { events: [{ atMs: 0, rollout: { deployment: "shop/web", image: "nginx:2" } }, { atMs: 60_000, rollout: { deployment: "shop/web" } }, { atMs: 0, rollout: { deployment: "shop/api" } }] },
  rollouts: [{ ...rec, atMs: 0, supersededAtMs: 60_000 }, { ...rec, atMs: 60_000, replicaSet: "web-def", completedAtMs: 90_000 }],
  ...over,
});

describe("rolloutsOf", () => {
  it("matches each rollout event of the row's Deployment to its record: superseded, then complete", () => {
    const [a, b, ...rest] = rolloutsOf(input({}), row);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ status: "superseded", image: "nginx:2", endMs: 60_000, why: null });
    expect(b).toMatchObject({ status: "complete", image: null, replicaSet: "web-def", endMs: 90_000 });
    expect(rolloutTitle(a!, formatClock)).toBe("Rollout of shop/web at 0:00 (set image nginx:2)\nRollingUpdate · new ReplicaSet web-abc\nsuperseded at 1:00 by a later rollout");
    expect(rolloutTitle(b!, formatClock)).toBe("Rollout of shop/web at 1:00 (restart / template patch)\nRollingUpdate · new ReplicaSet web-def\ncomplete at 1:30 (all replicas updated and available)");
    expect(rolloutHeadline([a!, b!], formatClock)).toBe("Rollouts: web superseded at T+1:00; web complete at T+1:30.");
  });

  it("says why a rollout is not complete: the controller's sync error first, else what the row shows", () => {
    const one = { scenario: { events: [{ atMs: 0, rollout: { deployment: "shop/web" } }] }, rollouts: [{ ...rec, atMs: 0 }] };
    expect(rolloutsOf(input(one), { ...row, readyAtEnd: 2 })[0]).toMatchObject({ status: "incomplete", endMs: 600_000, why: "2/4 ready at the end: the new ReplicaSet's pods are not all available" });
    expect(rolloutsOf(input(one), row)[0]!.why).toBe("still in progress at the end of the horizon");
    const error = { ...one, rolloutNotes: [{ cluster: "c1", atMs: 5_000, message: "error syncing deployment shop/web: boom" }, { cluster: "c2", atMs: 5_000, message: "error syncing deployment shop/web: other cluster" }] };
    expect(rolloutsOf(input(error), { ...row, pendingAtEnd: 1 })[0]!.why).toBe("error syncing deployment shop/web: boom");
    expect(rolloutsOf(input(one), { ...row, pendingAtEnd: 1 })[0]!.why).toBe("1 pod still Pending, so not every new replica is available");
  });

  it("shows a refused template as not rolled out, with the API server's message", () => {
    const refused = { scenario: { events: [{ atMs: 30_000, rollout: { deployment: "shop/web" } }] }, rollouts: [], rolloutNotes: [{ cluster: "c1", atMs: 30_000, message: 'error: The Deployment "web" is invalid: spec.template.metadata.labels: ...' }] };
    const [v] = rolloutsOf(input(refused), row);
    expect(v).toMatchObject({ status: "not-started", strategy: null, why: 'error: The Deployment "web" is invalid: spec.template.metadata.labels: ...' });
    expect(rolloutTitle(v!, formatClock)).toBe('Rollout of shop/web at 0:30 (restart / template patch)\nnot rolled out: error: The Deployment "web" is invalid: spec.template.metadata.labels: ...');
  });

  it("reads nothing from a run stored without rollouts", () => {
    const { rollouts: _, ...old } = input({});
    expect(rolloutsOf(old, row)).toEqual([]);
    expect(hasRollouts(old)).toBe(false);
    expect(hasRollouts(input({}))).toBe(true);
    expect(rolloutHeadline([], formatClock)).toBe("");
  });
});
