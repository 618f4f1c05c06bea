/**
 * Background work, `hz` times a second: the active expire cycle (sampled and adaptive, as Redis's
 * activeExpireCycle), closing idle clients (`timeout`), and the ops/s samples INFO reports.
 */
import type { Engine } from './engine.ts';

/** Keys examined per database per step, and the stale share that makes the cycle continue. */
const KEYS_PER_STEP = 20;
const ACCEPTABLE_STALE = 0.1;
/** Share of each cron period the cycle may use (Redis: 25%). */
const TIME_SHARE = 0.25;

export class Cron {
  private timer: NodeJS.Timeout | null = null;
  private lastCommands = 0;
  private lastSample = 0;
  private nextDb = 0;

  constructor(private e: Engine) {
    e.config.onChange('hz', () => {
      if (this.timer) {
        this.stop();
        this.start();
      }
    });
  }

  start(): void {
    const hz = Math.min(500, Math.max(1, this.e.config.int('hz')));
    this.timer = setInterval(() => this.tick(), Math.floor(1000 / hz));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  tick(): void {
    const e = this.e;
    e.systemClock?.resync();
    e.keyspace.now = e.clock.now();
    this.activeExpireCycle();
    e.flushPropagation(false);
    this.closeIdleClients();
    this.sampleOps();
  }

  /** Removes expired keys nobody touches, spending at most a quarter of the period. */
  activeExpireCycle(): void {
    const e = this.e;
    const hz = Math.max(1, e.config.int('hz'));
    const budgetMs = (1000 / hz) * TIME_SHARE;
    const start = performance.now();
    const dbs = e.keyspace.dbs;
    let totalExamined = 0;
    let totalExpired = 0;
    for (let n = 0; n < dbs.length; n++) {
      const db = dbs[(this.nextDb + n) % dbs.length];
      for (;;) {
        const [examined, expired] = db.activeExpireStep(KEYS_PER_STEP);
        totalExamined += examined;
        totalExpired += expired;
        if (examined === 0 || expired / examined <= ACCEPTABLE_STALE) break;
        if (performance.now() - start > budgetMs) {
          e.stats.expiredTimeCapReached++;
          this.nextDb = (this.nextDb + n) % dbs.length;
          this.recordStale(totalExamined, totalExpired);
          return;
        }
      }
    }
    this.nextDb = 0;
    this.recordStale(totalExamined, totalExpired);
  }

  private recordStale(examined: number, expired: number): void {
    const perc = examined > 0 ? expired / examined : 0;
    const s = this.e.stats;
    s.expiredStalePerc = s.expiredStalePerc * 0.95 + perc * 0.05;
  }

  private closeIdleClients(): void {
    const timeout = this.e.config.int('timeout');
    if (timeout <= 0) return;
    const now = this.e.clock.now();
    for (const c of this.e.clients.values()) {
      if (c.internal || c.blocked !== null || c.subscriptions > 0 || c.monitor) continue;
      if (this.e.exemptFromIdle(c)) continue;
      if (now - c.lastInteraction > timeout * 1000) c.link.close();
    }
  }

  /** Keeps instantaneous_ops_per_sec samples (16 of them, as Redis). */
  private sampleOps(): void {
    const now = this.e.clock.now();
    if (now - this.lastSample < 100) return;
    const s = this.e.stats;
    const ops = ((s.commandsProcessed - this.lastCommands) * 1000) / Math.max(1, now - this.lastSample);
    if (this.lastSample !== 0) {
      s.opsSamples.push(ops);
      if (s.opsSamples.length > 16) s.opsSamples.shift();
    }
    this.lastSample = now;
    this.lastCommands = s.commandsProcessed;
  }
}
