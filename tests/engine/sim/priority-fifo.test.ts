/**
 * The scheduling queue's activeQ: per-priority FIFOs must pop exactly what the PrioritySort heap (priority
 * descending, then arrival) pops, for any interleaving of pushes and pops.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MinHeap } from "@/lib/engine/sim/heap";
import { PriorityFifo } from "@/lib/engine/sim/priority-fifo";

describe("PriorityFifo", () => {
  it("pops in PrioritySort order, like the heap it replaces", () => {
    const op = fc.oneof(fc.record({ push: fc.constantFrom(-10, 0, 0, 0, 5, 1000, 2_000_000_000) }), fc.constant({ pop: true }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const fifo = new PriorityFifo<number>();
        const heap = new MinHeap<{ priority: number; seq: number }>((a, b) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq));
        let seq = 0;
        const fromFifo: (number | undefined)[] = [];
        const fromHeap: (number | undefined)[] = [];
        for (const o of ops) {
          if ("push" in o) {
            fifo.push(o.push, seq);
            heap.push({ priority: o.push, seq });
            seq++;
          } else {
            fromFifo.push(fifo.pop());
            fromHeap.push(heap.pop()?.seq);
          }
          expect(fifo.size).toBe(heap.size);
        }
        while (heap.size > 0) {
          fromFifo.push(fifo.pop());
          fromHeap.push(heap.pop()!.seq);
        }
        expect(fifo.pop()).toBeUndefined();
        expect(fromFifo).toEqual(fromHeap);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps order across the compaction of a long-lived bucket", () => {
    const fifo = new PriorityFifo<number>();
    const out: number[] = [];
    let next = 0;
    // Push two, pop one, many times: the bucket is never empty, so its consumed prefix must be dropped.
    for (let i = 0; i < 5000; i++) {
      fifo.push(0, next++);
      fifo.push(0, next++);
      out.push(fifo.pop()!);
    }
    while (fifo.size > 0) out.push(fifo.pop()!);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
  });
});
