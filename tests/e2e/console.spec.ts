/** The Console tab: a Deployment's pods appear in `kubectl get pods`, and a deleted pod is replaced. */
import { expect, test } from "@playwright/test";
import { createSampleCopy } from "./helpers";

test("console: create a deployment, see 3 pods, delete one, see it replaced", async ({ page, request }) => {
  const id = await createSampleCopy(request, "console");

  await page.goto(`/topologies/${id}?tab=console`);
  await expect(page.getByTestId("console-tab")).toBeVisible();
  const input = page.getByTestId("console-input");
  const output = page.getByTestId("console-output");
  const run = async (cmd: string) => {
    await input.fill(cmd);
    await input.press("Enter");
    await expect(output).toContainText(`$ ${cmd}`);
  };

  await run("kubectl create deployment web --image=nginx --replicas=3");
  await expect(output).toContainText("deployment.apps/web created");
  await run("kubectl get pods");
  await expect(output.locator("div", { hasText: /^web-\w+-\w{5} +0\/1 +ContainerCreating/ })).toHaveCount(3);
  await run("kubectl wait --for=condition=Ready pod -l app=web");
  await expect(output.locator("div", { hasText: /condition met$/ })).toHaveCount(3);
  await run("kubectl get pods -o name");
  const names = (await output.locator("div", { hasText: /^pod\/web-[a-z0-9-]+$/ }).allInnerTexts()).map((t) => t.replace("pod/", ""));
  expect(names).toHaveLength(3);

  await run(`kubectl delete pod ${names[0]}`);
  await expect(output).toContainText(`pod "${names[0]}" deleted`);
  await run("kubectl get pods");
  const rows = output.locator("div", { hasText: /^web-\w+-\w{5} +\d\/1 +\w+/ });
  // 3 rows from the first listing + 3 from this one: the deleted pod is gone, a new one took its place.
  await expect(rows).toHaveCount(6);
  const last = (await rows.allInnerTexts()).slice(3).map((t) => t.split(/\s+/)[0]);
  expect(last).not.toContain(names[0]);
  expect(last.filter((n) => names.includes(n!))).toHaveLength(2);

  // History: arrow up brings back the last command.
  await input.press("ArrowUp");
  await expect(input).toHaveValue("kubectl get pods");
  await input.fill("");
  await page.screenshot({ path: "docs/screenshots/console.png", fullPage: true });

  // The topology's first cluster: its nodes carry the topology's zones.
  await page.getByTestId("console-source").selectOption("topology");
  await expect(output).toContainText("# cluster ");
  await run("kubectl get nodes -o wide");
  await expect(output.locator("div", { hasText: /\bReady\b.*us-east-1[a-z]$/ }).first()).toBeVisible();
  await request.delete(`/api/topologies/${id}`);
});

test("console exercises: a bare pod dies with its node, orphan and adopt by relabelling, delete --all", async ({ page, request }) => {
  const id = await createSampleCopy(request, "console-ex");
  await page.goto(`/topologies/${id}?tab=console`);
  const input = page.getByTestId("console-input");
  const output = page.getByTestId("console-output");
  let seq = 0;
  // Runs a command and returns its output lines (those after its own "$ cmd" line, up to the next command).
  const run = async (cmd: string): Promise<string[]> => {
    seq++;
    await input.fill(cmd);
    await input.press("Enter");
    await expect.poll(async () => (await output.locator("div").allInnerTexts()).filter((l) => l.startsWith("$ ")).length).toBeGreaterThanOrEqual(seq);
    const lines = await output.locator("div").allInnerTexts();
    const at = lines.lastIndexOf(`$ ${cmd}`);
    const rest = lines.slice(at + 1);
    const next = rest.findIndex((l) => l.startsWith("$ "));
    return next < 0 ? rest : rest.slice(0, next);
  };
  const rows = (lines: string[]) => lines.slice(1).map((l) => l.split(/\s+/));

  // 1. A bare pod (kubectl run) is lost with its node: nobody recreates it.
  expect(await run("kubectl run hello --image=nginx")).toEqual(["pod/hello created"]);
  expect(await run("kubectl wait --for=condition=Ready pod/hello")).toEqual(["pod/hello condition met"]);
  const wide = await run("kubectl get pod hello -o wide");
  const nodeCol = wide[0]!.split(/\s+/).indexOf("NODE");
  const node = rows(wide)[0]![nodeCol]!;
  await run(`sim fail node ${node}`);
  await run("sim advance 10m");
  expect(rows(await run("kubectl get pods")).map((r) => [r[0], r[2]])).toEqual([["hello", "Terminating"]]);
  await run(`sim recover node ${node}`);
  expect(await run("kubectl get pods")).toEqual(["No resources found in default namespace."]);

  // 2. Relabelling a pod out of the selector orphans it (a new one is created); relabelling it back gets it
  //    adopted and the newest pod deleted.
  await run("kubectl create deployment web --image=nginx --replicas=3");
  await run("kubectl wait --for=condition=Ready pod -l app=web");
  const names = (await run("kubectl get pods -o name")).map((l) => l.replace("pod/", ""));
  expect(names).toHaveLength(3);
  const first = names[0]!;
  expect(await run(`kubectl label pod ${first} app=debug --overwrite`)).toEqual([`pod/${first} labeled`]);
  const selected = rows(await run("kubectl get pods -l app=web")).map((r) => r[0]);
  expect(selected).toHaveLength(3);
  expect(selected).not.toContain(first);
  expect(rows(await run("kubectl get pods"))).toHaveLength(4);
  await run("kubectl wait --for=condition=Ready pod -l app=web");
  const replacement = selected.find((n) => !names.includes(n!))!;
  expect(await run(`kubectl label pod ${first} app=web --overwrite`)).toEqual([`pod/${first} labeled`]);
  const back = rows(await run("kubectl get pods -l app=web")).filter((r) => r[2] !== "Terminating").map((r) => r[0]);
  expect(back).toHaveLength(3);
  expect(back).toContain(first);
  expect(back).not.toContain(replacement);

  // 3. delete pods --all: the Deployment's come back, the bare pod does not.
  await run("kubectl run solo --image=nginx");
  await run("kubectl wait --for=condition=Ready pods --all");
  const deleted = await run("kubectl delete pods --all");
  expect(deleted).toContain('pod "solo" deleted');
  await run("sim advance 40s");
  const after = rows(await run("kubectl get pods")).map((r) => r[0]!);
  expect(after).toHaveLength(3);
  expect(after.every((n) => n.startsWith("web-"))).toBe(true);

  // 4. delete deploy --all: the garbage collector removes its ReplicaSet and pods.
  expect(await run("kubectl delete deploy --all")).toEqual(['deployment.apps "web" deleted']);
  await run("sim advance 40s");
  expect(await run("kubectl get rs")).toEqual(["No resources found in default namespace."]);
  expect(await run("kubectl get pods")).toEqual(["No resources found in default namespace."]);
  await page.screenshot({ path: "test-results/console-exercises.png", fullPage: true });
  await request.delete(`/api/topologies/${id}`);
});
