/**
 * Zone bookkeeping of the node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go):
 * `GetZoneKey` (k8s.io/component-helpers/node/topology), `ComputeZoneState`, and the eviction rate a zone gets
 * in each state (`setLimiterInZone` with `ReducedQPSFunc` / `HealthyQPSFunc`).
 */
import type { ConditionStatus } from "../../sim/state";

export { LABEL_FAILURE_DOMAIN_BETA_ZONE, LABEL_FAILURE_DOMAIN_BETA_REGION, getZoneKey } from "../../../k8s/zone-key";
/** Nodes with this label are left out of the zone-state computation (isNodeExcludedFromDisruptionChecks). */
export const LABEL_EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";

export type ZoneState = "Initial" | "Normal" | "PartialDisruption" | "FullDisruption";

/**
 * `ComputeZoneState`: FullDisruption when no node is Ready; PartialDisruption when more than 2 nodes and at
 * least `unhealthyZoneThreshold` of them are not Ready (False or Unknown); Normal otherwise.
 */
export function computeZoneState(readyNodes: number, notReadyNodes: number, unhealthyZoneThreshold: number): ZoneState {
  if (readyNodes === 0 && notReadyNodes > 0) return "FullDisruption";
  // Go computes the ratio in float32; the thresholds in use (0.55 etc.) compare the same in float64 for
  // realistic zone sizes, and Math.fround keeps the comparison faithful at the edges.
  if (notReadyNodes > 2 && Math.fround(notReadyNodes / (notReadyNodes + readyNodes)) >= Math.fround(unhealthyZoneThreshold)) {
    return "PartialDisruption";
  }
  return "Normal";
}

export function computeZoneStateFromConditions(conditions: readonly ConditionStatus[], unhealthyZoneThreshold: number): ZoneState {
  let ready = 0;
  for (const c of conditions) if (c === "True") ready++;
  return computeZoneState(ready, conditions.length - ready, unhealthyZoneThreshold);
}

export interface EvictionRates {
  nodeEvictionRate: number;
  secondaryNodeEvictionRate: number;
  largeClusterSizeThreshold: number;
}

/**
 * The NoExecute tainting rate (nodes/s) of a zone in `state` (`setLimiterInZone`): Normal → node-eviction-rate;
 * PartialDisruption → `ReducedQPSFunc`: secondary rate if the zone has MORE than largeClusterSizeThreshold nodes,
 * else 0 (tainting stops); FullDisruption → `HealthyQPSFunc`: the normal rate (a dead zone is drained at the
 * normal pace, as long as some other zone is healthy: the all-zones case is handled by the caller).
 */
export function zoneEvictionQps(state: ZoneState, zoneSize: number, r: EvictionRates): number {
  switch (state) {
    case "Normal":
    case "Initial":
      return r.nodeEvictionRate;
    case "PartialDisruption":
      return zoneSize > r.largeClusterSizeThreshold ? r.secondaryNodeEvictionRate : 0;
    case "FullDisruption":
      return r.nodeEvictionRate;
  }
}

/** A zone key for people: "region/zone". */
export function printableZone(key: string): string {
  return key.replace(":\x00:", "/");
}
