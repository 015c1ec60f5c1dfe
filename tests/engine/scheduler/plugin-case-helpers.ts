/**
 * Helpers for table-driven plugin tests that run through the conformance harness (runPluginCase), so a row is a
 * case in the ../shared/conformance format: only the named plugin runs, every node's verdict / score is compared.
 */
import { expect } from "vitest";
import { runPluginCase } from "@/lib/engine/conformance/plugin-cases";
import type { Namespace, Node, Pod } from "@/lib/k8s/types";

export type Code = "Unschedulable" | "UnschedulableAndUnresolvable";
export interface Verdict {
  code: Code;
  reasons: string[];
}
export const verdict = (code: Code, reason: string): Verdict => ({ code, reasons: [reason] });

export interface CaseExtras {
  args?: object;
  namespaces?: Namespace[];
  objects?: object[];
  candidateNodes?: string[];
}

/**
 * A filter case: `feasible` lists the nodes the plugin must admit; every other node of `nodes` must be rejected
 * with `reject` (one verdict for all) or with its entry of a per-node map. Reasons are asserted exactly.
 */
export function filterCase(
  plugin: string,
  nodes: Node[],
  existing: Pod[],
  pod: Pod,
  feasible: string[],
  reject: Verdict | Record<string, Verdict> | null,
  extras: CaseExtras & { prefilter?: object; prefilterResult?: object; insufficientResources?: object[]; reasonsAsserted?: boolean } = {},
) {
  const infeasible: Record<string, Verdict> = {};
  for (const n of nodes) {
    const name = n.metadata.name!;
    if (feasible.includes(name)) continue;
    const v = reject === null ? undefined : "code" in reject ? (reject as Verdict) : (reject as Record<string, Verdict>)[name];
    if (!v) throw new Error(`test bug: no verdict for infeasible node ${name}`);
    infeasible[name] = v;
  }
  const { args, namespaces, objects, prefilter, prefilterResult, insufficientResources, reasonsAsserted } = extras;
  return {
    name: "t",
    kind: "filter",
    plugin,
    args: args ?? {},
    namespaces,
    objects,
    nodes,
    existingPods: existing,
    pod,
    expect: {
      feasible,
      infeasible,
      reasonsAsserted: reasonsAsserted ?? true,
      ...(prefilter ? { prefilter } : {}),
      ...(prefilterResult ? { prefilterResult } : {}),
      ...(insufficientResources ? { insufficientResources } : {}),
    },
  };
}

export function scoreCase(plugin: string, nodes: Node[], existing: Pod[], pod: Pod, scores: Record<string, number>, extras: CaseExtras & { prescore?: object } = {}) {
  const { args, namespaces, objects, candidateNodes, prescore } = extras;
  return { name: "t", kind: "score", plugin, args: args ?? {}, namespaces, objects, candidateNodes, nodes, existingPods: existing, pod, expect: { scores, ...(prescore ? { prescore } : {}) } };
}

export function prefilterCase(plugin: string, nodes: Node[], existing: Pod[], pod: Pod, expectation: object, extras: CaseExtras = {}) {
  return { name: "t", kind: "prefilter", plugin, args: extras.args ?? {}, namespaces: extras.namespaces, objects: extras.objects, nodes, existingPods: existing, pod, expect: expectation };
}

/** Runs the case and requires no difference from its expectation. */
export function check(c: object): void {
  const r = runPluginCase(c);
  expect(r.diff).toEqual([]);
}

export const ns = (name: string, labels: Record<string, string> = {}): Namespace => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } }) as Namespace;
