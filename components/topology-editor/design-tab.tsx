"use client";
import { useMemo, useRef, useState } from "react";
import { TopologyView } from "@/components/topology-view/topology-view";
import { HistoryPanel } from "@/components/history/history-panel";
import { viewModelFromExpansion } from "@/lib/viz/build-view-model";
import type { TopologyViewModel } from "@/lib/viz/topology-model";
import { YamlEditor, type EditorIssue } from "./yaml-editor";
import { IssuesPanel } from "./issues-panel";
import type { TextValidation } from "./validate-text";

/**
 * Design tab: the YAML editor with its problems on the left, the diagram (or the revision history) on the right.
 * The diagram is built from the last VALID document, so typing through an invalid state never blanks it.
 */
export function DesignTab(props: {
  topologyId: string;
  revision: number;
  text: string;
  onText: (t: string) => void;
  validated: { text: string; result: TextValidation };
  onSaveShortcut: () => void;
}) {
  const { validated } = props;
  const [jump, setJump] = useState<{ line: number; column?: number; nonce: number } | null>(null);
  const [right, setRight] = useState<"diagram" | "history">("diagram");
  const [editorHidden, setEditorHidden] = useState(false);

  const issues: EditorIssue[] = useMemo(() => {
    const r = validated.result;
    const errors = r.ok ? [] : r.issues.map((i) => ({ ...i, severity: "error" as const }));
    return [...errors, ...r.warnings.map((w) => ({ ...w, severity: "warning" as const }))];
  }, [validated]);

  const lastModel = useRef<TopologyViewModel | null>(null);
  const model = useMemo(() => {
    if (validated.result.ok) lastModel.current = viewModelFromExpansion(validated.result.topology);
    return lastModel.current;
  }, [validated]);

  return (
    <div className={editorHidden ? "ws-design is-wide" : "ws-design"}>
      <section className="ws-editor" aria-label="Editor" hidden={editorHidden}>
        <div className="ws-editor-code">
          <YamlEditor
            value={props.text}
            onChange={props.onText}
            issues={issues}
            issuesFor={validated.text}
            jump={jump}
            onSaveShortcut={props.onSaveShortcut}
          />
        </div>
        <IssuesPanel issues={issues} onJump={(i) => i.line !== undefined && setJump({ line: i.line, column: i.column, nonce: Date.now() })} />
      </section>
      <section className="ws-right" aria-label={right === "diagram" ? "Diagram" : "History"}>
        <div className="ws-right-head">
          <div className="segmented" role="group" aria-label="Right panel">
            <button type="button" aria-pressed={right === "diagram"} onClick={() => setRight("diagram")}>
              Diagram
            </button>
            <button type="button" aria-pressed={right === "history"} onClick={() => setRight("history")}>
              History
            </button>
          </div>
          <button type="button" className="btn btn-sm btn-ghost ws-expand" onClick={() => setEditorHidden((h) => !h)} aria-pressed={editorHidden}>
            {editorHidden ? "Show editor" : "Hide editor"}
          </button>
        </div>
        <div className="ws-right-body">
          {right === "diagram" ? (
            <TopologyView model={model} stale={!validated.result.ok && model !== null} />
          ) : (
            <HistoryPanel topologyId={props.topologyId} latestRevision={props.revision} />
          )}
        </div>
      </section>
    </div>
  );
}
