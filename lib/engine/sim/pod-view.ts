/**
 * A store record as a Kubernetes Pod with a current status (phase, Ready condition with lastTransitionTime,
 * nodeName, deletionTimestamp), for the controller helpers that take Pods (getPodsToDelete) and for outputs.
 * Built on demand: the store does not keep 150,000 up-to-date status objects.
 */
import type { Pod } from "../../k8s/types";
import { formatTimeMs } from "../util/time";
import { SIM_EPOCH_MS } from "./context";
import type { ClusterState, SimPod } from "./state";

export function podView(state: ClusterState, p: SimPod): Pod {
  const nodeName = p.nodeIdx >= 0 ? state.nodes[p.nodeIdx]!.name : undefined;
  return {
    ...p.pod,
    metadata: {
      ...p.pod.metadata,
      creationTimestamp: formatTimeMs(SIM_EPOCH_MS + p.createdMs),
      ...(p.deletionMs !== null ? { deletionTimestamp: formatTimeMs(SIM_EPOCH_MS + p.deletionMs) } : {}),
    },
    spec: { ...p.pod.spec, ...(nodeName !== undefined ? { nodeName } : {}) },
    status: {
      phase: p.phase,
      conditions: [
        { type: "PodScheduled", status: p.nodeIdx >= 0 ? "True" : "False", ...(p.pendingMessage ? { reason: "Unschedulable", message: p.pendingMessage } : {}) },
        { type: "Ready", status: p.ready ? "True" : "False", lastTransitionTime: formatTimeMs(SIM_EPOCH_MS + p.readyTransitionMs) },
      ],
    },
  };
}
