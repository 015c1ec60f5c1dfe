/**
 * The run worker: one node:worker_threads Worker per run, started by lib/worker/pool.ts through
 * thread-entry.mjs, which registers tsx first, so the engine's TypeScript runs unbundled and identically under
 * `next dev` and `next start`. It reads its Job from workerData, posts progress, then the result (or an
 * error), and ends: the run's CPU work stays off the server's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { JobError, runJob, type RunResult } from "./compute";
import type { Job, WorkerMessage } from "./protocol";

const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const messageOf = (e: unknown) =>
  e instanceof JobError ? `${e.message}: ${e.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}` : e instanceof Error ? e.message : String(e);

const job = (workerData as { job: Job }).job;
let result: RunResult | undefined;
try {
  result = runJob(job, (progress) => post({ type: "progress", progress }));
} catch (e) {
  post({ type: "error", message: messageOf(e) });
}
if (result !== undefined) {
  try {
    // Structured clone, as child_process's "advanced" serialization was: plain data only (no functions).
    post({ type: "done", result });
  } catch (e) {
    post({ type: "error", message: `the run's result could not be sent to the server: ${messageOf(e)}` });
  }
}
