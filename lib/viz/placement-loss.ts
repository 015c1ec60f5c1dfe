/**
 * How alarming the "if one zone is lost" figure is: "zero" when nothing survives (an outage of that
 * Deployment), "low" when fewer than desired - 1 replicas survive (more than one replica's worth of capacity
 * gone at once), else "ok".
 */
export type LossSeverity = "zero" | "low" | "ok";

export function lossSeverity(replicasLeft: number, desired: number): LossSeverity {
  if (desired > 0 && replicasLeft === 0) return "zero";
  if (replicasLeft < desired - 1) return "low";
  return "ok";
}
