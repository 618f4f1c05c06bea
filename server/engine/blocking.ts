/**
 * The blocking framework: clients waiting on keys (BLPOP, BLMOVE, BZPOPMIN, XREAD BLOCK, ...).
 * Waiters are kept per key in arrival order (FIFO). Any write to a key with waiters marks it ready
 * (through Engine.modified, so pushes from every path wake them: plain commands, EXEC, scripts,
 * replication); after the writing command ends, ready keys are served in order.
 */
import type { Database } from '../store/keyspace.ts';
import { NULL_REPLY, type BlockedState, type Client } from './client.ts';
import type { Engine } from './engine.ts';
import type { Command } from './command.ts';
import { drainQueued } from './dispatch.ts';

export interface BlockRequest {
  db: Database;
  keys: string[];
  /** Absolute ms, 0 = forever. */
  timeoutAt: number;
  cmd: Command;
  tryServe(key: string): boolean;
  onTimeout(): void;
}

export class Blocking {
  /** Blocked clients right now. */
  waiting = 0;
  /** Keys with at least one waiter. */
  keyCount = 0;
  private queues = new Map<Database, Map<string, Client[]>>();
  private ready: { db: Database; key: string }[] = [];
  private readySet = new Map<Database, Set<string>>();
  private serving = false;

  constructor(private e: Engine) {}

  block(c: Client, req: BlockRequest): void {
    const state: BlockedState = { ...req, keys: [...new Set(req.keys)], timer: null };
    c.blocked = state;
    this.waiting++;
    let m = this.queues.get(req.db);
    if (m === undefined) this.queues.set(req.db, (m = new Map()));
    for (const key of state.keys) {
      let q = m.get(key);
      if (q === undefined) {
        m.set(key, (q = []));
        this.keyCount++;
      }
      q.push(c);
    }
    if (req.timeoutAt > 0) this.armTimer(c, state);
  }

  /**
   * Node clamps timer delays above 2^31-1 ms (about 24.8 days) to 1 ms, so long timeouts hop in
   * steps of the largest delay Node accepts.
   */
  private armTimer(c: Client, state: BlockedState): void {
    const delay = Math.max(0, state.timeoutAt - this.e.clock.now());
    if (delay > MAX_TIMER_MS) {
      state.timer = setTimeout(() => {
        if (c.blocked === state) this.armTimer(c, state);
      }, MAX_TIMER_MS);
    } else state.timer = setTimeout(() => this.timedOut(c, state), delay);
  }

  /** Removes a client from every wait queue (served, timed out, killed or disconnected). */
  unblock(c: Client, _served: boolean): void {
    const b = c.blocked;
    if (b === null) return;
    c.blocked = null;
    this.waiting--;
    if (b.timer !== null) clearTimeout(b.timer);
    const m = this.queues.get(b.db);
    if (m === undefined) return;
    for (const key of b.keys) {
      const q = m.get(key);
      if (q === undefined) continue;
      const i = q.indexOf(c);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) {
        m.delete(key);
        this.keyCount--;
      }
    }
    if (m.size === 0) this.queues.delete(b.db);
  }

  /** A key was written: if anyone waits on it, serve them once the current command ends. */
  signal(db: Database, key: string): void {
    const m = this.queues.get(db);
    if (m === undefined || !m.has(key)) return;
    let s = this.readySet.get(db);
    if (s === undefined) this.readySet.set(db, (s = new Set()));
    if (s.has(key)) return;
    s.add(key);
    this.ready.push({ db, key });
  }

  get hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** Serves waiters of ready keys in FIFO order, until no key is ready any more. */
  serveReady(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length > 0) {
        const batch = this.ready;
        this.ready = [];
        this.readySet.clear();
        const woken: Client[] = [];
        for (const { db, key } of batch) {
          const q = this.queues.get(db)?.get(key);
          if (q === undefined) continue;
          for (const c of [...q]) {
            const b = c.blocked;
            if (b === null || b.db !== db) continue;
            this.e.keyspace.now = this.e.clock.now();
            c.reply = replyFor(c);
            const served = b.tryServe(key);
            c.reply = c.writer;
            if (!served) continue;
            this.unblock(c, true);
            // Each served client's writes propagate on their own, as Redis's afterCommand() does.
            this.e.flushPropagation(true);
            c.link.wake();
            woken.push(c);
          }
        }
        this.e.flushPropagation(true);
        for (const c of woken) drainQueued(this.e, c);
      }
    } finally {
      this.serving = false;
    }
  }

  private timedOut(c: Client, state: BlockedState): void {
    if (c.blocked !== state) return;
    this.e.keyspace.now = this.e.clock.now();
    this.unblock(c, false);
    c.reply = replyFor(c);
    state.onTimeout();
    c.reply = c.writer;
    c.link.wake();
    drainQueued(this.e, c);
  }

  /** CLIENT UNBLOCK: ends the wait as a timeout or with an error. */
  cancel(c: Client, withError: boolean): boolean {
    const b = c.blocked;
    if (b === null) return false;
    this.unblock(c, false);
    c.reply = replyFor(c);
    if (withError) c.reply.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    else b.onTimeout();
    c.reply = c.writer;
    c.link.wake();
    drainQueued(this.e, c);
    return true;
  }
}

/** The longest delay Node's setTimeout honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Replies of an unblocked client are dropped while CLIENT REPLY OFF is in force, as in Redis. */
function replyFor(c: Client) {
  return c.replyOff ? NULL_REPLY : c.writer;
}
