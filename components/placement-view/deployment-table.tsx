"use client";
/**
 * Per-Deployment table: replicas (editable what-if), scheduled, pending, the spread across the cluster's
 * zones as mini bars, each spread constraint's observed skew against its maxSkew (both editable), and the
 * replicas left if the worst zone is lost.
 */
import { max, scaleLinear } from "d3";
import type { DeploymentSummary } from "@/lib/services/placement-core";
import type { Topology } from "@/lib/schemas/topology";
import { deploymentColor } from "@/lib/viz/placement-colors";
import { zoneColor } from "@/lib/viz/palette";
import { deploymentFields, deploymentKey, type DeploymentEdit, type WhatIfs, type WhenUnsatisfiable } from "@/lib/viz/placement-whatif";
import { lossSeverity } from "@/lib/viz/placement-loss";
import styles from "./placement.module.css";

interface Props {
  deployments: DeploymentSummary[];
  zonesOf: (cluster: string) => string[];
  zoneIndex: (zone: string) => number;
  baseSpec: Topology;
  whatIfs: WhatIfs;
  onEdit: (key: string, edit: DeploymentEdit) => void;
}

const shortKey = (k: string) => (k === "topology.kubernetes.io/zone" ? "zone" : k === "kubernetes.io/hostname" ? "hostname" : k === "topology.kubernetes.io/region" ? "region" : k);

function ZoneBars({ byZone, zones, zoneIndex }: { byZone: Record<string, number>; zones: string[]; zoneIndex: (z: string) => number }) {
  // Bar heights: a linear scale from 0 to the fullest zone (at least 1 pod) onto the track's height, in %.
  const height = scaleLinear([0, Math.max(1, max(zones, (z) => byZone[z] ?? 0) ?? 0)], [0, 100]);
  return (
    <div className={styles.bars} aria-label={zones.map((z) => `${z}: ${byZone[z] ?? 0}`).join(", ")}>
      {zones.map((z) => {
        const n = byZone[z] ?? 0;
        return (
          <div key={z} className={styles.bar} title={`${z}: ${n}`} data-testid="zone-bar" data-zone={z} data-count={n}>
            <div className={styles.barTrack}>
              <div className={styles.barFill} style={{ height: `${height(n)}%`, background: zoneColor(zoneIndex(z)) }} />
            </div>
            <span className="num">{n.toLocaleString("en-US")}</span>
          </div>
        );
      })}
    </div>
  );
}

export function DeploymentTable({ deployments, zonesOf, zoneIndex, baseSpec, whatIfs, onEdit }: Props) {
  if (deployments.length === 0) return <p className="muted">No Deployments in this topology.</p>;
  return (
    <table className={`table ${styles.depTable}`} data-testid="deployment-table">
      <thead>
        <tr>
          <th>Deployment</th>
          <th className={styles.right}>Replicas</th>
          <th className={styles.right}>Scheduled</th>
          <th className={styles.right}>Pending</th>
          <th>Across zones</th>
          <th>Spread: skew / maxSkew</th>
          <th className={styles.right} title="Replicas still running if the zone holding most of them is lost">If one zone is lost</th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((d, i) => {
          const key = deploymentKey(d.namespace, d.name);
          const base = deploymentFields(baseSpec, d.namespace, d.name);
          const edit = whatIfs[key] ?? {};
          const lost = d.ifLost.zone;
          const sev = lossSeverity(lost.replicasLeft, d.replicas);
          return (
            <tr key={`${d.cluster}/${key}`} data-testid="deployment-row" data-deployment={d.name}>
              <td>
                <span className={styles.swatch} style={{ background: deploymentColor(i) }} />
                <span className={styles.depName}>{d.name}</span>
                <div className="muted">
                  {d.namespace} · {d.cluster}
                </div>
              </td>
              <td className={styles.right}>
                <input
                  className={`input num ${styles.numInput} ${edit.replicas !== undefined ? styles.edited : ""}`}
                  type="number"
                  min={0}
                  max={100000}
                  aria-label={`replicas of ${d.name}`}
                  value={edit.replicas ?? base?.replicas ?? d.replicas}
                  onChange={(e) => {
                    const v = e.currentTarget.valueAsNumber;
                    if (Number.isInteger(v) && v >= 0 && v <= 100000) onEdit(key, { ...edit, replicas: v === base?.replicas ? undefined : v });
                  }}
                />
              </td>
              <td className={`${styles.right} num`}>{d.scheduled.toLocaleString("en-US")}</td>
              <td className={`${styles.right} num ${d.pending > 0 ? styles.bad : ""}`} data-testid="pending-count">
                {d.pending.toLocaleString("en-US")}
              </td>
              <td>
                <ZoneBars byZone={d.byZone} zones={zonesOf(d.cluster)} zoneIndex={zoneIndex} />
              </td>
              <td>
                {d.spread.length === 0 && <span className="muted">no constraints</span>}
                {d.spread.map((c, ci) => {
                  const ce = edit.constraints?.[ci] ?? {};
                  const bc = base?.constraints[ci];
                  const set = (next: { maxSkew?: number; whenUnsatisfiable?: WhenUnsatisfiable }) => {
                    const merged = { ...ce, ...next };
                    if (merged.maxSkew === bc?.maxSkew) delete merged.maxSkew;
                    if (merged.whenUnsatisfiable === bc?.whenUnsatisfiable) delete merged.whenUnsatisfiable;
                    onEdit(key, { ...edit, constraints: { ...edit.constraints, [ci]: merged } });
                  };
                  return (
                    <div key={ci} className={styles.constraint} data-testid="constraint">
                      <span className={styles.ckey} title={c.topologyKey}>
                        {shortKey(c.topologyKey)}
                      </span>
                      <span className={`num ${c.skew > c.maxSkew ? styles.bad : ""}`} title="observed skew: max - min pods over eligible domains">
                        {c.skew}
                      </span>
                      <span className="muted">/</span>
                      <input
                        className={`input num ${styles.skewInput} ${ce.maxSkew !== undefined ? styles.edited : ""}`}
                        type="number"
                        min={1}
                        aria-label={`maxSkew of ${d.name} ${shortKey(c.topologyKey)}`}
                        value={ce.maxSkew ?? bc?.maxSkew ?? c.maxSkew}
                        onChange={(e) => {
                          const v = e.currentTarget.valueAsNumber;
                          if (Number.isInteger(v) && v >= 1) set({ maxSkew: v });
                        }}
                      />
                      <select
                        className={`select ${styles.whenSelect} ${ce.whenUnsatisfiable !== undefined ? styles.edited : ""}`}
                        aria-label={`whenUnsatisfiable of ${d.name} ${shortKey(c.topologyKey)}`}
                        value={ce.whenUnsatisfiable ?? bc?.whenUnsatisfiable ?? c.whenUnsatisfiable}
                        onChange={(e) => set({ whenUnsatisfiable: e.currentTarget.value as WhenUnsatisfiable })}
                      >
                        <option>DoNotSchedule</option>
                        <option>ScheduleAnyway</option>
                      </select>
                    </div>
                  );
                })}
              </td>
              <td className={styles.right}>
                <span className={`num ${styles.loss} ${sev === "zero" ? styles.lossZero : sev === "low" ? styles.lossLow : ""}`} data-testid="zone-loss" data-severity={sev}>
                  {lost.replicasLeft.toLocaleString("en-US")} <span className={styles.lossOf}>of {d.replicas.toLocaleString("en-US")}</span>
                </span>
                {lost.worst && <div className="muted">losing {lost.worst}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
