"use client";
/**
 * The Simulation tab: pick a failure, run it on the server (a worker thread), watch progress, then read the
 * outage timeline, the outage topology (failed domains, pods per zone before and after), the per-Deployment
 * summary, the sweep table, the HA lint, and compare two runs.
 * Runs use the SAVED revision; the lint panel follows the editor's current document so a fix shows at once.
 */
import { useMemo, useState } from "react";
import type { WorkspaceTabProps } from "@/components/placement-view/placement-tab";
import { lintHa } from "@/lib/engine/analysis/lint";
import type { SweepRunResult } from "@/lib/worker/compute";
import { rolloutHeadline, rolloutsOf } from "@/lib/viz/rollouts";
import { outageHeadline } from "@/lib/viz/timeline-explain";
import { formatClock } from "@/lib/viz/timeline-model";
import { DeploymentSummary } from "./deployment-summary";
import { LintPanel } from "./lint-panel";
import { OutageTimeline } from "./outage-timeline";
import { OutageTopology } from "./outage-topology";
import { RunCompare } from "./run-compare";
import { RunList } from "./run-list";
import { describeScenario } from "./runs-api";
import { ScenarioForm } from "./scenario-form";
import { SweepTable } from "./sweep-table";
import { useRuns } from "./use-runs";
import "./simulation.css";

export function SimulationTab({ topologyId, revision, spec }: WorkspaceTabProps) {
  const { runs, active, error, select, simulate, sweep } = useRuns(topologyId);
  const [picked, setPicked] = useState<string[]>([]);
  const [lastSweep, setLastSweep] = useState<SweepRunResult | null>(null);
  const busy = active?.status === "running";
  const result = active?.status === "succeeded" ? active.result ?? null : null;
  if (result?.kind === "sweep" && result !== lastSweep) setLastSweep(result);
  const findings = useMemo(() => (spec ? lintHa({ topology: spec, ...(lastSweep ? { sweep: lastSweep.clusters } : {}) }) : []), [spec, lastSweep]);
  // A = the older run, B = the newer: "B vs A" then reads as before → after a change.
  const pair = [...picked].sort((x, y) => (runs.find((r) => r.id === x)?.startedAt ?? "").localeCompare(runs.find((r) => r.id === y)?.startedAt ?? ""));
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));

  return (
    <div className="sim-root" data-testid="simulation-tab">
      <section className="card sim-card sim-scenario">
        <div className="sim-card-head">
          <h3>Scenario</h3>
          <span className="muted">Runs use saved revision {revision}. Virtual time: t = 0 is the scenario's start on a steady cluster.</span>
        </div>
        <ScenarioForm spec={spec} busy={busy} onRun={(s) => void simulate(revision, s)} onSweep={() => void sweep(revision)} />
        {busy && active && (
          <div className="sim-progress" data-testid="run-progress" role="status">
            <div className="sim-progress-bar"><div style={{ width: `${Math.round(((active.progress?.done ?? 0) / Math.max(1, active.progress?.total ?? 1)) * 100)}%` }} /></div>
            <span className="muted">Simulating in a worker… {active.progress ? `${Math.round((active.progress.done / Math.max(1, active.progress.total)) * 100)}%${active.progress.label ? ` · ${active.progress.label}` : ""}${active.kind === "simulation" && active.progress.virtualMs > 0 ? ` · T+${formatClock(active.progress.virtualMs)}` : ""}` : "starting"}</span>
          </div>
        )}
        {error && <div className="sim-error" role="alert">{error.message}{error.issues.map((i) => <div key={i.path} className="mono">{i.path}: {i.message}</div>)}</div>}
        {active?.status === "failed" && <div className="sim-error" role="alert">Run failed: {active.error}</div>}
      </section>

      <div className="sim-body">
        <main className="sim-main">
          {picked.length === 2 && (
            <section className="card sim-card">
              <div className="sim-card-head"><h3>Compare runs</h3><button type="button" className="btn btn-sm btn-ghost" onClick={() => setPicked([])}>Close</button></div>
              <RunCompare a={pair[0]!} b={pair[1]!} />
            </section>
          )}
          {result?.kind === "simulation" && active && (
            <>
              <section className="card sim-card">
                <div className="sim-card-head">
                  <h3>Outage timeline</h3>
                  <span className="muted" data-testid="active-run">{describeScenario(active.scenario)} · revision {active.revision}</span>
                </div>
                <p className="sim-headline" data-testid="outage-headline">{outageHeadline(result, formatClock)} {rolloutHeadline(result.deployments.flatMap((d) => rolloutsOf(result, d)), formatClock)}</p>
                <OutageTimeline result={result} />
              </section>
              <section className="card sim-card">
                <div className="sim-card-head">
                  <h3>Outage topology</h3>
                  <span className="muted">Failed domains, and where the pods were at t = 0 and at the end · revision {active.revision}</span>
                </div>
                <OutageTopology result={result} topologyId={topologyId} revision={active.revision} />
              </section>
              <section className="card sim-card">
                <div className="sim-card-head"><h3>Deployments</h3><span className="muted">Lowest ready, when each was whole again, and what is still Pending</span></div>
                <DeploymentSummary result={result} />
              </section>
            </>
          )}
          {result?.kind === "sweep" && active && (
            <section className="card sim-card">
              <div className="sim-card-head"><h3>Sweep</h3><span className="muted">Each zone, then each region, failed alone · revision {active.revision}</span></div>
              <SweepTable result={result} />
            </section>
          )}
          {!result && !busy && picked.length < 2 && (
            <section className="card sim-card sim-empty">
              <h3>What happens when a zone goes down?</h3>
              <p className="secondary">Pick a zone, region or node and run: the simulation replays Kubernetes&apos; controllers minute by minute — the 50 s grace period before nodes go NotReady, NoExecute taints at 0.1 node/s, the 300 s default tolerations before eviction, then rescheduling — and shows when each Deployment is whole again, or why it never is.</p>
            </section>
          )}
        </main>
        <aside className="sim-side">
          <section className="card sim-card">
            <div className="sim-card-head"><h3>Runs</h3><span className="muted">tick two to compare</span></div>
            <RunList runs={runs} activeId={active?.id ?? null} picked={picked} onOpen={select} onToggle={toggle} />
          </section>
          <section className="card sim-card">
            <div className="sim-card-head"><h3>HA lint</h3></div>
            {spec ? <LintPanel findings={findings} withSweep={lastSweep !== null} /> : <p className="muted">The document has errors; fix them in the Design tab.</p>}
          </section>
        </aside>
      </div>
    </div>
  );
}
