"use client";
/**
 * The topology of a saved revision (the one a run used), validated and cached per topology and revision:
 * revisions never change, so each is fetched once per page.
 */
import { useEffect, useState } from "react";
import { api } from "@/components/api/client";
import type { Topology } from "@/lib/schemas/topology";
import { validateTopology } from "@/lib/schemas/validate";

export type RevisionTopology = { status: "loading" } | { status: "ok"; topology: Topology } | { status: "error"; message: string };

const cache = new Map<string, Promise<Topology>>();

function load(topologyId: string, revision: number): Promise<Topology> {
  const key = `${topologyId}@${revision}`;
  let p = cache.get(key);
  if (!p) {
    p = api.revision(topologyId, revision).then((r) => {
      const v = validateTopology(r.spec);
      if (!v.ok) throw new Error(`revision ${revision} is not a valid topology`);
      return v.topology;
    });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

export function useRevisionTopology(topologyId: string, revision: number): RevisionTopology {
  const [state, setState] = useState<{ key: string; value: RevisionTopology }>({ key: "", value: { status: "loading" } });
  const key = `${topologyId}@${revision}`;
  useEffect(() => {
    let alive = true;
    load(topologyId, revision).then(
      (topology) => alive && setState({ key, value: { status: "ok", topology } }),
      (e: unknown) => alive && setState({ key, value: { status: "error", message: e instanceof Error ? e.message : String(e) } }),
    );
    return () => void (alive = false);
  }, [topologyId, revision, key]);
  return state.key === key ? state.value : { status: "loading" };
}
