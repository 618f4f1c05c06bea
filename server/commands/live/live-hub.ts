/**
 * Live subscriptions (LIVE.* commands): leaderboard windows and stream tails that push a snapshot,
 * then only changes, coalesced per tick. See docs/live.md for the protocol.
 *
 * Cost model. Nothing is registered while no subscription exists: the engine's notify listener and
 * the tick timer come and go with the first and last subscription. A write marks its key dirty
 * (O(1), however many watch it: see live-index.ts); a tick recomputes each dirty window once
 * (O(log n + N) from the sorted set's rank structures), diffs it once per distinct previous window
 * and sends each subscriber the delta from what it was last sent (subscribers in step share it:
 * live-window-tick.ts).
 * FLUSHDB/FLUSHALL/SWAPDB fire no keyspace events, so a sweep (at most every SWEEP_MS, and only when
 * the engine saw writes) re-checks which value each subscription follows.
 *
 * Time comes from the engine's clock; tests construct the hub with manual timers and call tick().
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '../../engine/client.ts';
import type { Engine, NotifyListener } from '../../engine/engine.ts';
import { addMetricsSection } from '../../engine/metrics-sections.ts';
import { CommandError } from '../../engine/errors.ts';
import type { Database } from '../../store/keyspace.ts';
import type { Stream } from '../../store/stream.ts';
import { ID_ZERO, type StreamId } from '../../store/stream-id.ts';
import { writeTarget } from '../sorted-sets/index.ts';
import { sizeOf, writePush, type PushMap } from './live-value.ts';
import type { WindowSpec } from './live-window.ts';
import { WindowTick } from './live-window-tick.ts';
import { KeyIndex } from './live-index.ts';
import { headPast, lostAfter, readTail } from './live-stream.ts';
import { LiveSub, type SlowPolicy, type SubKind } from './live-sub.ts';

/** Entries per stream push, and pushes per subscription per tick (then the next tick goes on). */
const STREAM_BATCH = 500;
const STREAM_PUSHES_PER_TICK = 8;
const SWEEP_MS = 200;

export interface WatchOptions {
  kind: SubKind;
  key: string;
  tickMs: number;
  policy: SlowPolicy;
  spec?: WindowSpec;
  /** Streams: entries after this ID (null: after the stream's last ID now). */
  from?: StreamId | null;
  fields?: Set<string> | null;
}

export interface ResumeOutcome {
  sub: LiveSub;
  /** Pushes that will be replayed with their original seqs. */
  replay: number;
  /** The state restarts: a reset snapshot (windows) or a gap then entries from the stream. */
  reset: boolean;
}

const hubs = new WeakMap<Engine, LiveHub>();

/** The engine's hub (created on first use). */
export function liveHub(engine: Engine): LiveHub {
  let h = hubs.get(engine);
  if (h === undefined) {
    h = new LiveHub(engine);
    hubs.set(engine, h);
  }
  return h;
}

/** The engine's hub if one was ever created. */
export function existingLiveHub(engine: Engine): LiveHub | undefined {
  return hubs.get(engine);
}

// /metrics: subscriptions by state and pushes by kind.
addMetricsSection((e, o) => {
  const live = existingLiveHub(e);
  const lc = live?.counts() ?? { subscriptions: 0, detached: 0, behind: 0 };
  o.head('podium_live_subscriptions', 'gauge', 'Live subscriptions by state (attached, detached = waiting for LIVE.RESUME, behind = slow reader).');
  o.sample('podium_live_subscriptions', { state: 'attached' }, lc.subscriptions - lc.detached);
  o.sample('podium_live_subscriptions', { state: 'detached' }, lc.detached);
  o.sample('podium_live_subscriptions', { state: 'behind' }, lc.behind);
  const ls = live?.stats ?? { pushes: 0, gaps: 0, resets: 0, replayed: 0 };
  o.head('podium_live_pushes_total', 'counter', 'Live pushes sent, by kind (all, gap signals, reset snapshots, replayed on resume).');
  o.sample('podium_live_pushes_total', { kind: 'all' }, ls.pushes);
  o.sample('podium_live_pushes_total', { kind: 'gap' }, ls.gaps);
  o.sample('podium_live_pushes_total', { kind: 'reset' }, ls.resets);
  o.sample('podium_live_pushes_total', { kind: 'replayed' }, ls.replayed);
});

export class LiveHub {
  readonly subs = new Map<string, LiveSub>();
  private readonly byClient = new Map<Client, Set<LiveSub>>();
  /** Which subscriptions a write concerns (a write costs O(1) however many watch the key). */
  private readonly keys = new KeyIndex();
  /** Within one tick, subscriptions with the same window share its read, diff and encoding. */
  private readonly windows: WindowTick;
  /** Subscriptions with work pending (dirty, snapshot, replay, end, behind). */
  private readonly work = new Set<LiveSub>();
  /** Work that must not wait for a tick (first snapshot, replay, end): run on setImmediate. */
  private readonly soon = new Set<LiveSub>();
  private readonly detached = new Set<LiveSub>();
  /** Window subscriptions on period or rolling LB boards: time alone moves them. */
  private readonly timed = new Set<LiveSub>();
  private listener: NotifyListener | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerMs = 0;
  private soonScheduled = false;
  private readonly ticks = new Map<number, number>();
  private lastSweep = 0;
  private sweepChanges = -1;
  private counter = 0;
  private readonly epochBase: number;
  /** Tests drive ticks themselves: no timers, no setImmediate. */
  manual = false;
  /** Totals since start (for INFO / metrics): pushes made, gap signals, state resets, replayed pushes. */
  readonly stats = { pushes: 0, gaps: 0, resets: 0, replayed: 0 };

  /** Subscriptions now: all, waiting for a resume, behind. */
  counts(): { subscriptions: number; detached: number; behind: number } {
    let behind = 0;
    for (const s of this.subs.values()) if (s.behind) behind++;
    return { subscriptions: this.subs.size, detached: this.detached.size, behind };
  }

  constructor(readonly engine: Engine) {
    this.epochBase = 1 + Math.floor(engine.random() * 0x3fffffff);
    this.windows = new WindowTick(engine);
    engine.clientListeners.push((c) => this.clientGone(c));
    // Live watchers are never idle-closed, as pub/sub subscribers are not.
    engine.idleExemptions.push((c) => this.watching(c));
    engine.closeListeners.push(() => this.close());
  }

  // ---- subscribing ----------------------------------------------------------------------------

  watch(c: Client, o: WatchOptions): LiveSub {
    // The id is a capability (LIVE.RESUME/UNWATCH take it from any connection of the same user):
    // a counter for uniqueness, random bits so that one id does not reveal the others.
    const id = (++this.counter).toString(36) + '-' + randomBytes(6).toString('base64url');
    const sub = new LiveSub(id, o.kind, c.db.id, o.key, o.tickMs, o.policy, this.epochBase, c);
    sub.user = c.user;
    if (o.kind === 'stream') {
      sub.fields = o.fields ?? null;
      const e = c.db.get(o.key);
      const s = e?.value as Stream | undefined;
      sub.entry = e;
      if (o.from === null || o.from === undefined) {
        sub.lastId = s?.lastId ?? ID_ZERO;
        sub.accounted = s?.entriesAdded ?? 0;
      } else {
        sub.lastId = o.from;
        sub.accounted = -1;
      }
    } else {
      sub.spec = o.spec as WindowSpec;
    }
    this.subs.set(id, sub);
    this.index(sub, true);
    this.attach(sub, c);
    this.ticks.set(o.tickMs, (this.ticks.get(o.tickMs) ?? 0) + 1);
    this.started();
    this.schedule(sub);
    return sub;
  }

  /** LIVE.RESUME: moves the subscription to `c` and replays or resets it. */
  resume(c: Client, sub: LiveSub, epoch: number, seq: number, after: StreamId | null): ResumeOutcome {
    if (sub.client !== c) {
      if (sub.client !== null) this.unlink(sub, sub.client);
      this.attach(sub, c);
    }
    const out: ResumeOutcome = { sub, replay: 0, reset: false };
    if (sub.ringCovers(epoch, seq)) {
      out.replay = sub.seq - seq;
      sub.replayAfter = seq;
    } else if (sub.kind === 'stream') {
      // The ring no longer holds what the client missed: read it again from the stream.
      out.reset = true;
      sub.epoch = this.nextEpoch(sub);
      sub.replayAfter = -1;
      const s = this.streamOf(sub);
      if (after !== null) {
        if (s !== undefined && lostAfter(s, after)) sub.pendingGap = { reason: 'trimmed', missed: -1 };
        sub.lastId = after;
        sub.accounted = -1;
        sub.replayNext = true;
      } else {
        sub.pendingGap = { reason: 'resume', missed: Math.max(0, sub.seq - seq) };
      }
      sub.dirty = true;
    } else {
      out.reset = true;
      sub.replayAfter = -1;
      this.resetWindow(sub);
    }
    this.schedule(sub);
    return out;
  }

  /** LIVE.UNWATCH: the subscription ends (an "end" push goes out if its client is connected). */
  unwatch(sub: LiveSub, reason: string): void {
    sub.ending = reason;
    if (sub.client === null) this.drop(sub);
    else this.schedule(sub);
  }

  /** True while the client holds live subscriptions (they exempt it from the idle timeout, as pub/sub does). */
  watching(c: Client): boolean {
    return (this.byClient.get(c)?.size ?? 0) > 0;
  }

  subsOf(c: Client): LiveSub[] {
    return [...(this.byClient.get(c) ?? [])];
  }

  private attach(sub: LiveSub, c: Client): void {
    sub.client = c;
    sub.detachedAt = 0;
    this.detached.delete(sub);
    let s = this.byClient.get(c);
    if (s === undefined) this.byClient.set(c, (s = new Set()));
    s.add(sub);
  }

  private unlink(sub: LiveSub, c: Client): void {
    const s = this.byClient.get(c);
    if (s === undefined) return;
    s.delete(sub);
    if (s.size === 0) this.byClient.delete(c);
  }

  /** A client went away: its subscriptions wait live-retention-ms for a LIVE.RESUME. */
  private clientGone(c: Client): void {
    const s = this.byClient.get(c);
    if (s === undefined) return;
    this.byClient.delete(c);
    const retention = this.engine.config.int('live-retention-ms');
    const now = this.engine.clock.now();
    for (const sub of s) {
      sub.client = null;
      if (retention <= 0 || sub.ending !== null) {
        this.drop(sub);
        continue;
      }
      sub.detachedAt = now;
      sub.behind = false;
      this.detached.add(sub);
    }
  }

  private drop(sub: LiveSub): void {
    if (!this.subs.delete(sub.id)) return;
    if (sub.client !== null) this.unlink(sub, sub.client);
    sub.client = null;
    this.index(sub, false);
    this.work.delete(sub);
    this.soon.delete(sub);
    this.detached.delete(sub);
    this.timed.delete(sub);
    sub.ring.clear();
    sub.window = null;
    const n = (this.ticks.get(sub.tickMs) ?? 1) - 1;
    if (n === 0) this.ticks.delete(sub.tickMs);
    else this.ticks.set(sub.tickMs, n);
    if (this.subs.size === 0) this.stopped();
    else this.retime();
  }

  private index(sub: LiveSub, add: boolean): void {
    if (add) this.keys.add(sub);
    else this.keys.remove(sub);
  }

  // ---- change detection -----------------------------------------------------------------------

  private started(): void {
    if (this.listener === null) {
      this.listener = (type, _event, db, key) => this.changed(type, db, key);
      this.engine.notifyListeners.push(this.listener);
    }
    this.retime();
  }

  private stopped(): void {
    if (this.listener !== null) {
      const ls = this.engine.notifyListeners;
      const i = ls.indexOf(this.listener);
      if (i >= 0) ls.splice(i, 1);
      this.listener = null;
    }
    this.stopTimer();
  }

  private changed(type: string, db: number, key: string): void {
    if (type !== 'm') this.keys.written(db, key);
  }

  private markDirty(sub: LiveSub): void {
    sub.dirty = true;
    this.work.add(sub);
  }

  // ---- timers ---------------------------------------------------------------------------------

  /** The tick timer runs at the smallest TICK of the subscriptions. */
  private retime(): void {
    if (this.manual || this.closed) return;
    let ms = Infinity;
    for (const t of this.ticks.keys()) ms = Math.min(ms, t);
    if (ms === Infinity) return this.stopTimer();
    if (this.timer !== null && this.timerMs === ms) return;
    this.stopTimer();
    this.timerMs = ms;
    this.timer = setInterval(() => this.tick(), ms);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.timerMs = 0;
  }

  private closed = false;

  /** Server shutdown: no timer runs from now on. */
  close(): void {
    this.closed = true;
    this.stopTimer();
  }

  private schedule(sub: LiveSub): void {
    this.work.add(sub);
    this.soon.add(sub);
    if (this.manual || this.closed || this.soonScheduled) return;
    this.soonScheduled = true;
    setImmediate(() => this.flushSoon());
  }

  /** Sends what must not wait for a tick: first snapshots, replays, end pushes. */
  flushSoon(): void {
    this.soonScheduled = false;
    if (this.soon.size === 0) return;
    const now = this.begin();
    try {
      for (const sub of [...this.soon]) {
        this.soon.delete(sub);
        this.run(sub, now, true);
      }
    } finally {
      this.end();
    }
  }

  /** One tick: every dirty subscription whose own tick is due sends its coalesced changes. */
  tick(): void {
    const now = this.begin();
    try {
      this.soon.clear();
      this.keys.takeDirty((sub) => this.markDirty(sub));
      this.expireDetached(now);
      this.sweep(now);
      for (const sub of [...this.work]) this.run(sub, now, false);
    } finally {
      this.end();
    }
  }

  private savedNoTouch = false;

  /** Reads in a tick see the current time and do not count as accesses (LRU/LFU). */
  private begin(): number {
    const ks = this.engine.keyspace;
    const now = this.engine.clock.now();
    ks.now = now;
    this.savedNoTouch = ks.noTouch;
    ks.noTouch = true;
    return now;
  }

  private end(): void {
    this.windows.clear();
    this.engine.keyspace.noTouch = this.savedNoTouch;
    // Keys a read found expired are deleted: their DELs go to the AOF and replicas now.
    this.engine.flushPropagation(false);
  }

  private expireDetached(now: number): void {
    if (this.detached.size === 0) return;
    const retention = this.engine.config.int('live-retention-ms');
    for (const sub of [...this.detached]) if (now - sub.detachedAt >= retention) this.drop(sub);
  }

  /**
   * Catches what no keyspace event tells: FLUSHDB/FLUSHALL/SWAPDB (a stream or set replaced under
   * the subscription) and period/bucket boards moving on with time.
   */
  private sweep(now: number): void {
    for (const sub of this.timed) if (sub.client !== null) this.checkTarget(sub, now);
    if (this.sweepChanges === this.engine.changes || now - this.lastSweep < SWEEP_MS) return;
    this.lastSweep = now;
    this.sweepChanges = this.engine.changes;
    for (const sub of this.subs.values()) {
      if (sub.client === null) continue;
      // An LB board reads several keys: recompute (a no-op diff costs O(log n + N)).
      if (sub.src.board !== null || this.dbOf(sub).peek(sub.key) !== sub.entry) this.markDirty(sub);
    }
  }

  private checkTarget(sub: LiveSub, now: number): void {
    const b = sub.src.board;
    if (b !== null && writeTarget(b, now).key !== sub.src.target) this.markDirty(sub);
  }

  // ---- running a subscription -----------------------------------------------------------------

  private run(sub: LiveSub, now: number, soonOnly: boolean): void {
    const c = sub.client;
    if (c === null) {
      this.work.delete(sub);
      return;
    }
    if (sub.ending !== null) {
      this.send(sub, { type: 'end', reason: sub.ending });
      this.drop(sub);
      return;
    }
    if (sub.replayAfter >= 0) {
      for (const item of sub.ring.after(sub.replayAfter)) {
        this.write(c, item.body);
        this.stats.replayed++;
      }
      sub.replayAfter = -1;
    }
    const urgent = sub.needSnapshot || sub.replayNext || sub.pendingGap !== null;
    if (soonOnly && !urgent) return;
    // Half a timer period of slack: an interval firing a millisecond early must not skip a tick.
    if (!urgent && now - sub.lastRun + (this.timerMs >> 1) < sub.tickMs) return;
    if (!sub.dirty && !urgent && !sub.behind) {
      this.work.delete(sub);
      return;
    }
    if (this.overLimit(c, sub.behind)) {
      if (!sub.behind) sub.skipped = 0;
      sub.behind = true;
      sub.skipped++;
      this.work.add(sub);
      return;
    }
    const recovered = sub.behind;
    sub.behind = false;
    sub.lastRun = now;
    sub.dirty = false;
    try {
      if (sub.kind === 'stream') this.runStream(sub, c);
      else this.runWindow(sub, recovered);
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      // WRONGTYPE: the key now holds another type; the watch cannot go on.
      this.send(sub, { type: 'end', reason: 'wrongtype' });
      this.drop(sub);
      return;
    }
    if (!sub.dirty) this.work.delete(sub);
  }

  /** Output over live-max-buffer; once behind, it must drain to half of it before more is sent. */
  private overLimit(c: Client, behind: boolean): boolean {
    const limit = this.engine.config.int('live-max-buffer');
    if (limit <= 0) return false;
    const out = c.link.outputBytes();
    return behind ? out > limit / 2 : out > limit;
  }

  private runWindow(sub: LiveSub, recovered: boolean): void {
    const db = this.dbOf(sub);
    const m = this.windows.read(sub, db);
    const next = m.next;
    sub.src.board = m.board;
    sub.src.target = m.target;
    sub.entry = sub.src.board === null ? db.peek(sub.key) : undefined;
    if (sub.src.target !== '') this.timed.add(sub);
    else this.timed.delete(sub);
    if (recovered && sub.policy === 'reset' && !sub.needSnapshot) {
      this.send(sub, { type: 'gap', reason: 'slow', missed: sub.skipped });
      this.resetWindow(sub);
    }
    sub.skipped = 0;
    if (sub.needSnapshot || sub.window === null) {
      const reset = sub.resetNext;
      sub.needSnapshot = false;
      sub.resetNext = false;
      const snap = this.windows.snapshot(m);
      this.send(sub, { type: 'snapshot', reset, start: next.start, entries: snap.value }, snap.bytes);
    } else {
      // Subscriptions in step hold the same window object, so one diff serves them all.
      const d = this.windows.delta(m, sub.window);
      if (d === null) return;
      this.send(sub, { type: 'delta', start: next.start, changes: d.value }, d.bytes);
    }
    sub.window = next;
  }

  private runStream(sub: LiveSub, c: Client): void {
    sub.needSnapshot = false;
    const db = this.dbOf(sub);
    const e = db.get(sub.key);
    if (e !== undefined && e.type !== 'stream') throw new CommandError('WRONGTYPE');
    if (sub.entry !== undefined && e !== sub.entry) {
      sub.ending = 'deleted';
      this.send(sub, { type: 'end', reason: 'deleted' });
      this.drop(sub);
      return;
    }
    if (sub.pendingGap !== null) {
      this.send(sub, { type: 'gap', reason: sub.pendingGap.reason, missed: sub.pendingGap.missed });
      sub.pendingGap = null;
    }
    if (e === undefined) {
      if (sub.replayNext) {
        sub.replayNext = false;
        this.send(sub, { type: 'entries', replay: true, entries: [] });
      }
      return;
    }
    if (sub.entry === undefined) {
      // The stream was created after the watch began: everything in it is new.
      sub.entry = e;
      if (sub.accounted >= 0) sub.accounted = 0;
    }
    const s = e.value as Stream;
    // Head trimmed past our position: every entry left is unread, so the hole is known before
    // reading, and its gap goes out before the entries that follow it (not after a long catch-up).
    if (sub.accounted >= 0 && headPast(s, sub.lastId as StreamId)) {
      const missed = s.entriesAdded - sub.accounted - s.length;
      if (missed > 0) this.send(sub, { type: 'gap', reason: 'trimmed', missed });
      sub.accounted = s.entriesAdded - s.length;
    }
    for (let pushes = 0; pushes < STREAM_PUSHES_PER_TICK; pushes++) {
      const r = readTail(s, sub.lastId as StreamId, STREAM_BATCH, sub.fields);
      if (r.last !== null) sub.lastId = r.last;
      const caughtUp = r.read < STREAM_BATCH;
      if (sub.accounted >= 0) sub.accounted += r.read;
      if (caughtUp) {
        const missed = sub.accounted < 0 ? 0 : s.entriesAdded - sub.accounted;
        if (missed > 0) this.send(sub, { type: 'gap', reason: 'trimmed', missed });
        sub.accounted = s.entriesAdded;
      }
      if (r.entries.length > 0 || sub.replayNext) {
        const body: PushMap = { type: 'entries' };
        if (sub.replayNext) body.replay = true;
        body.entries = r.entries;
        sub.replayNext = false;
        this.send(sub, body);
      }
      if (caughtUp) return;
      if (this.overLimit(c, false)) break;
    }
    // More to read: the next tick goes on (the client's buffer decides the pace).
    sub.dirty = true;
  }

  private dbOf(sub: LiveSub): Database {
    return this.engine.keyspace.dbs[sub.dbIndex];
  }

  private streamOf(sub: LiveSub): Stream | undefined {
    const e = this.dbOf(sub).peek(sub.key);
    return e?.type === 'stream' ? (e.value as Stream) : undefined;
  }

  /** The next snapshot replaces the client's state: flagged reset:true, in a new epoch. */
  private resetWindow(sub: LiveSub): void {
    sub.needSnapshot = true;
    sub.resetNext = true;
    sub.epoch = this.nextEpoch(sub);
  }

  private nextEpoch(sub: LiveSub): number {
    return sub.epoch >= 0x7fffffff ? 1 : sub.epoch + 1;
  }

  /**
   * Numbers the push, keeps it in the ring, and writes it if the client is connected. `shared` is
   * the size of the push's big part (entries, changes) when the caller already knows it.
   */
  private send(sub: LiveSub, fields: PushMap, shared = -1): void {
    const body: PushMap = { sub: sub.id, epoch: sub.epoch, seq: ++sub.seq };
    for (const k of Object.keys(fields)) body[k] = fields[k];
    const cfg = this.engine.config;
    const bytes = shared < 0 ? sizeOf(body) : 96 + sub.id.length + shared;
    sub.ring.add({ seq: sub.seq, epoch: sub.epoch, body, bytes }, cfg.int('live-replay-pushes'), cfg.int('live-replay-bytes'));
    this.stats.pushes++;
    const type = fields.type;
    if (type === 'gap') this.stats.gaps++;
    else if (fields.reset === true || fields.replay === true) this.stats.resets++;
    if (sub.client !== null) this.write(sub.client, body);
  }

  private write(c: Client, body: PushMap): void {
    writePush(c.writer, body);
    c.link.wake();
  }
}
