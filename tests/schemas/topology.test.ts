import { describe, expect, it } from "vitest";
import { formatPath } from "@/lib/schemas/issues";
import { effectiveClusterSettings, effectiveHealthCheck, effectiveNetwork } from "@/lib/schemas/topology";
import { validateTopology } from "@/lib/schemas/validate";
import { baseDoc, sampleDocs } from "./fixtures";

function issuesOf(doc: unknown) {
  const r = validateTopology(doc);
  return r.ok ? [] : r.issues.map((i) => ({ path: formatPath(i.segments), message: i.message }));
}

describe("valid documents", () => {
  it("the base fixture is valid", () => {
    expect(issuesOf(baseDoc())).toEqual([]);
  });
  it.each(sampleDocs().map((s) => [s.file, s.value] as const))("sample %s is valid", (_file, value) => {
    const r = validateTopology(value);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
  it("keeps unknown fields of pasted Kubernetes manifests (probes, env)", () => {
    const doc = baseDoc();
    doc.workloads[0].manifest.spec.template.spec.containers[0].livenessProbe = { httpGet: { path: "/", port: 80 } };
    doc.workloads[0].manifest.status = { replicas: 3 };
    const r = validateTopology(doc);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.topology.workloads[0]!.manifest as any).spec.template.spec.containers[0].livenessProbe).toBeDefined();
  });
  it("lists default to empty", () => {
    const doc = baseDoc();
    delete doc.nodePools;
    delete doc.workloads;
    delete doc.globalTraffic;
    const r = validateTopology(doc);
    expect(r.ok && r.topology.workloads).toEqual([]);
  });
});

type Case = [name: string, mutate: (d: Record<string, any>) => void, path: string, message?: RegExp];

const cases: Case[] = [
  ["wrong apiVersion", (d) => (d.apiVersion = "topoplan.dev/v2"), "apiVersion"],
  ["wrong kind", (d) => (d.kind = "Cluster"), "kind"],
  ["unknown top-level key (typo)", (d) => (d.nodepools = []), "nodepools", /Unrecognized key/],
  ["typo in a pool field", (d) => (d.nodePools[0].nodesPerZon = 3), "nodePools[0].nodesPerZon", /Unrecognized key/],
  ["metadata.name not a DNS subdomain", (d) => (d.metadata.name = "Base_Topology"), "metadata.name", /RFC 1123 subdomain/],
  ["duplicate region id", (d) => (d.regions[1].id = "us-east-1"), "regions[1].id", /Duplicate value/],
  ["zone in two regions", (d) => (d.regions[1].zones = ["us-east-1a"]), "regions[1].zones[0]", /unique across regions/],
  ["latitude out of range", (d) => (d.regions[0].location.latitude = 91), "regions[0].location.latitude"],
  ["longitude out of range", (d) => (d.regions[0].location.longitude = -181), "regions[0].location.longitude"],
  ["unknown provider", (d) => (d.regions[0].provider = "ibm"), "regions[0].provider"],
  ["cluster zone that does not exist", (d) => (d.clusters[0].zones[2] = "us-east-1z"), "clusters[0].zones[2]", /not a zone of any region/],
  ["duplicate cluster name", (d) => d.clusters.push({ ...d.clusters[0] }), "clusters[1].name", /Duplicate value/],
  ["cluster name not a DNS label", (d) => (d.clusters[0].name = "Prod"), "clusters[0].name"],
  ["etcd in a zone outside the cluster", (d) => (d.clusters[0].controlPlane.etcd["eu-west-1a"] = 1), "clusters[0].controlPlane.etcd.eu-west-1a"],
  ["etcd without members", (d) => (d.clusters[0].controlPlane.etcd = { "us-east-1a": 0 }), "clusters[0].controlPlane.etcd", /at least one member/],
  ["bad Go duration", (d) => (d.clusters[0].settings = { nodeMonitorGracePeriod: "50 seconds" }), "clusters[0].settings.nodeMonitorGracePeriod", /invalid duration/],
  ["unhealthyZoneThreshold above 1", (d) => (d.clusters[0].settings = { unhealthyZoneThreshold: 1.5 }), "clusters[0].settings.unhealthyZoneThreshold"],
  ["invalid podCIDR", (d) => (d.clusters[0].network = { podCIDR: "10.244.0.0/33" }), "clusters[0].network.podCIDR", /invalid CIDR/],
  ["mask smaller than the cluster prefix", (d) => (d.clusters[0].network = { podCIDR: "10.0.0.0/16", nodeCIDRMaskSize: 12 }), "clusters[0].network.nodeCIDRMaskSize"],
  ["pool in an unknown cluster", (d) => (d.nodePools[0].cluster = "staging"), "nodePools[0].cluster", /does not exist/],
  ["pool zone outside its cluster", (d) => (d.nodePools[0].zones[1] = "eu-west-1a"), "nodePools[0].zones[1]", /not one of cluster/],
  ["nodesPerZone above 10000", (d) => (d.nodePools[0].nodesPerZone = 10001), "nodePools[0].nodesPerZone"],
  ["negative nodesPerZone", (d) => (d.nodePools[0].nodesPerZone = -1), "nodePools[0].nodesPerZone"],
  ["bad quantity", (d) => (d.nodePools[0].allocatable.memory = "14.5GB"), "nodePools[0].allocatable.memory", /quantities must match/],
  ["allocatable without pods", (d) => delete d.nodePools[0].allocatable.pods, "nodePools[0].allocatable.pods", /Required/],
  ["extended resource name invalid", (d) => (d.nodePools[0].allocatable["nvidia.com/gpu/x"] = 1), 'nodePools[0].allocatable["nvidia.com/gpu/x"]'],
  ["label key invalid", (d) => (d.nodePools[0].labels = { "-bad": "x" }), 'nodePools[0].labels["-bad"]', /key:/],
  ["label value too long", (d) => (d.nodePools[0].labels = { tier: "x".repeat(64) }), "nodePools[0].labels.tier", /63 characters/],
  ["pool sets the zone label", (d) => (d.nodePools[0].labels = { "topology.kubernetes.io/zone": "x" }), 'nodePools[0].labels["topology.kubernetes.io/zone"]'],
  ["taint effect unknown", (d) => (d.nodePools[0].taints = [{ key: "dedicated", value: "x", effect: "NoRun" }]), "nodePools[0].taints[0].effect"],
  ["node names too long", (d) => (d.nodePools[0].name = "a-very-long-node-pool-name-for-general-purpose-work"), "nodePools[0].name", /not a valid node name/],
  ["duplicate pool in a cluster", (d) => d.nodePools.push({ ...d.nodePools[0] }), "nodePools[1].name", /Duplicate/],
  ["workload in an unknown cluster", (d) => (d.workloads[0].cluster = "staging"), "workloads[0].cluster", /does not exist/],
  ["workload with cluster and clusters", (d) => (d.workloads[0].clusters = ["prod"]), "workloads[0].cluster", /exactly one/],
  ["workload in unknown cluster of a list", (d) => { delete d.workloads[0].cluster; d.workloads[0].clusters = ["prod", "dr"]; }, "workloads[0].clusters[1]"],
  ["unsupported kind", (d) => (d.workloads[0].manifest.kind = "StatefulSet"), "workloads[0].manifest.kind"],
  ["apiVersion of another kind", (d) => (d.workloads[0].manifest.apiVersion = "v1"), "workloads[0].manifest.apiVersion"],
  ["Deployment name invalid", (d) => (d.workloads[0].manifest.metadata.name = "Web"), "workloads[0].manifest.metadata.name", /RFC 1123 subdomain/],
  ["Service name must be DNS-1035", (d) => (d.workloads[1].manifest.metadata.name = "1web"), "workloads[1].manifest.metadata.name", /DNS-1035/],
  ["selector does not match template labels", (d) => (d.workloads[0].manifest.spec.template.metadata.labels = { app: "api" }), "workloads[0].manifest.spec.template.metadata.labels", /`selector` does not match template `labels`/],
  ["matchExpressions NotIn excludes the template", (d) => (d.workloads[0].manifest.spec.selector = { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] }), "workloads[0].manifest.spec.template.metadata.labels"],
  ["empty selector", (d) => (d.workloads[0].manifest.spec.selector = {}), "workloads[0].manifest.spec.selector", /empty selector/],
  ["In without values", (d) => (d.workloads[0].manifest.spec.selector = { matchExpressions: [{ key: "app", operator: "In" }] }), "workloads[0].manifest.spec.selector.matchExpressions[0].values"],
  ["replicas above 100000", (d) => (d.workloads[0].manifest.spec.replicas = 100001), "workloads[0].manifest.spec.replicas"],
  ["replicas as a string", (d) => (d.workloads[0].manifest.spec.replicas = "3"), "workloads[0].manifest.spec.replicas"],
  ["no containers", (d) => (d.workloads[0].manifest.spec.template.spec.containers = []), "workloads[0].manifest.spec.template.spec.containers"],
  ["request quantity invalid", (d) => (d.workloads[0].manifest.spec.template.spec.containers[0].resources.requests.cpu = "half"), "workloads[0].manifest.spec.template.spec.containers[0].resources.requests.cpu"],
  ["duplicate container names", (d) => d.workloads[0].manifest.spec.template.spec.containers.push({ name: "web" }), "workloads[0].manifest.spec.template.spec.containers[1].name", /Duplicate/],
  ["maxSkew 0", (d) => (d.workloads[0].manifest.spec.template.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" }]), "workloads[0].manifest.spec.template.spec.topologySpreadConstraints[0].maxSkew"],
  ["whenUnsatisfiable unknown", (d) => (d.workloads[0].manifest.spec.template.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "Never" }]), "workloads[0].manifest.spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable"],
  ["minDomains with ScheduleAnyway", (d) => (d.workloads[0].manifest.spec.template.spec.topologySpreadConstraints = [{ maxSkew: 1, minDomains: 3, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }]), "workloads[0].manifest.spec.template.spec.topologySpreadConstraints[0].minDomains"],
  ["toleration seconds without NoExecute", (d) => (d.workloads[0].manifest.spec.template.spec.tolerations = [{ key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 30 }]), "workloads[0].manifest.spec.template.spec.tolerations[0].effect"],
  ["toleration with empty key and Equal", (d) => (d.workloads[0].manifest.spec.template.spec.tolerations = [{ operator: "Equal", value: "x" }]), "workloads[0].manifest.spec.template.spec.tolerations[0].operator"],
  ["anti-affinity without topologyKey", (d) => (d.workloads[0].manifest.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } } }] } }), "workloads[0].manifest.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey"],
  ["preferred weight 0", (d) => (d.workloads[0].manifest.spec.template.spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }] } }), "workloads[0].manifest.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight"],
  ["Recreate with rollingUpdate", (d) => (d.workloads[0].manifest.spec.strategy = { type: "Recreate", rollingUpdate: { maxSurge: 1 } }), "workloads[0].manifest.spec.strategy.rollingUpdate"],
  ["maxSurge and maxUnavailable both 0", (d) => (d.workloads[0].manifest.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } }), "workloads[0].manifest.spec.strategy.rollingUpdate.maxUnavailable"],
  ["bad startup-time annotation", (d) => (d.workloads[0].manifest.metadata.annotations = { "topoplan.dev/startup-time": "ten seconds" }), 'workloads[0].manifest.metadata.annotations["topoplan.dev/startup-time"]'],
  ["duplicate object in a cluster", (d) => d.workloads.push(structuredClone(d.workloads[0])), "workloads[2].manifest.metadata.name", /already exists/],
  ["PDB with both minAvailable and maxUnavailable", (d) => d.workloads.push({ cluster: "prod", manifest: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { minAvailable: 1, maxUnavailable: 1 } } }), "workloads[2].manifest.spec", /cannot be both set/],
  ["PDB percent malformed", (d) => d.workloads.push({ cluster: "prod", manifest: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { minAvailable: "50 %" } } }), "workloads[2].manifest.spec.minAvailable"],
  ["Service port out of range", (d) => (d.workloads[1].manifest.spec.ports[0].port = 70000), "workloads[1].manifest.spec.ports[0].port"],
  ["traffic member in an unknown cluster", (d) => (d.globalTraffic[0].members[0].cluster = "dr"), "globalTraffic[0].members[0].cluster"],
  ["traffic member service missing", (d) => (d.globalTraffic[0].members[0].service = "api"), "globalTraffic[0].members[0].service", /not a workload/],
  ["traffic type unknown", (d) => (d.globalTraffic[0].type = "anycast"), "globalTraffic[0].type"],
  ["client shares above 1", (d) => (d.globalTraffic[0].clients[1].share = 0.5), "globalTraffic[0].clients", /more than 1/],
  ["client with region and location", (d) => (d.globalTraffic[0].clients[0].location = { latitude: 1, longitude: 1 }), "globalTraffic[0].clients[0].region", /exactly one/],
  ["client region unknown", (d) => (d.globalTraffic[0].clients[0].region = "mars-1"), "globalTraffic[0].clients[0].region", /does not exist/],
  ["failureThreshold 0", (d) => (d.globalTraffic[0].healthCheck = { failureThreshold: 0 }), "globalTraffic[0].healthCheck.failureThreshold"],
  ["dnsTtl not a duration", (d) => (d.globalTraffic[0].dnsTtl = 30), "globalTraffic[0].dnsTtl"],
];

describe("invalid documents report the offending path", () => {
  it.each(cases)("%s", (_name, mutate, path, message) => {
    const doc = baseDoc();
    mutate(doc);
    const issues = issuesOf(doc);
    const at = issues.filter((i) => i.path === path);
    expect(at, `issues: ${JSON.stringify(issues)}`).not.toEqual([]);
    if (message) expect(at.map((i) => i.message).join("\n")).toMatch(message);
  });

  it("reports every structural issue at once", () => {
    const doc = baseDoc();
    doc.regions[0].location.latitude = 100;
    doc.nodePools[0].nodesPerZone = -1;
    doc.workloads[0].manifest.spec.replicas = -1;
    expect(issuesOf(doc).map((i) => i.path).sort()).toEqual(
      ["nodePools[0].nodesPerZone", "regions[0].location.latitude", "workloads[0].manifest.spec.replicas"].sort(),
    );
  });

  it("a non-object document is one issue at the root", () => {
    expect(issuesOf("hello")).toEqual([expect.objectContaining({ path: "" })]);
  });
});

describe("effective settings", () => {
  it("uses Kubernetes' defaults", () => {
    expect(effectiveClusterSettings({})).toEqual({
      nodeMonitorGracePeriodMs: 50_000,
      nodeMonitorPeriodMs: 5_000,
      nodeStartupGracePeriodMs: 60_000,
      defaultTolerationSeconds: 300,
      nodeEvictionRate: 0.1,
      secondaryNodeEvictionRate: 0.01,
      unhealthyZoneThreshold: 0.55,
      largeClusterSizeThreshold: 50,
      podStartupMs: 10_000,
    });
  });
  it("applies overrides", () => {
    const s = effectiveClusterSettings({ settings: { nodeMonitorGracePeriod: "40s", podStartup: "1m30s", nodeEvictionRate: 0.5 } });
    expect([s.nodeMonitorGracePeriodMs, s.podStartupMs, s.nodeEvictionRate]).toEqual([40_000, 90_000, 0.5]);
  });
  it("network and health check defaults", () => {
    expect(effectiveNetwork({})).toEqual({ podCIDR: "10.244.0.0/16", nodeCIDRMaskSize: 24 });
    expect(effectiveHealthCheck({})).toEqual({ intervalMs: 30_000, failureThreshold: 3, timeoutMs: 10_000, dnsTtlMs: 30_000 });
  });
});
