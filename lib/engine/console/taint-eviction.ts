/**
 * The taint-eviction controller in the console (pkg/controller/tainteviction): when a node's NoExecute taints
 * change, every pod on it is looked at again. A pod that does not tolerate them is deleted at once; one that
 * tolerates them for tolerationSeconds (300 s by default, from admission) is deleted that long after it was
 * first processed (an earlier-started timer is kept); removing the taints cancels pending deletions. The delay
 * rules are the simulation's (tainteviction/toleration-time.ts).
 */
import type { Pod } from "../../k8s/types";
import { noExecuteTaints } from "../controllers/nodelifecycle/taints";
import { evictionDelay } from "../controllers/tainteviction/toleration-time";
import { current, deletePod } from "./kubelet";
import type { ConsoleStore } from "./store";

interface Work {
  token: number;
  createdAtMs: number;
}

/** Pending deletions by pod uid, per store; a token tells a live timer from a cancelled one. */
const works = new WeakMap<ConsoleStore, { byPod: Map<string, Work>; nextToken: number }>();

function state(s: ConsoleStore) {
  let w = works.get(s);
  if (!w) works.set(s, (w = { byPod: new Map(), nextToken: 0 }));
  return w;
}
const workOf = (s: ConsoleStore) => state(s).byPod;

const podObj = (p: Pod) => ({ kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name ?? "" });

function cancel(s: ConsoleStore, p: Pod, withEvent: boolean): void {
  const w = workOf(s);
  if (!w.delete(p.metadata.uid ?? "")) return;
  if (withEvent) s.record("Normal", "TaintManagerEviction", podObj(p), `Cancelling deletion of Pod ${p.metadata.namespace}/${p.metadata.name}`, "taint-eviction-controller");
}

function enqueue(s: ConsoleStore, p: Pod, createdAtMs: number, fireAtMs: number): void {
  const work: Work = { token: ++state(s).nextToken, createdAtMs };
  workOf(s).set(p.metadata.uid ?? "", work);
  s.at(fireAtMs, () => {
    const w = workOf(s);
    if (w.get(p.metadata.uid ?? "")?.token !== work.token) return;
    w.delete(p.metadata.uid ?? "");
    const c = current(s, p);
    if (!c || c.metadata.deletionTimestamp) return;
    s.record("Normal", "TaintManagerEviction", podObj(c), `Marking for deletion Pod ${c.metadata.namespace}/${c.metadata.name}`, "taint-eviction-controller");
    deletePod(s, c);
  });
}

/** processPodOnNode: the pod against its node's current NoExecute taints. */
export function processPodOnNode(s: ConsoleStore, p: Pod): void {
  const node = s.nodes.get(p.spec.nodeName ?? "");
  if (!node) return;
  const taints = noExecuteTaints(node.node.spec?.taints);
  if (taints.length === 0) return cancel(s, p, true);
  const delay = evictionDelay(taints, p.spec.tolerations);
  if (delay.kind === "never") return cancel(s, p, true);
  if (delay.kind === "now") {
    cancel(s, p, true);
    return enqueue(s, p, s.nowMs, s.nowMs);
  }
  const existing = workOf(s).get(p.metadata.uid ?? "");
  // A deletion already counting down since earlier keeps its start (upstream keeps the older timer).
  if (existing && existing.createdAtMs < s.nowMs) return;
  if (existing) cancel(s, p, true);
  enqueue(s, p, existing?.createdAtMs ?? s.nowMs, s.nowMs + delay.ms);
}

/** handleNodeUpdate: every pod bound to the node, terminating ones included (their timers then do nothing). */
export function nodeTaintsChanged(s: ConsoleStore, nodeName: string): void {
  for (const p of s.podsOn(nodeName)) processPodOnNode(s, p);
}
