"use client";
/**
 * Scenario picker: fail one zone / region / node / cluster (at t = 0 or later), optionally recover it later, or
 * drain a node (kubectl drain: cordon + evictions honouring PodDisruptionBudgets); and / or roll out a Deployment
 * (kubectl set image, or kubectl rollout restart without an image) at its own time, over a horizon. So "the zone
 * fails 2 minutes into a rollout" is a rollout at 0 and a failure at 2.
 * Targets are read from the saved topology's expansion (the node names the scheduler sees).
 */
import { useMemo, useState } from "react";
import { expandTopology } from "@/lib/engine/model/expand";
import type { Topology } from "@/lib/schemas/topology";
import { describeScenario, type ScenarioBody } from "./runs-api";

type Kind = "zone" | "region" | "node" | "cluster" | "drain" | "none";
type ScenarioEvent = ScenarioBody["events"][number];

/** Minutes typed in a field (decimals allowed) as a scenario duration: "0s", "90s", "2m". Blank or invalid: 0. */
export function minutesToAt(text: string): string {
  const v = Number(text.trim() === "" ? 0 : text);
  const s = Number.isFinite(v) && v > 0 ? Math.round(v * 60) : 0;
  return s % 60 === 0 && s > 0 ? `${s / 60}m` : `${s}s`;
}

export function ScenarioForm({ spec, busy, onRun, onSweep }: { spec: Topology | null; busy: boolean; onRun: (s: ScenarioBody) => void; onSweep: () => void }) {
  const { targets, deployments } = useMemo(() => {
    if (!spec) return { targets: { zone: [], region: [], node: [], cluster: [], drain: [], none: [] } as Record<Kind, string[]>, deployments: new Map<string, string>() };
    const clusters = expandTopology(spec);
    const node = clusters.flatMap((c) => c.snapshot.nodes.map((n) => n.metadata.name ?? "")).slice(0, 500);
    // namespace/name -> the first container's image (shown as the image field's placeholder).
    const deployments = new Map<string, string>();
    for (const c of clusters) for (const d of c.snapshot.deployments) {
      const key = `${d.metadata.namespace || "default"}/${d.metadata.name ?? ""}`;
      if (!deployments.has(key)) deployments.set(key, d.spec.template.spec.containers[0]?.image ?? "");
    }
    return {
      targets: { zone: spec.regions.flatMap((r) => r.zones), region: spec.regions.map((r) => r.id), node, cluster: clusters.map((c) => c.name), drain: node, none: [] },
      deployments: new Map([...deployments].sort(([a], [b]) => a.localeCompare(b))),
    };
  }, [spec]);
  const [kind, setKind] = useState<Kind>("zone");
  const [target, setTarget] = useState("");
  const [failAtMin, setFailAtMin] = useState("0");
  const [recoverMin, setRecoverMin] = useState("");
  const [horizonMin, setHorizonMin] = useState("15");
  const [rollout, setRollout] = useState("");
  const [rolloutAtMin, setRolloutAtMin] = useState("0");
  const [image, setImage] = useState("");
  const chosen = targets[kind].includes(target) ? target : (targets[kind][0] ?? "");
  const rolled = deployments.has(rollout) ? rollout : "";

  const scenario = (): ScenarioBody => {
    const horizon = `${Math.max(1, Number(horizonMin) || 30)}m`;
    const events: ScenarioEvent[] = [];
    if (rolled) events.push({ at: minutesToAt(rolloutAtMin), rollout: { deployment: rolled, ...(image.trim() ? { image: image.trim() } : {}) } });
    const at = minutesToAt(failAtMin);
    if (kind === "drain") {
      // A drain has no recovery: the node stays cordoned (there is no uncordon verb).
      if (chosen) events.push({ at, drain: { node: chosen } });
    } else if (kind !== "none" && chosen) {
      const t = { [kind]: chosen };
      events.push({ at, fail: t });
      const rec = Number(recoverMin);
      if (recoverMin.trim() !== "" && rec > 0) events.push({ at: minutesToAt(String((Number(failAtMin) || 0) + rec)), recover: t });
    }
    return { horizon, events };
  };
  const preview = scenario();
  const runnable = preview.events.length > 0;

  return (
    <form className="sim-form" onSubmit={(e) => { e.preventDefault(); if (runnable) onRun(scenario()); }} aria-label="Scenario">
      <div className="sim-form-row">
        <label className="sim-field">
          <span>Fail</span>
          <select className="select" value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Failure domain">
            <option value="zone">zone</option>
            <option value="region">region</option>
            <option value="node">node</option>
            <option value="cluster">cluster</option>
            <option value="drain">drain node</option>
            <option value="none">nothing</option>
          </select>
        </label>
        <label className="sim-field sim-field-wide">
          <span>Target</span>
          <select className="select" value={chosen} disabled={kind === "none"} onChange={(e) => setTarget(e.target.value)} aria-label="Target" data-testid="scenario-target">
            {targets[kind].map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label className="sim-field sim-field-narrow">
          <span>at (min)</span>
          <input className="input" inputMode="decimal" value={kind === "none" ? "" : failAtMin} disabled={kind === "none"} onChange={(e) => setFailAtMin(e.target.value)} aria-label="Fail at minutes" />
        </label>
        <label className="sim-field">
          <span>recover after (min)</span>
          <input className="input" inputMode="numeric" placeholder="never" value={kind === "drain" || kind === "none" ? "" : recoverMin} disabled={kind === "drain" || kind === "none"} onChange={(e) => setRecoverMin(e.target.value)} aria-label="Recover after minutes" />
        </label>
        <label className="sim-field">
          <span>horizon (min)</span>
          <input className="input" inputMode="numeric" value={horizonMin} onChange={(e) => setHorizonMin(e.target.value)} aria-label="Horizon minutes" />
        </label>
        <div className="btn-group sim-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !runnable} data-testid="run-simulation">Run simulation</button>
          <button type="button" className="btn" disabled={busy || !spec} onClick={onSweep} data-testid="run-sweep" title="Fail each zone, then each region, one at a time">Sweep all zones & regions</button>
        </div>
      </div>
      <div className="sim-form-row">
        <label className="sim-field">
          <span>Roll out</span>
          <select className="select" value={rolled} onChange={(e) => setRollout(e.target.value)} aria-label="Roll out Deployment" data-testid="rollout-deployment">
            <option value="">no rollout</option>
            {[...deployments.keys()].map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <label className="sim-field sim-field-wide">
          <span>new image <span className="muted">(empty: rollout restart)</span></span>
          <input className="input mono" value={rolled ? image : ""} disabled={!rolled} placeholder={rolled ? deployments.get(rolled) : ""} onChange={(e) => setImage(e.target.value)} aria-label="Rollout image" data-testid="rollout-image" title="kubectl set image deployment/NAME '*=IMAGE' (every container); empty: kubectl rollout restart" />
        </label>
        <label className="sim-field sim-field-narrow">
          <span>at (min)</span>
          <input className="input" inputMode="decimal" value={rolled ? rolloutAtMin : ""} disabled={!rolled} onChange={(e) => setRolloutAtMin(e.target.value)} aria-label="Rollout at minutes" data-testid="rollout-at" />
        </label>
        <span className="muted sim-form-preview" data-testid="scenario-preview">{runnable ? describeScenario(preview) : "Pick a failure or a rollout."}</span>
      </div>
    </form>
  );
}
