"use client";
import { useCallback, useEffect, useState } from "react";
import { api, ApiError, type ApiIssue, type TopologyDetail } from "@/components/api/client";
import { stringifyYaml } from "@/lib/yaml/parse";

/**
 * The document being edited: the saved revision, the user's text, and saving with optimistic concurrency.
 * Invariant: nothing here ever replaces the user's text with the server's unless the user asked to reload, and
 * then the user's text is kept in `stash` so it can be restored or copied.
 */
export type SaveOutcome =
  | { kind: "saved"; revision: number }
  | { kind: "conflict"; latestRevision: number | null }
  | { kind: "invalid"; message: string; issues: ApiIssue[] }
  | { kind: "error"; message: string };

export interface LoadedTopology {
  id: string;
  name: string;
  revision: number;
  savedText: string;
}

export function specToText(spec: unknown): string {
  return stringifyYaml(spec);
}

export function useTopologyDocument(id: string) {
  const [loaded, setLoaded] = useState<LoadedTopology | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [text, setText] = useState<string>("");
  const [stash, setStash] = useState<{ text: string; fromRevision: number } | null>(null);

  const apply = useCallback((d: TopologyDetail) => {
    const savedText = specToText(d.spec);
    setLoaded({ id: d.id, name: d.name, revision: d.revision, savedText });
    setText(savedText);
  }, []);

  useEffect(() => {
    let cancelled = false;
    api
      .get(id)
      .then((d) => !cancelled && apply(d))
      .catch((e) => !cancelled && setLoadError(e instanceof ApiError ? e : new ApiError(0, "unknown", String(e))));
    return () => {
      cancelled = true;
    };
  }, [id, apply]);

  const dirty = loaded !== null && text !== loaded.savedText;

  /** `spec` is the parsed editor text; `baseRevision` defaults to the revision the text was loaded from. */
  const save = useCallback(
    async (spec: unknown, message: string, baseRevision?: number): Promise<SaveOutcome> => {
      if (!loaded) return { kind: "error", message: "Not loaded" };
      const textAtSave = text;
      try {
        const r = await api.update(loaded.id, { name: loaded.name, spec, baseRevision: baseRevision ?? loaded.revision, message: message || undefined });
        // The text becomes the saved baseline as written by the user; a re-stringified spec would reformat it.
        setLoaded({ ...loaded, revision: r.revision, savedText: textAtSave });
        setStash(null);
        return { kind: "saved", revision: r.revision };
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          const latest = await api.get(loaded.id).then((d) => d.revision).catch(() => null);
          return { kind: "conflict", latestRevision: latest };
        }
        if (e instanceof ApiError && (e.status === 422 || e.status === 400)) return { kind: "invalid", message: e.message, issues: e.issues };
        return { kind: "error", message: e instanceof Error ? e.message : String(e) };
      }
    },
    [loaded, text],
  );

  /** Loads the newest revision into the editor, keeping the user's text aside. */
  const reloadLatest = useCallback(async () => {
    if (!loaded) return;
    const d = await api.get(loaded.id);
    setStash({ text, fromRevision: loaded.revision });
    apply(d);
  }, [loaded, text, apply]);

  const restoreStash = useCallback(() => {
    if (!stash) return;
    setText(stash.text);
    setStash(null);
  }, [stash]);

  return { loaded, loadError, text, setText, dirty, save, reloadLatest, stash, restoreStash, dismissStash: () => setStash(null) };
}
