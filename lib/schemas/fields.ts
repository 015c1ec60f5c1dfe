/**
 * Reusable zod field schemas built on Kubernetes' syntax rules. Each refinement reports every problem,
 * at the field's own path, with apimachinery's wording.
 */
import { z } from "zod";
import {
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  intOrPercentErrors,
  labelValueErrors,
  qualifiedNameErrors,
  quantityErrors,
} from "./k8s-syntax";
import { parseDurationMs } from "./duration";

type Rule = (value: string) => string[];

function ruled(rule: Rule) {
  return z.string().superRefine((value, ctx) => {
    for (const message of rule(value)) ctx.addIssue({ code: "custom", message });
  });
}

export const dns1123Label = ruled(dns1123LabelErrors);
export const dns1123Subdomain = ruled(dns1123SubdomainErrors);
export const dns1035Label = ruled(dns1035LabelErrors);
export const qualifiedName = ruled(qualifiedNameErrors);
export const labelValue = ruled(labelValueErrors);
/** A non-empty label value: ids that become node labels (region, zone, instance type). */
export const labelValueId = ruled((v) => (v.length === 0 ? ["must not be empty"] : labelValueErrors(v)));

/** map[string]string whose keys are qualified names and whose values are label values (metadata.labels, nodeSelector). */
export const labelMap = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    for (const message of qualifiedNameErrors(key)) ctx.addIssue({ code: "custom", path: [key], message: `key: ${message}` });
    for (const message of labelValueErrors(value)) ctx.addIssue({ code: "custom", path: [key], message });
  }
});

export const annotationMap = z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
  for (const key of Object.keys(annotations)) {
    for (const message of qualifiedNameErrors(key)) ctx.addIssue({ code: "custom", path: [key], message: `key: ${message}` });
  }
});

export const quantity = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  for (const message of quantityErrors(value)) ctx.addIssue({ code: "custom", message });
});

/** ResourceList: resource names are qualified names (cpu, memory, nvidia.com/gpu, hugepages-2Mi). */
export const resourceList = z.record(z.string(), quantity).superRefine((list, ctx) => {
  for (const key of Object.keys(list)) {
    for (const message of qualifiedNameErrors(key)) ctx.addIssue({ code: "custom", path: [key], message: `resource name: ${message}` });
  }
});

export const intOrPercent = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  for (const message of intOrPercentErrors(value)) ctx.addIssue({ code: "custom", message });
});

export const goDuration = z.string().superRefine((value, ctx) => {
  if (parseDurationMs(value) === null) {
    ctx.addIssue({ code: "custom", message: `time: invalid duration "${value}" (Go duration such as 50s, 5m, 1h30m)` });
  }
});

export const nonNegativeInt = z.number().int().min(0);
