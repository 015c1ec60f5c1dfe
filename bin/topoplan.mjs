#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles cli/ and lib/ on the fly, so no build step is needed.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { missingNodeFlags, nodeFlagsFor } = await import("../cli/node-flags.ts");
// Simulations run with V8 settings of their own (cli/node-flags.ts), which only a new process can take.
const missing = missingNodeFlags(nodeFlagsFor(process.argv[2]), process.execArgv);
if (missing.length > 0) {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...missing, ...process.execArgv, self, ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.error) {
    console.error(`topoplan: could not start node: ${r.error.message}`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}
await import("../cli/main.ts");
