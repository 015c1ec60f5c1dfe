/** A save on a stale revision (409) must never lose the user's text. */
import { expect, test } from "@playwright/test";
import { gotoLineWith, openTopology, typeAtCursor } from "./helpers";

test("a concurrent save is reported, the text is kept aside on reload and can be restored", async ({ page }) => {
  await openTopology(page, "multi-az-us-east-1");
  const id = page.url().split("/").pop()!;
  const before = await page.request.get(`/api/topologies/${id}`).then((r) => r.json());

  // The user edits...
  await gotoLineWith(page, "nodesPerZone: 3");
  await typeAtCursor(page, { backspaces: 1, text: "4" });
  await expect(page.getByTestId("validity")).toHaveText("Valid");

  // ...while someone else saves a new revision through the API.
  const other = await page.request.put(`/api/topologies/${id}`, {
    data: { name: before.name, spec: before.spec, baseRevision: before.revision, message: "someone else" },
  });
  expect(other.status()).toBe(200);

  await page.getByTestId("save").click();
  await page.getByTestId("save-message").fill("mine");
  await page.getByTestId("confirm-save").click();
  const banner = page.getByTestId("conflict-banner");
  await expect(banner).toContainText("Someone saved this topology meanwhile");
  await expect(banner).toContainText(`r${before.revision + 1}`);
  await expect(page.locator(".cm-content")).toContainText("nodesPerZone: 4");
  await expect(page.getByTestId("unsaved")).toBeVisible();

  // Load theirs: the editor shows the latest revision, the user's text is kept aside and restorable.
  await banner.getByRole("button", { name: /Load latest/ }).click();
  await expect(page.getByTestId("revision-badge")).toHaveText(`r${before.revision + 1}`);
  await expect(page.locator(".cm-content")).not.toContainText("nodesPerZone: 4");
  await page.getByTestId("stash-banner").getByRole("button", { name: "Restore my text" }).click();
  await expect(page.locator(".cm-content")).toContainText("nodesPerZone: 4");

  // Now the save is on top of the latest revision and succeeds.
  await page.getByTestId("save").click();
  await page.getByTestId("save-message").fill("mine, after reviewing theirs");
  await page.getByTestId("confirm-save").click();
  await expect(page.getByTestId("revision-badge")).toHaveText(`r${before.revision + 2}`);
});
