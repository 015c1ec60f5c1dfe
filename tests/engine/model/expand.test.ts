import { describe, expect, it } from "vitest";
import { expandTopology, admitPod } from "@/lib/engine/model/expand";
import { nodeCidrAt, nodeCidrCapacity, parseIpv4Cidr } from "@/lib/engine/model/cidr";
import { topologySchema } from "@/lib/schemas/topology";
import { baseDoc, sampleDocs } from "../../schemas/fixtures";

const sample = (prefix: string) => topologySchema.parse(sampleDocs().find((s) => s.file.startsWith(prefix))!.value);

describe("cidr", () => {
  it("carves node subnets in order", () => {
    const c = parseIpv4Cidr("10.244.0.0/16")!;
    expect(nodeCidrCapacity(c, 24)).toBe(256);
    expect([nodeCidrAt(c, 24, 0), nodeCidrAt(c, 24, 1), nodeCidrAt(c, 24, 255), nodeCidrAt(c, 24, 256)]).toEqual([
      "10.244.0.0/24",
      "10.244.1.0/24",
      "10.244.255.0/24",
      null,
    ]);
  });
  it("masks host bits like net.ParseCIDR and refuses nonsense", () => {
    expect(parseIpv4Cidr("10.244.3.7/16")).toEqual({ base: parseIpv4Cidr("10.244.0.0/16")!.base, prefix: 16 });
    expect(parseIpv4Cidr("10.256.0.0/16")).toBeNull();
    expect(parseIpv4Cidr("fd00::/8")).toBeNull();
    expect(nodeCidrAt(parseIpv4Cidr("192.168.0.0/24")!, 26, 3)).toBe("192.168.0.192/26");
  });
});

describe("expandTopology", () => {
  it("one expanded cluster per cluster, with regions and settings", () => {
    const out = expandTopology(sample("multi-cluster"));
    expect(out.map((c) => [c.name, c.regions])).toEqual([["use1", ["us-east-1"]], ["euw1", ["eu-west-1"]], ["apne2", ["ap-northeast-2"]]]);
    expect(out[0]!.settings.nodeMonitorGracePeriodMs).toBe(50_000);
    expect(expandTopology(sample("stretched"))[0]!.regions).toEqual(["ap-northeast-2", "ap-northeast-1"]);
  });

  it("nodes are named <pool>-<zone>-<n> with the well-known labels, in a stable order", () => {
    const [c] = expandTopology(sample("multi-az"));
    const nodes = c!.snapshot.nodes;
    expect(nodes).toHaveLength(3 + 9 + 3);
    expect(nodes.slice(0, 4).map((n) => n.metadata.name)).toEqual(["system-us-east-1a-1", "system-us-east-1b-1", "system-us-east-1c-1", "general-us-east-1a-1"]);
    const general = nodes.find((n) => n.metadata.name === "general-us-east-1b-2")!;
    expect(general.metadata.labels).toMatchObject({
      "kubernetes.io/hostname": "general-us-east-1b-2",
      "topology.kubernetes.io/zone": "us-east-1b",
      "topology.kubernetes.io/region": "us-east-1",
      "node.kubernetes.io/instance-type": "m6i.xlarge",
      "kubernetes.io/os": "linux",
      "topoplan.dev/node-pool": "general",
      "node-role": "general",
    });
    expect(general.status?.allocatable).toEqual({ cpu: "3920m", memory: "14.5Gi", pods: 58, "ephemeral-storage": "76Gi" });
    expect(general.status?.capacity).toEqual(general.status?.allocatable);
    expect(general.status?.conditions).toEqual([expect.objectContaining({ type: "Ready", status: "True" })]);
    const memory = nodes.find((n) => n.metadata.name === "memory-us-east-1a-1")!;
    expect(memory.spec?.taints).toEqual([{ key: "dedicated", value: "memory", effect: "NoSchedule" }]);
  });

  it("podCIDRs are carved from the cluster CIDR in node order; none once exhausted", () => {
    const d = baseDoc();
    d.clusters[0].network = { podCIDR: "10.8.0.0/24", nodeCIDRMaskSize: 26 };
    d.nodePools[0].nodesPerZone = 3; // 6 nodes, 4 subnets
    const [c] = expandTopology(topologySchema.parse(d));
    expect(c!.snapshot.nodes.map((n) => n.spec?.podCIDR ?? null)).toEqual(["10.8.0.0/26", "10.8.0.64/26", "10.8.0.128/26", "10.8.0.192/26", null, null]);
    expect(c!.snapshot.nodes[1]!.spec?.podCIDRs).toEqual(["10.8.0.64/26"]);
  });

  it("Deployments get the apps/v1 defaults; Services theirs; namespaces are listed", () => {
    const [c] = expandTopology(sample("multi-az"));
    const s = c!.snapshot;
    expect(s.deployments.map((d) => d.metadata.name)).toEqual(["web", "api", "checkout", "cron-runner", "session-cache"]);
    const checkout = s.deployments.find((d) => d.metadata.name === "checkout")!;
    expect(checkout.metadata.namespace).toBe("shop");
    expect(checkout.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } });
    expect(checkout.spec.revisionHistoryLimit).toBe(10);
    expect(checkout.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const web = s.services.find((x) => x.metadata.name === "web")!;
    expect(web.spec.type).toBe("ClusterIP");
    expect(web.spec.ports).toEqual([{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }]);
    expect(s.podDisruptionBudgets.map((p) => p.metadata.name)).toEqual(["web", "checkout"]);
    expect(s.namespaces.map((n) => n.metadata.name)).toEqual(["shop"]);
    expect(s.pods).toEqual([]);
  });

  it("startup time comes from the annotation or the cluster's podStartup", () => {
    const [c] = expandTopology(sample("multi-az"));
    expect(c!.startupMs["Deployment/shop/checkout"]).toBe(45_000);
    expect(c!.startupMs["Deployment/shop/cron-runner"]).toBe(10_000);
  });

  it("a workload listed for several clusters is created in each, with distinct uids", () => {
    const out = expandTopology(sample("multi-cluster"));
    const uids = out.map((c) => c.snapshot.deployments.find((d) => d.metadata.name === "storefront")!.metadata.uid);
    expect(new Set(uids).size).toBe(3);
  });

  it("is deterministic and does not alias the topology", () => {
    const t = sample("multi-az");
    const a = expandTopology(t);
    expect(JSON.stringify(expandTopology(t))).toBe(JSON.stringify(a));
    a[0]!.snapshot.deployments[0]!.spec.template.metadata!.labels!.app = "changed";
    expect((t.workloads[0]!.manifest as any).spec.template.metadata.labels.app).toBe("web");
  });

  it("bare pods are admitted: requests default to limits, default tolerations with the cluster's seconds", () => {
    const d = baseDoc();
    d.clusters[0].settings = { defaultTolerationSeconds: 120 };
    d.workloads.push({ cluster: "prod", manifest: { apiVersion: "v1", kind: "Pod", metadata: { name: "debug" }, spec: { containers: [{ name: "c", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "200m" } } }] } } });
    const [c] = expandTopology(topologySchema.parse(d));
    const pod = c!.snapshot.pods[0]!;
    expect(pod.spec.containers[0]!.resources?.requests).toEqual({ cpu: "200m", memory: "1Gi" });
    expect(pod.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 120 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 120 },
    ]);
    expect([pod.spec.schedulerName, pod.spec.restartPolicy, pod.spec.priority, pod.status?.phase]).toEqual(["default-scheduler", "Always", 0, "Pending"]);
  });

  it("admitPod keeps a toleration that already covers the taint", () => {
    const pod = admitPod({ metadata: { name: "p" }, spec: { containers: [{ name: "c" }], tolerations: [{ operator: "Exists" }] } }, { defaultTolerationSeconds: 300 });
    expect(pod.spec.tolerations).toEqual([{ operator: "Exists" }]);
  });
});
