// Worker-thread entry for app runs (started by lib/worker/pool.ts): plain JavaScript, so Node loads it with no
// loader and Next never bundles it. It registers tsx for this thread (as bin/topoplan.mjs and
// cli/sweep-worker.mjs do; `execArgv: ["--import", "tsx"]` does not reach a worker thread's module loader on
// Node 20), then imports the TypeScript module named in workerData.entry (a file: URL, normally
// lib/worker/run-worker.ts), which reads workerData.job and talks to the pool over parentPort.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
