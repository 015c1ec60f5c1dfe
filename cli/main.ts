/**
 * The `topoplan` command line (contract: docs/cli.md). Each subcommand lives in cli/commands and returns
 * an exit code: 0 success, 1 failure (invalid input, failing cases), 2 usage error.
 */
import { readFile } from "node:fs/promises";
import type { ExitCode, Io } from "./args";
import { conformanceCommand } from "./commands/conformance";
import { consoleCommand } from "./commands/console";
import { placeCommand } from "./commands/place";
import { simulateCommand } from "./commands/simulate";
import { sweepCommand } from "./commands/sweep";

const HELP = `Usage: topoplan <command> [options]

Plans highly available Kubernetes topologies: places pods as kube-scheduler would and
simulates zone/region outages with Kubernetes' controllers.

Commands:
  place <cluster.yaml> [--seed N] [--json]     create and schedule the missing pods
  conformance <dir>                            run conformance cases (*.json)
  simulate <cluster.yaml> --scenario <file>    simulate an outage scenario on a virtual clock
  sweep <cluster.yaml>                         fail each zone and region in turn, judge each Deployment
  console [--cluster <cluster.yaml>]           kubectl-like console on a simulated cluster (stdin)

Run "topoplan <command> --help" for a command's options.`;

export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    (command === undefined ? io.err : io.out)(HELP);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case "conformance":
      return conformanceCommand(rest, io);
    case "place":
      return placeCommand(rest, io);
    case "simulate":
      return simulateCommand(rest, io);
    case "sweep":
      return sweepCommand(rest, io);
    case "console":
      return consoleCommand(rest, io);
    default:
      io.err(`topoplan: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

const io: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFile(path, "utf8"),
};

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Reaching here is a bug: expected failures are returned as exit codes with a message.
    process.stderr.write(`topoplan: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
