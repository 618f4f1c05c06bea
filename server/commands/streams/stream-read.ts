/**
 * Stream reads: XRANGE, XREVRANGE and XREAD (BLOCK included, on the blocking framework), as Redis
 * 7.0's xrangeGenericCommand and xreadCommand. XREAD replies an array of [key, entries] pairs in
 * RESP2 and a map key → entries in RESP3, both when served at once and when woken.
 */
import type { Client } from '../../engine/client.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey } from '../shared/lookup.ts';
import type { Stream, StreamNode } from '../../store/stream.ts';
import { cmpId, decrId, ID_MAX, ID_ZERO, incrId, parseStreamId, type StreamId } from '../../store/stream-id.ts';
import { idArg, replyEntries } from './stream-common.ts';

/** streamParseIntervalIDOrReply: "(" makes the bound exclusive (then the strict form is required). */
function intervalArg(s: string, missingSeqMax: boolean): { id: StreamId; ex: boolean } {
  const ex = s.length > 1 && s.charCodeAt(0) === 40;
  const id = parseStreamId(ex ? s.slice(1) : s, ex, missingSeqMax, false);
  if (id === null) fail(Err.streamInvalidId);
  return { id, ex };
}

export function xrangeCommand(c: Client, args: string[], rev: boolean): void {
  const a = intervalArg(rev ? args[3] : args[2], false);
  let start = a.id;
  if (a.ex) {
    const next = incrId(start);
    if (next === null) fail(Err.streamInvalidStart);
    start = next;
  }
  const b = intervalArg(rev ? args[2] : args[3], true);
  let end = b.id;
  if (b.ex) {
    const prev = decrId(end);
    if (prev === null) fail(Err.streamInvalidEnd);
    end = prev;
  }
  let count = -1;
  for (let j = 4; j < args.length; j++) {
    if (args[j].toLowerCase() === 'count' && args.length - j - 1 >= 1) {
      const v = parseIntNumber(args[j + 1]);
      if (v === null) fail(Err.notInteger);
      count = v < 0 ? 0 : v;
      j++;
    } else fail(Err.syntax);
  }
  const e = readKey(c, args[1], 'stream');
  if (e === undefined) {
    c.reply.array(0);
    return;
  }
  if (count === 0) {
    c.reply.nullArray();
    return;
  }
  const refs: (StreamNode | number)[] = [];
  const n = (e.value as Stream).range(start, end, count === -1 ? 0 : count, rev, refs);
  replyEntries(c, refs, n);
}

/** One stream's part of an XREAD reply: the key, then its entries after `gt`. */
function replyStream(c: Client, key: string, s: Stream, gt: StreamId, count: number): void {
  if (c.resp === 2) c.reply.array(2);
  c.reply.bulk(key);
  const refs: (StreamNode | number)[] = [];
  const n = s.range(incrId(gt) ?? ID_MAX, ID_MAX, count, false, refs);
  replyEntries(c, refs, n);
}

/** XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...] */
/** The options XREAD and XREADGROUP share (Redis parses both in one xreadCommand). */
export interface XreadArgs {
  /** BLOCK ms, or -1 when absent. */
  timeout: number;
  count: number;
  /** Index of the first key after STREAMS, and the number of streams. */
  streamsArg: number;
  streamsCount: number;
  groupName: string | null;
  consumerName: string;
  noack: boolean;
}

/** Parses `[GROUP g c] [COUNT n] [BLOCK ms] [NOACK] STREAMS key... id...` in Redis's order and texts. */
export function parseXreadArgs(c: Client, args: string[], xreadgroup: boolean): XreadArgs {
  const argc = args.length;
  const r: XreadArgs = { timeout: -1, count: 0, streamsArg: 0, streamsCount: 0, groupName: null, consumerName: '', noack: false };
  for (let i = 1; i < argc; i++) {
    const moreargs = argc - i - 1;
    const o = args[i].toLowerCase();
    if (o === 'block' && moreargs > 0) {
      if (c.link.kind === 'lua') fail(Err.xreadBlockScript(args[0]));
      i++;
      const v = parseIntNumber(args[i]);
      if (v === null) fail(Err.timeoutNotInteger);
      if (v < 0) fail(Err.timeoutNegative);
      r.timeout = v;
    } else if (o === 'count' && moreargs > 0) {
      i++;
      const v = parseIntNumber(args[i]);
      if (v === null) fail(Err.notInteger);
      r.count = v < 0 ? 0 : v;
    } else if (o === 'streams' && moreargs > 0) {
      r.streamsArg = i + 1;
      const n = argc - r.streamsArg;
      if (n % 2 !== 0) fail(Err.xreadUnbalanced(xreadgroup ? 'XREADGROUP' : 'XREAD'));
      r.streamsCount = n / 2;
      break;
    } else if (o === 'group' && moreargs >= 2) {
      if (!xreadgroup) fail(Err.xreadGroupOption);
      r.groupName = args[i + 1];
      r.consumerName = args[i + 2];
      i += 2;
    } else if (o === 'noack') {
      if (!xreadgroup) fail(Err.xreadNoackOption);
      r.noack = true;
    } else fail(Err.syntax);
  }
  if (r.streamsArg === 0) fail(Err.syntax);
  return r;
}

export function xreadCommand(c: Client, args: string[]): void {
  const { timeout, count, streamsArg, streamsCount } = parseXreadArgs(c, args, false);

  const ids: StreamId[] = new Array(streamsCount);
  for (let k = 0; k < streamsCount; k++) {
    const key = args[streamsArg + k];
    const e = readKey(c, key, 'stream');
    const arg = args[streamsArg + streamsCount + k];
    if (arg === '$') {
      ids[k] = e !== undefined ? (e.value as Stream).lastId : ID_ZERO;
      continue;
    }
    if (arg === '>') fail(Err.xreadGtId);
    ids[k] = idArg(arg, true);
  }

  // Serve synchronously the streams that have something after the given ID.
  let served = 0;
  let entries: Stream[] | null = null;
  for (let k = 0; k < streamsCount; k++) {
    const e = readKey(c, args[streamsArg + k], 'stream');
    if (e === undefined) continue;
    const s = e.value as Stream;
    if (s.length > 0 && s.hasAfter(ids[k])) {
      if (entries === null) entries = new Array(streamsCount);
      entries[k] = s;
      served++;
    }
  }
  if (served > 0) {
    if (c.resp === 2) c.reply.array(served);
    else c.reply.map(served);
    for (let k = 0; k < streamsCount; k++) {
      const s = entries![k];
      if (s !== undefined) replyStream(c, args[streamsArg + k], s, ids[k], count);
    }
    return;
  }
  if (timeout === -1 || !c.mayBlock()) {
    c.reply.nullArray();
    return;
  }
  // Block: '$' was resolved above, so only entries added from now on are served.
  const db = c.db;
  const keys = args.slice(streamsArg, streamsArg + streamsCount);
  const after = new Map<string, StreamId>();
  // What each stream looked like at block time: Redis wakes readers only on XADD (and on a key
  // being created), not on XSETID/XDEL/XTRIM, so a moved last ID alone must not serve them.
  const seen = new Map<string, { s: Stream; added: number }>();
  for (let k = 0; k < streamsCount; k++) {
    if (after.has(keys[k])) continue;
    after.set(keys[k], ids[k]);
    const e = db.get(keys[k]);
    if (e !== undefined && e.type === 'stream') seen.set(keys[k], { s: e.value as Stream, added: (e.value as Stream).entriesAdded });
  }
  c.engine.blocking.block(c, {
    db,
    keys,
    timeoutAt: timeout === 0 ? 0 : c.engine.keyspace.now + timeout,
    cmd: c.engine.registry.lookup(args[0])!,
    tryServe(key) {
      const e = db.get(key);
      if (e === undefined || e.type !== 'stream') return false;
      const s = e.value as Stream;
      const gt = after.get(key)!;
      if (cmpId(s.lastId, gt) <= 0) return false;
      const was = seen.get(key);
      if (was !== undefined && was.s === s && was.added === s.entriesAdded && !s.hasAfter(gt)) return false;
      if (c.resp === 2) {
        c.reply.array(1);
      } else c.reply.map(1);
      replyStream(c, key, s, gt, count);
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}
