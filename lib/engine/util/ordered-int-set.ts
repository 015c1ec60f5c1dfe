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
    for (let i = this.stampOf.length; i < x; i++) {
      // Fill holes so the arrays stay packed (elements arrive in no particular order).
      this.stampOf.push(0);
      this.valueOf.push(0);
    }
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
