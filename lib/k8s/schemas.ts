/**
 * zod schemas for the Kubernetes objects topoplan reads from a cluster snapshot: the fields the engine uses,
 * with the API's types (so `replicas: "3"` or a numeric label value is rejected as the API server would),
 * every other field allowed and kept (loose objects). The inferred types are assignable to `./types`.
 */
import { z } from "zod";

const str = z.string();
const int = z.number().int();
const nonNegInt = int.min(0);
const stringMap = z.record(z.string(), z.string());

// resource.Quantity syntax: sign, decimal number, then a binary-SI, decimal-SI or exponent suffix.
const QUANTITY_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
export const quantitySchema = z.union([
  z.number().finite(),
  z.string().regex(QUANTITY_RE, { message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" }),
]);
const resourceList = z.record(z.string(), quantitySchema);
export const intOrStringSchema = z.union([int, z.string()]);
/** ValidatePositiveIntOrPercent (apps validation): a non-negative integer or a percent string such as "25%". */
const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%')";
const intOrPercentSchema = z.union([nonNegInt, z.string().regex(/^[0-9]+%$/, { message: PERCENT_MESSAGE })]);
const isZero = (v: number | string | null | undefined) => v === 0 || (typeof v === "string" && /^0+%$/.test(v));

/** ValidateRollingUpdateDeployment: the two bounds, maxUnavailable at most 100 %, and not both zero. */
const rollingUpdateSchema = z
  .looseObject({ maxSurge: intOrPercentSchema.nullish(), maxUnavailable: intOrPercentSchema.nullish() })
  .superRefine((ru, ctx) => {
    const mu = ru.maxUnavailable;
    if (typeof mu === "string" && Number(mu.slice(0, -1)) > 100) ctx.addIssue({ code: "custom", path: ["maxUnavailable"], message: "must not be greater than 100%" });
    if (isZero(ru.maxSurge) && isZero(mu)) ctx.addIssue({ code: "custom", path: ["maxUnavailable"], message: "may not be 0 when `maxSurge` is 0" });
  });

export const ownerReferenceSchema = z.looseObject({
  apiVersion: str,
  kind: str,
  name: str,
  uid: str,
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

export const objectMetaSchema = z.looseObject({
  name: str.optional(),
  generateName: str.optional(),
  namespace: str.optional(),
  uid: str.optional(),
  labels: stringMap.nullish(),
  annotations: stringMap.nullish(),
  ownerReferences: z.array(ownerReferenceSchema).nullish(),
  creationTimestamp: str.nullish(),
  deletionTimestamp: str.nullish(),
  generation: int.optional(),
  resourceVersion: str.optional(),
});

export const labelSelectorRequirementSchema = z.looseObject({
  key: str,
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
  values: z.array(str).nullish(),
});
export const labelSelectorSchema = z.looseObject({
  matchLabels: stringMap.nullish(),
  matchExpressions: z.array(labelSelectorRequirementSchema).nullish(),
});

const nodeSelectorRequirementSchema = z.looseObject({
  key: str,
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
  values: z.array(str).nullish(),
});
const nodeSelectorTermSchema = z.looseObject({
  matchExpressions: z.array(nodeSelectorRequirementSchema).nullish(),
  matchFields: z.array(nodeSelectorRequirementSchema).nullish(),
});
const podAffinityTermSchema = z.looseObject({
  labelSelector: labelSelectorSchema.nullish(),
  namespaces: z.array(str).nullish(),
  namespaceSelector: labelSelectorSchema.nullish(),
  topologyKey: str,
  matchLabelKeys: z.array(str).nullish(),
  mismatchLabelKeys: z.array(str).nullish(),
});
const weight = int.min(1).max(100);
const podAffinitySchema = z.looseObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTermSchema).nullish(),
  preferredDuringSchedulingIgnoredDuringExecution: z
    .array(z.looseObject({ weight, podAffinityTerm: podAffinityTermSchema }))
    .nullish(),
});
export const affinitySchema = z.looseObject({
  nodeAffinity: z
    .looseObject({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .looseObject({ nodeSelectorTerms: z.array(nodeSelectorTermSchema) })
        .nullish(),
      preferredDuringSchedulingIgnoredDuringExecution: z
        .array(z.looseObject({ weight, preference: nodeSelectorTermSchema }))
        .nullish(),
    })
    .nullish(),
  podAffinity: podAffinitySchema.nullish(),
  podAntiAffinity: podAffinitySchema.nullish(),
});

const taintEffect = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);
export const tolerationSchema = z.looseObject({
  key: str.optional(),
  operator: z.enum(["Exists", "Equal"]).optional(),
  value: str.optional(),
  effect: z.union([taintEffect, z.literal("")]).optional(),
  tolerationSeconds: int.nullish(),
});
export const taintSchema = z.looseObject({
  key: str,
  value: str.optional(),
  effect: taintEffect,
  timeAdded: str.nullish(),
});

export const topologySpreadConstraintSchema = z.looseObject({
  maxSkew: int.min(1),
  topologyKey: str.min(1),
  whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
  labelSelector: labelSelectorSchema.nullish(),
  minDomains: int.min(1).nullish(),
  nodeAffinityPolicy: z.enum(["Honor", "Ignore"]).nullish(),
  nodeTaintsPolicy: z.enum(["Honor", "Ignore"]).nullish(),
  matchLabelKeys: z.array(str).nullish(),
});

const containerSchema = z.looseObject({
  name: str,
  image: str.optional(),
  resources: z.looseObject({ requests: resourceList.nullish(), limits: resourceList.nullish() }).nullish(),
  ports: z
    .array(
      z.looseObject({
        name: str.optional(),
        containerPort: int.min(1).max(65535),
        protocol: str.optional(),
        hostPort: int.optional(),
        hostIP: str.optional(),
      }),
    )
    .nullish(),
  restartPolicy: str.optional(),
});

export const podSpecSchema = z.looseObject({
  containers: z.array(containerSchema),
  initContainers: z.array(containerSchema).nullish(),
  nodeName: str.optional(),
  nodeSelector: stringMap.nullish(),
  affinity: affinitySchema.nullish(),
  tolerations: z.array(tolerationSchema).nullish(),
  topologySpreadConstraints: z.array(topologySpreadConstraintSchema).nullish(),
  schedulerName: str.optional(),
  priority: int.nullish(),
  priorityClassName: str.optional(),
  overhead: resourceList.nullish(),
  restartPolicy: str.optional(),
  terminationGracePeriodSeconds: int.nullish(),
});

const conditionStatus = z.enum(["True", "False", "Unknown"]);
export const podSchema = z.looseObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("Pod").optional(),
  metadata: objectMetaSchema,
  spec: podSpecSchema,
  status: z
    .looseObject({
      phase: z.enum(["Pending", "Running", "Succeeded", "Failed", "Unknown"]).optional(),
      conditions: z
        .array(z.looseObject({ type: str, status: conditionStatus, lastTransitionTime: str.nullish() }))
        .nullish(),
      containerStatuses: z.array(z.looseObject({ restartCount: nonNegInt.optional() })).nullish(),
      podIP: str.optional(),
      hostIP: str.optional(),
    })
    .optional(),
});

export const nodeSchema = z.looseObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("Node").optional(),
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      unschedulable: z.boolean().optional(),
      taints: z.array(taintSchema).nullish(),
      podCIDR: str.optional(),
      podCIDRs: z.array(str).nullish(),
    })
    .optional(),
  status: z
    .looseObject({
      capacity: resourceList.nullish(),
      allocatable: resourceList.nullish(),
      conditions: z.array(z.looseObject({ type: str, status: conditionStatus })).nullish(),
    })
    .optional(),
});

const podTemplateSchema = z.looseObject({ metadata: objectMetaSchema.optional(), spec: podSpecSchema });

export const deploymentSchema = z.looseObject({
  apiVersion: z.literal("apps/v1").optional(),
  kind: z.literal("Deployment").optional(),
  metadata: objectMetaSchema,
  spec: z.looseObject({
    replicas: nonNegInt.nullish(),
    selector: labelSelectorSchema,
    template: podTemplateSchema,
    strategy: z
      .looseObject({
        type: z.enum(["RollingUpdate", "Recreate"]).optional(),
        rollingUpdate: rollingUpdateSchema.nullish(),
      })
      .nullish(),
    minReadySeconds: nonNegInt.nullish(),
    revisionHistoryLimit: nonNegInt.nullish(),
    progressDeadlineSeconds: nonNegInt.nullish(),
    paused: z.boolean().optional(),
  }),
});

export const replicaSetSchema = z.looseObject({
  apiVersion: z.literal("apps/v1").optional(),
  kind: z.literal("ReplicaSet").optional(),
  metadata: objectMetaSchema,
  spec: z.looseObject({
    replicas: nonNegInt.nullish(),
    selector: labelSelectorSchema,
    template: podTemplateSchema.optional(),
    minReadySeconds: nonNegInt.nullish(),
  }),
});

export const serviceSchema = z.looseObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("Service").optional(),
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      selector: stringMap.nullish(),
      ports: z.array(z.looseObject({ port: int.min(1).max(65535), targetPort: intOrStringSchema.optional() })).nullish(),
      type: str.optional(),
      publishNotReadyAddresses: z.boolean().optional(),
    })
    .optional(),
});

export const podDisruptionBudgetSchema = z.looseObject({
  apiVersion: z.enum(["policy/v1", "policy/v1beta1"]).optional(),
  kind: z.literal("PodDisruptionBudget").optional(),
  metadata: objectMetaSchema,
  spec: z
    .looseObject({
      selector: labelSelectorSchema.nullish(),
      minAvailable: intOrStringSchema.nullish(),
      maxUnavailable: intOrStringSchema.nullish(),
    })
    .optional(),
});

export const namespaceSchema = z.looseObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("Namespace").optional(),
  metadata: objectMetaSchema,
});

/** The schema per supported kind, and the apiVersion(s) each is served at. */
export const KIND_SCHEMAS = {
  Node: { schema: nodeSchema, apiVersions: ["v1"], namespaced: false },
  Pod: { schema: podSchema, apiVersions: ["v1"], namespaced: true },
  Deployment: { schema: deploymentSchema, apiVersions: ["apps/v1"], namespaced: true },
  ReplicaSet: { schema: replicaSetSchema, apiVersions: ["apps/v1"], namespaced: true },
  Service: { schema: serviceSchema, apiVersions: ["v1"], namespaced: true },
  PodDisruptionBudget: { schema: podDisruptionBudgetSchema, apiVersions: ["policy/v1", "policy/v1beta1"], namespaced: true },
  Namespace: { schema: namespaceSchema, apiVersions: ["v1"], namespaced: false },
} as const;
export type SupportedKind = keyof typeof KIND_SCHEMAS;
