/**
 * The kubelets of all nodes, as the control plane sees them:
 * - a pod bound to a live node is Pulling at once and Started + Ready after its startup time (phase Running,
 *   Ready=True with lastTransitionTime); it becomes available minReadySeconds later;
 * - a pod on a failed node never starts (the pending start is cancelled);
 * - a terminating pod on a live node is gone after its termination grace period (the kubelet records
 *   `Killing` "Stopping container C" when it sees the deletion); on a dead node it stays Terminating until the
 *   kubelet comes back (nobody can confirm the containers stopped);
 * - when a node recovers, its pods that were marked NotReady are started again (the machine came back), and
 *   nothing is moved back from other nodes (Kubernetes never rebalances).
 */
import type { SimApi } from "../../sim/api";
import type { SimContext } from "../../sim/context";
import { SimPriority } from "../../sim/queue";
import type { SimNode, SimPod } from "../../sim/state";

export class Kubelets {
  constructor(private readonly ctx: SimContext, private readonly api: SimApi) {
    api.listen({
      podBound: (p) => this.startPod(p, true),
      podTerminating: (p) => {
        this.killing(p);
        this.scheduleRemoval(p);
      },
    });
  }

  /** A bound pod that has not started yet at t = 0 (snapshot said Pending). */
  start(p: SimPod): void {
    this.startPod(p, true);
  }

  private node(p: SimPod): SimNode | undefined {
    return p.nodeIdx >= 0 ? this.ctx.state.nodes[p.nodeIdx] : undefined;
  }

  private startPod(p: SimPod, pulling: boolean): void {
    const node = this.node(p);
    if (!node || !node.kubeletUp || p.removed || p.deletionMs !== null) return;
    const { clock, queue, log } = this.ctx;
    const now = clock.nowMs;
    const token = ++p.startToken;
    const image = p.pod.spec.containers[0]?.image ?? "";
    if (pulling && log.enabled) log.record(now, "Normal", "Pulling", `pod/${p.name}`, `Pulling image "${image}"`, p.namespace);
    queue.push(now + p.startupMs, SimPriority.kubelet, () => {
      if (p.startToken !== token || p.removed || p.deletionMs !== null || !node.kubeletUp) return;
      const at = clock.nowMs;
      const container = p.pod.spec.containers[0]?.name ?? "";
      if (log.enabled) log.record(at, "Normal", "Started", `pod/${p.name}`, `Started container ${container}`, p.namespace);
      const minReadyMs = this.minReadyMs(p);
      this.ctx.state.mutatePod(p, (x) => {
        x.phase = "Running";
        x.ready = true;
        x.readyTransitionMs = at;
        x.available = minReadyMs === 0;
      });
      if (minReadyMs > 0) {
        queue.push(at + minReadyMs, SimPriority.kubelet, () => {
          if (p.startToken !== token || !p.ready || p.readyTransitionMs !== at) return;
          this.ctx.state.mutatePod(p, (x) => (x.available = true));
        });
      }
    });
  }

  private minReadyMs(p: SimPod): number {
    if (p.rsIdx < 0) return 0;
    return this.ctx.state.replicaSets[p.rsIdx]!.minReadySeconds * 1000;
  }

  /** A live kubelet sees the deletionTimestamp and stops the containers: `Killing` "Stopping container C". */
  private killing(p: SimPod): void {
    const node = this.node(p);
    if (!node || !node.kubeletUp) return;
    const container = p.pod.spec.containers[0]?.name ?? "";
    if (this.ctx.log.enabled) this.ctx.log.record(this.ctx.clock.nowMs, "Normal", "Killing", `pod/${p.name}`, `Stopping container ${container}`, p.namespace);
  }

  private scheduleRemoval(p: SimPod): void {
    const node = this.node(p);
    if (!node || !node.kubeletUp) return;
    p.startToken++;
    const grace = (p.pod.spec.terminationGracePeriodSeconds ?? this.ctx.settings.terminationGracePeriodMs / 1000) * 1000;
    const at = Math.max(this.ctx.clock.nowMs, (p.deletionMs ?? 0) + grace);
    this.ctx.queue.push(at, SimPriority.kubelet, () => {
      if (!p.removed && node.kubeletUp && p.nodeIdx === node.idx) this.api.removePod(p);
    });
  }

  /** The node failed: nothing on it starts any more. */
  nodeFailed(node: SimNode): void {
    for (const podIdx of node.pods) this.ctx.state.pods[podIdx]!.startToken++;
  }

  /** The node is back: finish terminations, restart pods that were marked NotReady. */
  nodeRecovered(node: SimNode): void {
    for (const podIdx of node.pods.slice().sort((a, b) => a - b)) {
      const p = this.ctx.state.pods[podIdx]!;
      if (p.deletionMs !== null) this.scheduleRemoval(p);
      else if (!p.ready) this.startPod(p, false);
    }
  }
}
