"use client";
/**
 * Scenario picker: fail one zone / region / node / cluster at t = 0, optionally recover it later, or drain a node
 * (kubectl drain: cordon + evictions honouring PodDisruptionBudgets), over a horizon.
 * Targets are read from the saved topology's expansion (the node names the scheduler sees).
 */
import { useMemo, useState } from "react";
import { expandTopology } from "@/lib/engine/model/expand";
import type { Topology } from "@/lib/schemas/topology";
import type { ScenarioBody } from "./runs-api";

type Kind = "zone" | "region" | "node" | "cluster" | "drain";
type ScenarioEvent = ScenarioBody["events"][number];

export function ScenarioForm({ spec, busy, onRun, onSweep }: { spec: Topology | null; busy: boolean; onRun: (s: ScenarioBody) => void; onSweep: () => void }) {
  const targets = useMemo(() => {
    if (!spec) return { zone: [], region: [], node: [], cluster: [], drain: [] } as Record<Kind, string[]>;
    const clusters = expandTopology(spec);
    const node = clusters.flatMap((c) => c.snapshot.nodes.map((n) => n.metadata.name ?? "")).slice(0, 500);
    return {
      zone: spec.regions.flatMap((r) => r.zones),
      region: spec.regions.map((r) => r.id),
      node,
      cluster: clusters.map((c) => c.name),
      drain: node,
    };
  }, [spec]);
  const [kind, setKind] = useState<Kind>("zone");
  const [target, setTarget] = useState("");
  const [recoverMin, setRecoverMin] = useState("");
  const [horizonMin, setHorizonMin] = useState("15");
  const chosen = targets[kind].includes(target) ? target : (targets[kind][0] ?? "");

  const submit = () => {
    const horizon = `${Math.max(1, Number(horizonMin) || 30)}m`;
    if (kind === "drain") {
      // A drain has no recovery: the node stays cordoned (there is no uncordon verb).
      const drain: ScenarioEvent = { at: "0s", drain: { node: chosen } };
      onRun({ horizon, events: [drain] });
      return;
    }
    const t = { [kind]: chosen };
    const events: ScenarioBody["events"] = [{ at: "0s", fail: t }];
    const rec = Number(recoverMin);
    if (recoverMin.trim() !== "" && rec > 0) events.push({ at: `${rec}m`, recover: t });
    onRun({ horizon, events });
  };

  return (
    <form className="sim-form" onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label="Scenario">
      <label className="sim-field">
        <span>Fail</span>
        <select className="select" value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Failure domain">
          <option value="zone">zone</option>
          <option value="region">region</option>
          <option value="node">node</option>
          <option value="cluster">cluster</option>
          <option value="drain">drain node</option>
        </select>
      </label>
      <label className="sim-field sim-field-wide">
        <span>Target</span>
        <select className="select" value={chosen} onChange={(e) => setTarget(e.target.value)} aria-label="Target" data-testid="scenario-target">
          {targets[kind].map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      <label className="sim-field">
        <span>recover after (min)</span>
        <input className="input" inputMode="numeric" placeholder="never" value={kind === "drain" ? "" : recoverMin} disabled={kind === "drain"} onChange={(e) => setRecoverMin(e.target.value)} aria-label="Recover after minutes" />
      </label>
      <label className="sim-field">
        <span>horizon (min)</span>
        <input className="input" inputMode="numeric" value={horizonMin} onChange={(e) => setHorizonMin(e.target.value)} aria-label="Horizon minutes" />
      </label>
      <div className="btn-group sim-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !chosen} data-testid="run-simulation">Run simulation</button>
        <button type="button" className="btn" disabled={busy || !spec} onClick={onSweep} data-testid="run-sweep" title="Fail each zone, then each region, one at a time">Sweep all zones & regions</button>
      </div>
    </form>
  );
}
