/**
 * NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go): favours nodes whose requested
 * fractions of the configured resources stay close to each other. Uses actual requests (no non-zero
 * defaults). PreScore returns Skip for a pod that requests none of the resources (best-effort pods,
 * kubernetes/kubernetes#129138).
 */
import { balancedArgsWithDefaults, type NodeResourcesBalancedAllocationArgs } from "../config";
import type { Handle, PreScorePlugin, ScorePlugin } from "../framework";
import type { PodInfo } from "../pod-info";
import { SKIP, type Status } from "../status";
import { ResourceColumns } from "./resource-columns";
import { balancedScorer } from "./resource-scoring";

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = "NodeResourcesBalancedAllocation";
  private readonly columns: ResourceColumns;
  /** Scores exactly (cpu, memory): the fused fast path inlines the same arithmetic. */
  readonly fastCompatible: boolean;
  constructor(h: Handle, args: NodeResourcesBalancedAllocationArgs = {}) {
    const names = balancedArgsWithDefaults(args).map((r) => r.name);
    this.columns = new ResourceColumns(h, names, true);
    this.fastCompatible = names.length === 2 && names[0] === "cpu" && names[1] === "memory";
  }

  preScore(pod: PodInfo): Status | null {
    const req = this.columns.podRequests(pod);
    for (let r = 0; r < req.length; r++) if (req[r] !== 0) return null;
    return SKIP;
  }

  score(pod: PodInfo, nodes: Int32Array, n: number, out: Float64Array): void {
    this.columns.scoreAll(pod, nodes, n, out, balancedScorer, "balanced");
  }
}
