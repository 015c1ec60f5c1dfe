"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Dialog } from "@/components/ui/dialog";
import { api, ApiError, type ApiIssue } from "@/components/api/client";
import { blankTopology } from "./blank-template";

type Mode = "blank" | "yaml";

/** Create from the blank template (JSON body) or from pasted YAML (sent verbatim so the server reports lines). */
export function CreateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("blank");
  const [name, setName] = useState("");
  const [yaml, setYaml] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; issues: ApiIssue[] } | null>(null);

  const canSubmit = !busy && (mode === "blank" ? name.trim().length > 0 : yaml.trim().length > 0);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const created = mode === "blank" ? await api.createJson(name.trim(), blankTopology(name.trim())) : await api.createYaml(yaml);
      router.push(`/topologies/${created.id}`);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, "unknown", String(e));
      setError({ message: err.message, issues: err.issues });
      setBusy(false);
    }
  }

  function close() {
    setError(null);
    setBusy(false);
    onClose();
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      wide={mode === "yaml"}
      title="New topology"
      description="Start from a three-zone template, or paste an existing topoplan.dev/v1alpha1 document."
      footer={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={!canSubmit} onClick={submit}>
            {busy ? "Creating…" : "Create topology"}
          </button>
        </>
      }
    >
      <div className="segmented" role="group" aria-label="Start from" style={{ marginBottom: 12 }}>
        <button type="button" aria-pressed={mode === "blank"} onClick={() => setMode("blank")}>
          Blank template
        </button>
        <button type="button" aria-pressed={mode === "yaml"} onClick={() => setMode("yaml")}>
          Paste YAML
        </button>
      </div>
      {mode === "blank" ? (
        <label className="field">
          <span>Name</span>
          <input
            className="input"
            autoFocus
            value={name}
            placeholder="payments-prod"
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && canSubmit && submit()}
          />
          <span className="field-hint">One region (us-east-1), three zones, a 3-member etcd and a 6-node pool.</span>
        </label>
      ) : (
        <label className="field">
          <span>Topology YAML</span>
          <textarea
            className="textarea"
            autoFocus
            spellCheck={false}
            value={yaml}
            placeholder={"apiVersion: topoplan.dev/v1alpha1\nkind: Topology\nmetadata:\n  name: my-topology\nregions: …"}
            onChange={(e) => setYaml(e.target.value)}
          />
          <span className="field-hint">The name is taken from metadata.name.</span>
        </label>
      )}
      {error && (
        <div className="banner banner-error" role="alert" style={{ display: "block" }}>
          <strong>Could not create the topology.</strong> {error.message}
          {error.issues.length > 0 && (
            <ul className="issue-mini">
              {error.issues.slice(0, 8).map((i, k) => (
                <li key={k}>
                  {i.line !== undefined && <span className="mono">L{i.line} </span>}
                  <code>{i.path || "(document)"}</code> {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
