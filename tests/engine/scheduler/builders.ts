/** Fluent test builders in the style of upstream's st.MakePod() / st.MakeNode(). */
import type { LabelSelector, Node, Pod, PodAffinityTerm, Taint, Toleration } from "@/lib/k8s/types";

export class PodBuilder {
  readonly pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers: [] } };
  name(n: string) { this.pod.metadata.name = n; return this; }
  namespace(ns: string) { this.pod.metadata.namespace = ns; return this; }
  label(k: string, v: string) { (this.pod.metadata.labels ??= {})[k] = v; return this; }
  node(n: string) { this.pod.spec.nodeName = n; return this; }
  terminating() { this.pod.metadata.deletionTimestamp = "2024-01-01T00:00:00Z"; return this; }
  priority(p: number) { this.pod.spec.priority = p; return this; }
  req(requests: Record<string, string>) {
    this.pod.spec.containers.push({ name: `c${this.pod.spec.containers.length}`, resources: { requests } });
    return this;
  }
  initReq(requests: Record<string, string>, sidecar = false) {
    (this.pod.spec.initContainers ??= []).push({ name: `i${this.pod.spec.initContainers.length}`, resources: { requests }, ...(sidecar ? { restartPolicy: "Always" } : {}) });
    return this;
  }
  overhead(o: Record<string, string>) { this.pod.spec.overhead = o; return this; }
  nodeSelector(s: Record<string, string>) { this.pod.spec.nodeSelector = s; return this; }
  nodeAffinityIn(key: string, values: string[]) {
    const a = (this.pod.spec.affinity ??= {});
    a.nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: "In", values }] }] } };
    return this;
  }
  preferredNodeIn(weight: number, key: string, values: string[]) {
    const na = ((this.pod.spec.affinity ??= {}).nodeAffinity ??= {});
    (na.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight, preference: { matchExpressions: [{ key, operator: "In", values }] } });
    return this;
  }
  toleration(t: Toleration) { (this.pod.spec.tolerations ??= []).push(t); return this; }
  spread(maxSkew: number, topologyKey: string, when: "DoNotSchedule" | "ScheduleAnyway", labelSelector: LabelSelector | null, extra: Record<string, unknown> = {}) {
    (this.pod.spec.topologySpreadConstraints ??= []).push({ maxSkew, topologyKey, whenUnsatisfiable: when, labelSelector, ...extra });
    return this;
  }
  podAffinity(kind: "podAffinity" | "podAntiAffinity", term: PodAffinityTerm) {
    const a = ((this.pod.spec.affinity ??= {})[kind] ??= {});
    (a.requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    return this;
  }
  preferredPodAffinity(kind: "podAffinity" | "podAntiAffinity", weight: number, term: PodAffinityTerm) {
    const a = ((this.pod.spec.affinity ??= {})[kind] ??= {});
    (a.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight, podAffinityTerm: term });
    return this;
  }
  hostPort(port: number) { this.pod.spec.containers.push({ name: `hp${port}`, ports: [{ containerPort: port, hostPort: port }] }); return this; }
  obj(): Pod { return this.pod; }
}

export class NodeBuilder {
  readonly node: Node = { apiVersion: "v1", kind: "Node", metadata: { name: "n", labels: {} }, spec: {}, status: { allocatable: { cpu: "4", memory: "32Gi", pods: "110" } } };
  name(n: string) { this.node.metadata.name = n; this.node.metadata.labels!["kubernetes.io/hostname"] = n; return this; }
  label(k: string, v: string) { this.node.metadata.labels![k] = v; return this; }
  zone(z: string) { return this.label("topology.kubernetes.io/zone", z); }
  alloc(a: Record<string, string>) { this.node.status = { capacity: { ...a }, allocatable: { ...a } }; return this; }
  taint(t: Taint) { (this.node.spec!.taints ??= []).push(t); return this; }
  unschedulable() { this.node.spec!.unschedulable = true; return this; }
  obj(): Node { return this.node; }
}

export const MakePod = (name = "p") => new PodBuilder().name(name);
export const MakeNode = (name = "n") => new NodeBuilder().name(name);
