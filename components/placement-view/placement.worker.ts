/// <reference lib="webworker" />
/**
 * Placement off the main thread: the engine is pure, so the browser runs the very code the API runs.
 * 30,000 pods on 3,000 nodes take seconds; here that never freezes typing, scrolling or the inputs.
 */
import type { Topology } from "@/lib/schemas/topology";
import { placeTopology, type PlacementOptions } from "@/lib/services/placement-core";
import { tracePod, type TraceTarget } from "@/lib/services/placement-trace";

export type WorkerRequest =
  | { id: number; type: "place"; spec: Topology; opts: PlacementOptions }
  | { id: number; type: "trace"; spec: Topology; opts: PlacementOptions; target: TraceTarget };

const ctx = self as unknown as DedicatedWorkerGlobalScope;

ctx.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  const t0 = performance.now();
  try {
    const value = req.type === "place" ? placeTopology(req.spec, req.opts) : tracePod(req.spec, req.opts, req.target);
    ctx.postMessage({ id: req.id, ok: true, value, ms: performance.now() - t0 });
  } catch (err) {
    ctx.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
