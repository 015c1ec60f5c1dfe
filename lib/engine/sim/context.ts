/**
 * What every simulated component shares: the store, the clock, the event queue, the event log, the settings,
 * and the controller log (kube-controller-manager's own log lines, for explanations that are not API events).
 */
import type { VirtualClock } from "./clock";
import type { EventLog } from "./event-log";
import type { EventQueue } from "./queue";
import type { SimulationSettings } from "./settings";
import type { ClusterState } from "./state";

export interface ControllerNote {
  atMs: number;
  component: string;
  message: string;
}

export interface SimContext {
  readonly state: ClusterState;
  readonly clock: VirtualClock;
  readonly queue: EventQueue;
  readonly log: EventLog;
  readonly settings: SimulationSettings;
  readonly notes: ControllerNote[];
}

/** The wall-clock instant virtual t = 0 stands for, used only to write RFC 3339 timestamps into objects. */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1);
