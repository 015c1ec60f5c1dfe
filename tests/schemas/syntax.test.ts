import { describe, expect, it } from "vitest";
import { formatDurationMs, parseDurationMs } from "@/lib/schemas/duration";
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors, quantityErrors } from "@/lib/schemas/k8s-syntax";
import { migrateTopology } from "@/lib/schemas/migrate";
import { formatPath } from "@/lib/schemas/issues";

describe("Go durations", () => {
  it.each([
    ["50s", 50_000], ["5m", 300_000], ["1h30m", 5_400_000], ["1.5s", 1500], ["250ms", 250], ["0", 0], ["300us", 0], ["2h45m30.5s", 9_930_500],
  ])("%s = %i ms", (text, ms) => expect(parseDurationMs(text)).toBe(ms));
  it.each(["", "5", "s", "-5s", "5 s", "5sec", "1d"])("refuses %j", (text) => expect(parseDurationMs(text)).toBeNull());
  it("formats like Go", () => {
    expect([formatDurationMs(50_000), formatDurationMs(90_000), formatDurationMs(3_600_000), formatDurationMs(250)]).toEqual(["50s", "1m30s", "1h0m0s", "250ms"]);
  });
});

describe("Kubernetes names and labels", () => {
  it("DNS-1123 label", () => {
    expect(dns1123LabelErrors("web-1")).toEqual([]);
    expect(dns1123LabelErrors("Web")).not.toEqual([]);
    expect(dns1123LabelErrors("-web")).not.toEqual([]);
    expect(dns1123LabelErrors("a".repeat(64))).not.toEqual([]);
  });
  it("DNS-1123 subdomain allows dots", () => {
    expect(dns1123SubdomainErrors("web.shop")).toEqual([]);
    expect(dns1123SubdomainErrors("web..shop")).not.toEqual([]);
  });
  it("DNS-1035 label must start with a letter", () => {
    expect(dns1035LabelErrors("web")).toEqual([]);
    expect(dns1035LabelErrors("1web")).not.toEqual([]);
  });
  it("qualified names (label keys)", () => {
    for (const ok of ["app", "topology.kubernetes.io/zone", "example.com/My_Name", "a.b"]) expect(qualifiedNameErrors(ok)).toEqual([]);
    for (const bad of ["", "/x", "a/b/c", "Example.com/x", "x/", "-x"]) expect(qualifiedNameErrors(bad), bad).not.toEqual([]);
  });
  it("label values", () => {
    for (const ok of ["", "v1.2_3", "A"]) expect(labelValueErrors(ok)).toEqual([]);
    for (const bad of ["-a", "a b", "x".repeat(64)]) expect(labelValueErrors(bad)).not.toEqual([]);
  });
  it("quantities", () => {
    for (const ok of ["100m", "1", "1.5", "14.5Gi", "1e3", "128974848", ".5", "2k", 4]) expect(quantityErrors(ok), String(ok)).toEqual([]);
    for (const bad of ["1GB", "m", "1.2.3", "-1", "1 Gi", "Gi", -2]) expect(quantityErrors(bad), String(bad)).not.toEqual([]);
  });
});

describe("migrations", () => {
  it("leaves a current document alone", () => {
    const doc = { apiVersion: "topoplan.dev/v1alpha1", kind: "Topology" };
    expect(migrateTopology(doc)).toEqual({ doc, applied: [] });
  });
  it("walks steps forward, one version at a time", () => {
    const steps = [
      { from: "topoplan.dev/v0", to: "topoplan.dev/v0.5", up: (d: Record<string, unknown>) => ({ ...d, a: 1 }) },
      { from: "topoplan.dev/v0.5", to: "topoplan.dev/v1alpha1", up: (d: Record<string, unknown>) => ({ ...d, b: 2 }) },
    ];
    const input = { apiVersion: "topoplan.dev/v0" };
    const r = migrateTopology(input, steps);
    expect(r).toEqual({ doc: { apiVersion: "topoplan.dev/v1alpha1", a: 1, b: 2 }, applied: ["topoplan.dev/v0", "topoplan.dev/v0.5"] });
    expect(input).toEqual({ apiVersion: "topoplan.dev/v0" });
  });
  it("stops on an unknown version (validation reports it)", () => {
    expect(migrateTopology({ apiVersion: "x" }).applied).toEqual([]);
  });
});

describe("paths", () => {
  it("formats segments", () => {
    expect(formatPath(["clusters", 0, "zones", 1])).toBe("clusters[0].zones[1]");
    expect(formatPath(["labels", "topology.kubernetes.io/zone"])).toBe('labels["topology.kubernetes.io/zone"]');
    expect(formatPath([])).toBe("");
  });
});
