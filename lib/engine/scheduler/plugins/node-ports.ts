/**
 * NodePorts (pkg/scheduler/framework/plugins/nodeports): a pod's hostPorts must be free on the node.
 * Conflicts as HostPortInfo.CheckConflict decides them: a 0.0.0.0 bind conflicts with the same protocol/port on
 * any hostIP; a specific hostIP conflicts with the same one or with 0.0.0.0.
 */
import type { FilterPlugin, Handle, PreFilterOutcome, PreFilterPlugin } from "../framework";
import { PREFILTER_OK, PREFILTER_SKIP } from "../framework";
import type { PodInfo } from "../pod-info";
import { newStatus, type Status } from "../status";

export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";
const REJECT = newStatus("Unschedulable", ErrReasonNodePorts);

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = "NodePorts";
  constructor(private readonly h: Handle) {}

  preFilter(pod: PodInfo): PreFilterOutcome {
    return pod.spec.hostPorts.length === 0 ? PREFILTER_SKIP : PREFILTER_OK;
  }

  filter(pod: PodInfo, node: number): Status | null {
    const used = this.h.state.usedHostPorts[node];
    if (!used) return null;
    for (const p of pod.spec.hostPorts) {
      const bar = p.indexOf("|");
      const pp = p.slice(bar);
      if (p.startsWith("0.0.0.0|")) {
        if ((used.get(`*${pp}`) ?? 0) > 0) return REJECT;
      } else if ((used.get(p) ?? 0) > 0 || (used.get(`0.0.0.0${pp}`) ?? 0) > 0) return REJECT;
    }
    return null;
  }
}
