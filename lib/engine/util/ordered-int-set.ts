/**
 * An insertion-ordered set of small non-negative integers (pod indices) with a number per element: what a
 * `Map<number, number>` gives, for a set that tens of thousands of elements leave and re-enter over and over
 * (the scheduling queue's unschedulable pods during an outage: every 5-minute flush moves them all out and back),
 * where the Map's delete / insert pairs dominated. Entries live in arrays; a deleted one is skipped lazily and
 * the arrays are compacted once stale entries outnumber live ones. Re-adding an element puts it last, like a Map
 * after a delete; setting a present element keeps its place and changes its value, like Map.set.
 */
export class OrderedIntMap {
  private items: number[] = [];
  private itemStamps: number[] = [];
  private head = 0;
  /** Current stamp per element (0 = absent) and its value. Dense: elements are indices. */
  private readonly stampOf: number[] = [];
  private readonly valueOf: number[] = [];
  private nextStamp = 1;
  size = 0;

  has(x: number): boolean {
    return (this.stampOf[x] ?? 0) !== 0;
  }

  get(x: number): number | undefined {
    return this.has(x) ? this.valueOf[x] : undefined;
  }

  set(x: number, value: number): void {
    ensure(this.stampOf, x);
    ensure(this.valueOf, x);
    this.valueOf[x] = value;
    if (this.has(x)) return;
    const s = this.nextStamp++;
    this.stampOf[x] = s;
    this.items.push(x);
    this.itemStamps.push(s);
    this.size++;
  }

  delete(x: number): boolean {
    if (!this.has(x)) return false;
    this.stampOf[x] = 0;
    this.size--;
    if (this.items.length - this.head > 2 * this.size + 64) this.compact();
    return true;
  }

  /**
   * Moves the first `k` elements (in order) to the end, each with `value`: what deleting then setting each of
   * them does, in one pass over the front of the arrays (a flush re-queues tens of thousands at once).
   */
  rotateFront(k: number, value: number): void {
    const { items, itemStamps, stampOf, valueOf } = this;
    let i = this.head;
    for (let moved = 0; moved < k; i++) {
      const x = items[i]!;
      if (stampOf[x] !== itemStamps[i]) continue;
      const s = this.nextStamp++;
      stampOf[x] = s;
      valueOf[x] = value;
      items.push(x);
      itemStamps.push(s);
      moved++;
    }
    // Every slot before i is stale now: the moved ones were re-stamped at the end.
    this.head = i;
    if (items.length - this.head > 2 * this.size + 64) this.compact();
  }

  /** Calls fn(element, value) in insertion order until it returns false. fn must not change the map. */
  forEach(fn: (x: number, value: number) => boolean): void {
    const { items, itemStamps, stampOf, valueOf } = this;
    for (let i = this.head; i < items.length; i++) {
      const x = items[i]!;
      if (stampOf[x] !== itemStamps[i]) {
        if (i === this.head) this.head++;
        continue;
      }
      if (!fn(x, valueOf[x]!)) return;
    }
  }

  /** The elements in insertion order. */
  keys(): number[] {
    const out: number[] = [];
    this.forEach((x) => (out.push(x), true));
    return out;
  }

  private compact(): void {
    const items: number[] = [];
    const stamps: number[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const x = this.items[i]!;
      if (this.stampOf[x] === this.itemStamps[i]) {
        items.push(x);
        stamps.push(this.itemStamps[i]!);
      }
    }
    this.items = items;
    this.itemStamps = stamps;
    this.head = 0;
  }
}

/** Grows a dense array with zeros up to index x (kept packed: holes would make V8 switch it to a dictionary). */
export function ensure(a: number[], x: number): void {
  for (let i = a.length; i <= x; i++) a.push(0);
}

interface IntList {
  readonly group: number;
  /** items[0 .. len) in insertion order, stale entries (stamp no longer current) included until a compaction. */
  items: number[];
  stamps: number[];
  len: number;
  live: number;
  /** moveToEnd's tally of this list's members among the elements it moves, valid while tallyStamp is current. */
  tally: number;
  tallyStamp: number;
}

/**
 * Insertion-ordered lists of integers (pod indices) by group (a ReplicaSet index), each element in at most one
 * list: what a `Map<group, Set<element>>` gives for the scheduling queue's unschedulable pods per workload, with
 * arrays and lazy deletion instead of hash sets churned by every flush. Re-adding an element puts it last.
 */
export class GroupedIntLists {
  private readonly lists = new Map<number, IntList>();
  private readonly stampOf: number[] = [];
  /** The list each present element is in: no Map lookup per delete (a flush deletes 50,000 pods). */
  private readonly listOf: (IntList | null)[] = [];
  private nextStamp = 1;
  private tallyStamp = 0;

  add(group: number, x: number): void {
    ensure(this.stampOf, x);
    while (this.listOf.length <= x) this.listOf.push(null);
    if (this.stampOf[x] !== 0) return;
    let l = this.lists.get(group);
    if (!l) this.lists.set(group, (l = { group, items: [], stamps: [], len: 0, live: 0, tally: 0, tallyStamp: 0 }));
    const s = this.nextStamp++;
    this.stampOf[x] = s;
    this.listOf[x] = l;
    this.append(l, x, s);
    l.live++;
  }

  delete(x: number): boolean {
    if ((this.stampOf[x] ?? 0) === 0) return false;
    this.stampOf[x] = 0;
    const l = this.listOf[x]!;
    this.listOf[x] = null;
    l.live--;
    if (l.len > 2 * l.live + 16) this.compact(l);
    return true;
  }

  /**
   * Moves xs[0..k) to the end of their lists, in that order: what deleting then adding each does, given that
   * they are, per list, its first members in list order (a flush's due pods are). A list whose every member is
   * among them keeps its order, and is left as it is.
   */
  moveToEnd(xs: readonly number[], k: number): void {
    const stamp = ++this.tallyStamp;
    for (let j = 0; j < k; j++) {
      const l = this.listOf[xs[j]!]!;
      if (l.tallyStamp !== stamp) {
        l.tallyStamp = stamp;
        l.tally = 0;
      }
      l.tally++;
    }
    for (let j = 0; j < k; j++) {
      const x = xs[j]!;
      const l = this.listOf[x]!;
      if (l.tally === l.live) continue;
      // Re-stamped at the end: its old slot is stale from now on (delete and add, without the list lookup).
      const s = this.nextStamp++;
      this.stampOf[x] = s;
      this.append(l, x, s);
      if (l.len > 2 * l.live + 16) this.compact(l);
    }
  }

  private append(l: IntList, x: number, s: number): void {
    // Writes within the arrays' length once they have grown: compactions never shrink them (a shrunk backing
    // store was reallocated by the next pushes, every compaction).
    if (l.len < l.items.length) {
      l.items[l.len] = x;
      l.stamps[l.len] = s;
    } else {
      l.items.push(x);
      l.stamps.push(s);
    }
    l.len++;
  }

  /** Drops the stale entries, in place: new arrays per compaction were most of what the retries allocated. */
  private compact(l: IntList): void {
    const { items, stamps } = l;
    let w = 0;
    for (let i = 0; i < l.len; i++) {
      if (this.stampOf[items[i]!] === stamps[i]) {
        items[w] = items[i]!;
        stamps[w++] = stamps[i]!;
      }
    }
    l.len = w;
  }

  /** The group's elements in insertion order (a copy). */
  members(group: number): number[] {
    const l = this.lists.get(group);
    if (!l || l.live === 0) return [];
    const out: number[] = [];
    for (let i = 0; i < l.len; i++) if (this.stampOf[l.items[i]!] === l.stamps[i]) out.push(l.items[i]!);
    return out;
  }

  /** Every group that ever had an element, in the order each first did (as Map keys). */
  groups(): number[] {
    return [...this.lists.keys()];
  }
}

/** A set of small non-negative integers as a dense flag array. */
export class IntFlags {
  private readonly on: number[] = [];
  has(x: number): boolean {
    return (this.on[x] ?? 0) !== 0;
  }
  add(x: number): void {
    ensure(this.on, x);
    this.on[x] = 1;
  }
  delete(x: number): void {
    if (x < this.on.length) this.on[x] = 0;
  }
}
