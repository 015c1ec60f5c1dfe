/** Verbs that move time or touch nodes: wait, port-forward, sim (drain is in drain.ts, rollouts in rollout-verbs.ts). */
import type { Pod } from "../../k8s/types";
import { LABEL_REGION, LABEL_ZONE } from "../../k8s/types";
import { formatDuration } from "../util/duration";
import { parseTimeMs } from "../util/time";
import type { ConsoleCluster } from "./cluster";
import { matches } from "./controllers";
import { conditionOf, statusOf } from "./deployment-status";
import { humanDuration, tabwrite } from "./format";
import { isReady } from "./kubelet";
import { describeRate, failNode, lifecycleNotes, recoverNode, zoneReports } from "./nodes";
import { keyOf } from "./store";

export function waitReady(c: ConsoleCluster, pods: Pod[], timeoutMs: number): string[] {
  const s = c.store;
  const live = (p: Pod) => s.pods.get(keyOf(p));
  c.advanceUntil(() => pods.every((p) => { const x = live(p); return !!x && isReady(x); }), s.nowMs + timeoutMs);
  return pods.map((p) => {
    const x = live(p);
    return x && isReady(x) ? `pod/${p.metadata.name} condition met` : `error: timed out waiting for the condition on pods/${p.metadata.name}`;
  });
}

export function waitAvailable(c: ConsoleCluster, ns: string, name: string, timeoutMs: number): string[] {
  const s = c.store;
  // The Available condition: at least replicas - maxUnavailable available (the Deployment controller's).
  const ok = () => {
    const d = s.deployments.get(`${ns}/${name}`);
    return !!d && conditionOf(statusOf(d), "Available")?.status === "True";
  };
  return c.advanceUntil(ok, s.nowMs + timeoutMs) ? [`deployment.apps/${name} condition met`] : [`error: timed out waiting for the condition on deployments/${name}`];
}

/** kubectl's GetFirstPod order (ByLogging): scheduled, Running, ready, ready longest, more restarts, oldest. */
function byLogging(a: Pod, b: Pod): number {
  const readySince = (p: Pod) => parseTimeMs(p.status?.conditions?.find((x) => x.type === "Ready" && x.status === "True")?.lastTransitionTime) ?? Infinity;
  const phaseRank = (p: Pod) => (p.status?.phase === "Running" ? 0 : p.status?.phase === "Pending" ? 2 : 1);
  const restarts = (p: Pod) => (p.status?.containerStatuses ?? []).reduce((n, x) => n + (x.restartCount ?? 0), 0);
  return (+!a.spec.nodeName - +!b.spec.nodeName) || phaseRank(a) - phaseRank(b) || (+!isReady(a) - +!isReady(b)) ||
    readySince(a) - readySince(b) || restarts(b) - restarts(a) || (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "");
}

export function portForward(c: ConsoleCluster, target: string, ports: string, ns: string): string[] {
  const s = c.store;
  const [kind, name] = target.includes("/") ? (target.split("/", 2) as [string, string]) : ["pod", target];
  const [local, remote] = ports.includes(":") ? ports.split(":") : [ports, ports];
  let pod: Pod | undefined;
  let via = "";
  if (/^(po|pod|pods)$/.test(kind)) pod = s.pods.get(`${ns}/${name}`);
  else {
    const sel = /^(deploy|deployment|deployments)$/.test(kind) ? s.deployments.get(`${ns}/${name}`)?.spec.selector
      : /^(svc|service|services)$/.test(kind) ? (() => { const m = s.services.get(`${ns}/${name}`)?.spec.selector; return m ? { matchLabels: m } : undefined; })()
        : /^(rs|replicaset|replicasets)$/.test(kind) ? s.replicaSets.get(`${ns}/${name}`)?.spec.selector : undefined;
    if (!sel && /^(svc|service|services)$/.test(kind) && s.services.has(`${ns}/${name}`)) return [`error: cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector`];
    if (!sel) return [`Error from server (NotFound): ${kind} "${name}" not found`];
    pod = [...s.pods.values()].filter((p) => p.metadata.namespace === ns && !p.metadata.deletionTimestamp && matches(sel, p.metadata.labels)).sort(byLogging)[0];
    via = ` (kubectl picked it from ${kind}/${name}: scheduled, running, ready longest first; the whole session goes to this one pod, there is no load balancing)`;
    if (!pod) return [`error: no matching pods found for ${kind}/${name}`];
  }
  if (!pod) return [`Error from server (NotFound): pods "${name}" not found`];
  if (pod.status?.phase !== "Running") return [`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? "Pending"}`];
  const node = s.nodes.get(pod.spec.nodeName ?? "");
  if (!node?.up) return [`error: error upgrading connection: error dialing backend: dial tcp: connect: no route to host (node ${pod.spec.nodeName} is down)`];
  const zone = node.node.metadata.labels?.[LABEL_ZONE] ?? "?";
  return [`Forwarding from 127.0.0.1:${local} -> ${remote}`, `Forwarding from [::1]:${local} -> ${remote}`,
    `Traffic to localhost:${local} goes to pod ${ns}/${pod.metadata.name} (${pod.status?.podIP} on ${pod.spec.nodeName}, zone ${zone})${via}`];
}

export function simVerb(c: ConsoleCluster, verb: string, args: string[]): string[] {
  const s = c.store;
  if (verb === "advance" || verb === "time" || verb === "now") {
    if (verb === "advance") {
      const ms = parseDurationArg(args[0]);
      if (ms === null) return ["error: usage: sim advance <duration>, e.g. sim advance 5m"];
      c.advance(ms);
    }
    return [`virtual time: t=${formatDuration(s.nowMs)}`];
  }
  if (verb === "zones") return zonesReport(c);
  if (verb !== "fail" && verb !== "recover") return [`error: unknown sim verb "${verb}" (advance, fail, recover, time, zones)`];
  const [what, name] = args;
  const label = what === "zone" ? LABEL_ZONE : what === "region" ? LABEL_REGION : what === "node" ? null : undefined;
  if (label === undefined || !name) return [`error: usage: sim ${verb} zone|node|region <name>`];
  // Several names, comma-separated, fail (or recover) together, in the same instant.
  const wanted = new Set(name.split(",").filter(Boolean));
  const nodes = [...s.nodes.values()].filter((r) => wanted.has((label === null ? r.node.metadata.name : r.node.metadata.labels?.[label]) ?? "")).map((r) => r.node.metadata.name ?? "");
  if (nodes.length === 0) return [`error: no nodes in ${what} "${name}"`];
  const missing = label === null ? [...wanted].filter((n) => !s.nodes.has(n)) : [];
  if (missing.length > 0) return [`error: no nodes in ${what} "${missing.join(",")}"`];
  for (const n of nodes) (verb === "fail" ? failNode : recoverNode)(s, n);
  return verb === "fail"
    ? [`${what} ${name} failed at t=${formatDuration(s.nowMs)}: ${nodes.join(", ")} stopped heartbeating (NotReady after ${formatDuration(s.settings.nodeMonitorGracePeriodMs)}, then tainted NoExecute at the zone's rate: see sim zones; pods go when their toleration runs out, ${s.settings.defaultTolerationSeconds}s by default)`]
    : [`${what} ${name} recovered at t=${formatDuration(s.nowMs)}: ${nodes.join(", ")} Ready`];
}

/** `sim zones`: the node lifecycle controller's zone states and tainting rates, and its log lines. */
function zonesReport(c: ConsoleCluster): string[] {
  const s = c.store;
  const rows = zoneReports(s).map((z) => [z.zone, String(z.nodes), String(z.notReady), z.state, describeRate(z.qps), String(z.queued)]);
  const notes = lifecycleNotes(s).map((n) => `${humanDuration(s.nowMs - n.atMs)} ago  node-lifecycle-controller: ${n.message}`);
  return [...tabwrite([["ZONE", "NODES", "NOT READY", "STATE", "NOEXECUTE TAINT RATE", "WAITING"], ...rows]), ...(notes.length > 0 ? ["", ...notes] : [])];
}

export function parseDurationArg(text: string | undefined): number | null {
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const m = text.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/);
  if (!m || text === "") return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}
