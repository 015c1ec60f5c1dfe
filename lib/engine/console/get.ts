/** `kubectl get`: tables (default and -o wide, --show-labels, -A), -o name, -o json, -o yaml. */
import { stringify } from "yaml";
import type { Deployment, Pod, PodDisruptionBudget, ReplicaSet } from "../../k8s/types";
import { getControllerOf } from "../controllers/pod-util";
import { findNewReplicaSet, ownedReplicaSets } from "./deployment-replicasets";
import { statusOf } from "./deployment-status";
import { pdbStatusOf } from "./disruption";
import { age, labelsText, podReady, podRestarts, podStatus, tabwrite } from "./format";
import { isReady } from "./kubelet";
import { nodeReady } from "./nodes";
import type { ConsoleStore } from "./store";

export type Kind = "pods" | "deployments" | "replicasets" | "nodes" | "services" | "poddisruptionbudgets";

const ALIASES: Record<string, Kind> = {
  po: "pods", pod: "pods", pods: "pods", deploy: "deployments", deployment: "deployments", deployments: "deployments",
  rs: "replicasets", replicaset: "replicasets", replicasets: "replicasets", no: "nodes", node: "nodes", nodes: "nodes",
  svc: "services", service: "services", services: "services", pdb: "poddisruptionbudgets", poddisruptionbudget: "poddisruptionbudgets", poddisruptionbudgets: "poddisruptionbudgets",
};
export const resolveKind = (word: string): Kind | undefined => ALIASES[word.toLowerCase().replace(/\.apps$|\.policy$/, "")];

/** `kubectl get all`'s prefixes for -o name and the table's NAME column. */
export const NAME_PREFIX: Record<Kind, string> = {
  pods: "pod", deployments: "deployment.apps", replicasets: "replicaset.apps", nodes: "node", services: "service", poddisruptionbudgets: "poddisruptionbudget.policy",
};
const KIND_NAME: Record<Kind, string> = { pods: "Pod", deployments: "Deployment", replicasets: "ReplicaSet", nodes: "Node", services: "Service", poddisruptionbudgets: "PodDisruptionBudget" };
const API_VERSION: Record<Kind, string> = { pods: "v1", deployments: "apps/v1", replicasets: "apps/v1", nodes: "v1", services: "v1", poddisruptionbudgets: "policy/v1" };

type Obj = { metadata: { name?: string; namespace?: string; labels?: Record<string, string>; creationTimestamp?: string } };

export function listObjects(s: ConsoleStore, kind: Kind): Obj[] {
  const all: Obj[] =
    kind === "pods" ? [...s.pods.values()] : kind === "deployments" ? [...s.deployments.values()] : kind === "replicasets" ? [...s.replicaSets.values()]
      : kind === "services" ? [...s.services.values()] : kind === "poddisruptionbudgets" ? [...s.pdbs.values()] : [...s.nodes.values()].map((r) => r.node);
  return all.sort((a, b) => ((a.metadata.namespace ?? "") + "/" + a.metadata.name < (b.metadata.namespace ?? "") + "/" + b.metadata.name ? -1 : 1));
}

/** Active pods owned by a ReplicaSet. */
export function rsPods(s: ConsoleStore, rs: ReplicaSet): Pod[] {
  return [...s.pods.values()].filter((p) => !p.metadata.deletionTimestamp && getControllerOf(p)?.uid === rs.metadata.uid);
}

/** What kubectl shows of a Deployment: its status as the Deployment controller wrote it, and its ReplicaSets. */
export function deploymentStatus(s: ConsoleStore, d: Deployment) {
  const st = statusOf(d);
  const rss = ownedReplicaSets(s, d);
  return {
    replicas: st.replicas ?? 0, ready: st.readyReplicas ?? 0, available: st.availableReplicas ?? 0, updated: st.updatedReplicas ?? 0,
    unavailable: st.unavailableReplicas ?? 0, desired: d.spec.replicas ?? 1, current: findNewReplicaSet(d, rss), rss, conditions: st.conditions ?? [],
  };
}

const containers = (t: { spec?: { containers: { name: string; image?: string }[] } }) => [t.spec?.containers.map((c) => c.name).join(",") ?? "", t.spec?.containers.map((c) => c.image ?? "").join(",") ?? ""];
const selectorText = (sel: { matchLabels?: Record<string, string> } | undefined) => labelsText(sel?.matchLabels).replace("<none>", "");

function row(s: ConsoleStore, kind: Kind, o: Obj, wide: boolean, prefix: string): { head: string[]; cells: string[] } {
  const name = prefix + (o.metadata.name ?? "");
  const a = age(s, o.metadata.creationTimestamp);
  switch (kind) {
    case "pods": {
      const p = o as Pod;
      const base = { head: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"], cells: [name, podReady(p), podStatus(p), podRestarts(p), a] };
      if (!wide) return base;
      return { head: [...base.head, "IP", "NODE", "NOMINATED NODE", "READINESS GATES"], cells: [...base.cells, p.status?.podIP ?? "<none>", p.spec.nodeName ?? "<none>", "<none>", "<none>"] };
    }
    case "deployments": {
      const d = o as Deployment;
      const st = deploymentStatus(s, d);
      const base = { head: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], cells: [name, `${st.ready}/${st.desired}`, String(st.updated), String(st.available), a] };
      return wide ? { head: [...base.head, "CONTAINERS", "IMAGES", "SELECTOR"], cells: [...base.cells, ...containers(d.spec.template), selectorText(d.spec.selector)] } : base;
    }
    case "replicasets": {
      const r = o as ReplicaSet;
      const pods = rsPods(s, r);
      const base = { head: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"], cells: [name, String(r.spec.replicas ?? 1), String(pods.length), String(pods.filter(isReady).length), a] };
      return wide ? { head: [...base.head, "CONTAINERS", "IMAGES", "SELECTOR"], cells: [...base.cells, ...containers(r.spec.template), selectorText(r.spec.selector)] } : base;
    }
    case "nodes": {
      const rec = s.nodes.get(o.metadata.name ?? "")!;
      const status = (nodeReady(rec) === "True" ? "Ready" : "NotReady") + (rec.node.spec?.unschedulable ? ",SchedulingDisabled" : "");
      const version = (rec.node.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion ?? "v1.34.1";
      const base = { head: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"], cells: [name, status, "<none>", a === "<unknown>" ? "1d" : a, version] };
      const ip = rec.node.status?.addresses?.find((x) => x.type === "InternalIP")?.address ?? "<none>";
      return wide ? { head: [...base.head, "INTERNAL-IP", "EXTERNAL-IP", "ZONE"], cells: [...base.cells, ip, "<none>", rec.node.metadata.labels?.["topology.kubernetes.io/zone"] ?? "<none>"] } : base;
    }
    case "services": {
      const svc = o as { spec: { type?: string; clusterIP?: string; ports?: { port: number; protocol?: string }[] } } & Obj;
      const ports = (svc.spec.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`).join(",") || "<none>";
      return { head: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], cells: [name, svc.spec.type ?? "ClusterIP", svc.spec.clusterIP ?? "<none>", "<none>", ports, a] };
    }
    case "poddisruptionbudgets": {
      const pdb = o as { spec: { minAvailable?: number | string; maxUnavailable?: number | string } } & Obj;
      return { head: ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], cells: [name, String(pdb.spec.minAvailable ?? "N/A"), String(pdb.spec.maxUnavailable ?? "N/A"), String(pdbStatusOf(s, pdb as PodDisruptionBudget).disruptionsAllowed), a] };
    }
  }
}

export interface GetOptions {
  output?: string;
  showLabels: boolean;
  /** Label selector (and, from --field-selector, a check on the object itself). */
  selector?: (labels: Record<string, string> | undefined, obj: unknown) => boolean;
  namespace: string;
  allNamespaces: boolean;
  names: string[];
}

export function filterObjects(s: ConsoleStore, kind: Kind, o: GetOptions): Obj[] {
  return listObjects(s, kind).filter((x) =>
    (kind === "nodes" || o.allNamespaces || (x.metadata.namespace || "default") === o.namespace) &&
    (o.names.length === 0 || o.names.includes(x.metadata.name ?? "")) &&
    (!o.selector || o.selector(x.metadata.labels, x)));
}

/** Renders one kind (or several for `get all`). */
export function renderGet(s: ConsoleStore, kinds: Kind[], o: GetOptions, prefixNames: boolean): string[] {
  const sections = kinds.map((k) => ({ kind: k, items: filterObjects(s, k, o) }));
  const total = sections.reduce((n, x) => n + x.items.length, 0);
  if (o.output === "json" || o.output === "yaml") {
    const items = sections.flatMap((x) => x.items.map((i) => ({ apiVersion: API_VERSION[x.kind], kind: KIND_NAME[x.kind], ...i })));
    const doc = items.length === 1 && o.names.length === 1 ? items[0] : { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
    return (o.output === "json" ? JSON.stringify(doc, null, 4) : stringify(doc).trimEnd()).split("\n");
  }
  if (total === 0) {
    if (o.names.length > 0) return o.names.map((n) => `Error from server (NotFound): ${kinds[0]}${kinds[0] === "deployments" || kinds[0] === "replicasets" ? ".apps" : ""} "${n}" not found`);
    return [kinds[0] === "nodes" ? "No resources found" : o.allNamespaces ? "No resources found" : `No resources found in ${o.namespace} namespace.`];
  }
  if (o.output === "name") return sections.flatMap((x) => x.items.map((i) => `${NAME_PREFIX[x.kind]}/${i.metadata.name}`));
  const out: string[] = [];
  for (const sec of sections) {
    if (sec.items.length === 0) continue;
    if (out.length > 0) out.push("");
    const rows = sec.items.map((i) => {
      const r = row(s, sec.kind, i, o.output === "wide", prefixNames ? `${NAME_PREFIX[sec.kind]}/` : "");
      const head = [...(o.allNamespaces && sec.kind !== "nodes" ? ["NAMESPACE"] : []), ...r.head, ...(o.showLabels ? ["LABELS"] : [])];
      const cells = [...(o.allNamespaces && sec.kind !== "nodes" ? [i.metadata.namespace || "default"] : []), ...r.cells, ...(o.showLabels ? [labelsText(i.metadata.labels)] : [])];
      return { head, cells };
    });
    out.push(...tabwrite([rows[0]!.head, ...rows.map((r) => r.cells)]));
  }
  return out;
}
