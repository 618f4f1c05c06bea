/**
 * Sorted sets, the core commands (Redis 7.0's t_zset.c): ZADD/ZINCRBY with every option, the
 * point reads (ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCARD, ZCOUNT, ZLEXCOUNT), ZREM, ZSCAN and
 * ZRANDMEMBER. The pops (ZPOPMIN/MAX, ZMPOP and the blocking forms) live in zset-pop.ts; ranges
 * in zset-range.ts, the algebra in zset-ops.ts.
 *
 * ZADD, ZINCRBY, ZSCORE and ZREVRANK are hot paths (leaderboards): a single-pair ZADD parses its
 * score without regexes for plain numbers and allocates nothing but the reply.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { SortedSet } from '../../store/zset.ts';
import { parseCursor } from '../../store/slot-map.ts';
import { doubleArg, parseInt64 } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { emptyScan, parseScanArgs } from '../shared/scan.ts';
import { globMatch } from '../../lib/glob.ts';
import { formatDouble } from '../../lib/format.ts';
import { ZErr, parseLexRange, parseScoreRange } from './zset-common.ts';
import { membersRemoved, zsetPopCommands } from './zset-pop.ts';

const K1: CommandDef['keys'] = [1, 1, 1];
const RO = ['RO'];

export const zsetCommands: CommandDef[] = [
  { name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: K1, run: (c, a) => zaddGeneric(c, a, 0) },
  { name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: K1, keySpecFlags: ['RW', 'access', 'update'], run: (c, a) => zaddGeneric(c, a, INCR) },
  { name: 'zrem', arity: -3, flags: ['write', 'fast'], keys: K1, keySpecFlags: ['RW', 'delete'], run: zremCommand },
  { name: 'zcard', arity: 2, flags: ['readonly', 'fast'], keys: K1, keySpecFlags: RO, run: zcardCommand },
  { name: 'zscore', arity: 3, flags: ['readonly', 'fast'], keys: K1, run: zscoreCommand },
  { name: 'zmscore', arity: -3, flags: ['readonly', 'fast'], keys: K1, run: zmscoreCommand },
  // Arity -3 (Redis 7.2's) so that WITHSCORE gets through; any other extra argument is refused with
  // 7.0's arity error (see zrankGeneric).
  { name: 'zrank', arity: -3, flags: ['readonly', 'fast'], keys: K1, run: (c, a) => zrankGeneric(c, a, false) },
  { name: 'zrevrank', arity: -3, flags: ['readonly', 'fast'], keys: K1, run: (c, a) => zrankGeneric(c, a, true) },
  { name: 'zcount', arity: 4, flags: ['readonly', 'fast'], keys: K1, run: zcountCommand },
  { name: 'zlexcount', arity: 4, flags: ['readonly', 'fast'], keys: K1, run: zlexcountCommand },
  { name: 'zscan', arity: -3, flags: ['readonly'], keys: K1, run: zscanCommand },
  { name: 'zrandmember', arity: -2, flags: ['readonly'], keys: K1, run: zrandmemberCommand },
  ...zsetPopCommands,
];

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;
const INCR = 16;
const CH = 32;

/** A ZADD option word's bit, or 0 (the first non-option ends the options, as in Redis). */
function zaddFlag(s: string): number {
  const n = s.length;
  if (n < 2 || n > 4) return 0;
  const c0 = s.charCodeAt(0) | 0x20;
  // Scores start with a digit, a sign, a dot or "inf": only letters of an option word go on.
  if (c0 !== 110 && c0 !== 120 && c0 !== 99 && c0 !== 105 && c0 !== 103 && c0 !== 108) return 0;
  const l = s.toLowerCase();
  if (l === 'nx') return NX;
  if (l === 'xx') return XX;
  if (l === 'ch') return CH;
  if (l === 'incr') return INCR;
  if (l === 'gt') return GT;
  if (l === 'lt') return LT;
  return 0;
}

/**
 * getDoubleFromObject for a score: plain decimal integers (the common case) are read directly,
 * anything else goes through the full strtod rules.
 */
function scoreArg(s: string): number {
  const n = s.length;
  if (n > 0 && n <= 15) {
    let i = 0;
    let neg = false;
    const c0 = s.charCodeAt(0);
    if (c0 === 45 || c0 === 43) {
      neg = c0 === 45;
      i = 1;
    }
    if (i < n) {
      let v = 0;
      for (; i < n; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      // "-0" is -0, as strtod reads it.
      if (i === n) return neg ? -v : v;
    }
  }
  return doubleArg(s);
}

// What the last zaddOne() did (module state: no result object per call).
const ADDED = 1;
const UPDATED = 2;
const NOP = 3;
const SAME = 4;
let newScore = 0;

/**
 * zsetAdd: applies one score-member pair under the flags; returns ADDED, UPDATED, SAME (processed,
 * score unchanged) or NOP, leaving the resulting score in newScore. A listpack-encoded set stores
 * scores as text, where "-0" reads back as the integer 0: so does it here, unless this very add
 * turns the set into a skiplist (Redis converts first, then inserts the score as it is).
 */
function zaddOne(c: Client, z: SortedSet, m: string, score: number, flags: number): number {
  if ((flags & (NX | XX | GT | LT | INCR)) === 0 && z.encoding() === 'skiplist') {
    // A plain upsert on a big set: one member lookup instead of two (add returns the old score).
    newScore = score;
    const old = z.add(m, score);
    return old === undefined ? ADDED : old === score ? SAME : UPDATED;
  }
  const cur = z.score(m);
  if (cur !== undefined) {
    if ((flags & NX) !== 0) return NOP;
    if ((flags & INCR) !== 0) {
      score += cur;
      if (score !== score) fail(ZErr.scoreNaN);
    }
    if (((flags & LT) !== 0 && score >= cur) || ((flags & GT) !== 0 && score <= cur)) return NOP;
    newScore = score;
    if (score === cur) return SAME;
    z.add(m, score === 0 && z.encoding() === 'listpack' ? 0 : score);
    return UPDATED;
  }
  if ((flags & XX) !== 0) return NOP;
  newScore = score;
  if (z.encoding() === 'listpack') {
    const cfg = c.engine.config;
    const maxEntries = cfg.int('zset-max-listpack-entries');
    const maxValue = cfg.int('zset-max-listpack-value');
    const converts = z.size + 1 > maxEntries || m.length > maxValue;
    z.add(m, score === 0 && !converts ? 0 : score);
    // After every add, so that fit() judges only this member (as Redis checks only the new one).
    z.fit(maxEntries, maxValue);
  } else z.add(m, score);
  return ADDED;
}

/** zaddGenericCommand: ZADD, and ZINCRBY (the same parser: "ZINCRBY k nx m" is a syntax error). */
function zaddGeneric(c: Client, args: string[], flags: number): void {
  const argc = args.length;
  let idx = 2;
  while (idx < argc) {
    const f = zaddFlag(args[idx]);
    if (f === 0) break;
    flags |= f;
    idx++;
  }
  const elements = argc - idx;
  if (elements === 0 || (elements & 1) !== 0) fail(Err.syntax);
  const pairs = elements >> 1;
  const incr = (flags & INCR) !== 0;
  if ((flags & (NX | XX)) === (NX | XX)) fail(Err.zaddXxNx);
  if ((flags & NX) !== 0 ? (flags & (GT | LT)) !== 0 : (flags & (GT | LT)) === (GT | LT)) fail(Err.zaddGtLtNx);
  if (incr && pairs > 1) fail(Err.zaddIncrPair);

  // Every score is checked before anything changes.
  let score = 0;
  let scores: Float64Array | null = null;
  if (pairs === 1) score = scoreArg(args[idx]);
  else {
    scores = new Float64Array(pairs);
    for (let j = 0; j < pairs; j++) scores[j] = scoreArg(args[idx + 2 * j]);
  }

  const key = args[1];
  const e = writeKey(c, key, 'zset');
  let added = 0;
  let updated = 0;
  let processed = 0;
  if (e !== undefined || (flags & XX) === 0) {
    let z: SortedSet;
    if (e === undefined) {
      z = new SortedSet();
      c.db.set(key, 'zset', z);
    } else z = e.value as SortedSet;
    for (let j = 0; j < pairs; j++) {
      const r = zaddOne(c, z, args[idx + 2 * j + 1], scores === null ? score : scores[j], flags);
      if (r === NOP) continue;
      processed++;
      if (r === ADDED) added++;
      else if (r === UPDATED) updated++;
    }
    if (added + updated > 0) {
      const eng = c.engine;
      eng.modified(c.db, key, 'z', incr ? 'zincr' : 'zadd');
      eng.dirty += added + updated - 1;
    }
  }
  if (incr) {
    if (processed > 0) c.reply.double(newScore);
    else c.reply.null();
  } else c.reply.integer((flags & CH) !== 0 ? added + updated : added);
}

// ---------------------------------------------------------------------------------------------
// Reads

function zsetOf(c: Client, key: string): SortedSet | undefined {
  return readKey(c, key, 'zset')?.value as SortedSet | undefined;
}

function zcardCommand(c: Client, args: string[]): void {
  const z = zsetOf(c, args[1]);
  c.reply.integer(z === undefined ? 0 : z.size);
}

function zscoreCommand(c: Client, args: string[]): void {
  const z = zsetOf(c, args[1]);
  const s = z === undefined ? undefined : z.score(args[2]);
  if (s === undefined) c.reply.null();
  else c.reply.double(s);
}

function zmscoreCommand(c: Client, args: string[]): void {
  const z = zsetOf(c, args[1]);
  const r = c.reply;
  r.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const s = z === undefined ? undefined : z.score(args[i]);
    if (s === undefined) r.null();
    else r.double(s);
  }
}

/** ASCII case-insensitive equality with an upper-case word, without allocating. */
function isWord(arg: string, upperWord: string): boolean {
  const n = upperWord.length;
  if (arg.length !== n) return false;
  for (let i = 0; i < n; i++) {
    let ch = arg.charCodeAt(i);
    if (ch >= 97 && ch <= 122) ch -= 32;
    if (ch !== upperWord.charCodeAt(i)) return false;
  }
  return true;
}

/** ZRANK / ZREVRANK key member [WITHSCORE] (the option as Redis 7.2 has it). */
function zrankGeneric(c: Client, args: string[], reverse: boolean): void {
  const argc = args.length;
  let withScore = false;
  if (argc > 3) {
    if (argc > 4 || !isWord(args[3], 'WITHSCORE')) fail(Err.wrongArity(reverse ? 'zrevrank' : 'zrank'));
    withScore = true;
  }
  const z = zsetOf(c, args[1]);
  const rank = z === undefined ? -1 : reverse ? z.revRank(args[2]) : z.rank(args[2]);
  const r = c.reply;
  if (rank < 0) {
    if (withScore) r.nullArray();
    else r.null();
    return;
  }
  if (!withScore) {
    r.integer(rank);
    return;
  }
  r.array(2);
  r.integer(rank);
  r.double(z!.score(args[2])!);
}

function zcountCommand(c: Client, args: string[]): void {
  const range = parseScoreRange(args[2], args[3]);
  const z = zsetOf(c, args[1]);
  c.reply.integer(z === undefined ? 0 : z.countScore(range.min, range.minEx, range.max, range.maxEx));
}

function zlexcountCommand(c: Client, args: string[]): void {
  const [min, max] = parseLexRange(args[2], args[3]);
  const z = zsetOf(c, args[1]);
  c.reply.integer(z === undefined ? 0 : z.countLex(min, max));
}

// ---------------------------------------------------------------------------------------------
// ZREM

function zremCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = writeKey(c, key, 'zset');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const z = e.value as SortedSet;
  let deleted = 0;
  for (let i = 2; i < args.length; i++) {
    if (z.delete(args[i]) !== undefined) deleted++;
    if (z.size === 0) break;
  }
  if (deleted > 0) membersRemoved(c, key, z, 'zrem', deleted);
  c.reply.integer(deleted);
}

// ---------------------------------------------------------------------------------------------
// ZSCAN

/**
 * Scores as the scan reply prints them: d2string's text, which is %.17g (formatDouble). A listpack
 * keeps scores as text and "-0" is stored as the integer 0, so it comes back as "0".
 */
function scanScore(s: number, listpack: boolean): string {
  return s === 0 && listpack ? '0' : formatDouble(s);
}

function zscanCommand(c: Client, args: string[]): void {
  // Cursor first, then the key (a missing key answers before the options are looked at).
  if (parseCursor(args[2]) === null) fail(Err.invalidCursor);
  const z = zsetOf(c, args[1]);
  if (z === undefined) {
    emptyScan(c);
    return;
  }
  const opts = parseScanArgs(args, 2, false);
  const pattern = opts.match;
  const all = pattern === null || pattern === '*';
  const listpack = z.encoding() === 'listpack';
  const out: string[] = [];
  const visit = (m: string, s: number): void => {
    if (all || globMatch(pattern, m)) out.push(m, scanScore(s, listpack));
  };
  let next = 0;
  // A listpack is answered whole, in order, COUNT ignored (as Redis does for small encodings).
  if (listpack) z.forEach(visit);
  else next = z.scan(opts.cursor, opts.count, visit);
  const r = c.reply;
  r.array(2);
  r.bulk(String(next));
  r.array(out.length);
  for (let i = 0; i < out.length; i++) r.bulk(out[i]);
}

// ---------------------------------------------------------------------------------------------
// ZRANDMEMBER

const LONG_MIN = -9223372036854775808n;
/** LONG_MAX / 2: with WITHSCORES a larger count would overflow the reply length in Redis. */
const HALF_LONG_MAX = 4611686018427387903n;

function zrandmemberCommand(c: Client, args: string[]): void {
  const argc = args.length;
  if (argc === 2) {
    const z = zsetOf(c, args[1]);
    if (z === undefined) c.reply.null();
    else c.reply.bulk(z.randomMember(c.engine.random)!);
    return;
  }
  const l = parseInt64(args[2]);
  if (l === null) fail(Err.notInteger);
  if (l === LONG_MIN) fail(Err.longRange);
  if (argc > 4 || (argc === 4 && !isWord(args[3], 'WITHSCORES'))) fail(Err.syntax);
  const withScores = argc === 4;
  if (withScores && (l > HALF_LONG_MAX || l < -HALF_LONG_MAX)) fail(Err.valueOutOfRange);
  const z = zsetOf(c, args[1]);
  if (z === undefined || l === 0n) {
    c.reply.array(0);
    return;
  }
  randomReply(c, z, l < 0n ? -l : l, l < 0n, withScores);
}

/** Redis answers up to this many distinct picks by sampling; more by removing from a copy. */
const ZRANDMEMBER_SUB_STRATEGY_MUL = 3;

/** zrandmemberWithCountCommand after the argument checks; count >= 1. */
function randomReply(c: Client, z: SortedSet, count: bigint, repeats: boolean, withScores: boolean): void {
  const r = c.reply;
  const rand = c.engine.random;
  const pairs = withScores && c.resp === 3;
  const size = z.size;
  // Picks that may repeat, in pick order (also a single pick).
  if (repeats || count === 1n) {
    let n = Number(count);
    r.array(withScores && !pairs ? n * 2 : n);
    while (n-- > 0) {
      const m = z.randomMember(rand)!;
      if (pairs) r.array(2);
      r.bulk(m);
      if (withScores) r.double(z.score(m)!);
    }
    return;
  }
  const n = count >= BigInt(size) ? size : Number(count);
  r.array(withScores && !pairs ? n * 2 : n);
  const emit = (m: string, s: number): void => {
    if (pairs) r.array(2);
    r.bulk(m);
    if (withScores) r.double(s);
  };
  if (n === size) {
    // Redis's zset iterator (zuiNext) walks from the highest element down.
    for (const cur = z.cursor(size - 1, true); cur.valid; cur.advance()) emit(cur.member, cur.score);
    return;
  }
  if (z.encoding() === 'listpack') {
    // lpRandomPairsUnique: a uniform sample, answered in the set's order (selection sampling).
    let need = n;
    let left = size;
    const cur = z.cursor(0);
    while (need > 0) {
      if (rand() * left < need) {
        emit(cur.member, cur.score);
        need--;
      }
      left--;
      cur.advance();
    }
    return;
  }
  if (n * ZRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // Most of the set: copy it, drop random members until n remain.
    const ms: string[] = new Array(size);
    const ss = new Float64Array(size);
    let i = 0;
    z.forEach((m, s) => {
      ms[i] = m;
      ss[i++] = s;
    });
    let len = size;
    while (len > n) {
      const k = Math.floor(rand() * len);
      len--;
      ms[k] = ms[len];
      ss[k] = ss[len];
    }
    for (let j = 0; j < n; j++) emit(ms[j], ss[j]);
    return;
  }
  const picked = new Set<string>();
  while (picked.size < n) {
    const m = z.randomMember(rand)!;
    if (picked.has(m)) continue;
    picked.add(m);
    emit(m, z.score(m)!);
  }
}
