"use client";
/**
 * HA findings for the editor's current document (live: a fix shows at once), enriched by the latest sweep when
 * there is one. Each says what to change, why, and links the Kubernetes source.
 */
import type { LintFinding } from "@/lib/engine/analysis/lint";

const BADGE = { error: "badge-danger", warning: "badge-warn", info: "badge-accent" } as const;

export function LintPanel({ findings, withSweep }: { findings: LintFinding[]; withSweep: boolean }) {
  return (
    <div data-testid="lint-panel">
      <p className="muted sim-note">{findings.length} finding{findings.length === 1 ? "" : "s"} for the document in the editor{withSweep ? ", checked against the latest sweep" : "; run a sweep to check them against simulated outages"}.</p>
      <ul className="sim-findings">
        {findings.map((f) => (
          <li key={f.id} className="sim-finding" data-rule={f.rule}>
            <div className="sim-finding-head">
              <span className={`badge ${BADGE[f.severity]}`}>{f.severity}</span>
              <span className="mono">{f.object}</span>
              <span className="muted mono">{f.rule}</span>
            </div>
            <div className="sim-finding-msg">{f.message}</div>
            <div className="secondary">{f.reason} <a href={f.source.url} target="_blank" rel="noreferrer">{f.source.title} ↗</a></div>
          </li>
        ))}
      </ul>
    </div>
  );
}
