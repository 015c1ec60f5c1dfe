"use client";
/**
 * One pod's scheduling cycle as kube-scheduler ran it: which Filter plugin rejected which nodes (grouped by
 * reason, with counts) and, when it was placed, the per-plugin normalized scores of the best nodes.
 */
import type { PodTrace } from "@/lib/services/placement-trace";
import styles from "./placement.module.css";

/** Column headers: the full plugin name is in the tooltip; seven full names do not fit a side panel. */
const SHORT: Record<string, string> = {
  TaintToleration: "Taint",
  NodeAffinity: "NodeAff",
  NodeResourcesFit: "Fit",
  PodTopologySpread: "Spread",
  InterPodAffinity: "PodAff",
  NodeResourcesBalancedAllocation: "Balanced",
  ImageLocality: "Image",
};

export type TraceState = { status: "loading"; title: string } | { status: "error"; title: string; message: string } | { status: "done"; trace: PodTrace } | { status: "none"; title: string; message?: string };

export function TracePanel({ state, onClose }: { state: TraceState; onClose: () => void }) {
  return (
    <aside className={styles.trace} data-testid="trace-panel" aria-label="Scheduling trace">
      <header className={styles.traceHead}>
        <h3>Scheduling trace</h3>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close trace">
          ✕
        </button>
      </header>
      {state.status === "loading" && (
        <p className="muted" aria-busy="true">
          Replaying the placement up to {state.title}…
        </p>
      )}
      {state.status === "error" && <p className="text-danger">{state.message}</p>}
      {state.status === "none" && <p className="muted">{state.message ?? `No scheduling cycle found for ${state.title} (it may have been bound before placement).`}</p>}
      {state.status === "done" && <TraceBody t={state.trace} />}
    </aside>
  );
}

function TraceBody({ t }: { t: PodTrace }) {
  const plugins = Object.keys(t.topNodes[0]?.byPlugin ?? {}).filter((p) => (t.weights[p] ?? 0) > 0);
  const rejectedNodes = t.evaluatedNodes - t.feasibleNodes;
  return (
    <div className={styles.traceBody}>
      <div className={`mono ${styles.tracePod}`} data-testid="trace-pod">
        {t.pod}
      </div>
      <div className="muted">cluster {t.cluster}</div>
      {t.nodeName ? (
        <p className={styles.traceOutcome}>
          <span className="text-ok">Scheduled</span> on <span className="mono">{t.nodeName}</span>
        </p>
      ) : (
        <p className={styles.traceOutcome}>
          <span className="text-danger">Unschedulable</span>
          <code className={styles.schedMsg}>{t.message}</code>
        </p>
      )}
      <dl className={styles.traceStats}>
        <dt>Nodes</dt>
        <dd className="num">{t.numAllNodes.toLocaleString("en-US")}</dd>
        <dt>Evaluated</dt>
        <dd className="num">{t.evaluatedNodes.toLocaleString("en-US")}</dd>
        <dt>Feasible</dt>
        <dd className="num">{t.feasibleNodes.toLocaleString("en-US")}</dd>
      </dl>

      <h4>Filter: {rejectedNodes.toLocaleString("en-US")} node{rejectedNodes === 1 ? "" : "s"} rejected</h4>
      {t.rejected.length === 0 ? (
        <p className="muted">No node was rejected.</p>
      ) : (
        <table className={`table ${styles.traceTable}`} data-testid="trace-rejections">
          <thead>
            <tr>
              <th>Plugin</th>
              <th>Reason</th>
              <th className={styles.right}>Nodes</th>
            </tr>
          </thead>
          <tbody>
            {t.rejected.map((g) => (
              <tr key={`${g.plugin}/${g.reason}`} title={`e.g. ${g.examples.join(", ")}`}>
                <td className="mono">{g.plugin}</td>
                <td>{g.reason}</td>
                <td className={`${styles.right} num`}>{g.count.toLocaleString("en-US")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {t.topNodes.length > 0 && (
        <>
          <h4>Score: top {t.topNodes.length} nodes</h4>
          <p className="muted">Normalized 0–100 per plugin; the total weighs them (weight in brackets).</p>
          <div className={styles.scoreScroll}>
            <table className={`table ${styles.traceTable}`} data-testid="trace-scores">
              <thead>
                <tr>
                  <th>Node</th>
                  <th className={styles.right}>Total</th>
                  {plugins.map((p) => (
                    <th key={p} className={styles.right} title={p}>
                      {SHORT[p] ?? p}
                      <span className="muted"> ×{t.weights[p]}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {t.topNodes.map((n) => (
                  <tr key={n.node} className={n.node === t.nodeName ? styles.chosen : undefined}>
                    <td className={`mono ${styles.nowrap}`}>{n.node}</td>
                    <td className={`${styles.right} num`}>{n.total}</td>
                    {plugins.map((p) => (
                      <td key={p} className={`${styles.right} num`}>
                        {n.byPlugin[p] ?? "–"}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
