import { readFileSync } from "node:fs";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const SAMPLES = ["multi-az-us-east-1", "stretched-seoul-tokyo", "multi-cluster-global"] as const;

export async function openTopology(page: Page, name: string) {
  await page.goto("/");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByTestId("topology-name")).toHaveText(name);
  await expect(page.locator(".cm-content")).toBeVisible();
  await expect(page.getByTestId("validity")).toHaveText(/Valid|error/);
}

/**
 * Moves the cursor to the end of the (nth+1)-th line containing `text`, the way a user would (search panel,
 * Enter, Escape, End): CodeMirror renders only the visible lines, so off-screen lines cannot be clicked.
 * Returns the 1-based line number, read from the active line's gutter.
 */
export async function gotoLineWith(page: Page, text: string, nth = 0): Promise<number> {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Control+f");
  const search = page.locator(".cm-search input[name=search]");
  await expect(search).toBeFocused();
  await search.pressSequentially(text); // CodeMirror reads the query on keyup, which fill() does not send
  for (let i = 0; i <= nth; i++) await search.press("Enter");
  await search.press("Escape");
  await page.keyboard.press("End");
  const number = Number(await page.locator(".cm-lineNumbers .cm-activeLineGutter").innerText());
  await expect(page.locator(".cm-activeLine")).toContainText(text);
  return number;
}

export async function typeAtCursor(page: Page, keys: { backspaces?: number; text?: string }) {
  for (let i = 0; i < (keys.backspaces ?? 0); i++) await page.keyboard.press("Backspace");
  if (keys.text) await page.keyboard.type(keys.text);
}

export const nodes = (page: Page) => page.locator("[data-testid=topology-view] [data-testid=node]");

/**
 * Saves a copy of the multi-AZ sample under a fresh name (`prefix-<time>`) through the API, so a test can change
 * and delete it without touching the seeded sample. Returns the new topology's id.
 */
export async function createSampleCopy(request: APIRequestContext, prefix: string): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}`;
  const yaml = readFileSync("lib/samples/multi-az-us-east-1.yaml", "utf8").replace("name: multi-az-us-east-1", `name: ${name}`);
  const created = await request.post("/api/topologies", { data: yaml, headers: { "Content-Type": "application/yaml" } });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}
