/**
 * Strings. Values are byte strings; integers are 64-bit exactly as in Redis (BigInt where a double
 * would lose precision).
 */
import type { CommandDef } from './command.ts';
import type { Client } from './client.ts';
import { ArgReader, parseInt64, int64Arg } from './args.ts';
import { Err, fail } from './errors.ts';
import { readKey, writeKey } from './lookup.ts';
import { expireTimeArg } from './expire-args.ts';

export const stringCommands: CommandDef[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Get the value of a key', complexity: 'O(1)', run: getCommand },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Set the string value of a key', complexity: 'O(1)', run: setCommand },
  { name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Set the value of a key, only if the key does not exist', complexity: 'O(1)', run: setnxCommand },
  { name: 'setex', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], group: 'string', since: '2.0.0', summary: 'Set the value and expiration of a key', complexity: 'O(1)', run: (c, a) => setWithTtl(c, a, true) },
  { name: 'psetex', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], group: 'string', since: '2.6.0', summary: 'Set the value and expiration in milliseconds of a key', complexity: 'O(1)', run: (c, a) => setWithTtl(c, a, false) },
  { name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Set the string value of a key and return its old value', complexity: 'O(1)', run: getsetCommand },
  { name: 'getdel', arity: 2, flags: ['write', 'fast'], keys: [1, 1, 1], group: 'string', since: '6.2.0', summary: 'Get the value of a key and delete the key', complexity: 'O(1)', run: getdelCommand },
  { name: 'mget', arity: -2, flags: ['readonly', 'fast'], keys: [1, -1, 1], group: 'string', since: '1.0.0', summary: 'Get the values of all the given keys', complexity: 'O(N) where N is the number of keys to retrieve.', run: mgetCommand },
  { name: 'mset', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 2], group: 'string', since: '1.0.1', summary: 'Set multiple keys to multiple values', complexity: 'O(N) where N is the number of keys to set.', run: (c, a) => msetGeneric(c, a, false) },
  { name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 2], group: 'string', since: '1.0.1', summary: 'Set multiple keys to multiple values, only if none of the keys exist', complexity: 'O(N) where N is the number of keys to set.', run: (c, a) => msetGeneric(c, a, true) },
  { name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Increment the integer value of a key by one', complexity: 'O(1)', run: (c, a) => incrBy(c, a[1], 1n) },
  { name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Decrement the integer value of a key by one', complexity: 'O(1)', run: (c, a) => incrBy(c, a[1], -1n) },
  { name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Increment the integer value of a key by the given amount', complexity: 'O(1)', run: (c, a) => incrBy(c, a[1], int64Arg(a[2])) },
  { name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Decrement the integer value of a key by the given number', complexity: 'O(1)', run: decrbyCommand },
  { name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], group: 'string', since: '2.0.0', summary: 'Append a value to a key', complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.', run: appendCommand },
  { name: 'strlen', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], group: 'string', since: '2.2.0', summary: 'Get the length of the value stored in a key', complexity: 'O(1)', run: strlenCommand },
];

function getCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'string');
  if (e === undefined) c.reply.null();
  else c.reply.bulk(e.value);
}

/** Checks a new string length against proto-max-bulk-len (APPEND, SETRANGE). */
export function checkStringLength(c: Client, len: number): void {
  if (len > c.engine.config.int('proto-max-bulk-len')) fail(Err.stringTooLong);
}

const SET_NX = 1;
const SET_XX = 2;
const SET_GET = 4;
const SET_KEEPTTL = 8;
const SET_EX = 16;
const SET_PX = 32;
const SET_EXAT = 64;
const SET_PXAT = 128;
const SET_ANY_EXPIRE = SET_EX | SET_PX | SET_EXAT | SET_PXAT;

function setCommand(c: Client, args: string[]): void {
  const key = args[1];
  const value = args[2];
  let flags = 0;
  let expireArg: string | null = null;
  // Parse all options first (parseExtendedStringArgumentsOrReply), then act.
  for (let i = 3; i < args.length; i++) {
    const opt = args[i].toUpperCase();
    const hasNext = i + 1 < args.length;
    if (opt === 'NX' && (flags & SET_XX) === 0) flags |= SET_NX;
    else if (opt === 'XX' && (flags & SET_NX) === 0) flags |= SET_XX;
    else if (opt === 'GET') flags |= SET_GET;
    else if (opt === 'KEEPTTL' && (flags & SET_ANY_EXPIRE) === 0) flags |= SET_KEEPTTL;
    else if (hasNext && (flags & (SET_ANY_EXPIRE | SET_KEEPTTL)) === 0 && (opt === 'EX' || opt === 'PX' || opt === 'EXAT' || opt === 'PXAT')) {
      flags |= opt === 'EX' ? SET_EX : opt === 'PX' ? SET_PX : opt === 'EXAT' ? SET_EXAT : SET_PXAT;
      expireArg = args[++i];
    } else fail(Err.syntax);
  }
  const now = c.engine.keyspace.now;
  let expireAt = 0;
  if (expireArg !== null) {
    expireAt = expireTimeArg('set', expireArg, (flags & (SET_EX | SET_EXAT)) !== 0, (flags & (SET_EX | SET_PX)) !== 0, now);
  }
  const old = (flags & SET_GET) !== 0 ? readKey(c, key, 'string') : c.db.get(key);
  const exists = old !== undefined;
  if (((flags & SET_NX) !== 0 && exists) || ((flags & SET_XX) !== 0 && !exists)) {
    if ((flags & SET_GET) !== 0) c.reply.null();
    else c.reply.null();
    return;
  }
  const keepTtl = (flags & SET_KEEPTTL) !== 0 && old !== undefined ? old.expireAt : 0;
  c.db.set(key, 'string', value, expireArg !== null ? expireAt : keepTtl);
  c.engine.modified(c.db, key, '$', 'set');
  if (expireArg !== null) {
    c.engine.notify('g', 'expire', c.db.id, key);
    // Propagate relative expiries as absolute times, so replicas and the AOF agree.
    if ((flags & (SET_EX | SET_PX | SET_EXAT)) !== 0) {
      const out = args.slice(0, 3);
      if ((flags & SET_NX) !== 0) out.push('NX');
      if ((flags & SET_XX) !== 0) out.push('XX');
      if ((flags & SET_GET) !== 0) out.push('GET');
      out.push('PXAT', String(expireAt));
      c.engine.rewriteAs(out);
    }
  }
  if ((flags & SET_GET) !== 0) {
    if (old === undefined) c.reply.null();
    else c.reply.bulk(old.value);
  } else c.reply.simple('OK');
}

function setnxCommand(c: Client, args: string[]): void {
  if (c.db.get(args[1]) !== undefined) {
    c.reply.integer(0);
    return;
  }
  c.db.set(args[1], 'string', args[2]);
  c.engine.modified(c.db, args[1], '$', 'set');
  c.reply.integer(1);
}

function setWithTtl(c: Client, args: string[], seconds: boolean): void {
  const name = seconds ? 'setex' : 'psetex';
  const at = expireTimeArg(name, args[2], seconds, true, c.engine.keyspace.now);
  c.db.set(args[1], 'string', args[3], at);
  c.engine.modified(c.db, args[1], '$', 'set');
  c.engine.notify('g', 'expire', c.db.id, args[1]);
  c.engine.rewriteAs(['SET', args[1], args[3], 'PXAT', String(at)]);
  c.reply.simple('OK');
}

function getsetCommand(c: Client, args: string[]): void {
  const old = readKey(c, args[1], 'string');
  c.db.set(args[1], 'string', args[2]);
  c.engine.modified(c.db, args[1], '$', 'set');
  if (old === undefined) c.reply.null();
  else c.reply.bulk(old.value);
}

function getdelCommand(c: Client, args: string[]): void {
  const old = readKey(c, args[1], 'string');
  if (old === undefined) {
    c.reply.null();
    return;
  }
  c.db.delete(args[1]);
  c.engine.modified(c.db, args[1], 'g', 'del');
  c.engine.rewriteAs(['DEL', args[1]]);
  c.reply.bulk(old.value);
}

function mgetCommand(c: Client, args: string[]): void {
  c.reply.array(args.length - 1);
  for (let i = 1; i < args.length; i++) {
    const e = c.db.get(args[i]);
    if (e === undefined) {
      c.engine.stats.keyspaceMisses++;
      c.reply.null();
    } else {
      c.engine.stats.keyspaceHits++;
      if (e.type === 'string') c.reply.bulk(e.value);
      else c.reply.null();
    }
  }
}

function msetGeneric(c: Client, args: string[], nx: boolean): void {
  if (args.length % 2 === 0) fail(Err.wrongArity(nx ? 'msetnx' : 'mset'));
  if (nx) {
    for (let i = 1; i < args.length; i += 2) {
      if (c.db.get(args[i]) !== undefined) {
        c.reply.integer(0);
        return;
      }
    }
  }
  for (let i = 1; i < args.length; i += 2) {
    c.db.set(args[i], 'string', args[i + 1]);
    c.engine.modified(c.db, args[i], '$', 'set');
  }
  if (nx) c.reply.integer(1);
  else c.reply.simple('OK');
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function decrbyCommand(c: Client, args: string[]): void {
  const v = int64Arg(args[2]);
  if (v === INT64_MIN) fail('ERR decrement would overflow');
  incrBy(c, args[1], -v);
}

function incrBy(c: Client, key: string, by: bigint): void {
  const e = writeKey(c, key, 'string');
  let cur = 0n;
  if (e !== undefined) {
    const v = parseInt64(e.value);
    if (v === null) fail(Err.notInteger);
    cur = v;
  }
  const next = cur + by;
  if (next > INT64_MAX || next < INT64_MIN) fail(Err.overflow);
  const s = next.toString();
  if (e !== undefined) e.value = s;
  else c.db.set(key, 'string', s);
  c.engine.modified(c.db, key, '$', 'incrby');
  c.reply.integer(next);
}

function appendCommand(c: Client, args: string[]): void {
  const e = writeKey(c, args[1], 'string');
  let len: number;
  if (e === undefined) {
    c.db.set(args[1], 'string', args[2]);
    len = args[2].length;
  } else {
    len = e.value.length + args[2].length;
    checkStringLength(c, len);
    e.value = e.value + args[2];
  }
  c.engine.modified(c.db, args[1], '$', 'append');
  c.reply.integer(len);
}

function strlenCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'string');
  c.reply.integer(e === undefined ? 0 : e.value.length);
}

void ArgReader;
