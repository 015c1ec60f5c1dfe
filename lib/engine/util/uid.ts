/**
 * Deterministic object UIDs. The API server assigns random UUIDs; a simulator needs the same UID for the same
 * object on every run with the same seed, so UIDs are FNV-1a digests of (seed, kind, namespace, name) under
 * four different offset bases, formatted as an RFC 4122 version-4-looking UUID.
 */
import { fnv1a32 } from "./hash";

const BASES = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x7feb352d] as const;
/** Two hex digits per byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, v) => v.toString(16).padStart(2, "0"));
const hex4 = (n: number) => BYTE_HEX[(n >>> 8) & 255]! + BYTE_HEX[n & 255]!;

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
  // a-b[0:4]-c[0:4]-c[4:8]-b[4:8]d, four hex digits at a time from a table (no toString / padStart per part).
  return `${hex4(a >>> 16)}${hex4(a)}-${hex4(b >>> 16)}-${hex4(c >>> 16)}-${hex4(c)}-${hex4(b)}${hex4(d >>> 16)}${hex4(d)}`;
}
