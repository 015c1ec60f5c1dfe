"use client";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { DesignTab } from "./design-tab";
import { SaveDialog } from "./save-dialog";
import { ConflictBanner, StashBanner } from "./conflict-banner";
import { useTopologyDocument, type SaveOutcome } from "./use-topology-document";
import { useDebounced } from "./use-debounced";
import { validateText } from "./validate-text";
import { PlacementTab } from "@/components/placement-view/placement-tab";
import { SimulationTab } from "@/components/simulation/simulation-tab";
import { ConsoleTab } from "@/components/console/console-tab";

export type WorkspaceTab = "design" | "placement" | "simulation" | "console";
const TABS: { id: WorkspaceTab; label: string }[] = [
  { id: "design", label: "Design" },
  { id: "placement", label: "Placement" },
  { id: "simulation", label: "Simulation" },
  { id: "console", label: "Console" },
];

export function TopologyWorkspace({ id, initialTab = "design" }: { id: string; initialTab?: WorkspaceTab }) {
  const doc = useTopologyDocument(id);
  const [tab, setTab] = useState<WorkspaceTab>(initialTab);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);

  // Validate after a short pause in typing: parsing + zod on every keystroke of a long document stutters.
  const debounced = useDebounced(doc.text, 180);
  const validated = useMemo(() => ({ text: debounced, result: validateText(debounced) }), [debounced]);
  const current = validated.text === doc.text;
  const errorCount = validated.result.ok ? 0 : validated.result.issues.length;

  useEffect(() => {
    if (!doc.dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [doc.dirty]);

  const selectTab = (t: WorkspaceTab) => {
    setTab(t);
    const url = new URL(window.location.href);
    if (t === "design") url.searchParams.delete("tab");
    else url.searchParams.set("tab", t);
    window.history.replaceState(null, "", url);
  };

  const doSave = useCallback(
    async (message: string, baseRevision?: number) => {
      const v = validateText(doc.text);
      if (!v.ok) {
        setOutcome({ kind: "invalid", message: "Fix the errors before saving.", issues: v.issues });
        setSaving(false);
        return;
      }
      const r = await doc.save(v.value, message, baseRevision);
      setOutcome(r);
      setSaving(false);
    },
    [doc],
  );

  if (doc.loadError) {
    return (
      <main className="page">
        <div className="card empty" role="alert">
          <h2>{doc.loadError.status === 404 ? "Topology not found" : "Could not load the topology"}</h2>
          <p>{doc.loadError.status === 404 ? "It may have been deleted." : doc.loadError.message}</p>
          <Link href="/" className="btn">
            Back to topologies
          </Link>
        </div>
      </main>
    );
  }
  if (!doc.loaded) {
    return (
      <main className="page">
        <div className="card empty" aria-busy="true">
          <span className="spinner" /> <span className="muted">Loading topology…</span>
        </div>
      </main>
    );
  }

  const { loaded } = doc;
  const canSave = doc.dirty && errorCount === 0 && current;
  return (
    <main className="ws">
      <header className="ws-head">
        <div className="ws-title">
          <Link href="/" className="muted">
            Topologies
          </Link>
          <span className="muted">/</span>
          <h1 data-testid="topology-name">{loaded.name}</h1>
          <span className="badge" data-testid="revision-badge">
            r{loaded.revision}
          </span>
          {doc.dirty ? (
            <span className="badge badge-warn" data-testid="unsaved">
              <span className="dot" /> Unsaved changes
            </span>
          ) : (
            <span className="badge badge-ok" data-testid="saved-state">
              Saved
            </span>
          )}
        </div>
        <nav className="tabs" role="tablist" aria-label="Topology views">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" className="tab" aria-selected={tab === t.id} onClick={() => selectTab(t.id)}>
              {t.label}
            </button>
          ))}
        </nav>
        <div className="ws-actions">
          <span className="ws-validity" data-testid="validity">
            {!current ? (
              <span className="muted">Checking…</span>
            ) : errorCount > 0 ? (
              <span className="text-danger">
                {errorCount} {errorCount === 1 ? "error" : "errors"}
              </span>
            ) : (
              <span className="text-ok">Valid</span>
            )}
          </span>
          <button type="button" className="btn btn-primary" disabled={!canSave} onClick={() => setSaving(true)} data-testid="save">
            Save…
          </button>
        </div>
      </header>

      {outcome?.kind === "conflict" && (
        <ConflictBanner
          latestRevision={outcome.latestRevision}
          onDismiss={() => setOutcome(null)}
          onReload={async () => {
            setOutcome(null);
            await doc.reloadLatest();
          }}
          onOverwrite={() => outcome.latestRevision !== null && doSave("", outcome.latestRevision)}
        />
      )}
      {doc.stash && (
        <StashBanner
          fromRevision={doc.stash.fromRevision}
          onRestore={doc.restoreStash}
          onCopy={() => void navigator.clipboard?.writeText(doc.stash?.text ?? "")}
          onDismiss={doc.dismissStash}
        />
      )}
      {(outcome?.kind === "invalid" || outcome?.kind === "error") && (
        <div className="banner banner-error ws-banner" role="alert">
          <span>
            <strong>Not saved.</strong> {outcome.message}
          </span>
          <span className="btn-group">
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOutcome(null)} aria-label="Dismiss">
              ✕
            </button>
          </span>
        </div>
      )}
      {outcome?.kind === "saved" && (
        <div className="banner banner-ok ws-banner" role="status" data-testid="saved-banner">
          <span>Saved as r{outcome.revision}.</span>
          <span className="btn-group">
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOutcome(null)} aria-label="Dismiss">
              ✕
            </button>
          </span>
        </div>
      )}

      {tab === "design" ? (
        <DesignTab
          topologyId={loaded.id}
          revision={loaded.revision}
          text={doc.text}
          onText={doc.setText}
          validated={validated}
          onSaveShortcut={() => canSave && setSaving(true)}
        />
      ) : tab === "placement" ? (
        <PlacementTab topologyId={loaded.id} revision={loaded.revision} spec={validated.result.ok ? validated.result.topology : null} />
      ) : tab === "simulation" ? (
        <SimulationTab topologyId={loaded.id} revision={loaded.revision} spec={validated.result.ok ? validated.result.topology : null} />
      ) : (
        <ConsoleTab topologyId={loaded.id} revision={loaded.revision} spec={validated.result.ok ? validated.result.topology : null} />
      )}

      <SaveDialog
        open={saving}
        revision={loaded.revision}
        onClose={() => setSaving(false)}
        onSave={async (message) => {
          await doSave(message);
        }}
      />
    </main>
  );
}
