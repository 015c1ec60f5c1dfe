import { expect, test } from "@playwright/test";
import { nodes } from "./helpers";

test("create from the blank template, rename, then delete with confirmation", async ({ page }) => {
  const name = `e2e-blank-${Date.now().toString(36)}`;
  await page.goto("/");
  await page.getByRole("button", { name: "New topology" }).click();
  const dialog = page.getByRole("dialog", { name: "New topology" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create topology" }).click();

  await expect(page).toHaveURL(/\/topologies\/[^/]+$/);
  await expect(page.getByTestId("topology-name")).toHaveText(name);
  await expect(nodes(page)).toHaveCount(6);

  await page.goto("/");
  const row = page.getByTestId("topology-row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.locator("[data-count=nodes]")).toHaveText("6");

  await row.getByRole("button", { name: `Rename ${name}` }).click();
  const renamed = `${name}-renamed`;
  const renameDialog = page.getByRole("dialog", { name: "Rename topology" });
  await renameDialog.getByLabel("Name").fill(renamed);
  await renameDialog.getByRole("button", { name: "Rename" }).click();
  const renamedRow = page.getByTestId("topology-row").filter({ hasText: renamed });
  await expect(renamedRow).toHaveCount(1);
  await expect(renamedRow.getByText("r2")).toBeVisible();

  await renamedRow.getByRole("button", { name: `Delete ${renamed}` }).click();
  const confirm = page.getByRole("dialog", { name: "Delete topology?" });
  await expect(confirm).toContainText(renamed);
  // Cancel first: nothing is deleted.
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(renamedRow).toHaveCount(1);
  await renamedRow.getByRole("button", { name: `Delete ${renamed}` }).click();
  await page.getByRole("dialog", { name: "Delete topology?" }).getByRole("button", { name: "Delete topology" }).click();
  await expect(page.getByTestId("topology-row").filter({ hasText: renamed })).toHaveCount(0);
  await expect(page.getByTestId("topology-row")).toHaveCount(3);
});

test("create by pasting YAML reports a bad document at its line, then creates the fixed one", async ({ page }) => {
  const name = `e2e-pasted-${Date.now().toString(36)}`;
  const yaml = (zones: string) =>
    [
      "apiVersion: topoplan.dev/v1alpha1",
      "kind: Topology",
      "metadata:",
      `  name: ${name}`,
      "regions:",
      "  - id: eu-west-1",
      "    displayName: Europe (Ireland)",
      "    provider: aws",
      "    location: { latitude: 53.35, longitude: -6.26 }",
      `    zones: ${zones}`,
    ].join("\n");
  await page.goto("/");
  await page.getByRole("button", { name: "New topology" }).click();
  const dialog = page.getByRole("dialog", { name: "New topology" });
  await dialog.getByRole("button", { name: "Paste YAML" }).click();
  await dialog.getByLabel("Topology YAML").fill(yaml("[]"));
  await dialog.getByRole("button", { name: "Create topology" }).click();
  await expect(dialog.getByRole("alert")).toContainText("regions[0].zones");
  await expect(dialog.getByRole("alert")).toContainText("L10");

  await dialog.getByLabel("Topology YAML").fill(yaml("[eu-west-1a, eu-west-1b]"));
  await dialog.getByRole("button", { name: "Create topology" }).click();
  await expect(page.getByTestId("topology-name")).toHaveText(name);
  await expect(page.getByTestId("topology-view").locator("[data-testid=viz-zone]")).toHaveCount(2);

  // Clean up through the API so later tests see the three samples only.
  const id = page.url().split("/").pop()!;
  expect((await page.request.delete(`/api/topologies/${id}`)).ok()).toBe(true);
});
