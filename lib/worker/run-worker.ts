/**
 * The run worker: a child process started by lib/worker/pool.ts with `node --import tsx`, so the engine's
 * TypeScript runs unbundled and identically under `next dev` and `next start`. It receives one Job over IPC,
 * reports progress, sends the result and exits. A separate process keeps the server's event loop free.
 */
import { JobError, runJob } from "./compute";
import type { Job, WorkerMessage } from "./protocol";

const send = (m: WorkerMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

process.once("message", (job: Job) => {
  void (async () => {
    try {
      const result = runJob(job, (progress) => void send({ type: "progress", progress }));
      await send({ type: "done", result });
    } catch (e) {
      const message = e instanceof JobError ? `${e.message}: ${e.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}` : e instanceof Error ? e.message : String(e);
      await send({ type: "error", message });
    }
    process.disconnect();
  })();
});
