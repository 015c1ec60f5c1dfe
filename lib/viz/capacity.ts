/**
 * Capacity arithmetic for the views: Kubernetes quantities -> integers (millicores, bytes, pods) and back to short
 * human labels. Integers so that summing thousands of nodes never drifts ("0.1"+"0.2" style float noise would
 * show up in totals engineers compare against their cloud bills).
 */
import type { Quantity } from "@/lib/k8s/types";

export interface Capacity {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

export const ZERO_CAPACITY: Capacity = { cpuMillis: 0, memoryBytes: 0, pods: 0 };

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Parses a Kubernetes quantity ("250m", "16Gi", "1.5", "1e3") to a plain number in base units; NaN if malformed. */
export function parseQuantity(q: Quantity | undefined | null): number {
  if (q === undefined || q === null) return NaN;
  if (typeof q === "number") return q;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?\s*$/.exec(q);
  if (!m) return NaN;
  const value = Number(m[1]);
  const suffix = m[2] ?? "";
  const factor = BINARY[suffix] ?? DECIMAL[suffix] ?? 1;
  return value * factor;
}

/** Zero instead of NaN: a half-typed quantity in the editor should not poison a whole column's totals. */
function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

export function capacityFrom(list: Record<string, Quantity> | undefined): Capacity {
  return {
    cpuMillis: Math.round(finite(parseQuantity(list?.cpu)) * 1000),
    memoryBytes: Math.round(finite(parseQuantity(list?.memory))),
    pods: Math.round(finite(parseQuantity(list?.pods))),
  };
}

export function addCapacity(a: Capacity, b: Capacity): Capacity {
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes, pods: a.pods + b.pods };
}

export function scaleCapacity(a: Capacity, n: number): Capacity {
  return { cpuMillis: a.cpuMillis * n, memoryBytes: a.memoryBytes * n, pods: a.pods * n };
}

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1");
}

/** "4 vCPU", "3.92 vCPU", "500m": whole cores read as cores, sub-core values keep the millicore unit users type. */
export function formatCpu(millis: number): string {
  if (millis !== 0 && Math.abs(millis) < 1000) return `${millis}m`;
  const cores = millis / 1000;
  if (cores >= 10_000) return `${trim(cores / 1000, 1)}k vCPU`;
  if (cores >= 100) return `${Math.round(cores).toLocaleString("en-US")} vCPU`;
  // Three significant digits: enough to compare pools, short enough for a cell caption; tooltips are exact.
  return `${trim(cores, cores >= 10 ? 1 : 2)} vCPU`;
}

/** Binary units, as allocatable memory is reported by the kubelet. */
export function formatMemory(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${trim(v, v >= 100 ? 0 : 1)} ${units[i]}`;
}

export function formatCount(n: number): string {
  if (n >= 100_000) return `${trim(n / 1000, 0)}k`;
  if (n >= 10_000) return `${trim(n / 1000, 1)}k`;
  return n.toLocaleString("en-US");
}

export function formatCapacity(c: Capacity): string {
  return `${formatCpu(c.cpuMillis)} · ${formatMemory(c.memoryBytes)} · ${formatCount(c.pods)} pods`;
}
