/**
 * A pod's effective resource requests (k8s.io/component-helpers/resource `PodRequests`):
 *   sum(containers) + restartable init containers (sidecars), max'ed with every regular init container's
 *   request plus the sidecars started before it, plus `spec.overhead`.
 * Amounts are integers in the scheduler's accounting units: millicores for cpu, `Value()` for the rest.
 *
 * `nonMissing` applies the scoring defaults (`schedutil.DefaultMilliCPURequest` = 100m,
 * `DefaultMemoryRequest` = 200Mi) to every container that does not mention cpu / memory at all (an explicit
 * "0" stays 0), as NodeResourcesFit's scoring and NodeInfo.NonZeroRequested do.
 *
 * Known simplification: Kubernetes sums exact Quantities and rounds once; we round each container's amount
 * up before summing. They differ only for sub-millicore / sub-byte fractions.
 */
import { resourceAmount } from "../../k8s/quantity";
import type { Container, PodSpec, ResourceList } from "../../k8s/types";

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export type Amounts = Map<string, number>;

function add(into: Amounts, list: ResourceList | undefined, path: string): void {
  if (!list) return;
  for (const name of Object.keys(list)) {
    let v: number;
    try {
      v = resourceAmount(name, list[name]!);
    } catch (e) {
      throw new Error(`${path}.${name}: ${(e as Error).message}`);
    }
    into.set(name, (into.get(name) ?? 0) + v);
  }
}

function containerRequests(c: Container, nonMissing: boolean, path: string): Amounts {
  const out: Amounts = new Map();
  const req = c.resources?.requests;
  add(out, req, `${path}.resources.requests`);
  if (nonMissing) {
    if (!req || !Object.prototype.hasOwnProperty.call(req, "cpu")) out.set("cpu", (out.get("cpu") ?? 0) + DEFAULT_MILLI_CPU_REQUEST);
    if (!req || !Object.prototype.hasOwnProperty.call(req, "memory")) out.set("memory", (out.get("memory") ?? 0) + DEFAULT_MEMORY_REQUEST);
  }
  return out;
}

function addAmounts(into: Amounts, a: Amounts): void {
  for (const [k, v] of a) into.set(k, (into.get(k) ?? 0) + v);
}
function maxAmounts(into: Amounts, a: Amounts): void {
  for (const [k, v] of a) {
    const cur = into.get(k);
    if (cur === undefined || v > cur) into.set(k, v);
  }
}

/** Throws an Error naming the field when a quantity does not parse (a boundary problem, reported by callers). */
export function podRequests(spec: PodSpec, nonMissing: boolean): Amounts {
  const containers = spec.containers ?? [];
  // One container and no init containers (most templates): its requests are the pod's, plus the overhead.
  if (containers.length === 1 && (spec.initContainers ?? []).length === 0) {
    const reqs = containerRequests(containers[0]!, nonMissing, "spec.containers[0]");
    add(reqs, spec.overhead, "spec.overhead");
    return reqs;
  }
  const reqs: Amounts = new Map();
  containers.forEach((c, i) => addAmounts(reqs, containerRequests(c, nonMissing, `spec.containers[${i}]`)));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  (spec.initContainers ?? []).forEach((c, i) => {
    const r = containerRequests(c, nonMissing, `spec.initContainers[${i}]`);
    if (c.restartPolicy === "Always") {
      addAmounts(reqs, r);
      addAmounts(sidecars, r);
      maxAmounts(initMax, sidecars);
    } else {
      const tmp: Amounts = new Map(r);
      addAmounts(tmp, sidecars);
      maxAmounts(initMax, tmp);
    }
  });
  maxAmounts(reqs, initMax);
  add(reqs, spec.overhead, "spec.overhead");
  return reqs;
}

/** `v1helper.IsExtendedResourceName`: has a domain prefix that is not kubernetes.io and is not a quota name. */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes("/") || name.includes("kubernetes.io/")) return false;
  return !name.startsWith("requests.");
}

/** `schedutil.IsScalarResourceName`: extended, hugepages-*, kubernetes.io/-prefixed or attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    name.startsWith("hugepages-") ||
    name.includes("kubernetes.io/") ||
    name.startsWith("attachable-volumes-")
  );
}

/** The scheduler's `framework.Resource` view of requests: the four first-class resources plus scalars. */
export interface ResourceVector {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Scalar resources (extended, hugepages, ...) in a stable (sorted) order. */
  scalars: [string, number][];
}

export function toResourceVector(a: Amounts): ResourceVector {
  const scalars: [string, number][] = [];
  for (const [k, v] of a) if (isScalarResourceName(k)) scalars.push([k, v]);
  scalars.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return { milliCpu: a.get("cpu") ?? 0, memory: a.get("memory") ?? 0, ephemeralStorage: a.get("ephemeral-storage") ?? 0, scalars };
}
