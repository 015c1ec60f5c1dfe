/**
 * An INDEPENDENT checker for benchmark results: it replays the binds in order with its own plain
 * bookkeeping (no scheduler code) and verifies:
 *  - no node ends over its allocatable cpu / memory / pods;
 *  - at each bind, every DoNotSchedule spread constraint of the pod holds among the eligible domains
 *    (nodes with the key that match the pod's node selector / required node affinity, as nodeAffinityPolicy
 *    Honor does by default): count(domain)+1 - min(domains) <= maxSkew, min taken as 0 below minDomains;
 *  - no required pod anti-affinity (the pod's own, and existing pods' towards it) is violated at bind time;
 *  - every pending pod has a reason.
 * Deliberately simple and slow-ish; shares only the quantity parser and selector matcher with the engine.
 */
import { milliValue, quantityValue } from "@/lib/k8s/quantity";
import { compileLabelSelector, compileNodeSelector } from "@/lib/k8s/selector";
import type { LabelSelector, Node, Pod } from "@/lib/k8s/types";
import type { CheckInput } from "./types";

function requests(p: Pod): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of p.spec.containers) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) cpu += milliValue(r.cpu);
    if (r.memory !== undefined) mem += quantityValue(r.memory);
  }
  return { cpu, mem };
}

function nodeMatchesPod(node: Node, p: Pod): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(p.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const req = p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req && !compileNodeSelector(req).matches(labels, node.metadata.name ?? "")) return false;
  return true;
}

const selCache = new Map<string, ReturnType<typeof compileLabelSelector>>();
function sel(s: LabelSelector | null | undefined) {
  const k = JSON.stringify(s ?? null);
  let c = selCache.get(k);
  if (!c) selCache.set(k, (c = compileLabelSelector(s ?? null)));
  return c;
}

export function check(input: CheckInput): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  const nodeByName = new Map(input.nodes.map((n) => [n.metadata.name!, n]));
  const used = new Map<string, { cpu: number; mem: number; pods: number }>();
  const placed: { pod: Pod; node: Node }[] = [];
  const placedWithAnti: { pod: Pod; node: Node }[] = [];
  // Per (namespace, selector): matching placed pods per node name. Filled lazily, kept current on every bind.
  const perNode = new Map<string, { ns: string; s: ReturnType<typeof sel>; counts: Map<string, number> }>();
  const counterFor = (ns: string, ls: LabelSelector | null | undefined) => {
    const k = `${ns}|${JSON.stringify(ls ?? null)}`;
    let c = perNode.get(k);
    if (!c) {
      c = { ns, s: sel(ls), counts: new Map() };
      for (const q of placed)
        if ((q.pod.metadata.namespace ?? "default") === ns && c.s.matches(q.pod.metadata.labels)) c.counts.set(q.node.metadata.name!, (c.counts.get(q.node.metadata.name!) ?? 0) + 1);
      perNode.set(k, c);
    }
    return c;
  };
  const eligibleCache = new Map<string, Node[]>();
  for (const { pod, node: nodeName } of input.binds) {
    const node = nodeByName.get(nodeName);
    if (!node) {
      problems.push(`${pod.metadata.name}: bound to unknown node ${nodeName}`);
      continue;
    }
    const ns = pod.metadata.namespace ?? "default";
    const hard = (pod.spec.topologySpreadConstraints ?? []).filter((x) => x.whenUnsatisfiable === "DoNotSchedule");
    for (const c of hard) {
      const keys = hard.map((x) => x.topologyKey);
      const honor = (c.nodeAffinityPolicy ?? "Honor") === "Honor";
      const ek = JSON.stringify([keys, honor ? [pod.spec.nodeSelector, pod.spec.affinity?.nodeAffinity] : null]);
      let eligible = eligibleCache.get(ek);
      if (!eligible) {
        eligible = input.nodes.filter((n) => keys.every((k) => k in (n.metadata.labels ?? {})) && (!honor || nodeMatchesPod(n, pod)));
        eligibleCache.set(ek, eligible);
      }
      const counter = counterFor(ns, c.labelSelector);
      const counts = new Map<string, number>();
      for (const n of eligible) {
        const v = n.metadata.labels![c.topologyKey]!;
        counts.set(v, (counts.get(v) ?? 0) + (counter.counts.get(n.metadata.name!) ?? 0));
      }
      const mine = node.metadata.labels?.[c.topologyKey];
      const min = counts.size < (c.minDomains ?? 1) ? 0 : Math.min(...counts.values());
      const self = counter.s.matches(pod.metadata.labels) ? 1 : 0;
      if (mine === undefined) problems.push(`${pod.metadata.name}: node ${nodeName} lacks ${c.topologyKey}`);
      else if ((counts.get(mine) ?? 0) + self - min > c.maxSkew) problems.push(`${pod.metadata.name}: skew on ${c.topologyKey}=${mine} exceeds ${c.maxSkew}`);
    }
    // required anti-affinity, both directions
    const sameDomain = (a: Node, b: Node, key: string) => {
      const va = a.metadata.labels?.[key];
      return va !== undefined && va === b.metadata.labels?.[key];
    };
    for (const t of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const namespaces = t.namespaces && t.namespaces.length > 0 ? t.namespaces : [ns];
      for (const q of placed) {
        if (namespaces.includes(q.pod.metadata.namespace ?? "default") && sel(t.labelSelector).matches(q.pod.metadata.labels) && sameDomain(q.node, node, t.topologyKey))
          problems.push(`${pod.metadata.name}: anti-affinity violated by ${q.pod.metadata.name} on ${t.topologyKey}`);
      }
    }
    for (const q of placedWithAnti) {
      for (const t of q.pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        const namespaces = t.namespaces && t.namespaces.length > 0 ? t.namespaces : [q.pod.metadata.namespace ?? "default"];
        if (namespaces.includes(ns) && sel(t.labelSelector).matches(pod.metadata.labels) && sameDomain(q.node, node, t.topologyKey))
          problems.push(`${pod.metadata.name}: violates existing ${q.pod.metadata.name}'s anti-affinity on ${t.topologyKey}`);
      }
    }
    const u = used.get(nodeName) ?? { cpu: 0, mem: 0, pods: 0 };
    const r = requests(pod);
    u.cpu += r.cpu;
    u.mem += r.mem;
    u.pods += 1;
    used.set(nodeName, u);
    placed.push({ pod, node });
    if (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) placedWithAnti.push({ pod, node });
    for (const c of perNode.values())
      if (c.ns === ns && c.s.matches(pod.metadata.labels)) c.counts.set(nodeName, (c.counts.get(nodeName) ?? 0) + 1);
    if (problems.length > 20) break;
  }
  for (const [name, u] of used) {
    const a = nodeByName.get(name)!.status?.allocatable ?? {};
    if (u.cpu > milliValue(a.cpu ?? 0)) problems.push(`node ${name}: cpu ${u.cpu}m over ${a.cpu}`);
    if (u.mem > quantityValue(a.memory ?? 0)) problems.push(`node ${name}: memory over allocatable`);
    if (u.pods > quantityValue(a.pods ?? 0)) problems.push(`node ${name}: pods over allocatable`);
  }
  for (const p of input.pending) if (!p.message) problems.push(`${p.pod.metadata.name}: pending without a reason`);
  return { ok: problems.length === 0, problems };
}
