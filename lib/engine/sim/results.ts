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
  /** Lowest ready count from the first failure on (from t = 0 without failures). */
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

export interface SimulationResult {
  seed: number;
  horizonMs: number;
  firstFailureAtMs: number | null;
  deployments: DeploymentResult[];
  zones: ZoneResult[];
  services: ServiceResult[];
  nodes: NodeTimeline[];
  events: SimEvent[];
  /** kube-controller-manager log lines that explain behaviour without an API event (master disruption mode...). */
  notes: ControllerNote[];
  /** Number of discrete events processed (a cost measure). */
  processedEvents: number;
}

/** Pending pods awaiting their first scheduling attempt have no message yet. */
export const NOT_YET_SCHEDULED = "waiting for the scheduler";
