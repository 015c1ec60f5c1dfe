/** Test helpers: drive a console and read pods back as kubectl shows them. */
import { KubectlConsole } from "../../lib/engine/console";
import type { ClusterSnapshot } from "../../lib/k8s/snapshot";
import type { Node } from "../../lib/k8s/types";

export function newConsole(): { run: (line: string) => string[]; con: KubectlConsole } {
  const con = new KubectlConsole();
  return { con, run: (line: string) => con.feed(line) };
}

export interface PodRow {
  name: string;
  ready: string;
  status: string;
  node: string;
  labels: string;
}

/** `kubectl get pods -o wide --show-labels`, parsed. */
export function pods(run: (l: string) => string[], extra = ""): PodRow[] {
  const lines = run(`kubectl get pods -o wide --show-labels ${extra}`);
  if (lines[0]?.startsWith("No resources")) return [];
  return lines.slice(1).map((l) => {
    const c = l.split(/\s{2,}/);
    return { name: c[0]!, ready: c[1]!, status: c[2]!, node: c[6]!, labels: c[c.length - 1]! };
  });
}

/** A node as a snapshot gives it: zone and region labels, 4 CPU, Ready. */
export function makeNode(name: string, zone: string, region = "r"): Node {
  return {
    apiVersion: "v1", kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone, "topology.kubernetes.io/region": region } },
    status: { allocatable: { cpu: "4", memory: "16Gi", pods: "110" }, capacity: { cpu: "4", memory: "16Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] } as Node["status"],
  };
}

/** A console on these nodes (and pods), nothing else. */
export function consoleOn(nodes: Node[], objects: Pick<Partial<ClusterSnapshot>, "pods" | "deployments"> = {}): { run: (line: string) => string[]; con: KubectlConsole } {
  const con = new KubectlConsole({ nodes, pods: objects.pods ?? [], deployments: objects.deployments ?? [], replicaSets: [], services: [], podDisruptionBudgets: [], namespaces: [], warnings: [] });
  return { con, run: (line: string) => con.feed(line) };
}

/** `kubectl apply -f -` with a YAML text; returns apply's output. */
export function applyYaml(run: (l: string) => string[], yaml: string): string[] {
  run("kubectl apply -f -");
  for (const l of yaml.split("\n")) run(l);
  return run("---EOF");
}

export interface RsRow {
  name: string;
  desired: number;
  current: number;
  ready: number;
}

/** `kubectl get rs`, parsed. */
export function replicaSets(run: (l: string) => string[]): RsRow[] {
  const lines = run("kubectl get rs");
  if (lines[0]?.startsWith("No resources")) return [];
  return lines.slice(1).map((l) => {
    const [name, desired, current, ready] = l.split(/\s+/);
    return { name: name!, desired: Number(desired), current: Number(current), ready: Number(ready) };
  });
}

/** Seconds of virtual time (`sim time`). */
export function nowSeconds(run: (l: string) => string[]): number {
  const m = run("sim time")[0]!.match(/t=(?:(\d+)h)?(?:(\d+)m)?(?:([\d.]+)s)?$/)!;
  return (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0);
}
