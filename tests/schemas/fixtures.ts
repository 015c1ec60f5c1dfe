// A small valid topology, and a way to derive invalid ones from it, for table-driven schema tests.
import { readSamples } from "@/lib/samples";
import { parseYaml } from "@/lib/yaml/parse";

export function baseDoc(): Record<string, any> {
  return {
    apiVersion: "topoplan.dev/v1alpha1",
    kind: "Topology",
    metadata: { name: "base" },
    regions: [
      { id: "us-east-1", displayName: "N. Virginia", provider: "aws", location: { latitude: 38.9, longitude: -77.4 }, zones: ["us-east-1a", "us-east-1b", "us-east-1c"] },
      { id: "eu-west-1", displayName: "Ireland", provider: "aws", location: { latitude: 53.35, longitude: -6.26 }, zones: ["eu-west-1a"] },
    ],
    clusters: [
      { name: "prod", zones: ["us-east-1a", "us-east-1b", "us-east-1c"], controlPlane: { etcd: { "us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1 } } },
    ],
    nodePools: [
      { name: "general", cluster: "prod", zones: ["us-east-1a", "us-east-1b"], nodesPerZone: 2, instanceType: "m6i.xlarge", allocatable: { cpu: "3920m", memory: "14.5Gi", pods: 58 } },
    ],
    workloads: [
      {
        cluster: "prod",
        manifest: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web" },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: "web" } },
            template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", resources: { requests: { cpu: "500m" } } }] } },
          },
        },
      },
      { cluster: "prod", manifest: { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } } },
    ],
    globalTraffic: [
      {
        name: "web",
        hostname: "web.example.com",
        type: "gslb",
        strategy: "geo",
        members: [{ cluster: "prod", service: "web" }],
        clients: [{ name: "na", region: "us-east-1", share: 0.6 }, { name: "eu", location: { latitude: 50, longitude: 8 }, share: 0.4 }],
      },
    ],
  };
}

export function sampleDocs(): { file: string; text: string; value: unknown }[] {
  return readSamples().map((s) => {
    const p = parseYaml(s.text);
    if (!p.ok) throw new Error(`${s.file} does not parse`);
    return { ...s, value: p.source.value };
  });
}
