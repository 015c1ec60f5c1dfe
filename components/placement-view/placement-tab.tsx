"use client";
/**
 * The Placement tab: where kube-scheduler would put every pod of the editor's current document, computed in
 * the browser (the engine is pure) so every edit shows at once. What-if edits (replicas, maxSkew,
 * whenUnsatisfiable) change a local copy only; "Save as run" stores a placement of the SAVED revision.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Topology } from "@/lib/schemas/topology";
import type { PendingPod } from "@/lib/services/placement-core";
import type { TraceTarget } from "@/lib/services/placement-trace";
import { groupPending } from "@/lib/services/placement-summary";
import { applyWhatIfs, countEdits, type DeploymentEdit, type WhatIfs } from "@/lib/viz/placement-whatif";
import { deploymentColor } from "@/lib/viz/placement-colors";
import { useQuantizedWidth } from "@/components/topology-view/use-quantized-width";
import { DeploymentTable } from "./deployment-table";
import { PendingList } from "./pending-list";
import { PlacementMap, type PodPick } from "./placement-map";
import { SaveRun } from "./save-run";
import { TracePanel, type TraceState } from "./trace-panel";
import { usePlacement } from "./use-placement";
import styles from "./placement.module.css";

/** Props every workspace tab receives: the saved topology and the editor's last valid document (null while invalid). */
export interface WorkspaceTabProps {
  topologyId: string;
  revision: number;
  spec: Topology | null;
}

/** The cluster section's horizontal padding and borders (placement.module.css), so the map fits inside it. */
const SECTION_INSET = 2 * 12 + 2;
const fmt = (n: number) => n.toLocaleString("en-US");

export function PlacementTab({ topologyId, revision, spec }: WorkspaceTabProps) {
  const [whatIfs, setWhatIfs] = useState<WhatIfs>({});
  const [seed, setSeed] = useState(0);
  const [trace, setTrace] = useState<TraceState | null>(null);
  const [selected, setSelected] = useState<{ cluster: string; node: string } | null>(null);
  const traceSeq = useRef(0);
  const effective = useMemo(() => (spec ? applyWhatIfs(spec, whatIfs) : null), [spec, whatIfs]);
  const placed = usePlacement(effective, seed);
  const mapRef = useRef<HTMLDivElement>(null);
  const width = useQuantizedWidth(mapRef, 40);
  const edits = countEdits(whatIfs);

  const zoneOrder = useMemo(() => (spec ?? placed.placedSpec)?.regions.flatMap((r) => r.zones) ?? [], [spec, placed.placedSpec]);
  const zoneIndex = useCallback((z: string) => Math.max(0, zoneOrder.indexOf(z)), [zoneOrder]);
  const p = placed.placement;
  const zonesOf = useCallback((cluster: string) => p?.clusters.find((c) => c.name === cluster)?.zones ?? [], [p]);
  const groups = useMemo(() => (p ? groupPending(p) : []), [p]);

  const openTrace = useCallback(
    (title: string, run: () => Promise<TraceState>) => {
      const mine = ++traceSeq.current;
      setTrace({ status: "loading", title });
      run()
        .then((s) => mine === traceSeq.current && setTrace(s))
        .catch((e: Error) => mine === traceSeq.current && e.message !== "superseded" && setTrace({ status: "error", title, message: e.message }));
    },
    [],
  );
  // The open trace's target: when a what-if re-places, the trace is computed again on the new placement (a
  // pending pod that now fits shows as such, instead of a stale Unschedulable).
  const [traced, setTraced] = useState<{ title: string; target: TraceTarget } | null>(null);
  const placedTrace = placed.trace;
  useEffect(() => {
    if (!traced) return;
    openTrace(traced.title, async () => {
      const t = await placedTrace(traced.target);
      return t
        ? { status: "done", trace: t }
        : traced.target.kind === "pod"
          ? { status: "none", title: traced.title, message: `${traced.title} is no longer pending in this placement: its ReplicaSet's pods were placed again after the change.` }
          : { status: "none", title: traced.title };
    });
  }, [traced, placedTrace, openTrace]);
  const pickPod = useCallback(
    (pick: PodPick) => {
      const d = pick.d !== null && pick.d >= 0 ? p?.deployments[pick.d] : undefined;
      if (!d) return;
      setSelected({ cluster: pick.cluster, node: pick.node });
      setTraced({ title: `a pod of ${d.name} on ${pick.node}`, target: { cluster: pick.cluster, kind: "onNode", namespace: d.namespace, deployment: d.name, node: pick.node } });
    },
    [p],
  );
  const pickPending = useCallback((pod: PendingPod) => {
    setSelected(null);
    setTraced({ title: pod.name, target: { cluster: pod.cluster, kind: "pod", namespace: pod.namespace, name: pod.name } });
  }, []);
  const onEdit = useCallback((key: string, edit: DeploymentEdit) => setWhatIfs((w) => ({ ...w, [key]: edit })), []);

  return (
    <div className={`${styles.tab} ${trace ? styles.withTrace : ""}`} data-testid="placement-tab">
      <div className={styles.main}>
        <div className={styles.toolbar}>
          <div className={styles.stats} data-testid="placement-stats" data-runner={placed.where ?? ""}>
            {p ? (
              <>
                <span>
                  <b className="num">{fmt(p.totals.nodes)}</b> nodes
                </span>
                <span>
                  <b className="num">{fmt(p.totals.pods)}</b> pods
                </span>
                <span>
                  <b className="num">{fmt(p.totals.scheduled)}</b> scheduled
                </span>
                <span className={p.totals.pending ? styles.bad : ""}>
                  <b className="num">{fmt(p.totals.pending)}</b> pending
                </span>
                <span className="muted num" title={`time to place every pod, in this browser (${placed.where === "worker" ? "Web Worker" : "main thread"})`}>
                  placed in {placed.ms < 1000 ? `${Math.round(placed.ms)} ms` : `${(placed.ms / 1000).toFixed(1)} s`}
                </span>
              </>
            ) : (
              <span className="muted">{spec ? "Placing…" : "The document has errors: fix them in Design to place it."}</span>
            )}
            {placed.stale && p && (
              <span className={styles.busy} aria-live="polite">
                re-placing…
              </span>
            )}
          </div>
          <label className={styles.seed}>
            seed
            <input className={`input num ${styles.numInput}`} type="number" min={0} value={seed} onChange={(e) => Number.isInteger(e.currentTarget.valueAsNumber) && setSeed(Math.max(0, e.currentTarget.valueAsNumber))} aria-label="seed" />
          </label>
          <SaveRun topologyId={topologyId} revision={revision} seed={seed} caveat={edits > 0} />
        </div>
        {edits > 0 && (
          <div className={`banner banner-warn ${styles.whatIf}`} role="status" data-testid="whatif-banner">
            <span>
              <b>What-if:</b> {edits} edit{edits === 1 ? "" : "s"} below change a local copy for this placement only. The document in the editor is unchanged.
            </span>
            <button type="button" className="btn btn-sm" onClick={() => setWhatIfs({})}>
              Reset what-ifs
            </button>
          </div>
        )}
        {!spec && p && <div className={`banner banner-warn ${styles.whatIf}`}>The document has errors; showing the placement of the last valid version.</div>}
        {placed.error && (
          <div className="banner banner-error" role="alert">
            Placement failed: {placed.error}
          </div>
        )}

        <div ref={mapRef} className={`${styles.maps} ${placed.stale ? styles.dim : ""}`}>
          {p &&
            width > 0 &&
            p.clusters.map((c) => (
              <section key={c.name} className={styles.clusterSection} aria-label={`cluster ${c.name}`}>
                <PlacementMap
                  cluster={c}
                  deployments={p.deployments}
                  width={width - SECTION_INSET}
                  zoneIndex={zoneIndex}
                  onPick={pickPod}
                  selectedNode={selected?.cluster === c.name ? selected.node : null}
                  head={
                    <>
                      <h3 className={styles.clusterTitle}>
                        {c.name} <span className="muted">· {c.regions.join(", ")}</span>
                      </h3>
                      <ul className={styles.legend} aria-label="Deployment colours">
                        {p.deployments.map((d, i) =>
                          d.cluster === c.name ? (
                            <li key={`${d.namespace}/${d.name}`}>
                              <span className={styles.swatch} style={{ background: deploymentColor(i) }} />
                              {d.name}
                            </li>
                          ) : null,
                        )}
                      </ul>
                    </>
                  }
                />
              </section>
            ))}
        </div>

        {p && (
          <>
            <section className={styles.section}>
              <h3>Deployments</h3>
              <DeploymentTable deployments={p.deployments} zonesOf={zonesOf} zoneIndex={zoneIndex} baseSpec={spec ?? placed.placedSpec!} whatIfs={whatIfs} onEdit={onEdit} />
            </section>
            <section className={styles.section}>
              <h3>
                Pending pods <span className="muted num">{fmt(p.totals.pending)}</span>
              </h3>
              <PendingList groups={groups} pods={p.pending} onPick={pickPending} />
            </section>
            {p.warnings.length > 0 && (
              <section className={styles.section}>
                <h3>Warnings</h3>
                <ul>
                  {p.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </div>
      {trace && <TracePanel
          state={trace}
          onClose={() => {
            traceSeq.current++;
            setTrace(null);
            setTraced(null);
            setSelected(null);
          }}
        />}
    </div>
  );
}
