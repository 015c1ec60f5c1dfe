/**
 * Deterministic hashing and Kubernetes' name alphabet.
 *
 * Kubernetes names generated objects with `k8s.io/apimachinery/pkg/util/rand`: random suffixes are drawn
 * from the alphabet below (vowels and look-alike characters removed so no words or ambiguous glyphs form),
 * and `SafeEncodeString` maps every byte of a string onto it. The Deployment controller's pod-template-hash
 * is `SafeEncodeString(decimal(fnv32a(template, collisionCount)))`.
 */

export const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** FNV-1a, 32 bit, over the UTF-8 bytes of `input` (or raw bytes). */
export function fnv1a32(input: string | Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  if (typeof input !== "string") {
    for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input[i]!, 0x01000193);
    return h >>> 0;
  }
  // UTF-8 encoded on the fly: hashing is on hot paths (a UID per created pod), so no TextEncoder allocation.
  let ascii = true;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x80) {
      ascii = false;
      break;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  if (ascii) return h >>> 0;
  h = seed >>> 0;
  const step = (b: number) => {
    h = Math.imul(h ^ b, 0x01000193);
  };
  for (let i = 0; i < input.length; i++) {
    let c = input.charCodeAt(i);
    if (c < 0x80) step(c);
    else if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < input.length) {
        const d = input.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          step(0xf0 | (c >> 18));
          step(0x80 | ((c >> 12) & 0x3f));
          step(0x80 | ((c >> 6) & 0x3f));
          step(0x80 | (c & 0x3f));
          continue;
        }
      }
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // lone surrogate: TextEncoder writes U+FFFD
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  return h >>> 0;
}

/** Kubernetes `rand.SafeEncodeString`: each byte of `s` indexes the safe alphabet modulo its length. */
export function safeEncodeString(s: string): string {
  const bytes = utf8(s);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += SAFE_ALPHABET[bytes[i]! % SAFE_ALPHABET.length];
  return out;
}

/**
 * JSON with object keys sorted recursively and `undefined` members dropped, so that two equal objects
 * written in different key orders hash alike.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/**
 * The pod-template-hash of a template, in the spirit of the Deployment controller's `ComputeHash`:
 * FNV-1a over a canonical serialisation, then the collision count as 4 little-endian bytes (upstream
 * writes it into the same hasher), encoded with SafeEncodeString of the decimal value. Upstream hashes a
 * Go `spew` dump of the struct, so the exact strings differ from a real cluster's; the shape and the
 * stability (same template => same hash) are what matter here.
 */
export function computeTemplateHash(template: unknown, collisionCount?: number): string {
  const body = utf8(canonicalJson(template));
  let bytes = body;
  if (collisionCount !== undefined && collisionCount !== null) {
    bytes = new Uint8Array(body.length + 4);
    bytes.set(body);
    const c = collisionCount >>> 0;
    bytes[body.length] = c & 0xff;
    bytes[body.length + 1] = (c >>> 8) & 0xff;
    bytes[body.length + 2] = (c >>> 16) & 0xff;
    bytes[body.length + 3] = (c >>> 24) & 0xff;
  }
  return safeEncodeString(String(fnv1a32(bytes)));
}

const encoder = new TextEncoder();
function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
