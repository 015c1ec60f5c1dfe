/**
 * Starts one worker process per run (`node --import tsx lib/worker/run-worker.ts`) and relays its messages.
 * A child process rather than a worker thread: Next bundles server code, and a worker thread would need the
 * engine bundled separately; tsx loads the same TypeScript sources in dev and after `next build`. At most
 * MAX_CONCURRENT run at once (the machine has 2 cores); others wait in a FIFO.
 */
import * as childProcess from "node:child_process";
import path from "node:path";
import type { RunResult } from "./compute";
import type { Job, Progress, WorkerMessage } from "./protocol";

const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

function acquire(): Promise<void> {
  if (running < MAX_CONCURRENT) {
    running++;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(() => { running++; resolve(); }));
}

function release() {
  running--;
  waiting.shift()?.();
}

export async function runInWorker(job: Job, onProgress: (p: Progress) => void): Promise<RunResult> {
  await acquire();
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      // Reflect hides fork and its path from the bundler: Turbopack treats fork(x) as a module reference and
      // fails the build trying to resolve (and bundle) the worker script, which must stay unbundled.
      const fork = Reflect.get(childProcess, "fork") as typeof childProcess.fork;
      const script = path.join(Reflect.apply(process.cwd, process, []) as string, "lib", "worker", "run-worker.ts");
      const child = fork(script, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
      let settled = false;
      child.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") onProgress(m.progress);
        else if (m.type === "done") { settled = true; resolve(m.result); }
        else { settled = true; reject(new Error(m.message)); }
      });
      child.on("error", (e) => { if (!settled) { settled = true; reject(e); } });
      child.on("exit", (code) => { if (!settled) { settled = true; reject(new Error(`run worker exited with code ${code}`)); } });
      child.send(job);
    });
  } finally {
    release();
  }
}
