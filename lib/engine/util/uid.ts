/**
 * Deterministic object UIDs. The API server assigns random UUIDs; a simulator needs the same UID for the same
 * object on every run with the same seed, so UIDs are FNV-1a digests of (seed, kind, namespace, name) under
 * four different offset bases, formatted as an RFC 4122 version-4-looking UUID.
 */
import { fnv1a32 } from "./hash";

const BASES = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x7feb352d] as const;
const HEX = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const DASH = 0x2d;
/** Character codes of the UID being formatted (one buffer: UIDs are made one at a time). */
const chars: number[] = new Array<number>(36).fill(DASH);

/** Writes the low `digits` hex digits of v at chars[at..at+digits). */
function putHex(v: number, digits: number, at: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    chars[at + i] = HEX[v & 15]!;
    v >>>= 4;
  }
}

/**
 * The four FNV-1a digests of an ASCII key in one pass, fed piece by piece (no key string is built: a UID is made
 * for every created pod, 150,000 at W3 scale). `ascii` turns false when a piece is not ASCII: fnv1a32 then
 * UTF-8 encodes the whole key.
 */
let h0 = 0, h1 = 0, h2 = 0, h3 = 0;
let ascii = true;
function fnvStart(): void {
  h0 = BASES[0];
  h1 = BASES[1];
  h2 = BASES[2];
  h3 = BASES[3];
  ascii = true;
}
function fnvFeed(piece: string): void {
  for (let i = 0; i < piece.length && ascii; i++) {
    const x = piece.charCodeAt(i);
    if (x >= 0x80) ascii = false;
    h0 = Math.imul(h0 ^ x, 0x01000193);
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul(h2 ^ x, 0x01000193);
    h3 = Math.imul(h3 ^ x, 0x01000193);
  }
}

/** The seed's decimal text, kept for the seed of the run (the same for every object). */
let lastSeed = -1;
let lastSeedText = "";

export function deterministicUid(seed: number, kind: string, namespace: string, name: string): string {
  const s = seed >>> 0;
  if (s !== lastSeed) {
    lastSeed = s;
    lastSeedText = String(s);
  }
  // The digests of `${seed}/${kind}/${namespace}/${name}`.
  fnvStart();
  fnvFeed(lastSeedText);
  fnvFeed("/");
  fnvFeed(kind);
  fnvFeed("/");
  fnvFeed(namespace);
  fnvFeed("/");
  fnvFeed(name);
  let a = h0 >>> 0, b = h1 >>> 0, c0 = h2 >>> 0, d = h3 >>> 0;
  if (!ascii) {
    const key = `${lastSeedText}/${kind}/${namespace}/${name}`;
    [a, b, c0, d] = [fnv1a32(key, BASES[0]), fnv1a32(key, BASES[1]), fnv1a32(key, BASES[2]), fnv1a32(key, BASES[3])];
  }
  // Version nibble 4 and variant bits 10xx, so the value looks like what the API server generates.
  const c = ((c0 & 0x0fff3fff) | 0x40008000) >>> 0;
  // a-b[0:4]-c[0:4]-c[4:8]-b[4:8]d, written as character codes and made one flat string: a template literal of
  // 4-digit pieces is a tree of cons strings (about 450 bytes instead of 56), and every pod's metadata keeps one.
  putHex(a, 8, 0);
  putHex(b >>> 16, 4, 9);
  putHex(c >>> 16, 4, 14);
  putHex(c, 4, 19);
  putHex(b, 4, 24);
  putHex(d, 8, 28);
  return String.fromCharCode.apply(null, chars);
}
