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
  const bytes = typeof input === "string" ? utf8(input) : input;
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
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
