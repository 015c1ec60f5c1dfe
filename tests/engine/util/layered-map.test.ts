import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/engine/util/prng";
import { LayeredMap } from "@/lib/engine/util/layered-map";

/** Every map of the family against a plain Map copied at each fork (the behaviour the layers stand in for). */
describe("LayeredMap", () => {
  it("behaves like a Map copied at every fork, for the original and every fork, through random writes and forks", () => {
    const wrong: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const rng = createRng(seed);
      const layered: LayeredMap<string, number>[] = [new LayeredMap()];
      const plain: Map<string, number>[] = [new Map()];
      for (let step = 0; step < 400; step++) {
        const i = Math.floor(rng.nextFloat() * layered.length);
        const r = rng.nextFloat();
        if (r < 0.08 && layered.length < 12) {
          layered.push(layered[i]!.fork());
          plain.push(new Map(plain[i]!));
        } else {
          const k = `k${Math.floor(rng.nextFloat() * 60)}`;
          const v = Math.floor(rng.nextFloat() * 5);
          layered[i]!.set(k, v);
          plain[i]!.set(k, v);
        }
        for (let j = 0; j < layered.length; j++) {
          if (layered[j]!.size !== plain[j]!.size) wrong.push(`seed ${seed} step ${step} map ${j}: size`);
          for (let q = 0; q < 60; q += 7) {
            const k = `k${q}`;
            if (layered[j]!.get(k) !== plain[j]!.get(k) || layered[j]!.has(k) !== plain[j]!.has(k)) wrong.push(`seed ${seed} step ${step} map ${j}: ${k}`);
          }
        }
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("a fork does not see what its parent writes afterwards, nor the parent the fork's", () => {
    const a = new LayeredMap<string, number>();
    a.set("x", 1);
    const b = a.fork();
    a.set("y", 2);
    b.set("x", 3);
    expect([a.get("x"), a.get("y"), b.get("x"), b.get("y")]).toEqual([1, 2, 3, undefined]);
    const c = a.fork();
    expect([c.get("x"), c.get("y"), b.has("y")]).toEqual([1, 2, false]);
  });
});
