/**
 * Parse YAML or JSON with positions, so every issue can name its line and column in the user's text.
 * `yaml`'s parseDocument + LineCounter give the AST with offsets; a zod issue path is walked down that AST.
 * YAML 1.2 core schema (what `yaml` uses by default): `on`/`yes` are strings, duplicate keys are errors.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document, type Node } from "yaml";
import type { Issue, PathSegment } from "../schemas/issues";
import { findJsonError } from "./json-error";

export type SourceFormat = "yaml" | "json";

export interface Position {
  line: number;
  column: number;
}

export interface ParsedSource {
  format: SourceFormat;
  value: unknown;
  /** Line and column (1-based) of the node at `segments`, or of its deepest existing ancestor. */
  locate(segments: readonly PathSegment[]): Position | undefined;
}

export type ParseOutcome = { ok: true; source: ParsedSource } | { ok: false; issues: Issue[] };

/** Aliases expanded beyond this count are refused ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

interface YamlAst {
  doc: Document;
  lines: LineCounter;
}

function parseAst(text: string): YamlAst {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, keepSourceTokens: false });
  return { doc, lines };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

export function parseYaml(text: string): ParseOutcome {
  const ast = parseAst(text);
  if (ast.doc.errors.length > 0) {
    return {
      ok: false,
      issues: ast.doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? ast.lines.linePos(e.pos[0]);
        return { path: "", message: firstLine(e.message), line: pos.line, column: pos.col };
      }),
    };
  }
  let value: unknown;
  try {
    value = ast.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // toJS throws only for excessive or unresolvable aliases: the user's input, so a value, not a bug.
    return { ok: false, issues: [{ path: "", message: e instanceof Error ? e.message : String(e), line: 1, column: 1 }] };
  }
  return { ok: true, source: { format: "yaml", value, locate: (segments) => locateIn(ast, segments) } };
}

export function parseJson(text: string): ParseOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const found = findJsonError(text);
    const lines = new LineCounter();
    parseDocument(text, { lineCounter: lines });
    const pos = lines.linePos(found?.offset ?? 0);
    const message = found ? `JSON syntax error: ${found.message}` : e instanceof Error ? e.message : String(e);
    return { ok: false, issues: [{ path: "", message, line: pos.line, column: pos.col }] };
  }
  // JSON is YAML 1.2 flow syntax, so the same AST locates paths; it is built only if an issue needs it.
  let ast: YamlAst | undefined;
  return {
    ok: true,
    source: { format: "json", value, locate: (segments) => locateIn((ast ??= parseAst(text)), segments) },
  };
}

export function parseSource(text: string, format: SourceFormat): ParseOutcome {
  return format === "json" ? parseJson(text) : parseYaml(text);
}

/** Walks the AST along the path; positions point at a map entry's key, or at a sequence item. */
export function locateIn({ doc, lines }: YamlAst, segments: readonly PathSegment[]): Position | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const seg of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyRange = (pair.key as Node).range;
      offset = keyRange?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** A spec as readable YAML: 2-space indent, no line folding, no anchors for repeated objects. */
export function stringifyYaml(value: unknown): string {
  return stringify(value, { indent: 2, lineWidth: 0, aliasDuplicateObjects: false });
}
