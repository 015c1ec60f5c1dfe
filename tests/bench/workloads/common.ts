/** Builders shared by the benchmark workloads (deterministic; every pod of a template shares its spec). */
import type { Node, Pod, PodSpec } from "@/lib/k8s/types";
import { LABEL_HOSTNAME, LABEL_REGION, LABEL_ZONE } from "@/lib/k8s/types";

export function makeNode(name: string, zone: string, region: string, alloc = { cpu: "4", memory: "32Gi", pods: "110" }): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { [LABEL_HOSTNAME]: name, [LABEL_ZONE]: zone, [LABEL_REGION]: region } },
    spec: {},
    status: { capacity: { ...alloc }, allocatable: { ...alloc } },
  };
}

export function baseSpec(extra: Partial<PodSpec> = {}): PodSpec {
  return { containers: [{ name: "app", image: "app", resources: { requests: { cpu: "100m", memory: "500Mi" } } }], ...extra };
}

export function makePod(name: string, labels: Record<string, string>, spec: PodSpec, namespace = "default"): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec };
}

/** Deterministic shuffle (Fisher-Yates) with a tiny LCG: inputs arrive in a seed-dependent order. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const a = [...items];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
