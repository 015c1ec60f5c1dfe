/**
 * Runs placement jobs in a Web Worker (one job at a time: a newer job terminates an older one, so a burst of
 * what-if edits on a big topology costs one placement, not a queue of them). Falls back to the main thread
 * when workers are unavailable.
 */
import type { Topology } from "@/lib/schemas/topology";
import { placeTopology, type PlacementOptions } from "@/lib/services/placement-core";
import { tracePod, type TraceTarget } from "@/lib/services/placement-trace";

type Job = { type: "place"; spec: Topology; opts: PlacementOptions } | { type: "trace"; spec: Topology; opts: PlacementOptions; target: TraceTarget };
type Reply = { id: number; ok: true; value: unknown; ms: number } | { id: number; ok: false; error: string };

export class PlacementRunner {
  private worker: Worker | null = null;
  private seq = 0;
  private pending: { id: number; reject: (e: Error) => void } | null = null;
  /** Where the last job ran: "worker", or "main" when workers are unavailable (shown as a data attribute). */
  where: "worker" | "main" | null = null;

  private spawn(): Worker | null {
    if (this.worker) return this.worker;
    if (typeof Worker === "undefined") return null;
    try {
      this.worker = new Worker(new URL("./placement.worker.ts", import.meta.url), { type: "module" });
    } catch {
      this.worker = null;
    }
    return this.worker;
  }

  /** Resolves with the job's value and its duration; rejects with "superseded" when a newer job replaced it. */
  run<T>(job: Job): Promise<{ value: T; ms: number }> {
    if (this.pending) {
      // Killing the worker is the only way to stop a running placement; a fresh one starts in ~20 ms.
      this.pending.reject(new Error("superseded"));
      this.pending = null;
      this.worker?.terminate();
      this.worker = null;
    }
    const id = ++this.seq;
    const w = this.spawn();
    this.where = w ? "worker" : "main";
    if (!w) return inline<T>(job);
    return new Promise((resolve, reject) => {
      this.pending = { id, reject };
      w.onmessage = (e: MessageEvent<Reply>) => {
        if (e.data.id !== id) return;
        this.pending = null;
        if (e.data.ok) resolve({ value: e.data.value as T, ms: e.data.ms });
        else reject(new Error(e.data.error));
      };
      w.onerror = (e) => {
        this.pending = null;
        reject(new Error(e.message || "placement worker failed"));
      };
      w.postMessage({ id, ...job });
    });
  }

  dispose(): void {
    this.pending?.reject(new Error("superseded"));
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
  }
}

function inline<T>(job: Job): Promise<{ value: T; ms: number }> {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      const t0 = performance.now();
      try {
        const value = job.type === "place" ? placeTopology(job.spec, job.opts) : tracePod(job.spec, job.opts, job.target);
        resolve({ value: value as T, ms: performance.now() - t0 });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }, 0);
  });
}
