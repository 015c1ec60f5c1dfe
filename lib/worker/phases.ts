/**
 * The outage phases of one simulated cluster, read from the node timelines and the event log: failure,
 * detection (NotReady after the grace period), NoExecute taints, evictions (toleration expired), rescheduling
 * (first replacement bound), ready again. The timeline draws them as bands so users see where minutes go.
 */
import type { SimulationResult } from "../engine/sim/results";
import { resolveSettings, type SimulationSettings } from "../engine/sim/settings";
import { formatDuration } from "../engine/util/duration";

export interface Phase {
  cluster: string;
  id: "failure" | "detection" | "taints" | "evictions" | "rescheduling" | "ready" | "recovery";
  label: string;
  startMs: number;
  endMs: number;
  explain: string;
}

const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);

/** `settings`: the timings the cluster was simulated with (its topology settings under the scenario's overrides). */
export function phasesOf(cluster: string, settings: Partial<SimulationSettings>, r: SimulationResult): Phase[] {
  const out: Phase[] = [];
  const st = resolveSettings(settings);
  const grace = formatDuration(st.nodeMonitorGracePeriodMs);
  const perNode = st.nodeEvictionRate > 0 ? `one node every ${formatDuration(Math.round(1000 / st.nodeEvictionRate))}` : "none at all";
  const fail = r.firstFailureAtMs;
  if (fail === null) return out;
  const affected = r.nodes.filter((n) => n.notReadyAtMs.length > 0);
  if (affected.length === 0) return out;
  out.push({ cluster, id: "failure", label: "failure", startMs: fail, endMs: fail, explain: "Nodes stop heartbeating. Nothing reacts yet: the pods still count as Ready." });
  const notReady = min(affected.flatMap((n) => n.notReadyAtMs));
  if (notReady !== null) out.push({ cluster, id: "detection", label: "detection", startMs: fail, endMs: notReady,
    explain: `The node lifecycle controller waits --node-monitor-grace-period (${grace}) without a heartbeat, then marks the nodes NotReady and their pods not ready: traffic stops.` });
  const taints = affected.flatMap((n) => n.noExecuteTaintedAtMs);
  const t0 = min(taints);
  const t1 = max(taints);
  if (t0 !== null && t1 !== null) out.push({ cluster, id: "taints", label: "taints", startMs: t0, endMs: t1,
    explain: `NoExecute unreachable taints are added at --node-eviction-rate (${st.nodeEvictionRate} node/s per zone): ${perNode}.` });
  const evictions = r.events.filter((e) => e.reason === "TaintManagerEviction").map((e) => e.atMs);
  const e0 = min(evictions);
  if (t0 !== null && e0 !== null) out.push({ cluster, id: "evictions", label: "tolerations run out", startMs: t0, endMs: e0,
    explain: `Pods tolerate the unreachable taint for tolerationSeconds (${st.defaultTolerationSeconds} s unless they set their own), then the taint-eviction controller deletes them and the ReplicaSet creates replacements.` });
  const scheduled = r.events.filter((e) => e.reason === "Scheduled" && e0 !== null && e.atMs >= e0).map((e) => e.atMs);
  const s1 = max(scheduled);
  if (e0 !== null) out.push({ cluster, id: "rescheduling", label: "rescheduling", startMs: e0, endMs: s1 ?? e0,
    explain: scheduled.length ? "The scheduler binds the replacement pods to surviving nodes; they start and turn Ready after their startup time." : "Replacements were created but none could be scheduled." });
  const recovered = r.deployments.map((d) => d.recoveredAtMs);
  const last = recovered.every((x) => x !== null) ? max(recovered as number[]) : null;
  if (last !== null && s1 !== null) out.push({ cluster, id: "ready", label: "ready again", startMs: s1, endMs: last,
    explain: "Every Deployment has its desired ready replicas again." });
  const recoveredNodes = min(affected.flatMap((n) => n.readyAgainAtMs));
  if (recoveredNodes !== null) out.push({ cluster, id: "recovery", label: "nodes back", startMs: recoveredNodes, endMs: recoveredNodes,
    explain: "The failed nodes heartbeat again; taints are removed. Kubernetes does not move pods back: the spread stays lopsided." });
  return out;
}
