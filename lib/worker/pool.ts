/**
 * Runs each job in its own node:worker_threads Worker and relays its messages (progress, then the result or an
 * error): the engine computes on another thread while the server's event loop keeps answering requests. At most
 * MAX_CONCURRENT run at once (the machine has 2 cores); others wait in a FIFO.
 *
 * Next (Turbopack) bundles server code, but the worker must run the engine's TypeScript sources unbundled, the
 * same under `next dev` and after `next build`. So the thread starts lib/worker/thread-entry.mjs, plain
 * JavaScript that registers tsx for its own thread (tsx/esm/api) and then imports run-worker.ts. (`execArgv:
 * ["--import", "tsx"]` on the Worker is no alternative on Node 20: the thread's loader never sees the hook and
 * fails with ERR_UNKNOWN_FILE_EXTENSION.) The bundler must not see the entry's path: Turbopack reads
 * `new Worker(new URL("./x", import.meta.url))` as a module reference and would bundle the entry (as it did
 * with fork(x) when runs were child processes), so the path is built at run time from process.cwd(), the
 * project root under `next dev`, `next start` and vitest, and both the constructor and cwd go through Reflect.
 *
 * One fresh thread per run, not a long-lived pool: tsx start-up (well under a second once its cache is warm) is
 * small against a run, a run's memory goes with its thread, and an abandoned run is stopped with terminate().
 * The queue's state lives on globalThis so that every route bundle (and a dev reload of this module) shares
 * one limit.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as workerThreads from "node:worker_threads";
import type { RunResult } from "./compute";
import type { Job, Progress, WorkerMessage } from "./protocol";

export const MAX_CONCURRENT = 2;

export interface RunOptions {
  /** Abandons the run: a queued run leaves the queue, a running one has its thread terminated; either way the
   *  promise rejects with "run cancelled". */
  signal?: AbortSignal;
  /** Called with the run's thread id once its worker thread exists (logs, tests). */
  onThread?: (threadId: number) => void;
}

const holder = globalThis as unknown as { __topoplanPool?: { running: number; waiting: (() => void)[] } };
const state = (holder.__topoplanPool ??= { running: 0, waiting: [] });

/** Runs in progress and runs queued (for tests and diagnostics). */
export function poolStats(): { running: number; waiting: number } {
  return { running: state.running, waiting: state.waiting.length };
}

function acquire(signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  if (state.running < MAX_CONCURRENT) {
    state.running++;
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const start = () => {
      signal?.removeEventListener("abort", onAbort);
      state.running++;
      resolve();
    };
    const onAbort = () => {
      const i = state.waiting.indexOf(start);
      if (i >= 0) state.waiting.splice(i, 1);
      reject(cancelled());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    state.waiting.push(start);
  });
}

function release() {
  state.running--;
  state.waiting.shift()?.();
}

const cancelled = () => new Error("run cancelled");

/** The project root: process.cwd(), read so that the bundler does not trace it as a file reference. */
const projectRoot = () => Reflect.apply(process.cwd, process, []) as string;

/**
 * A run thread's young generation: the 128 MB semi-spaces `topoplan simulate` runs with (cli/node-flags.ts;
 * V8 sizes a young generation as three semi-spaces). A W4-sized simulation in a thread took 1.76-1.85 s with
 * it against 1.91-1.99 s with the default.
 */
export const RUN_WORKER_LIMITS = { maxYoungGenerationSizeMb: 384 };

/** Runs a simulation or sweep job in a worker thread (lib/worker/run-worker.ts). */
export function runInWorker(job: Job, onProgress: (p: Progress) => void, opts: RunOptions = {}): Promise<RunResult> {
  return runInThread<RunResult>("lib/worker/run-worker.ts", job, onProgress, opts);
}

/**
 * Runs `entry` (a TypeScript module, relative to the project root) in a new worker thread through
 * thread-entry.mjs, with `job` in workerData.job, within the MAX_CONCURRENT limit. The module posts
 * WorkerMessages on parentPort. Exported for tests, which run probe modules through the same path.
 */
export async function runInThread<T>(entry: string, job: unknown, onProgress: (p: Progress) => void, opts: RunOptions = {}): Promise<T> {
  await acquire(opts.signal);
  try {
    return await new Promise<T>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(cancelled());
      const root = projectRoot();
      const WorkerClass = Reflect.get(workerThreads, "Worker") as typeof workerThreads.Worker;
      let worker: workerThreads.Worker;
      try {
        worker = new WorkerClass(path.join(root, "lib", "worker", "thread-entry.mjs"), {
          workerData: { entry: pathToFileURL(path.join(root, entry)).href, job },
          // Not the server's own flags: as the child process had exactly `--import tsx`, the thread gets none.
          execArgv: [],
          resourceLimits: RUN_WORKER_LIMITS,
        });
      } catch (e) {
        reject(new Error(`could not start the run worker: ${e instanceof Error ? e.message : String(e)}`));
        return;
      }
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        opts.signal?.removeEventListener("abort", onAbort);
        f();
        // Nothing more is wanted from the thread: make sure it is gone (a no-op once it has exited).
        void worker.terminate();
      };
      const onAbort = () => settle(() => reject(cancelled()));
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      opts.onThread?.(worker.threadId);
      worker.on("message", (m: WorkerMessage) => {
        if (settled) return;
        if (m.type === "progress") onProgress(m.progress);
        else if (m.type === "done") settle(() => resolve(m.result as unknown as T));
        else settle(() => reject(new Error(m.message)));
      });
      // An exception the module did not catch (it failed to load, or threw outside the job), or the thread
      // ran out of memory (ERR_WORKER_OUT_OF_MEMORY).
      worker.on("error", (e) => settle(() => reject(new Error(`run worker failed: ${e.message}`))));
      worker.on("messageerror", (e) => settle(() => reject(new Error(`run worker sent a message that could not be read: ${e.message}`))));
      worker.on("exit", (code) => settle(() => reject(new Error(code === 0 ? "run worker exited without a result" : `run worker exited with code ${code}`))));
    });
  } finally {
    release();
  }
}
