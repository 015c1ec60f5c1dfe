/**
 * lib/worker/pool.ts: each run executes in a node:worker_threads Worker (started through thread-entry.mjs and
 * tsx, as under `next dev` / `next start`), progress and the result come back, failures reject with a clear
 * message, at most MAX_CONCURRENT run at once in FIFO order, an abandoned run's thread is terminated, and the
 * main thread's event loop keeps running while two runs compute.
 */
import { readFileSync } from "node:fs";
import { threadId as mainThreadId } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runJob } from "@/lib/worker/compute";
import { MAX_CONCURRENT, poolStats, runInThread, runInWorker } from "@/lib/worker/pool";
import type { Job, Progress } from "@/lib/worker/protocol";
import type { ProbeJob, ProbeResult } from "./probe-job";

const PROBE = "tests/worker/probe-job.ts";
const probe = (job: ProbeJob, onProgress: (p: Progress) => void = () => {}, opts: Parameters<typeof runInThread>[3] = {}) =>
  runInThread<ProbeResult>(PROBE, job, onProgress, opts);
const spec = parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
const simulation: Job = { kind: "simulation", spec, scenario: { horizon: "20m", events: [{ at: 0, fail: { zone: "us-east-1a" } }] } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  expect(poolStats()).toEqual({ running: 0, waiting: 0 });
});

describe("runInWorker (the real run worker)", () => {
  it("runs a simulation on a worker thread, relays progress and returns the result intact (structured clone)", async () => {
    const progress: Progress[] = [];
    const threads: number[] = [];
    const result = await runInWorker(simulation, (p) => progress.push(p), { onThread: (id) => threads.push(id) });
    expect(threads).toHaveLength(1);
    expect(threads[0]).not.toBe(mainThreadId);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toMatchObject({ done: 1, total: 1, label: "prod-use1" });
    // The same bytes as computed in-process: nothing lost crossing the thread boundary.
    expect(result).toEqual(runJob(simulation));
    expect(result.kind).toBe("simulation");
  });

  it("rejects with the job's own message when the job throws (an invalid scenario)", async () => {
    await expect(runInWorker({ kind: "simulation", spec, scenario: { events: [{ at: "soon" }] } }, () => {}))
      .rejects.toThrow(/^invalid scenario: events\.0\.at: invalid duration "soon"/);
  });

  it("rejects with the schema's message when the topology is invalid", async () => {
    await expect(runInWorker({ kind: "sweep", spec: { nope: true } }, () => {})).rejects.toThrow(/Unrecognized key|expected/i);
  });
});

describe("runInThread (probe modules through the same entry)", () => {
  it("runs the module off the main thread", async () => {
    const progress: Progress[] = [];
    const r = await probe({ mode: "probe" }, (p) => progress.push(p));
    expect(r.isMainThread).toBe(false);
    expect(r.threadId).not.toBe(mainThreadId);
    expect(progress).toEqual([{ done: 0.5, total: 1, virtualMs: 1000, label: "probe" }]);
  });

  it("reports an uncaught exception and a crash (non-zero exit) with a clear message, and frees the slot", async () => {
    await expect(probe({ mode: "throw", message: "boom in the worker" })).rejects.toThrow("run worker failed: boom in the worker");
    await expect(probe({ mode: "exit", code: 3 })).rejects.toThrow("run worker exited with code 3");
    expect(poolStats().running).toBe(0);
  });

  it("reports a module that fails to load", async () => {
    await expect(runInThread("tests/worker/no-such-module.ts", {}, () => {})).rejects.toThrow(/^run worker failed: .*no-such-module/);
  });

  it("keeps the main event loop running while two runs compute on both cores", async () => {
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(Date.now()), 20);
    const t0 = Date.now();
    const runs = await Promise.all([probe({ mode: "busy", ms: 1500 }), probe({ mode: "busy", ms: 1500 })]);
    clearInterval(timer);
    const [a, b] = runs as [ProbeResult, ProbeResult];
    // Both ran at the same time, each on its own thread.
    expect(a.threadId).not.toBe(b.threadId);
    expect(a.startedAt < b.endedAt && b.startedAt < a.endedAt).toBe(true);
    // The main thread's timer kept firing throughout: no gap near the 1.5 s of a blocked loop.
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(ticks.length).toBeGreaterThan((Date.now() - t0) / 20 / 5);
    expect(Math.max(...gaps)).toBeLessThan(750);
  });

  it(`runs at most ${MAX_CONCURRENT} at once and starts the others in FIFO order`, async () => {
    const started: number[] = [];
    const runs = [0, 1, 2, 3].map((k) => probe({ mode: "busy", ms: 300 }, () => {}, { onThread: () => started.push(k) }));
    await sleep(0);
    expect(poolStats()).toEqual({ running: MAX_CONCURRENT, waiting: 2 });
    expect(started).toEqual([0, 1]);
    const results = await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3]);
    // The third starts only after one of the first two has finished.
    expect(results[2]!.startedAt).toBeGreaterThanOrEqual(Math.min(results[0]!.endedAt, results[1]!.endedAt));
  });

  it("terminates the thread of an abandoned run, and drops an abandoned run from the queue", async () => {
    const beats = [0, 1].map(() => new Int32Array(new SharedArrayBuffer(4)));
    const controllers = [0, 1, 2].map(() => new AbortController());
    const threads: number[] = [];
    const running = beats.map((b, k) => probe({ mode: "hang", beats: b }, () => {}, { signal: controllers[k]!.signal, onThread: (id) => threads.push(id) }));
    const queued = probe({ mode: "probe" }, () => {}, { signal: controllers[2]!.signal });
    await sleep(0);
    expect(poolStats()).toEqual({ running: 2, waiting: 1 });
    controllers[2]!.abort();
    await expect(queued).rejects.toThrow("run cancelled");
    expect(poolStats()).toEqual({ running: 2, waiting: 0 });

    // Wait until both threads beat, then abandon them: the beats stop.
    for (let i = 0; i < 300 && beats.some((b) => Atomics.load(b, 0) === 0); i++) await sleep(20);
    expect(beats.every((b) => Atomics.load(b, 0) > 0)).toBe(true);
    controllers[0]!.abort();
    controllers[1]!.abort();
    await expect(running[0]).rejects.toThrow("run cancelled");
    await expect(running[1]).rejects.toThrow("run cancelled");
    // terminate() is asynchronous: the beats must stop within a few seconds (a live thread beats every 10 ms).
    let stopped = false;
    for (let i = 0; i < 20 && !stopped; i++) {
      const before = beats.map((b) => Atomics.load(b, 0));
      await sleep(200);
      stopped = beats.every((b, k) => Atomics.load(b, 0) === before[k]);
    }
    expect(stopped).toBe(true);
    expect(threads).toHaveLength(2);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const c = new AbortController();
    c.abort();
    await expect(probe({ mode: "probe" }, () => {}, { signal: c.signal })).rejects.toThrow("run cancelled");
  });
});
