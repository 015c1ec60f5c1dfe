/**
 * The runs of a topology: the list (refreshed after each run), the selected run's full result, and starting a
 * simulation or sweep with polling (every 400 ms while running) that exposes the worker's progress.
 */
"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api/client";
import { runsApi, type RunView, type ScenarioBody } from "./runs-api";

export function useRuns(topologyId: string) {
  const [runs, setRuns] = useState<RunView[]>([]);
  const [active, setActive] = useState<RunView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const alive = useRef(true);
  // Set again on mount: React's Strict Mode (next dev) unmounts and remounts once, which would leave it false.
  useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const r = await runsApi.list(topologyId);
      if (alive.current) setRuns(r.items);
    } catch (e) {
      if (alive.current && e instanceof ApiError) setError(e);
    }
  }, [topologyId]);
  useEffect(() => void refresh(), [refresh]);

  const poll = useCallback(async (runId: string) => {
    for (;;) {
      const r = await runsApi.get(runId);
      if (!alive.current) return;
      setActive(r);
      if (r.status !== "running") break;
      await new Promise((res) => setTimeout(res, 400));
    }
    await refresh();
  }, [refresh]);

  const run = useCallback(async (start: () => Promise<{ runId: string }>) => {
    setError(null);
    try {
      const { runId } = await start();
      await poll(runId);
    } catch (e) {
      if (alive.current) setError(e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));
    }
  }, [poll]);

  return {
    runs, active, error,
    select: (runId: string) => void poll(runId).catch((e: unknown) => e instanceof ApiError && setError(e)),
    simulate: (revision: number, scenario: ScenarioBody) => run(() => runsApi.simulate(topologyId, revision, scenario)),
    sweep: (revision: number) => run(() => runsApi.sweep(topologyId, revision)),
  };
}
