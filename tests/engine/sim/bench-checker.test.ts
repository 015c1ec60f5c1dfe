/**
 * The benchmarks' online checker (tests/bench/workloads/sim-checker) applies tests/bench/checker.ts's rules
 * incrementally; both must agree on real placements and on injected violations.
 */
import { describe, expect, it } from "vitest";
import { check } from "@/tests/bench/checker";
import { OnlineChecker } from "@/tests/bench/workloads/sim-checker";
import { w2Input } from "@/tests/bench/workloads/w2";
import { createScheduler } from "@/lib/engine/scheduler";
import type { BindEvent } from "@/tests/bench/types";
import type { Node, Pod } from "@/lib/k8s/types";

function both(nodes: Node[], binds: BindEvent[], pending: { pod: Pod; message: string }[]) {
  const slow = check({ nodes, binds, pending });
  const fast = new OnlineChecker(nodes);
  for (const b of binds) fast.bind(b.pod, b.node);
  for (const p of pending) fast.pending(p.pod, p.message);
  return { slow: slow.ok, fast: fast.ok };
}

describe("OnlineChecker agrees with checker.ts", () => {
  const { nodes, pods } = w2Input(1);
  const s = createScheduler({ nodes }, { seed: 1 });
  const binds: BindEvent[] = [];
  const pending: { pod: Pod; message: string }[] = [];
  for (const p of pods.slice(0, 600)) {
    const r = s.scheduleAndBind(p);
    if (r.nodeName) binds.push({ pod: p, node: r.nodeName });
    else pending.push({ pod: p, message: r.message });
  }

  it("passes the scheduler's own placement", () => {
    expect(both(nodes, binds, pending)).toEqual({ slow: true, fast: true });
  });
  it("catches a spread / anti-affinity violation", () => {
    const bad = binds.map((b, i) => (i < 9 ? { ...b, node: binds[0]!.node } : b));
    expect(both(nodes, bad, pending)).toEqual({ slow: false, fast: false });
  });
  it("catches a pending pod without a reason", () => {
    expect(both(nodes, binds, [{ pod: pods[0]!, message: "" }])).toEqual({ slow: false, fast: false });
  });
});
