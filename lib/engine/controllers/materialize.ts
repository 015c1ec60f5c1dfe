/**
 * What the Deployment and ReplicaSet controllers create for a snapshot, up to the steady state, as pure data:
 * the Deployment's current ReplicaSet `<deployment>-<pod-template-hash>` (found, adopted, rebuilt from the
 * pods' ownerReferences when the snapshot lacks ReplicaSets, or created), and the pods it is missing, named
 * `<replicaset>-<5 chars>` with the admission defaults a real API server adds. Pods are claimed like the
 * ReplicaSet controller claims them (owned + adopted orphans, active only). Surplus pods are chosen with
 * getPodsToDelete, and ReplicaSets of older templates are scaled to 0 (a finished rollout).
 */
import { LABEL_POD_TEMPLATE_HASH, type Deployment, type Pod, type ReplicaSet } from "../../k8s/types";
import { createRng, randomString } from "../util/prng";
import { formatTimeMs, parseTimeMs } from "../util/time";
import { deterministicUid } from "../util/uid";
import { withDefaultTolerations } from "./admission";
import { claimObjects, controllerRefFor, type SelectorMatcher } from "./claim";
import { specReplicas, withDeploymentDefaults } from "./deployment-util";
import { newReplicaSetFor, selectorWithHash, templateKey } from "./new-replicaset";
import { getControllerOf, isPodActive } from "./pod-util";
import { BURST_REPLICAS, getPodsToDelete, slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE } from "./replicaset-util";

export interface MaterializeOptions {
  seed: number;
  /** Virtual clock (epoch ms) stamped as creationTimestamp on created objects and used for scale-down order. */
  nowMs: number;
  matches: SelectorMatcher;
}

export interface ReplicaSetOutcome {
  replicaSet: ReplicaSet;
  /** How the ReplicaSet came to be known: present in the snapshot, rebuilt from pods, or created now. */
  origin: "snapshot" | "reconstructed" | "created";
  desired: number;
  /** Active pods the ReplicaSet counts after the sync (owned, adopted, created), in creation order. */
  pods: Pod[];
  created: Pod[];
  adopted: Pod[];
  deleted: Pod[];
}

export interface DeploymentOutcome {
  deployment: Deployment;
  current: ReplicaSetOutcome;
  /** ReplicaSets of older templates, scaled to 0. */
  old: ReplicaSetOutcome[];
}

type Shared = { labels: Record<string, string>; annotations: Record<string, string> | undefined; ownerReferences: NonNullable<Pod["metadata"]["ownerReferences"]> };

const nsOf = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? "default";

/** A ReplicaSet list's positions by controllerRef (uid, Deployment name) or orphan, and by namespace. */
interface RsIndex {
  size: number;
  byRef: Map<string, number[]>;
  byNs: Map<string, number[]>;
}

export class Materializer {
  private readonly opts: MaterializeOptions;
  /** Current version of every pod, keyed by namespace/name; deleted pods are removed. */
  private readonly podsByKey = new Map<string, Pod>();
  /** The current pod objects by controller bucket and, without a controller, by namespace (insertion order). */
  private readonly podsByOwner = new Map<string, Set<Pod>>();
  private readonly orphansByNs = new Map<string, Set<Pod>>();
  /** ReplicaSet lists given to syncDeployment (the same snapshot list every call), indexed once. */
  private readonly rsIndexes = new WeakMap<ReplicaSet[], RsIndex>();
  /** The owner bucket `put` filled last, for the ownerReferences array and namespace it was found by. */
  private lastRefs: unknown = undefined;
  private lastNs = "";
  private lastBucket: Set<Pod> | null = null;

  /** Every object created in this run carries the same virtual-clock timestamp. */
  private readonly createdAt: string;

  constructor(pods: Pod[], opts: MaterializeOptions) {
    this.opts = opts;
    this.createdAt = formatTimeMs(opts.nowMs);
    // A snapshot's names are unique (lib/k8s/snapshot keeps the later of two definitions): index without looking
    // each key up first; should a name come twice anyway, index again one `put` at a time (the later one wins).
    let duplicates = false;
    for (const p of pods) {
      const n = this.podsByKey.size;
      this.podsByKey.set(`${nsOf(p)}/${p.metadata.name}`, p);
      if (this.podsByKey.size === n) duplicates = true;
      this.addToBucket(p);
    }
    if (duplicates) {
      this.podsByKey.clear();
      this.podsByOwner.clear();
      this.orphansByNs.clear();
      this.lastRefs = undefined;
      for (const p of pods) this.put(p);
    }
  }

  /** Every pod after the syncs so far: snapshot pods (adopted ones updated), then created pods. */
  pods(): Pod[] {
    return [...this.podsByKey.values()];
  }

  /** The same pods with their namespace/name keys (built once, when each was indexed). */
  podsWithKeys(): { pods: Pod[]; keys: string[] } {
    const pods: Pod[] = [];
    const keys: string[] = [];
    for (const [k, p] of this.podsByKey) {
      keys.push(k);
      pods.push(p);
    }
    return { pods, keys };
  }

  private put(p: Pod): void {
    const key = `${nsOf(p)}/${p.metadata.name}`;
    this.unindex(key);
    this.podsByKey.set(key, p);
    this.addToBucket(p);
  }

  private addToBucket(p: Pod): void {
    // Replicas of one template share their ownerReferences array and come one after another (name order): the
    // last bucket is reused without building and looking up its key again (150,000 pods at W4 scale).
    const refs = p.metadata.ownerReferences;
    const ns = nsOf(p);
    if (refs !== undefined && refs === this.lastRefs && ns === this.lastNs) {
      this.lastBucket!.add(p);
      return;
    }
    const ref = getControllerOf(p);
    const bucket = ref ? `${ns}/${ref.kind}/${ref.name}` : ns;
    const map = ref ? this.podsByOwner : this.orphansByNs;
    let set = map.get(bucket);
    if (!set) map.set(bucket, (set = new Set<Pod>()));
    set.add(p);
    this.lastRefs = refs;
    this.lastNs = ns;
    this.lastBucket = set;
  }

  private unindex(key: string): void {
    const old = this.podsByKey.get(key);
    if (!old) return;
    const ref = getControllerOf(old);
    if (ref) this.podsByOwner.get(`${nsOf(old)}/${ref.kind}/${ref.name}`)?.delete(old);
    else this.orphansByNs.get(nsOf(old))?.delete(old);
  }

  private remove(p: Pod): void {
    const key = `${nsOf(p)}/${p.metadata.name}`;
    this.unindex(key);
    this.podsByKey.delete(key);
  }

  private candidates(ns: string, ownerKind: string, ownerName: string): Pod[] {
    return [...(this.podsByOwner.get(`${ns}/${ownerKind}/${ownerName}`) ?? []), ...(this.orphansByNs.get(ns) ?? [])].filter(isPodActive);
  }

  /** One ReplicaSet sync: claim pods, then create the missing ones or delete the surplus. */
  syncReplicaSet(rs: ReplicaSet, relatedPods: Pod[] = []): Omit<ReplicaSetOutcome, "origin"> {
    const ns = nsOf(rs);
    const name = rs.metadata.name ?? "";
    const desired = specReplicas(rs);
    const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: rs.metadata, selector: rs.spec.selector };
    const claim = claimObjects(owner, this.candidates(ns, "ReplicaSet", name), this.opts.matches);
    for (const p of [...claim.adopted, ...claim.released]) this.put(p);
    const pods = claim.claimed;
    const created: Pod[] = [];
    let deleted: Pod[] = [];
    if (rs.metadata.deletionTimestamp) return { replicaSet: rs, desired, pods, created, adopted: claim.adopted, deleted };
    if (pods.length < desired && rs.spec.template) {
      const template = rs.spec.template;
      const rng = createRng(this.opts.seed).fork(`pods/${ns}/${name}`);
      const spec = withDefaultTolerations(template.spec);
      // Pods of one sync share their template-derived metadata objects (150k pods at W3 scale): pods are
      // treated as immutable values; whoever changes one replaces the object it changes.
      const shared: Shared = {
        labels: { ...template.metadata?.labels },
        annotations: template.metadata?.annotations ? { ...template.metadata.annotations } : undefined,
        ownerReferences: [controllerRefFor({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: rs.metadata, selector: rs.spec.selector })],
      };
      // Created pods share one owner bucket: indexed directly (`put` without re-deriving it per pod).
      const bucketKey = `${ns}/ReplicaSet/${name}`;
      const prefix = `${rs.metadata.name}-`;
      const bucket = this.podsByOwner.get(bucketKey) ?? new Set<Pod>();
      this.podsByOwner.set(bucketKey, bucket);
      // Syncs repeat until the count is reached; each is capped at BurstReplicas and issued by slow start.
      while (pods.length < desired) {
        const want = Math.min(desired - pods.length, BURST_REPLICAS);
        slowStartBatch(want, SLOW_START_INITIAL_BATCH_SIZE, () => {
          const pod = this.newPod(rs, shared, spec, rng, prefix);
          this.podsByKey.set(this.newKey, pod);
          bucket.add(pod);
          created.push(pod);
          pods.push(pod);
          return undefined;
        });
      }
    } else if (pods.length > desired) {
      const related = relatedPods.length > 0 ? relatedPods : pods;
      deleted = getPodsToDelete(pods, related, pods.length - desired, this.opts.nowMs);
      const gone = new Set(deleted);
      for (const p of deleted) this.remove(p);
      return { replicaSet: rs, desired, pods: pods.filter((p) => !gone.has(p)), created, adopted: claim.adopted, deleted };
    }
    return { replicaSet: rs, desired, pods, created, adopted: claim.adopted, deleted };
  }

  /** The namespace/name of the pod newPod returned last (the string its lookup hashed, for the caller's index). */
  private newKey = "";

  private newPod(rs: ReplicaSet, shared: Shared, spec: Pod["spec"], rng: ReturnType<typeof createRng>, prefix: string): Pod {
    const ns = nsOf(rs);
    let name = prefix + randomString(rng, 5);
    let key = `${ns}/${name}`;
    // The API server rejects a taken name and the controller retries with a fresh suffix.
    while (this.podsByKey.has(key)) key = `${ns}/${(name = prefix + randomString(rng, 5))}`;
    this.newKey = key;
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        generateName: prefix,
        namespace: ns,
        uid: deterministicUid(this.opts.seed, "Pod", ns, name),
        labels: shared.labels,
        ...(shared.annotations ? { annotations: shared.annotations } : {}),
        ownerReferences: shared.ownerReferences,
        creationTimestamp: this.createdAt,
      },
      // One spec object per ReplicaSet sync, shared by the pods it creates (objects are immutable here, as in an
      // informer cache): the scheduler compiles a template once per spec object, not once per replica.
      spec,
      status: { phase: "Pending" },
    };
  }

  /** Deployment sync to the steady state, then the ReplicaSet syncs it causes. */
  syncDeployment(input: Deployment, replicaSets: ReplicaSet[]): DeploymentOutcome {
    const d = withDeploymentDefaults(input);
    const ns = nsOf(d);
    const dname = d.metadata.name ?? "";
    const deployment = d.metadata.uid ? d : { ...d, metadata: { ...d.metadata, uid: deterministicUid(this.opts.seed, "Deployment", ns, dname) } };
    const owner = { apiVersion: "apps/v1", kind: "Deployment", metadata: deployment.metadata, selector: d.spec.selector };
    const inNs = this.replicaSetCandidates(replicaSets, ns, deployment.metadata.uid, dname);
    type Known = { rs: ReplicaSet; origin: "snapshot" | "reconstructed" };
    let owned: Known[] = claimObjects(owner, inNs, this.opts.matches).claimed.map((rs) => ({ rs, origin: "snapshot" }));
    if (owned.length === 0) owned = this.reconstructReplicaSets(deployment).map((rs) => ({ rs, origin: "reconstructed" as const }));
    const key = templateKey(d.spec.template);
    let current = owned.find((o) => templateKey(o.rs.spec.template) === key);
    if (!current && owned.length > 0 && owned.every((o) => o.origin === "reconstructed")) {
      // Rebuilt from pods we cannot compare templates (upstream hashes Go structs); the newest is current.
      current = owned[0];
    }
    const replicas = specReplicas(d);
    let currentRS: ReplicaSet;
    let origin: ReplicaSetOutcome["origin"];
    if (current) {
      currentRS = { ...current.rs, spec: { ...current.rs.spec, replicas } };
      origin = current.origin;
    } else {
      currentRS = this.newReplicaSet(deployment, this.replicaSetsIn(replicaSets, ns));
      origin = "created";
    }
    const olds = owned.filter((o) => o !== current).map((o) => ({ ...o, rs: { ...o.rs, spec: { ...o.rs.spec, replicas: 0 } } }));
    const oldOutcomes = olds.map((o) => ({ ...this.syncReplicaSet(o.rs), origin: o.origin }));
    // Old ReplicaSets are at 0 now, so the current one's pods are all the related pods left for ranking.
    const cur = this.syncReplicaSet(currentRS);
    return { deployment, current: { ...cur, origin }, old: oldOutcomes };
  }

  /**
   * The ReplicaSets of `ns` a Deployment's claim can take: those whose controllerRef may refer to it (by uid or
   * by kind and name: claimObjects decides) and the orphans, in list order. What claimObjects would skip, a
   * ReplicaSet controlled by another owner, is left out up front (1,000 Deployments x 1,000 ReplicaSets).
   * `newReplicaSet` still sees every ReplicaSet of the namespace (the names taken). The list must not change
   * between the syncs of one Materializer (its callers pass the snapshot's list); a list of another length is
   * indexed again.
   */
  private replicaSetCandidates(list: ReplicaSet[], ns: string, uid: string | undefined, name: string): ReplicaSet[] {
    const { byRef } = this.rsIndex(list);
    const lists = [byRef.get(`orphan\n${ns}`), uid ? byRef.get(`uid\n${ns}\n${uid}`) : undefined, byRef.get(`name\n${ns}\n${name}`)];
    const picked = [...new Set(lists.flatMap((l) => l ?? []))].sort((a, b) => a - b);
    return picked.map((i) => list[i]!);
  }

  /** Every ReplicaSet of `ns` in the list, in list order. */
  private replicaSetsIn(list: ReplicaSet[], ns: string): ReplicaSet[] {
    return (this.rsIndex(list).byNs.get(ns) ?? []).map((i) => list[i]!);
  }

  private rsIndex(list: ReplicaSet[]): RsIndex {
    let index = this.rsIndexes.get(list);
    if (index && index.size === list.length) return index;
    const built: RsIndex = { size: list.length, byRef: new Map(), byNs: new Map() };
    const add = (m: Map<string, number[]>, k: string, i: number) => {
      const l = m.get(k);
      if (l) l.push(i);
      else m.set(k, [i]);
    };
    list.forEach((rs, i) => {
      const rns = nsOf(rs);
      add(built.byNs, rns, i);
      const ref = getControllerOf(rs);
      if (!ref) add(built.byRef, `orphan\n${rns}`, i);
      else {
        if (ref.uid) add(built.byRef, `uid\n${rns}\n${ref.uid}`, i);
        if (ref.kind === "Deployment") add(built.byRef, `name\n${rns}\n${ref.name}`, i);
      }
    });
    this.rsIndexes.set(list, (index = built));
    return index;
  }

  private newReplicaSet(d: Deployment, existing: ReplicaSet[]): ReplicaSet {
    const taken = new Set(existing.map((rs) => rs.metadata.name));
    return newReplicaSetFor(d, taken, { seed: this.opts.seed, creationTimestamp: this.createdAt, replicas: specReplicas(d), revision: "1" });
  }

  /**
   * `kubectl get deploy,pods` snapshots carry no ReplicaSets, but the pods name theirs in ownerReferences:
   * rebuild each (name, uid, pod-template-hash), newest pods first.
   */
  private reconstructReplicaSets(d: Deployment): ReplicaSet[] {
    const ns = nsOf(d);
    const dname = d.metadata.name ?? "";
    const groups = new Map<string, { uid: string; hash: string; newestMs: number; count: number }>();
    const prefix = `${ns}/ReplicaSet/${dname}-`;
    // Iterated in place: this runs once per Deployment without ReplicaSets, over every owner seen so far.
    const owned: Pod[] = [];
    for (const [k, bucket] of this.podsByOwner) if (k.startsWith(prefix)) for (const p of bucket) owned.push(p);
    for (const p of owned) {
      if (!isPodActive(p)) continue;
      const ref = getControllerOf(p);
      const hash = p.metadata.labels?.[LABEL_POD_TEMPLATE_HASH];
      if (!ref || ref.kind !== "ReplicaSet" || !hash || ref.name !== `${dname}-${hash}`) continue;
      if (!this.opts.matches(d.spec.selector, p.metadata.labels)) continue;
      const g = groups.get(ref.name) ?? { uid: ref.uid, hash, newestMs: -Infinity, count: 0 };
      g.count++;
      g.newestMs = Math.max(g.newestMs, parseTimeMs(p.metadata.creationTimestamp) ?? -Infinity);
      groups.set(ref.name, g);
    }
    return [...groups.entries()]
      .sort(([an, a], [bn, b]) => b.newestMs - a.newestMs || b.count - a.count || (an < bn ? -1 : 1))
      .map(([name, g]) => {
        const labels = { ...d.spec.template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: g.hash };
        return {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: {
            name,
            namespace: ns,
            uid: g.uid || deterministicUid(this.opts.seed, "ReplicaSet", ns, name),
            labels,
            ownerReferences: [controllerRefFor({ apiVersion: "apps/v1", kind: "Deployment", metadata: d.metadata, selector: d.spec.selector })],
          },
          spec: {
            replicas: g.count,
            selector: selectorWithHash(d.spec.selector, g.hash),
            template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } },
          },
        } satisfies ReplicaSet;
      });
  }
}

