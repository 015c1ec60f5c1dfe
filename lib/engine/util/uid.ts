/**
 * Deterministic object UIDs. The API server assigns random UUIDs; a simulator needs the same UID for the same
 * object on every run with the same seed, so UIDs are FNV-1a digests of (seed, kind, namespace, name) under
 * four different offset bases, formatted as an RFC 4122 version-4-looking UUID.
 */
import { fnv1a32 } from "./hash";

const BASES = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x7feb352d];
const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

export function deterministicUid(seed: number, kind: string, namespace: string, name: string): string {
  const key = `${seed >>> 0}/${kind}/${namespace}/${name}`;
  const a = fnv1a32(key, BASES[0]);
  const b = fnv1a32(key, BASES[1]);
  // Version nibble 4 and variant bits 10xx, so the value looks like what the API server generates.
  const c = ((fnv1a32(key, BASES[2]) & 0x0fff3fff) | 0x40008000) >>> 0;
  const d = fnv1a32(key, BASES[3]);
  const bh = hex8(b);
  const ch = hex8(c);
  return `${hex8(a)}-${bh.slice(0, 4)}-${ch.slice(0, 4)}-${ch.slice(4)}-${bh.slice(4)}${hex8(d)}`;
}
