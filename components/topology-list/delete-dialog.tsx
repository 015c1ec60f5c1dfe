"use client";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { api, type TopologyListItem } from "@/components/api/client";

export function DeleteDialog({ item, onClose, onDone }: { item: TopologyListItem | null; onClose: () => void; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setBusy(false);
    setError(null);
  }, [item]);

  async function submit() {
    if (!item) return;
    setBusy(true);
    try {
      await api.remove(item.id);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={item !== null}
      onClose={onClose}
      title="Delete topology?"
      description={
        <>
          <strong>{item?.name}</strong> and all {item?.revision ?? 0} of its revisions will be deleted. This cannot be undone.
        </>
      }
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={submit}>
            {busy ? "Deleting…" : "Delete topology"}
          </button>
        </>
      }
    >
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
