/** The outcome of one simulation, in plain data (JSON-ready apart from Infinity-free numbers). */
import type { NodeTimeline } from "../controllers/nodelifecycle/controller";
import type { ZoneState } from "../controllers/nodelifecycle/zone-state";
import type { ControllerNote } from "./context";
import type { SimEvent } from "./event-log";
import type { DeploymentSample, ServiceSample, ZoneSample } from "./recorder";

export interface DeploymentResult {
  namespace: string;
  name: string;
  desired: number;
  readyAtEnd: number;
  /** Lowest ready count from the first failure (or drain) on (from t = 0 without either). */
  minReady: number;
  minReadyAtMs: number;
  /** First time ready == desired after dropping below it following the first failure; the failure time if it
   *  never dropped; null if it never recovered within the horizon (or there was no failure). */
  recoveredAtMs: number | null;
  /** First failure → first drop in ready replicas (the pods were marked NotReady), or null. */
  timeToDetectMs: number | null;
  /** First failure → recoveredAt, or null. */
  timeToRecoverMs: number | null;
  pendingAtEnd: number;
  /** Scheduler messages of the pods still pending at the end, with counts. */
  pendingReasons: Record<string, number>;
  series: DeploymentSample[];
}

export interface ZoneResult {
  zone: string;
  region: string;
  nodes: number;
  capacityCpuMilli: number;
  capacityMemoryBytes: number;
  capacityPods: number;
  /** The node lifecycle controller's view at the end. */
  stateAtEnd: ZoneState;
  series: ZoneSample[];
}

export interface ServiceResult {
  namespace: string;
  name: string;
  minReadyEndpoints: number;
  series: ServiceSample[];
}

/** One `drain` event: `kubectl drain NODE --ignore-daemonsets --force` against the simulated API. */
export interface DrainResult {
  node: string;
  atMs: number;
  /** Every pod the drain listed is gone (kubectl prints "node/NAME drained"); null if not within the horizon. */
  drainedAtMs: number | null;
  /** Granted evictions, in order. */
  evicted: { namespace: string; pod: string; atMs: number }[];
  /** Refused evictions (HTTP 429), counting every 5 s retry. */
  refusals: number;
  /** Listed pods still there at the horizon, and why. */
  remaining: { namespace: string; pod: string; reason: string }[];
  /** Pods the drain leaves alone (DaemonSet-managed, mirror pods). */
  ignored: { namespace: string; pod: string; reason: string }[];
}

/** One `rollout` event: a Deployment's pod template changed and the Deployment controller rolled it out. */
export interface RolloutResult {
  namespace: string;
  deployment: string;
  atMs: number;
  strategy: "RollingUpdate" | "Recreate";
  /** The ReplicaSet of the new template (`<deployment>-<pod-template-hash>`); null until it is created (Recreate
   *  creates it once every old pod is gone) or found. */
  replicaSet: string | null;
  /** First time the rollout was complete (DeploymentComplete: all replicas updated and available, no old replica
   *  counted); null if not within the horizon, or if a later rollout of the same Deployment superseded it first. */
  completedAtMs: number | null;
  /** When a later rollout of the same Deployment changed the template before this one completed, else null. */
  supersededAtMs: number | null;
}

export interface SimulationResult {
  seed: number;
  horizonMs: number;
  /** The first disruption: a `fail` or a `drain` event (null if the scenario has neither). */
  firstFailureAtMs: number | null;
  deployments: DeploymentResult[];
  zones: ZoneResult[];
  services: ServiceResult[];
  nodes: NodeTimeline[];
  /** One entry per `drain` event, in scenario order. */
  drains: DrainResult[];
  /** One entry per `rollout` event that changed a template of this cluster, in scenario order. */
  rollouts: RolloutResult[];
  events: SimEvent[];
  /** kube-controller-manager log lines that explain behaviour without an API event (master disruption mode...). */
  notes: ControllerNote[];
  /** Number of discrete events processed (a cost measure). */
  processedEvents: number;
}

/** Pending pods awaiting their first scheduling attempt have no message yet. */
export const NOT_YET_SCHEDULED = "waiting for the scheduler";
