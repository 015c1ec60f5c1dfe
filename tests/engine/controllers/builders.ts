/** Fluent-ish builders for controller tests (pods, deployments), in the spirit of upstream's MakePod(). */
import type { Deployment, Pod, ReplicaSet } from "../../../lib/k8s/types";

export interface PodOpts {
  node?: string;
  phase?: NonNullable<Pod["status"]>["phase"];
  ready?: boolean;
  readySince?: string;
  created?: string;
  restarts?: number;
  uid?: string;
  cost?: string;
  labels?: Record<string, string>;
  ns?: string;
  owner?: { kind: string; name: string; uid: string };
  deleting?: boolean;
}

export function pod(name: string, o: PodOpts = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: o.ns ?? "default",
      ...(o.uid ? { uid: o.uid } : {}),
      ...(o.created ? { creationTimestamp: o.created } : {}),
      ...(o.cost !== undefined ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": o.cost } } : {}),
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: "apps/v1", ...o.owner, controller: true }] } : {}),
      ...(o.deleting ? { deletionTimestamp: "2024-06-01T00:00:00Z" } : {}),
    },
    spec: { containers: [{ name: "c" }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      ...(o.phase ? { phase: o.phase } : {}),
      ...(o.ready !== undefined
        ? {
            conditions: [
              { type: "Ready", status: o.ready ? "True" : "False", ...(o.readySince ? { lastTransitionTime: o.readySince } : {}) },
            ],
          }
        : {}),
      ...(o.restarts !== undefined ? { containerStatuses: [{ restartCount: o.restarts }] } : {}),
    },
  };
}

export function deployment(name: string, replicas: number | undefined, strategy?: Deployment["spec"]["strategy"]): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx" }] } },
      ...(strategy ? { strategy } : {}),
    },
  };
}

export function rs(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [] } } },
  };
}
