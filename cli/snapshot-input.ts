/** Reads `<cluster.yaml>` for a command: parse errors and warnings printed the same way as `place` does. */
import { formatSnapshotIssue, parseSnapshot, type ClusterSnapshot } from "../lib/k8s/snapshot";
import type { SimulationInput } from "../lib/engine/sim/load";
import type { Io } from "./args";

export async function readSnapshot(cmd: string, file: string, io: Io): Promise<ClusterSnapshot | null> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    io.err(`topoplan ${cmd}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return null;
  }
  const parsed = parseSnapshot(text);
  if (!parsed.ok) {
    io.err(`topoplan ${cmd}: ${file} is not a valid cluster snapshot:`);
    for (const issue of parsed.error.issues) io.err(`  ${file}: ${formatSnapshotIssue(issue)}`);
    return null;
  }
  for (const w of parsed.snapshot.warnings) io.err(`warning: ${file}: ${formatSnapshotIssue(w)}`);
  return parsed.snapshot;
}

export function simulationInput(s: ClusterSnapshot): SimulationInput {
  return {
    nodes: s.nodes, pods: s.pods, deployments: s.deployments, replicaSets: s.replicaSets,
    services: s.services, pdbs: s.podDisruptionBudgets, namespaces: s.namespaces,
  };
}
