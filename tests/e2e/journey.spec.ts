/**
 * The main journey: list -> open a sample -> break the YAML and see it marked at its line -> fix it with a real
 * change -> the diagram gains nodes -> save with a message -> the revision and its diff appear in the history.
 */
import { expect, test } from "@playwright/test";
import { gotoLineWith, nodes, openTopology, SAMPLES, typeAtCursor } from "./helpers";

test("lists the three seeded samples with their summary counts", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Topologies" })).toBeVisible();
  const rows = page.getByTestId("topology-row");
  await expect(rows).toHaveCount(3);
  for (const name of SAMPLES) await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  const stretched = rows.filter({ hasText: "stretched-seoul-tokyo" });
  await expect(stretched.locator("[data-count=regions]")).toHaveText("2");
  await expect(stretched.locator("[data-count=zones]")).toHaveText("6");
  await expect(stretched.locator("[data-count=nodes]")).toHaveText("12");
});

test("edit, validate at the line, fix, see the diagram change, save, and find it in the history", async ({ page }) => {
  await openTopology(page, "stretched-seoul-tokyo");
  await expect(page.getByTestId("revision-badge")).toHaveText("r1");
  await expect(page.getByTestId("saved-state")).toBeVisible();

  // The diagram: one stretched cluster over two regions, 2 nodes per zone in 6 zones, etcd in 5 zones.
  const view = page.getByTestId("topology-view");
  await expect(nodes(page)).toHaveCount(12);
  await expect(view.locator("[data-testid=cluster]")).toHaveCount(1);
  await expect(view.getByText("stretched · 2 regions")).toBeVisible();
  await expect(view.locator("[data-testid=etcd]")).toHaveCount(5);

  // Break it: nodesPerZone of the first pool becomes a string.
  const number = await gotoLineWith(page, "nodesPerZone: 2", 0);
  await typeAtCursor(page, { text: "x" });
  await expect(page.getByTestId("validity")).toHaveText("1 error");
  await expect(page.getByTestId("unsaved")).toBeVisible();
  const issue = page.getByTestId("issue").filter({ hasText: "nodePools[0].nodesPerZone" });
  await expect(issue).toHaveAttribute("data-line", String(number));
  // Marked in the editor at that line: underline on the line, marker in the lint gutter.
  await expect(page.locator(".cm-activeLine .cm-lintRange-error")).toHaveText("nodesPerZone: 2x");
  await expect(page.locator(".cm-lineNumbers .cm-activeLineGutter")).toHaveText(String(number));
  await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error")).toHaveCount(1);
  // The diagram keeps the last valid document, marked stale; saving is not possible.
  await expect(view).toHaveAttribute("data-stale", "true");
  await expect(nodes(page)).toHaveCount(12);
  await expect(page.getByTestId("save")).toBeDisabled();

  // Clicking the issue puts the cursor on its line.
  await page.locator(".cm-content").press("Control+Home");
  await expect(page.locator(".cm-lineNumbers .cm-activeLineGutter")).toHaveText("1");
  await issue.click();
  await expect(page.locator(".cm-activeLine")).toContainText("nodesPerZone: 2x");
  await expect(page.locator(".cm-lineNumbers .cm-activeLineGutter")).toHaveText(String(number));

  // Fix it with a real change: 2 -> 3 nodes per zone adds one node in each of the pool's 3 zones.
  await page.keyboard.press("End");
  await typeAtCursor(page, { backspaces: 2, text: "3" });
  await expect(page.getByTestId("validity")).toHaveText("Valid");
  await expect(page.locator(".cm-lintRange-error")).toHaveCount(0);
  await expect(view).not.toHaveAttribute("data-stale", "true");
  await expect(nodes(page)).toHaveCount(15);
  await expect(view.locator("[data-testid=pool-cell][data-pool=seoul][data-count='3']")).toHaveCount(3);

  // Hovering a node shows its allocatable.
  await nodes(page).first().hover();
  await expect(page.getByRole("tooltip")).toContainText("3.92 vCPU");

  // Save with a message.
  await page.getByTestId("save").click();
  await page.getByTestId("save-message").fill("Scale seoul pool to 3 nodes per zone");
  await page.getByTestId("confirm-save").click();
  await expect(page.getByTestId("saved-banner")).toContainText("r2");
  await expect(page.getByTestId("revision-badge")).toHaveText("r2");
  await expect(page.getByTestId("saved-state")).toBeVisible();

  // History lists r2 with the message; the diff shows the changed path with before and after.
  await page.getByRole("button", { name: "History" }).click();
  const r2 = page.locator("[data-testid=revision][data-revision='2']");
  await expect(r2).toContainText("Scale seoul pool to 3 nodes per zone");
  await expect(page.locator("[data-testid=revision]")).toHaveCount(2);
  const change = page.getByTestId("diff-row").filter({ hasText: "nodesPerZone" });
  await expect(change).toHaveCount(1);
  await expect(change).toHaveAttribute("data-kind", "changed");
  await expect(change.locator(".diff-before")).toHaveText("2");
  await expect(change.locator(".diff-after")).toHaveText("3");

  // The saved revision is what the server now returns: reload and see 15 nodes.
  await page.reload();
  await expect(page.getByTestId("revision-badge")).toHaveText("r2");
  await expect(nodes(page)).toHaveCount(15);
});
