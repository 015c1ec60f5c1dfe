/**
 * How long a pod takes from binding to Ready: image pull + container start + readiness probe. Not a Kubernetes
 * constant but a property of the workload, so it is data: the `topoplan.dev/startup-time` annotation (Go duration)
 * on the pod, else on its Deployment, else the scenario's `settings.podStartup` (default 10 s).
 */
import type { ObjectMeta } from "../../../k8s/types";
import { ANNOTATION_STARTUP_TIME } from "../../sim/settings";
import { parseDuration } from "../../util/duration";

export function startupTimeMs(defaultMs: number, ...metas: (ObjectMeta | undefined)[]): number {
  for (const m of metas) {
    const v = m?.annotations?.[ANNOTATION_STARTUP_TIME];
    if (v === undefined) continue;
    const r = parseDuration(v);
    if (r.ok && r.ms >= 0) return r.ms;
  }
  return defaultMs;
}
