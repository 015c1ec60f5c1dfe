/**
 * A map that forks in O(1): its entries live in a frozen base shared by every fork plus a map of its own.
 * Forking moves the entries written so far into a new frozen base (shared by the original and the fork), so a
 * sweep's scenarios share their steady state's 100,000 pod keys instead of copying them each. Deletion is not
 * supported (the store never forgets a pod's name: removed pods keep their records).
 */
export class LayeredMap<K, V> {
  private base: ReadonlyMap<K, V> | null = null;
  private own = new Map<K, V>();

  get(k: K): V | undefined {
    const v = this.own.get(k);
    return v !== undefined || this.base === null ? v : this.base.get(k);
  }

  has(k: K): boolean {
    return this.own.has(k) || (this.base !== null && this.base.has(k));
  }

  set(k: K, v: V): this {
    this.own.set(k, v);
    return this;
  }

  get size(): number {
    // Keys are unique across the layers: set() on a key of the base is an update, counted once.
    if (this.base === null) return this.own.size;
    let n = this.base.size;
    for (const k of this.own.keys()) if (!this.base.has(k)) n++;
    return n;
  }

  fork(): LayeredMap<K, V> {
    if (this.own.size > 0) {
      // The first fork adopts the own map as the base as it is (no copy); later ones merge into a new base.
      let merged = this.own;
      if (this.base !== null) {
        merged = new Map(this.base);
        for (const [k, v] of this.own) merged.set(k, v);
      }
      this.base = merged;
      this.own = new Map();
    }
    const f = new LayeredMap<K, V>();
    f.base = this.base;
    return f;
  }
}
