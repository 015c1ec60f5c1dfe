import { describe, expect, it } from "vitest";
import { GroupedIntLists, IntFlags, OrderedIntMap } from "@/lib/engine/util/ordered-int-set";
import { createRng } from "@/lib/engine/util/prng";

type Rng = ReturnType<typeof createRng>;

/**
 * Random steps on 300 elements, on an OrderedIntMap and on a Map side by side: with op = rng.intn(of), a set when
 * op < setBelow, a delete when op < deleteBelow, else `other` (the operation under test). Checks size and the
 * touched element's value at every step, and the order at the end.
 */
function churnAgainstMap(seed: number, of: number, setBelow: number, deleteBelow: number, other: (ours: OrderedIntMap, ref: Map<number, number>, rng: Rng, step: number) => void): { ours: OrderedIntMap; ref: Map<number, number> } {
  const rng = createRng(seed);
  const ours = new OrderedIntMap();
  const ref = new Map<number, number>();
  for (let step = 0; step < 20_000; step++) {
    const x = rng.intn(300);
    const op = rng.intn(of);
    if (op < setBelow) {
      ours.set(x, step);
      ref.set(x, step);
    } else if (op < deleteBelow) expect(ours.delete(x)).toBe(ref.delete(x));
    else other(ours, ref, rng, step);
    expect(ours.size).toBe(ref.size);
    expect(ours.has(x)).toBe(ref.has(x));
    expect(ours.get(x)).toBe(ref.get(x));
  }
  expect(ours.keys()).toEqual([...ref.keys()]);
  return { ours, ref };
}

describe("OrderedIntMap", () => {
  it("behaves as a Map<number, number> under random churn (order, values, size, early stop)", () => {
    churnAgainstMap(5, 10, 5, 9, (ours, ref, rng) => {
      // Early stop after k elements, as the flush stops at the first pod not yet due.
      const k = rng.intn(20);
      const seen: [number, number][] = [];
      ours.forEach((e, v) => (seen.push([e, v]), seen.length < k));
      expect(seen).toEqual([...ref].slice(0, Math.max(1, k)));
    });
  });

  it("rotateFront(k, v) is deleting then setting each of the first k elements", () => {
    const { ours, ref } = churnAgainstMap(6, 12, 6, 9, (o, r, rng, step) => {
      const k = rng.intn(r.size + 1);
      o.rotateFront(k, step);
      for (const e of [...r.keys()].slice(0, k)) {
        r.delete(e);
        r.set(e, step);
      }
    });
    const seen: [number, number][] = [];
    ours.forEach((e, v) => (seen.push([e, v]), true));
    expect(seen).toEqual([...ref]);
  });
});

describe("GroupedIntLists", () => {
  it("behaves as a Map<group, Set<element>> under random churn (each element in one group at a time)", () => {
    const rng = createRng(9);
    const ours = new GroupedIntLists();
    const ref = new Map<number, Set<number>>();
    const where = new Map<number, number>();
    for (let step = 0; step < 20_000; step++) {
      const x = rng.intn(400);
      if (rng.intn(2) === 0) {
        if (!where.has(x)) {
          const g = rng.intn(6) - 1;
          ours.add(g, x);
          if (!ref.has(g)) ref.set(g, new Set());
          ref.get(g)!.add(x);
          where.set(x, g);
        }
      } else {
        const g = where.get(x);
        expect(ours.delete(x)).toBe(g !== undefined);
        if (g !== undefined) {
          ref.get(g)!.delete(x);
          where.delete(x);
        }
      }
      const g = rng.intn(6) - 1;
      expect(ours.members(g)).toEqual([...(ref.get(g) ?? [])]);
    }
    expect(ours.groups()).toEqual([...ref.keys()]);
  });

  it("moveToEnd(xs, k) of the first k elements added is deleting then adding each, in order", () => {
    const rng = createRng(10);
    const ours = new GroupedIntLists();
    const ref = new Map<number, Set<number>>();
    // Every element's group, in the order the elements were (last) added: what a flush's due prefix follows.
    const where = new Map<number, number>();
    for (let step = 0; step < 20_000; step++) {
      const x = rng.intn(400);
      const op = rng.intn(5);
      if (op < 2) {
        if (!where.has(x)) {
          const g = rng.intn(6) - 1;
          ours.add(g, x);
          if (!ref.has(g)) ref.set(g, new Set());
          ref.get(g)!.add(x);
          where.set(x, g);
        }
      } else if (op < 4) {
        const g = where.get(x);
        expect(ours.delete(x)).toBe(g !== undefined);
        if (g !== undefined) {
          ref.get(g)!.delete(x);
          where.delete(x);
        }
      } else {
        const order = [...where.keys()];
        const k = rng.intn(order.length + 1);
        // A longer array than k, as the flush passes all its due pods and retries a prefix.
        ours.moveToEnd(order, k);
        for (const e of order.slice(0, k)) {
          const g = where.get(e)!;
          ref.get(g)!.delete(e);
          ref.get(g)!.add(e);
          where.delete(e);
          where.set(e, g);
        }
      }
      for (let g = -1; g < 5; g++) expect(ours.members(g)).toEqual([...(ref.get(g) ?? [])]);
    }
  });
});

describe("IntFlags", () => {
  it("adds, tests and deletes", () => {
    const f = new IntFlags();
    expect(f.has(7)).toBe(false);
    f.add(7);
    f.add(2);
    expect([f.has(7), f.has(2), f.has(3)]).toEqual([true, true, false]);
    f.delete(7);
    f.delete(1000);
    expect([f.has(7), f.has(2)]).toEqual([false, true]);
  });
});
