"use client";
import { useEffect, useState } from "react";
import { api } from "@/components/api/client";
import { formatValue, normalizeDiff, type DiffRow } from "./diff-model";

/** Long paths wrap after their separators, never inside a key. */
function breakablePath(path: string) {
  return path.split(/(?<=[.\]])/).map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
}

const SIGN: Record<DiffRow["kind"], string> = { added: "+", removed: "−", changed: "~" };

export function RevisionDiff({ topologyId, from, to }: { topologyId: string; from: number; to: number }) {
  const [rows, setRows] = useState<DiffRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setRows(null);
    setError(null);
    api
      .diff(topologyId, from, to)
      .then((body) => !cancelled && setRows(normalizeDiff(body)))
      .catch((e) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [topologyId, from, to]);

  if (error) return <div className="banner banner-error">Could not compute the diff: {error}</div>;
  if (!rows) return <div className="history-loading"><span className="spinner" /></div>;
  if (rows.length === 0) return <p className="muted history-note">No differences in the document between r{from} and r{to}.</p>;

  const counts = { added: 0, removed: 0, changed: 0 };
  for (const r of rows) counts[r.kind] += 1;
  return (
    <div data-testid="diff">
      <p className="diff-summary">
        <span className="diff-added">{counts.added} added</span> · <span className="diff-removed">{counts.removed} removed</span> ·{" "}
        <span className="diff-changed">{counts.changed} changed</span>
      </p>
      <table className="diff-table">
        <thead>
          <tr>
            <th aria-label="Change" />
            <th>Path</th>
            <th>r{from}</th>
            <th>r{to}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={`diff-${r.kind}`} data-testid="diff-row" data-kind={r.kind}>
              <td className="diff-sign">{SIGN[r.kind]}</td>
              <td className="mono diff-path">{r.path ? breakablePath(r.path) : "(document)"}</td>
              <td className="mono diff-before">{r.kind === "added" ? <span className="muted">—</span> : formatValue(r.before)}</td>
              <td className="mono diff-after">{r.kind === "removed" ? <span className="muted">—</span> : formatValue(r.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
