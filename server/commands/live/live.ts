/**
 * LIVE.* commands: live subscriptions to leaderboard windows and stream tails, delivered as RESP3
 * push messages (and as JSON pushes through the WebSocket gateway). The machinery is in
 * live-hub.ts beside it; the protocol is documented in docs/live.md.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { Err, fail } from '../../engine/errors.ts';
import { intArg } from '../shared/args.ts';
import { writeKey } from '../shared/lookup.ts';
import { idArg } from '../streams/index.ts';
import { metaKey } from '../sorted-sets/index.ts';
import { liveHub, type LiveHub } from './live-hub.ts';
import { MAX_WINDOW, type LiveSub, type SlowPolicy } from './live-sub.ts';
import type { WindowSpec } from './live-window.ts';
import type { StreamId } from '../../store/stream-id.ts';

const LIVE = { group: 'podium', since: '1.0.0' } as const;
const NOKEYS = { keys: [0, 0, 0] } as const;
const FLAGS = ['readonly', 'noscript', 'no_multi', 'pubsub'] as const;

export const liveCommands: CommandDef[] = [
  { ...LIVE, name: 'live.watch', arity: -4, flags: [...FLAGS], keys: [1, 1, 1], run: liveWatchCommand },
  { ...LIVE, name: 'live.stream', arity: -2, flags: [...FLAGS], keys: [1, 1, 1], run: liveStreamCommand },
  { ...LIVE, ...NOKEYS, name: 'live.resume', arity: -4, flags: [...FLAGS], run: liveResumeCommand },
  { ...LIVE, ...NOKEYS, name: 'live.unwatch', arity: 2, flags: [...FLAGS], run: liveUnwatchCommand },
  { ...LIVE, ...NOKEYS, name: 'live.list', arity: 1, flags: [...FLAGS], run: liveListCommand },
];

export const LiveErr = {
  needResp3: 'ERR live subscriptions need RESP3 push messages: send HELLO 3 first',
  needConnection: 'ERR live subscriptions need a connection that takes pushes (RESP3 or WebSocket), not HTTP',
  noSuchSub: 'ERR no such live subscription',
  windowTooLarge: `ERR live window too large (at most ${MAX_WINDOW} entries)`,
  tooMany: 'ERR too many live subscriptions on this connection',
  boardDirection: 'ERR ASC/DESC cannot be given for an LB board: it has its own direction',
  tick: 'ERR TICK must be between 1 and 60000 milliseconds',
} as const;

/** Subscriptions one connection may hold (each has a bounded window and replay ring). */
const MAX_SUBS_PER_CLIENT = 1000;

/** Pushes need RESP3 on RESP transports; the WebSocket gateway carries them as JSON; HTTP cannot. */
function requirePush(c: Client): void {
  if (c.link.kind === 'http') fail(LiveErr.needConnection);
  if (c.resp !== 3 && c.link.kind !== 'ws') fail(LiveErr.needResp3);
  if (liveHub(c.engine).subsOf(c).length >= MAX_SUBS_PER_CLIENT) fail(LiveErr.tooMany);
}

interface Common {
  tickMs: number;
  policy: SlowPolicy;
  desc: boolean | null;
}

/** TICK ms, POLICY CONFLATE|RESET and (windows) ASC|DESC, in any order, each at most once. */
function commonOpts(c: Client, args: string[], from: number, window: boolean): Common {
  const o: Common = { tickMs: c.engine.config.int('live-tick-ms'), policy: 'conflate', desc: null };
  let seen = 0;
  for (let i = from; i < args.length; i++) {
    const w = args[i].toUpperCase();
    let bit = 0;
    if (window && (w === 'ASC' || w === 'DESC')) {
      bit = 1;
      o.desc = w === 'DESC';
    } else if (w === 'TICK' && i + 1 < args.length) {
      bit = 2;
      const t = intArg(args[++i]);
      if (t < 1 || t > 60000) fail(LiveErr.tick);
      o.tickMs = t;
    } else if (window && w === 'POLICY' && i + 1 < args.length) {
      bit = 4;
      const p = args[++i].toUpperCase();
      if (p !== 'CONFLATE' && p !== 'RESET') fail(Err.syntax);
      o.policy = p === 'RESET' ? 'reset' : 'conflate';
    }
    if (bit === 0 || (seen & bit) !== 0) fail(Err.syntax);
    seen |= bit;
  }
  return o;
}

function sizeArg(s: string): number {
  const n = intArg(s);
  if (n < 0) fail(Err.countPositive);
  return n;
}

/**
 * LIVE.WATCH key TOP n [ASC|DESC] [TICK ms] [POLICY CONFLATE|RESET]
 * LIVE.WATCH key AROUND member n [ASC|DESC] [TICK ms] [POLICY CONFLATE|RESET]
 * → {sub, epoch, seq}, then pushes (the snapshot right after the reply).
 */
function liveWatchCommand(c: Client, args: string[]): void {
  const key = args[1];
  const mode = args[2].toUpperCase();
  const spec: WindowSpec = { mode: 'top', n: 0, member: '', desc: true };
  let next: number;
  if (mode === 'TOP') {
    spec.n = sizeArg(args[3]);
    if (spec.n < 1) fail(Err.countPositive);
    if (spec.n > MAX_WINDOW) fail(LiveErr.windowTooLarge);
    next = 4;
  } else if (mode === 'AROUND' && args.length >= 5) {
    spec.mode = 'around';
    spec.member = args[3];
    spec.n = sizeArg(args[4]);
    if (2 * spec.n + 1 > MAX_WINDOW) fail(LiveErr.windowTooLarge);
    next = 5;
  } else {
    fail(Err.syntax);
  }
  const o = commonOpts(c, args, next, true);
  requirePush(c);
  const meta = writeKey(c, metaKey(key), 'hash');
  if (meta !== undefined && o.desc !== null) fail(LiveErr.boardDirection);
  if (meta === undefined) writeKey(c, key, 'zset');
  spec.desc = o.desc ?? true;
  const sub = liveHub(c.engine).watch(c, { kind: spec.mode, key, tickMs: o.tickMs, policy: o.policy, spec });
  replyState(c, sub);
}

/**
 * LIVE.STREAM key [FROM id|$] [FIELDS count field ...] [TICK ms]
 * → {sub, epoch, seq}, then "entries" pushes (entries after `id`; `$`, the default: new ones).
 */
function liveStreamCommand(c: Client, args: string[]): void {
  const key = args[1];
  let from: StreamId | null = null;
  let fields: Set<string> | null = null;
  let i = 2;
  let rest = 0;
  const tail: string[] = [];
  for (; i < args.length; i++) {
    const w = args[i].toUpperCase();
    if (w === 'FROM' && (rest & 1) === 0 && i + 1 < args.length) {
      rest |= 1;
      const v = args[++i];
      from = v === '$' ? null : idArg(v, false);
    } else if (w === 'FIELDS' && (rest & 2) === 0 && i + 1 < args.length) {
      rest |= 2;
      const n = intArg(args[++i]);
      if (n < 1) fail(Err.countPositive);
      if (i + n >= args.length) fail(Err.syntax);
      fields = new Set(args.slice(i + 1, i + 1 + n));
      i += n;
    } else {
      tail.push(args[i]);
    }
  }
  const o = commonOpts(c, ['', ...tail], 1, false);
  requirePush(c);
  writeKey(c, key, 'stream');
  const sub = liveHub(c.engine).watch(c, { kind: 'stream', key, tickMs: o.tickMs, policy: 'conflate', from, fields });
  replyState(c, sub);
}

/**
 * LIVE.RESUME sub epoch seq [AFTER id] → {sub, epoch, seq, replay, reset}: the pushes after `seq`
 * are replayed with their seqs (replay = how many), or the state restarts (reset: a snapshot flagged
 * reset:true; streams: entries again from the stream after `id`, after a gap signal if some are gone).
 */
function liveResumeCommand(c: Client, args: string[]): void {
  const epoch = intArg(args[2]);
  const seq = intArg(args[3]);
  let after: StreamId | null = null;
  if (args.length === 6 && args[4].toUpperCase() === 'AFTER') after = idArg(args[5], false);
  else if (args.length !== 4) fail(Err.syntax);
  const hub = liveHub(c.engine);
  const sub = ownSub(c, hub, args[1]);
  if (sub === undefined) fail(LiveErr.noSuchSub);
  if (c.link.kind === 'http') fail(LiveErr.needConnection);
  if (c.resp !== 3 && c.link.kind !== 'ws') fail(LiveErr.needResp3);
  const out = hub.resume(c, sub, epoch, seq, after);
  const r = c.reply;
  replyState(c, sub, 2);
  r.bulk('replay');
  r.integer(out.replay);
  r.bulk('reset');
  r.bool(out.reset);
}

/** LIVE.UNWATCH sub → 1 (an "end" push follows), or 0 when no such subscription exists. */
function liveUnwatchCommand(c: Client, args: string[]): void {
  const hub = liveHub(c.engine);
  const sub = ownSub(c, hub, args[1]);
  if (sub === undefined) {
    c.reply.integer(0);
    return;
  }
  hub.unwatch(sub, 'unwatch');
  c.reply.integer(1);
}

/** LIVE.LIST → one map per subscription of this connection. */
function liveListCommand(c: Client): void {
  const subs = liveHub(c.engine).subsOf(c);
  const r = c.reply;
  r.array(subs.length);
  for (const s of subs) {
    r.map(7);
    r.bulk('sub');
    r.bulk(s.id);
    r.bulk('kind');
    r.bulk(s.kind);
    r.bulk('key');
    r.bulk(s.key);
    r.bulk('epoch');
    r.integer(s.epoch);
    r.bulk('seq');
    r.integer(s.seq);
    r.bulk('tick');
    r.integer(s.tickMs);
    r.bulk('state');
    r.bulk(s.behind ? 'behind' : 'live');
  }
}

/** The subscription `id` if it exists, is not ending, and belongs to the connection's user. */
function ownSub(c: Client, hub: LiveHub, id: string): LiveSub | undefined {
  const sub = hub.subs.get(id);
  return sub === undefined || sub.ending !== null || sub.user !== c.user ? undefined : sub;
}

/** A map of sub, epoch, seq, and room for `more` pairs the caller writes after them. */
function replyState(c: Client, sub: LiveSub, more = 0): void {
  const r = c.reply;
  r.map(3 + more);
  r.bulk('sub');
  r.bulk(sub.id);
  r.bulk('epoch');
  r.integer(sub.epoch);
  r.bulk('seq');
  r.integer(sub.seq);
}
