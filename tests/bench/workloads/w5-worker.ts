/**
 * W5 worker thread: receives the steady state once, then runs the sweep scenarios it is given with the real
 * `runSweepScenario` (measured by the main thread), and on request re-runs them with the decisions recorded
 * for the independent checker (deterministic for the seed, so it checks the same run; not measured).
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { runSweepScenario, type SweepScenario, type SweepScenarioResult } from "@/lib/engine/analysis/sweep";
import type { SimulationInput } from "@/lib/engine/sim/simulate";
import { runSimulation } from "./sim-run";

export type W5Request =
  | { kind: "run"; input: SimulationInput; scenarios: SweepScenario[]; seed: number }
  | { kind: "check"; input: SimulationInput; scenarios: SweepScenario[]; seed: number };

export interface W5RunReply {
  kind: "run";
  results: { id: string; ms: number; pending: number; down: number; degraded: number }[];
  heapMB: number;
}
export interface W5CheckReply {
  kind: "check";
  checks: { id: string; ok: boolean; problems: string[]; pending: number }[];
}

// The bench runner is synchronous: the main thread blocks on `done` and reads the reply with receiveMessageOnPort.
const { port, done } = workerData as { port: MessagePort; done: Int32Array };
const reply = (m: W5RunReply | W5CheckReply) => {
  port.postMessage(m);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
};
const summary = (r: SweepScenarioResult, ms: number) => ({
  id: r.scenario.id,
  ms,
  pending: r.deployments.reduce((n, d) => n + d.pendingAtEnd, 0),
  down: r.deployments.filter((d) => d.verdict === "down").length,
  degraded: r.deployments.filter((d) => d.verdict === "degraded").length,
});

port.on("message", (m: W5Request) => {
  if (m.kind === "run") {
    const results = m.scenarios.map((s) => {
      const t0 = performance.now();
      const r = runSweepScenario(m.input, s, { seed: m.seed });
      return summary(r, performance.now() - t0);
    });
    reply({ kind: "run", results, heapMB: process.memoryUsage().heapUsed / 1048576 });
  } else {
    const ctx = { seed: m.seed, sampleHeap() {}, heapPeak: () => () => 0 };
    const checks = m.scenarios.map((s) => {
      const fail = s.kind === "zone" ? { zone: s.name } : { region: s.name };
      const r = runSimulation(ctx, m.input, { seed: m.seed, horizonMs: 3_600_000, settings: {}, events: [{ atMs: 0, fail }] });
      return { id: s.id, ok: r.checker.ok, problems: r.checker.problems.slice(0, 5), pending: r.pending };
    });
    reply({ kind: "check", checks });
  }
});
