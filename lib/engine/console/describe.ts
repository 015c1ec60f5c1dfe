/** `kubectl describe pod|node|deploy|rs NAME`: the fields kubectl shows, and the object's Events. */
import type { Deployment, Node, Pod, ReplicaSet } from "../../k8s/types";
import { getControllerOf } from "../controllers/pod-util";
import { parseTimeMs } from "../util/time";
import { age, humanDuration, podStatus, tabwrite } from "./format";
import { deploymentStatus, rsPods } from "./get";
import { CONSOLE_EPOCH_MS, type ConsoleStore } from "./store";

const field = (k: string, v: string) => `${`${k}:`.padEnd(Math.max(18, k.length + 3))}${v}`;
function multi(k: string, values: string[]): string[] {
  if (values.length === 0) return [field(k, "<none>")];
  return values.map((v, i) => (i === 0 ? field(k, v) : `${" ".repeat(18)}${v}`));
}
const kv = (r: Record<string, string> | undefined) => Object.entries(r ?? {}).sort().map(([a, b]) => `${a}=${b}`);
function date(ts: string | undefined): string {
  const t = parseTimeMs(ts);
  return t === undefined ? "<unknown>" : new Date(t).toUTCString().replace("GMT", "+0000");
}

export function eventsSection(s: ConsoleStore, kind: string, namespace: string, name: string): string[] {
  const evs = s.events.filter((e) => e.kind === kind && e.name === name && (kind === "Node" || e.namespace === namespace));
  if (evs.length === 0) return ["Events:                <none>"];
  const rows = evs.map((e) => [
    e.type, e.reason,
    e.count > 1 ? `${humanDuration(s.nowMs - e.lastMs)} (x${e.count} over ${humanDuration(s.nowMs - e.firstMs)})` : humanDuration(s.nowMs - e.firstMs),
    e.source, e.message,
  ]);
  return ["Events:", ...tabwrite([["Type", "Reason", "Age", "From", "Message"], ["----", "------", "----", "----", "-------"], ...rows], 2).map((l) => `  ${l}`)];
}

function describePod(s: ConsoleStore, p: Pod): string[] {
  const node = p.spec.nodeName ? s.nodes.get(p.spec.nodeName) : undefined;
  const hostIP = node?.node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
  const owner = getControllerOf(p);
  const conds = p.status?.conditions ?? [];
  const out = [
    field("Name", p.metadata.name ?? ""), field("Namespace", p.metadata.namespace ?? "default"), field("Priority", String(p.spec.priority ?? 0)),
    field("Service Account", "default"), field("Node", p.spec.nodeName ? `${p.spec.nodeName}${hostIP ? `/${hostIP}` : ""}` : "<none>"),
    ...(p.status?.startTime ? [field("Start Time", date(p.status.startTime))] : []),
    ...multi("Labels", kv(p.metadata.labels)), field("Annotations", "<none>"), field("Status", podStatus(p)),
    ...(p.metadata.deletionTimestamp ? [`Termination Grace Period:  ${p.spec.terminationGracePeriodSeconds ?? 30}s`] : []),
    field("IP", p.status?.podIP ?? ""), ...(owner ? [field("Controlled By", `${owner.kind}/${owner.name}`)] : []), "Containers:",
  ];
  for (const c of p.spec.containers) {
    const st = (p.status?.containerStatuses ?? []).find((x) => x.name === c.name) as { ready?: boolean; restartCount?: number; state?: { running?: { startedAt?: string }; waiting?: { reason?: string } } } | undefined;
    out.push(`  ${c.name}:`, `    Image:          ${c.image ?? ""}`);
    if (st?.state?.running) out.push("    State:          Running", `      Started:      ${date(st.state.running.startedAt)}`);
    else if (st?.state?.waiting) out.push("    State:          Waiting", `      Reason:       ${st.state.waiting.reason}`);
    out.push(`    Ready:          ${st?.ready ? "True" : "False"}`, `    Restart Count:  ${st?.restartCount ?? 0}`);
  }
  out.push("Conditions:", ...tabwrite([["Type", "Status"], ...conds.map((c) => [c.type, c.status])], 2).map((l) => `  ${l}`));
  const tol = (p.spec.tolerations ?? []).map((t) => `${t.key ?? ""}${t.value ? `=${t.value}` : ""}:${t.effect ?? ""} op=${t.operator ?? "Equal"}${t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds}s` : ""}`);
  out.push(...multi("Node-Selectors", kv(p.spec.nodeSelector)), ...multi("Tolerations", tol));
  return [...out, ...eventsSection(s, "Pod", p.metadata.namespace ?? "default", p.metadata.name ?? "")];
}

function describeNode(s: ConsoleStore, n: Node): string[] {
  const name = n.metadata.name ?? "";
  const taints = (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`);
  const pods = s.podsOn(name);
  const out = [
    field("Name", name), field("Roles", "<none>"), ...multi("Labels", kv(n.metadata.labels)), ...multi("Taints", taints),
    field("Unschedulable", n.spec?.unschedulable ? "true" : "false"), "Conditions:",
    ...tabwrite([["Type", "Status", "Reason", "Message"], ...(n.status?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? "", c.message ?? ""])], 2).map((l) => `  ${l}`),
    field("PodCIDR", n.spec?.podCIDR ?? "<none>"), `Non-terminated Pods:          (${pods.length} in total)`,
    ...tabwrite([["Namespace", "Name", "Age"], ...pods.map((p) => [p.metadata.namespace ?? "default", p.metadata.name ?? "", age(s, p.metadata.creationTimestamp)])], 2).map((l) => `  ${l}`),
  ];
  return [...out, ...eventsSection(s, "Node", "", name)];
}

function describeRs(s: ConsoleStore, rs: ReplicaSet): string[] {
  const pods = rsPods(s, rs);
  const owner = getControllerOf(rs);
  return [
    field("Name", rs.metadata.name ?? ""), field("Namespace", rs.metadata.namespace ?? "default"), field("Selector", kv(rs.spec.selector.matchLabels).join(",")),
    ...multi("Labels", kv(rs.metadata.labels)), ...multi("Annotations", Object.entries(rs.metadata.annotations ?? {}).sort().map(([a, b]) => `${a}: ${b}`)),
    ...(owner ? [field("Controlled By", `${owner.kind}/${owner.name}`)] : []),
    field("Replicas", `${pods.length} current / ${rs.spec.replicas ?? 1} desired`),
    field("Pods Status", `${pods.filter((p) => p.status?.phase === "Running").length} Running / ${pods.filter((p) => p.status?.phase !== "Running").length} Waiting / 0 Succeeded / 0 Failed`),
    ...eventsSection(s, "ReplicaSet", rs.metadata.namespace ?? "default", rs.metadata.name ?? ""),
  ];
}

const rsSummary = (s: ConsoleStore, rss: ReplicaSet[]) => rss.map((r) => `${r.metadata.name} (${rsPods(s, r).length}/${r.spec.replicas ?? 1} replicas created)`).join(", ") || "<none>";

function describeDeployment(s: ConsoleStore, d: Deployment): string[] {
  const st = deploymentStatus(s, d);
  const strategy = d.spec.strategy?.type ?? "RollingUpdate";
  const ru = d.spec.strategy?.rollingUpdate;
  const template = d.spec.template;
  const containers = template.spec.containers.flatMap((c) => [`   ${c.name}:`, `    Image:         ${c.image ?? ""}`]);
  return [
    field("Name", d.metadata.name ?? ""), field("Namespace", d.metadata.namespace ?? "default"), field("CreationTimestamp", date(d.metadata.creationTimestamp)),
    ...multi("Labels", kv(d.metadata.labels)), ...multi("Annotations", Object.entries(d.metadata.annotations ?? {}).sort().map(([a, b]) => `${a}: ${b}`)),
    field("Selector", kv(d.spec.selector.matchLabels).join(",")),
    field("Replicas", `${st.desired} desired | ${st.updated} updated | ${st.replicas} total | ${st.available} available | ${st.unavailable} unavailable`),
    field("StrategyType", strategy), field("MinReadySeconds", String(d.spec.minReadySeconds ?? 0)),
    ...(strategy === "RollingUpdate" ? [field("RollingUpdateStrategy", `${ru?.maxUnavailable ?? "25%"} max unavailable, ${ru?.maxSurge ?? "25%"} max surge`)] : []),
    "Pod Template:", ...(kv(template.metadata?.labels).length ? kv(template.metadata?.labels) : ["<none>"]).map((l, i) => `${i === 0 ? "  Labels:  " : "           "}${l}`),
    ...(template.metadata?.annotations ? Object.entries(template.metadata.annotations).sort().map(([a, b], i) => `${i === 0 ? "  Annotations:  " : "                "}${a}: ${b}`) : []),
    "  Containers:", ...containers,
    "Conditions:", ...tabwrite([["Type", "Status", "Reason"], ["----", "------", "------"], ...st.conditions.map((c) => [c.type, c.status, c.reason])], 2).map((l) => `  ${l}`),
    // Old ReplicaSets are the ones with replicas left (FindOldReplicaSets' requiredRSs).
    field("OldReplicaSets", rsSummary(s, st.rss.filter((r) => r !== st.current && (r.spec.replicas ?? 1) !== 0))),
    field("NewReplicaSet", st.current ? rsSummary(s, [st.current]) : "<none>"),
    ...eventsSection(s, "Deployment", d.metadata.namespace ?? "default", d.metadata.name ?? ""),
  ];
}

export function describe(s: ConsoleStore, kind: string, obj: unknown): string[] {
  if (kind === "pods") return describePod(s, obj as Pod);
  if (kind === "nodes") return describeNode(s, obj as Node);
  if (kind === "replicasets") return describeRs(s, obj as ReplicaSet);
  if (kind === "deployments") return describeDeployment(s, obj as Deployment);
  return [`error: describe is not supported for ${kind} in this console`];
}

export const nowWall = (s: ConsoleStore) => CONSOLE_EPOCH_MS + s.nowMs;
