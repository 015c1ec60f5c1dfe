"use client";
/**
 * Per Deployment: the lowest ready count and when, when it was whole again (or "never"), and for pods still
 * Pending at the end, the scheduler's reason in plain words (the #123019 trap named as such).
 */
import type { SimulationRunResult } from "@/lib/worker/compute";
import { explainPending } from "@/lib/viz/timeline-explain";
import { formatClock, formatDuration } from "@/lib/viz/timeline-model";

export function DeploymentSummary({ result }: { result: SimulationRunResult }) {
  return (
    <table className="sim-table" data-testid="deployment-summary">
      <thead>
        <tr><th>Deployment</th><th className="num">Lowest ready</th><th>Traffic lost at</th><th>Whole again</th><th>Left pending, and why</th></tr>
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
              <td className="num">{d.timeToDetectMs === null ? <span className="muted">never dropped</span> : `T+${formatClock(d.timeToDetectMs)}`}</td>
              <td className="num" data-testid="recovered-at">
                {d.recoveredAtMs === null
                  ? <span className="badge badge-danger">never</span>
                  : lost ? <span className="badge badge-ok">T+{formatClock(d.recoveredAtMs)} ({formatDuration(d.timeToRecoverMs)})</span> : <span className="muted">unaffected</span>}
              </td>
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
