/**
 * RFC 3339 timestamps <-> epoch milliseconds. Kubernetes serialises `metav1.Time` with second precision
 * (RFC 3339, UTC "Z"); the engine's virtual clock is integer milliseconds.
 */

/** Epoch ms of an RFC 3339 string, or undefined when absent/invalid (Go's zero time). */
export function parseTimeMs(value: string | undefined | null): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  // Loading a snapshot parses the same few timestamps for every pod: remember the last one.
  if (value === lastParsedText) return lastParsedMs;
  const ms = Date.parse(value);
  lastParsedText = value;
  lastParsedMs = Number.isFinite(ms) ? ms : undefined;
  return lastParsedMs;
}
let lastParsedText = "";
let lastParsedMs: number | undefined = undefined;

/** RFC 3339 in UTC at second precision, as `metav1.Time` marshals (sub-second parts are dropped). */
let lastSecond = NaN;
let lastText = "";

export function formatTimeMs(ms: number): string {
  // Callers format many times within one second of virtual time (an eviction wave stamps thousands of pods).
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    lastSecond = second;
  }
  return lastText;
}
