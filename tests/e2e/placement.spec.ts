import { expect, test, type Page } from "@playwright/test";
import { openTopology } from "./helpers";

/** 3 zones x `nodesPerZone` nodes, four Deployments spread over zones with DoNotSchedule. */
function bigTopology(name: string, nodesPerZone: number, replicas: number[]) {
  const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
  const apps = ["web", "api", "cache", "worker"];
  return {
    apiVersion: "topoplan.dev/v1alpha1",
    kind: "Topology",
    metadata: { name, description: `3 zones x ${nodesPerZone} nodes` },
    regions: [{ id: "us-east-1", displayName: "US East (N. Virginia)", provider: "aws", location: { latitude: 38.9, longitude: -77.4 }, zones }],
    clusters: [{ name: "big", zones, controlPlane: { etcd: { "us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1 } }, network: { podCIDR: "10.0.0.0/8", nodeCIDRMaskSize: 24 } }],
    nodePools: [{ name: "general", cluster: "big", zones, nodesPerZone, instanceType: "m6i.4xlarge", allocatable: { cpu: "16", memory: "64Gi", pods: 110 } }],
    workloads: apps.map((app, i) => ({
      cluster: "big",
      manifest: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: app, namespace: "default" },
        spec: {
          replicas: replicas[i],
          selector: { matchLabels: { app } },
          template: {
            metadata: { labels: { app } },
            spec: {
              topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app } } }],
              containers: [{ name: app, image: "example/app:1", resources: { requests: { cpu: "100m", memory: "128Mi" } } }],
            },
          },
        },
      },
    })),
  };
}

/**
 * One 4-cpu node per zone plus two more in us-east-1a, and 16 one-cpu replicas of web spread over zones with
 * ScheduleAnyway: room for 8 pods in us-east-1a and 4 in each other zone, so they land 8/4/4 (skew 4).
 */
function skewTopology(name: string) {
  const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
  const allocatable = { cpu: "4", memory: "16Gi", pods: 58 };
  return {
    apiVersion: "topoplan.dev/v1alpha1",
    kind: "Topology",
    metadata: { name, description: "uneven zones: 3 nodes in us-east-1a, 1 in each other zone" },
    regions: [{ id: "us-east-1", displayName: "US East (N. Virginia)", provider: "aws", location: { latitude: 38.9, longitude: -77.4 }, zones }],
    clusters: [{ name: "uneven", zones, controlPlane: { etcd: { "us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1 } }, network: { podCIDR: "10.0.0.0/16", nodeCIDRMaskSize: 24 } }],
    nodePools: [
      { name: "general", cluster: "uneven", zones, nodesPerZone: 1, instanceType: "m6i.xlarge", allocatable },
      { name: "burst", cluster: "uneven", zones: ["us-east-1a"], nodesPerZone: 2, instanceType: "m6i.xlarge", allocatable },
    ],
    workloads: [
      {
        cluster: "uneven",
        manifest: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", namespace: "default" },
          spec: {
            replicas: 16,
            selector: { matchLabels: { app: "web" } },
            template: {
              metadata: { labels: { app: "web" } },
              spec: {
                topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } }],
                containers: [{ name: "web", image: "example/web:1", resources: { requests: { cpu: "1", memory: "1Gi" } } }],
              },
            },
          },
        },
      },
    ],
  };
}

async function openPlacement(page: Page) {
  await page.getByRole("tab", { name: "Placement" }).click();
  await expect(page.getByTestId("placement-tab")).toBeVisible();
}

test("placement of a sample: spread per zone, a what-if that leaves pods pending, and traces", async ({ page }) => {
  await openTopology(page, "multi-az-us-east-1");
  await openPlacement(page);

  // web: 6 replicas, maxSkew 1 over three zones -> 2 per zone; the zone-loss figure is 4 of 6.
  const web = page.locator("[data-testid=deployment-row][data-deployment=web]");
  await expect(web.locator("[data-testid=zone-bar]")).toHaveCount(3);
  for (const z of ["us-east-1a", "us-east-1b", "us-east-1c"]) await expect(web.locator(`[data-testid=zone-bar][data-zone=${z}]`)).toHaveAttribute("data-count", "2");
  await expect(web.getByTestId("zone-loss")).toContainText("4 of 6");
  await expect(page.getByTestId("placement-map")).toHaveAttribute("data-mode", "svg");
  await expect(page.locator("[data-testid=placement-pod][data-deployment=web]")).toHaveCount(6);
  await expect(page.getByTestId("pending-list")).toHaveCount(0);

  // Clicking a scheduled pod shows its cycle: the nodes rejected by plugin and reason, and the top scores.
  await page.locator("[data-testid=placement-pod][data-deployment=web]").first().click();
  const trace = page.getByTestId("trace-panel");
  await expect(trace).toContainText("Scheduled on");
  await expect(trace.getByTestId("trace-rejections")).toContainText("TaintToleration");
  await expect(trace.getByTestId("trace-scores")).toContainText("Total");
  await page.screenshot({ path: "docs/screenshots/placement-sample.png" });

  // What-if: 200 replicas of web do not fit; kube-scheduler's message says why, node by node.
  await web.getByLabel("replicas of web").fill("200");
  await expect(page.getByTestId("whatif-banner")).toContainText("1 edit");
  await expect(web.getByTestId("pending-count")).not.toHaveText("0", { timeout: 20_000 });
  const message = page.getByTestId("pending-message").first();
  await expect(message).toHaveText(/^0\/\d+ nodes are available: .*Insufficient cpu/);
  await page.getByTestId("pending-pod").first().click();
  await expect(trace).toContainText("Unschedulable");
  await expect(trace.getByTestId("trace-rejections")).toContainText("NodeResourcesFit");
  await expect(trace.getByTestId("trace-rejections")).toContainText("Insufficient cpu");
  await page.screenshot({ path: "docs/screenshots/placement-pending.png" });

  // The editor's document is untouched: resetting the what-if brings every pod back.
  await page.getByRole("button", { name: "Reset what-ifs" }).click();
  await expect(web.getByTestId("pending-count")).toHaveText("0");

  // Save as run stores a placement of the saved revision through the API.
  await page.getByRole("button", { name: /Save as run/ }).click();
  await expect(page.getByTestId("run-saved")).toBeVisible();
  await page.getByText(/^\d+ runs?$/).click();
  await expect(page.getByTestId("runs").locator("tbody tr").first()).toContainText("0");
});

test("what-ifs on a spread constraint: DoNotSchedule leaves pods pending with the scheduler's message, a larger maxSkew schedules them, no page load", async ({ page, request }) => {
  const name = `placement-skew-${Date.now()}`;
  const created = await request.post("/api/topologies", { data: { name, spec: skewTopology(name) } });
  expect(created.status()).toBe(201);
  await openTopology(page, name);
  await openPlacement(page);

  const stats = page.getByTestId("placement-stats");
  const web = page.locator("[data-testid=deployment-row][data-deployment=web]");
  const expectZones = async (a: number, b: number, c: number) => {
    for (const [z, n] of [["us-east-1a", a], ["us-east-1b", b], ["us-east-1c", c]] as const) {
      await expect(web.locator(`[data-testid=zone-bar][data-zone=${z}]`)).toHaveAttribute("data-count", String(n));
      await expect(page.locator(`[data-testid=placement-zone][data-zone=${z}]`)).toHaveAttribute("data-pods", String(n));
    }
  };
  const skew = web.getByTestId("constraint").locator("span.num");
  await expect(stats).toContainText("16 scheduled");
  await expectZones(8, 4, 4);
  await expect(skew).toHaveText("4"); // ScheduleAnyway lets the skew exceed maxSkew 1
  await expect(page.getByTestId("pending-list")).toHaveCount(0);

  // From here on every change must re-place in the page: no document is loaded again.
  const documents: string[] = [];
  page.on("request", (r) => r.resourceType() === "document" && documents.push(r.url()));
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // DoNotSchedule: us-east-1b and c are full at 4, so us-east-1a may only hold 5 (maxSkew 1): 3 pods pending.
  const when = web.getByLabel("whenUnsatisfiable of web zone");
  await when.selectOption("DoNotSchedule");
  await expect(when).toHaveValue("DoNotSchedule");
  await expect(page.getByTestId("whatif-banner")).toContainText("1 edit");
  await expect(web.getByTestId("pending-count")).toHaveText("3", { timeout: 20_000 });
  await expect(stats).toContainText("13 scheduled");
  await expectZones(5, 4, 4);
  await expect(skew).toHaveText("1");
  await expect(page.getByTestId("pending-message")).toHaveText("0/5 nodes are available: 2 Insufficient cpu, 3 node(s) didn't match pod topology spread constraints.");
  await expect(page.getByTestId("pending-pod")).toHaveCount(3);
  // The pending pod's trace: PodTopologySpread rejected the three us-east-1a nodes, NodeResourcesFit the full ones.
  await page.getByTestId("pending-pod").first().click();
  const trace = page.getByTestId("trace-panel");
  await expect(trace).toContainText("Unschedulable");
  const rejections = trace.getByTestId("trace-rejections");
  await expect(rejections.locator("tr", { hasText: "PodTopologySpread" })).toContainText("3");
  await expect(rejections.locator("tr", { hasText: "NodeResourcesFit" })).toContainText("Insufficient cpu");
  await page.screenshot({ path: "docs/screenshots/placement-whatif-donotschedule.png" });

  // maxSkew 2: one more pod fits in us-east-1a.
  const maxSkew = web.getByLabel("maxSkew of web zone");
  await maxSkew.fill("2");
  await expect(page.getByTestId("whatif-banner")).toContainText("2 edits");
  await expect(web.getByTestId("pending-count")).toHaveText("2");
  await expectZones(6, 4, 4);
  // maxSkew 4: every pod schedules again, still with DoNotSchedule.
  await maxSkew.fill("4");
  await expect(web.getByTestId("pending-count")).toHaveText("0");
  await expect(stats).toContainText("16 scheduled");
  await expectZones(8, 4, 4);
  await expect(skew).toHaveText("4");
  await expect(page.getByTestId("pending-list")).toHaveCount(0);
  await expect(page.getByText("Every pod is scheduled.")).toBeVisible();
  // The open trace follows the re-placement: the pod it showed as Unschedulable is not pending any more.
  await expect(trace).toContainText("is no longer pending in this placement");
  await expect(trace).not.toContainText("Unschedulable");
  await page.getByRole("button", { name: "Close trace" }).click();
  await page.screenshot({ path: "docs/screenshots/placement-whatif-maxskew.png" });

  // The map pans and zooms (d3-zoom): zoom in around the centre, the pods grow and stay clickable, reset.
  const map = page.getByTestId("placement-map");
  const pod = page.locator("[data-testid=placement-pod]").nth(8); // the first pod in us-east-1b, mid-map
  const before = (await pod.boundingBox())!;
  await page.getByRole("button", { name: "Zoom in on cluster uneven" }).click();
  await expect(map).toHaveAttribute("data-zoom", "1.5");
  await expect.poll(async () => Math.round((await pod.boundingBox())!.width * 10) / 10).toBe(Math.round(before.width * 15) / 10);
  await pod.click();
  await expect(trace).toContainText("Scheduled on general-us-east-1b-1");
  await page.screenshot({ path: "test-results/placement-svg-zoomed.png" });
  await page.getByRole("button", { name: "Reset zoom of cluster uneven" }).click();
  await expect(map).toHaveAttribute("data-zoom", "1");

  expect(documents).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("placement at scale: 3 zones x 1,000 nodes and 30,000 pods draw aggregated on a canvas", async ({ page, request }) => {
  test.setTimeout(180_000);
  const name = `placement-scale-${Date.now()}`;
  const created = await request.post("/api/topologies", { data: { name, spec: bigTopology(name, 1000, [12000, 9000, 6000, 3000]) } });
  expect(created.status()).toBe(201);
  await openTopology(page, name);
  await openPlacement(page);
  await expect(page.getByTestId("placement-stats")).toContainText("30,000 scheduled", { timeout: 120_000 });
  await expect(page.getByTestId("placement-canvas")).toHaveAttribute("data-mode", "aggregate");
  // Placed in a Web Worker, not on the main thread.
  await expect(page.getByTestId("placement-stats")).toHaveAttribute("data-runner", "worker");
  // The drawing is bounded by cells, not pods: no per-pod or per-node SVG elements.
  expect(await page.locator("[data-testid=placement-tab] svg rect").count()).toBeLessThan(20);
  const web = page.locator("[data-testid=deployment-row][data-deployment=web]");
  for (const z of ["us-east-1a", "us-east-1b", "us-east-1c"]) await expect(web.locator(`[data-testid=zone-bar][data-zone=${z}]`)).toHaveAttribute("data-count", "4000");
  await page.screenshot({ path: "docs/screenshots/placement-large.png" });
});

test("placement at mid scale: 5,400 pods painted one square each on a canvas", async ({ page, request }) => {
  const name = `placement-mid-${Date.now()}`;
  const created = await request.post("/api/topologies", { data: { name, spec: bigTopology(name, 30, [2400, 1500, 900, 600]) } });
  expect(created.status()).toBe(201);
  await openTopology(page, name);
  await openPlacement(page);
  await expect(page.getByTestId("placement-stats")).toContainText("5,400 scheduled", { timeout: 60_000 });
  const canvas = page.getByTestId("placement-canvas");
  await expect(canvas).toHaveAttribute("data-mode", "canvas");
  // A click on the canvas is hit-tested against the layout and opens that pod's trace.
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + 40, box.y + 80);
  await expect(page.getByTestId("trace-panel")).toContainText("Scheduled on", { timeout: 30_000 });
  await page.screenshot({ path: "docs/screenshots/placement-canvas.png" });
  // Zoomed in, the canvas repaints under the transform (sharp squares), and stays hit-tested.
  await page.getByRole("button", { name: "Close trace" }).click();
  const map = page.getByTestId("placement-map");
  await page.getByRole("button", { name: "Zoom in on cluster big" }).click();
  await page.getByRole("button", { name: "Zoom in on cluster big" }).click();
  await expect(map).toHaveAttribute("data-zoom", "2.25");
  const zoomed = (await canvas.boundingBox())!;
  await page.mouse.move(zoomed.x + zoomed.width / 2, zoomed.y + zoomed.height / 2);
  await page.screenshot({ path: "test-results/placement-canvas-zoomed.png" });
  await page.getByRole("button", { name: "Reset zoom of cluster big" }).click();
  await expect(map).toHaveAttribute("data-zoom", "1");
});
