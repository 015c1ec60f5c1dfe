/**
 * The independent checker's rules (tests/bench/checker.ts), applied ONLINE and incrementally so it can follow
 * 150,000 binds and a simulated outage (binds, terminations and removals over time, node taints changing):
 *  - at each bind: the node has room (cpu, memory, pods, counting pods until they are removed);
 *  - at each bind: every DoNotSchedule spread constraint holds among the eligible domains (nodes with every
 *    hard key, matching the pod's node selector/affinity unless nodeAffinityPolicy Ignore, and without an
 *    untolerated NoSchedule/NoExecute taint when nodeTaintsPolicy Honor); terminating pods do not count;
 *  - at each bind: no required pod anti-affinity (the pod's own, or an existing pod's) is violated;
 *  - every pending pod has a reason.
 * checker.ts re-counts every eligible node per bind (O(nodes) per bind: ~2 minutes at W3 scale); this keeps
 * per-node counts per selector and per-domain sums that are updated on each change. No engine code is used
 * beyond the quantity parser, selector matcher and toleration matcher (as checker.ts).
 */
import { milliValue, quantityValue } from "@/lib/k8s/quantity";
import { compileLabelSelector, compileNodeSelector } from "@/lib/k8s/selector";
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint } from "@/lib/k8s/tolerations";
import type { LabelSelector, Node, Pod, PodSpec } from "@/lib/k8s/types";

type Labels = Record<string, string> | undefined;
interface Counter {
  ns: string[] | null;
  sel: ReturnType<typeof compileLabelSelector>;
  perNode: Int32Array;
  /** (topologyKey | eligibility) -> domain sums over eligible nodes, valid for `version`. */
  domains: Map<string, { version: number; eligible: Uint8Array; counts: Map<string, number> }>;
}
interface Group {
  ns: string;
  labels: Labels;
  counters: Counter[];
  /** Non-terminating bound pods of this label set per node (seeds counters created later). */
  perNode: Map<number, number>;
}

export class OnlineChecker {
  readonly problems: string[] = [];
  private readonly idx = new Map<string, number>();
  private readonly nodes: Node[];
  private readonly used: { cpu: Float64Array; mem: Float64Array; pods: Int32Array };
  private readonly alloc: { cpu: number[]; mem: number[]; pods: number[] };
  private readonly counters = new Map<string, Counter>();
  private readonly groups = new Map<object, Group>();
  private readonly allGroups: Group[] = [];
  private readonly withAnti: { pod: Pod; node: number }[] = [];
  private readonly reqCache = new WeakMap<object, { cpu: number; mem: number }>();
  private taintVersion = 0;
  binds = 0;

  constructor(nodes: Node[]) {
    this.nodes = [...nodes];
    this.nodes.forEach((n, i) => this.idx.set(n.metadata.name!, i));
    const N = nodes.length;
    this.used = { cpu: new Float64Array(N), mem: new Float64Array(N), pods: new Int32Array(N) };
    const a = (n: Node, r: string) => n.status?.allocatable?.[r] ?? 0;
    this.alloc = { cpu: nodes.map((n) => milliValue(a(n, "cpu"))), mem: nodes.map((n) => quantityValue(a(n, "memory"))), pods: nodes.map((n) => quantityValue(a(n, "pods"))) };
  }

  /** A node object changed (taints): eligibility under nodeTaintsPolicy Honor is recomputed lazily. */
  nodeChanged(node: Node): void {
    const i = this.idx.get(node.metadata.name!);
    if (i === undefined) return;
    this.nodes[i] = node;
    this.taintVersion++;
  }

  private requests(p: Pod) {
    let r = this.reqCache.get(p.spec.containers);
    if (!r) {
      r = { cpu: 0, mem: 0 };
      for (const c of p.spec.containers) {
        const q = c.resources?.requests ?? {};
        if (q.cpu !== undefined) r.cpu += milliValue(q.cpu);
        if (q.memory !== undefined) r.mem += quantityValue(q.memory);
      }
      this.reqCache.set(p.spec.containers, r);
    }
    return r;
  }

  private group(p: Pod): Group {
    const labels = p.metadata.labels;
    const ns = p.metadata.namespace ?? "default";
    const k = labels ?? EMPTY;
    let g = this.groups.get(k);
    if (g && g.ns !== ns) g = undefined; // (labels objects are shared within a namespace's ReplicaSet)
    if (!g) {
      g = { ns, labels, counters: [], perNode: new Map() };
      for (const c of this.counters.values()) if ((c.ns === null || c.ns.includes(ns)) && c.sel.matches(labels)) g.counters.push(c);
      if (labels) this.groups.set(k, g);
      this.allGroups.push(g);
    }
    return g;
  }

  private counter(ns: string[] | null, s: LabelSelector | null | undefined): Counter {
    const key = `${JSON.stringify(ns)}|${JSON.stringify(s ?? null)}`;
    let c = this.counters.get(key);
    if (!c) {
      c = { ns, sel: compileLabelSelector(s ?? null), perNode: new Int32Array(this.nodes.length), domains: new Map() };
      this.counters.set(key, c);
      // Pods bound before this counter existed are counted from their label groups' per-node counts.
      for (const g of this.allGroups)
        if ((ns === null || ns.includes(g.ns)) && c.sel.matches(g.labels)) {
          g.counters.push(c);
          for (const [i, n] of g.perNode) c.perNode[i]! += n;
        }
    }
    return c;
  }

  /** Non-terminating bound pods per node (for counters created late and anti-affinity). */
  private readonly live: Pod[][] = [];

  private count(p: Pod, node: number, delta: 1 | -1): void {
    const g = this.group(p);
    g.perNode.set(node, (g.perNode.get(node) ?? 0) + delta);
    for (const c of g.counters) {
      c.perNode[node]! += delta;
      for (const [k, d] of c.domains) {
        if (!d.eligible[node]) continue;
        const v = this.nodes[node]!.metadata.labels![k.slice(0, k.indexOf("\u0000"))]!;
        d.counts.set(v, (d.counts.get(v) ?? 0) + delta);
      }
    }
  }

  private eligibleFor(spec: PodSpec, hardKeys: string[], honorAffinity: boolean, honorTaints: boolean): Uint8Array {
    const req = honorAffinity ? spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution : undefined;
    const compiled = req ? compileNodeSelector(req) : null;
    const out = new Uint8Array(this.nodes.length);
    this.nodes.forEach((n, i) => {
      const labels = n.metadata.labels ?? {};
      if (!hardKeys.every((k) => k in labels)) return;
      if (honorAffinity) {
        for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return;
        if (compiled && !compiled.matches(labels, n.metadata.name ?? "")) return;
      }
      if (honorTaints && findMatchingUntoleratedTaint(n.spec?.taints, spec.tolerations, isDoNotScheduleTaint)) return;
      out[i] = 1;
    });
    return out;
  }

  bind(pod: Pod, nodeName: string): void {
    this.binds++;
    const i = this.idx.get(nodeName);
    const name = `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
    if (i === undefined) return void this.problems.push(`${name}: bound to unknown node ${nodeName}`);
    const ns = pod.metadata.namespace ?? "default";
    const node = this.nodes[i]!;
    const hard = (pod.spec.topologySpreadConstraints ?? []).filter((x) => x.whenUnsatisfiable === "DoNotSchedule");
    const hardKeys = hard.map((x) => x.topologyKey);
    for (const c of hard) {
      const honorAffinity = (c.nodeAffinityPolicy ?? "Honor") === "Honor";
      const honorTaints = c.nodeTaintsPolicy === "Honor";
      const counter = this.counter([ns], c.labelSelector);
      const ek = `${c.topologyKey}\u0000${JSON.stringify([hardKeys, honorAffinity ? [pod.spec.nodeSelector, pod.spec.affinity?.nodeAffinity] : null, honorTaints ? pod.spec.tolerations : null])}`;
      const version = honorTaints ? this.taintVersion : 0;
      let d = counter.domains.get(ek);
      if (!d || d.version !== version) {
        const eligible = this.eligibleFor(pod.spec, hardKeys, honorAffinity, honorTaints);
        const counts = new Map<string, number>();
        for (let j = 0; j < this.nodes.length; j++) {
          if (!eligible[j]) continue;
          const v = this.nodes[j]!.metadata.labels![c.topologyKey]!;
          counts.set(v, (counts.get(v) ?? 0) + counter.perNode[j]!);
        }
        counter.domains.set(ek, (d = { version, eligible, counts }));
      }
      const mine = node.metadata.labels?.[c.topologyKey];
      let min = Infinity;
      for (const v of d.counts.values()) if (v < min) min = v;
      if (d.counts.size < (c.minDomains ?? 1)) min = 0;
      const self = counter.sel.matches(pod.metadata.labels) ? 1 : 0;
      if (mine === undefined) this.problems.push(`${name}: node ${nodeName} lacks ${c.topologyKey}`);
      else if ((d.counts.get(mine) ?? 0) + self - min > c.maxSkew) this.problems.push(`${name}: skew on ${c.topologyKey}=${mine} exceeds ${c.maxSkew}`);
    }
    const same = (j: number, key: string) => {
      const v = node.metadata.labels?.[key];
      return v !== undefined && this.nodes[j]!.metadata.labels?.[key] === v;
    };
    for (const t of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const c = this.counter(t.namespaces?.length ? t.namespaces : [ns], t.labelSelector);
      for (let j = 0; j < this.nodes.length; j++) if (c.perNode[j]! > 0 && same(j, t.topologyKey)) this.problems.push(`${name}: anti-affinity violated on ${t.topologyKey}`);
    }
    for (const q of this.withAnti) {
      for (const t of q.pod.spec.affinity!.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution!) {
        const nss = t.namespaces?.length ? t.namespaces : [q.pod.metadata.namespace ?? "default"];
        if (nss.includes(ns) && compileLabelSelector(t.labelSelector ?? null).matches(pod.metadata.labels) && same(q.node, t.topologyKey))
          this.problems.push(`${name}: violates existing ${q.pod.metadata.name}'s anti-affinity`);
      }
    }
    const r = this.requests(pod);
    this.used.cpu[i]! += r.cpu;
    this.used.mem[i]! += r.mem;
    this.used.pods[i]! += 1;
    if (this.used.cpu[i]! > this.alloc.cpu[i]! || this.used.mem[i]! > this.alloc.mem[i]! || this.used.pods[i]! > this.alloc.pods[i]!) this.problems.push(`node ${nodeName}: over allocatable after ${name}`);
    (this.live[i] ??= []).push(pod);
    if (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) this.withAnti.push({ pod, node: i });
    this.count(pod, i, 1);
  }

  /** deletionTimestamp set: the pod stops counting for spreading and anti-affinity (still holds resources). */
  terminating(pod: Pod, nodeName: string): void {
    const i = this.idx.get(nodeName);
    if (i === undefined) return;
    const list = this.live[i] ?? [];
    const at = list.indexOf(pod);
    if (at < 0) return;
    list.splice(at, 1);
    const w = this.withAnti.findIndex((x) => x.pod === pod);
    if (w >= 0) this.withAnti.splice(w, 1);
    this.count(pod, i, -1);
  }

  /** The pod object is gone: its resources are free. */
  removed(pod: Pod, nodeName: string): void {
    const i = this.idx.get(nodeName);
    if (i === undefined) return;
    this.terminating(pod, nodeName);
    const r = this.requests(pod);
    this.used.cpu[i]! -= r.cpu;
    this.used.mem[i]! -= r.mem;
    this.used.pods[i]! -= 1;
  }

  pending(pod: Pod, message: string | null | undefined): void {
    if (!message) this.problems.push(`${pod.metadata.name}: pending without a reason`);
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

const EMPTY = {};
