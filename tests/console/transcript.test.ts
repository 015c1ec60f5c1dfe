/** `topoplan console` through stdin, as a child process: a transcript of `$ command` + output. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

function session(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/topoplan.mjs"), "console", ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("topoplan console (stdin transcript)", { timeout: 120_000 }, () => {
  it("prints each command after '$ ' followed by kubectl-like output", () => {
    const r = session([
      "kubectl get nodes",
      "kubectl create deployment web --image=nginx --replicas=3",
      "kubectl get pods",
      "kubectl wait --for=condition=Ready pod -l app=web",
      "kubectl get deploy,rs -o name",
      "kubectl apply -f -",
      "apiVersion: policy/v1",
      "kind: PodDisruptionBudget",
      "metadata: {name: web}",
      "spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}",
      "---EOF",
      "kubectl get pdb",
      "sim advance 90s",
    ].join("\n") + "\n");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("$ kubectl get nodes");
    expect(lines[1]).toBe("NAME      STATUS   ROLES    AGE   VERSION");
    expect(lines.slice(2, 8).every((l) => /^node-[abc][12] {3}Ready {4}<none> {3}1d {4}v1\.34\.1$/.test(l))).toBe(true);
    expect(lines).toContain("$ kubectl create deployment web --image=nginx --replicas=3");
    expect(lines).toContain("deployment.apps/web created");
    expect(r.out).toMatch(/\$ kubectl get pods\nNAME {19}READY {3}STATUS {14}RESTARTS {3}AGE\n(web-\w+-\w{5} {3}0\/1 {5}ContainerCreating {3}0 {10}1s\n){3}/);
    expect(r.out).toMatch(/\$ kubectl get deploy,rs -o name\ndeployment\.apps\/web\nreplicaset\.apps\/web-\w+\n/);
    expect(r.out).toContain("$ kubectl apply -f -\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}\n---EOF\npoddisruptionbudget.policy/web created\n");
    expect(r.out).toMatch(/NAME {3}MIN AVAILABLE {3}MAX UNAVAILABLE {3}ALLOWED DISRUPTIONS {3}AGE\nweb {4}N\/A {13}1 {17}1 {21}\ds/);
    expect(r.out).toMatch(/\$ sim advance 90s\nvirtual time: t=\d+m\d+s\n$/);
  });

  it("starts from --cluster and rejects unknown options", () => {
    const r = session("kubectl get nodes\nkubectl get pods -o name\n", "--cluster", join(ROOT, "tests/fixtures/console/spread-honor.yaml"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/node-c2 +Ready/);
    expect(r.out.match(/^pod\/web-running-/gm)).toHaveLength(6);
    expect(session("", "--bogus").code).toBe(2);
  });
});
