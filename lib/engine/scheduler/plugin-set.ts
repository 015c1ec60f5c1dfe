/**
 * The per-cycle sets of skipped plugins (PreFilter's and PreScore's Skip). A handful of members at most, asked
 * about on every cycle: a linear scan over a reused array beats hashing, and clear() allocates nothing (a Set's
 * clear() drops its table, so the next add() allocates a new one, once or twice per scheduled pod).
 */
import type { AnyPlugin } from "./framework";

export interface PluginFlags {
  has(p: AnyPlugin): boolean;
}

export class PluginSet implements PluginFlags, Iterable<AnyPlugin> {
  private readonly members: AnyPlugin[] = [];
  private count = 0;

  has(p: AnyPlugin): boolean {
    for (let i = 0; i < this.count; i++) if (this.members[i] === p) return true;
    return false;
  }

  add(p: AnyPlugin): void {
    if (!this.has(p)) this.members[this.count++] = p;
  }

  clear(): void {
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  *[Symbol.iterator](): Iterator<AnyPlugin> {
    for (let i = 0; i < this.count; i++) yield this.members[i]!;
  }
}
