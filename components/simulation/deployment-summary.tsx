"use client";
/**
 * Per Deployment: the lowest ready count and when, when it was whole again (or "never"), and for pods still
 * Pending at the end, the scheduler's reason in plain words (the #123019 trap named as such). When the scenario rolls
 * out a Deployment: when its rollout started, and when it completed, or that it did not and why.
 */
import type { SimulationRunResult } from "@/lib/worker/compute";
import { explainPending } from "@/lib/viz/timeline-explain";
import { hasRollouts, rolloutsOf, type RolloutView } from "@/lib/viz/rollouts";
import { formatClock, formatDuration } from "@/lib/viz/timeline-model";

function RolloutCell({ views }: { views: RolloutView[] }) {
  if (views.length === 0) return <span className="muted">—</span>;
  return (
    <div className="sim-reasons">
      {views.map((v) => (
        <div key={`${v.atMs}-${v.status}`} className="sim-rollout-cell" data-testid="rollout-summary" data-status={v.status}>
          <div>
            <span className="num">T+{formatClock(v.atMs)}</span>{" "}
            {v.status === "not-started" ? <span className="muted">not rolled out</span> : <span>{v.strategy}{v.image ? <span className="muted"> to {v.image}</span> : <span className="muted"> (restart)</span>}</span>}
          </div>
          {v.status === "complete" && <span className="badge badge-ok num">complete at T+{formatClock(v.completedAtMs!)} ({formatDuration(v.completedAtMs! - v.atMs)})</span>}
          {v.status === "superseded" && <span className="badge num">superseded at T+{formatClock(v.supersededAtMs!)}</span>}
          {v.status === "incomplete" && <span className="badge badge-danger">not complete</span>}
          {v.replicaSet && <span className="sim-raw mono" title="the new template's ReplicaSet">{v.replicaSet}</span>}
          {v.why && <span className="sim-rollout-why">{v.why}</span>}
        </div>
      ))}
    </div>
  );
}

export function DeploymentSummary({ result }: { result: SimulationRunResult }) {
  const withRollouts = hasRollouts(result);
  return (
    <table className="sim-table" data-testid="deployment-summary">
      <thead>
        <tr><th>Deployment</th><th className="num">Lowest ready</th><th>Traffic lost at</th><th>Whole again</th>{withRollouts && <th>Rollout</th>}<th>Left pending, and why</th></tr>
      </thead>
      <tbody>
        {result.deployments.map((d) => {
          const reasons = Object.entries(d.pendingReasons);
          const lost = d.minReady < d.desired;
          return (
            <tr key={`${d.cluster}/${d.namespace}/${d.name}`} data-deployment={d.name}>
              <td><strong>{d.name}</strong> <span className="muted">{d.namespace}</span></td>
              <td className="num">
                <span className={d.minReady === 0 ? "sim-bad" : lost ? "sim-warn" : "sim-good"}>{d.minReady}/{d.desired}</span>
                {lost && <span className="muted"> at T+{formatClock(d.minReadyAtMs)}</span>}
              </td>
              <td className="num" data-testid="lost-at">{d.timeToDetectMs === null ? <span className="muted">never dropped</span> : `T+${formatClock((d.measuresFromMs ?? 0) + d.timeToDetectMs)}`}</td>
              <td className="num" data-testid="recovered-at">
                {d.recoveredAtMs === null
                  ? <span className="badge badge-danger">never</span>
                  : lost ? <span className="badge badge-ok">T+{formatClock(d.recoveredAtMs)} ({formatDuration(d.timeToRecoverMs)})</span> : <span className="muted">unaffected</span>}
              </td>
              {withRollouts && <td data-testid="rollout-cell"><RolloutCell views={rolloutsOf(result, d)} /></td>}
              <td>
                {d.pendingAtEnd === 0 && reasons.length === 0 ? <span className="muted">—</span> : (
                  <div className="sim-reasons">
                    {reasons.map(([reason, n]) => (
                      <div key={reason}>
                        <span className="badge badge-danger num">{n} pending</span> <span className="sim-explain">{explainPending(reason, d.spreads)}</span>
                        <div className="sim-raw mono" title="kube-scheduler's FailedScheduling message">{reason}</div>
                      </div>
                    ))}
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
