import { describe, expect, it } from "vitest";
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint, toleratesTaint } from "@/lib/k8s/tolerations";
import type { Taint, Toleration } from "@/lib/k8s/types";

const taint: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
describe("toleratesTaint (k8s.io/api/core/v1 toleration.go)", () => {
  it.each([
    [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }, true],
    [{ key: "dedicated", value: "gpu" }, true],
    [{ key: "dedicated", value: "cpu" }, false],
    [{ key: "dedicated", operator: "Exists" }, true],
    [{ operator: "Exists" }, true],
    [{ key: "other", operator: "Exists" }, false],
    [{ key: "dedicated", operator: "Exists", effect: "NoExecute" }, false],
    [{ key: "dedicated", operator: "Bogus" as any }, false],
  ] as [Toleration, boolean][])("%j -> %s", (t, want) => {
    expect(toleratesTaint(t, taint)).toBe(want);
  });
  it("finds the first untolerated hard taint in node order", () => {
    const taints: Taint[] = [{ key: "soft", effect: "PreferNoSchedule" }, { key: "a", effect: "NoExecute" }, { key: "b", effect: "NoSchedule" }];
    expect(findMatchingUntoleratedTaint(taints, [], isDoNotScheduleTaint)?.key).toBe("a");
    expect(findMatchingUntoleratedTaint(taints, [{ key: "a", operator: "Exists" }], isDoNotScheduleTaint)?.key).toBe("b");
    expect(findMatchingUntoleratedTaint(taints, [{ operator: "Exists" }], isDoNotScheduleTaint)).toBeNull();
  });
});
