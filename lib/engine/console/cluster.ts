/**
 * The console's cluster: a store loaded from a snapshot (or the default cluster), the controllers, and the
 * virtual clock. After every command the controllers get a short moment (settings.settleMs, a real control
 * plane reacts within a second or two); `advance` and `advanceUntil` move the clock through the timers.
 */
import type { ClusterSnapshot } from "../../k8s/snapshot";
import type { Node } from "../../k8s/types";
import { LABEL_HOSTNAME, LABEL_REGION, LABEL_ZONE } from "../../k8s/types";
import type { ReplicaSet, Service } from "../../k8s/types";
import { Materializer } from "../controllers/materialize";
import { getControllerOf } from "../controllers/pod-util";
import { admit, matches, reconcile } from "./controllers";
import { CONSOLE_EPOCH_MS, DEFAULT_CONSOLE_SETTINGS, keyOf, ConsoleStore, type ConsoleSettings } from "./store";

export function defaultNodes(): Node[] {
  const nodes: Node[] = [];
  ["a", "b", "c"].forEach((z, zi) => {
    for (const i of [1, 2]) {
      const name = `node-${z}${i}`;
      nodes.push({
        apiVersion: "v1", kind: "Node",
        metadata: { name, labels: { [LABEL_HOSTNAME]: name, [LABEL_ZONE]: `eu-west-1${z}`, [LABEL_REGION]: "eu-west-1", "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" } },
        spec: { podCIDR: `10.244.${zi * 2 + i - 1}.0/24` },
        status: {
          allocatable: { cpu: "4", memory: "16Gi", pods: "110" }, capacity: { cpu: "4", memory: "16Gi", pods: "110" },
          addresses: [{ type: "InternalIP", address: `172.18.0.${zi * 2 + i + 1}` }, { type: "Hostname", address: name }],
          nodeInfo: { kubeletVersion: "v1.34.1" },
          conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
        } as Node["status"],
      });
    }
  });
  return nodes;
}

export class ConsoleCluster {
  readonly store: ConsoleStore;

  constructor(snapshot?: Pick<ClusterSnapshot, "nodes" | "pods" | "deployments" | "replicaSets" | "services" | "podDisruptionBudgets">, settings: Partial<ConsoleSettings> = {}, seed = 1) {
    const s = (this.store = new ConsoleStore(snapshot && snapshot.nodes.length > 0 ? snapshot.nodes : defaultNodes(), { ...DEFAULT_CONSOLE_SETTINGS, ...settings }, seed));
    // Every cluster has the API server's own Service (it shows in `kubectl get all`).
    s.services.set("default/kubernetes", {
      apiVersion: "v1", kind: "Service",
      metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" }, creationTimestamp: s.timestamp(-86_400_000) },
      spec: { type: "ClusterIP", clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }] },
    } as Service);
    if (!snapshot) return;
    // The shared Materializer resolves what the snapshot implies (current ReplicaSets found, rebuilt from the
    // pods' ownerReferences or created; orphans adopted), as `place` and `simulate` do.
    const m = new Materializer(snapshot.pods, { seed, nowMs: CONSOLE_EPOCH_MS, matches });
    const putRs = (rs: ReplicaSet) => s.replicaSets.set(keyOf(rs), { ...rs, metadata: { ...rs.metadata, namespace: rs.metadata.namespace || "default", uid: rs.metadata.uid ?? s.uid(), creationTimestamp: rs.metadata.creationTimestamp ?? s.timestamp(-3_600_000) } });
    const claimed = new Set<string>();
    for (const raw of snapshot.deployments) {
      const out = m.syncDeployment({ ...raw, metadata: { ...raw.metadata, namespace: raw.metadata.namespace || "default", uid: raw.metadata.uid ?? s.uid(), creationTimestamp: raw.metadata.creationTimestamp ?? s.timestamp(-3_600_000) } }, snapshot.replicaSets);
      s.deployments.set(keyOf(out.deployment), out.deployment);
      for (const o of [out.current, ...out.old]) {
        claimed.add(keyOf(o.replicaSet));
        putRs(o.replicaSet);
      }
    }
    for (const rs of snapshot.replicaSets) if (!claimed.has(keyOf(rs)) && getControllerOf(rs)?.kind !== "Deployment") putRs(m.syncReplicaSet(rs).replicaSet);
    for (const p of snapshot.podDisruptionBudgets) s.pdbs.set(keyOf(p), p);
    for (const svc of snapshot.services) s.services.set(keyOf(svc), svc);
    for (const raw of m.pods()) {
      const p = admit(s, { ...raw, metadata: { ...raw.metadata, creationTimestamp: raw.metadata.creationTimestamp ?? s.timestamp(-3_600_000) } });
      const node = p.spec.nodeName ? s.nodes.get(p.spec.nodeName) : undefined;
      if (p.spec.nodeName && !node) continue;
      if (node) {
        // Pods bound in the snapshot are running and ready (unless their status says otherwise).
        const ip = p.status?.podIP ?? `${node.node.spec!.podCIDR!.split(".").slice(0, 3).join(".")}.${++node.nextHost}`;
        const since = s.timestamp(-3_600_000);
        p.status = {
          phase: "Running", podIP: ip, podIPs: [{ ip }], startTime: since, ...p.status,
          conditions: p.status?.conditions ?? [{ type: "Ready", status: "True", lastTransitionTime: since }, { type: "PodScheduled", status: "True", lastTransitionTime: since }],
          containerStatuses: p.status?.containerStatuses ?? p.spec.containers.map((c) => ({ name: c.name, image: c.image ?? "", ready: true, restartCount: 0, started: true, state: { running: { startedAt: since } } })),
        } as typeof p.status;
        s.scheduler.bind(p, p.spec.nodeName!);
      }
      s.pods.set(keyOf(p), p);
    }
    this.settle();
  }

  /** Controllers to quiescence, then the short moment of virtual time between commands. */
  settle(): void {
    reconcile(this.store);
    this.advance(this.store.settings.settleMs);
  }

  advance(ms: number): void {
    const target = this.store.nowMs + ms;
    this.advanceUntil(() => false, target);
  }

  /** Moves time through the timers until `done()` holds (checked after each step) or the deadline. */
  advanceUntil(done: () => boolean, deadlineMs: number): boolean {
    const s = this.store;
    reconcile(s);
    for (;;) {
      if (done()) return true;
      const next = s.nextTimerMs();
      if (next === null || next > deadlineMs) break;
      s.runNextTimer();
      reconcile(s);
    }
    s.nowMs = Math.max(s.nowMs, deadlineMs);
    reconcile(s);
    return done();
  }
}
