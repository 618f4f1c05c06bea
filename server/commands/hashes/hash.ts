/**
 * Hashes. The value is a HashValue (store/hash-value.ts); its encoding follows Redis 7.0's
 * listpack → hashtable rule with the thresholds read from the config on each write.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { HashValue } from '../../store/hash-value.ts';
import { sampleDistinct } from '../../store/set-value.ts';
import { parseCursor } from '../../store/slot-map.ts';
import { int64Arg, parseInt64 } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { emptyScan, parseScanArgs, scanReply } from '../shared/scan.ts';
import { globMatch } from '../../lib/glob.ts';
import {
  addLongDouble,
  formatLongDoubleHuman,
  longDoubleFromInteger,
  parseIncrement,
  parseLongDouble,
} from '../shared/long-double.ts';

const W_FAST: CommandDef['flags'] = ['write', 'denyoom', 'fast'];
const R_FAST: CommandDef['flags'] = ['readonly', 'fast'];
const K1: CommandDef['keys'] = [1, 1, 1];

export const hashCommands: CommandDef[] = [
  { name: 'hset', arity: -4, flags: W_FAST, keys: K1, run: hsetCommand },
  { name: 'hsetnx', arity: 4, flags: W_FAST, keys: K1, keySpecFlags: ['RW', 'insert'], run: hsetnxCommand },
  { name: 'hget', arity: 3, flags: R_FAST, keys: K1, run: hgetCommand },
  { name: 'hmget', arity: -3, flags: R_FAST, keys: K1, run: hmgetCommand },
  { name: 'hmset', arity: -4, flags: W_FAST, keys: K1, run: hmsetCommand },
  { name: 'hdel', arity: -3, flags: ['write', 'fast'], keys: K1, keySpecFlags: ['RW', 'delete'], run: hdelCommand },
  { name: 'hlen', arity: 2, flags: R_FAST, keys: K1, keySpecFlags: ['RO'], run: hlenCommand },
  { name: 'hstrlen', arity: 3, flags: R_FAST, keys: K1, keySpecFlags: ['RO'], run: hstrlenCommand },
  { name: 'hexists', arity: 3, flags: R_FAST, keys: K1, keySpecFlags: ['RO'], run: hexistsCommand },
  { name: 'hkeys', arity: 2, flags: ['readonly'], keys: K1, run: (c, a) => hgetallGeneric(c, a, true, false) },
  { name: 'hvals', arity: 2, flags: ['readonly'], keys: K1, run: (c, a) => hgetallGeneric(c, a, false, true) },
  { name: 'hgetall', arity: 2, flags: ['readonly'], keys: K1, run: (c, a) => hgetallGeneric(c, a, true, true) },
  { name: 'hincrby', arity: 4, flags: W_FAST, keys: K1, keySpecFlags: ['RW', 'access', 'update'], run: hincrbyCommand },
  { name: 'hincrbyfloat', arity: 4, flags: W_FAST, keys: K1, keySpecFlags: ['RW', 'access', 'update'], run: hincrbyfloatCommand },
  { name: 'hrandfield', arity: -2, flags: ['readonly'], keys: K1, run: hrandfieldCommand },
  { name: 'hscan', arity: -3, flags: ['readonly'], keys: K1, run: hscanCommand },
];

/** The hash at `key` for writing, created (and stored) when missing; WRONGTYPE otherwise. */
function hashForWrite(c: Client, key: string): HashValue {
  const e = writeKey(c, key, 'hash');
  if (e !== undefined) return e.value as HashValue;
  const h = new HashValue();
  c.db.set(key, 'hash', h);
  return h;
}

function hsetCommand(c: Client, args: string[]): void {
  hsetGeneric(c, args, 'hset');
}

function hmsetCommand(c: Client, args: string[]): void {
  hsetGeneric(c, args, 'hmset');
}

function hsetGeneric(c: Client, args: string[], name: string): void {
  const n = args.length;
  if ((n & 1) === 1) fail(Err.wrongArity(name));
  const key = args[1];
  const h = hashForWrite(c, key);
  const cfg = c.engine.config;
  const maxEntries = cfg.int('hash-max-listpack-entries');
  const maxValue = cfg.int('hash-max-listpack-value');
  let created = 0;
  for (let i = 2; i < n; i += 2) if (h.set(args[i], args[i + 1], maxEntries, maxValue)) created++;
  c.engine.modified(c.db, key, 'h', 'hset');
  // Redis counts one change per pair written.
  c.engine.dirty += (n - 2) / 2 - 1;
  if (name === 'hset') c.reply.integer(created);
  else c.reply.simple('OK');
}

function hsetnxCommand(c: Client, args: string[]): void {
  const key = args[1];
  const h = hashForWrite(c, key);
  if (h.has(args[2])) {
    c.reply.integer(0);
    return;
  }
  const cfg = c.engine.config;
  h.set(args[2], args[3], cfg.int('hash-max-listpack-entries'), cfg.int('hash-max-listpack-value'));
  c.engine.modified(c.db, key, 'h', 'hset');
  c.reply.integer(1);
}

function hgetCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'hash');
  const v = e === undefined ? undefined : (e.value as HashValue).map.get(args[2]);
  if (v === undefined) c.reply.null();
  else c.reply.bulk(v);
}

function hmgetCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'hash');
  const h = e === undefined ? null : (e.value as HashValue);
  c.reply.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const v = h === null ? undefined : h.map.get(args[i]);
    if (v === undefined) c.reply.null();
    else c.reply.bulk(v);
  }
}

function hdelCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = writeKey(c, key, 'hash');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const h = e.value as HashValue;
  let deleted = 0;
  for (let i = 2; i < args.length; i++) {
    if (h.delete(args[i])) {
      deleted++;
      if (h.size === 0) break;
    }
  }
  if (deleted > 0) {
    const emptied = h.size === 0;
    if (emptied) c.db.delete(key);
    c.engine.modified(c.db, key, 'h', 'hdel');
    c.engine.dirty += deleted - 1;
    if (emptied) c.engine.notify('g', 'del', c.db.id, key);
  }
  c.reply.integer(deleted);
}

function hlenCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'hash');
  c.reply.integer(e === undefined ? 0 : (e.value as HashValue).size);
}

function hstrlenCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'hash');
  const v = e === undefined ? undefined : (e.value as HashValue).map.get(args[2]);
  c.reply.integer(v === undefined ? 0 : v.length);
}

function hexistsCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'hash');
  c.reply.integer(e !== undefined && (e.value as HashValue).has(args[2]) ? 1 : 0);
}

/** HKEYS, HVALS, HGETALL: HGETALL answers a map (RESP3), the others a flat array. */
function hgetallGeneric(c: Client, args: string[], keys: boolean, values: boolean): void {
  const e = readKey(c, args[1], 'hash');
  const both = keys && values;
  const n = e === undefined ? 0 : (e.value as HashValue).size;
  if (both) c.reply.map(n);
  else c.reply.array(n);
  if (e === undefined) return;
  const r = c.reply;
  (e.value as HashValue).map.forEach((v, k) => {
    if (keys) r.bulk(k);
    if (values) r.bulk(v);
  });
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function hincrbyCommand(c: Client, args: string[]): void {
  const incr = int64Arg(args[3]);
  const key = args[1];
  const field = args[2];
  const e = writeKey(c, key, 'hash');
  let cur = 0n;
  if (e !== undefined) {
    const s = (e.value as HashValue).map.get(field);
    if (s !== undefined) {
      const v = parseInt64(s);
      if (v === null) fail(Err.hashValueNotInteger);
      cur = v;
    }
  }
  const next = cur + incr;
  if (next > INT64_MAX || next < INT64_MIN) fail(Err.overflow);
  const h = e !== undefined ? (e.value as HashValue) : hashForWrite(c, key);
  const s = next.toString();
  const cfg = c.engine.config;
  h.set(field, s, cfg.int('hash-max-listpack-entries'), cfg.int('hash-max-listpack-value'));
  c.engine.modified(c.db, key, 'h', 'hincrby');
  c.reply.integer(next);
}

function hincrbyfloatCommand(c: Client, args: string[]): void {
  // The increment is checked before the key's type, as Redis does.
  const incr = parseIncrement(args[3]);
  const key = args[1];
  const field = args[2];
  const e = writeKey(c, key, 'hash');
  let cur = longDoubleFromInteger(0);
  if (e !== undefined) {
    const s = (e.value as HashValue).map.get(field);
    if (s !== undefined) {
      const v = parseLongDouble(s);
      if (v === null) fail(Err.hashValueNotFloat);
      cur = v;
    }
  }
  const sum = addLongDouble(cur, incr);
  if (sum.kind !== 0) fail(Err.incrFloatNaN);
  const out = formatLongDoubleHuman(sum);
  const h = e !== undefined ? (e.value as HashValue) : hashForWrite(c, key);
  const cfg = c.engine.config;
  h.set(field, out, cfg.int('hash-max-listpack-entries'), cfg.int('hash-max-listpack-value'));
  c.engine.modified(c.db, key, 'h', 'hincrbyfloat');
  // Replicas and the AOF get the result, so float formatting can never make them diverge.
  c.engine.rewriteAs(['HSET', key, field, out]);
  c.reply.bulk(out);
}

const LONG_MAX_HALF = 4611686018427387903n;

function hrandfieldCommand(c: Client, args: string[]): void {
  if (args.length === 2) {
    const e = readKey(c, args[1], 'hash');
    if (e === undefined) c.reply.null();
    else c.reply.bulk((e.value as HashValue).randomField(c.engine.random)!);
    return;
  }
  const l = parseInt64(args[2]);
  if (l === null) fail(Err.notInteger);
  if (l === INT64_MIN) fail(Err.longRange);
  let withValues = false;
  if (args.length > 4 || (args.length === 4 && args[3].toLowerCase() !== 'withvalues')) fail(Err.syntax);
  if (args.length === 4) {
    withValues = true;
    if (l < -LONG_MAX_HALF || l > LONG_MAX_HALF) fail(Err.valueOutOfRange);
  }
  const e = readKey(c, args[1], 'hash');
  if (e === undefined || l === 0n) {
    c.reply.array(0);
    return;
  }
  const h = e.value as HashValue;
  const size = h.size;
  const r = c.reply;
  // RESP3 answers [field, value] pairs; RESP2 a flat list.
  const pairs = withValues && c.resp === 3;
  const flat = withValues && !pairs;
  if (l < 0n || l === 1n) {
    // Random picks that may repeat, in pick order.
    let count = Number(l < 0n ? -l : l);
    r.array(flat ? count * 2 : count);
    const rand = c.engine.random;
    while (count-- > 0) {
      const f = h.randomField(rand)!;
      if (pairs) r.array(2);
      r.bulk(f);
      if (withValues) r.bulk(h.map.get(f)!);
    }
    return;
  }
  const count = l >= BigInt(size) ? size : Number(l);
  r.array(flat ? count * 2 : count);
  if (count === size) {
    h.map.forEach((v, f) => {
      if (pairs) r.array(2);
      r.bulk(f);
      if (withValues) r.bulk(v);
    });
    return;
  }
  for (const f of sampleDistinct(h.map, count, c.engine.random)) {
    if (pairs) r.array(2);
    r.bulk(f);
    if (withValues) r.bulk(h.map.get(f)!);
  }
}

function hscanCommand(c: Client, args: string[]): void {
  // Cursor first, then the key (a missing key answers before the options are looked at).
  if (parseCursor(args[2]) === null) fail(Err.invalidCursor);
  const e = readKey(c, args[1], 'hash');
  if (e === undefined) {
    emptyScan(c);
    return;
  }
  const opts = parseScanArgs(args, 2, false);
  const h = e.value as HashValue;
  if (!h.isListpack) {
    scanReply(c, h.map, opts, (k, v, out) => {
      out.push(k, v);
    });
    return;
  }
  // A listpack is answered whole in one step, COUNT ignored, as Redis does for small encodings.
  const out: string[] = [];
  const pattern = opts.match;
  const all = pattern === null || pattern === '*';
  h.map.forEach((v, k) => {
    if (all || globMatch(pattern, k)) out.push(k, v);
  });
  c.reply.array(2);
  c.reply.bulk('0');
  c.reply.array(out.length);
  for (let i = 0; i < out.length; i++) c.reply.bulk(out[i]);
}
