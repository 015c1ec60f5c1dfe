/**
 * The Kubernetes-style event log (`kubectl get events`): who did what to which object, at what virtual time.
 * Reasons are Kubernetes' own (NodeNotReady, TaintManagerEviction, SuccessfulCreate, Scheduled,
 * FailedScheduling, Pulling, Started, NodeReady, ...). Recording can be switched off for sweeps, which only
 * need the summaries.
 */

export interface SimEvent {
  atMs: number;
  type: "Normal" | "Warning";
  reason: string;
  /** kubectl's OBJECT column: `pod/web-7d9f8-abcde`, `node/node-a1`, `replicaset/web-7d9f8`. */
  object: string;
  namespace?: string;
  message: string;
}

export class EventLog {
  readonly events: SimEvent[] = [];
  constructor(readonly enabled: boolean) {}

  record(atMs: number, type: SimEvent["type"], reason: string, object: string, message: string, namespace?: string): void {
    if (!this.enabled) return;
    const e: SimEvent = { atMs, type, reason, object, message };
    if (namespace !== undefined) e.namespace = namespace;
    this.events.push(e);
  }
}
