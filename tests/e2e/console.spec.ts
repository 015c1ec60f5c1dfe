/** The Console tab: a Deployment's pods appear in `kubectl get pods`, and a deleted pod is replaced. */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

test("console: create a deployment, see 3 pods, delete one, see it replaced", async ({ page, request }) => {
  const name = `console-${Date.now().toString(36)}`;
  const yaml = readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8").replace("name: multi-az-us-east-1", `name: ${name}`);
  const created = await request.post("/api/topologies", { data: yaml, headers: { "Content-Type": "application/yaml" } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

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
