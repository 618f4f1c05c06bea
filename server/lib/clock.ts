/**
 * The wall clock commands see, read through performance.now() plus an offset: one cheap read per
 * command gives both the command's time (ms, for expiry) and the start of its timing (commandstats,
 * slowlog). The offset is re-synchronised with Date.now() by the cron, so wall-clock changes are
 * followed within a tick.
 */
export class SystemClock {
  private offset = Date.now() - performance.now();
  /** The performance.now() value behind the last now(). */
  lastPerf = 0;

  now(): number {
    const p = performance.now();
    this.lastPerf = p;
    return Math.floor(this.offset + p);
  }

  resync(): void {
    this.offset = Date.now() - performance.now();
  }
}
