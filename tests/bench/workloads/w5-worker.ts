/**
 * W5 worker thread: receives the steady state, then runs sweep scenarios from the queue it shares with the main
 * thread (measured by the main thread), and on request re-runs given ones with the decisions recorded for the
 * independent checker.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import type { SweepScenario } from "@/lib/engine/analysis/sweep";
import type { SimulationInput } from "@/lib/engine/sim/simulate";
import { checkScenarios, runQueue, type ScenarioCheck, type ScenarioSummary } from "./w5-scenarios";

export type W5Request =
  | { kind: "run"; input: SimulationInput; scenarios: SweepScenario[]; next: Int32Array; seed: number }
  | { kind: "check"; input: SimulationInput; scenarios: SweepScenario[]; seed: number };

export interface W5RunReply {
  kind: "run";
  results: ScenarioSummary[];
  heapMB: number;
}
export interface W5CheckReply {
  kind: "check";
  checks: ScenarioCheck[];
}

// The bench runner is synchronous: the main thread blocks on `done` and reads the reply with receiveMessageOnPort.
const { port, done } = workerData as { port: MessagePort; done: Int32Array };
const reply = (m: W5RunReply | W5CheckReply) => {
  port.postMessage(m);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
};

port.on("message", (m: W5Request) => {
  if (m.kind === "run") reply({ kind: "run", results: runQueue(m.input, m.scenarios, m.next, m.seed), heapMB: process.memoryUsage().heapUsed / 1048576 });
  else reply({ kind: "check", checks: checkScenarios(m.input, m.scenarios, m.seed) });
});
