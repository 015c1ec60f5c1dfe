/**
 * Benchmark runner: `npm run bench [-- --only W1,W2] [--out FILE] [--seed N] [--warmup N] [--repeat N]`.
 * Each workload module (tests/bench/workloads/*) runs `warmup` times unmeasured (other seeds) to warm up the
 * JIT, then `repeat` times measured (same seed, same decisions); the module sets its defaults (W1/W2: 10 and 10,
 * the multi-second workloads 1 and 1) and the flags override them. With repeat > 1 the reported `ms` is the
 * fastest run, with every run's time in `msRuns` and the median in `msMedian`: on a shared, noisy machine the
 * minimum is the stable figure, and the median is there to read beside it.
 * Prints one line per result and optionally writes { "workloads": [...] } as JSON.
 *
 * Each workload module runs in its own Node process (the parent only spawns and merges): run in one process,
 * a workload inherits the previous one's heap and the JIT's type feedback from other shapes (W2 measured
 * 31 ms alone and 50 ms after W1), which is the harness's noise, not the workload's cost.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getHeapStatistics } from "node:v8";
import type { BenchContext, BenchWorkload, WorkloadResult } from "./types";
import { W1 } from "./workloads/w1";
import { W2 } from "./workloads/w2";
import { W3 } from "./workloads/w3";
import { W4 } from "./workloads/w4";
import { W5 } from "./workloads/w5";

/** Register new workload modules here (W3-W5 live in their own files). */
export const WORKLOADS: BenchWorkload[] = [W1, W2, W3, W4, W5];

function parseArgs(argv: string[]) {
  const out: { only: Set<string> | null; outFile: string | null; seed: number; warmup: number | null; repeat: number | null; module: number | null } = { only: null, outFile: null, seed: 1, warmup: null, repeat: null, module: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => argv[++i] ?? "";
    if (a === "--only") out.only = new Set(val().split(",").map((s) => s.trim()).filter(Boolean));
    else if (a.startsWith("--only=")) out.only = new Set(a.slice(7).split(","));
    else if (a === "--out") out.outFile = val();
    else if (a.startsWith("--out=")) out.outFile = a.slice(6);
    else if (a === "--seed") out.seed = Number(val());
    else if (a === "--warmup") out.warmup = Number(val());
    else if (a === "--repeat") out.repeat = Math.max(1, Number(val()) || 1);
    else if (a === "--module") out.module = Number(val()); // internal: run WORKLOADS[N] in this process
  }
  return out;
}

function makeContext(seed: number): BenchContext {
  let peak = 0;
  // The same figure as process.memoryUsage().heapUsed, at half the cost (no RSS read from /proc): it is sampled
  // inside the timed loops.
  const sampleHeap = () => {
    const h = getHeapStatistics().used_heap_size;
    if (h > peak) peak = h;
  };
  return {
    seed,
    sampleHeap,
    heapPeak() {
      peak = 0;
      sampleHeap();
      return () => {
        sampleHeap();
        return peak / (1024 * 1024);
      };
    },
  };
}

const selected = (w: BenchWorkload, only: Set<string> | null) => !only || w.ids.some((id) => only.has(id) || only.has(id.split("-")[0]!));

/** Runs each selected workload module in a child process of its own and merges their results. */
function main(): void {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  if (args.module !== null) return runModule(args);
  const dir = mkdtempSync(path.join(tmpdir(), "topoplan-bench-"));
  const results: WorkloadResult[] = [];
  let failed = false;
  try {
    WORKLOADS.forEach((w, index) => {
      if (!selected(w, args.only)) return;
      const file = path.join(dir, `${index}.json`);
      const forwarded = argv.filter((_, i) => argv[i] !== "--out" && argv[i - 1] !== "--out" && !argv[i]!.startsWith("--out="));
      const child = spawnSync(process.execPath, ["--expose-gc", ...(w.nodeFlags ?? []), ...process.execArgv, process.argv[1]!, ...forwarded, "--module", String(index), "--out", file], { stdio: "inherit" });
      if (child.status !== 0) failed = true;
      try {
        results.push(...(JSON.parse(readFileSync(file, "utf8")) as { workloads: WorkloadResult[] }).workloads);
      } catch {
        console.error(`${w.ids.join(",")}: no results (the workload's process exited with ${child.status ?? child.signal})`);
        failed = true;
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (args.outFile) writeFileSync(args.outFile, JSON.stringify({ workloads: results }, null, 2) + "\n");
  if (failed || results.some((r) => r.checker === "fail")) process.exitCode = 1;
}

function runModule(args: ReturnType<typeof parseArgs>): void {
  const results: WorkloadResult[] = [];
  for (const w of [WORKLOADS[args.module!]!]) {
    const warmup = args.warmup ?? w.warmup ?? 1;
    const repeat = args.repeat ?? w.repeat ?? 1;
    for (let k = 0; k < warmup; k++) w.run(makeContext(args.seed + 1000 + k));
    // A full collection between the warm-up and the measured runs (the process has --expose-gc): what the
    // warm-up left is not collected on the measured run's time.
    (globalThis as { gc?: () => void }).gc?.();
    const best = new Map<string, WorkloadResult>();
    const runs = new Map<string, number[]>();
    for (let k = 0; k < repeat; k++) {
      for (const r of w.run(makeContext(args.seed))) {
        runs.set(r.id, [...(runs.get(r.id) ?? []), r.ms]);
        const b = best.get(r.id);
        if (!b || r.ms < b.ms || r.checker === "fail") best.set(r.id, b?.checker === "fail" ? b : r);
      }
    }
    for (const r of best.values()) {
      if (args.only && !args.only.has(r.id) && !args.only.has(r.id.split("-")[0]!)) continue;
      if (repeat > 1) {
        const ms = [...runs.get(r.id)!].sort((a, b) => a - b);
        r.msRuns = runs.get(r.id);
        r.msMedian = ms[ms.length >> 1];
      }
      results.push(r);
      console.log(
        `${r.id.padEnd(8)} ${String(r.ms).padStart(9)} ms  ${String(r.pods).padStart(7)} pods  ${String(r.podsPerSecond).padStart(8)} pods/s  peak heap ${String(r.peakHeapMB).padStart(6)} MB  pending ${r.pending}  checker ${r.checker}`,
      );
    }
  }
  if (args.outFile) writeFileSync(args.outFile, JSON.stringify({ workloads: results }, null, 2) + "\n");
  if (results.some((r) => r.checker === "fail")) process.exitCode = 1;
}

main();
