"use client";
/** Two simulation runs side by side (before / after a change): per Deployment, lowest ready, recovery, pending. */
import { useEffect, useState } from "react";
import { ApiError } from "@/components/api/client";
import { formatClock } from "@/lib/viz/timeline-model";
import { describeScenario, runsApi, type Comparison, type DeploymentOutcome } from "./runs-api";

const cell = (d: DeploymentOutcome | null) => !d ? <span className="muted">—</span> : (
  <>
    <span className={d.minReady === 0 ? "sim-bad" : d.minReady < d.desired ? "sim-warn" : "sim-good"}>{d.minReady}/{d.desired}</span>
    {" · "}{d.recoveredAtMs === null ? <span className="badge badge-danger">never whole</span> : <span>whole at T+{formatClock(d.recoveredAtMs)}</span>}
    {d.pendingAtEnd > 0 && <span className="sim-pending"> · {d.pendingAtEnd} pending</span>}
  </>
);

export function RunCompare({ a, b }: { a: string; b: string }) {
  const [data, setData] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    runsApi.compare(a, b).then((d) => live && setData(d), (e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)));
    return () => void (live = false);
  }, [a, b]);
  if (error) return <p className="sim-bad">{error}</p>;
  if (!data) return <p className="muted">Comparing…</p>;
  return (
    <table className="sim-table" data-testid="run-compare">
      <thead>
        <tr>
          <th>Deployment</th>
          <th>A · revision {data.a.revision}<div className="muted sim-th-sub">{describeScenario(data.a.scenario)}</div></th>
          <th>B · revision {data.b.revision}<div className="muted sim-th-sub">{describeScenario(data.b.scenario)}</div></th>
          <th>B vs A</th>
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={r.key} data-deployment={r.key.split("/").pop()}>
            <td className="mono">{r.key}</td>
            <td className="num">{cell(r.a)}</td>
            <td className="num">{cell(r.b)}</td>
            <td data-testid="change"><span className={`badge ${r.change === "better" ? "badge-ok" : r.change === "worse" ? "badge-danger" : ""}`}>{r.change}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
