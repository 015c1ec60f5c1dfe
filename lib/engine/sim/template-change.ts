/**
 * What a scenario's `rollout` does to a Deployment's pod template, as kubectl would: `kubectl rollout restart`
 * (no field given: the `kubectl.kubernetes.io/restartedAt` template annotation set to the time, RFC 3339),
 * `kubectl set image` (every container, or the one named), or a patch of the template's labels / annotations.
 * The API server's validation applies: the Deployment's selector must still match the template's labels.
 */
import type { CompiledSelector } from "../../k8s/selector";
import type { PodTemplateSpec } from "../../k8s/types";
import { formatTimeMs } from "../util/time";
import { SIM_EPOCH_MS } from "./context";
import type { RolloutChange } from "./scenario";

export const ANNOTATION_RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

export type TemplateChangeResult =
  | { ok: true; template: PodTemplateSpec; /** kubectl's verb: "deployment.apps/NAME <verb>". */ verb: "restarted" | "image updated" | "patched" }
  | { ok: false; message: string };

export function changedTemplate(deploymentName: string, t: PodTemplateSpec, c: RolloutChange, selector: CompiledSelector, nowMs: number): TemplateChangeResult {
  const restart = c.image === undefined && c.labels === undefined && c.annotations === undefined;
  let spec = t.spec;
  if (c.image !== undefined) {
    const image = c.image;
    if (c.container !== undefined) {
      const inMain = spec.containers.some((x) => x.name === c.container);
      const inInit = (spec.initContainers ?? []).some((x) => x.name === c.container);
      if (!inMain && !inInit) return { ok: false, message: `unable to find container named "${c.container}"` };
      spec = {
        ...spec,
        containers: spec.containers.map((x) => (x.name === c.container ? { ...x, image } : x)),
        ...(spec.initContainers ? { initContainers: spec.initContainers.map((x) => (x.name === c.container ? { ...x, image } : x)) } : {}),
      };
    } else {
      // `kubectl set image deployment/NAME '*=IMAGE'`: init containers included.
      spec = {
        ...spec,
        containers: spec.containers.map((x) => ({ ...x, image })),
        ...(spec.initContainers ? { initContainers: spec.initContainers.map((x) => ({ ...x, image })) } : {}),
      };
    }
  }
  const labels = c.labels ? { ...t.metadata?.labels, ...c.labels } : t.metadata?.labels;
  let annotations = c.annotations ? { ...t.metadata?.annotations, ...c.annotations } : t.metadata?.annotations;
  if (restart) annotations = { ...annotations, [ANNOTATION_RESTARTED_AT]: formatTimeMs(SIM_EPOCH_MS + nowMs) };
  if (!selector.matches(labels)) {
    return { ok: false, message: `The Deployment "${deploymentName}" is invalid: spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels ?? {})}: \`selector\` does not match template \`labels\`` };
  }
  const metadata = { ...t.metadata, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
  const verb = restart ? "restarted" : c.labels === undefined && c.annotations === undefined ? "image updated" : "patched";
  return { ok: true, template: { ...t, metadata, spec }, verb };
}
