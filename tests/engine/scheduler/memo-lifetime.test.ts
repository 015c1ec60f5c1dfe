/**
 * A template's compiled level is cached for as long as its spec object lives (a sweep hands the same input to
 * every scenario), while a scheduler's state lives for one simulation. The plugins' per-template memos must not
 * tie the two together: once a scheduler is dropped, its state must be collectable although the template it
 * scheduled is still compiled and cached. (They used to sit in the level and kept every finished sweep
 * scenario's state alive: about 50 MB per W5 scenario.)
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createScheduler } from "@/lib/engine/scheduler";
import type { Pod } from "@/lib/k8s/types";
import { MakeNode, MakePod } from "./builders";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const ZONE = "topology.kubernetes.io/zone";

/** Schedules replicas of `template` on a fresh scheduler and returns a weak reference to its state. */
function scheduleAndDrop(template: Pod): WeakRef<object> {
  const nodes = ["a", "b", "c"].flatMap((z) => [0, 1].map((i) => MakeNode(`${z}-${i}`).zone(z).alloc({ cpu: "4", memory: "8Gi", pods: "110" }).obj()));
  const s = createScheduler({ nodes, pods: [] }, { seed: 1 });
  for (let i = 0; i < 4; i++) {
    // Shallow copies of one spec, as the controllers create them: they compile to one cached level.
    const pod: Pod = { ...template, metadata: { ...template.metadata, name: `web-${i}` }, spec: { ...template.spec } };
    const r = s.schedule(pod);
    expect(r.nodeName).not.toBeNull();
    s.bind(pod, r.nodeName!);
  }
  return new WeakRef((s as unknown as { handle: { state: object } }).handle.state);
}

describe("per-template memos", () => {
  it("do not keep a dropped scheduler's state alive", async () => {
    const sel = { matchLabels: { app: "web" } };
    const template = MakePod("web")
      .label("app", "web")
      .req({ cpu: "100m", memory: "128Mi" })
      .spread(1, ZONE, "DoNotSchedule", sel)
      .spread(1, "kubernetes.io/hostname", "ScheduleAnyway", sel)
      .obj();
    const first = scheduleAndDrop(template);
    // A second scheduler uses the same cached template level; the first one's memos must not be reused.
    const second = scheduleAndDrop(template);
    // WeakRef targets stay alive until the current job ends: let it end before collecting.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(first.deref()).toBeUndefined();
    expect(second.deref()).toBeUndefined();
    // The template is still reachable (and its compiled level cached): only the states went.
    expect(template.spec.topologySpreadConstraints).toHaveLength(2);
  });
});
