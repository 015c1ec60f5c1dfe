/**
 * Node (V8) flags a command's process runs with. A simulation allocates many short-lived objects while it
 * holds a large live heap (a W4-sized run: 150,000 pods, each a store record, a Pod object and a scheduler
 * record): with V8's default 16 MB semi-space, objects of the load survive two scavenges and are promoted,
 * then old-generation collections walk them. A 128 MB semi-space took 12-15 % off each W4 variant and about
 * 5 % off W5 on the 2-core machine of ../shared/benchmarks.md (256 MB: no better). Placement is not given
 * it: W3 gained nothing and its peak heap grew by the semi-space (W3 has a heap target).
 * `bin/topoplan.mjs` re-executes itself with these flags; the benchmark runner starts W4's and W5's
 * processes with them (tests/bench/run.ts), so the figures are those of `topoplan simulate` and `sweep`.
 */
export const SIMULATION_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=128"];

/** The flags `topoplan <command>` wants; empty when the defaults serve. */
export function nodeFlagsFor(command: string | undefined): readonly string[] {
  return command === "simulate" || command === "sweep" ? SIMULATION_NODE_FLAGS : [];
}

/** Those of `wanted` the process does not run with yet (by flag name, whatever the value). */
export function missingNodeFlags(wanted: readonly string[], execArgv: readonly string[]): string[] {
  const name = (f: string) => f.split("=")[0]!;
  return wanted.filter((f) => !execArgv.some((a) => name(a) === name(f)));
}
