/**
 * `podToEndpoint` (staging/src/k8s.io/endpointslice/utils.go): whether a pod's endpoint receives traffic.
 * serving = the pod's Ready condition is True; terminating = deletionTimestamp is set;
 * ready = publishNotReadyAddresses || (serving && !terminating). kube-proxy routes only to ready endpoints,
 * which is why traffic leaves a dead node at the grace period (MarkPodsNotReady), long before eviction.
 */
export interface EndpointConditions {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export function podToEndpoint(pod: { ready: boolean; terminating: boolean }, publishNotReadyAddresses: boolean): EndpointConditions {
  const serving = pod.ready;
  const terminating = pod.terminating;
  return { ready: publishNotReadyAddresses || (serving && !terminating), serving, terminating };
}
