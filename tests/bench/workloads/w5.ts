/**
 * W5: 3 regions x 3 zones x 1,000 nodes, 1,000 Deployments x 100 replicas (W3's constraints). Sweeps the 12
 * what-if failures (each zone, each region) from one steady state on both cores, as `topoplan sweep` does
 * (cli/sweep-parallel.ts): the main thread and a worker thread take scenarios from one shared queue. The measure runs
 * from handing the snapshot to the (already started) worker to the last verdict back: copying the input to the
 * worker, loading it and every `runSweepScenario` included. The steady state is built beforehand (setupMs). The
 * checker then replays each scenario's decisions (same seed, same run).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { sweepScenarios, type SweepScenario } from "@/lib/engine/analysis/sweep";
import type { SimulationInput } from "@/lib/engine/sim/simulate";
import type { BenchContext, BenchWorkload, WorkloadResult } from "../types";
import { steadyState } from "./sim-steady";
import { round1 } from "./w3";
import type { TopologyShape } from "./w3-input";
import { SIMULATION_NODE_FLAGS } from "@/cli/node-flags";
import { queueOrder, SWEEP_WORKER_LIMITS } from "@/cli/sweep-parallel";
import { checkScenarios, runQueue } from "./w5-scenarios";
import type { W5CheckReply, W5Request, W5RunReply } from "./w5-worker";

export const W5_SHAPE: TopologyShape = { regions: 3, zonesPerRegion: 3, nodesPerZone: 1000, deployments: 1000, replicas: 100 };

interface Thread {
  worker: Worker;
  port: MessagePort;
  done: Int32Array;
}

function startWorker(): Thread {
  const url = new URL("./w5-worker.ts", import.meta.url).href;
  // Worker threads do not inherit tsx's loader: register it first, then load the worker module.
  const boot = `(async () => { const { register } = await import("tsx/esm/api"); register(); await import(${JSON.stringify(url)}); })()`;
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(boot, { eval: true, workerData: { port: port2, done }, transferList: [port2], resourceLimits: SWEEP_WORKER_LIMITS });
  return { worker, port: port1, done };
}

/** The bench runner is synchronous: post to every worker, run `onMain` meanwhile, then block until each replied. */
function askAll<T, M>(threads: Thread[], reqs: W5Request[], onMain: () => M): { replies: T[]; main: M } {
  threads.forEach((t, i) => {
    Atomics.store(t.done, 0, 0);
    t.port.postMessage(reqs[i]);
  });
  const main = onMain();
  const replies = threads.map((t) => {
    while (Atomics.load(t.done, 0) === 0) Atomics.wait(t.done, 0, 0, 600_000);
    return receiveMessageOnPort(t.port)!.message as T;
  });
  return { replies, main };
}

/** The checker's re-runs (not measured) are dealt round robin. */
function split(scenarios: SweepScenario[], n: number): SweepScenario[][] {
  const out: SweepScenario[][] = Array.from({ length: n }, () => []);
  scenarios.forEach((s, i) => out[i % n]!.push(s));
  return out;
}

export function runW5(ctx: BenchContext, shape: TopologyShape = W5_SHAPE, threads = 2): WorkloadResult {
  const steady = steadyState(shape, ctx.seed);
  const input: SimulationInput = steady.input;
  const scenarios = sweepScenarios(input);
  // Thread 0 is the main thread; the others are workers.
  const workers = Array.from({ length: threads - 1 }, startWorker);
  // Let the workers load their modules before the clock starts (a no-op scenario list).
  const none = new Int32Array(new SharedArrayBuffer(4));
  askAll<W5RunReply, void>(workers, workers.map(() => ({ kind: "run", input: EMPTY_INPUT, scenarios: [], next: none, seed: ctx.seed })), () => {});
  try {
    const parts = split(scenarios, threads);
    const queue = queueOrder(scenarios).map((t) => t.scenario);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const peak = ctx.heapPeak();
    const t0 = performance.now();
    const run = askAll<W5RunReply, ReturnType<typeof runQueue>>(
      workers,
      workers.map(() => ({ kind: "run", input, scenarios: queue, next, seed: ctx.seed })),
      () => runQueue(input, queue, next, ctx.seed, ctx.sampleHeap),
    );
    const ms = performance.now() - t0;
    const mainHeap = peak();
    const check = askAll<W5CheckReply, ReturnType<typeof checkScenarios>>(
      workers,
      parts.slice(1).map((p) => ({ kind: "check", input, scenarios: p, seed: ctx.seed })),
      () => checkScenarios(input, parts[0]!, ctx.seed),
    );
    const results = [...run.main, ...run.replies.flatMap((r) => r.results)];
    const all = [...check.main, ...check.replies.flatMap((c) => c.checks)];
    for (const c of all) if (!c.ok) console.error(`W5 ${c.id} checker:`, c.problems);
    const pending = results.reduce((n, r) => n + r.pending, 0);
    const checkedPending = all.reduce((n, c) => n + c.pending, 0);
    if (checkedPending !== pending) console.error(`W5: checked runs left ${checkedPending} pending, measured runs ${pending}`);
    return {
      id: "W5",
      ms: round1(ms),
      pods: input.pods.length,
      podsPerSecond: Math.round(((input.pods.length * scenarios.length) / ms) * 1000),
      peakHeapMB: round1(mainHeap + run.replies.reduce((n, r) => n + r.heapMB, 0)),
      pending,
      checker: all.every((c) => c.ok) && checkedPending === pending && all.length === scenarios.length ? "pass" : "fail",
      nodes: input.nodes.length,
      scenarios: scenarios.length,
      threads,
      perScenarioMs: Object.fromEntries(results.map((r) => [r.id, round1(r.ms)])),
      downDeployments: results.reduce((n, r) => n + r.down, 0),
      degradedDeployments: results.reduce((n, r) => n + r.degraded, 0),
      setupMs: round1(steady.ms),
    };
  } finally {
    for (const t of workers) {
      t.port.close();
      void t.worker.terminate();
    }
  }
}

const EMPTY_INPUT: SimulationInput = { nodes: [], pods: [], deployments: [], replicaSets: [], services: [], pdbs: [] };

export const W5: BenchWorkload = { ids: ["W5"], run: (ctx) => [runW5(ctx)], nodeFlags: SIMULATION_NODE_FLAGS };
