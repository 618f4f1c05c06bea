/**
 * CLIENT PAUSE / UNPAUSE. While a pause is in force, dispatch asks `engine.postpone` before running a
 * command; a client whose command must wait is parked (blocked on no key, its command put back at
 * the head of its queue) and replays it when the pause ends — Redis's BLOCKED_POSTPONE.
 * WRITE pauses only commands that may replicate (write / may_replicate, or EXEC of such a queue);
 * ALL pauses every command, CLIENT UNPAUSE included, as in Redis 7.0. MONITOR and replication clients
 * are never paused.
 */
import { FLAG_BITS, type Command } from './command.ts';
import { NULL_REPLY, type Client } from './client.ts';
import type { Engine } from './engine.ts';
import { drainQueued } from './dispatch.ts';

const MAY_REPLICATE = FLAG_BITS.write | FLAG_BITS.may_replicate;
/** setTimeout's longest delay; longer pauses re-arm the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface PauseState {
  mode: 'write' | 'all';
  /** Absolute ms when the pause ends. */
  end: number;
  timer: NodeJS.Timeout | null;
  parked: Set<Client>;
}

const pauses = new WeakMap<Engine, PauseState>();
const parkedClients = new WeakSet<Client>();

export function isPostponed(c: Client): boolean {
  return parkedClients.has(c);
}

/** Starts or extends a pause: a pause never gets shorter or weaker by a new CLIENT PAUSE. */
export function pauseClients(e: Engine, mode: 'write' | 'all', end: number): void {
  let p = pauses.get(e);
  if (p === undefined) {
    p = { mode, end, timer: null, parked: new Set() };
    pauses.set(e, p);
  } else {
    if (mode === 'all') p.mode = 'all';
    if (end > p.end) p.end = end;
  }
  e.postpone = (c, cmd, argv) => postpone(e, p, c, cmd, argv);
  arm(e, p);
}

function arm(e: Engine, p: PauseState): void {
  if (p.timer !== null) clearTimeout(p.timer);
  p.timer = null;
  const left = p.end - e.clock.now();
  if (left <= 0) {
    unpauseClients(e);
    return;
  }
  p.timer = setTimeout(() => {
    p.timer = null;
    arm(e, p);
  }, Math.min(left, MAX_TIMER_MS));
  p.timer.unref();
}

export function unpauseClients(e: Engine): void {
  const p = pauses.get(e);
  if (p === undefined) return;
  pauses.delete(e);
  e.postpone = null;
  if (p.timer !== null) clearTimeout(p.timer);
  for (const c of p.parked) {
    parkedClients.delete(c);
    if (c.blocked === null || !e.clients.has(c.id)) continue;
    e.blocking.unblock(c, false);
    drainQueued(e, c);
    c.link.wake();
  }
}

function mayReplicate(c: Client, cmd: Command): boolean {
  if ((cmd.flags & MAY_REPLICATE) !== 0) return true;
  if (cmd.fullName === 'exec' && c.multi !== null) {
    for (const q of c.multi.queue) if ((q.cmd.flags & MAY_REPLICATE) !== 0) return true;
  }
  return false;
}

function postpone(e: Engine, p: PauseState, c: Client, cmd: Command, argv: string[]): boolean {
  if (c.internal || c.monitor || c.link.kind === 'replica' || c.link.kind === 'master') return false;
  if (p.mode === 'write' && !mayReplicate(c, cmd)) return false;
  // The command runs again later: a CLIENT REPLY SKIP that applied to it must still apply then.
  if (c.reply === NULL_REPLY && !c.replyOff) c.replySkipNext = true;
  c.reply = c.writer;
  c.queued.unshift(argv);
  e.blocking.block(c, { db: c.db, keys: [], timeoutAt: 0, cmd, tryServe: () => false, onTimeout: () => {} });
  p.parked.add(c);
  parkedClients.add(c);
  return true;
}
