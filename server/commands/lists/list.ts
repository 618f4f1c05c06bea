/**
 * Lists, including the blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP), as in Redis 7.0's
 * t_list.c: same argument order of checks, same replies (RESP2 null array vs null bulk), same
 * keyspace events, and the same propagation (blocking forms become their non-blocking forms).
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { intArg, parseIntNumber } from '../shared/args.ts';
import { CommandError, Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { timeoutArg } from '../shared/timeout-arg.ts';
import { countError } from '../../engine/dispatch.ts';
import { parseMpopArgs } from '../shared/mpop-args.ts';
import { ListValue } from '../../store/list-value.ts';

export const listCommands: CommandDef[] = [
  { name: 'lpush', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: (c, a) => pushGeneric(c, a, true, false) },
  { name: 'rpush', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: (c, a) => pushGeneric(c, a, false, false) },
  { name: 'lpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: (c, a) => pushGeneric(c, a, true, true) },
  { name: 'rpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: (c, a) => pushGeneric(c, a, false, true) },
  { name: 'lpop', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], run: (c, a) => popGeneric(c, a, true) },
  { name: 'rpop', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], run: (c, a) => popGeneric(c, a, false) },
  { name: 'llen', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], run: llenCommand },
  { name: 'lrange', arity: 4, flags: ['readonly'], keys: [1, 1, 1], run: lrangeCommand },
  { name: 'lindex', arity: 3, flags: ['readonly'], keys: [1, 1, 1], run: lindexCommand },
  { name: 'lset', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], run: lsetCommand },
  { name: 'linsert', arity: 5, flags: ['write', 'denyoom'], keys: [1, 1, 1], run: linsertCommand },
  { name: 'lrem', arity: 4, flags: ['write'], keys: [1, 1, 1], run: lremCommand },
  { name: 'ltrim', arity: 4, flags: ['write'], keys: [1, 1, 1], run: ltrimCommand },
  { name: 'lpos', arity: -3, flags: ['readonly'], keys: [1, 1, 1], run: lposCommand },
  { name: 'lmove', arity: 5, flags: ['write', 'denyoom'], keys: [1, 2, 1], run: lmoveCommand },
  { name: 'rpoplpush', arity: 3, flags: ['write', 'denyoom'], keys: [1, 2, 1], run: rpoplpushCommand },
  { name: 'lmpop', arity: -4, flags: ['write', 'movablekeys'], keys: [0, 0, 0], run: (c, a) => lmpopGeneric(c, a, false) },
  { name: 'blpop', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: [1, -2, 1], run: (c, a) => blockingPop(c, a, true) },
  { name: 'brpop', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: [1, -2, 1], run: (c, a) => blockingPop(c, a, false) },
  { name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: [1, 2, 1], run: blmoveCommand },
  { name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: [1, 2, 1], run: brpoplpushCommand },
  { name: 'blmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], keys: [0, 0, 0], run: (c, a) => lmpopGeneric(c, a, true) },
];

// ---------------------------------------------------------------------------------------------
// Shared pieces

function newList(c: Client, key: string): ListValue {
  const l = new ListValue();
  c.db.set(key, 'list', l);
  return l;
}

/**
 * listElementsRemoved: the pop event, then the key's deletion (and 'del') when the list emptied.
 * Redis counts one dirty change per element popped.
 */
function elementsRemoved(c: Client, key: string, l: ListValue, head: boolean, n: number): void {
  const e = c.engine;
  const emptied = l.length === 0;
  if (emptied) c.db.delete(key);
  e.modified(c.db, key, 'l', head ? 'lpop' : 'rpop');
  if (emptied) e.notify('g', 'del', c.db.id, key);
  e.dirty += n - 1;
}

/** addListRangeReply with indexes already inside the list; `reverse` replies tail-first. */
function replyRange(c: Client, l: ListValue, start: number, count: number, reverse: boolean): void {
  const r = c.reply;
  r.array(count);
  if (reverse) for (let i = start + count - 1; i >= start; i--) r.bulk(l.get(i));
  else for (let i = start, end = start + count; i < end; i++) r.bulk(l.get(i));
}

/** Removes up to `count` elements from one end, replying them in pop order; returns how many. */
function popRange(c: Client, l: ListValue, head: boolean, count: number): number {
  const len = l.length;
  const n = count > len ? len : count;
  if (head) {
    replyRange(c, l, 0, n, false);
    l.removeHead(n);
  } else {
    replyRange(c, l, len - n, n, true);
    l.removeTail(n);
  }
  return n;
}

/** Pops up to `count` elements from one end, replying [key, [elements]] (LMPOP, BLMPOP). */
function popRangeWithKey(c: Client, key: string, l: ListValue, head: boolean, count: number): number {
  c.reply.array(2);
  c.reply.bulk(key);
  const n = popRange(c, l, head, count);
  elementsRemoved(c, key, l, head, n);
  return n;
}

/** Pops one element from one end, replying [key, element] (BLPOP, BRPOP). */
function popOneWithKey(c: Client, key: string, l: ListValue, head: boolean): void {
  const v = (head ? l.popHead() : l.popTail()) as string;
  c.reply.array(2);
  c.reply.bulk(key);
  c.reply.bulk(v);
  elementsRemoved(c, key, l, head, 1);
}

/** LEFT / RIGHT (getListPositionFromObjectOrReply): true for LEFT (the head). */
function whereArg(s: string): boolean {
  const u = s.length === 4 || s.length === 5 ? s.toUpperCase() : '';
  if (u === 'LEFT') return true;
  if (u === 'RIGHT') return false;
  fail(Err.syntax);
}

/** getPositiveLongFromObjectOrReply: a non-negative integer, else `err` (also for non-numbers). */
function nonNegativeArg(s: string, err: string): number {
  const v = parseIntNumber(s);
  if (v === null || v < 0) fail(err);
  return v;
}


// ---------------------------------------------------------------------------------------------
// Push, pop, read

function pushGeneric(c: Client, args: string[], head: boolean, onlyIfExists: boolean): void {
  const key = args[1];
  const e = writeKey(c, key, 'list');
  let l: ListValue;
  if (e === undefined) {
    if (onlyIfExists) {
      c.reply.integer(0);
      return;
    }
    l = newList(c, key);
  } else l = e.value as ListValue;
  const n = args.length;
  if (head) for (let i = 2; i < n; i++) l.pushHead(args[i]);
  else for (let i = 2; i < n; i++) l.pushTail(args[i]);
  c.engine.modified(c.db, key, 'l', head ? 'lpush' : 'rpush');
  c.engine.dirty += n - 3;
  c.reply.integer(l.length);
}

function popGeneric(c: Client, args: string[], head: boolean): void {
  const hasCount = args.length === 3;
  if (args.length > 3) fail(Err.wrongArity(head ? 'lpop' : 'rpop'));
  const count = hasCount ? nonNegativeArg(args[2], Err.countPositive) : 0;
  const key = args[1];
  const e = writeKey(c, key, 'list');
  if (e === undefined) {
    if (hasCount) c.reply.nullArray();
    else c.reply.null();
    return;
  }
  const l = e.value as ListValue;
  if (!hasCount) {
    c.reply.bulk((head ? l.popHead() : l.popTail()) as string);
    elementsRemoved(c, key, l, head, 1);
    return;
  }
  if (count === 0) {
    c.reply.array(0);
    return;
  }
  elementsRemoved(c, key, l, head, popRange(c, l, head, count));
}

function llenCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'list');
  c.reply.integer(e === undefined ? 0 : (e.value as ListValue).length);
}

function lrangeCommand(c: Client, args: string[]): void {
  let start = intArg(args[2]);
  let end = intArg(args[3]);
  const e = readKey(c, args[1], 'list');
  if (e === undefined) {
    c.reply.array(0);
    return;
  }
  const l = e.value as ListValue;
  const len = l.length;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    c.reply.array(0);
    return;
  }
  if (end >= len) end = len - 1;
  replyRange(c, l, start, end - start + 1, false);
}

function lindexCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'list');
  if (e === undefined) {
    c.reply.null();
    return;
  }
  let i = intArg(args[2]);
  const l = e.value as ListValue;
  if (i < 0) i += l.length;
  if (i >= 0 && i < l.length) c.reply.bulk(l.get(i));
  else c.reply.null();
}

function lsetCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = writeKey(c, key, 'list');
  if (e === undefined) fail(Err.noSuchKey);
  let i = intArg(args[2]);
  const l = e.value as ListValue;
  if (i < 0) i += l.length;
  if (i < 0 || i >= l.length) fail(Err.outOfRange);
  l.set(i, args[3]);
  c.engine.modified(c.db, key, 'l', 'lset');
  c.reply.simple('OK');
}

function linsertCommand(c: Client, args: string[]): void {
  const where = args[2].toUpperCase();
  if (where !== 'BEFORE' && where !== 'AFTER') fail(Err.syntax);
  const key = args[1];
  const e = writeKey(c, key, 'list');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const l = e.value as ListValue;
  const i = l.indexOf(args[3]);
  if (i < 0) {
    c.reply.integer(-1);
    return;
  }
  l.insertAt(where === 'AFTER' ? i + 1 : i, args[4]);
  c.engine.modified(c.db, key, 'l', 'linsert');
  c.reply.integer(l.length);
}

function lremCommand(c: Client, args: string[]): void {
  const toRemove = intArg(args[2]);
  const key = args[1];
  const e = writeKey(c, key, 'list');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const l = e.value as ListValue;
  const removed = l.removeValue(args[3], Math.abs(toRemove), toRemove < 0);
  if (removed > 0) {
    const emptied = l.length === 0;
    if (emptied) c.db.delete(key);
    c.engine.modified(c.db, key, 'l', 'lrem');
    if (emptied) c.engine.notify('g', 'del', c.db.id, key);
    c.engine.dirty += removed - 1;
  }
  c.reply.integer(removed);
}

function ltrimCommand(c: Client, args: string[]): void {
  let start = intArg(args[2]);
  let end = intArg(args[3]);
  const key = args[1];
  const e = writeKey(c, key, 'list');
  if (e === undefined) {
    c.reply.simple('OK');
    return;
  }
  const l = e.value as ListValue;
  const len = l.length;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  let keep = 0;
  if (!(start > end || start >= len)) {
    if (end >= len) end = len - 1;
    keep = end - start + 1;
  } else start = 0;
  const removed = len - keep;
  l.keepRange(start, keep);
  const emptied = l.length === 0;
  if (emptied) c.db.delete(key);
  const eng = c.engine;
  if (removed > 0) {
    eng.modified(c.db, key, 'l', 'ltrim');
    eng.dirty += removed - 1;
  } else {
    // Redis fires the event and touches WATCH even when nothing is trimmed, but counts no change
    // (so nothing is propagated).
    eng.touchWatched(c.db.id, key);
    if (eng.notifyListeners.length > 0) eng.notify('l', 'ltrim', c.db.id, key);
  }
  if (emptied) eng.notify('g', 'del', c.db.id, key);
  c.reply.simple('OK');
}

const LONG_MIN = -(2 ** 63);

function lposCommand(c: Client, args: string[]): void {
  const ele = args[2];
  let rank = 1;
  let count = -1; // -1: no COUNT option
  let maxlen = 0;
  let rankIsMin = false;
  for (let j = 3; j < args.length; j++) {
    const opt = args[j].toUpperCase();
    const more = j < args.length - 1;
    if (opt === 'RANK' && more) {
      rank = intArg(args[++j]);
      if (rank === 0) fail(Err.lposRankZero);
      // Exactly LONG_MIN (doubles cannot tell it from LONG_MIN + 1, string2ll allows one spelling).
      rankIsMin = rank === LONG_MIN && args[j] === '-9223372036854775808';
    } else if (opt === 'COUNT' && more) {
      count = nonNegativeArg(args[++j], Err.lposCountNegative);
    } else if (opt === 'MAXLEN' && more) {
      maxlen = nonNegativeArg(args[++j], Err.lposMaxlenNegative);
    } else fail(Err.syntax);
  }
  let fromTail = false;
  let limit = count;
  if (rank < 0) {
    fromTail = true;
    if (rankIsMin) {
      // Redis negates LONG_MIN, which stays LONG_MIN: every match then qualifies and the COUNT
      // limit test overflows, so all matches are returned.
      rank = 1;
      if (limit > 0) limit = 0;
    } else rank = -rank;
  }
  const e = readKey(c, args[1], 'list');
  if (e === undefined) {
    if (count !== -1) c.reply.array(0);
    else c.reply.null();
    return;
  }
  const l = e.value as ListValue;
  const len = l.length;
  const scan = maxlen === 0 || maxlen > len ? len : maxlen;
  let matches = 0;
  if (count === -1) {
    for (let k = 0; k < scan; k++) {
      const i = fromTail ? len - 1 - k : k;
      if (l.get(i) === ele && ++matches >= rank) {
        c.reply.integer(i);
        return;
      }
    }
    c.reply.null();
    return;
  }
  const found: number[] = [];
  for (let k = 0; k < scan; k++) {
    const i = fromTail ? len - 1 - k : k;
    if (l.get(i) === ele && ++matches >= rank) {
      found.push(i);
      if (limit !== 0 && found.length >= limit) break;
    }
  }
  c.reply.array(found.length);
  for (let k = 0; k < found.length; k++) c.reply.integer(found[k]);
}

// ---------------------------------------------------------------------------------------------
// Moves

/**
 * Pops from `src` and pushes onto `dstKey` (creating it), firing the push event on the destination
 * and then the pop event on the source (Redis's order). Throws WRONGTYPE before changing anything
 * when the destination holds another type.
 */
function moveElement(c: Client, srcKey: string, src: ListValue, dstKey: string, fromHead: boolean, toHead: boolean): string {
  const de = writeKey(c, dstKey, 'list');
  const v = (fromHead ? src.popHead() : src.popTail()) as string;
  const dst = de === undefined ? newList(c, dstKey) : (de.value as ListValue);
  if (toHead) dst.pushHead(v);
  else dst.pushTail(v);
  const e = c.engine;
  e.modified(c.db, dstKey, 'l', toHead ? 'lpush' : 'rpush');
  const emptied = src.length === 0;
  if (emptied) c.db.delete(srcKey);
  e.modified(c.db, srcKey, 'l', fromHead ? 'lpop' : 'rpop');
  if (emptied) e.notify('g', 'del', c.db.id, srcKey);
  e.dirty--; // one change for the whole move, as Redis counts it
  return v;
}

function lmoveGeneric(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean): boolean {
  const e = writeKey(c, src, 'list');
  if (e === undefined) {
    c.reply.null();
    return false;
  }
  c.reply.bulk(moveElement(c, src, e.value as ListValue, dst, fromHead, toHead));
  return true;
}

function lmoveCommand(c: Client, args: string[]): void {
  const fromHead = whereArg(args[3]);
  const toHead = whereArg(args[4]);
  lmoveGeneric(c, args[1], args[2], fromHead, toHead);
}

function rpoplpushCommand(c: Client, args: string[]): void {
  lmoveGeneric(c, args[1], args[2], false, true);
}

/** LMPOP numkeys key... LEFT|RIGHT [COUNT n] and BLMPOP timeout numkeys ... */
function lmpopGeneric(c: Client, args: string[], blocking: boolean): void {
  const { first, end: whereIdx, firstSide: head, count, timeoutAt } = parseMpopArgs(args, blocking, ['LEFT', 'RIGHT'], c.engine.keyspace.now);
  for (let j = first; j < whereIdx; j++) {
    const key = args[j];
    const e = writeKey(c, key, 'list');
    if (e === undefined) continue;
    const n = popRangeWithKey(c, key, e.value as ListValue, head, count);
    c.engine.rewriteAs([head ? 'LPOP' : 'RPOP', key, String(n)]);
    return;
  }
  if (!blocking || !c.mayBlock()) {
    c.reply.nullArray();
    return;
  }
  blockOnLists(c, args[0], args.slice(first, whereIdx), timeoutAt, (key, l, dbId) => {
    const n = count > l.length ? l.length : count;
    c.engine.propagate(dbId, [head ? 'LPOP' : 'RPOP', key, String(n)]);
    popRangeWithKey(c, key, l, head, count);
  });
}

// ---------------------------------------------------------------------------------------------
// Blocking forms

/**
 * Blocks `c` (running command `name`) until one of `keys` holds a list, then `serve` pops from it
 * and replies; a timeout replies a null array.
 */
function blockOnLists(c: Client, name: string, keys: string[], timeoutAt: number, serve: (key: string, l: ListValue, dbId: number) => void): void {
  const db = c.db;
  c.engine.blocking.block(c, {
    db,
    keys,
    timeoutAt,
    cmd: c.engine.registry.lookup(name)!,
    tryServe(key) {
      const e = db.get(key);
      if (e === undefined || e.type !== 'list') return false;
      serve(key, e.value as ListValue, db.id);
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}

function blockingPop(c: Client, args: string[], head: boolean): void {
  const last = args.length - 1;
  const timeoutAt = timeoutArg(c.engine.keyspace.now, args[last]);
  for (let j = 1; j < last; j++) {
    const key = args[j];
    const e = writeKey(c, key, 'list');
    if (e === undefined) continue;
    popOneWithKey(c, key, e.value as ListValue, head);
    c.engine.rewriteAs([head ? 'LPOP' : 'RPOP', key]);
    return;
  }
  if (!c.mayBlock()) {
    c.reply.nullArray();
    return;
  }
  blockOnLists(c, args[0], args.slice(1, last), timeoutAt, (key, l, dbId) => {
    c.engine.propagate(dbId, [head ? 'LPOP' : 'RPOP', key]);
    popOneWithKey(c, key, l, head);
  });
}

function blmoveCommand(c: Client, args: string[]): void {
  const fromHead = whereArg(args[3]);
  const toHead = whereArg(args[4]);
  const timeoutAt = timeoutArg(c.engine.keyspace.now, args[5]);
  blmoveGeneric(c, args, fromHead, toHead, timeoutAt, false);
}

function brpoplpushCommand(c: Client, args: string[]): void {
  const timeoutAt = timeoutArg(c.engine.keyspace.now, args[3]);
  blmoveGeneric(c, args, false, true, timeoutAt, true);
}

function moveForm(src: string, dst: string, fromHead: boolean, toHead: boolean, rpoplpush: boolean): string[] {
  if (rpoplpush) return ['RPOPLPUSH', src, dst];
  return ['LMOVE', src, dst, fromHead ? 'LEFT' : 'RIGHT', toHead ? 'LEFT' : 'RIGHT'];
}

function blmoveGeneric(c: Client, args: string[], fromHead: boolean, toHead: boolean, timeoutAt: number, rpoplpush: boolean): void {
  const src = args[1];
  const dst = args[2];
  if (writeKey(c, src, 'list') !== undefined) {
    if (lmoveGeneric(c, src, dst, fromHead, toHead)) c.engine.rewriteAs(moveForm(src, dst, fromHead, toHead, rpoplpush));
    return;
  }
  if (!c.mayBlock()) {
    // Redis answers a null bulk here, but a null array on a real timeout.
    c.reply.null();
    return;
  }
  blockOnLists(c, args[0], [src], timeoutAt, (key, l, dbId) => {
    let v: string;
    try {
      v = moveElement(c, key, l, dst, fromHead, toHead);
    } catch (err) {
      // A destination of another type: like Redis, the waiter is unblocked with the error.
      if (!(err instanceof CommandError)) throw err;
      c.reply.error(err.reply);
      countError(c.engine, err.reply);
      return;
    }
    c.engine.propagate(dbId, moveForm(key, dst, fromHead, toHead, rpoplpush));
    c.reply.bulk(v);
  });
}
