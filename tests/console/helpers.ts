/** Test helpers: drive a console and read pods back as kubectl shows them. */
import { KubectlConsole } from "../../lib/engine/console";

export function newConsole(): { run: (line: string) => string[]; con: KubectlConsole } {
  const con = new KubectlConsole();
  return { con, run: (line: string) => con.feed(line) };
}

export interface PodRow {
  name: string;
  ready: string;
  status: string;
  node: string;
  labels: string;
}

/** `kubectl get pods -o wide --show-labels`, parsed. */
export function pods(run: (l: string) => string[], extra = ""): PodRow[] {
  const lines = run(`kubectl get pods -o wide --show-labels ${extra}`);
  if (lines[0]?.startsWith("No resources")) return [];
  return lines.slice(1).map((l) => {
    const c = l.split(/\s{2,}/);
    return { name: c[0]!, ready: c[1]!, status: c[2]!, node: c[6]!, labels: c[c.length - 1]! };
  });
}
