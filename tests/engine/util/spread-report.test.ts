import { describe, expect, it } from "vitest";
import { BoundPodIndex, constraintSkews, MAX_LISTED_DOMAINS } from "@/lib/engine/util/spread-report";
import type { Node, Pod, PodSpec } from "@/lib/k8s/types";

const node = (name: string, zone: string): Node => ({ apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone } } });
const pod = (name: string, nodeName: string): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", labels: { app: "web" } }, spec: { containers: [], nodeName } });
const spec: PodSpec = {
  containers: [],
  topologySpreadConstraints: [
    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } },
    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } },
  ],
};

describe("constraintSkews", () => {
  const nodes = Array.from({ length: 90 }, (_, i) => node(`n${String(i).padStart(2, "0")}`, `z${i % 3}`));
  const pods = [pod("a", "n00"), pod("b", "n00"), pod("c", "n01"), pod("d", "n05")];
  const [zone, host] = constraintSkews(spec, { app: "web" }, "default", nodes, new BoundPodIndex(pods));

  it("lists every zone, empty ones as 0", () => {
    expect(zone!.domains).toEqual({ z0: 2, z1: 1, z2: 1 });
    expect(zone!.skew).toBe(1);
    expect(zone!.eligibleDomains).toBe(3);
  });
  it(`lists only non-empty domains above ${MAX_LISTED_DOMAINS}, and still counts the empty ones in the skew`, () => {
    expect(host!.domains).toEqual({ n00: 2, n01: 1, n05: 1 });
    expect(host!.eligibleDomains).toBe(90);
    expect(host!.skew).toBe(2); // max 2 on n00, min 0 on the 87 nodes without a pod
  });
});
