/**
 * zod schemas for the pod-level Kubernetes types (core/v1 PodSpec and what it contains), with the rules of
 * pkg/apis/core/validation that matter to scheduling. Objects are loose: a pasted real manifest keeps fields
 * topoplan does not model (probes, env, volumes) instead of being refused.
 */
import { z } from "zod";
import { qualifiedNameErrors } from "./k8s-syntax";
import { dns1123Label, labelMap, labelValue, nonNegativeInt, qualifiedName, resourceList } from "./fields";

const selectorOperator = z.enum(["In", "NotIn", "Exists", "DoesNotExist"]);

export const labelSelectorRequirementSchema = z
  .looseObject({ key: qualifiedName, operator: selectorOperator, values: z.array(labelValue).optional() })
  .superRefine((req, ctx) => {
    const n = req.values?.length ?? 0;
    if ((req.operator === "In" || req.operator === "NotIn") && n === 0) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "must be specified when `operator` is 'In' or 'NotIn'" });
    }
    if ((req.operator === "Exists" || req.operator === "DoesNotExist") && n > 0) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    }
  });

export const labelSelectorSchema = z.looseObject({
  matchLabels: labelMap.optional(),
  matchExpressions: z.array(labelSelectorRequirementSchema).optional(),
});

const nodeSelectorRequirementSchema = z
  .looseObject({
    key: qualifiedName,
    operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
    values: z.array(z.string()).optional(),
  })
  .superRefine((req, ctx) => {
    const n = req.values?.length ?? 0;
    if ((req.operator === "In" || req.operator === "NotIn") && n === 0) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "must be specified when `operator` is 'In' or 'NotIn'" });
    }
    if ((req.operator === "Exists" || req.operator === "DoesNotExist") && n > 0) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    }
    if ((req.operator === "Gt" || req.operator === "Lt") && (n !== 1 || !/^-?\d+$/.test(req.values?.[0] ?? ""))) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "must be specified single value when `operator` is 'Lt' or 'Gt'" });
    }
  });

const nodeSelectorTermSchema = z.looseObject({
  matchExpressions: z.array(nodeSelectorRequirementSchema).optional(),
  matchFields: z.array(nodeSelectorRequirementSchema).optional(),
});

const podAffinityTermSchema = z.looseObject({
  labelSelector: labelSelectorSchema.nullish(),
  namespaces: z.array(z.string()).optional(),
  namespaceSelector: labelSelectorSchema.nullish(),
  topologyKey: qualifiedName,
  matchLabelKeys: z.array(qualifiedName).optional(),
  mismatchLabelKeys: z.array(qualifiedName).optional(),
});
const weight = z.number().int().min(1, "must be in the range 1-100").max(100, "must be in the range 1-100");

const podAffinitySchema = z.looseObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTermSchema).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z
    .array(z.looseObject({ weight, podAffinityTerm: podAffinityTermSchema }))
    .optional(),
});

export const affinitySchema = z.looseObject({
  nodeAffinity: z
    .looseObject({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .looseObject({ nodeSelectorTerms: z.array(nodeSelectorTermSchema).min(1, "must have at least one node selector term") })
        .optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z
        .array(z.looseObject({ weight, preference: nodeSelectorTermSchema }))
        .optional(),
    })
    .optional(),
  podAffinity: podAffinitySchema.optional(),
  podAntiAffinity: podAffinitySchema.optional(),
});

export const taintEffectSchema = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);

export const taintSchema = z.looseObject({ key: qualifiedName, value: labelValue.optional(), effect: taintEffectSchema });

export const tolerationSchema = z
  .looseObject({
    key: z.string().optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: z.string().optional(),
    effect: z.union([taintEffectSchema, z.literal("")]).optional(),
    tolerationSeconds: z.number().int().nullish(),
  })
  .superRefine((t, ctx) => {
    // ValidateTolerations (core/validation): an empty key means "all taints" and needs operator Exists.
    const key = t.key ?? "";
    if (key !== "") {
      for (const message of qualifiedNameErrors(key)) ctx.addIssue({ code: "custom", path: ["key"], message });
    } else if (t.operator !== "Exists") {
      ctx.addIssue({ code: "custom", path: ["operator"], message: "operator must be Exists when `key` is empty, which means \"match all values and all keys\"" });
    }
    if (t.operator === "Exists" && (t.value ?? "") !== "") {
      ctx.addIssue({ code: "custom", path: ["operator"], message: "value must be empty when `operator` is 'Exists'" });
    }
    if (t.tolerationSeconds != null && t.effect !== "NoExecute") {
      ctx.addIssue({ code: "custom", path: ["effect"], message: "effect must be 'NoExecute' when `tolerationSeconds` is set" });
    }
  });

export const topologySpreadConstraintSchema = z
  .looseObject({
    maxSkew: z.number().int().min(1, "must be greater than zero"),
    topologyKey: qualifiedName,
    whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
    labelSelector: labelSelectorSchema.nullish(),
    minDomains: z.number().int().min(1, "must be greater than zero").nullish(),
    nodeAffinityPolicy: z.enum(["Honor", "Ignore"]).nullish(),
    nodeTaintsPolicy: z.enum(["Honor", "Ignore"]).nullish(),
    matchLabelKeys: z.array(qualifiedName).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.minDomains != null && c.whenUnsatisfiable !== "DoNotSchedule") {
      ctx.addIssue({ code: "custom", path: ["minDomains"], message: "can only use minDomains if whenUnsatisfiable=DoNotSchedule" });
    }
  });

export const containerSchema = z.looseObject({
  name: dns1123Label,
  image: z.string().optional(),
  resources: z.looseObject({ requests: resourceList.optional(), limits: resourceList.optional() }).optional(),
  ports: z
    .array(z.looseObject({ name: z.string().optional(), containerPort: z.number().int().min(1).max(65535), protocol: z.string().optional() }))
    .optional(),
  restartPolicy: z.string().optional(),
});

export const podSpecSchema = z
  .looseObject({
    containers: z.array(containerSchema).min(1, "Required value: must have at least one container"),
    initContainers: z.array(containerSchema).optional(),
    nodeName: z.string().optional(),
    nodeSelector: labelMap.optional(),
    affinity: affinitySchema.optional(),
    tolerations: z.array(tolerationSchema).optional(),
    topologySpreadConstraints: z.array(topologySpreadConstraintSchema).optional(),
    schedulerName: z.string().optional(),
    priority: z.number().int().optional(),
    priorityClassName: z.string().optional(),
    overhead: resourceList.optional(),
    restartPolicy: z.enum(["Always", "OnFailure", "Never"]).optional(),
    terminationGracePeriodSeconds: nonNegativeInt.optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    const all = [
      ...spec.containers.map((c, i) => ({ c, path: ["containers", i, "name"] })),
      ...(spec.initContainers ?? []).map((c, i) => ({ c, path: ["initContainers", i, "name"] })),
    ];
    for (const { c, path } of all) {
      if (seen.has(c.name)) ctx.addIssue({ code: "custom", path, message: `Duplicate value: "${c.name}"` });
      seen.add(c.name);
    }
    const pairs = new Set<string>();
    (spec.topologySpreadConstraints ?? []).forEach((c, i) => {
      const k = `${c.topologyKey}\u0000${c.whenUnsatisfiable}`;
      if (pairs.has(k)) {
        ctx.addIssue({ code: "custom", path: ["topologySpreadConstraints", i], message: `Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"` });
      }
      pairs.add(k);
    });
  });
