"use client";
/**
 * Places the document in the browser (Web Worker) whenever it or the seed settles for 200 ms, and traces pods
 * on demand in a second worker so that a trace never cancels, or waits behind, a placement.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Topology } from "@/lib/schemas/topology";
import type { TopologyPlacement } from "@/lib/services/placement-core";
import type { PodTrace, TraceTarget } from "@/lib/services/placement-trace";
import { useDebounced } from "@/components/topology-editor/use-debounced";
import { PlacementRunner } from "./placement-runner";

export interface PlacementState {
  placement: TopologyPlacement | null;
  /** The document the shown placement was computed from (traces must replay exactly that). */
  placedSpec: Topology | null;
  ms: number;
  /** "worker" or "main": where the placement ran. */
  where: "worker" | "main" | null;
  busy: boolean;
  error: string | null;
}

export function usePlacement(spec: Topology | null, seed: number) {
  // Memoised so that a re-render (e.g. the result arriving) is not mistaken for a new input.
  const request = useMemo(() => (spec ? { spec, seed } : null), [spec, seed]);
  const input = useDebounced(request, 200);
  const [state, setState] = useState<PlacementState>({ placement: null, placedSpec: null, ms: 0, where: null, busy: false, error: null });
  const placer = useRef<PlacementRunner | null>(null);
  const tracer = useRef<PlacementRunner | null>(null);

  useEffect(() => {
    placer.current = new PlacementRunner();
    tracer.current = new PlacementRunner();
    return () => {
      placer.current?.dispose();
      tracer.current?.dispose();
    };
  }, []);

  useEffect(() => {
    if (!input || !placer.current) return;
    let live = true;
    setState((s) => ({ ...s, busy: true }));
    placer.current
      .run<TopologyPlacement>({ type: "place", spec: input.spec, opts: { seed: input.seed } })
      .then(({ value, ms }) => live && setState({ placement: value, placedSpec: input.spec, ms, where: placer.current?.where ?? null, busy: false, error: null }))
      .catch((e: Error) => {
        if (live && e.message !== "superseded") setState((s) => ({ ...s, busy: false, error: e.message }));
      });
    return () => {
      live = false;
    };
  }, [input]);

  const trace = useCallback(
    async (target: TraceTarget): Promise<PodTrace | null> => {
      if (!state.placedSpec || !tracer.current) return null;
      const { value } = await tracer.current.run<PodTrace | null>({ type: "trace", spec: state.placedSpec, opts: { seed: state.placement?.seed ?? seed }, target });
      return value;
    },
    [state.placedSpec, state.placement?.seed, seed],
  );

  return { ...state, trace, stale: request !== null && (input !== request || state.busy) };
}
