/**
 * Seeded pseudo-random number generator for the engine (which may not call Math.random).
 *
 * Algorithm: mulberry32 (Tommy Ettinger, public domain). 32-bit state, period 2^32, passes gjrand/PractRand
 * for the stream lengths a simulation uses; chosen because it is tiny, fast in JS (pure int32 math via
 * Math.imul) and its output is identical on every JS engine, which is what byte-identical results need.
 * Sub-streams (`fork`) are derived by hashing the parent seed with a label, so adding a consumer of
 * randomness in one place does not shift the numbers another place sees.
 */
import { fnv1a32, SAFE_ALPHABET } from "./hash";

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1). */
  nextFloat(): number;
  /** Uniform integer in [0, n); n must be a positive integer < 2^32. */
  intn(n: number): number;
  /** An independent stream derived from this generator's seed and a label. */
  fork(label: string): Rng;
  /** The 32-bit seed this generator started from. */
  readonly seed: number;
}

export function createRng(seed: number): Rng {
  const start = seed >>> 0;
  let state = start;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    seed: start,
    nextUint32,
    nextFloat: () => nextUint32() / 4294967296,
    intn(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`intn: bad bound ${n}`);
      // Rejection sampling removes the modulo bias (matters for small alphabets such as 27 letters).
      const limit = 4294967296 - (4294967296 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
    fork: (label: string) => createRng(fnv1a32(`${start}/${label}`)),
  };
}

/** Parses a user-supplied seed (decimal integer or any string, hashed) into a 32-bit seed. */
export function seedFrom(value: number | string): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value) >>> 0;
  const s = String(value);
  if (/^-?\d+$/.test(s)) return Number(BigInt.asUintN(32, BigInt(s)));
  return fnv1a32(s);
}

/** Kubernetes `utilrand.String(n)`: n characters from the safe alphabet (generated-name suffixes). */
export function randomString(rng: Rng, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += SAFE_ALPHABET[rng.intn(SAFE_ALPHABET.length)];
  return out;
}
