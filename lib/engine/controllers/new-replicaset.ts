/**
 * The ReplicaSet the Deployment controller creates for a pod template (`getNewReplicaSet`,
 * pkg/controller/deployment/sync.go): named `<deployment>-<pod-template-hash>`, the hash label added to the
 * template's labels and to the Deployment's selector, owned by the Deployment, with the rollout annotations.
 * Shared by the snapshot materializer (a Deployment without its ReplicaSet) and the simulation's rollouts.
 */
import { LABEL_POD_TEMPLATE_HASH, type Deployment, type LabelSelector, type PodTemplateSpec, type ReplicaSet } from "../../k8s/types";
import { canonicalJson, computeTemplateHash } from "../util/hash";
import { deterministicUid } from "../util/uid";
import { controllerRefFor } from "./claim";
import { maxSurge, specReplicas } from "./deployment-util";

/**
 * `EqualIgnoreHash` as a comparable key: two templates are the same when they differ at most in the
 * pod-template-hash label (a ReplicaSet's template carries it, the Deployment's does not).
 */
export function templateKey(t: PodTemplateSpec | undefined): string {
  if (!t) return "";
  const labels = { ...t.metadata?.labels };
  delete labels[LABEL_POD_TEMPLATE_HASH];
  return canonicalJson({ ...t, metadata: { ...t.metadata, labels } });
}

/** Selector with `pod-template-hash` added, as the Deployment controller gives its ReplicaSets. */
export function selectorWithHash(sel: LabelSelector, hash: string): LabelSelector {
  return { ...sel, matchLabels: { ...sel.matchLabels, [LABEL_POD_TEMPLATE_HASH]: hash } };
}

export interface NewReplicaSetOptions {
  seed: number;
  /** RFC 3339 creationTimestamp. */
  creationTimestamp: string;
  /** spec.replicas at creation (NewRSNewReplicas). */
  replicas: number;
  /** deployment.kubernetes.io/revision: the highest old revision + 1. */
  revision: string;
}

/**
 * The new ReplicaSet for `d`'s current template. A name taken by a ReplicaSet of another template is a hash
 * collision: upstream bumps status.collisionCount and hashes again.
 */
export function newReplicaSetFor(d: Deployment, takenNames: ReadonlySet<string | undefined>, o: NewReplicaSetOptions): ReplicaSet {
  const ns = d.metadata.namespace ?? "default";
  const dname = d.metadata.name ?? "";
  let collisionCount = (d.status as { collisionCount?: number } | undefined)?.collisionCount ?? 0;
  let hash = computeTemplateHash(d.spec.template, collisionCount);
  while (takenNames.has(`${dname}-${hash}`)) hash = computeTemplateHash(d.spec.template, ++collisionCount);
  const name = `${dname}-${hash}`;
  const labels = { ...d.spec.template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: hash };
  const replicas = specReplicas(d);
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      namespace: ns,
      uid: deterministicUid(o.seed, "ReplicaSet", ns, name),
      labels,
      annotations: {
        "deployment.kubernetes.io/desired-replicas": String(replicas),
        "deployment.kubernetes.io/max-replicas": String(replicas + maxSurge(d)),
        "deployment.kubernetes.io/revision": o.revision,
      },
      ownerReferences: [controllerRefFor({ apiVersion: "apps/v1", kind: "Deployment", metadata: d.metadata, selector: d.spec.selector })],
      creationTimestamp: o.creationTimestamp,
    },
    spec: {
      replicas: o.replicas,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: selectorWithHash(d.spec.selector, hash),
      template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } },
    },
  };
}
