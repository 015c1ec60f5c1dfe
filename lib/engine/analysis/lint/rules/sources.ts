/** Kubernetes references the findings cite (documentation pages and the upstream issue). */
export const SOURCES = {
  spread: { title: "Pod Topology Spread Constraints", url: "https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/" },
  issue123019: { title: "kubernetes/kubernetes#123019: pods Pending after a zone outage with DoNotSchedule", url: "https://github.com/kubernetes/kubernetes/issues/123019" },
  pdb: { title: "Specifying a Disruption Budget for your Application", url: "https://kubernetes.io/docs/tasks/run-application/configure-pdb/" },
  multiZone: { title: "Running in multiple zones", url: "https://kubernetes.io/docs/setup/best-practices/multiple-zones/" },
  replicaset: { title: "ReplicaSet", url: "https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/" },
  etcdTolerance: { title: "etcd FAQ: what is failure tolerance?", url: "https://etcd.io/docs/v3.5/faq/#what-is-failure-tolerance" },
  etcdTuning: { title: "etcd tuning: time parameters", url: "https://etcd.io/docs/v3.5/tuning/#time-parameters" },
  taintEvictions: { title: "Taint based evictions", url: "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions" },
} as const;
