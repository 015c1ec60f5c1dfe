/**
 * Rolling updates in the console: the Deployment controller's rollout (rolling.go, recreate.go, sync.go) on the
 * virtual clock, with kubectl's set image / rollout status / history / undo. Pods start in 10 s (podStartupMs);
 * every command gives the controllers one more virtual second.
 *
 * The arithmetic is upstream's (ResolveFenceposts): 25%/25% of 4 replicas → maxSurge 1 (rounded up),
 * maxUnavailable 1 (rounded down): never more than 5 pods, never fewer than 3 available.
 */
import { describe, expect, it } from "vitest";
import { applyYaml, newConsole, nowSeconds, pods, replicaSets } from "./helpers";

const scalingEvents = (run: (l: string) => string[]) =>
  run("kubectl get events --field-selector reason=ScalingReplicaSet").slice(1).map((l) => l.split(/\s{3,}/).pop()!);

function deploymentYaml(image: string, strategy: string, extra = "", replicas = 3): string {
  return [
    "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: api}", "spec:", `  replicas: ${replicas}`, `  strategy: ${strategy}`, ...(extra ? [`  ${extra}`] : []),
    "  selector: {matchLabels: {app: api}}", "  template:", "    metadata: {labels: {app: api}}", `    spec: {containers: [{name: api, image: "${image}"}]}`,
  ].join("\n");
}

describe("RollingUpdate (25% / 25%)", () => {
  it("set image rolls 4 replicas one surge pod at a time, never below 3 available nor above 5 pods", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx:1.26 --replicas=4");
    expect(run("kubectl rollout status deployment/web").at(-1)).toBe('deployment "web" successfully rolled out');
    const [oldRs] = replicaSets(run);
    expect(run("kubectl set image deployment/web nginx=nginx:1.27")).toEqual(["deployment.apps/web image updated"]);
    // First sync: the new ReplicaSet gets the surge pod (5 in all), the old one loses the one pod maxUnavailable
    // allows, which makes room for a second new pod: old 3 + new 2 = 5.
    const rs = replicaSets(run);
    expect(rs).toHaveLength(2);
    const newRs = rs.find((r) => r.name !== oldRs!.name)!;
    expect(rs.find((r) => r.name === oldRs!.name)).toMatchObject({ desired: 3, current: 3, ready: 3 });
    expect(newRs).toMatchObject({ desired: 2, current: 2, ready: 0 });
    for (let i = 0; i < 30; i++) {
      const live = pods(run).filter((p) => p.status !== "Terminating");
      expect(live.length).toBeLessThanOrEqual(5);
      expect(live.filter((p) => p.ready === "1/1").length).toBeGreaterThanOrEqual(3);
    }
    expect(replicaSets(run)).toEqual([{ ...oldRs, desired: 0, current: 0, ready: 0 }, { name: newRs.name, desired: 4, current: 4, ready: 4 }]);
    // Each new pod that turns Ready lets one old pod go and one more new pod in.
    expect(scalingEvents(run)).toEqual([
      `Scaled up replica set ${oldRs!.name} to 4 from 0`,
      `Scaled up replica set ${newRs.name} to 1 from 0`,
      `Scaled down replica set ${oldRs!.name} to 3 from 4`,
      `Scaled up replica set ${newRs.name} to 2 from 1`,
      `Scaled down replica set ${oldRs!.name} to 2 from 3`,
      `Scaled up replica set ${newRs.name} to 3 from 2`,
      `Scaled down replica set ${oldRs!.name} to 1 from 2`,
      `Scaled up replica set ${newRs.name} to 4 from 3`,
      `Scaled down replica set ${oldRs!.name} to 0 from 1`,
    ]);
    expect(run("kubectl get deploy web -o wide")[1]).toMatch(/^web +4\/4 +4 +4 +\S+ +nginx +nginx:1\.27 +app=web$/);
  });

  it("rollout status prints kubectl's progress lines while the clock moves, until the rollout is done", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx:1.26 --replicas=4");
    run("kubectl rollout status deployment/web");
    run("kubectl set image deployment/web nginx=nginx:1.27");
    const before = nowSeconds(run);
    const out = run("kubectl rollout status deployment/web");
    expect(out[0]).toBe('Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...');
    expect(out).toContain('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
    expect(out).toContain('Waiting for deployment "web" rollout to finish: 3 of 4 updated replicas are available...');
    expect(out.at(-1)).toBe('deployment "web" successfully rolled out');
    expect(out.every((l) => /^Waiting for deployment "web" rollout to finish: |^deployment "web" successfully rolled out$/.test(l))).toBe(true);
    // Two waves of new pods, 10 s each (the first wave started a second before the status command).
    const took = nowSeconds(run) - before;
    expect(took).toBeGreaterThanOrEqual(19);
    expect(took).toBeLessThanOrEqual(23);
    expect(run("kubectl rollout status deployment/web")).toEqual(['deployment "web" successfully rolled out']);
  });

  it("apply -f with a changed template starts the same rollout; an unchanged one does nothing", () => {
    const { run } = newConsole();
    const strategy = "{type: RollingUpdate}";
    expect(applyYaml(run, deploymentYaml("api:1", strategy))).toEqual(["deployment.apps/api created"]);
    run("kubectl rollout status deploy/api");
    expect(applyYaml(run, deploymentYaml("api:1", strategy))).toEqual(["deployment.apps/api unchanged"]);
    expect(replicaSets(run)).toHaveLength(1);
    expect(applyYaml(run, deploymentYaml("api:2", strategy))).toEqual(["deployment.apps/api configured"]);
    // 3 replicas at 25%: surge 1 (0.75 rounded up), unavailable 0 (rounded down): one new pod, the old ones stay.
    const rs = replicaSets(run);
    expect(rs.map((r) => [r.desired, r.current])).toEqual(expect.arrayContaining([[3, 3], [1, 1]]));
    expect(run("kubectl rollout status deploy/api").at(-1)).toBe('deployment "api" successfully rolled out');
    const d = JSON.parse(run("kubectl get deploy api -o json").join("\n"));
    expect(d.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("2");
    expect(d.metadata.generation).toBe(2);
    expect(d.status).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });
});

describe("RollingUpdate with maxSurge 0 and minReadySeconds", () => {
  it("takes a pod away before adding one, and waits minReadySeconds of readiness before the next", () => {
    const { run } = newConsole();
    const strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}";
    applyYaml(run, deploymentYaml("api:1", strategy, "minReadySeconds: 20"));
    run("kubectl rollout status deploy/api");
    applyYaml(run, deploymentYaml("api:2", strategy, "minReadySeconds: 20"));
    const rs = replicaSets(run);
    // Never more than 3 pods: the old ReplicaSet goes to 2 first, then the new one gets the freed place.
    expect(rs.map((r) => r.desired).sort()).toEqual([1, 2]);
    const oldName = rs.find((r) => r.desired === 2)!.name;
    const start = nowSeconds(run);
    let maxPods = 0;
    let nextStepAt = -1;
    for (let i = 0; i < 40 && nextStepAt < 0; i++) {
      maxPods = Math.max(maxPods, pods(run).filter((p) => p.status !== "Terminating").length);
      if (replicaSets(run).find((r) => r.name === oldName)!.desired === 1) nextStepAt = nowSeconds(run) - start;
    }
    expect(maxPods).toBe(3);
    // The first new pod is Ready 10 s after it was created and available 20 s later: only then may the next
    // old pod go (each loop turn above takes 3 commands, so the step is seen within 3 s).
    expect(nextStepAt).toBeGreaterThanOrEqual(29);
    expect(nextStepAt).toBeLessThanOrEqual(34);
    expect(run("kubectl rollout status deploy/api").at(-1)).toBe('deployment "api" successfully rolled out');
  });

  it("a scale in the middle of the rollout is shared out in proportion to each ReplicaSet's size", () => {
    const { run } = newConsole();
    const strategy = "{type: RollingUpdate, rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}";
    applyYaml(run, deploymentYaml("api:1", strategy));
    run("kubectl rollout status deploy/api");
    applyYaml(run, deploymentYaml("api:2", strategy));
    const [a, b] = replicaSets(run);
    const oldName = a!.desired === 2 ? a!.name : b!.name;
    run("kubectl scale deploy/api --replicas=6");
    // 3 → 6 (max 6 + 0 surge): old 2·6/3 = 4, new 1·6/3 = 2.
    const after = replicaSets(run);
    expect(after.find((r) => r.name === oldName)!.desired).toBe(4);
    expect(after.find((r) => r.name !== oldName)!.desired).toBe(2);
    expect(run("kubectl rollout status deploy/api").at(-1)).toBe('deployment "api" successfully rolled out');
    expect(replicaSets(run).find((r) => r.name !== oldName)).toMatchObject({ desired: 6, current: 6, ready: 6 });
  });
});

describe("Recreate", () => {
  it("scales every old pod away first; the new ReplicaSet appears only when they are gone", () => {
    const { run } = newConsole();
    applyYaml(run, deploymentYaml("api:1", "{type: Recreate}"));
    run("kubectl rollout status deploy/api");
    applyYaml(run, deploymentYaml("api:2", "{type: Recreate}"));
    const evs = scalingEvents(run);
    expect(evs.at(-2)).toMatch(/^Scaled down replica set api-\w+ to 0 from 3$/);
    expect(evs.at(-1)).toMatch(/^Scaled up replica set api-\w+ to 3 from 0$/);
    expect(pods(run).every((p) => p.status === "ContainerCreating" || p.status === "Running")).toBe(true);
    const out = run("kubectl rollout status deploy/api");
    expect(out[0]).toMatch(/^Waiting for deployment "api" rollout to finish: \d of 3 updated replicas are available\.\.\.$/);
    expect(out.at(-1)).toBe('deployment "api" successfully rolled out');
    expect(run("kubectl describe deploy api").join("\n")).toMatch(/StrategyType: +Recreate/);
  });

  it("an old pod stuck Terminating on a dead node holds the new ReplicaSet back", () => {
    const { run } = newConsole();
    applyYaml(run, deploymentYaml("api:1", "{type: Recreate}", "", 2));
    run("kubectl rollout status deploy/api");
    run(`sim fail node ${pods(run)[0]!.node}`);
    applyYaml(run, deploymentYaml("api:2", "{type: Recreate}", "", 2));
    run("sim advance 3m");
    // Nobody can confirm the pod on the dead node stopped, so Recreate keeps waiting: no new pod runs.
    expect(replicaSets(run).map((r) => r.desired)).toEqual([0]);
    expect(pods(run).map((p) => p.status)).toEqual(["Terminating"]);
  });
});

describe("progress deadline, history and undo", () => {
  it("a rollout whose new pods cannot schedule stops at progressDeadlineSeconds; undo brings the old template back", () => {
    const { run } = newConsole();
    const strategy = "{type: RollingUpdate}";
    applyYaml(run, deploymentYaml("api:1", strategy));
    run("kubectl rollout status deploy/api");
    const broken = deploymentYaml("api:2", strategy).replace('spec: {containers: [{name: api, image: "api:2"}]}', 'spec: {nodeSelector: {disk: ssd}, containers: [{name: api, image: "api:2"}]}');
    expect(applyYaml(run, broken)).toEqual(["deployment.apps/api configured"]);
    const start = nowSeconds(run);
    const out = run("kubectl rollout status deploy/api");
    expect(out[0]).toBe('Waiting for deployment "api" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(out.at(-1)).toBe('error: deployment "api" exceeded its progress deadline');
    // No progress since the surge pod was created: 600 s (the default deadline), checked one second after.
    const waited = nowSeconds(run) - start;
    expect(waited).toBeGreaterThanOrEqual(599);
    expect(waited).toBeLessThanOrEqual(604);
    const described = run("kubectl describe deploy api").join("\n");
    expect(described).toMatch(/Progressing +False +ProgressDeadlineExceeded/);
    // The old pods kept serving all along (maxUnavailable 0).
    expect(pods(run).filter((p) => p.ready === "1/1")).toHaveLength(3);

    expect(run("kubectl rollout history deploy/api")).toEqual(["deployment.apps/api ", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>", ""]);
    expect(run("kubectl rollout undo deploy/api")).toEqual(["deployment.apps/api rolled back"]);
    expect(run("kubectl rollout status deploy/api").at(-1)).toBe('deployment "api" successfully rolled out');
    expect(pods(run).filter((p) => p.status === "Pending")).toEqual([]);
    // The first template is revision 3 now; its earlier number is kept in revision-history.
    expect(run("kubectl rollout history deploy/api").slice(2, 4)).toEqual(["2         <none>", "3         <none>"]);
    const rs = JSON.parse(run("kubectl get rs -o json").join("\n")).items.find((r: { metadata: { annotations: Record<string, string> } }) => r.metadata.annotations["deployment.kubernetes.io/revision"] === "3");
    expect(rs.metadata.annotations["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(run("kubectl rollout undo deploy/api --to-revision=3")).toEqual(["deployment.apps/api skipped rollback (current template already matches revision 3)"]);
    expect(run("kubectl rollout undo deploy/api --to-revision=7")).toEqual(["error: unable to find specified revision 7 in history"]);
  });

  it("set image names its container; rollout restart rolls the same image out again", () => {
    const { run } = newConsole();
    run("kubectl create deployment web --image=nginx --replicas=2");
    expect(run("kubectl set image deployment/web app=nginx:2")).toEqual(['error: unable to find container named "app"']);
    expect(run("kubectl set image deployment/nope nginx=nginx:2")).toEqual(['Error from server (NotFound): deployments.apps "nope" not found']);
    expect(run("kubectl rollout restart deployment/web")).toEqual(["deployment.apps/web restarted"]);
    expect(replicaSets(run)).toHaveLength(2);
    expect(run("kubectl rollout status deployment/web").at(-1)).toBe('deployment "web" successfully rolled out');
    expect(run("help").join("\n")).toContain("kubectl rollout status deployment/NAME");
  });
});
