"use client";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";

export function SaveDialog(props: { open: boolean; revision: number; onClose: () => void; onSave: (message: string) => Promise<void> }) {
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (props.open) {
      setMessage("");
      setBusy(false);
    }
  }, [props.open]);

  async function submit() {
    setBusy(true);
    await props.onSave(message.trim());
    setBusy(false);
  }

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title="Save revision"
      description={`Creates revision ${props.revision + 1}. Earlier revisions stay in the history.`}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={submit} data-testid="confirm-save">
            {busy ? "Saving…" : `Save r${props.revision + 1}`}
          </button>
        </>
      }
    >
      <label className="field" style={{ marginBottom: 0 }}>
        <span>Message</span>
        <input
          className="input"
          autoFocus
          value={message}
          placeholder="What changed and why, e.g. Scale general pool to 3 nodes per zone"
          onChange={(e) => setMessage(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && !busy && submit()}
          data-testid="save-message"
        />
      </label>
    </Dialog>
  );
}
