/** `topoplan console [--cluster <cluster.yaml>]`: the kubectl-like console on stdin (lib/engine/console). */
import { createInterface } from "node:readline";
import { KubectlConsole } from "../../lib/engine/console";
import { parseArgs, type ExitCode, type Io } from "../args";
import { readSnapshot } from "../snapshot-input";

export const CONSOLE_HELP = `Usage: topoplan console [--cluster <cluster.yaml>]

A kubectl-like console on a simulated cluster driven by Kubernetes' controllers on a virtual clock
(without --cluster: one region, three zones, two nodes each). Reads one command per line from
standard input; "help" lists the commands. "kubectl apply -f -" reads YAML up to a line "---EOF".
When standard input is not a terminal, each command's output is preceded by "$ " + the command.

Options:
  --cluster FILE   start from this cluster snapshot (nodes, pods, deployments, PDBs, services)
  -h, --help       show this help`;

export async function consoleCommand(argv: string[], io: Io): Promise<ExitCode> {
  const args = parseArgs(argv, { cluster: { value: true } });
  if (!args.ok || args.positionals.length > 0) {
    io.err(`topoplan console: ${args.ok ? "unexpected argument" : args.error}\n\n${CONSOLE_HELP}`);
    return 2;
  }
  if (args.options.help) {
    io.out(CONSOLE_HELP);
    return 0;
  }
  let snapshot;
  if (typeof args.options.cluster === "string") {
    snapshot = await readSnapshot("console", args.options.cluster, io);
    if (!snapshot) return 1;
  }
  const con = new KubectlConsole(snapshot ?? undefined);
  const tty = !!process.stdin.isTTY;
  const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty });
  const prompt = () => {
    if (tty) {
      rl.setPrompt(con.collecting ? "> " : "$ ");
      rl.prompt();
    }
  };
  prompt();
  for await (const line of rl) {
    // A transcript: the command, then its output (YAML lines of an apply are echoed as typed).
    if (!tty && (line.trim() !== "" || con.collecting)) io.out(con.collecting ? line : `$ ${line}`);
    for (const out of con.feed(line)) io.out(out);
    prompt();
  }
  return 0;
}
