/**
 * The pending entries lists of consumer groups: XPENDING, XCLAIM, XAUTOCLAIM, as Redis 7.0's
 * t_stream.c (same checks, replies and errors). Claims propagate as Redis writes them: one
 * idempotent XCLAIM ... TIME RETRYCOUNT FORCE JUSTID LASTID per entry claimed or cleared (an entry
 * deleted from the stream leaves the PEL, and the XCLAIM tells replicas to do the same), and
 * XGROUP SETID when only XCLAIM's LASTID moved the group.
 */
import type { Client } from '../../engine/client.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey } from '../shared/lookup.ts';
import type { Stream } from '../../store/stream.ts';
import { cmpId, decrId, ID_MAX, ID_ZERO, idToString, incrId, parseStreamId, type StreamId } from '../../store/stream-id.ts';
import { type Consumer, Nack } from '../../store/stream-groups.ts';
import { entryExists, groupChanged, idArg, lookupGroup, lookupOrCreateConsumer, replyEntryById, setidArgv, xclaimArgv } from './stream-common.ts';

/** streamParseIntervalIDOrReply */
function intervalArg(s: string, missingSeqMax: boolean): { id: StreamId; ex: boolean } {
  const ex = s.length > 1 && s.charCodeAt(0) === 40;
  const id = parseStreamId(ex ? s.slice(1) : s, ex, missingSeqMax, false);
  if (id === null) fail(Err.streamInvalidId);
  return { id, ex };
}

function noGroup(key: string, group: string): never {
  fail(Err.streamNoGroup(key, group));
}

export function xpendingCommand(c: Client, args: string[]): void {
  const argc = args.length;
  const justinfo = argc === 3;
  if (argc !== 3 && (argc < 6 || argc > 9)) fail(Err.syntax);
  let start: StreamId = ID_ZERO;
  let end: StreamId = ID_MAX;
  let count = 0;
  let minidle = 0;
  let consumerName: string | null = null;
  if (argc >= 6) {
    let startidx = 3;
    if (args[3].toLowerCase() === 'idle') {
      const v = parseIntNumber(args[4]);
      if (v === null) fail(Err.notInteger);
      minidle = v;
      if (argc < 8) fail(Err.syntax);
      startidx += 2;
    }
    const cv = parseIntNumber(args[startidx + 2]);
    if (cv === null) fail(Err.notInteger);
    count = cv < 0 ? 0 : cv;
    const a = intervalArg(args[startidx], false);
    start = a.id;
    if (a.ex) {
      const nx = incrId(start);
      if (nx === null) fail(Err.streamInvalidStart);
      start = nx;
    }
    const b = intervalArg(args[startidx + 1], true);
    end = b.id;
    if (b.ex) {
      const pv = decrId(end);
      if (pv === null) fail(Err.streamInvalidEnd);
      end = pv;
    }
    if (startidx + 3 < argc) consumerName = args[startidx + 3];
  }
  const e = readKey(c, args[1], 'stream');
  const g = e === undefined ? undefined : lookupGroup(e.value as Stream, args[2]);
  if (g === undefined) noGroup(args[1], args[2]);
  const r = c.reply;
  if (justinfo) {
    r.array(4);
    r.integer(g.pel.size);
    if (g.pel.size === 0) {
      r.null();
      r.null();
      r.nullArray();
      return;
    }
    r.bulk(idToString(g.pel.first()!.id));
    r.bulk(idToString(g.pel.last()!.id));
    const cs = g.sortedConsumers().filter((x) => x.pel.size > 0);
    r.array(cs.length);
    for (const x of cs) {
      r.array(2);
      r.bulk(x.name);
      r.bulk(String(x.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const cons = g.consumer(consumerName);
    if (cons === undefined) {
      r.array(0);
      return;
    }
    pel = cons.pel;
  }
  const now = c.engine.keyspace.now;
  const out: Nack[] = [];
  if (count > 0) {
    pel.scan(start, (n) => {
      if (cmpId(n.id, end) > 0) return false;
      if (minidle !== 0 && now - n.deliveryTime < minidle) return true;
      out.push(n);
      return --count > 0;
    });
  }
  r.array(out.length);
  for (const n of out) {
    r.array(4);
    r.bulk(idToString(n.id));
    r.bulk(n.consumer!.name);
    r.integer(Math.max(0, now - n.deliveryTime));
    r.integer(n.deliveryCount);
  }
}

export function xclaimCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = readKey(c, key, 'stream');
  const st = e === undefined ? undefined : (e.value as Stream);
  const g = st === undefined ? undefined : lookupGroup(st, args[2]);
  if (g === undefined) noGroup(key, args[2]);
  let minidle = parseIntNumber(args[4]);
  if (minidle === null) fail(Err.xclaimMinIdle);
  if (minidle < 0) minidle = 0;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < args.length; j++) {
    const id = parseStreamId(args[j], true, false, false);
    if (id === null) break;
    ids.push(id);
  }
  const now = c.engine.keyspace.now;
  let deliverytime = -1;
  let retrycount = -1;
  let force = false;
  let justid = false;
  let lastId: StreamId = ID_ZERO;
  for (; j < args.length; j++) {
    const moreargs = args.length - 1 - j;
    const opt = args[j].toLowerCase();
    if (opt === 'force') force = true;
    else if (opt === 'justid') justid = true;
    else if (opt === 'idle' && moreargs > 0) {
      const v = parseIntNumber(args[++j]);
      if (v === null) fail(Err.xclaimIdle);
      deliverytime = now - v;
    } else if (opt === 'time' && moreargs > 0) {
      const v = parseIntNumber(args[++j]);
      if (v === null) fail(Err.xclaimTime);
      deliverytime = v;
    } else if (opt === 'retrycount' && moreargs > 0) {
      const v = parseIntNumber(args[++j]);
      if (v === null) fail(Err.xclaimRetrycount);
      retrycount = v;
    } else if (opt === 'lastid' && moreargs > 0) {
      lastId = idArg(args[++j], true);
    } else fail(Err.xclaimOption(args[j]));
  }
  const props: string[][] = [];
  let propagateLastId = false;
  if (cmpId(lastId, g.lastId) > 0) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  if (deliverytime !== -1) {
    if (deliverytime < 0 || deliverytime > now) deliverytime = now;
  } else deliverytime = now;
  let cons: Consumer | undefined;
  let dirty = 0;
  const r = c.reply;
  // The reply length is known only at the end: replies go to a buffer first.
  const replies: (() => void)[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    const idStr = args[5 + k];
    let nack = g.pel.find(id);
    if (!entryExists(st!, id)) {
      if (nack !== undefined) {
        props.push(xclaimArgv(key, g, args[2], idStr, nack));
        propagateLastId = false;
        dirty++;
        g.dropNack(nack);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new Nack(id, now, 1, null);
      g.pel.tryInsert(nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle !== 0 && now - nack.deliveryTime < minidle) continue;
    if (cons === undefined) cons = lookupOrCreateConsumer(c, g, args[3], key, c.db.id).cons;
    const wasOther = nack.consumer !== cons;
    if (wasOther && nack.consumer !== null) nack.consumer.pel.remove(id);
    nack.deliveryTime = deliverytime;
    if (retrycount >= 0) nack.deliveryCount = retrycount;
    else if (!justid) nack.deliveryCount++;
    if (wasOther) {
      cons.pel.tryInsert(nack);
      nack.consumer = cons;
    }
    if (justid) replies.push(() => r.bulk(idToString(id)));
    else replies.push(() => replyEntryById(c, st!, id));
    props.push(xclaimArgv(key, g, args[2], idStr, nack));
    propagateLastId = false;
    dirty++;
  }
  if (propagateLastId) {
    props.push(setidArgv(key, g, args[2]));
    dirty++;
  }
  r.array(replies.length);
  for (const f of replies) f();
  if (dirty > 0) groupChanged(c, dirty);
  c.engine.rewriteAs(...props);
}

export function xautoclaimCommand(c: Client, args: string[]): void {
  let minidle = parseIntNumber(args[4]);
  if (minidle === null) fail(Err.xautoclaimMinIdle);
  if (minidle < 0) minidle = 0;
  const a = intervalArg(args[5], false);
  let start = a.id;
  if (a.ex) {
    const nx = incrId(start);
    if (nx === null) fail(Err.streamInvalidStart);
    start = nx;
  }
  let count = 100;
  let justid = false;
  const maxCount = Math.floor(Number.MAX_SAFE_INTEGER / 16);
  for (let j = 6; j < args.length; j++) {
    const moreargs = args.length - 1 - j;
    const opt = args[j].toLowerCase();
    if (opt === 'count' && moreargs > 0) {
      const v = parseIntNumber(args[j + 1]);
      if (v === null || v < 1 || v > maxCount) fail(Err.xautoclaimCount);
      count = v;
      j++;
    } else if (opt === 'justid') justid = true;
    else fail(Err.syntax);
  }
  const key = args[1];
  const e = readKey(c, key, 'stream');
  const st = e === undefined ? undefined : (e.value as Stream);
  const g = st === undefined ? undefined : lookupGroup(st, args[2]);
  if (g === undefined) noGroup(key, args[2]);
  let attempts = count * 10;
  const now = c.engine.keyspace.now;
  let cons: Consumer | undefined;
  const claimed: StreamId[] = [];
  const deleted: StreamId[] = [];
  const props: string[][] = [];
  // The PEL changes along the way (claims move NACKs between consumers, deleted entries drop
  // theirs): each step looks the next NACK up by ID.
  let nack = g.pel.ceil(start);
  while (attempts-- > 0 && count > 0 && nack !== undefined) {
    const n = nack;
    const id = n.id;
    if (!entryExists(st!, id)) {
      props.push(xclaimArgv(key, g, args[2], idToString(id), n));
      g.dropNack(n);
      deleted.push(id);
      count--;
      nack = g.pel.ceil(id);
      continue;
    }
    nack = g.pel.after(id);
    if (minidle !== 0 && now - n.deliveryTime < minidle) continue;
    if (cons === undefined) cons = lookupOrCreateConsumer(c, g, args[3], key, c.db.id).cons;
    if (n.consumer !== cons && n.consumer !== null) n.consumer.pel.remove(id);
    n.deliveryTime = now;
    if (!justid) n.deliveryCount++;
    if (n.consumer !== cons) {
      cons.pel.tryInsert(n);
      n.consumer = cons;
    }
    claimed.push(id);
    count--;
    props.push(xclaimArgv(key, g, args[2], idToString(id), n));
  }
  const next = nack !== undefined ? nack.id : ID_ZERO;
  const r = c.reply;
  r.array(3);
  r.bulk(idToString(next));
  r.array(claimed.length);
  for (const id of claimed) {
    if (justid) r.bulk(idToString(id));
    else replyEntryById(c, st!, id);
  }
  r.array(deleted.length);
  for (const id of deleted) r.bulk(idToString(id));
  if (props.length > 0) groupChanged(c, props.length);
  c.engine.rewriteAs(...props);
}
