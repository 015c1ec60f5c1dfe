import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { runJob } from "@/lib/worker/compute";
const spec = parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
const r = runJob({ kind: "simulation", spec, scenario: { horizon: "30m", events: [{ at: 0, fail: { zone: "us-east-1a" } }] } });
if (r.kind === "simulation") { for (const d of r.deployments) console.log(d.name, JSON.stringify(d.series)); console.log(r.events.slice(0,30).map(e=>`${e.atMs} ${e.reason} ${e.object}`).join("\n")); }
