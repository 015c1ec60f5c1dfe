/** The console's seed exercises: each behaves as on a real cluster (shared/design/domain.md). */
import { describe, expect, it } from "vitest";
import { newConsole, pods } from "./helpers";

describe("console exercises", () => {
  it("create deployment: ContainerCreating right away, Running after startup; names, labels, IPs as Kubernetes gives them", () => {
    const { run } = newConsole();
    expect(run("kubectl create deployment web --image=nginx --replicas=3")).toEqual(["deployment.apps/web created"]);
    const before = pods(run);
    expect(before).toHaveLength(3);
    for (const p of before) {
      expect(p.status).toBe("ContainerCreating");
      expect(p.name).toMatch(/^web-[a-z0-9]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.labels).toMatch(/^app=web,pod-template-hash=[a-z0-9]+$/);
    }
    expect(run("kubectl wait --for=condition=Ready pod -l app=web")).toHaveLength(3);
    const wide = run("kubectl get pods -o wide");
    expect(wide[0]).toMatch(/^NAME {3,}READY {3}STATUS {4}RESTARTS {3}AGE {3}IP {3,}NODE/);
    for (const l of wide.slice(1)) expect(l).toMatch(/1\/1 {5}Running {3}0 {10}\d+s +10\.244\.\d+\.\d+ +node-/);
  });

  it("a bare pod runs and is lost with its node: nobody recreates it", () => {
    const { run } = newConsole();
    expect(run("kubectl run hello --image=nginx")).toEqual(["pod/hello created"]);
    expect(run("kubectl wait --for=condition=Ready pod/hello")).toEqual(["pod/hello condition met"]);
    const [hello] = pods(run);
    expect(hello!.labels).toBe("run=hello");
    run(`sim fail node ${hello!.node}`);
    run("sim advance 10m");
    const after = pods(run);
    expect(after).toHaveLength(1);
    expect(after[0]!.status).toBe("Terminating"); // its node cannot confirm the deletion
    run(`sim recover node ${hello!.node}`);
    expect(pods(run)).toEqual([]);
  });

  it("a Deployment's pod is replaced when deleted, and when its node dies only after grace period + 300 s", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=3");
    run("kubectl wait --for=condition=Ready pod -l app=web");
    const [victim] = pods(run);
    expect(run(`kubectl delete pod ${victim!.name}`)).toEqual([`pod "${victim!.name}" deleted`]);
    const now = pods(run);
    expect(now).toHaveLength(3);
    expect(now.map((p) => p.name)).not.toContain(victim!.name);

    run("kubectl wait --for=condition=Ready pod -l app=web");
    const target = pods(run)[0]!;
    run(`sim fail node ${target.node}`);
    run("sim advance 5m"); // 50 s grace + 300 s toleration not yet over
    expect(pods(run).filter((p) => p.status === "Running")).toHaveLength(3);
    expect(pods(run).find((p) => p.name === target.name)!.ready).toBe("0/1");
    run("sim advance 2m");
    const after = pods(run);
    expect(after.find((p) => p.name === target.name)!.status).toBe("Terminating");
    expect(after.filter((p) => p.status === "Running" && p.node !== target.node)).toHaveLength(3);
    const events = run(`kubectl describe pod ${target.name}`).join("\n");
    expect(events).toMatch(/TaintManagerEviction .*Marking for deletion Pod default\//);
  });

  it("relabelling a pod out of the selector orphans it; relabelling it back gets it adopted and the newest pod deleted", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=3");
    run("kubectl wait --for=condition=Ready pod -l app=web");
    const [first] = pods(run);
    const before = pods(run).map((p) => p.name);
    expect(run(`kubectl label pod ${first!.name} app=debug --overwrite`)).toEqual([`pod/${first!.name} labeled`]);
    expect(pods(run, "-l app=web")).toHaveLength(3);
    expect(pods(run)).toHaveLength(4);
    const orphan = JSON.parse(run(`kubectl get pod ${first!.name} -o json`).join("\n"));
    expect(orphan.metadata.ownerReferences ?? []).toEqual([]);
    run("kubectl wait --for=condition=Ready pod -l app=web");
    const replacement = pods(run, "-l app=web").find((p) => p.name !== first!.name && !before.includes(p.name))!;
    expect(replacement).toBeDefined();
    expect(run(`kubectl label pod ${first!.name} app=web --overwrite`)).toEqual([`pod/${first!.name} labeled`]);
    const back = pods(run, "-l app=web").filter((p) => p.status !== "Terminating");
    expect(back).toHaveLength(3);
    expect(back.map((p) => p.name)).toContain(first!.name);
    // ActivePodsWithRanks: ready for the shortest time goes first, so the replacement is the one deleted.
    expect(back.map((p) => p.name)).not.toContain(replacement.name);
    expect(run(`kubectl describe rs ${first!.name.split("-").slice(0, 2).join("-")}`).join("\n")).toMatch(/SuccessfulDelete .*Deleted pod: /);
  });

  it("delete pods --all brings the Deployment's pods back but not the bare pod", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=2");
    run("kubectl run hello --image=nginx");
    run("kubectl wait --for=condition=Ready pods --all");
    const out = run("kubectl delete pods --all");
    expect(out).toHaveLength(3);
    expect(out).toContain('pod "hello" deleted');
    const after = pods(run);
    expect(after).toHaveLength(2);
    expect(after.every((p) => p.name.startsWith("web-"))).toBe(true);
  });

  it("delete deploy --all removes everything it owned (garbage collector cascade)", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=3");
    run("kubectl run hello --image=nginx");
    run("kubectl wait --for=condition=Ready pods --all");
    expect(run("kubectl delete deploy --all")).toEqual(['deployment.apps "web" deleted']);
    run("sim advance 5s");
    expect(run("kubectl get rs")).toEqual(["No resources found in default namespace."]);
    expect(pods(run).map((p) => p.name)).toEqual(["hello"]);
  });

  it("scale up and down (scale-down removes pods in the ReplicaSet controller's order)", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=2");
    expect(run("kubectl scale deploy/web --replicas=5")).toEqual(["deployment.apps/web scaled"]);
    expect(pods(run)).toHaveLength(5);
    run("kubectl wait --for=condition=Ready pod -l app=web");
    expect(run("kubectl get deploy web")[1]).toMatch(/^web {4}5\/5 {5}5 {12}5 {11}\d+s$/);
    run("kubectl scale deployment web --replicas=1");
    run("sim advance 5s");
    expect(pods(run)).toHaveLength(1);
  });

  it("drain is blocked by a PodDisruptionBudget until replacements are ready elsewhere", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=3");
    run("kubectl wait --for=condition=Ready pod -l app=web");
    run("kubectl apply -f -");
    run("apiVersion: policy/v1");
    run("kind: PodDisruptionBudget");
    run("metadata: {name: web}");
    run("spec: {minAvailable: 3, selector: {matchLabels: {app: web}}}");
    expect(run("---EOF")).toEqual(["poddisruptionbudget.policy/web created"]);
    const node = pods(run)[0]!.node;
    const out = run(`kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data --timeout=30s`);
    expect(out[0]).toBe(`node/${node} cordoned`);
    expect(out).toContainEqual(expect.stringMatching(/^error when evicting pods\/"web-.*" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/));
    expect(out.join("\n")).toContain("global timeout reached: 30s");
    expect(run("kubectl get nodes").join("\n")).toContain(`${node}   Ready,SchedulingDisabled`);
    // With minAvailable 2 the budget allows one eviction; the drain completes.
    run("kubectl apply -f -");
    run("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 2, selector: {matchLabels: {app: web}}}");
    expect(run("---EOF")).toEqual(["poddisruptionbudget.policy/web configured"]);
    const ok = run(`kubectl drain ${node} --ignore-daemonsets`);
    expect(ok[ok.length - 1]).toBe(`node/${node} drained`);
    expect(pods(run).filter((p) => p.node === node)).toEqual([]);
  });

  it("port-forward names the pod that receives the traffic", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=2");
    run("kubectl wait --for=condition=Ready pod -l app=web");
    const out = run("kubectl port-forward deploy/web 8080:80");
    expect(out[0]).toBe("Forwarding from 127.0.0.1:8080 -> 80");
    expect(out[2]).toMatch(/goes to pod default\/web-\S+ \(10\.244\.\d+\.\d+ on node-\w+, zone eu-west-1\w\)/);
  });
});
