/** `topoplan conformance <dir>`: runs every *.json case under dir and prints `N passed, N failed`. */
import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { formatFailure, runConformanceCases, type CaseRunner } from "../../lib/engine/conformance/run";
import { parseArgs, type ExitCode, type Io } from "../args";

export const CONFORMANCE_HELP = `Usage: topoplan conformance <dir>

Runs every *.json conformance case under <dir> (recursively): scheduler plugin cases
(kind filter / prefilter / score) and controller cases (kind controller). Prints one line
per failing case, "FAIL <name> (<source>): <difference>", then "N passed, N failed".

Exit status: 0 when no case failed, 1 when any failed, 2 on a usage error.`;

async function listJson(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listJson(p)));
    else if (entry.isFile() && entry.name.endsWith(".json")) out.push(p);
  }
  return out;
}

/** The scheduler's plugin runner, when that module exists (it is built in parallel with this CLI). */
async function loadPluginRunner(): Promise<CaseRunner | undefined> {
  try {
    // A computed specifier keeps the type checker from requiring the module while it is being written.
    const specifier = "../../lib/engine/conformance/plugin-cases";
    const mod = (await import(specifier)) as { runPluginCase?: CaseRunner };
    return mod.runPluginCase;
  } catch {
    return undefined;
  }
}

export async function conformanceCommand(argv: string[], io: Io): Promise<ExitCode> {
  const args = parseArgs(argv, {});
  if (!args.ok) {
    io.err(`topoplan conformance: ${args.error}\n\n${CONFORMANCE_HELP}`);
    return 2;
  }
  if (args.options.help) {
    io.out(CONFORMANCE_HELP);
    return 0;
  }
  const [dir, ...extra] = args.positionals;
  if (!dir || extra.length > 0) {
    io.err(`topoplan conformance: expected exactly one directory\n\n${CONFORMANCE_HELP}`);
    return 2;
  }
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    io.err(`topoplan conformance: ${dir} is not a directory`);
    return 2;
  }
  const files = (await listJson(dir)).sort();
  const inputs = await Promise.all(files.map(async (f) => ({ file: relative(dir, f), text: await io.readFile(f) })));
  const report = runConformanceCases(inputs, await loadPluginRunner());
  for (const o of report.outcomes) if (!o.pass) io.out(formatFailure(o));
  io.out(`${report.passed} passed, ${report.failed} failed`);
  return report.failed === 0 ? 0 : 1;
}
