import { describe, expect, it } from "vitest";
import { OrderedIntMap } from "@/lib/engine/util/ordered-int-set";
import { createRng } from "@/lib/engine/util/prng";

describe("OrderedIntMap", () => {
  it("behaves as a Map<number, number> under random churn (order, values, size, early stop)", () => {
    const rng = createRng(5);
    const ours = new OrderedIntMap();
    const ref = new Map<number, number>();
    for (let step = 0; step < 20_000; step++) {
      const x = rng.intn(300);
      const op = rng.intn(10);
      if (op < 5) {
        ours.set(x, step);
        ref.set(x, step);
      } else if (op < 9) expect(ours.delete(x)).toBe(ref.delete(x));
      else {
        // Early stop after k elements, as the flush stops at the first pod not yet due.
        const k = rng.intn(20);
        const seen: [number, number][] = [];
        ours.forEach((e, v) => (seen.push([e, v]), seen.length < k));
        expect(seen).toEqual([...ref].slice(0, Math.max(1, k)));
      }
      expect(ours.size).toBe(ref.size);
      expect(ours.has(x)).toBe(ref.has(x));
      expect(ours.get(x)).toBe(ref.get(x));
    }
    expect(ours.keys()).toEqual([...ref.keys()]);
  });
});
