/** NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): cordoned nodes reject pods that do
 *  not tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint. */
import { tolerationsTolerateTaint } from "../../../k8s/tolerations";
import { TAINT_UNSCHEDULABLE } from "../../../k8s/types";
import type { FilterPlugin, Handle, RejectSink } from "../framework";
import type { PodInfo } from "../pod-info";
import { newStatus, type Status } from "../status";

export const ErrReasonUnschedulable = "node(s) were unschedulable";
const REJECT = newStatus("UnschedulableAndUnresolvable", ErrReasonUnschedulable);

export class NodeUnschedulable implements FilterPlugin {
  readonly name = "NodeUnschedulable";
  constructor(private readonly h: Handle) {}

  /** Public for the fused fast path (fast-cycle.ts). */
  tolerates(pod: PodInfo): boolean {
    return tolerationsTolerateTaint(pod.spec.tolerations, { key: TAINT_UNSCHEDULABLE, effect: "NoSchedule" });
  }

  filter(pod: PodInfo, node: number): Status | null {
    if (this.h.state.unschedulable[node] === 0) return null;
    return this.tolerates(pod) ? null : REJECT;
  }

  filterMany(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number {
    const st = this.h.state;
    if (st.unschedulableNodes === 0 || this.tolerates(pod)) return n;
    let k = 0;
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      if (st.unschedulable[i] === 0) nodes[k++] = i;
      else sink.reject(i, REJECT);
    }
    return k;
  }
}
