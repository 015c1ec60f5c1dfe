/**
 * The conformance harness: dispatches parsed cases by `kind` and tallies the results. Pure; the CLI reads
 * the files and hands over their text. `kind: "controller"` goes to ./controller-cases, the scheduler kinds
 * (filter, prefilter, score) to the plugin runner the caller passes in (./plugin-cases' `runPluginCase`).
 */
import { runControllerCase, type CaseResult } from "./controller-cases";

export type CaseRunner = (c: unknown) => CaseResult;

export interface CaseInput {
  /** Where the case came from (a file path), for messages. */
  file: string;
  /** The file's text (JSON). */
  text: string;
}

export interface CaseOutcome {
  file: string;
  name: string;
  source: string;
  kind: string;
  pass: boolean;
  diff: string[];
}

export interface ConformanceReport {
  passed: number;
  failed: number;
  outcomes: CaseOutcome[];
}

const PLUGIN_KINDS = new Set(["filter", "prefilter", "score"]);

export function runConformanceCase(input: CaseInput, runPluginCase?: CaseRunner): CaseOutcome {
  let data: unknown;
  try {
    data = JSON.parse(input.text);
  } catch (e) {
    return { file: input.file, name: input.file, source: "", kind: "", pass: false, diff: [`invalid JSON: ${(e as Error).message}`] };
  }
  const c = (data && typeof data === "object" ? data : {}) as { name?: unknown; source?: unknown; kind?: unknown };
  const name = typeof c.name === "string" ? c.name : input.file;
  const source = typeof c.source === "string" ? c.source : "";
  const kind = typeof c.kind === "string" ? c.kind : "";
  const base = { file: input.file, name, source, kind };
  let result: CaseResult;
  if (kind === "controller") result = runControllerCase(data);
  else if (PLUGIN_KINDS.has(kind)) {
    result = runPluginCase ? safeRun(runPluginCase, data) : { pass: false, diff: ["no scheduler plugin runner is available"] };
  } else result = { pass: false, diff: [`unknown case kind ${JSON.stringify(kind)}`] };
  return { ...base, pass: result.pass, diff: result.diff };
}

function safeRun(run: CaseRunner, data: unknown): CaseResult {
  try {
    return run(data);
  } catch (e) {
    // A throwing runner is a bug in the engine, but one case must not stop the whole run.
    return { pass: false, diff: [`runner threw: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

/** Runs every case (in the order given: callers sort by path for stable output). */
export function runConformanceCases(inputs: CaseInput[], runPluginCase?: CaseRunner): ConformanceReport {
  const outcomes = inputs.map((i) => runConformanceCase(i, runPluginCase));
  const passed = outcomes.filter((o) => o.pass).length;
  return { passed, failed: outcomes.length - passed, outcomes };
}

/** `FAIL <name> (<source>): <diff>` for a failing case. */
export function formatFailure(o: CaseOutcome): string {
  return `FAIL ${o.name} (${o.source || o.file}): ${o.diff.join("; ")}`;
}
