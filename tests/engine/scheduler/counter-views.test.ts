/**
 * Counter views (counters.ts): a view built after binds and removals, from the few nodes the counter touched
 * and the eligible counts ClusterState shares between counters, must hold what a count over every node says.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileLabelSelector } from "@/lib/k8s/selector";
import { Counter, Int32Slab, View, eligibleNodesPerDomain, type TopologyKeyIndex } from "@/lib/engine/scheduler/counters";

function topology(domainOf: number[], nd: number): TopologyKeyIndex {
  const dom = Int32Array.from(domainOf);
  const nodesPerDomain = new Int32Array(nd);
  for (const d of dom) if (d >= 0) nodesPerDomain[d]!++;
  return { key: "zone", domainOf: dom, values: Array.from({ length: nd }, (_, d) => `z${d}`), nodesPerDomain, nodesWithKey: dom.filter((d) => d >= 0).length, identity: false };
}

/** The reference: every node, counted from scratch. */
function expected(topo: TopologyKeyIndex, mask: Uint8Array | null, perNode: number[]): { totals: number[]; eligible: number[] } {
  const nd = topo.values.length;
  const totals = new Array<number>(nd).fill(0);
  const eligible = new Array<number>(nd).fill(0);
  topo.domainOf.forEach((d, i) => {
    if (d < 0 || (mask !== null && mask[i] === 0)) return;
    totals[d]! += perNode[i]!;
    eligible[d]! += 1;
  });
  return { totals, eligible };
}

describe("Counter views", () => {
  it("hold the counts of a from-scratch sum over every node, sparse or dense, masked or not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 120 }),
        fc.nat(120),
        fc.integer({ min: 0, max: 1 << 20 }),
        (nd, n, spread, ops, viewAt, salt) => {
          // Labels and mask from the salt; the pods land on `spread` nodes, so that a counter over many nodes
          // stays sparse (few touched nodes) and the same node is emptied and refilled.
          const topo = topology(Array.from({ length: n }, (_, i) => ((i * 7 + salt) % (nd + 1)) - 1), nd);
          const mask = Uint8Array.from({ length: n }, (_, i) => ((i * 13 + salt) % 5 === 0 ? 0 : 1));
          const c = new Counter("k", [{ namespaces: null, selector: compileLabelSelector({}) }], true, n, new Int32Slab());
          c.eligibleFor = (t, m) => eligibleNodesPerDomain(t, m);
          const perNode = new Array<number>(n).fill(0);
          const views: { v: View; m: Uint8Array | null }[] = [];
          ops.forEach(([at, add], k) => {
            const i = ((at % spread) * 31 + salt) % n;
            // Removals only of what is there (a counter never goes below 0).
            if (add || perNode[i]! > 0) {
              const delta = add ? 1 : -1;
              c.apply(i, delta);
              perNode[i]! += delta;
            }
            // Views made midway are kept up to date by apply from then on.
            if (k === viewAt) views.push({ v: c.view(topo, null, "all"), m: null }, { v: c.view(topo, mask, "-|m"), m: mask });
          });
          views.push({ v: c.view(topo, null, "all"), m: null }, { v: c.view(topo, mask, "-|m"), m: mask });
          for (const { v, m } of views) {
            const want = expected(topo, m, perNode);
            expect([...v.totals]).toEqual(want.totals);
            expect([...v.eligibleNodesPerDomain]).toEqual(want.eligible);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("switches to the dense sum once the pods cover many nodes, with the same counts", () => {
    const topo = topology(Array.from({ length: 64 }, (_, i) => i % 4), 4);
    const c = new Counter("k", [{ namespaces: null, selector: compileLabelSelector({}) }], true, 64, new Int32Slab());
    for (let i = 0; i < 64; i++) c.apply(i, 1 + (i % 3));
    const v = c.view(topo, null, "all");
    expect([...v.totals]).toEqual(expected(topo, null, Array.from({ length: 64 }, (_, i) => 1 + (i % 3))).totals);
  });
});
