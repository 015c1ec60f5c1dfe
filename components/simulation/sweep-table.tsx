"use client";
/**
 * The sweep: one row per failure scenario (each zone, each region), one cell per Deployment with its verdict
 * (survives / degraded / down, coloured), lowest ready, recovery time and pods left Pending with the reason;
 * then the extra capacity the surviving zones would need to absorb the failed domain's requests.
 */
import type { SweepRunResult } from "@/lib/worker/compute";
import { explainPending } from "@/lib/viz/timeline-explain";
import { formatDuration } from "@/lib/viz/timeline-model";

const cpu = (m: number) => `${(m / 1000).toFixed(m % 1000 ? 1 : 0)} CPU`;
const mem = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;

export function SweepTable({ result }: { result: SweepRunResult }) {
  return (
    <div className="sim-sweep" data-testid="sweep-table">
      {result.clusters.map((c) => {
        const names = c.scenarios[0]?.deployments.map((d) => d.name) ?? [];
        return (
          <div key={c.cluster} className="sim-scroll">
            {result.clusters.length > 1 && <h4>{c.cluster}</h4>}
            <table className="sim-table sim-sweep-table">
              <thead>
                <tr><th>If this fails</th>{names.map((n) => <th key={n}>{n}</th>)}<th>Extra capacity needed</th></tr>
              </thead>
              <tbody>
                {c.scenarios.map((s) => {
                  const extra = s.shortfall.filter((z) => z.extraCpuMilli > 0 || z.extraMemoryBytes > 0);
                  return (
                    <tr key={s.scenario.id} data-scenario={s.scenario.id}>
                      <th scope="row"><span className="muted">{s.scenario.kind}</span> {s.scenario.name}</th>
                      {s.deployments.map((d) => {
                        const reason = Object.keys(d.pendingReasons)[0];
                        return (
                          <td key={d.name} className={`sim-verdict sim-verdict-${d.verdict}`} data-verdict={d.verdict}
                            title={reason ? explainPending(reason) : undefined}>
                            <div className="sim-verdict-label">{d.verdict}</div>
                            <div className="num">min {d.minReady}/{d.desired} ready · {d.recoveredAtMs === null ? "never whole" : d.minReady < d.desired ? `whole in ${formatDuration(d.recoveredAtMs)}` : "no loss"}</div>
                            {d.pendingAtEnd > 0 && <div className="sim-pending">{d.pendingAtEnd} pending{reason ? `: ${shortReason(reason)}` : ""}</div>}
                          </td>
                        );
                      })}
                      <td className="num">
                        {s.scenario.kind === "region" && s.shortfall.length === 0 ? <span className="muted">no surviving zone in this cluster</span>
                          : extra.length === 0 ? <span className="sim-good">none</span>
                          : extra.map((z) => <div key={z.zone}>{z.zone}: +{cpu(z.extraCpuMilli)}, +{mem(z.extraMemoryBytes)}</div>)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
      <p className="muted sim-note">Verdicts: <b>survives</b> = never below desired minus what its PodDisruptionBudget allows; <b>down</b> = 0 ready at some point; otherwise <b>degraded</b>. Each scenario runs 1 h of virtual time with the cluster&apos;s timings.</p>
    </div>
  );
}

function shortReason(reason: string): string {
  if (/topology spread/.test(reason)) return "spread constraint";
  const m = /Insufficient (\w+)/.exec(reason);
  if (m) return `insufficient ${m[1]}`;
  if (/affinity\/selector/.test(reason)) return "no matching node left";
  return "unschedulable";
}
