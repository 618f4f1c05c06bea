/**
 * Strings. Values are byte strings; integers are 64-bit exactly as in Redis (BigInt where a double
 * would lose precision). Counters live in string-incr.ts, ranges and LCS in string-range.ts.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Entry } from '../../store/keyspace.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { expireTimeArg } from './expire-args.ts';
import { incrCommand, decrCommand, incrbyCommand, decrbyCommand, incrbyfloatCommand } from './string-incr.ts';
import { getrangeCommand, setrangeCommand, lcsCommand, checkStringLength } from './string-range.ts';

export const stringCommands: CommandDef[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], run: getCommand },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], keys: [1, 1, 1], run: setCommand },
  { name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: setnxCommand },
  { name: 'setex', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], run: setexCommand },
  { name: 'psetex', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], run: psetexCommand },
  { name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: getsetCommand },
  { name: 'getdel', arity: 2, flags: ['write', 'fast'], keys: [1, 1, 1], run: getdelCommand },
  { name: 'getex', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], run: getexCommand },
  { name: 'mget', arity: -2, flags: ['readonly', 'fast'], keys: [1, -1, 1], run: mgetCommand },
  { name: 'mset', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 2], run: msetCommand },
  { name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 2], run: msetnxCommand },
  { name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: incrCommand },
  { name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: decrCommand },
  { name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: incrbyCommand },
  { name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: decrbyCommand },
  { name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: incrbyfloatCommand },
  { name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], run: appendCommand },
  { name: 'strlen', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], run: strlenCommand },
  { name: 'getrange', arity: 4, flags: ['readonly'], keys: [1, 1, 1], run: getrangeCommand },
  { name: 'substr', arity: 4, flags: ['readonly'], keys: [1, 1, 1], run: getrangeCommand },
  { name: 'setrange', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], run: setrangeCommand },
  { name: 'lcs', arity: -3, flags: ['readonly'], keys: [1, 2, 1], run: lcsCommand },
];

export { checkStringLength } from './string-range.ts';

function getCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'string');
  if (e === undefined) c.reply.null();
  else c.reply.bulk(e.value);
}

// parseExtendedStringArgumentsOrReply flags. Repeating an option is allowed (the last EX wins);
// only conflicting combinations are syntax errors.
const OPT_NX = 1;
const OPT_XX = 2;
const OPT_GET = 4;
const OPT_KEEPTTL = 8;
const OPT_EX = 16;
const OPT_PX = 32;
const OPT_EXAT = 64;
const OPT_PXAT = 128;
const OPT_PERSIST = 256;

interface ExtendedArgs {
  flags: number;
  expire: string | null;
}

/**
 * The option parser SET (from argv[3]) and GETEX (from argv[2]) share, with Redis's exact rules:
 * which options each command takes and which combinations conflict.
 */
function parseExtendedArgs(args: string[], forSet: boolean): ExtendedArgs {
  let flags = 0;
  let expire: string | null = null;
  for (let j = forSet ? 3 : 2; j < args.length; j++) {
    const opt = args[j].toUpperCase();
    const hasNext = j < args.length - 1;
    if (forSet && opt === 'NX' && (flags & OPT_XX) === 0) flags |= OPT_NX;
    else if (forSet && opt === 'XX' && (flags & OPT_NX) === 0) flags |= OPT_XX;
    else if (forSet && opt === 'GET') flags |= OPT_GET;
    else if (forSet && opt === 'KEEPTTL' && (flags & (OPT_PERSIST | OPT_EX | OPT_EXAT | OPT_PX | OPT_PXAT)) === 0) flags |= OPT_KEEPTTL;
    else if (!forSet && opt === 'PERSIST' && (flags & (OPT_EX | OPT_EXAT | OPT_PX | OPT_PXAT | OPT_KEEPTTL)) === 0) flags |= OPT_PERSIST;
    else if (opt === 'EX' && hasNext && (flags & (OPT_KEEPTTL | OPT_PERSIST | OPT_EXAT | OPT_PX | OPT_PXAT)) === 0) {
      flags |= OPT_EX;
      expire = args[++j];
    } else if (opt === 'PX' && hasNext && (flags & (OPT_KEEPTTL | OPT_PERSIST | OPT_EX | OPT_EXAT | OPT_PXAT)) === 0) {
      flags |= OPT_PX;
      expire = args[++j];
    } else if (opt === 'EXAT' && hasNext && (flags & (OPT_KEEPTTL | OPT_PERSIST | OPT_EX | OPT_PX | OPT_PXAT)) === 0) {
      flags |= OPT_EXAT;
      expire = args[++j];
    } else if (opt === 'PXAT' && hasNext && (flags & (OPT_KEEPTTL | OPT_PERSIST | OPT_EX | OPT_EXAT | OPT_PX)) === 0) {
      flags |= OPT_PXAT;
      expire = args[++j];
    } else fail(Err.syntax);
  }
  return { flags, expire };
}

/** getExpireMillisecondsOrReply for the parsed options. */
function expireAtFor(c: Client, name: string, a: ExtendedArgs): number {
  const f = a.flags;
  return expireTimeArg(name, a.expire!, (f & (OPT_EX | OPT_EXAT)) !== 0, (f & (OPT_EX | OPT_PX)) !== 0, c.engine.keyspace.now);
}

function setCommand(c: Client, args: string[]): void {
  const key = args[1];
  const value = args[2];
  let flags = 0;
  let expire: string | null = null;
  if (args.length > 3) {
    const a = parseExtendedArgs(args, true);
    flags = a.flags;
    expire = a.expire;
  }
  // The expire time is checked before GET looks at the key (a bad EX beats WRONGTYPE).
  const expireAt = expire !== null ? expireAtFor(c, 'set', { flags, expire }) : 0;
  const get = (flags & OPT_GET) !== 0;
  let old: Entry | undefined;
  if (get) {
    // GET replies the old value first, even when NX/XX then stops the write.
    old = readKey(c, key, 'string');
    if (old === undefined) c.reply.null();
    else c.reply.bulk(old.value);
  } else {
    old = c.db.get(key);
  }
  if (((flags & OPT_NX) !== 0 && old !== undefined) || ((flags & OPT_XX) !== 0 && old === undefined)) {
    if (!get) c.reply.null();
    return;
  }
  const keep = (flags & OPT_KEEPTTL) !== 0 && old !== undefined ? old.expireAt : 0;
  c.db.set(key, 'string', value, expire !== null ? expireAt : keep);
  c.engine.modified(c.db, key, '$', 'set');
  if (expire !== null) {
    // Relative or second-based expiries propagate as an absolute PXAT, without NX/XX/GET.
    if ((flags & OPT_PXAT) === 0) c.engine.rewriteAs(['SET', key, value, 'PXAT', String(expireAt)]);
    c.engine.notify('g', 'expire', c.db.id, key);
  } else if (get) {
    c.engine.rewriteAs(withoutGet(args));
  }
  if (!get) c.reply.simple('OK');
}

/** SET's argv without its GET options (they may repeat), for propagation. */
function withoutGet(args: string[]): string[] {
  const out: string[] = [];
  for (let j = 0; j < args.length; j++) {
    const a = args[j];
    if (j >= 3 && a.length === 3 && a.toUpperCase() === 'GET') continue;
    out.push(a);
  }
  return out;
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

function setexCommand(c: Client, args: string[]): void {
  setWithTtl(c, args, 'setex', true);
}

function psetexCommand(c: Client, args: string[]): void {
  setWithTtl(c, args, 'psetex', false);
}

function setWithTtl(c: Client, args: string[], name: string, seconds: boolean): void {
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
  c.engine.rewriteAs(['SET', args[1], args[2]]);
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

function getexCommand(c: Client, args: string[]): void {
  const key = args[1];
  const a = parseExtendedArgs(args, false);
  // Key and type come before the expire value: GETEX on a missing key with a bad EX replies nil.
  const e = readKey(c, key, 'string');
  if (e === undefined) {
    c.reply.null();
    return;
  }
  const expireAt = a.expire !== null ? expireAtFor(c, 'getex', a) : 0;
  c.reply.bulk(e.value);
  const db = c.db;
  if ((a.flags & (OPT_EXAT | OPT_PXAT)) !== 0 && expireAt <= c.engine.keyspace.now && !c.engine.loading) {
    // An absolute time already in the past deletes the key now.
    db.delete(key);
    const lazy = c.engine.config.def('lazyfree-lazy-expire') !== undefined && c.engine.config.bool('lazyfree-lazy-expire');
    c.engine.rewriteAs([lazy ? 'UNLINK' : 'DEL', key]);
    c.engine.modified(db, key, 'g', 'del');
  } else if (a.expire !== null) {
    db.setExpire(key, e, expireAt);
    c.engine.rewriteAs(['PEXPIREAT', key, String(expireAt)]);
    c.engine.modified(db, key, 'g', 'expire');
  } else if ((a.flags & OPT_PERSIST) !== 0) {
    if (e.expireAt !== 0) {
      db.setExpire(key, e, 0);
      c.engine.rewriteAs(['PERSIST', key]);
      c.engine.modified(db, key, 'g', 'persist');
    }
  }
}

function mgetCommand(c: Client, args: string[]): void {
  const stats = c.engine.stats;
  const notify = c.engine.notifyListeners.length > 0;
  c.reply.array(args.length - 1);
  for (let i = 1; i < args.length; i++) {
    const e = c.db.get(args[i]);
    if (e === undefined) {
      stats.keyspaceMisses++;
      if (notify) c.engine.notify('m', 'keymiss', c.db.id, args[i]);
      c.reply.null();
    } else {
      stats.keyspaceHits++;
      if (e.type === 'string') c.reply.bulk(e.value);
      else c.reply.null();
    }
  }
}

function msetCommand(c: Client, args: string[]): void {
  if (args.length % 2 === 0) fail(Err.wrongArity('mset'));
  for (let i = 1; i < args.length; i += 2) {
    c.db.set(args[i], 'string', args[i + 1]);
    c.engine.modified(c.db, args[i], '$', 'set');
  }
  c.reply.simple('OK');
}

function msetnxCommand(c: Client, args: string[]): void {
  if (args.length % 2 === 0) fail(Err.wrongArity('msetnx'));
  for (let i = 1; i < args.length; i += 2) {
    if (c.db.get(args[i]) !== undefined) {
      c.reply.integer(0);
      return;
    }
  }
  for (let i = 1; i < args.length; i += 2) {
    c.db.set(args[i], 'string', args[i + 1]);
    c.engine.modified(c.db, args[i], '$', 'set');
  }
  c.reply.integer(1);
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
    e.enc = 'raw'; // Redis appends in place to a raw sds
  }
  c.engine.modified(c.db, args[1], '$', 'append');
  c.reply.integer(len);
}

function strlenCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'string');
  c.reply.integer(e === undefined ? 0 : e.value.length);
}
