/**
 * Sets. The value is a SetValue (store/set-value.ts); its encoding follows Redis 7.0's
 * intset → hashtable rule, and the multi-set commands build their results with the same sequence of
 * adds and removes Redis makes, so a stored result has the encoding Redis would report.
 */
import type { CommandDef, KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Entry } from '../../store/keyspace.ts';
import { SetValue, sampleDistinct } from '../../store/set-value.ts';
import { parseCursor } from '../../store/slot-map.ts';
import { parseInt64, parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { emptyScan, parseScanArgs, scanReply } from '../shared/scan.ts';
import { globMatch } from '../../lib/glob.ts';

const K1: CommandDef['keys'] = [1, 1, 1];
const KALL: CommandDef['keys'] = [1, -1, 1];

/** S*STORE: the destination, then the source keys. */
function storeSpecs(dstFlags: string[]): KeySpec[] {
  return [
    { flags: dstFlags, begin: { index: 1 }, find: { range: [0, 1, 0] } },
    { flags: ['RO', 'access'], begin: { index: 2 }, find: { range: [-1, 1, 0] } },
  ];
}

/** SINTERCARD's keys: numkeys of them after the count (null when the count is unusable). */
function numkeysKeys(argv: readonly string[]): number[] | null {
  const n = parseIntNumber(argv[1] ?? '');
  if (n === null || n < 1 || n > argv.length - 2) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(2 + i);
  return out;
}

const NUMKEYS_SPECS: KeySpec[] = [{ flags: ['RO', 'access'], begin: { index: 1 }, find: { keynum: [0, 1, 1] } }];
const SMOVE_SPECS: KeySpec[] = [
  { flags: ['RW', 'access', 'delete'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
  { flags: ['RW', 'insert'], begin: { index: 2 }, find: { range: [0, 1, 0] } },
];

export const setCommands: CommandDef[] = [
  { name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: K1, keySpecFlags: ['RW', 'insert'], run: saddCommand },
  { name: 'srem', arity: -3, flags: ['write', 'fast'], keys: K1, keySpecFlags: ['RW', 'delete'], run: sremCommand },
  { name: 'smembers', arity: 2, flags: ['readonly'], keys: K1, run: smembersCommand },
  { name: 'sismember', arity: 3, flags: ['readonly', 'fast'], keys: K1, keySpecFlags: ['RO'], run: sismemberCommand },
  { name: 'smismember', arity: -3, flags: ['readonly', 'fast'], keys: K1, run: smismemberCommand },
  { name: 'scard', arity: 2, flags: ['readonly', 'fast'], keys: K1, keySpecFlags: ['RO'], run: scardCommand },
  { name: 'spop', arity: -2, flags: ['write', 'fast'], keys: K1, keySpecFlags: ['RW', 'access', 'delete'], run: spopCommand },
  { name: 'srandmember', arity: -2, flags: ['readonly'], keys: K1, run: srandmemberCommand },
  { name: 'sinter', arity: -2, flags: ['readonly'], keys: KALL, run: (c, a) => sinterGeneric(c, a, 1, a.length, null, false, 0) },
  { name: 'sintercard', arity: -3, flags: ['readonly', 'movablekeys'], keys: [0, 0, 0], keySpecs: NUMKEYS_SPECS, getKeys: numkeysKeys, run: sintercardCommand },
  { name: 'sunion', arity: -2, flags: ['readonly'], keys: KALL, run: (c, a) => sunionDiffGeneric(c, a, 1, null, false) },
  { name: 'sdiff', arity: -2, flags: ['readonly'], keys: KALL, run: (c, a) => sunionDiffGeneric(c, a, 1, null, true) },
  { name: 'sinterstore', arity: -3, flags: ['write', 'denyoom'], keys: KALL, keySpecs: storeSpecs(['RW', 'update']), run: (c, a) => sinterGeneric(c, a, 2, a.length, a[1], false, 0) },
  { name: 'sunionstore', arity: -3, flags: ['write', 'denyoom'], keys: KALL, keySpecs: storeSpecs(['OW', 'update']), run: (c, a) => sunionDiffGeneric(c, a, 2, a[1], false) },
  { name: 'sdiffstore', arity: -3, flags: ['write', 'denyoom'], keys: KALL, keySpecs: storeSpecs(['OW', 'update']), run: (c, a) => sunionDiffGeneric(c, a, 2, a[1], true) },
  { name: 'smove', arity: 4, flags: ['write', 'fast'], keys: [1, 2, 1], keySpecs: SMOVE_SPECS, run: smoveCommand },
  { name: 'sscan', arity: -3, flags: ['readonly'], keys: K1, run: sscanCommand },
];

function maxIntset(c: Client): number {
  return c.engine.config.int('set-max-intset-entries');
}

function saddCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = writeKey(c, key, 'set');
  let s: SetValue;
  if (e === undefined) {
    s = new SetValue();
    c.db.set(key, 'set', s);
  } else s = e.value as SetValue;
  const max = maxIntset(c);
  let added = 0;
  for (let i = 2; i < args.length; i++) if (s.add(args[i], max)) added++;
  if (added > 0) {
    c.engine.modified(c.db, key, 's', 'sadd');
    c.engine.dirty += added - 1;
  }
  c.reply.integer(added);
}

function sremCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = writeKey(c, key, 'set');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const s = e.value as SetValue;
  let removed = 0;
  for (let i = 2; i < args.length; i++) {
    if (s.remove(args[i])) {
      removed++;
      if (s.size === 0) break;
    }
  }
  if (removed > 0) {
    c.engine.dirty += removed - 1;
    changedMaybeEmptied(c, key, s, 'srem');
  }
  c.reply.integer(removed);
}

/** The write path for a set that lost members: its event, then deletion and 'del' if now empty. */
function changedMaybeEmptied(c: Client, key: string, s: SetValue, event: string): void {
  const emptied = s.size === 0;
  if (emptied) c.db.delete(key);
  c.engine.modified(c.db, key, 's', event);
  if (emptied) c.engine.notify('g', 'del', c.db.id, key);
}

function replyMembers(c: Client, s: SetValue): void {
  const r = c.reply;
  r.set(s.size);
  for (const m of s.members()) r.bulk(m);
}

function smembersCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'set');
  if (e === undefined) c.reply.set(0);
  else replyMembers(c, e.value as SetValue);
}

function sismemberCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'set');
  c.reply.integer(e !== undefined && (e.value as SetValue).has(args[2]) ? 1 : 0);
}

function smismemberCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'set');
  const s = e === undefined ? null : (e.value as SetValue);
  c.reply.array(args.length - 2);
  for (let i = 2; i < args.length; i++) c.reply.integer(s !== null && s.has(args[i]) ? 1 : 0);
}

function scardCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'set');
  c.reply.integer(e === undefined ? 0 : (e.value as SetValue).size);
}

function spopCommand(c: Client, args: string[]): void {
  if (args.length === 3) {
    spopWithCount(c, args);
    return;
  }
  if (args.length > 3) fail(Err.syntax);
  const key = args[1];
  const e = writeKey(c, key, 'set');
  if (e === undefined) {
    c.reply.null();
    return;
  }
  const s = e.value as SetValue;
  const m = s.random(c.engine.random)!;
  s.remove(m);
  changedMaybeEmptied(c, key, s, 'spop');
  c.engine.rewriteAs(['SREM', key, m]);
  c.reply.bulk(m);
}

/** Redis's SPOP_MOVE_STRATEGY_MUL: when few members stay, rebuild from them instead. */
const SPOP_MOVE_STRATEGY_MUL = 5;

function spopWithCount(c: Client, args: string[]): void {
  const count = parseIntNumber(args[2]);
  if (count === null || count < 0) fail(Err.countPositive);
  const key = args[1];
  const e = writeKey(c, key, 'set');
  if (e === undefined || count === 0) {
    c.reply.set(0);
    return;
  }
  const s = e.value as SetValue;
  const size = s.size;
  const r = c.reply;
  if (count >= size) {
    // Redis answers this case through SUNION's read lookup, which counts a keyspace hit.
    c.engine.stats.keyspaceHits++;
    replyMembers(c, s);
    c.db.delete(key);
    c.engine.modified(c.db, key, 's', 'spop');
    c.engine.dirty += count - 1;
    c.engine.notify('g', 'del', c.db.id, key);
    c.engine.rewriteAs(['DEL', key]);
    return;
  }
  const rand = c.engine.random;
  const remaining = size - count;
  const props: string[][] = [];
  r.set(count);
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    for (let i = 0; i < count; i++) {
      const m = s.random(rand)!;
      s.remove(m);
      r.bulk(m);
      props.push(['SREM', key, m]);
    }
  } else {
    // Most members go: move the few that stay into a fresh set (whose encoding is recomputed, so a
    // hashtable of integers can become an intset again, as in Redis) and answer the old set.
    const keep = new SetValue();
    const max = maxIntset(c);
    for (let i = 0; i < remaining; i++) {
      const m = s.random(rand)!;
      keep.add(m, max);
      s.remove(m);
    }
    for (const m of s.members()) {
      r.bulk(m);
      props.push(['SREM', key, m]);
    }
    e.value = keep;
  }
  c.engine.modified(c.db, key, 's', 'spop');
  c.engine.dirty += count - 1;
  c.engine.rewriteAs(...props);
}

function srandmemberCommand(c: Client, args: string[]): void {
  if (args.length === 2) {
    const e = readKey(c, args[1], 'set');
    if (e === undefined) c.reply.null();
    else c.reply.bulk((e.value as SetValue).random(c.engine.random)!);
    return;
  }
  if (args.length > 3) fail(Err.syntax);
  const l = parseInt64(args[2]);
  if (l === null) fail(Err.notInteger);
  if (l === -9223372036854775808n) fail(Err.longRange);
  const e = readKey(c, args[1], 'set');
  if (e === undefined || l === 0n) {
    c.reply.array(0);
    return;
  }
  const s = e.value as SetValue;
  const r = c.reply;
  const rand = c.engine.random;
  if (l < 0n || l === 1n) {
    // Picks that may repeat, in pick order.
    let count = Number(l < 0n ? -l : l);
    r.array(count);
    while (count-- > 0) r.bulk(s.random(rand)!);
    return;
  }
  const size = s.size;
  if (l >= BigInt(size)) {
    r.array(size);
    for (const m of s.members()) r.bulk(m);
    return;
  }
  const picked = sampleDistinct(s.map, Number(l), rand);
  r.array(picked.length);
  for (let i = 0; i < picked.length; i++) r.bulk(picked[i]);
}

/** Looks up the sets named by args[from..to) for reading: null for a missing key, WRONGTYPE first. */
function readSets(c: Client, args: string[], from: number, to: number): (SetValue | null)[] {
  const sets: (SetValue | null)[] = [];
  for (let i = from; i < to; i++) {
    const e = readKey(c, args[i], 'set');
    sets.push(e === undefined ? null : (e.value as SetValue));
  }
  return sets;
}

/** Stores a computed result at `dst` (deleting `dst` when empty) and answers its size. */
function storeResult(c: Client, dst: string, result: SetValue, event: string): void {
  if (result.size > 0) {
    c.db.set(dst, 'set', result);
    c.engine.modified(c.db, dst, 's', event);
    c.reply.integer(result.size);
    return;
  }
  if (c.db.delete(dst)) c.engine.modified(c.db, dst, 'g', 'del');
  c.reply.integer(0);
}

/**
 * SINTER, SINTERSTORE, SINTERCARD over the keys args[from..to). Walks the smallest set in its
 * iteration order (so an intset answers in ascending order) and probes the others.
 */
function sinterGeneric(
  c: Client,
  args: string[],
  from: number,
  to: number,
  dst: string | null,
  cardOnly: boolean,
  limit: number,
): void {
  const sets = readSets(c, args, from, to);
  if (sets.indexOf(null) >= 0) {
    if (dst !== null) storeResult(c, dst, new SetValue(), 'sinterstore');
    else if (cardOnly) c.reply.integer(0);
    else c.reply.set(0);
    return;
  }
  const live = sets as SetValue[];
  // Stable, like glibc's qsort on these small arrays: equal sizes keep the argument order.
  live.sort((a, b) => a.size - b.size);
  const first = live[0];
  const n = live.length;
  const max = dst !== null ? maxIntset(c) : 0;
  const result = dst !== null ? new SetValue() : null;
  const out: string[] = [];
  let card = 0;
  for (const m of first.members()) {
    let j = 1;
    for (; j < n; j++) {
      const other = live[j];
      if (other !== first && !other.has(m)) break;
    }
    if (j < n) continue;
    if (cardOnly) {
      card++;
      if (limit !== 0 && card >= limit) break;
    } else if (result !== null) result.add(m, max);
    else out.push(m);
  }
  if (cardOnly) c.reply.integer(card);
  else if (result !== null) storeResult(c, dst!, result, 'sinterstore');
  else {
    c.reply.set(out.length);
    for (let i = 0; i < out.length; i++) c.reply.bulk(out[i]);
  }
}

function sintercardCommand(c: Client, args: string[]): void {
  const numkeys = parseIntNumber(args[1]);
  if (numkeys === null || numkeys < 1) fail(Err.numkeysPositive);
  if (numkeys > args.length - 2) fail(Err.tooManyNumkeys);
  let limit = 0;
  for (let j = 2 + numkeys; j < args.length; j++) {
    if (args[j].toUpperCase() === 'LIMIT' && j + 1 < args.length) {
      const v = parseIntNumber(args[++j]);
      if (v === null || v < 0) fail(Err.limitNegative);
      limit = v;
    } else fail(Err.syntax);
  }
  sinterGeneric(c, args, 2, 2 + numkeys, null, true, limit);
}

/**
 * SUNION, SDIFF and their STORE forms over args[from..]. The result is built with Redis's sequence
 * of adds (and, for DIFF's second algorithm, removes), which decides its encoding.
 */
function sunionDiffGeneric(c: Client, args: string[], from: number, dst: string | null, diff: boolean): void {
  const sets = readSets(c, args, from, args.length);
  const first = sets[0];
  let sameSet = false;
  for (let j = 1; j < sets.length; j++) if (first !== null && sets[j] === first) sameSet = true;
  const max = maxIntset(c);
  const result = new SetValue();
  if (!diff) {
    for (const s of sets) {
      if (s === null) continue;
      for (const m of s.members()) result.add(m, max);
    }
  } else if (first !== null && !sameSet) {
    // Redis's cost model picks between probing every other set per member of the first (1) and
    // copying the first then removing the others' members (2).
    let work1 = 0;
    let work2 = 0;
    for (const s of sets) {
      if (s === null) continue;
      work1 += first.size;
      work2 += s.size;
    }
    work1 = Math.floor(work1 / 2);
    if (work1 <= work2) {
      for (const m of first.members()) {
        let j = 1;
        for (; j < sets.length; j++) {
          const s = sets[j];
          if (s !== null && s.has(m)) break;
        }
        if (j === sets.length) result.add(m, max);
      }
    } else {
      for (let j = 0; j < sets.length; j++) {
        const s = sets[j];
        if (s === null) continue;
        for (const m of s.members()) {
          if (j === 0) result.add(m, max);
          else result.remove(m);
        }
        if (result.size === 0) break;
      }
    }
  }
  if (dst !== null) {
    storeResult(c, dst, result, diff ? 'sdiffstore' : 'sunionstore');
    return;
  }
  replyMembers(c, result);
}

function smoveCommand(c: Client, args: string[]): void {
  const srcKey = args[1];
  const dstKey = args[2];
  const m = args[3];
  const se = c.db.get(srcKey);
  const de: Entry | undefined = c.db.get(dstKey);
  if (se === undefined) {
    c.reply.integer(0);
    return;
  }
  if (se.type !== 'set' || (de !== undefined && de.type !== 'set')) fail(Err.wrongType);
  const src = se.value as SetValue;
  if (se === de) {
    c.reply.integer(src.has(m) ? 1 : 0);
    return;
  }
  if (!src.remove(m)) {
    c.reply.integer(0);
    return;
  }
  changedMaybeEmptied(c, srcKey, src, 'srem');
  let dst: SetValue;
  if (de === undefined) {
    dst = new SetValue();
    c.db.set(dstKey, 'set', dst);
  } else dst = de.value as SetValue;
  if (dst.add(m, maxIntset(c))) c.engine.modified(c.db, dstKey, 's', 'sadd');
  c.reply.integer(1);
}

function sscanCommand(c: Client, args: string[]): void {
  // Cursor first, then the key (a missing key answers before the options are looked at).
  if (parseCursor(args[2]) === null) fail(Err.invalidCursor);
  const e = readKey(c, args[1], 'set');
  if (e === undefined) {
    emptyScan(c);
    return;
  }
  const opts = parseScanArgs(args, 2, false);
  const s = e.value as SetValue;
  if (!s.isIntset) {
    scanReply(c, s.map, opts, (k, _v, out) => {
      out.push(k);
    });
    return;
  }
  // An intset is answered whole in one step, in ascending order, COUNT ignored (as Redis does).
  const out: string[] = [];
  const pattern = opts.match;
  const all = pattern === null || pattern === '*';
  for (const m of s.members()) if (all || globMatch(pattern, m)) out.push(m);
  c.reply.array(2);
  c.reply.bulk('0');
  c.reply.array(out.length);
  for (let i = 0; i < out.length; i++) c.reply.bulk(out[i]);
}
