import { describe, expect, it } from "vitest";
import { milliValue, parseQuantity, quantityValue, QuantityParseError, tryParseQuantity } from "@/lib/k8s/quantity";

describe("quantity", () => {
  it.each([
    ["500m", 0.5], ["2", 2], ["1Ki", 1024], ["1Mi", 1048576], ["1Gi", 1073741824], ["1k", 1000], ["1M", 1e6], ["1G", 1e9],
    ["1e3", 1000], ["1E-3", 0.001], ["1.5Gi", 1610612736], [".5", 0.5], ["100u", 0.0001], [3, 3], ["-1", -1], ["1Ei", 2 ** 60],
  ] as const)("parseQuantity(%s) = %s", (q, v) => {
    expect(parseQuantity(q)).toBeCloseTo(v, 12);
  });
  it.each([
    ["100m", 100], ["0.1", 100], ["0.3", 300], ["1", 1000], ["1.5m", 2], ["1n", 1], ["2k", 2000000], [0.25, 250],
  ] as const)("milliValue(%s) = %s (rounds up like MilliValue)", (q, v) => {
    expect(milliValue(q)).toBe(v);
  });
  it.each([["0.5", 1], ["1Ki", 1024], ["200Mi", 209715200], ["20", 20], ["1500m", 2]] as const)("quantityValue(%s) = %s", (q, v) => {
    expect(quantityValue(q)).toBe(v);
  });
  it.each(["", "1x", "abc", "1 Gi", "1.2.3", "Gi", "1e"])("rejects %j naming the string", (q) => {
    expect(() => parseQuantity(q)).toThrow(QuantityParseError);
    const r = tryParseQuantity(q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(JSON.stringify(q));
  });
});
