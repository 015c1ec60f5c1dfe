/**
 * Harness for the scheduler-plugin conformance cases (kinds filter, prefilter, score), as described in
 * ../shared/conformance/README.md: only the named plugin runs, on a snapshot built from the case.
 * Returns differences as readable lines; never throws for a malformed case (reports it as a difference).
 */
import { compileLabelSelector, type CompiledSelector } from "../../k8s/selector";
import type { LabelSelector, Namespace, Node, Pod, ReplicaSet, Service } from "../../k8s/types";
import { ClusterState, type ReplicationControllerLike, type StatefulSetLike } from "../scheduler/cluster-state";
import type { PluginArgsByName } from "../scheduler/config";
import type { AnyPlugin, Handle } from "../scheduler/framework";
import { compilePod } from "../scheduler/pod-info";
import type { NodeResourcesFit } from "../scheduler/plugins/node-resources-fit";
import type { PodTopologySpread } from "../scheduler/plugins/pod-topology-spread";
import { REGISTRY } from "../scheduler/registry";
import type { Status } from "../scheduler/status";

interface PluginCase {
  name: string;
  kind: "filter" | "prefilter" | "score";
  plugin: string;
  args?: Record<string, unknown>;
  namespaces?: Namespace[];
  objects?: { kind?: string }[];
  nodes: Node[];
  candidateNodes?: string[];
  existingPods?: Pod[];
  pod: Pod;
  expect: Record<string, any>;
}

export interface CaseResult {
  pass: boolean;
  diff: string[];
}

function setup(c: PluginCase): { plugin: AnyPlugin; state: ClusterState } {
  const objs = c.objects ?? [];
  const state = new ClusterState(c.nodes ?? [], {
    namespaces: c.namespaces ?? [],
    services: objs.filter((o) => o.kind === "Service") as Service[],
    replicaSets: objs.filter((o) => o.kind === "ReplicaSet") as ReplicaSet[],
    statefulSets: objs.filter((o) => o.kind === "StatefulSet") as StatefulSetLike[],
    replicationControllers: objs.filter((o) => o.kind === "ReplicationController") as ReplicationControllerLike[],
  });
  for (const p of c.existingPods ?? []) {
    const i = state.index.get(p.spec.nodeName ?? "");
    if (i === undefined) throw new Error(`existing pod ${p.metadata.name} names unknown node ${p.spec.nodeName}`);
    state.addPod(compilePod(p), i);
  }
  const factory = REGISTRY[c.plugin];
  if (!factory) throw new Error(`unknown plugin ${c.plugin}`);
  const h: Handle = { state };
  const args = { [c.plugin]: c.args ?? {} } as PluginArgsByName;
  return { plugin: factory(h, args), state };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function runFilter(c: PluginCase, diff: string[]): void {
  const { plugin, state } = setup(c);
  const pod = compilePod(c.pod);
  const got = new Map<string, Status | null>();
  const out = plugin.preFilter ? plugin.preFilter(pod) : { status: null };
  const pre = out.status;
  const exp = c.expect;
  const expPre = exp.prefilter?.code ?? "Success";
  const gotPre = pre?.code ?? "Success";
  if (expPre !== gotPre) diff.push(`prefilter code: want ${expPre}, got ${gotPre}${pre ? ` (${pre.reasons.join(", ")})` : ""}`);
  if (exp.prefilterResult) {
    const want = [...(exp.prefilterResult.nodeNames ?? [])].sort();
    const have = out.nodeNames ? [...out.nodeNames].sort() : null;
    if (!have || !sameList(want, have)) diff.push(`prefilterResult: want ${JSON.stringify(want)}, got ${JSON.stringify(have)}`);
  }
  for (let i = 0; i < state.n; i++) {
    const name = state.names[i]!;
    if (pre && pre.code === "Skip") got.set(name, null);
    else if (pre && pre.code !== "Success") got.set(name, pre);
    else {
      const s = plugin.filter!(pod, i);
      if (s === null && out.nodeNames && !out.nodeNames.has(name)) got.set(name, { code: "UnschedulableAndUnresolvable", reasons: [`node(s) didn't satisfy plugin(s) [${c.plugin}]`] });
      else got.set(name, s);
    }
  }
  const wantFeasible = new Set<string>(exp.feasible ?? []);
  for (const [name, s] of got) {
    const feasible = s === null;
    if (feasible !== wantFeasible.has(name)) diff.push(`node ${name}: want ${wantFeasible.has(name) ? "feasible" : "infeasible"}, got ${feasible ? "feasible" : `${s!.code} ${JSON.stringify(s!.reasons)}`}`);
    const wi = exp.infeasible?.[name];
    if (wi && s) {
      if (wi.code !== s.code) diff.push(`node ${name}: want code ${wi.code}, got ${s.code}`);
      if (exp.reasonsAsserted && !sameList(wi.reasons ?? [], s.reasons)) diff.push(`node ${name}: want reasons ${JSON.stringify(wi.reasons)}, got ${JSON.stringify(s.reasons)}`);
    }
  }
  if (exp.insufficientResources && c.plugin === "NodeResourcesFit") {
    const fit = plugin as unknown as NodeResourcesFit;
    const list = state.n > 0 ? fit.insufficientResources(pod, 0) : [];
    const have = list.map((r) => ({ resourceName: r.resourceName, requested: r.requested, used: r.used, capacity: r.capacity }));
    const want = (exp.insufficientResources as any[]).map((r) => ({ resourceName: r.resourceName, requested: r.requested, used: r.used, capacity: r.capacity }));
    if (JSON.stringify(have) !== JSON.stringify(want)) diff.push(`insufficientResources: want ${JSON.stringify(want)}, got ${JSON.stringify(have)}`);
  }
}

function selectorSet(sel: CompiledSelector | LabelSelector | null): string {
  const s = sel === null ? null : "matches" in sel ? (sel as CompiledSelector) : compileLabelSelector(sel as LabelSelector);
  if (s === null || s.nothing) return "null";
  return JSON.stringify([...new Set(s.requirements.map((r) => JSON.stringify(r)))].sort());
}

function runPreFilter(c: PluginCase, diff: string[]): void {
  const { plugin } = setup(c);
  if (c.plugin !== "PodTopologySpread") throw new Error(`prefilter cases exist only for PodTopologySpread, got ${c.plugin}`);
  const pod = compilePod(c.pod);
  const out = plugin.preFilter!(pod);
  const exp = c.expect;
  const gotCode = out.status?.code ?? "Success";
  if (exp.prefilter?.code) {
    if (gotCode !== exp.prefilter.code) diff.push(`prefilter code: want ${exp.prefilter.code}, got ${gotCode}`);
    return;
  }
  if (gotCode !== "Success") {
    diff.push(`prefilter code: want Success, got ${gotCode}`);
    return;
  }
  const st = (plugin as unknown as PodTopologySpread).preFilterState();
  const want = (exp.constraints ?? []) as any[];
  if (want.length !== st.constraints.length) diff.push(`constraints: want ${want.length}, got ${st.constraints.length}`);
  want.forEach((w, i) => {
    const g = st.constraints[i];
    if (!g) return;
    const fields: [string, unknown, unknown][] = [
      ["maxSkew", w.maxSkew, g.maxSkew],
      ["topologyKey", w.topologyKey, g.topologyKey],
      ["minDomains", w.minDomains ?? 1, g.minDomains],
      ["nodeAffinityPolicy", w.nodeAffinityPolicy ?? "Honor", g.nodeAffinityPolicy],
      ["nodeTaintsPolicy", w.nodeTaintsPolicy ?? "Ignore", g.nodeTaintsPolicy],
      ["selector", selectorSet(w.selector ?? null), selectorSet(g.selector)],
    ];
    for (const [f, a, b] of fields) if (a !== b) diff.push(`constraints[${i}].${f}: want ${JSON.stringify(a)}, got ${JSON.stringify(b)}`);
    const wc = (exp.domainCounts?.[i] ?? {}) as Record<string, number>;
    const gc = Object.fromEntries([...(st.domainCounts[i] ?? new Map())].sort());
    const wcs = JSON.stringify(Object.fromEntries(Object.entries(wc).sort()));
    if (wcs !== JSON.stringify(gc)) diff.push(`domainCounts[${i}]: want ${wcs}, got ${JSON.stringify(gc)}`);
  });
}

function runScore(c: PluginCase, diff: string[]): void {
  const { plugin, state } = setup(c);
  const pod = compilePod(c.pod);
  const names = c.candidateNodes ?? state.names;
  const idx = Int32Array.from(names.map((n) => state.index.get(n) ?? -1));
  if (idx.some((i) => i < 0)) throw new Error(`candidate node missing from nodes`);
  const n = idx.length;
  const out = new Float64Array(n);
  const pre = plugin.preScore ? plugin.preScore(pod, idx, n) : null;
  const skipped = pre !== null && pre.code === "Skip";
  if (c.expect.prescore?.code && (pre?.code ?? "Success") !== c.expect.prescore.code) diff.push(`prescore code: want ${c.expect.prescore.code}, got ${pre?.code ?? "Success"}`);
  if (!skipped) {
    plugin.score!(pod, idx, n, out);
    if (plugin.normalizeScore) plugin.normalizeScore(pod, idx, n, out);
  }
  const want = c.expect.scores as Record<string, number>;
  names.forEach((name, j) => {
    if (!(name in want)) return;
    if (want[name] !== out[j]) diff.push(`score ${name}: want ${want[name]}, got ${out[j]}`);
  });
  for (const name of Object.keys(want)) if (!names.includes(name)) diff.push(`score ${name}: expected but not a candidate`);
}

export function runPluginCase(raw: unknown): CaseResult {
  const diff: string[] = [];
  const c = raw as PluginCase;
  try {
    if (c.kind === "filter") runFilter(c, diff);
    else if (c.kind === "prefilter") runPreFilter(c, diff);
    else if (c.kind === "score") runScore(c, diff);
    else diff.push(`unsupported kind ${JSON.stringify((c as { kind?: unknown }).kind)}`);
  } catch (e) {
    diff.push(`error: ${(e as Error).message}`);
  }
  return { pass: diff.length === 0, diff };
}
