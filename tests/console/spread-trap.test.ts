/** kubernetes#123019 in the console: DoNotSchedule + nodeTaintsPolicy Ignore leaves replacements Pending after a zone outage. */
import { describe, expect, it } from "vitest";
import { newConsole, pods } from "./helpers";

function deploy(policy: "Ignore" | "Honor") {
  return [
    "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: web}", "spec:", "  replicas: 6",
    "  selector: {matchLabels: {app: web}}", "  template:", "    metadata: {labels: {app: web}}", "    spec:",
    "      topologySpreadConstraints:",
    `      - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, nodeTaintsPolicy: ${policy}, labelSelector: {matchLabels: {app: web}}}`,
    "      containers: [{name: web, image: nginx}]",
  ];
}

describe("zone spread trap", () => {
  it.each([["Ignore", 2], ["Honor", 0]] as const)("nodeTaintsPolicy %s: %d replacements stay Pending", (policy, pending) => {
    const { run } = newConsole();
    run("kubectl apply -f -");
    for (const l of deploy(policy)) run(l);
    expect(run("---EOF")).toEqual(["deployment.apps/web created"]);
    expect(run("kubectl wait --for=condition=Available deploy/web")).toEqual(["deployment.apps/web condition met"]);
    run("sim fail zone eu-west-1a");
    run("sim advance 7m");
    const now = pods(run).filter((p) => p.status !== "Terminating");
    expect(now.filter((p) => p.status === "Pending")).toHaveLength(pending);
    const events = run("kubectl get events --field-selector reason=FailedScheduling");
    if (pending > 0) {
      expect(events.slice(1).every((l) => l.includes("0/6 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 4 node(s) didn't match pod topology spread constraints."))).toBe(true);
      const name = now.find((p) => p.status === "Pending")!.name;
      expect(run(`kubectl describe pod ${name}`).join("\n")).toMatch(/Warning {2}FailedScheduling .*didn't match pod topology spread constraints/);
    } else {
      expect(now.filter((p) => p.status === "Running")).toHaveLength(6);
    }
  });
});
