"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { api, ApiError, type TopologyListItem } from "@/components/api/client";
import { RelativeTime } from "@/components/ui/relative-time";
import { CreateDialog } from "./create-dialog";
import { RenameDialog } from "./rename-dialog";
import { DeleteDialog } from "./delete-dialog";

type State = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; items: TopologyListItem[] };


type Counts = Pick<TopologyListItem, "regions" | "zones" | "clusters" | "nodes" | "workloads">;

const COUNTS: [keyof Counts, string][] = [
  ["regions", "Regions"],
  ["zones", "Zones"],
  ["clusters", "Clusters"],
  ["nodes", "Nodes"],
  ["workloads", "Workloads"],
];

export function TopologyList({ initial }: { initial?: TopologyListItem[] }) {
  const [state, setState] = useState<State>(initial ? { kind: "ready", items: initial } : { kind: "loading" });
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<TopologyListItem | null>(null);
  const [deleting, setDeleting] = useState<TopologyListItem | null>(null);

  const load = useCallback(async () => {
    try {
      const { items } = await api.list();
      setState({ kind: "ready", items });
    } catch (e) {
      setState({ kind: "error", message: e instanceof ApiError ? e.message : String(e) });
    }
  }, []);

  useEffect(() => {
    if (!initial) void load();
  }, [initial, load]);

  return (
    <main className="page">
      <div className="page-head">
        <div>
          <h1>Topologies</h1>
          <p>Regions, zones, clusters and node pools, validated as you edit and versioned on every save.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New topology
        </button>
      </div>

      {state.kind === "loading" && (
        <div className="card empty" aria-busy="true">
          <span className="spinner" /> <span className="muted">Loading topologies…</span>
        </div>
      )}
      {state.kind === "error" && (
        <div className="banner banner-error" role="alert">
          <span>
            <strong>Could not load topologies.</strong> {state.message}
          </span>
          <span className="btn-group">
            <button type="button" className="btn btn-sm" onClick={() => { setState({ kind: "loading" }); void load(); }}>
              Retry
            </button>
          </span>
        </div>
      )}
      {state.kind === "ready" && state.items.length === 0 && (
        <div className="card empty">
          <h2>No topologies yet</h2>
          <p>Create one from the three-zone template or paste a topology you already have.</p>
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New topology
          </button>
        </div>
      )}
      {state.kind === "ready" && state.items.length > 0 && (
        <div className="card" style={{ overflow: "hidden" }}>
          <table className="table" aria-label="Topologies">
            <thead>
              <tr>
                <th>Name</th>
                {COUNTS.map(([k, label]) => (
                  <th key={k} className="num">
                    {label}
                  </th>
                ))}
                <th className="num">Revision</th>
                <th>Updated</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.items.map((item) => {
                const s: Counts = item;
                return (
                  <tr key={item.id} data-testid="topology-row">
                    <td>
                      <Link href={`/topologies/${item.id}`} className="table-title">
                        {item.name}
                      </Link>
                      {item.description && <div className="table-sub">{item.description}</div>}
                    </td>
                    {COUNTS.map(([k]) => (
                      <td key={k} className="num" data-count={k}>
                        {s[k] === undefined ? <span className="muted">—</span> : s[k]!.toLocaleString("en-US")}
                      </td>
                    ))}
                    <td className="num">
                      <span className="badge">r{item.revision}</span>
                    </td>
                    <td className="secondary nowrap">
                      <RelativeTime iso={item.updatedAt} />
                    </td>
                    <td className="row-actions">
                      <span className="btn-group">
                        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setRenaming(item)} aria-label={`Rename ${item.name}`}>
                          Rename
                        </button>
                        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setDeleting(item)} aria-label={`Delete ${item.name}`}>
                          Delete
                        </button>
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <CreateDialog open={creating} onClose={() => setCreating(false)} />
      <RenameDialog item={renaming} onClose={() => setRenaming(null)} onDone={() => { setRenaming(null); void load(); }} />
      <DeleteDialog item={deleting} onClose={() => setDeleting(null)} onDone={() => { setDeleting(null); void load(); }} />
    </main>
  );
}
