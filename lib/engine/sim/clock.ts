/**
 * The virtual clock: integer milliseconds since the start of the simulation (t = 0 is the steady state the
 * snapshot describes). Only the event loop advances it, and never backwards.
 */
export class VirtualClock {
  private current = 0;

  get nowMs(): number {
    return this.current;
  }

  advanceTo(timeMs: number): void {
    if (timeMs < this.current) throw new RangeError(`clock cannot go back from ${this.current} to ${timeMs}`);
    this.current = timeMs;
  }
}
