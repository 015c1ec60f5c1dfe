/** kubectl's output conventions: tabwriter columns (min width 6, 3 spaces of padding), HumanDuration ages, labels. */
import type { Pod } from "../../k8s/types";
import { parseTimeMs } from "../util/time";
import { CONSOLE_EPOCH_MS, type ConsoleStore } from "./store";

/** Go's text/tabwriter as kubectl configures it; the last column is not padded. */
export function tabwrite(rows: string[][], padding = 3): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => {
    if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, c.length + padding, padding === 3 ? 6 : 0);
  });
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join("").trimEnd());
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

export function age(s: ConsoleStore, timestamp: string | undefined): string {
  const t = parseTimeMs(timestamp);
  return t === undefined ? "<unknown>" : humanDuration(CONSOLE_EPOCH_MS + s.nowMs - t);
}

export function labelsText(labels: Record<string, string> | undefined): string {
  const e = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return e.length === 0 ? "<none>" : e.map(([k, v]) => `${k}=${v}`).join(",");
}

/** The STATUS column of `kubectl get pods` (printPod, for the states the console produces). */
export function podStatus(p: Pod): string {
  let reason: string = p.status?.phase ?? "Pending";
  type State = { state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } };
  for (const c of (p.status?.containerStatuses ?? []) as State[]) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
  }
  if (p.metadata.deletionTimestamp) reason = "Terminating";
  return reason;
}

export function podReady(p: Pod): string {
  const cs = p.status?.containerStatuses ?? [];
  return `${cs.filter((c) => c.ready).length}/${p.spec.containers.length}`;
}

export function podRestarts(p: Pod): string {
  return String((p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0));
}
