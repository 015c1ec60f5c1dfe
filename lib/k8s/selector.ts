/**
 * Label selectors and node selectors, compiled once and matched many times.
 *
 * Semantics follow k8s.io/apimachinery `labels` + `metav1.LabelSelectorAsSelector` and
 * k8s.io/component-helpers `scheduling/corev1/nodeaffinity`:
 *  - a null/absent LabelSelector selects NOTHING; an empty one `{}` selects EVERYTHING;
 *  - `matchLabels` entries are `key In [value]` requirements, ANDed with `matchExpressions`;
 *  - In/NotIn need at least one value, Exists/DoesNotExist none; Gt/Lt (node selectors only) exactly one
 *    integer; an invalid label selector is an error (callers decide), an invalid node selector term is
 *    dropped (kube-scheduler ignores parse errors "for backwards compatibility") and so matches nothing;
 *  - NodeSelectorTerms are ORed, requirements inside a term ANDed; an empty term matches nothing;
 *  - matchFields supports only `metadata.name` with In/NotIn and exactly one value.
 */
import type { LabelSelector, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from "./types";

export type RequirementOp = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

export interface Requirement {
  key: string;
  operator: RequirementOp;
  /** Sorted, de-duplicated values (empty for Exists/DoesNotExist). */
  values: string[];
}

export type Labels = Readonly<Record<string, string>>;

/** A compiled label selector. `nothing` never matches; an `everything` selector has no requirements. */
export interface CompiledSelector {
  readonly nothing: boolean;
  readonly requirements: readonly Requirement[];
  /** Canonical text, equal for semantically equal selectors (requirements sorted); used as a cache key. */
  readonly key: string;
  matches(labels: Labels | undefined): boolean;
}

export class SelectorError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "SelectorError";
  }
}

const EMPTY: Labels = Object.freeze({});

function requirementMatches(r: Requirement, valueSet: ReadonlySet<string> | null, num: number, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case "In":
      return has && valueSet!.has(labels[r.key]!);
    case "NotIn":
      return !has || !valueSet!.has(labels[r.key]!);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has) return false;
      const v = parseGoInt(labels[r.key]!);
      if (v === null) return false;
      return r.operator === "Gt" ? v > num : v < num;
    }
  }
}

/** strconv.ParseInt(s, 10, 64) for the values a label can hold; null when not an integer. */
function parseGoInt(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function requirementKey(r: Requirement): string {
  return `${r.key}\u0001${r.operator}\u0001${r.values.join("\u0002")}`;
}

function buildSelector(reqs: Requirement[], nothing: boolean): CompiledSelector {
  if (nothing) {
    return { nothing: true, requirements: [], key: "<nothing>", matches: () => false };
  }
  reqs.sort((a, b) => (requirementKey(a) < requirementKey(b) ? -1 : requirementKey(a) > requirementKey(b) ? 1 : 0));
  const sets = reqs.map((r) => (r.operator === "In" || r.operator === "NotIn" ? new Set(r.values) : null));
  const nums = reqs.map((r) => (r.operator === "Gt" || r.operator === "Lt" ? Number(r.values[0]) : 0));
  const n = reqs.length;
  // Specialise the very common single `key In [value]` selector (one matchLabels entry): no loop, no Set.
  let matches: (labels: Labels | undefined) => boolean;
  if (n === 0) matches = () => true;
  else if (n === 1 && reqs[0]!.operator === "In" && reqs[0]!.values.length === 1) {
    const k = reqs[0]!.key;
    const v = reqs[0]!.values[0]!;
    matches = (labels) => labels !== undefined && labels[k] === v && Object.prototype.hasOwnProperty.call(labels, k);
  } else {
    matches = (labels) => {
      const l = labels ?? EMPTY;
      for (let i = 0; i < n; i++) if (!requirementMatches(reqs[i]!, sets[i]!, nums[i]!, l)) return false;
      return true;
    };
  }
  return { nothing: false, requirements: reqs, key: reqs.map(requirementKey).join("\u0003"), matches };
}

function validateRequirement(r: { key: string; operator: string; values?: string[] }, path: string, allowNumeric: boolean): Requirement {
  const values = [...new Set(r.values ?? [])].sort();
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) throw new SelectorError(`${path}.values`, `must be non-empty for operator ${r.operator}`);
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length !== 0) throw new SelectorError(`${path}.values`, `must be empty for operator ${r.operator}`);
      break;
    case "Gt":
    case "Lt":
      if (!allowNumeric) throw new SelectorError(`${path}.operator`, `${r.operator} is not a label selector operator`);
      if (values.length !== 1 || parseGoInt(values[0]!) === null)
        throw new SelectorError(`${path}.values`, `must be exactly one integer for operator ${r.operator}`);
      break;
    default:
      throw new SelectorError(`${path}.operator`, `unknown operator ${JSON.stringify(r.operator)}`);
  }
  if (typeof r.key !== "string" || r.key === "") throw new SelectorError(`${path}.key`, "must be a non-empty string");
  return { key: r.key, operator: r.operator as RequirementOp, values };
}

/** `metav1.LabelSelectorAsSelector`. Throws SelectorError (naming the field) for an invalid selector. */
/**
 * Compiled selectors by selector object: a pod template's anti-affinity term and spread constraints usually
 * share one selector object, and every replica shares the template. The engine never mutates input objects
 * (Kubernetes objects in, new objects out), so identity is a safe key. Invalid selectors are not cached (each
 * call site reports its own field path).
 */
const compiledBySelector = new WeakMap<LabelSelector, CompiledSelector>();

export function compileLabelSelector(sel: LabelSelector | null | undefined, path = "labelSelector"): CompiledSelector {
  if (sel === null || sel === undefined) return NOTHING;
  const hit = compiledBySelector.get(sel);
  if (hit !== undefined) return hit;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, operator: "In", values: [v] });
  (sel.matchExpressions ?? []).forEach((e, i) => reqs.push(validateRequirement(e, `${path}.matchExpressions[${i}]`, false)));
  const out = buildSelector(reqs, false);
  compiledBySelector.set(sel, out);
  return out;
}

/** Selector from extra requirements ANDed onto a compiled one (used for matchLabelKeys / mismatchLabelKeys). */
export function addRequirements(base: CompiledSelector, extra: Requirement[]): CompiledSelector {
  if (base.nothing || extra.length === 0) return base;
  return buildSelector([...base.requirements, ...extra], false);
}

/** `labels.SelectorFromSet` (an empty set selects everything). */
export function selectorFromSet(set: Record<string, string>): CompiledSelector {
  return buildSelector(
    Object.entries(set).map(([k, v]) => ({ key: k, operator: "In" as const, values: [v] })),
    false,
  );
}

/** A selector that selects everything (`labels.Everything()`). */
export const EVERYTHING: CompiledSelector = buildSelector([], false);
/** A selector that selects nothing (`labels.Nothing()`). */
export const NOTHING: CompiledSelector = buildSelector([], true);

/**
 * An `In` requirement with a single value that every matching object must carry, as `key=value`; lets callers
 * index many selectors by one label and test only the few that can match. Null when there is none.
 */
export function indexLabel(sel: CompiledSelector): string | null {
  for (const r of sel.requirements) if (r.operator === "In" && r.values.length === 1) return `${r.key}=${r.values[0]}`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Node selectors
// ---------------------------------------------------------------------------------------------------------

export interface CompiledNodeSelectorTerm {
  labels: CompiledSelector | null;
  /** metadata.name requirements: `In` means name must equal value, `NotIn` must differ. */
  fields: { operator: "In" | "NotIn"; value: string }[];
}

export interface CompiledNodeSelector {
  terms: CompiledNodeSelectorTerm[];
  /** Problems with dropped terms (for diagnostics; matching ignores them like kube-scheduler does). */
  errors: string[];
  matches(labels: Labels | undefined, nodeName: string): boolean;
}

function isEmptyTerm(t: NodeSelectorTerm): boolean {
  return (t.matchExpressions ?? []).length === 0 && (t.matchFields ?? []).length === 0;
}

/** Compiles one term, or throws SelectorError. */
export function compileNodeSelectorTerm(t: NodeSelectorTerm, path: string): CompiledNodeSelectorTerm {
  const exprs = t.matchExpressions ?? [];
  const labels =
    exprs.length > 0
      ? buildSelector(
          exprs.map((e, i) => validateRequirement(e, `${path}.matchExpressions[${i}]`, true)),
          false,
        )
      : null;
  const fields = (t.matchFields ?? []).map((f: NodeSelectorRequirement, i) => {
    const p = `${path}.matchFields[${i}]`;
    if (f.key !== "metadata.name") throw new SelectorError(`${p}.key`, `${JSON.stringify(f.key)} is not a valid field selector key`);
    if (f.operator !== "In" && f.operator !== "NotIn")
      throw new SelectorError(`${p}.operator`, `${JSON.stringify(f.operator)} is not a valid field selector operator`);
    if ((f.values ?? []).length !== 1) throw new SelectorError(`${p}.values`, "must have exactly one value");
    return { operator: f.operator, value: f.values![0]! };
  });
  return { labels, fields };
}

export function nodeSelectorTermMatches(t: CompiledNodeSelectorTerm, labels: Labels | undefined, nodeName: string): boolean {
  if (t.labels !== null && !t.labels.matches(labels)) return false;
  for (const f of t.fields) {
    if (f.operator === "In" ? nodeName !== f.value : nodeName === f.value) return false;
  }
  return true;
}

/** `nodeaffinity.NewLazyErrorNodeSelector`: empty and invalid terms are dropped; terms are ORed. */
export function compileNodeSelector(ns: NodeSelector, path = "nodeSelectorTerms"): CompiledNodeSelector {
  const terms: CompiledNodeSelectorTerm[] = [];
  const errors: string[] = [];
  (ns.nodeSelectorTerms ?? []).forEach((t, i) => {
    if (isEmptyTerm(t)) return;
    try {
      terms.push(compileNodeSelectorTerm(t, `${path}[${i}]`));
    } catch (e) {
      if (e instanceof SelectorError) errors.push(e.message);
      else throw e;
    }
  });
  return {
    terms,
    errors,
    matches(labels, nodeName) {
      for (const t of terms) if (nodeSelectorTermMatches(t, labels, nodeName)) return true;
      return false;
    },
  };
}

/** Whether a term is empty (no expressions, no fields): such terms select no objects. */
export function isEmptyNodeSelectorTerm(t: NodeSelectorTerm): boolean {
  return isEmptyTerm(t);
}
