/**
 * An INDEPENDENT checker for benchmark results: it replays the binds in order with its own plain
 * bookkeeping (no scheduler code) and verifies:
 *  - no node ends over its allocatable cpu / memory / pods;
 *  - at each bind, every DoNotSchedule spread constraint of the pod holds among the eligible domains
 *    (nodes with the key that match the pod's node selector / required node affinity, as nodeAffinityPolicy
 *    Honor does by default): count(domain)+1 - min(domains) <= maxSkew, min taken as 0 below minDomains;
 *  - no required pod anti-affinity (the pod's own, and existing pods' towards it) is violated at bind time;
 *  - every pending pod has a reason.
 * Simple on purpose and shares only the quantity parser and selector matcher with the engine, but indexed
 * (counters by label, placed pods by topology domain) so that W3-sized runs (150,000 pods) check in seconds.
 */
import { milliValue, quantityValue } from "@/lib/k8s/quantity";
import { compileLabelSelector, compileNodeSelector } from "@/lib/k8s/selector";
import type { LabelSelector, Node, Pod, PodAffinityTerm } from "@/lib/k8s/types";
import type { CheckInput } from "./types";

const reqCache = new WeakMap<object, { cpu: number; mem: number }>();
function requests(p: Pod): { cpu: number; mem: number } {
  let r = reqCache.get(p.spec);
  if (r) return r;
  let cpu = 0;
  let mem = 0;
  for (const c of p.spec.containers) {
    const q = c.resources?.requests ?? {};
    if (q.cpu !== undefined) cpu += milliValue(q.cpu);
    if (q.memory !== undefined) mem += quantityValue(q.memory);
  }
  reqCache.set(p.spec, (r = { cpu, mem }));
  return r;
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

/** A `key=value` every pod matched by the selector must carry (null when matchLabels is empty). */
function indexPair(ls: LabelSelector | null | undefined): string | null {
  const ml = ls?.matchLabels;
  if (!ml) return null;
  for (const k of Object.keys(ml)) return `${k}=${ml[k]}`;
  return null;
}

interface Placed {
  pod: Pod;
  node: Node;
}
interface Eligible {
  nodes: Node[];
  names: Set<string>;
}
/** Matching pods per domain of `key` over an eligible node set, kept current on every bind. */
interface Agg {
  key: string;
  elig: Eligible;
  counts: Map<string, number>;
}
interface Counter {
  ns: string;
  s: ReturnType<typeof sel>;
  perNode: Map<string, number>;
  aggs: Map<string, Agg>;
}
interface AntiEntry {
  placed: Placed;
  namespaces: string[];
  s: ReturnType<typeof sel>;
}

const ns0 = (p: Pod) => p.metadata.namespace ?? "default";
const antiTerms = (p: Pod): PodAffinityTerm[] => p.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];

export function check(input: CheckInput): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  const nodeByName = new Map(input.nodes.map((n) => [n.metadata.name!, n]));
  const used = new Map<string, { cpu: number; mem: number; pods: number }>();
  const placed: Placed[] = [];
  const placedByPair = new Map<string, Placed[]>();
  const counters = new Map<string, Counter>();
  const countersByPair = new Map<string, Counter[]>();
  const otherCounters: Counter[] = [];
  // topologyKey -> domain value -> placed pods there (filled lazily per key) / existing pods' anti terms there
  const byDomain = new Map<string, Map<string, Placed[]>>();
  const antiByDomain = new Map<string, Map<string, AntiEntry[]>>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  };

  const counterFor = (ns: string, ls: LabelSelector | null | undefined): Counter => {
    const k = `${ns}|${JSON.stringify(ls ?? null)}`;
    let c = counters.get(k);
    if (!c) {
      c = { ns, s: sel(ls), perNode: new Map(), aggs: new Map() };
      const pair = indexPair(ls);
      for (const q of pair === null ? placed : (placedByPair.get(pair) ?? []))
        if (ns0(q.pod) === ns && c.s.matches(q.pod.metadata.labels)) c.perNode.set(q.node.metadata.name!, (c.perNode.get(q.node.metadata.name!) ?? 0) + 1);
      counters.set(k, c);
      if (pair === null) otherCounters.push(c);
      else push(countersByPair, pair, c);
    }
    return c;
  };
  const aggFor = (c: Counter, ek: string, elig: Eligible, key: string): Agg => {
    const k = `${ek}|${key}`;
    let a = c.aggs.get(k);
    if (!a) {
      a = { key, elig, counts: new Map() };
      for (const n of elig.nodes) {
        const v = n.metadata.labels![key]!;
        a.counts.set(v, (a.counts.get(v) ?? 0) + (c.perNode.get(n.metadata.name!) ?? 0));
      }
      c.aggs.set(k, a);
    }
    return a;
  };
  const domainIndex = (key: string): Map<string, Placed[]> => {
    let m = byDomain.get(key);
    if (!m) {
      m = new Map();
      for (const q of placed) {
        const v = q.node.metadata.labels?.[key];
        if (v !== undefined) push(m, v, q);
      }
      byDomain.set(key, m);
    }
    return m;
  };

  const eligibleCache = new Map<string, Eligible>();
  for (const { pod, node: nodeName } of input.binds) {
    const node = nodeByName.get(nodeName);
    if (!node) {
      problems.push(`${pod.metadata.name}: bound to unknown node ${nodeName}`);
      continue;
    }
    const ns = ns0(pod);
    const labels = node.metadata.labels ?? {};
    const hard = (pod.spec.topologySpreadConstraints ?? []).filter((x) => x.whenUnsatisfiable === "DoNotSchedule");
    for (const c of hard) {
      const keys = hard.map((x) => x.topologyKey);
      const honor = (c.nodeAffinityPolicy ?? "Honor") === "Honor";
      const ek = JSON.stringify([keys, honor ? [pod.spec.nodeSelector, pod.spec.affinity?.nodeAffinity] : null]);
      let elig = eligibleCache.get(ek);
      if (!elig) {
        const nodes = input.nodes.filter((n) => keys.every((k) => k in (n.metadata.labels ?? {})) && (!honor || nodeMatchesPod(n, pod)));
        elig = { nodes, names: new Set(nodes.map((n) => n.metadata.name!)) };
        eligibleCache.set(ek, elig);
      }
      const counter = counterFor(ns, c.labelSelector);
      const counts = aggFor(counter, ek, elig, c.topologyKey).counts;
      const mine = labels[c.topologyKey];
      let min = Infinity;
      for (const v of counts.values()) if (v < min) min = v;
      if (counts.size < (c.minDomains ?? 1)) min = 0;
      const self = counter.s.matches(pod.metadata.labels) ? 1 : 0;
      if (mine === undefined) problems.push(`${pod.metadata.name}: node ${nodeName} lacks ${c.topologyKey}`);
      else if ((counts.get(mine) ?? 0) + self - min > c.maxSkew) problems.push(`${pod.metadata.name}: skew on ${c.topologyKey}=${mine} exceeds ${c.maxSkew}`);
    }
    // required anti-affinity, both directions (only pods in the same domain of the term's key can conflict)
    for (const t of antiTerms(pod)) {
      const namespaces = t.namespaces && t.namespaces.length > 0 ? t.namespaces : [ns];
      const v = labels[t.topologyKey];
      if (v === undefined) continue;
      const s = sel(t.labelSelector);
      for (const q of domainIndex(t.topologyKey).get(v) ?? [])
        if (namespaces.includes(ns0(q.pod)) && s.matches(q.pod.metadata.labels)) problems.push(`${pod.metadata.name}: anti-affinity violated by ${q.pod.metadata.name} on ${t.topologyKey}`);
    }
    for (const [key, m] of antiByDomain) {
      const v = labels[key];
      if (v === undefined) continue;
      for (const e of m.get(v) ?? [])
        if (e.namespaces.includes(ns) && e.s.matches(pod.metadata.labels)) problems.push(`${pod.metadata.name}: violates existing ${e.placed.pod.metadata.name}'s anti-affinity on ${key}`);
    }
    // account the bind
    const u = used.get(nodeName) ?? { cpu: 0, mem: 0, pods: 0 };
    const r = requests(pod);
    u.cpu += r.cpu;
    u.mem += r.mem;
    u.pods += 1;
    used.set(nodeName, u);
    const q: Placed = { pod, node };
    placed.push(q);
    const pairs = Object.keys(pod.metadata.labels ?? {}).map((k) => `${k}=${pod.metadata.labels![k]}`);
    for (const p of pairs) push(placedByPair, p, q);
    for (const [key, m] of byDomain) {
      const v = labels[key];
      if (v !== undefined) push(m, v, q);
    }
    for (const t of antiTerms(pod)) {
      const v = labels[t.topologyKey];
      if (v === undefined) continue;
      let m = antiByDomain.get(t.topologyKey);
      if (!m) antiByDomain.set(t.topologyKey, (m = new Map()));
      push(m, v, { placed: q, namespaces: t.namespaces && t.namespaces.length > 0 ? t.namespaces : [ns], s: sel(t.labelSelector) });
    }
    const bump = (c: Counter) => {
      if (c.ns !== ns || !c.s.matches(pod.metadata.labels)) return;
      c.perNode.set(nodeName, (c.perNode.get(nodeName) ?? 0) + 1);
      for (const a of c.aggs.values()) if (a.elig.names.has(nodeName)) a.counts.set(labels[a.key]!, (a.counts.get(labels[a.key]!) ?? 0) + 1);
    };
    // each counter is indexed under one pair, and a pod carries each pair once: no counter is bumped twice
    for (const p of pairs) for (const c of countersByPair.get(p) ?? []) bump(c);
    for (const c of otherCounters) bump(c);
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
