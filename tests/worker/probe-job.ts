/**
 * A stand-in run module for tests/worker/pool.test.ts, started by the pool exactly as lib/worker/run-worker.ts
 * is (thread-entry.mjs, then this file through tsx): it reports where it runs and misbehaves on request.
 */
import { isMainThread, parentPort, threadId, workerData } from "node:worker_threads";
import type { WorkerMessage } from "../../lib/worker/protocol";

export type ProbeJob =
  | { mode: "probe" }
  | { mode: "busy"; ms: number }
  | { mode: "throw"; message: string }
  | { mode: "exit"; code: number }
  | { mode: "hang"; beats: Int32Array };

export interface ProbeResult {
  isMainThread: boolean;
  threadId: number;
  startedAt: number;
  endedAt: number;
}

const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const job = (workerData as { job: ProbeJob }).job;
const startedAt = Date.now();
const done = () => post({ type: "done", result: { isMainThread, threadId, startedAt, endedAt: Date.now() } as never });

switch (job.mode) {
  case "probe":
    post({ type: "progress", progress: { done: 0.5, total: 1, virtualMs: 1000, label: "probe" } });
    done();
    break;
  case "busy": {
    // Synchronous CPU work, as the engine's simulate is: nothing yields until it is over.
    let x = 0;
    while (Date.now() - startedAt < job.ms) x += Math.sqrt(x + 1);
    post({ type: "progress", progress: { done: 1, total: 1, virtualMs: x > 0 ? job.ms : 0 } });
    done();
    break;
  }
  case "throw":
    throw new Error(job.message);
  case "exit":
    process.exit(job.code);
    break;
  case "hang":
    // Never finishes; counts heartbeats in shared memory so the test can see whether the thread still runs.
    setInterval(() => Atomics.add(job.beats, 0, 1), 10);
    break;
}
