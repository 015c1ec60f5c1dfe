/**
 * Ownership as `PodControllerRefManager.ClaimPods` (pkg/controller/controller_ref_manager.go) decides it:
 * a controller owns the pods whose controller ownerReference points at it and that still match its
 * selector; it adopts matching orphans (not being deleted) and releases owned pods that no longer match.
 * A controller that is itself being deleted neither adopts nor releases.
 */
import type { LabelSelector, ObjectMeta, OwnerReference, Pod } from "../../k8s/types";
import { getControllerOf } from "./pod-util";

export type SelectorMatcher = (selector: LabelSelector, labels: Record<string, string> | undefined) => boolean;

export interface ControllerIdentity {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  selector: LabelSelector;
}

export interface ClaimResult<T> {
  /** Owned and matching, plus adopted: what counts toward replicas, in input order. */
  claimed: T[];
  adopted: T[];
  released: T[];
}

/** Does `ref` point at `owner`? By UID when both carry one (the API's rule), else by kind + name. */
export function refersTo(ref: OwnerReference, owner: { kind: string; metadata: ObjectMeta }): boolean {
  if (ref.uid && owner.metadata.uid) return ref.uid === owner.metadata.uid;
  return ref.kind === owner.kind && ref.name === owner.metadata.name;
}

export function controllerRefFor(owner: ControllerIdentity): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * Claims objects (pods, or ReplicaSets for a Deployment) in the owner's namespace. Candidates should
 * already be filtered (the ReplicaSet controller claims only active pods). Returns new objects for the
 * adopted/released ones (ownerReferences patched) and leaves the inputs untouched.
 */
export function claimObjects<T extends { metadata: ObjectMeta }>(
  owner: ControllerIdentity,
  candidates: T[],
  matches: SelectorMatcher,
): ClaimResult<T> {
  const out: ClaimResult<T> = { claimed: [], adopted: [], released: [] };
  const ns = owner.metadata.namespace ?? "default";
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of candidates) {
    if ((obj.metadata.namespace ?? "default") !== ns) continue;
    const ref = getControllerOf(obj);
    // Someone else's object is skipped before its labels are matched: a Deployment's sync sees every ReplicaSet
    // of its namespace (1,000 x 1,000 selector matches at W3 scale otherwise).
    if (ref && !refersTo(ref, owner)) continue;
    const match = matches(owner.selector, obj.metadata.labels);
    if (ref) {
      if (match) out.claimed.push(obj);
      else if (!ownerDeleting) {
        const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r !== ref);
        out.released.push({ ...obj, metadata: { ...obj.metadata, ownerReferences: refs } });
      }
      continue;
    }
    if (ownerDeleting || !match || obj.metadata.deletionTimestamp) continue;
    const adopted = {
      ...obj,
      metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata.ownerReferences ?? []), controllerRefFor(owner)] },
    };
    out.adopted.push(adopted);
    out.claimed.push(adopted);
  }
  return out;
}

/** `ClaimPods` for a ReplicaSet-like owner. */
export function claimPods(owner: ControllerIdentity, pods: Pod[], matches: SelectorMatcher): ClaimResult<Pod> {
  return claimObjects(owner, pods, matches);
}
