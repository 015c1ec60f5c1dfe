"use client";
import { useEffect, useMemo, useRef } from "react";
import CodeMirror, { type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorView, keymap } from "@codemirror/view";
import type { Issue } from "@/lib/schemas/issues";
import { issueRange } from "./issue-range";

export interface EditorIssue extends Issue {
  severity: "error" | "warning";
}

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "12.5px", backgroundColor: "#fff" },
  ".cm-scroller": { fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace', lineHeight: "1.55" },
  ".cm-gutters": { backgroundColor: "#f7f8fa", borderRight: "1px solid #e4e7eb", color: "#98a1ac" },
  ".cm-activeLineGutter": { backgroundColor: "#eef1f5", color: "#4a525c" },
  ".cm-activeLine": { backgroundColor: "#f6f8fb" },
  ".cm-lint-marker": { width: "0.9em", height: "0.9em" },
  ".cm-tooltip-lint": { fontFamily: "system-ui, sans-serif", fontSize: "12px" },
});

export function YamlEditor(props: {
  value: string;
  onChange: (text: string) => void;
  issues: EditorIssue[];
  /** The text `issues` were computed from: they are applied only while the document still equals it. */
  issuesFor: string;
  /** Changing `nonce` moves the cursor to the issue's line and focuses the editor. */
  jump: { line: number; column?: number; nonce: number } | null;
  onSaveShortcut?: () => void;
}) {
  const ref = useRef<ReactCodeMirrorRef>(null);
  const saveRef = useRef(props.onSaveShortcut);
  saveRef.current = props.onSaveShortcut;

  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      theme,
      EditorView.lineWrapping,
      keymap.of([{ key: "Mod-s", preventDefault: true, run: () => (saveRef.current?.(), true) }]),
    ],
    [],
  );

  // Diagnostics are pushed from React state (computed from the same text), not pulled by a CodeMirror linter,
  // so the gutter, the underline and the issues list can never disagree.
  const { issues, issuesFor } = props;
  useEffect(() => {
    const view = ref.current?.view;
    if (!view) return;
    if (view.state.doc.toString() !== issuesFor) return;
    const diagnostics: Diagnostic[] = issues
      .filter((i) => i.line !== undefined)
      .map((i) => ({ ...issueRange(view.state, i), severity: i.severity, message: i.path ? `${i.path}: ${i.message}` : i.message, source: "topoplan" }));
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [issues, issuesFor]);

  const { jump } = props;
  useEffect(() => {
    const view = ref.current?.view;
    if (!view || !jump) return;
    const { from } = issueRange(view.state, { path: "", message: "", line: jump.line, column: jump.column });
    view.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
    view.focus();
  }, [jump]);

  return (
    <CodeMirror
      ref={ref}
      value={props.value}
      onChange={props.onChange}
      extensions={extensions}
      height="100%"
      style={{ height: "100%" }}
      basicSetup={{ foldGutter: true, highlightActiveLine: true, autocompletion: false, searchKeymap: true }}
      aria-label="Topology YAML"
      data-testid="yaml-editor"
    />
  );
}
