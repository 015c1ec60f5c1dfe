/**
 * Plain words for kube-scheduler's FailedScheduling messages after an outage: which filter is the real cause,
 * and the Kubernetes behaviour behind it. Knowing the Deployment's spread constraints lets us name the
 * #123019 trap (the failed zone still counts as a spread domain with 0 pods) instead of "skew".
 */
import { max, sum } from "d3";

export interface SpreadFacts {
  whenUnsatisfiable?: string;
  nodeTaintsPolicy?: string | null;
  topologyKey?: string;
}

export function explainPending(reason: string, spreads: readonly SpreadFacts[] = []): string {
  if (/pod topology spread constraints/.test(reason)) {
    const trap = spreads.find((s) => s.whenUnsatisfiable === "DoNotSchedule" && (s.nodeTaintsPolicy ?? "Ignore") === "Ignore");
    if (trap) {
      const domain = trap.topologyKey?.endsWith("/region") ? "region" : "zone";
      return `Pending: the failed ${domain} still counts as a spread domain with 0 pods (nodeTaintsPolicy: Ignore), so a pod anywhere else would exceed maxSkew. Set nodeTaintsPolicy: Honor (kubernetes/kubernetes#123019).`;
    }
    return "Pending: placing the pod on a surviving node would exceed the spread constraint's maxSkew.";
  }
  const res = /Insufficient (cpu|memory|pods)/.exec(reason);
  if (res) return `Pending: no surviving node has enough free ${res[1]} for the pod's requests. Add capacity to the surviving zones.`;
  if (/node affinity\/selector/.test(reason) && /unreachable/.test(reason)) {
    return "Pending: the only nodes matching the pod's nodeSelector / affinity are in the failed domain (tainted unreachable).";
  }
  if (/didn't match pod anti-affinity|anti-affinity/.test(reason)) return "Pending: required pod anti-affinity leaves no surviving node free of a replica.";
  if (/waiting for the scheduler/.test(reason)) return "Pending: created moments before the end of the run, not yet tried by the scheduler.";
  return `Pending: ${reason}`;
}

interface HeadlineInput {
  phases: readonly { id: string; startMs: number; endMs: number }[];
  deployments: readonly { name: string; desired: number; minReady: number; recoveredAtMs: number | null; pendingAtEnd: number }[];
}

/** One paragraph over the timeline: when traffic stopped, when replacements came, who is whole and who never is. */
export function outageHeadline(r: HeadlineInput, clock: (ms: number) => string): string {
  const hit = r.deployments.filter((d) => d.minReady < d.desired);
  if (hit.length === 0) return "No Deployment lost a ready replica.";
  const parts: string[] = [];
  const detection = r.phases.find((p) => p.id === "detection");
  if (detection) parts.push(`Traffic to the lost replicas stopped at T+${clock(detection.endMs)} (node grace period).`);
  const evict = r.phases.find((p) => p.id === "evictions");
  if (evict) parts.push(`Replacements were created only at T+${clock(evict.endMs)}, when the pods' tolerations of the unreachable taint ran out.`);
  const whole = hit.filter((d) => d.recoveredAtMs !== null);
  const never = hit.filter((d) => d.recoveredAtMs === null);
  if (whole.length) parts.push(`${whole.map((d) => d.name).join(", ")} whole again by T+${clock(max(whole, (d) => d.recoveredAtMs as number)!)}.`);
  if (never.length) parts.push(`${never.map((d) => d.name).join(", ")} never whole again: ${sum(never, (d) => d.pendingAtEnd)} pod(s) still Pending (see why below).`);
  return parts.join(" ");
}
