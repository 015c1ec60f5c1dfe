/**
 * Runs `kind: "controller"` conformance cases (format: shared conformance README, "Controller cases"):
 * each case calls one Deployment/ReplicaSet controller function and compares with `expect` key by key.
 * Malformed cases fail with a message; nothing here throws on bad input.
 */
import type { Deployment, Pod, ReplicaSet } from "../../k8s/types";
import type { ControllerFeatureGates } from "../controllers/active-pods";
import { activePodsWithRanksLess } from "../controllers/active-pods";
import {
  deploymentComplete,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
} from "../controllers/deployment-util";
import { isPodAvailable } from "../controllers/pod-util";
import { getPodsToDelete, slowStartBatch, sortActivePods } from "../controllers/replicaset-util";
import { parseTimeMs } from "../util/time";

export interface CaseResult {
  pass: boolean;
  diff: string[];
}

type Input = Record<string, unknown>;
type Runner = (input: Input) => Record<string, unknown>;

const names = (pods: Pod[]): string[] => pods.map((p) => p.metadata.name ?? "");
const podsOf = (v: unknown): Pod[] => (Array.isArray(v) ? (v as Pod[]) : []);
const gatesOf = (v: unknown): ControllerFeatureGates => (v && typeof v === "object" ? (v as ControllerFeatureGates) : {});
const nowOf = (input: Input): number | undefined => parseTimeMs(typeof input.now === "string" ? input.now : undefined);

const RUNNERS: Record<string, Runner> = {
  ResolveFenceposts(input) {
    const r = resolveFenceposts(
      input.maxSurge as never,
      input.maxUnavailable as never,
      Number(input.desiredReplicas ?? 0),
    );
    return r.ok ? { error: false, surge: r.surge, unavailable: r.unavailable } : { error: true };
  },
  MaxUnavailable(input) {
    return { maxUnavailable: maxUnavailable(input.deployment as Deployment) };
  },
  NewRSNewReplicas(input) {
    const newRS = input.newReplicaSet as ReplicaSet;
    const old = (Array.isArray(input.oldReplicaSets) ? input.oldReplicaSets : []) as ReplicaSet[];
    const r = newRSNewReplicas(input.deployment as Deployment, [...old, newRS], newRS);
    return r.ok ? { error: false, newReplicaSetReplicas: r.replicas } : { error: true };
  },
  DeploymentComplete(input) {
    return { complete: deploymentComplete(input.deployment as Deployment) };
  },
  IsPodAvailable(input) {
    const now = nowOf(input) ?? 0;
    return { available: isPodAvailable(input.pod as Pod, Number(input.minReadySeconds ?? 0), now) };
  },
  "ActivePods.Sort"(input) {
    return { order: names(sortActivePods(podsOf(input.pods))) };
  },
  "ActivePodsWithRanks.Less"(input) {
    const pods = podsOf(input.pods);
    const ranks = (Array.isArray(input.ranks) ? input.ranks : []) as number[];
    const s = { pods, ranks, nowMs: nowOf(input), featureGates: gatesOf(input.featureGates) };
    return { less_0_1: activePodsWithRanksLess(s, 0, 1), less_1_0: activePodsWithRanksLess(s, 1, 0) };
  },
  getPodsToDelete(input) {
    const out = getPodsToDelete(
      podsOf(input.pods),
      podsOf(input.relatedPods),
      Number(input.diff ?? 0),
      nowOf(input),
      gatesOf(input.featureGates),
    );
    return { podsToDelete: names(out) };
  },
  slowStartBatch(input) {
    const callLimit = Number(input.callLimit ?? 0);
    let calls = 0;
    const r = slowStartBatch(Number(input.count ?? 0), Number(input.initialBatchSize ?? 0), () => {
      calls++;
      return calls <= callLimit ? undefined : `call ${calls} failed`;
    });
    return { successes: r.successes, error: r.error !== undefined, callCount: calls };
  },
};

export const CONTROLLER_FUNCTIONS = Object.keys(RUNNERS);

/** Compares every key of `expect` with the actual result (deep, by canonical JSON). */
function diffAgainst(expect: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const diff: string[] = [];
  // An expected error makes the other fields meaningless.
  const keys = expect.error === true ? ["error"] : Object.keys(expect);
  for (const key of keys) {
    const want = JSON.stringify(expect[key]);
    const got = JSON.stringify(actual[key]);
    if (want !== got) diff.push(`${key}: expected ${want}, got ${got ?? "nothing"}`);
  }
  return diff;
}

export function runControllerCase(c: unknown): CaseResult {
  if (!c || typeof c !== "object") return { pass: false, diff: ["case is not an object"] };
  const kase = c as { function?: unknown; input?: unknown; expect?: unknown };
  const fn = typeof kase.function === "string" ? kase.function : "";
  const runner = RUNNERS[fn];
  if (!runner) return { pass: false, diff: [`unsupported controller function "${fn}"`] };
  if (!kase.input || typeof kase.input !== "object") return { pass: false, diff: ["input is missing"] };
  if (!kase.expect || typeof kase.expect !== "object") return { pass: false, diff: ["expect is missing"] };
  let actual: Record<string, unknown>;
  try {
    actual = runner(kase.input as Input);
  } catch (e) {
    // A malformed input object (e.g. a deployment without spec) is reported, not propagated.
    return { pass: false, diff: [`${fn} threw: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const diff = diffAgainst(kase.expect as Record<string, unknown>, actual);
  return { pass: diff.length === 0, diff };
}
