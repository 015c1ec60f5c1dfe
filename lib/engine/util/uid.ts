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
 * The four digits of an ASCII key in one pass (a UID is made for every created pod: 150,000 at W3 scale);
 * null when the key is not ASCII (fnv1a32 then UTF-8 encodes it).
 */
function fnv4Ascii(key: string): [number, number, number, number] | null {
  let a: number = BASES[0], b: number = BASES[1], c: number = BASES[2], d: number = BASES[3];
  for (let i = 0; i < key.length; i++) {
    const x = key.charCodeAt(i);
    if (x >= 0x80) return null;
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x01000193);
    c = Math.imul(c ^ x, 0x01000193);
    d = Math.imul(d ^ x, 0x01000193);
  }
  return [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
}

export function deterministicUid(seed: number, kind: string, namespace: string, name: string): string {
  const key = `${seed >>> 0}/${kind}/${namespace}/${name}`;
  const [a, b, c0, d] = fnv4Ascii(key) ?? [fnv1a32(key, BASES[0]), fnv1a32(key, BASES[1]), fnv1a32(key, BASES[2]), fnv1a32(key, BASES[3])];
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
