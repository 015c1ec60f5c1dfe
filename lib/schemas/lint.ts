/**
 * Warnings: documents Kubernetes would accept but that are fragile. They never block a save.
 * (HA analysis of workloads under outages belongs to lib/engine/analysis; these are configuration smells.)
 */
import { nodeCidrCapacity, parseIpv4Cidr } from "../engine/model/cidr";
import { effectiveNetwork } from "./defaults";
import { formatPath, type PathSegment } from "./issues";
import { selectorMatches } from "./selector";
import type { Topology } from "./topology";

export interface LintWarning {
  path: string;
  message: string;
  segments: PathSegment[];
}

export function lintTopology(doc: Topology): LintWarning[] {
  const out: LintWarning[] = [];
  const warn = (segments: PathSegment[], message: string) => out.push({ path: formatPath(segments), message, segments });
  const zoneRegion = new Map<string, string>();
  for (const r of doc.regions) for (const z of r.zones) zoneRegion.set(z, r.id);

  doc.clusters.forEach((c, i) => {
    lintEtcd(c.controlPlane.etcd, zoneRegion, (message) => warn(["clusters", i, "controlPlane", "etcd"], message));
    if (c.zones.length === 1) warn(["clusters", i, "zones"], `single-zone cluster: an outage of ${c.zones[0]} takes down cluster "${c.name}"`);

    const net = effectiveNetwork(c);
    const cidr = parseIpv4Cidr(net.podCIDR);
    const nodes = doc.nodePools.filter((p) => p.cluster === c.name).reduce((n, p) => n + p.nodesPerZone * p.zones.length, 0);
    const capacity = cidr ? nodeCidrCapacity(cidr, net.nodeCIDRMaskSize) : 0;
    if (cidr && nodes > capacity) {
      warn(["clusters", i, "network"], `CIDRNotAvailable: pod CIDR ${net.podCIDR} with nodeCIDRMaskSize ${net.nodeCIDRMaskSize} has room for ${capacity} nodes but cluster "${c.name}" has ${nodes}; the node IPAM leaves the others without a podCIDR`);
    }
  });

  lintDisruptionBudgets(doc, warn);
  return out;
}

function lintEtcd(etcd: Record<string, number>, zoneRegion: Map<string, string>, warn: (message: string) => void) {
  const total = Object.values(etcd).reduce((a, b) => a + b, 0);
  if (total === 0) return;
  const quorum = Math.floor(total / 2) + 1;
  if (total % 2 === 0) {
    warn(`etcd has ${total} members (quorum ${quorum}): an even member count tolerates no more failures than ${total - 1} members would`);
  }
  const byRegion = new Map<string, number>();
  for (const [zone, n] of Object.entries(etcd)) {
    if (n === 0) continue;
    const region = zoneRegion.get(zone) ?? zone;
    byRegion.set(region, (byRegion.get(region) ?? 0) + n);
    if (total - n < quorum) warn(`losing zone ${zone} (${n} of ${total} etcd members) loses etcd quorum: the control plane stops accepting writes`);
  }
  if (byRegion.size > 1) {
    warn(`etcd members across regions (${[...byRegion.keys()].join(", ")}): WAN latency between etcd members slows every write (each commit waits for a quorum round-trip); raise --heartbeat-interval and --election-timeout`);
    for (const [region, n] of byRegion) {
      if (total - n < quorum) warn(`losing region ${region} (${n} of ${total} etcd members) loses etcd quorum`);
    }
  }
}

/** A PDB that allows no disruption blocks `kubectl drain` forever (Eviction API answers 429). */
function lintDisruptionBudgets(doc: Topology, warn: (segments: PathSegment[], message: string) => void) {
  doc.workloads.forEach((w, i) => {
    const pdb = w.manifest;
    if (pdb.kind !== "PodDisruptionBudget" || !pdb.spec.selector) return;
    const selector = pdb.spec.selector;
    for (const d of doc.workloads) {
      const dep = d.manifest;
      if (dep.kind !== "Deployment") continue;
      if ((dep.metadata.namespace ?? "default") !== (pdb.metadata.namespace ?? "default")) continue;
      if (!selectorMatches(selector, dep.spec.template.metadata?.labels ?? {})) continue;
      const replicas = dep.spec.replicas ?? 1;
      const { minAvailable, maxUnavailable } = pdb.spec;
      const blocks =
        (typeof minAvailable === "number" && minAvailable >= replicas) ||
        minAvailable === "100%" ||
        maxUnavailable === 0 ||
        maxUnavailable === "0%";
      if (blocks) {
        warn(["workloads", i, "manifest", "spec"], `PodDisruptionBudget "${pdb.metadata.name}" allows no disruption of Deployment "${dep.metadata.name}" (${replicas} replicas): node drains will block`);
      }
    }
  });
}
