/**
 * PodTopologySpread constraint derivation (podtopologyspread/common.go + helper/spread.go):
 *  - the pod's own constraints of the wanted `whenUnsatisfiable`, with defaults filled in (minDomains 1,
 *    nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore) and matchLabelKeys ANDed into the selector;
 *  - otherwise the plugin's default constraints (System: hostname maxSkew 3 + zone maxSkew 5, ScheduleAnyway)
 *    whose selector is `DefaultSelector`: the merged selectors of the Services selecting the pod plus the
 *    selector of its controlling ReplicaSet / StatefulSet / ReplicationController. No selector = no constraint.
 */
import { addRequirements, compileLabelSelector, NOTHING, selectorFromSet, type CompiledSelector, type Requirement } from "../../../k8s/selector";
import { LABEL_HOSTNAME, LABEL_ZONE, type TopologySpreadConstraint } from "../../../k8s/types";
import { isDoNotScheduleTaint, findMatchingUntoleratedTaint } from "../../../k8s/tolerations";
import { ClusterState } from "../cluster-state";
import { TAINT_MASK_PREFIX } from "../counters";
import type { PodTopologySpreadArgs } from "../config";
import type { PodInfo } from "../pod-info";

export type WhenUnsatisfiable = "DoNotSchedule" | "ScheduleAnyway";

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: CompiledSelector;
  minDomains: number;
  nodeAffinityPolicy: "Honor" | "Ignore";
  nodeTaintsPolicy: "Honor" | "Ignore";
}

export const SYSTEM_DEFAULT_CONSTRAINTS: readonly Pick<TopologySpreadConstraint, "maxSkew" | "topologyKey" | "whenUnsatisfiable">[] = Object.freeze([
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
]);

export function resolveDefaults(args: PodTopologySpreadArgs | undefined): { defaults: readonly Partial<TopologySpreadConstraint>[]; systemDefaulted: boolean } {
  const type = args?.defaultingType ?? "System";
  if (type === "System") return { defaults: SYSTEM_DEFAULT_CONSTRAINTS, systemDefaulted: true };
  return { defaults: args?.defaultConstraints ?? [], systemDefaulted: false };
}

/** filterTopologySpreadConstraints. Throws SelectorError for an invalid labelSelector. */
export function filterConstraints(
  list: readonly Partial<TopologySpreadConstraint>[],
  labels: Readonly<Record<string, string>>,
  action: WhenUnsatisfiable,
  selectorOverride: CompiledSelector | null,
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  list.forEach((c, i) => {
    if (c.whenUnsatisfiable !== action) return;
    let selector = selectorOverride ?? compileLabelSelector(c.labelSelector ?? null, `spec.topologySpreadConstraints[${i}].labelSelector`);
    if (!selectorOverride && c.matchLabelKeys && c.matchLabelKeys.length > 0) {
      const extra: Requirement[] = [];
      for (const k of c.matchLabelKeys) if (Object.prototype.hasOwnProperty.call(labels, k)) extra.push({ key: k, operator: "In", values: [labels[k]!] });
      // mergeLabelSetWithSelector: the pod's values AND the selector's requirements (a nil selector has none).
      if (extra.length > 0) selector = selector.nothing ? selectorFromSet(Object.fromEntries(extra.map((r) => [r.key, r.values[0]!]))) : addRequirements(selector, extra);
    }
    out.push({
      maxSkew: c.maxSkew ?? 1,
      topologyKey: c.topologyKey ?? "",
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore",
    });
  });
  return out;
}

/**
 * The selector pods are COUNTED with: countPodsMatchSelector returns 0 for an empty selector (`labelSelector: {}`
 * is labels.Everything(), whose Empty() is true), so such a constraint sees no pods at all. (The incoming pod's own
 * self-match still uses the selector as is: Everything matches it.)
 */
export function countingSelector(sel: CompiledSelector): CompiledSelector {
  return !sel.nothing && sel.requirements.length === 0 ? NOTHING : sel;
}

/** helper.DefaultSelector; null when nothing selects the pod. */
export function defaultSelector(state: ClusterState, pod: PodInfo): CompiledSelector | null {
  const labelSet: Record<string, string> = {};
  for (const svc of state.objects.services) {
    if ((svc.metadata.namespace || "default") !== pod.namespace) continue;
    const sel = svc.spec.selector;
    if (!sel) continue;
    if (selectorFromSet(sel).matches(pod.labels)) Object.assign(labelSet, sel);
  }
  let selector = selectorFromSet(labelSet);
  const owner = (pod.pod.metadata.ownerReferences ?? []).find((o) => o.controller);
  if (owner) {
    const group = owner.apiVersion.includes("/") ? owner.apiVersion.split("/")[0] : "";
    const inNs = (o: { metadata: { name?: string; namespace?: string } }) => o.metadata.name === owner.name && (o.metadata.namespace || "default") === pod.namespace;
    if (owner.kind === "ReplicationController" && group === "") {
      const rc = state.objects.replicationControllers.find(inNs);
      if (rc) selector = selectorFromSet({ ...labelSet, ...(rc.spec.selector ?? {}) });
    } else if ((owner.kind === "ReplicaSet" || owner.kind === "StatefulSet") && group === "apps") {
      const obj = owner.kind === "ReplicaSet" ? state.objects.replicaSets.find(inNs) : state.objects.statefulSets.find(inNs);
      if (obj) {
        const other = ClusterState.safeSelector(obj.spec.selector);
        if (!other.nothing) selector = addRequirements(selector, [...other.requirements]);
      }
    }
  }
  return selector.requirements.length === 0 ? null : selector;
}

// The replicas of a ReplicaSet share its ownerReference object: their memo keys are built once, not per cycle.
const ownerKeys = new WeakMap<object, { DoNotSchedule: string; ScheduleAnyway: string }>();
function ownerMemoKey(owner: { kind: string; name: string }, action: WhenUnsatisfiable): string {
  let k = ownerKeys.get(owner);
  if (!k) ownerKeys.set(owner, (k = { DoNotSchedule: `pts:DoNotSchedule:${owner.kind}/${owner.name}`, ScheduleAnyway: `pts:ScheduleAnyway:${owner.kind}/${owner.name}` }));
  return k[action];
}

/** The constraints PodTopologySpread applies to `pod` for `action`, memoised per template. */
export function constraintsFor(
  state: ClusterState,
  pod: PodInfo,
  action: WhenUnsatisfiable,
  defaults: readonly Partial<TopologySpreadConstraint>[],
): SpreadConstraint[] {
  // Called twice per pod: skip building a key string for the common owner-less pod.
  const refs = pod.pod.metadata.ownerReferences;
  const owner = refs && refs.length > 0 ? refs.find((o) => o.controller) : undefined;
  const memoKey = owner ? ownerMemoKey(owner, action) : action === "DoNotSchedule" ? "pts:DoNotSchedule:" : "pts:ScheduleAnyway:";
  const memos = state.memoFor(pod.shared);
  const hit = memos.get(memoKey) as SpreadConstraint[] | undefined;
  if (hit !== undefined) return hit;
  let value: SpreadConstraint[];
  if (pod.spreadConstraints.length > 0) value = filterConstraints(pod.spreadConstraints, pod.labels, action, null);
  else {
    const wanted = defaults.filter((c) => c.whenUnsatisfiable === action);
    if (wanted.length === 0) value = [];
    else {
      const sel = defaultSelector(state, pod);
      value = sel ? filterConstraints(wanted, pod.labels, action, sel) : [];
    }
  }
  memos.set(memoKey, value);
  return value;
}

/**
 * The eligibility mask for a constraint (null = every node), cached until node taints change (masks that read
 * them) or the cluster is rebuilt.
 * requiredKeys: topology keys a node must carry.
 */
export function eligibilityMask(state: ClusterState, pod: PodInfo, c: SpreadConstraint, requiredKeys: readonly string[]): { mask: Uint8Array | null; key: string } {
  const honorAffinity = c.nodeAffinityPolicy === "Honor" && pod.spec.requiredNodeAffinity.key !== "";
  const honorTaints = c.nodeTaintsPolicy === "Honor" && state.hardTaintedNodes > 0;
  const topos = requiredKeys.map((k) => state.topology(k));
  const allKeys = topos.every((t) => t.nodesWithKey === state.n);
  if (allKeys && !honorAffinity && !honorTaints) return { mask: null, key: "all" };
  // Masks that read taints start with TAINT_MASK_PREFIX: a taint change drops only those (see ClusterState).
  const key = `${honorTaints ? `${TAINT_MASK_PREFIX}${pod.spec.tolerationsKey}` : "-"}|${requiredKeys.join("\u0001")}|${honorAffinity ? pod.spec.requiredNodeAffinity.key : ""}`;
  if (state.maskCache.has(key)) return { mask: state.maskCache.get(key)!, key };
  const mask = new Uint8Array(state.n);
  for (let i = 0; i < state.n; i++) {
    let ok = true;
    for (const t of topos) if (t.domainOf[i]! < 0) ok = false;
    if (ok && honorAffinity) ok = pod.spec.requiredNodeAffinity.matches(state.labels[i], state.names[i]!);
    if (ok && honorTaints) ok = findMatchingUntoleratedTaint(state.taints[i], pod.spec.tolerations, isDoNotScheduleTaint) === null;
    mask[i] = ok ? 1 : 0;
  }
  state.maskCache.set(key, mask);
  return { mask, key };
}
