/**
 * Scheduling traces of chosen pods of a cluster snapshot (`topoplan place --trace`): the snapshot is placed by
 * `placeSnapshot` with kube-scheduler's default profile, and the chosen pods' cycles run with the scheduler's
 * `trace: true`, reported in the Placement tab's trace shape (`PodTrace`, rejections grouped by
 * `groupRejections`, both from placement-trace.ts) so the CLI and the trace panel say the same thing.
 *
 * A traced cycle makes the same decision as an untraced one (tracing only records it; the app's replays rely on
 * that too), so the placement is unchanged. A pod's trace is that of its LAST cycle: the one that bound it, or,
 * for a pod left pending, its last retry after later binds, whose message is the one the placement reports.
 */
import { placeSnapshot, type PlacementResult, type PlaceOptions, type SchedulerFactory } from "../engine/place";
import { createScheduler, defaultProfile } from "../engine/scheduler/index";
import type { Pod } from "../k8s/types";
import type { ClusterSnapshot } from "../k8s/snapshot";
import { cycleTrace, type PodTrace } from "./placement-trace";

/** The trace panel's PodTrace without the cluster (a snapshot is one cluster), plus the number of cycles run. */
export type SnapshotPodTrace = Omit<PodTrace, "cluster"> & { attempts: number };

export const podKey = (p: Pod) => `${p.metadata.namespace ?? "default"}/${p.metadata.name ?? ""}`;

/** kube-scheduler's default profile (as `defaultSchedulerFactory`), tracing the cycles of the pods `want` picks. */
function tracingFactory(want: (pod: Pod) => boolean, traces: Map<string, SnapshotPodTrace>): SchedulerFactory {
  return (input) => {
    const s = createScheduler(
      { nodes: input.snapshot.nodes, pods: input.boundPods, namespaces: input.snapshot.namespaces, services: input.snapshot.services, replicaSets: input.replicaSets },
      { profile: defaultProfile({ percentageOfNodesToScore: input.percentageOfNodesToScore ?? 0 }), seed: input.seed },
    );
    return {
      schedule: (pod) => {
        const traced = want(pod);
        const r = s.schedule(pod, { trace: traced });
        if (traced && r.trace) {
          const key = podKey(pod);
          traces.set(key, { pod: key, attempts: (traces.get(key)?.attempts ?? 0) + 1, ...cycleTrace({ ...r, trace: r.trace }) });
        }
        return { nodeName: r.nodeName, message: r.message };
      },
      bind: (pod, nodeName) => s.bind(pod, nodeName),
    };
  };
}

/**
 * Places the snapshot, tracing the scheduling cycles of the pods `want` picks (by their namespace/name key:
 * the names of the pods the controllers create are known only as they are created). Returns the placement and,
 * per traced pod that had a cycle, the trace of its last one, keyed `namespace/name`.
 */
export function placeWithTraces(snapshot: ClusterSnapshot, opts: Omit<PlaceOptions, "createScheduler">, want: (key: string) => boolean): { result: PlacementResult; traces: Map<string, SnapshotPodTrace> } {
  const traces = new Map<string, SnapshotPodTrace>();
  const result = placeSnapshot(snapshot, { ...opts, createScheduler: tracingFactory((p) => want(podKey(p)), traces) });
  return { result, traces };
}
