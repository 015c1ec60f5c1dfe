/** NodeName (pkg/scheduler/framework/plugins/nodename): a pod that names a node fits only that node. */
import type { FilterPlugin, Handle, RejectSink } from "../framework";
import type { PodInfo } from "../pod-info";
import { newStatus, type Status } from "../status";

export const ErrReasonNodeName = "node(s) didn't match the requested node name";
const REJECT = newStatus("UnschedulableAndUnresolvable", ErrReasonNodeName);

export class NodeName implements FilterPlugin {
  readonly name = "NodeName";
  constructor(private readonly h: Handle) {}

  filter(pod: PodInfo, node: number): Status | null {
    const want = pod.pod.spec.nodeName;
    return !want || want === this.h.state.names[node] ? null : REJECT;
  }

  filterMany(pod: PodInfo, nodes: Int32Array, n: number, sink: RejectSink): number {
    const want = pod.pod.spec.nodeName;
    if (!want) return n;
    let k = 0;
    for (let j = 0; j < n; j++) {
      const i = nodes[j]!;
      if (this.h.state.names[i] === want) nodes[k++] = i;
      else sink.reject(i, REJECT);
    }
    return k;
  }
}
