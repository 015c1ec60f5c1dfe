/**
 * A small argv parser for the CLI: positionals, `--flag`, `--key value` and `--key=value`. Unknown options
 * are usage errors (exit code 2) rather than silently ignored.
 */

export interface OptionSpec {
  /** Takes a value (`--seed 3`) rather than being a boolean flag (`--json`). */
  value?: boolean;
  /**
   * Takes a value when one is given (`--trace web-1`, `--trace=web-1`), else is a flag (`--trace`): the next
   * argument is its value unless it starts with "-". A command that also takes positionals must handle
   * `--trace file.yaml` (the value may be the positional).
   */
  optionalValue?: boolean;
}

export type ParsedArgs =
  | { ok: true; positionals: string[]; options: Record<string, string | true> }
  | { ok: false; error: string };

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      options.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const opt = name === "help" ? {} : spec[name];
    if (!opt) return { ok: false, error: `unknown option --${name}` };
    if (opt.value) {
      const v = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) return { ok: false, error: `option --${name} needs a value` };
      options[name] = v;
    } else if (opt.optionalValue) {
      if (eq !== -1) options[name] = arg.slice(eq + 1);
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("-")) options[name] = argv[++i]!;
      else options[name] = true;
    } else {
      if (eq !== -1) return { ok: false, error: `option --${name} takes no value` };
      options[name] = true;
    }
  }
  return { ok: true, positionals, options };
}

/** What a command returns: the process exit code (0 ok, 1 failure, 2 usage). */
export type ExitCode = 0 | 1 | 2;

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readFile(path: string): Promise<string>;
}
