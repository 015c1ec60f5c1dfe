/**
 * The default SchedulerFactory for placeSnapshot: kube-scheduler's default profile from lib/engine/scheduler,
 * fed the bound pods and the (materialised) objects whose selectors PodTopologySpread's defaults use.
 */
import type { SchedulerFactory } from "./place";
import { createScheduler, defaultProfile } from "./scheduler/index";

export const defaultSchedulerFactory: SchedulerFactory = (input) => {
  const s = createScheduler(
    {
      nodes: input.snapshot.nodes,
      pods: input.boundPods,
      namespaces: input.snapshot.namespaces,
      services: input.snapshot.services,
      replicaSets: input.replicaSets,
    },
    { profile: defaultProfile({ percentageOfNodesToScore: input.percentageOfNodesToScore ?? 0 }), seed: input.seed },
  );
  return {
    schedule: (pod, key) => {
      const r = s.schedule(pod, key !== undefined ? { key } : {});
      return { nodeName: r.nodeName, message: r.message };
    },
    bind: (pod, nodeName) => s.bind(pod, nodeName),
  };
};
