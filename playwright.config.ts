/**
 * Browser tests against the BUILT app (next build + next start), as users run it, on Debian's Chromium
 * (Playwright's own browser download cannot work offline). Each run gets a fresh temporary SQLite file seeded
 * with the samples by scripts/setup.mjs, and a free port, so it never touches the dev database or a dev server.
 */
import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

// This file is evaluated by the runner AND by every worker: values picked once travel to workers through env.
function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}
process.env.E2E_PORT ??= freePort();
process.env.E2E_DATABASE_URL ??= `file:/tmp/topoplan-e2e-${randomBytes(6).toString("hex")}.db`;

const port = process.env.E2E_PORT;
// E2E_BASE_URL points the tests at a server you already run (e.g. `npm run dev`), for quick iteration.
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  // One server, one SQLite file: the journeys mutate shared samples, so they run in a fixed order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // No retries: the journeys change the seeded samples, so a retry would start from a different document.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  outputDir: "test-results/e2e-artifacts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  use: {
    baseURL,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  // Screenshots first, of the samples as seeded; the journeys then change them (saves, revisions).
  projects: [
    { name: "screenshots", testMatch: "screenshots.spec.ts", use: { browserName: "chromium" } },
    { name: "journeys", testIgnore: "screenshots.spec.ts", dependencies: ["screenshots"], use: { browserName: "chromium" } },
  ],
  webServer: external ? undefined : {
    command: `npm run setup && npx next build && npx next start -H 127.0.0.1 -p ${port}`,
    url: `${baseURL}/api/topologies`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: { DATABASE_URL: process.env.E2E_DATABASE_URL, NEXT_TELEMETRY_DISABLED: "1", TZ: "UTC" },
  },
});
