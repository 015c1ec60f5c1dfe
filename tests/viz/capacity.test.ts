import { describe, expect, it } from "vitest";
import { capacityFrom, formatCapacity, formatCpu, formatMemory, parseQuantity } from "@/lib/viz/capacity";
import { fitText } from "@/lib/viz/text-fit";
import { zoneColor, ZONE_COLORS } from "@/lib/viz/palette";

describe("quantities", () => {
  it.each([
    ["250m", 0.25],
    ["4", 4],
    [4, 4],
    ["16Gi", 16 * 2 ** 30],
    ["1.5Ki", 1536],
    ["2k", 2000],
    ["1e3", 1000],
    ["garbage", NaN],
  ])("parses %s", (q, v) => {
    expect(parseQuantity(q)).toBe(v);
  });

  it("converts an allocatable list to integer capacity, treating malformed fields as zero", () => {
    expect(capacityFrom({ cpu: "3920m", memory: "15Gi", pods: 110 })).toEqual({ cpuMillis: 3920, memoryBytes: 15 * 2 ** 30, pods: 110 });
    expect(capacityFrom({ cpu: "x" })).toEqual({ cpuMillis: 0, memoryBytes: 0, pods: 0 });
  });

  it("formats for labels", () => {
    expect(formatCpu(500)).toBe("500m");
    expect(formatCpu(4000)).toBe("4 vCPU");
    expect(formatCpu(3920)).toBe("3.92 vCPU");
    expect(formatCpu(392_000)).toBe("392 vCPU");
    expect(formatCpu(3_920_000)).toBe("3,920 vCPU");
    expect(formatCpu(39_200_000)).toBe("39.2k vCPU");
    expect(formatMemory(15 * 2 ** 30)).toBe("15 GiB");
    expect(formatMemory(1536 * 2 ** 30)).toBe("1.5 TiB");
    expect(formatCapacity({ cpuMillis: 12000, memoryBytes: 48 * 2 ** 30, pods: 330 })).toBe("12 vCPU · 48 GiB · 330 pods");
  });
});

describe("text and colour helpers", () => {
  it("truncates with an ellipsis only when the text does not fit", () => {
    expect(fitText("general", 200, 12)).toBe("general");
    const t = fitText("a-very-long-node-pool-name-indeed", 60, 12);
    expect(t.endsWith("…")).toBe(true);
    expect(t.length).toBeLessThan(12);
  });

  it("cycles the colour-blind-safe palette", () => {
    expect(zoneColor(0)).toBe(ZONE_COLORS[0]);
    expect(zoneColor(ZONE_COLORS.length)).toBe(ZONE_COLORS[0]);
  });
});
