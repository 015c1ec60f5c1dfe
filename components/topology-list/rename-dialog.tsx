"use client";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { api, ApiError, type TopologyListItem } from "@/components/api/client";

/**
 * Renaming is a new revision: the API has no partial update, so the current document is read and written back
 * with the new name against its revision (a concurrent save surfaces as 409 instead of being overwritten).
 */
export function RenameDialog({ item, onClose, onDone }: { item: TopologyListItem | null; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setName(item?.name ?? "");
    setError(null);
    setBusy(false);
  }, [item]);

  async function submit() {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      const current = await api.get(item.id);
      await api.update(item.id, { name: name.trim(), spec: current.spec, baseRevision: current.revision, message: `Rename to ${name.trim()}` });
      onDone();
    } catch (e) {
      const stale = e instanceof ApiError && e.status === 409 && e.code !== "name_taken";
      setError(stale ? "Someone saved this topology meanwhile. Try again." : e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  const valid = name.trim().length > 0 && name.trim() !== item?.name;
  return (
    <Dialog
      open={item !== null}
      onClose={onClose}
      title="Rename topology"
      description="The new name is recorded as a new revision."
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={!valid || busy} onClick={submit}>
            {busy ? "Renaming…" : "Rename"}
          </button>
        </>
      }
    >
      <label className="field">
        <span>Name</span>
        <input className="input" autoFocus value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === "Enter" && valid && submit()} />
      </label>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
