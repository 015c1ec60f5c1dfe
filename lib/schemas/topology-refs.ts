/**
 * Cross-reference rules of a topology document: what no single field can know (unique names, zones that
 * exist, pools inside their cluster, workloads and traffic members pointing at real clusters). Every issue
 * carries the path of the offending field.
 */
import type { z } from "zod";
import { parseIpv4Cidr } from "../engine/model/cidr";
import { dns1123LabelErrors } from "./k8s-syntax";
import type { TopologyShape } from "./topology";

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string) {
  ctx.addIssue({ code: "custom", path, message });
}

/** Reports the later duplicates of a key, each at its own path. */
function unique<T>(ctx: Ctx, items: T[], key: (t: T) => string | undefined, path: (i: number) => Path, what: string) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    if (seen.has(k)) issue(ctx, path(i), `Duplicate value: "${k}" (${what} must be unique)`);
    seen.add(k);
  });
}

export function checkCidr(podCIDR: string, maskSize: number, ctx: Ctx) {
  const cidr = parseIpv4Cidr(podCIDR);
  if (!cidr) {
    issue(ctx, ["podCIDR"], `invalid CIDR address: ${podCIDR} (an IPv4 CIDR such as 10.244.0.0/16)`);
    return;
  }
  if (maskSize < cidr.prefix) {
    issue(ctx, ["nodeCIDRMaskSize"], `must be at least the cluster CIDR's prefix length /${cidr.prefix}`);
  }
}

export function checkTopologyReferences(doc: TopologyShape, ctx: Ctx) {
  // Regions and zones: a zone id names one failure domain, so it belongs to exactly one region.
  unique(ctx, doc.regions, (r) => r.id, (i) => ["regions", i, "id"], "region ids");
  const zoneRegion = new Map<string, string>();
  doc.regions.forEach((r, i) =>
    r.zones.forEach((z, j) => {
      if (zoneRegion.has(z)) issue(ctx, ["regions", i, "zones", j], `Duplicate value: "${z}" (zone ids must be unique across regions)`);
      else zoneRegion.set(z, r.id);
    }),
  );

  unique(ctx, doc.clusters, (c) => c.name, (i) => ["clusters", i, "name"], "cluster names");
  const clusterZones = new Map<string, Set<string>>();
  doc.clusters.forEach((c, i) => {
    const zones = new Set<string>();
    c.zones.forEach((z, j) => {
      if (!zoneRegion.has(z)) issue(ctx, ["clusters", i, "zones", j], `zone "${z}" is not a zone of any region`);
      if (zones.has(z)) issue(ctx, ["clusters", i, "zones", j], `Duplicate value: "${z}"`);
      zones.add(z);
    });
    if (!clusterZones.has(c.name)) clusterZones.set(c.name, zones);
    let members = 0;
    for (const [z, n] of Object.entries(c.controlPlane.etcd)) {
      members += n;
      if (!zones.has(z)) issue(ctx, ["clusters", i, "controlPlane", "etcd", z], `zone "${z}" is not one of the cluster's zones`);
    }
    if (members < 1) issue(ctx, ["clusters", i, "controlPlane", "etcd"], "etcd needs at least one member");
  });

  checkNodePools(doc, ctx, clusterZones);
  checkWorkloads(doc, ctx, clusterZones);
  checkGlobalTraffic(doc, ctx, clusterZones);
}

function checkNodePools(doc: TopologyShape, ctx: Ctx, clusterZones: Map<string, Set<string>>) {
  unique(ctx, doc.nodePools, (p) => `${p.cluster}/${p.name}`, (i) => ["nodePools", i, "name"], "node pool names within a cluster");
  doc.nodePools.forEach((p, i) => {
    const zones = clusterZones.get(p.cluster);
    if (!zones) {
      issue(ctx, ["nodePools", i, "cluster"], `cluster "${p.cluster}" does not exist`);
      return;
    }
    p.zones.forEach((z, j) => {
      if (!zones.has(z)) issue(ctx, ["nodePools", i, "zones", j], `zone "${z}" is not one of cluster "${p.cluster}"'s zones`);
    });
    // Node names become the kubernetes.io/hostname label, so they must be DNS-1123 labels of <= 63 characters.
    const longestZone = p.zones.reduce((a, b) => (b.length > a.length ? b : a), "");
    const sample = `${p.name}-${longestZone}-${Math.max(p.nodesPerZone, 1)}`;
    const errs = dns1123LabelErrors(sample);
    if (p.nodesPerZone > 0 && errs.length > 0) {
      issue(ctx, ["nodePools", i, "name"], `node name "${sample}" (<pool>-<zone>-<n>) is not a valid node name: ${errs.join("; ")}`);
    }
    for (const key of ["kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region"]) {
      if (p.labels?.[key] !== undefined) issue(ctx, ["nodePools", i, "labels", key], `is set by topoplan from the pool's zones and node names`);
    }
  });
}

function checkWorkloads(doc: TopologyShape, ctx: Ctx, clusterZones: Map<string, Set<string>>) {
  const objects = new Set<string>();
  doc.workloads.forEach((w, i) => {
    const targets = w.clusters ?? (w.cluster !== undefined ? [w.cluster] : []);
    const m = w.manifest;
    targets.forEach((c, j) => {
      const path = w.clusters ? ["workloads", i, "clusters", j] : ["workloads", i, "cluster"];
      if (!clusterZones.has(c)) issue(ctx, path, `cluster "${c}" does not exist`);
      // kube-apiserver refuses a second object of the same kind, namespace and name.
      const key = `${c}/${m.kind}/${m.metadata.namespace ?? "default"}/${m.metadata.name}`;
      if (objects.has(key)) {
        issue(ctx, ["workloads", i, "manifest", "metadata", "name"], `${m.kind} "${m.metadata.name}" already exists in cluster "${c}" (namespace ${m.metadata.namespace ?? "default"})`);
      }
      objects.add(key);
    });
  });
}

function checkGlobalTraffic(doc: TopologyShape, ctx: Ctx, clusterZones: Map<string, Set<string>>) {
  unique(ctx, doc.globalTraffic, (g) => g.name, (i) => ["globalTraffic", i, "name"], "traffic policy names");
  const services = new Set<string>();
  for (const w of doc.workloads) {
    if (w.manifest.kind !== "Service") continue;
    for (const c of w.clusters ?? (w.cluster !== undefined ? [w.cluster] : [])) services.add(`${c}/${w.manifest.metadata.name}`);
  }
  const knownRegions = new Set(doc.regions.map((r) => r.id));
  doc.globalTraffic.forEach((g, i) => {
    g.members.forEach((m, j) => {
      if (!clusterZones.has(m.cluster)) issue(ctx, ["globalTraffic", i, "members", j, "cluster"], `cluster "${m.cluster}" does not exist`);
      else if (m.service !== undefined && !services.has(`${m.cluster}/${m.service}`)) {
        issue(ctx, ["globalTraffic", i, "members", j, "service"], `Service "${m.service}" is not a workload of cluster "${m.cluster}"`);
      }
    });
    unique(ctx, g.clients, (c) => c.name, (j) => ["globalTraffic", i, "clients", j, "name"], "client names");
    g.clients.forEach((c, j) => {
      if (c.region !== undefined && !knownRegions.has(c.region)) {
        issue(ctx, ["globalTraffic", i, "clients", j, "region"], `region "${c.region}" does not exist`);
      }
    });
    const total = g.clients.reduce((sum, c) => sum + c.share, 0);
    if (total > 1 + 1e-9) issue(ctx, ["globalTraffic", i, "clients"], `client shares sum to ${Number(total.toFixed(6))}, more than 1`);
  });
}
