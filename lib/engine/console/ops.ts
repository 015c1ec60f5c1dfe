/** Verbs that move time or touch nodes: wait, drain (the Eviction API with PodDisruptionBudgets), port-forward, sim. */
import type { Pod } from "../../k8s/types";
import { LABEL_REGION, LABEL_ZONE } from "../../k8s/types";
import { getControllerOf } from "../controllers/pod-util";
import { formatDuration } from "../util/duration";
import { parseTimeMs } from "../util/time";
import type { ConsoleCluster } from "./cluster";
import { matches } from "./controllers";
import { deploymentStatus, pdbAllowed } from "./get";
import { deletePod, isReady } from "./kubelet";
import { failNode, recoverNode, setUnschedulable } from "./nodes";
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
  const ok = () => {
    const d = s.deployments.get(`${ns}/${name}`);
    return !!d && deploymentStatus(s, d).available >= (d.spec.replicas ?? 1);
  };
  return c.advanceUntil(ok, s.nowMs + timeoutMs) ? [`deployment.apps/${name} condition met`] : [`error: timed out waiting for the condition on deployments/${name}`];
}

export function cordon(c: ConsoleCluster, node: string, on: boolean): string[] {
  const changed = setUnschedulable(c.store, node, on);
  return [`node/${node} ${changed ? "" : "already "}${on ? "cordoned" : "uncordoned"}`];
}

/** kubectl drain: cordon, then evict every pod, retrying refused evictions every 5 s, and wait for them to go. */
export function drain(c: ConsoleCluster, node: string, force: boolean, timeoutMs: number): string[] {
  const s = c.store;
  const out = cordon(c, node, true);
  const pods = s.podsOn(node).filter((p) => !p.metadata.deletionTimestamp);
  const bare = pods.filter((p) => !getControllerOf(p));
  if (bare.length > 0 && !force) {
    const list = bare.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(", ");
    return [...out, `error: unable to drain node "${node}" due to error: cannot delete Pods that declare no controller (use --force to override): ${list}, continuing command...`, "There are pending nodes to be drained:", ` ${node}`, `cannot delete Pods that declare no controller (use --force to override): ${list}`];
  }
  if (bare.length > 0) out.push(`Warning: deleting Pods that declare no controller: ${bare.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(", ")}`);
  const deadline = s.nowMs + timeoutMs;
  let pending = [...pods];
  const evicted: Pod[] = [];
  for (const p of pending) out.push(`evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
  while (pending.length > 0) {
    const refused: Pod[] = [];
    for (const p of pending) {
      const cur = s.pods.get(keyOf(p));
      if (!cur || cur.metadata.uid !== p.metadata.uid || cur.metadata.deletionTimestamp) {
        evicted.push(p);
        continue;
      }
      const blocking = [...s.pdbs.values()].some((b) => (b.metadata.namespace || "default") === cur.metadata.namespace && b.spec.selector && matches(b.spec.selector, cur.metadata.labels) && isReady(cur) && pdbAllowed(s, b) <= 0);
      if (blocking) {
        out.push(`error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`);
        refused.push(p);
      } else {
        deletePod(s, cur);
        evicted.push(p);
        c.advance(0);
      }
    }
    pending = refused;
    if (pending.length === 0) break;
    if (s.nowMs + 5_000 > deadline) {
      const first = pending[0]!;
      return [...out, `error: unable to drain node "${node}" due to error: [error when evicting pods/"${first.metadata.name}" -n "${first.metadata.namespace}": global timeout reached: ${formatDuration(timeoutMs)}], continuing command...`, "There are pending nodes to be drained:", ` ${node}`];
    }
    c.advance(5_000);
    for (const p of pending) out.push(`evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
  }
  c.advanceUntil(() => evicted.every((p) => s.pods.get(keyOf(p))?.metadata.uid !== p.metadata.uid), Math.max(deadline, s.nowMs + 1));
  for (const p of evicted) out.push(`pod/${p.metadata.name} evicted`);
  out.push(`node/${node} drained`);
  return out;
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
  if (verb !== "fail" && verb !== "recover") return [`error: unknown sim verb "${verb}" (advance, fail, recover, time)`];
  const [what, name] = args;
  const label = what === "zone" ? LABEL_ZONE : what === "region" ? LABEL_REGION : what === "node" ? null : undefined;
  if (label === undefined || !name) return [`error: usage: sim ${verb} zone|node|region <name>`];
  const nodes = [...s.nodes.values()].filter((r) => (label === null ? r.node.metadata.name === name : r.node.metadata.labels?.[label] === name)).map((r) => r.node.metadata.name ?? "");
  if (nodes.length === 0) return [`error: no nodes in ${what} "${name}"`];
  for (const n of nodes) (verb === "fail" ? failNode : recoverNode)(s, n);
  return verb === "fail"
    ? [`${what} ${name} failed at t=${formatDuration(s.nowMs)}: ${nodes.join(", ")} stopped heartbeating (NotReady after ${formatDuration(s.settings.nodeMonitorGracePeriodMs)}, pods evicted ${s.settings.defaultTolerationSeconds}s later)`]
    : [`${what} ${name} recovered at t=${formatDuration(s.nowMs)}: ${nodes.join(", ")} Ready`];
}

export function parseDurationArg(text: string | undefined): number | null {
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const m = text.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/);
  if (!m || text === "") return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}
