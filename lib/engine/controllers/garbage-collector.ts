/**
 * The garbage collector's verdict on dependents (pkg/controller/garbagecollector), background propagation:
 * an object all of whose ownerReferences point at objects that no longer exist is deleted; one with some
 * owners left only loses the dangling references. Deleting cascades (Deployment -> ReplicaSets -> Pods), so
 * the verdict is iterated to a fixpoint.
 */
import type { ObjectMeta, OwnerReference } from "../../k8s/types";

export interface GcObject {
  kind: string;
  metadata: ObjectMeta;
}

export interface GcResult<T extends GcObject> {
  /** Objects the collector deletes, in cascade order. */
  deleted: T[];
  /** Surviving objects whose dangling ownerReferences were removed (new objects). */
  patched: T[];
}

const ownerKey = (ns: string, r: OwnerReference) => (r.uid ? `uid:${r.uid}` : `name:${ns}/${r.kind}/${r.name}`);

export function collectGarbage<T extends GcObject>(objects: T[]): GcResult<T> {
  const alive = new Set<string>();
  const keysOf = (o: T) => {
    const ns = o.metadata.namespace ?? "";
    return [o.metadata.uid ? `uid:${o.metadata.uid}` : "", `name:${ns}/${o.kind}/${o.metadata.name ?? ""}`].filter(Boolean);
  };
  for (const o of objects) for (const k of keysOf(o)) alive.add(k);
  // Cluster-scoped owners (e.g. a Node owning a Pod) are looked up without namespace.
  const exists = (o: T, r: OwnerReference) => alive.has(ownerKey(o.metadata.namespace ?? "", r)) || alive.has(ownerKey("", r));
  const deleted: T[] = [];
  const gone = new Set<T>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const o of objects) {
      const refs = o.metadata.ownerReferences ?? [];
      if (gone.has(o) || refs.length === 0) continue;
      if (refs.every((r) => !exists(o, r))) {
        gone.add(o);
        deleted.push(o);
        for (const k of keysOf(o)) alive.delete(k);
        changed = true;
      }
    }
  }
  const patched = objects
    .filter((o) => !gone.has(o) && (o.metadata.ownerReferences ?? []).some((r) => !exists(o, r)))
    .map((o) => ({ ...o, metadata: { ...o.metadata, ownerReferences: o.metadata.ownerReferences!.filter((r) => exists(o, r)) } }));
  return { deleted, patched };
}
