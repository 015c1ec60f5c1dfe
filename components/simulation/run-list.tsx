"use client";
/** The topology's runs, newest first: open one, or tick two to compare them side by side. */
import { RelativeTime } from "@/components/ui/relative-time";
import { formatClock } from "@/lib/viz/timeline-model";
import { describeScenario, type RunView } from "./runs-api";

function outcome(r: RunView) {
  if (r.status === "running") return <span className="badge badge-accent">running</span>;
  if (r.status === "failed") return <span className="badge badge-danger">failed</span>;
  const s = r.summary;
  if (!s) return null;
  if (s.kind === "sweep") return <span className="badge">{s.verdicts.survives} survive · {s.verdicts.degraded} degraded · {s.verdicts.down} down</span>;
  return s.recovered
    ? <span className="badge badge-ok">whole at T+{formatClock(s.lastRecoveryMs ?? 0)}</span>
    : <span className="badge badge-danger">{s.notRecovered} never recover</span>;
}

export function RunList({ runs, activeId, picked, onOpen, onToggle }: { runs: RunView[]; activeId: string | null; picked: string[]; onOpen: (id: string) => void; onToggle: (id: string) => void }) {
  if (runs.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <ul className="sim-runs" data-testid="run-list">
      {runs.map((r) => (
        <li key={r.id} className={r.id === activeId ? "sim-run sim-run-active" : "sim-run"} data-testid="run-item">
          {r.kind === "simulation" && r.status === "succeeded" && (
            <input type="checkbox" aria-label={`Compare run ${r.id}`} checked={picked.includes(r.id)} onChange={() => onToggle(r.id)} />
          )}
          <button type="button" className="sim-run-open" onClick={() => onOpen(r.id)}>
            <span className="sim-run-title">{r.kind === "sweep" ? "Sweep" : "Simulation"} · rev {r.revision} · <RelativeTime iso={r.startedAt} /></span>
            <span className="muted sim-run-sub">{describeScenario(r.scenario)}</span>
            {outcome(r)}
          </button>
        </li>
      ))}
    </ul>
  );
}
