"use client";

/**
 * 409 handling. The user's text is never discarded: "Load latest" moves it to a stash (restorable), and
 * "Save mine as r{n+1}" writes it on top of the newer revision deliberately.
 */
export function ConflictBanner(props: { latestRevision: number | null; onReload: () => void; onOverwrite: () => void; onDismiss: () => void }) {
  return (
    <div className="banner banner-warn ws-banner" role="alert" data-testid="conflict-banner">
      <span>
        <strong>Someone saved this topology meanwhile</strong>
        {props.latestRevision !== null ? ` (now at r${props.latestRevision})` : ""}. Your edits were not saved and are still in the editor.
      </span>
      <span className="btn-group">
        <button type="button" className="btn btn-sm" onClick={props.onReload}>
          Load latest (keep my text aside)
        </button>
        <button type="button" className="btn btn-sm" onClick={props.onOverwrite}>
          Save mine on top
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={props.onDismiss} aria-label="Dismiss">
          ✕
        </button>
      </span>
    </div>
  );
}

export function StashBanner(props: { fromRevision: number; onRestore: () => void; onCopy: () => void; onDismiss: () => void }) {
  return (
    <div className="banner banner-ok ws-banner" role="status" data-testid="stash-banner">
      <span>
        Loaded the latest revision. Your unsaved text (based on r{props.fromRevision}) is kept aside.
      </span>
      <span className="btn-group">
        <button type="button" className="btn btn-sm" onClick={props.onRestore}>
          Restore my text
        </button>
        <button type="button" className="btn btn-sm" onClick={props.onCopy}>
          Copy my text
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={props.onDismiss}>
          Discard it
        </button>
      </span>
    </div>
  );
}
