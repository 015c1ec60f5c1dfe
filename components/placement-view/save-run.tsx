"use client";
/**
 * "Save as run": the server places the SAVED revision with this seed and stores it (POST .../placements);
 * the stored runs are listed next to the button (GET .../placements), newest first.
 */
import { useCallback, useEffect, useState } from "react";
import styles from "./placement.module.css";

type State = { status: "idle" } | { status: "saving" } | { status: "saved"; revision: number } | { status: "error"; message: string };
interface RunItem {
  runId: string;
  revision: number;
  seed: number;
  startedAt: string;
  durationMs: number | null;
  totals: { pods: number; scheduled: number; pending: number } | null;
}

const base = (id: string) => `/api/topologies/${encodeURIComponent(id)}/placements`;

export function SaveRun({ topologyId, revision, seed, caveat }: { topologyId: string; revision: number; seed: number; caveat: boolean }) {
  const [state, setState] = useState<State>({ status: "idle" });
  const [runs, setRuns] = useState<RunItem[] | null>(null);
  const load = useCallback(async () => {
    try {
      const res = await fetch(base(topologyId), { cache: "no-store" });
      if (res.ok) setRuns(((await res.json()) as { items: RunItem[] }).items);
    } catch {
      // The list is a convenience; the button still works and reports its own errors.
    }
  }, [topologyId]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    setState({ status: "saving" });
    try {
      const res = await fetch(base(topologyId), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ revision, seed }) });
      const body = (await res.json()) as { runId?: string; revision?: number; error?: { message?: string } };
      if (!res.ok || !body.runId) setState({ status: "error", message: body.error?.message ?? `${res.status}` });
      else {
        setState({ status: "saved", revision: body.revision ?? revision });
        void load();
      }
    } catch {
      setState({ status: "error", message: "the server could not be reached" });
    }
  };
  const title = `Places saved revision r${revision} on the server with seed ${seed} and stores it as a run${caveat ? " (what-ifs and unsaved edits are not included)" : ""}`;
  return (
    <div className={styles.saveRun}>
      {state.status === "saved" && (
        <span className="text-ok" data-testid="run-saved">
          Saved run of r{state.revision}
        </span>
      )}
      {state.status === "error" && <span className="text-danger">Could not save: {state.message}</span>}
      {runs && runs.length > 0 && (
        <details className={styles.runs}>
          <summary>
            {runs.length} run{runs.length === 1 ? "" : "s"}
          </summary>
          <table className={`table ${styles.runTable}`} data-testid="runs">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Rev</th>
                <th>Seed</th>
                <th className={styles.right}>Scheduled</th>
                <th className={styles.right}>Pending</th>
              </tr>
            </thead>
            <tbody>
              {runs.slice(0, 10).map((r) => (
                <tr key={r.runId} title={`run ${r.runId}, ${r.durationMs ?? "?"} ms`}>
                  <td className="num">{r.startedAt.slice(0, 19).replace("T", " ")}</td>
                  <td className="num">r{r.revision}</td>
                  <td className="num">{r.seed}</td>
                  <td className={`${styles.right} num`}>{r.totals?.scheduled.toLocaleString("en-US") ?? "–"}</td>
                  <td className={`${styles.right} num ${r.totals?.pending ? styles.bad : ""}`}>{r.totals?.pending.toLocaleString("en-US") ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <button type="button" className="btn btn-sm" onClick={save} disabled={state.status === "saving"} title={title}>
        {state.status === "saving" ? "Saving…" : `Save as run (r${revision})`}
      </button>
    </div>
  );
}
