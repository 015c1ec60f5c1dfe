"use client";
import { useEffect, useState } from "react";
import { api, type RevisionItem } from "@/components/api/client";
import { RelativeTime } from "@/components/ui/relative-time";
import { RevisionDiff } from "./revision-diff";

/**
 * Revisions, newest first. Selecting one compares it with the one before it; "compare with" picks any base.
 * Reloads when `latestRevision` moves (after a save) so the new revision appears at once.
 */
export function HistoryPanel({ topologyId, latestRevision }: { topologyId: string; latestRevision: number }) {
  const [items, setItems] = useState<RevisionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState<number>(latestRevision);
  const [from, setFrom] = useState<number>(Math.max(1, latestRevision - 1));

  useEffect(() => {
    let cancelled = false;
    api
      .revisions(topologyId)
      .then((r) => {
        if (cancelled) return;
        const sorted = [...r.items].sort((a, b) => b.revision - a.revision);
        setItems(sorted);
        setTo(latestRevision);
        setFrom(Math.max(1, latestRevision - 1));
      })
      .catch((e) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [topologyId, latestRevision]);

  if (error) return <div className="banner banner-error" style={{ margin: 12 }}>Could not load the history: {error}</div>;
  if (!items) return <div className="history-loading"><span className="spinner" /></div>;

  return (
    <div className="history" data-testid="history">
      <ol className="history-list" aria-label="Revisions">
        {items.map((r) => (
          <li key={r.revision}>
            <button
              type="button"
              className="history-item"
              aria-current={r.revision === to ? "true" : undefined}
              onClick={() => {
                setTo(r.revision);
                setFrom(Math.max(1, r.revision - 1));
              }}
              data-testid="revision"
              data-revision={r.revision}
            >
              <span className="history-rev mono">r{r.revision}</span>
              <span className="history-msg">{r.message ? r.message : <span className="muted">No message</span>}</span>
              <span className="history-time">
                <RelativeTime iso={r.createdAt} />
              </span>
            </button>
          </li>
        ))}
      </ol>
      <div className="history-diff">
        {items.length < 2 ? (
          <p className="muted history-note">Only one revision so far: save a change to compare revisions.</p>
        ) : (
          <>
            <div className="history-diff-head">
              <label>
                Compare{" "}
                <select className="select select-inline" value={from} onChange={(e) => setFrom(Number(e.target.value))} aria-label="Base revision">
                  {items.filter((i) => i.revision !== to).map((i) => (
                    <option key={i.revision} value={i.revision}>
                      r{i.revision}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted">→</span>
              <span className="badge badge-accent mono">r{to}</span>
            </div>
            {from !== to && <RevisionDiff topologyId={topologyId} from={from} to={to} />}
          </>
        )}
      </div>
    </div>
  );
}
