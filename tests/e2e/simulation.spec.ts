/**
 * The outage journey on (a copy of) the multi-AZ sample: fail us-east-1a, read the timeline and the summary
 * (web never recovers: the #123019 trap), see the lint finding, sweep, fix the spread constraint in the
 * editor (nodeTaintsPolicy: Honor), save, rerun, and compare the two runs (the second recovers).
 */
import { expect, test, type Page } from "@playwright/test";
import { createSampleCopy, gotoLineWith } from "./helpers";

/** Ticks runs `a` and `b` of the runs list (which must hold `count` runs) and returns the comparison table. */
async function compareRuns(page: Page, count: number, a: number, b: number) {
  const items = page.getByTestId("run-item");
  await expect(items).toHaveCount(count);
  await items.nth(a).getByRole("checkbox").check();
  await items.nth(b).getByRole("checkbox").check();
  const compare = page.getByTestId("run-compare");
  await expect(compare).toBeVisible();
  return compare;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `docs/screenshots/simulation-${name}.png`, fullPage: true });

test("zone outage: timeline, trap, sweep, fix, rerun, compare", async ({ page, request }) => {
  test.setTimeout(120_000);
  const id = await createSampleCopy(request, "multi-az-outage");

  await page.goto(`/topologies/${id}?tab=simulation`);
  const tab = page.getByTestId("simulation-tab");
  await expect(tab).toBeVisible();
  // Before any run: the lint already names the trap for web.
  const trap = page.locator("[data-testid=lint-panel] [data-rule=spread-ignore-trap]").filter({ hasText: "shop/web" });
  await expect(trap).toContainText("nodeTaintsPolicy: Honor");
  await expect(trap.getByRole("link")).toHaveAttribute("href", /kubernetes\/kubernetes\/issues\/123019/);

  // Zone outage at t = 0.
  await page.getByLabel("Failure domain").selectOption("zone");
  await page.getByTestId("scenario-target").selectOption("us-east-1a");
  await page.getByTestId("run-simulation").click();
  const timeline = page.getByTestId("outage-timeline");
  await expect(timeline).toBeVisible({ timeout: 60_000 });
  await expect(timeline.locator("[data-testid=timeline-row]")).toHaveCount(5);
  await expect(timeline.getByTestId("phase-detection")).toBeVisible();
  await expect(timeline.getByTestId("phase-evictions")).toBeVisible();
  const web = page.locator("[data-testid=deployment-summary] tr[data-deployment=web]");
  await expect(web.getByTestId("recovered-at")).toHaveText("never");
  await expect(page.getByTestId("outage-headline")).toContainText("web never whole again: 3 pod(s) still Pending");
  await expect(web).toContainText("the failed zone still counts as a spread domain with 0 pods (nodeTaintsPolicy: Ignore)");
  const api = page.locator("[data-testid=deployment-summary] tr[data-deployment=api]");
  await expect(api.getByTestId("recovered-at")).toContainText("T+");

  // The outage topology: us-east-1a marked failed (tinted column, header badge, its 5 nodes red), its pods
  // left Terminating, and the surviving zones hold more pods at the end than at t = 0.
  const topo = page.getByTestId("outage-topology");
  await expect(topo.locator("[data-testid=failed-zone][data-zone=us-east-1a]")).toHaveCount(1);
  await expect(topo.locator("[data-testid=failed-zone]")).toHaveCount(1);
  await expect(topo.locator("[data-testid=viz-zone][data-zone=us-east-1a] [data-testid=header-badge] text")).toHaveText("down from 0:00"); // the <text>, not its <title>
  await expect(topo.locator("[data-testid=node][data-state=failed]")).toHaveCount(5);
  const zonePods = (zone: string) => topo.locator(`[data-testid=zone-pods][data-zone=${zone}]`);
  await expect(zonePods("us-east-1a")).toHaveAttribute("data-after", "0");
  await expect(zonePods("us-east-1a")).toHaveAttribute("data-terminating", "6");
  for (const zone of ["us-east-1b", "us-east-1c"]) {
    const before = Number(await zonePods(zone).getAttribute("data-before"));
    const after = Number(await zonePods(zone).getAttribute("data-after"));
    expect(after, `${zone} gained the replacements`).toBeGreaterThan(before);
  }
  // web (the #123019 trap) got no replacement in any zone: 2 → 2 in us-east-1b, 2 Pending.
  const webPods = topo.locator("[data-testid=deployment-pods][data-deployment=web]");
  await expect(webPods.locator("[data-testid=pod-cell][data-zone=us-east-1b]")).toHaveAttribute("data-after", "2");
  await expect(webPods).toContainText("2 Pending at the end");
  await expect(topo.getByTestId("outage-topology-headline")).toContainText("Replacements went to us-east-1b (+");
  await zonePods("us-east-1b").hover();
  await expect(page.getByTestId("topology-tooltip")).toContainText("replacements scheduled here");
  await page.mouse.move(0, 0);
  await expect(page.getByTestId("topology-tooltip")).toHaveCount(0);
  await topo.evaluate((el) => el.closest("section")!.scrollIntoView({ block: "start" }));
  await shot(page, "topology");
  await page.getByTestId("simulation-tab").evaluate((el) => el.scrollTo(0, 0));

  // Hover the timeline at about 6 minutes: the values at that moment.
  const box = (await timeline.locator("svg").boundingBox())!;
  await page.mouse.move(box.x + 168 + (box.width - 188) * 0.2, box.y + 120);
  await expect(page.getByTestId("timeline-tooltip")).toContainText("web");
  await shot(page, "timeline");
  await page.mouse.move(0, 0);
  await page.getByTestId("deployment-summary").scrollIntoViewIfNeeded();
  await shot(page, "summary");

  // Sweep: every zone and the region.
  await page.getByTestId("run-sweep").click();
  const sweep = page.getByTestId("sweep-table");
  await expect(sweep).toBeVisible({ timeout: 60_000 });
  await expect(sweep.locator("tr[data-scenario='region/us-east-1'] td[data-verdict=down]")).toHaveCount(5);
  await expect(trap.locator(".badge")).toHaveText("error");
  await shot(page, "sweep");

  // Fix: nodeTaintsPolicy: Honor on web's zone spread, then save.
  await page.getByRole("tab", { name: "Design" }).click();
  await expect(page.locator(".cm-content")).toBeVisible();
  await gotoLineWith(page, "whenUnsatisfiable: DoNotSchedule", 0);
  await page.keyboard.press("Enter");
  await page.keyboard.type("nodeTaintsPolicy: Honor");
  await expect(page.getByTestId("validity")).toHaveText(/Valid/);
  await page.getByTestId("save").click();
  await page.getByTestId("save-message").fill("web: honor taints in the zone spread (kubernetes/kubernetes#123019)");
  await page.getByTestId("confirm-save").click();
  await expect(page.getByTestId("saved-banner")).toContainText("r2");

  // Rerun the same outage on revision 2.
  await page.getByRole("tab", { name: "Simulation" }).click();
  await expect(trap).toHaveCount(0);
  await page.getByTestId("scenario-target").selectOption("us-east-1a");
  await page.getByTestId("run-simulation").click();
  await expect(page.getByTestId("active-run")).toContainText("revision 2", { timeout: 60_000 });
  await expect(web.getByTestId("recovered-at")).toContainText("T+");

  // Compare the two simulation runs: web gets better.
  const compare = await compareRuns(page, 3, 0, 2);
  await expect(compare.locator("tr[data-deployment=web] [data-testid=change]")).toHaveText("better");
  await expect(compare.locator("tr[data-deployment=web]")).toContainText("never whole");
  await shot(page, "compare");
});

/**
 * Rollouts on (a copy of) the multi-AZ sample: roll out web to a new image and fail us-east-1a 30 s into it (the
 * rollout takes 45 s: the failure stops it, 2 new pods stay Pending), then a rollout restart of api alone (it
 * completes), and compare the two runs.
 */
test("rollout: a zone fails during a rollout, a rollout alone, compare", async ({ page, request }) => {
  test.setTimeout(120_000);
  const id = await createSampleCopy(request, "multi-az-rollout");
  await page.goto(`/topologies/${id}?tab=simulation`);
  await expect(page.getByTestId("simulation-tab")).toBeVisible();

  // web to nginx:1.28 at 0, us-east-1a fails at 0.5 min.
  await page.getByTestId("rollout-deployment").selectOption("shop/web");
  await expect(page.getByTestId("rollout-image")).toHaveAttribute("placeholder", "nginx:1.27");
  await page.getByTestId("rollout-image").fill("nginx:1.28");
  await page.getByLabel("Failure domain").selectOption("zone");
  await page.getByTestId("scenario-target").selectOption("us-east-1a");
  await page.getByLabel("Fail at minutes").fill("0.5");
  await expect(page.getByTestId("scenario-preview")).toHaveText("deployment shop/web rolled out to nginx:1.28 at 0s, zone us-east-1a fails at 30s · horizon 15m");
  await page.getByTestId("run-simulation").click();
  const timeline = page.getByTestId("outage-timeline");
  await expect(page.getByTestId("active-run")).toContainText("rolled out to nginx:1.28", { timeout: 60_000 });
  await expect(timeline.locator("[data-testid=timeline-row]")).toHaveCount(5);
  const marker = timeline.locator("[data-testid=timeline-row][data-deployment=web] [data-testid=rollout-marker]");
  await expect(marker).toHaveCount(1);
  await expect(marker).toHaveAttribute("data-status", "incomplete");
  await expect(marker.locator("title")).toHaveText(/Rollout of shop\/web at 0:00 \(set image nginx:1\.28\)\nRollingUpdate · new ReplicaSet web-[a-z0-9]+\nnot complete at the end: 2 pods still Pending/);
  await expect(timeline.locator("[data-testid=rollout-marker]")).toHaveCount(1);
  await expect(timeline.getByTestId("phase-detection")).toBeVisible();
  await expect(page.getByTestId("outage-headline")).toContainText("Rollout: web not complete at the end.");
  const webRollout = page.locator("[data-testid=deployment-summary] tr[data-deployment=web] [data-testid=rollout-summary]");
  await expect(webRollout).toHaveAttribute("data-status", "incomplete");
  await expect(webRollout).toContainText("T+0:00 RollingUpdate to nginx:1.28");
  await expect(webRollout).toContainText("not complete");
  await expect(webRollout).toContainText("2 pods still Pending");
  await expect(page.locator("[data-testid=deployment-summary] tr[data-deployment=api] [data-testid=rollout-cell]")).toHaveText("—");
  // Traffic was lost 50 s after the failure at 0:30.
  await expect(page.locator("[data-testid=deployment-summary] tr[data-deployment=web] [data-testid=lost-at]")).toHaveText("T+1:20");
  // Hover the timeline 15 s in: the rollout is in progress.
  const box = (await timeline.locator("svg").boundingBox())!;
  await page.mouse.move(box.x + 168 + (box.width - 188) * (15 / 900), box.y + 60);
  await expect(page.getByTestId("timeline-tooltip")).toContainText("web: RollingUpdate rollout to web-");
  // The screenshot: hovered at T+12:00, the tooltip left of the cursor, the rollout's start in view.
  await page.mouse.move(box.x + 168 + (box.width - 188) * 0.8, box.y + 100);
  await expect(page.getByTestId("timeline-tooltip")).toContainText("T+12:00");
  await page.getByTestId("simulation-tab").evaluate((el) => el.scrollTo(0, 0));
  await shot(page, "rollout");
  await page.mouse.move(0, 0);
  await page.getByTestId("deployment-summary").scrollIntoViewIfNeeded();
  await shot(page, "rollout-summary");
  await page.getByTestId("simulation-tab").evaluate((el) => el.scrollTo(0, 0));

  // A rollout restart of api alone: it completes; api loses one replica at a time (maxUnavailable 25%).
  await page.getByLabel("Failure domain").selectOption("none");
  await expect(page.getByTestId("scenario-target")).toBeDisabled();
  await page.getByTestId("rollout-deployment").selectOption("shop/api");
  await page.getByTestId("rollout-image").fill("");
  await expect(page.getByTestId("scenario-preview")).toHaveText("deployment shop/api rolled out at 0s · horizon 15m");
  await page.getByTestId("run-simulation").click();
  await expect(page.getByTestId("active-run")).toContainText("deployment shop/api rolled out at 0s", { timeout: 60_000 });
  const apiMarker = timeline.locator("[data-testid=timeline-row][data-deployment=api] [data-testid=rollout-marker]");
  await expect(apiMarker).toHaveAttribute("data-status", "complete");
  await expect(apiMarker.getByTestId("rollout-complete")).toHaveCount(1);
  const apiRollout = page.locator("[data-testid=deployment-summary] tr[data-deployment=api] [data-testid=rollout-summary]");
  await expect(apiRollout).toContainText(/complete at T\+1:\d\d/);
  await expect(apiRollout).toContainText("(restart)");
  await expect(page.locator("[data-testid=deployment-summary] tr[data-deployment=web] [data-testid=recovered-at]")).toHaveText("unaffected");
  await expect(page.getByTestId("outage-headline")).toContainText(/Rollout: api complete at T\+1:\d\d\./);

  // Compare the two runs: it reads their summaries, rollouts or not.
  const compare = await compareRuns(page, 2, 0, 1);
  await expect(compare.locator("tr[data-deployment=web]")).toContainText("never whole");
  await expect(compare).toContainText("deployment shop/api rolled out at 0s");
});
