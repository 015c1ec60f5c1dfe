import type { EditorState } from "@codemirror/state";
import type { Issue } from "@/lib/schemas/issues";

/** Issue (1-based line/column) -> a CodeMirror range: from the column to the end of the line's text. */
export function issueRange(state: EditorState, issue: Issue): { from: number; to: number } {
  const lineNo = Math.min(Math.max(issue.line ?? 1, 1), state.doc.lines);
  const line = state.doc.line(lineNo);
  const indent = line.text.length - line.text.trimStart().length;
  const col = issue.column !== undefined ? Math.max(issue.column - 1, indent) : indent;
  const from = Math.min(line.from + col, line.to);
  const to = Math.max(from, line.from + line.text.trimEnd().length);
  return { from, to };
}
