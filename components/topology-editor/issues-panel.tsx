"use client";
import type { EditorIssue } from "./yaml-editor";

/** Errors first, then warnings; each row jumps the editor to its line. */
export function IssuesPanel({ issues, onJump }: { issues: EditorIssue[]; onJump: (issue: EditorIssue) => void }) {
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  return (
    <section className="issues" aria-label="Problems" data-testid="issues-panel">
      <header className="issues-head">
        <span>Problems</span>
        <span className={errors ? "badge badge-danger" : "badge"} data-testid="error-count">
          {errors} {errors === 1 ? "error" : "errors"}
        </span>
        <span className={warnings ? "badge badge-warn" : "badge"}>
          {warnings} {warnings === 1 ? "warning" : "warnings"}
        </span>
      </header>
      {issues.length === 0 ? (
        <p className="issues-empty">No problems: the document is a valid topology.</p>
      ) : (
        <ul className="issues-list">
          {issues.map((i, k) => (
            <li key={k}>
              <button type="button" className={`issue issue-${i.severity}`} onClick={() => onJump(i)} data-testid="issue" data-line={i.line}>
                <span className="issue-icon" aria-label={i.severity}>
                  {i.severity === "error" ? "●" : "▲"}
                </span>
                <span className="issue-loc mono">{i.line !== undefined ? `${i.line}:${i.column ?? 1}` : "—"}</span>
                <span className="issue-text">
                  {i.path && <code className="issue-path">{i.path}</code>}
                  <span>{i.message}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
