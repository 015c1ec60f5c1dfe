/**
 * Screenshots for the docs and the README (docs/screenshots/*.png), taken on the built app at 1440x900.
 * They are looked at by people, so they are part of the test run: a page that fails to render fails here.
 */
import { expect, test } from "@playwright/test";
import { gotoLineWith, openTopology, SAMPLES, typeAtCursor } from "./helpers";

const DIR = "docs/screenshots";

test("screenshots of the list and of every sample", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("topology-row")).toHaveCount(3);
  await page.screenshot({ path: `${DIR}/topology-list.png` });

  for (const name of SAMPLES) {
    await openTopology(page, name);
    await expect(page.locator("[data-testid=topology-view] [data-testid=cluster]").first()).toBeVisible();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${DIR}/topology-${name}.png` });
  }
});

test("screenshots of an error in the editor, the history diff and a large topology", async ({ page }) => {
  await openTopology(page, "multi-az-us-east-1");
  await gotoLineWith(page, "nodesPerZone: 1");
  await typeAtCursor(page, { text: "x" });
  await expect(page.getByTestId("validity")).toHaveText("1 error");
  await page.locator(".cm-lintRange-error").first().hover();
  await page.screenshot({ path: `${DIR}/editor-error.png` });

  // A second revision to compare, saved through the API (the journeys then start from it).
  const id = page.url().split("/").pop()!;
  const current = await page.request.get(`/api/topologies/${id}`).then((r) => r.json());
  const memory = current.spec.nodePools.find((p: { name: string }) => p.name === "memory");
  memory.nodesPerZone = 2;
  memory.labels = { ...memory.labels, "example.com/tier": "cache" };
  const put = await page.request.put(`/api/topologies/${id}`, {
    data: { name: current.name, spec: current.spec, baseRevision: current.revision, message: "Second memory-optimized node per zone for the cache tier" },
  });
  expect(put.status()).toBe(200);
  await openTopology(page, "multi-az-us-east-1");
  await page.getByRole("button", { name: "History" }).click();
  await expect(page.getByTestId("history")).toBeVisible();
  await expect(page.getByTestId("diff-row").first()).toBeVisible();
  await page.screenshot({ path: `${DIR}/history-diff.png` });

  // Thousands of nodes: general pool at 400 per zone aggregates into one block per zone.
  await openTopology(page, "multi-cluster-global");
  await gotoLineWith(page, "nodesPerZone: 3");
  await typeAtCursor(page, { backspaces: 1, text: "400" });
  await expect(page.locator("[data-testid=node-aggregate]")).toHaveCount(3);
  await page.getByRole("button", { name: "Hide editor" }).click();
  await page.getByRole("button", { name: "Fit" }).click();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${DIR}/diagram-aggregated.png` });
});
