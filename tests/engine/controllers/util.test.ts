import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../lib/engine/util/duration";
import { canonicalJson, computeTemplateHash, fnv1a32, safeEncodeString } from "../../../lib/engine/util/hash";
import { createRng, randomString, seedFrom } from "../../../lib/engine/util/prng";
import { deterministicUid } from "../../../lib/engine/util/uid";
import { goSort } from "../../../lib/engine/util/go-sort";

describe("parseDuration", () => {
  it.each([
    ["0", 0],
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["-2m3.5s", -123_500],
    ["300ms", 300],
    ["1500us", 1],
    ["2h45m30s", 9_930_000],
    [".5s", 500],
  ])("%s", (s, ms) => expect(parseDuration(s)).toEqual({ ok: true, ms }));
  it.each(["", "5", "1d", "h", "1h-5m", ".s", "abc"])("rejects %j", (s) => expect(parseDuration(s).ok).toBe(false));
});

describe("formatDuration (Go's Duration.String)", () => {
  it.each([
    [0, "0s"],
    [350_000, "5m50s"],
    [3_600_000, "1h0m0s"],
    [1_500, "1.5s"],
    [259_380_500, "72h3m0.5s"],
    [1, "1ms"],
    [1.5, "1.5ms"],
    [0.001, "1µs"],
    [-90_000, "-1m30s"],
    [59_999, "59.999s"],
  ])("%s ms", (ms, s) => expect(formatDuration(ms)).toBe(s));
  it("round-trips", () => {
    for (const ms of [0, 1, 999, 1000, 61_000, 3_599_999, 86_400_000]) {
      const r = parseDuration(formatDuration(ms));
      expect(r).toEqual({ ok: true, ms });
    }
  });
});

describe("hashing", () => {
  it("matches the FNV-1a 32 reference vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });
  it("SafeEncodeString maps each byte onto the 27-letter alphabet", () => {
    // '0' is byte 48, 48 % 27 = 21 -> '4'; '1' -> 49 % 27 = 22 -> '5'.
    expect(safeEncodeString("01")).toBe("45");
    expect(safeEncodeString("4294967295")).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
  });
  it("canonical JSON ignores key order; the template hash follows content and collisionCount", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    const t = { metadata: { labels: { app: "x" } }, spec: { containers: [] } };
    const same = { spec: { containers: [] }, metadata: { labels: { app: "x" } } };
    expect(computeTemplateHash(t)).toBe(computeTemplateHash(same));
    expect(computeTemplateHash(t, 1)).not.toBe(computeTemplateHash(t, 2));
    expect(computeTemplateHash(t)).not.toBe(computeTemplateHash({ ...t, spec: { containers: [{ name: "c" }] } }));
  });
  it("deterministic UIDs look like UUIDv4 and depend on every input", () => {
    const u = deterministicUid(1, "Pod", "default", "a");
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUid(1, "Pod", "default", "a")).toBe(u);
    expect(new Set([u, deterministicUid(2, "Pod", "default", "a"), deterministicUid(1, "Pod", "x", "a"), deterministicUid(1, "Pod", "default", "b")]).size).toBe(4);
  });

  it("keeps the UIDs earlier versions gave (stored runs and goldens name objects by them), ASCII or not", () => {
    // Values from the four-pass implementation the single-pass one replaced.
    expect(deterministicUid(1, "Pod", "default", "a")).toBe("4593c466-1a5b-49ff-b52c-fb883ff153ce");
    expect(deterministicUid(42, "ReplicaSet", "ns-\u00e9", "web-7d4b9c8f6")).toBe("550dd99a-58c0-4857-9420-664461ba48a2");
  });
});

describe("prng", () => {
  it("is reproducible per seed, and forks are independent streams", () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(createRng(43).nextUint32()).not.toBe(xs[0]);
    expect(createRng(42).fork("x").nextUint32()).toBe(createRng(42).fork("x").nextUint32());
    expect(createRng(42).fork("x").nextUint32()).not.toBe(createRng(42).fork("y").nextUint32());
  });
  it("intn covers the range uniformly enough and randomString uses the safe alphabet", () => {
    const rng = createRng(1);
    const counts = new Array(27).fill(0);
    for (let i = 0; i < 27_000; i++) counts[rng.intn(27)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    expect(randomString(createRng(3), 5)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(() => rng.intn(0)).toThrow();
  });
  it("seedFrom accepts integers and strings", () => {
    expect(seedFrom(5)).toBe(5);
    expect(seedFrom("5")).toBe(5);
    expect(seedFrom("-1")).toBe(4294967295);
    expect(seedFrom("hello")).toBe(fnv1a32("hello"));
  });
});

describe("goSort", () => {
  it("keeps Go's insertion-sort order for ties on short inputs", () => {
    const items = [3, 1, 2, 1, 3].map((v, i) => ({ v, i }));
    expect(goSort(items, (a, b) => a.v < b.v).map((x) => x.i)).toEqual([1, 3, 2, 0, 4]);
  });
  it("sorts long inputs", () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    expect(goSort(xs, (a, b) => a < b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
