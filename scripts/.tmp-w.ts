import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { runInWorker } from "@/lib/worker/pool";
const spec = parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
const t0 = Date.now();
const r = await runInWorker({ kind: "simulation", spec, scenario: { horizon: "30m", events: [{ at: 0, fail: { zone: "us-east-1a" } }] } }, (p) => console.log("progress", p));
console.log(Date.now() - t0, "ms");
if (r.kind === "simulation") { console.log(JSON.stringify(r.phases.map(p=>[p.id,p.startMs,p.endMs]))); for (const d of r.deployments) console.log(d.name, d.desired, d.minReady, d.recoveredAtMs, d.pendingAtEnd, JSON.stringify(d.pendingReasons), d.series.length); console.log(r.events.length, JSON.stringify(r).length); }
const t1 = Date.now();
const s = await runInWorker({ kind: "sweep", spec }, (p) => console.log("progress", p.done, p.total));
console.log(Date.now() - t1, "ms", JSON.stringify(s).length);
if (s.kind === "sweep") for (const sc of s.clusters[0].scenarios) console.log(sc.scenario.id, sc.deployments.map(d=>d.name+":"+d.verdict).join(" "), JSON.stringify(sc.shortfall));
