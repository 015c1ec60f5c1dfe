/** A simulation reports progress as its virtual time advances, not only when a cluster is done. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { parse } from "yaml";
import { runJob } from "@/lib/worker/compute";
import type { Progress } from "@/lib/worker/protocol";

it("reports fractions of the single cluster, in order, ending at 1/1", () => {
  const spec = parse(readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8"));
  const seen: Progress[] = [];
  runJob({ kind: "simulation", spec, scenario: { horizon: "30m", events: [{ at: 0, fail: { zone: "us-east-1a" } }] } }, (p) => seen.push(p));
  const partial = seen.filter((p) => p.done > 0 && p.done < 1);
  expect(partial.length).toBeGreaterThan(3);
  for (let k = 1; k < seen.length; k++) expect(seen[k]!.done).toBeGreaterThanOrEqual(seen[k - 1]!.done);
  expect(seen[seen.length - 1]).toMatchObject({ done: 1, total: 1 });
  expect(partial.some((p) => p.virtualMs > 0)).toBe(true);
});
