/**
 * Decision digest (dev tool, `npx tsx tests/engine/scheduler/digest.ts`): runs W1 (5,000 and 500 nodes), W2
 * and a saturated-cluster failure scenario for a few seeds and prints a hash of every ScheduleResult field
 * that reflects a decision (node, message, outcome, plugins, evaluated/feasible counts). Optimisations must
 * leave the printed hashes unchanged; it also times a failed schedule() call.
 */
import { createScheduler, type ScheduleResult } from "@/lib/engine/scheduler";
import type { Pod } from "@/lib/k8s/types";
import { fnv1a32 } from "@/lib/engine/util/hash";
import { w1Input } from "../../bench/workloads/w1";
import { w2Input } from "../../bench/workloads/w2";
import { baseSpec, makeNode, makePod } from "../../bench/workloads/common";

function line(r: ScheduleResult): string {
  return `${r.nodeName}|${r.message}|${r.outcome}|${r.unschedulablePlugins.join(",")}|${r.evaluatedNodes}|${r.feasibleNodes}`;
}

function digest(nodes: Parameters<typeof createScheduler>[0]["nodes"], pods: Pod[], seed: number): string {
  const s = createScheduler({ nodes }, { seed });
  let h = "";
  let acc = 0;
  for (const p of pods) {
    const l = line(s.scheduleAndBind(p));
    acc = fnv1a32(`${acc}:${l}`);
    h = l;
  }
  return `${acc.toString(16)} last=${h.slice(0, 60)}`;
}

/** A full cluster (40 pods per node) then pods that fit nowhere; some nodes tainted to vary the reasons. */
export function failureInput(numNodes: number) {
  const nodes = Array.from({ length: numNodes }, (_, i) => {
    const n = makeNode(`node-${String(i).padStart(5, "0")}`, `zone-${i % 3}`, "region-1");
    if (i % 7 === 0) n.spec = { taints: [{ key: "down", effect: "NoSchedule" }] };
    return n;
  });
  const spec = baseSpec();
  const fill = Array.from({ length: numNodes * 40 }, (_, i) => makePod(`fill-${i}`, { app: "fill" }, spec));
  const extra = Array.from({ length: 2000 }, (_, i) => makePod(`extra-${i}`, { app: "fill" }, spec));
  return { nodes, fill, extra };
}

/** Min / median over repeated runs of the measured phase (the machine is shared and noisy). */
function timing(reps: number, fastPath: boolean): void {
  // Wall time of the measured phase, and the process CPU time around it (less sensitive to other processes).
  let cpu0 = 0;
  const cpuMs = () => process.cpuUsage().user / 1000;
  const measure = (label: string, f: () => number) => {
    const xs: number[] = [];
    const cs: number[] = [];
    for (let k = 0; k < reps; k++) {
      xs.push(f());
      cs.push(cpuMs() - cpu0);
    }
    xs.sort((a, b) => a - b);
    cs.sort((a, b) => a - b);
    console.log(`${label.padEnd(8)} wall min ${xs[0]!.toFixed(1)} ms  median ${xs[xs.length >> 1]!.toFixed(1)} ms   cpu min ${cs[0]!.toFixed(1)} ms`);
  };
  const w1 = (n: number) => () => {
    const { nodes, plain, spread } = w1Input(n, 1);
    const s = createScheduler({ nodes }, { seed: 1, fastPath });
    for (const p of plain) s.scheduleAndBind(p);
    cpu0 = cpuMs();
    const t0 = performance.now();
    for (const p of spread) s.scheduleAndBind(p);
    return performance.now() - t0;
  };
  const only = process.argv[5];
  if (!only || only === "W1") measure("W1", w1(5000));
  if (!only || only === "W1-500") measure("W1-500", w1(500));
  if (!only || only === "W2") measure("W2", () => {
    const { nodes, pods } = w2Input(1);
    const s = createScheduler({ nodes }, { seed: 1, fastPath });
    cpu0 = cpuMs();
    const t0 = performance.now();
    for (const p of pods) s.scheduleAndBind(p);
    return performance.now() - t0;
  });
}

function main(): void {
  const mode = process.argv[2] ?? "all";
  if (mode === "time") timing(Number(process.argv[3] ?? 7), process.argv[4] !== "generic");
  if (mode === "all" || mode === "digest") {
    for (const seed of [1, 2, 3]) {
      const w1 = w1Input(5000, seed);
      console.log(`W1 seed ${seed}`, digest(w1.nodes, [...w1.plain, ...w1.spread], seed));
      const w15 = w1Input(500, seed);
      console.log(`W1-500 seed ${seed}`, digest(w15.nodes, [...w15.plain, ...w15.spread], seed));
      const w2 = w2Input(seed);
      console.log(`W2 seed ${seed}`, digest(w2.nodes, w2.pods, seed));
    }
    const f = failureInput(300);
    console.log(`fail-300`, digest(f.nodes, [...f.fill.slice(0, 300 * 34), ...f.extra.slice(0, 200)], 7));
  }
  if (mode === "all" || mode === "fail") {
    for (const n of [3333, 5000]) {
      const f = failureInput(n);
      const s = createScheduler({ nodes: f.nodes }, { seed: 1 });
      // Fill without the scheduler (bind directly): only the failed attempts are timed.
      const untainted = f.nodes.filter((x) => !x.spec?.taints).map((x) => x.metadata.name!);
      let k = 0;
      for (const name of untainted) for (let j = 0; j < 40; j++) s.bind(f.fill[k++]!, name);
      for (let w = 0; w < 500; w++) s.schedule(f.extra[w % 2000]!);
      const reps = 2000;
      const t0 = performance.now();
      let r: ScheduleResult | null = null;
      for (let w = 0; w < reps; w++) r = s.schedule(f.extra[w]!);
      const us = ((performance.now() - t0) * 1000) / reps;
      console.log(`failed schedule() on ${n} nodes: ${us.toFixed(1)} us/call  ${r!.message}`);
    }
  }
}

main();
