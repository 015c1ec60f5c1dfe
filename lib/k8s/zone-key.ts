/**
 * `GetZoneKey` (k8s.io/component-helpers/node/topology): the key that both the node lifecycle controller (zone
 * states, eviction rate limiters) and kube-scheduler's node tree group nodes by.
 */
import { LABEL_REGION, LABEL_ZONE } from "./types";

export const LABEL_FAILURE_DOMAIN_BETA_ZONE = "failure-domain.beta.kubernetes.io/zone";
export const LABEL_FAILURE_DOMAIN_BETA_REGION = "failure-domain.beta.kubernetes.io/region";

/**
 * region + ":\x00:" + zone; the deprecated beta labels win when both are set (upstream reads them first).
 * "" when the node has neither label: all such nodes share one zone.
 */
export function getZoneKey(labels: Readonly<Record<string, string>> | undefined): string {
  if (!labels) return "";
  const zone = labels[LABEL_FAILURE_DOMAIN_BETA_ZONE] ?? labels[LABEL_ZONE] ?? "";
  const region = labels[LABEL_FAILURE_DOMAIN_BETA_REGION] ?? labels[LABEL_REGION] ?? "";
  if (region === "" && zone === "") return "";
  return `${region}:\x00:${zone}`;
}
