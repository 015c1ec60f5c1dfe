/**
 * What the API server's admission adds to every new pod that matters to placement and outages:
 * the DefaultTolerationSeconds plugin (plugin/pkg/admission/defaulttolerationseconds). Without these
 * tolerations a pod would be evicted the moment its node turns NotReady/Unreachable; with them it stays
 * 300 s, which is why replacement takes ~50 s + 300 s after a node dies.
 */
import type { PodSpec, Toleration } from "../../k8s/types";
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from "../../k8s/types";

export const DEFAULT_TOLERATION_SECONDS = 300;

/** An existing toleration covers the taint if its key is empty or equal and its effect empty or NoExecute. */
function covers(t: Toleration, key: string): boolean {
  return (!t.key || t.key === key) && (!t.effect || t.effect === "NoExecute");
}

export function withDefaultTolerations(
  spec: PodSpec,
  notReadySeconds = DEFAULT_TOLERATION_SECONDS,
  unreachableSeconds = DEFAULT_TOLERATION_SECONDS,
): PodSpec {
  const tolerations = [...(spec.tolerations ?? [])];
  if (!tolerations.some((t) => covers(t, TAINT_NOT_READY))) {
    tolerations.push({ key: TAINT_NOT_READY, operator: "Exists", effect: "NoExecute", tolerationSeconds: notReadySeconds });
  }
  if (!tolerations.some((t) => covers(t, TAINT_UNREACHABLE))) {
    tolerations.push({ key: TAINT_UNREACHABLE, operator: "Exists", effect: "NoExecute", tolerationSeconds: unreachableSeconds });
  }
  return { ...spec, tolerations };
}
