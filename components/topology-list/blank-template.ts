/**
 * The "blank" topology a user starts from: the smallest document that is still a sensible HA design (one
 * region, three zones, a 3-member etcd, one node pool), so the drawing shows something to edit right away.
 */
export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "")
    .slice(0, 63);
  return s || "topology";
}

export function blankTopology(name: string) {
  const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
  return {
    apiVersion: "topoplan.dev/v1alpha1",
    kind: "Topology",
    metadata: { name: slugify(name) },
    regions: [
      {
        id: "us-east-1",
        displayName: "US East (N. Virginia)",
        provider: "aws",
        location: { latitude: 38.9, longitude: -77.4 },
        zones,
      },
    ],
    clusters: [{ name: "prod", zones, controlPlane: { etcd: { "us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1 } } }],
    nodePools: [
      {
        name: "general",
        cluster: "prod",
        zones,
        nodesPerZone: 2,
        instanceType: "m6i.xlarge",
        allocatable: { cpu: "3920m", memory: "14Gi", pods: 58 },
      },
    ],
    workloads: [],
  };
}
