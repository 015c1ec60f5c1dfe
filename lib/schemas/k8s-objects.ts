/**
 * The Kubernetes objects a workload may carry: apps/v1 Deployment, v1 Pod, policy/v1 PodDisruptionBudget,
 * v1 Service. Field names are the API's own so that a real manifest can be pasted. Name rules follow the
 * validation of each kind (Service names are DNS-1035 labels; the others DNS-1123 subdomains).
 */
import { z } from "zod";
import { annotationMap, dns1035Label, dns1123Label, dns1123Subdomain, intOrPercent, labelMap, nonNegativeInt } from "./fields";
import { parseDurationMs } from "./duration";
import { labelSelectorSchema, podSpecSchema } from "./k8s-pod";
import { isEmptySelector, selectorMatches } from "./selector";

/** The planner's startup time (image pull + start + readiness) for the pods of a workload, a Go duration. */
export const ANNOTATION_STARTUP_TIME = "topoplan.dev/startup-time";

function objectMeta<N extends z.ZodType<string>>(name: N) {
  return z
    .looseObject({
      name,
      namespace: dns1123Label.optional(),
      labels: labelMap.optional(),
      annotations: annotationMap.optional(),
    })
    .superRefine((meta, ctx) => {
      const startup = meta.annotations?.[ANNOTATION_STARTUP_TIME];
      if (startup !== undefined && parseDurationMs(startup) === null) {
        ctx.addIssue({
          code: "custom",
          path: ["annotations", ANNOTATION_STARTUP_TIME],
          message: `time: invalid duration "${startup}" (Go duration such as 10s, 1m30s)`,
        });
      }
    });
}

const podTemplateSchema = z.looseObject({
  metadata: z.looseObject({ labels: labelMap.optional(), annotations: annotationMap.optional() }).optional(),
  spec: podSpecSchema,
});

const strategySchema = z.looseObject({
  type: z.enum(["RollingUpdate", "Recreate"]).optional(),
  rollingUpdate: z.looseObject({ maxSurge: intOrPercent.nullish(), maxUnavailable: intOrPercent.nullish() }).nullish(),
});

const isZero = (v: number | string | null | undefined) => v === 0 || v === "0%";

export const deploymentSchema = z
  .looseObject({
    apiVersion: z.literal("apps/v1"),
    kind: z.literal("Deployment"),
    metadata: objectMeta(dns1123Subdomain),
    spec: z.looseObject({
      replicas: z.number().int().min(0).max(100_000).optional(),
      selector: labelSelectorSchema,
      template: podTemplateSchema,
      strategy: strategySchema.optional(),
      minReadySeconds: nonNegativeInt.optional(),
      revisionHistoryLimit: nonNegativeInt.optional(),
      progressDeadlineSeconds: z.number().int().min(1).optional(),
      paused: z.boolean().optional(),
    }),
  })
  .superRefine((d, ctx) => {
    // apps/validation ValidateDeploymentSpec, in its order and wording.
    const spec = d.spec;
    if (isEmptySelector(spec.selector)) {
      ctx.addIssue({ code: "custom", path: ["spec", "selector"], message: "empty selector is invalid for deployment" });
    } else if (!selectorMatches(spec.selector, spec.template.metadata?.labels ?? {})) {
      ctx.addIssue({ code: "custom", path: ["spec", "template", "metadata", "labels"], message: "`selector` does not match template `labels`" });
    }
    const rp = spec.template.spec.restartPolicy;
    if (rp !== undefined && rp !== "Always") {
      ctx.addIssue({ code: "custom", path: ["spec", "template", "spec", "restartPolicy"], message: `Unsupported value: "${rp}": supported values: "Always"` });
    }
    const strategy = spec.strategy;
    if (strategy?.type === "Recreate" && strategy.rollingUpdate) {
      ctx.addIssue({ code: "custom", path: ["spec", "strategy", "rollingUpdate"], message: "may not be specified when strategy `type` is 'Recreate'" });
    }
    const ru = strategy?.rollingUpdate;
    if (ru && isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
      ctx.addIssue({ code: "custom", path: ["spec", "strategy", "rollingUpdate", "maxUnavailable"], message: "may not be 0 when `maxSurge` is 0" });
    }
    if (typeof ru?.maxUnavailable === "string" && Number.parseInt(ru.maxUnavailable, 10) > 100) {
      ctx.addIssue({ code: "custom", path: ["spec", "strategy", "rollingUpdate", "maxUnavailable"], message: "must not be greater than 100%" });
    }
    if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      ctx.addIssue({ code: "custom", path: ["spec", "progressDeadlineSeconds"], message: "must be greater than minReadySeconds" });
    }
  });

export const podSchema = z.looseObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("Pod"),
  metadata: objectMeta(dns1123Subdomain),
  spec: podSpecSchema,
});

export const podDisruptionBudgetSchema = z
  .looseObject({
    apiVersion: z.literal("policy/v1"),
    kind: z.literal("PodDisruptionBudget"),
    metadata: objectMeta(dns1123Subdomain),
    spec: z.looseObject({
      selector: labelSelectorSchema.optional(),
      minAvailable: intOrPercent.optional(),
      maxUnavailable: intOrPercent.optional(),
      unhealthyPodEvictionPolicy: z.enum(["IfHealthyBudget", "AlwaysAllow"]).optional(),
    }),
  })
  .superRefine((pdb, ctx) => {
    if (pdb.spec.minAvailable !== undefined && pdb.spec.maxUnavailable !== undefined) {
      ctx.addIssue({ code: "custom", path: ["spec"], message: "minAvailable and maxUnavailable cannot be both set" });
    }
    for (const field of ["minAvailable", "maxUnavailable"] as const) {
      const v = pdb.spec[field];
      if (typeof v === "string" && Number.parseInt(v, 10) > 100) {
        ctx.addIssue({ code: "custom", path: ["spec", field], message: "must not be greater than 100%" });
      }
    }
  });

export const serviceSchema = z.looseObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("Service"),
  metadata: objectMeta(dns1035Label),
  spec: z.looseObject({
    selector: labelMap.optional(),
    type: z.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]).optional(),
    ports: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          port: z.number().int().min(1).max(65535),
          targetPort: z.union([z.number().int().min(1).max(65535), z.string()]).optional(),
          protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
        }),
      )
      .optional(),
    publishNotReadyAddresses: z.boolean().optional(),
    internalTrafficPolicy: z.enum(["Cluster", "Local"]).optional(),
    externalTrafficPolicy: z.enum(["Cluster", "Local"]).optional(),
    trafficDistribution: z.string().optional(),
  }),
});

export const manifestSchema = z.discriminatedUnion("kind", [deploymentSchema, podSchema, podDisruptionBudgetSchema, serviceSchema]);

export type DeploymentManifest = z.infer<typeof deploymentSchema>;
export type PodManifest = z.infer<typeof podSchema>;
export type PodDisruptionBudgetManifest = z.infer<typeof podDisruptionBudgetSchema>;
export type ServiceManifest = z.infer<typeof serviceSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestKind = Manifest["kind"];
