/**
 * Sorted-set ranges: ZRANGE (rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGESTORE, the legacy
 * Z[REV]RANGE[BYSCORE|BYLEX] forms, and ZREMRANGEBY{RANK,SCORE,LEX}. One parser mirrors Redis 7.0's
 * zrangeGenericCommand, so every form reports the same errors in the same order.
 *
 * Every range becomes a rank window [first, first + n) found with the structure's O(log n) bounds
 * (scoreStart/scoreEnd, lexStart/lexEnd), then walked with one reused cursor straight into the
 * reply: nothing is scanned from the start and nothing is allocated per element but the reply.
 */
import type { CommandDef, KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { SortedSet, ZSetCursor, type LexBound } from '../../store/zset.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { deleteIfEmpty, parseLexRange, parseScoreRange, type ScoreRange } from './zset-common.ts';

const K1: CommandDef['keys'] = [1, 1, 1];
const ZRANGESTORE_SPECS: KeySpec[] = [
  { flags: ['OW', 'update'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
  { flags: ['RO', 'access'], begin: { index: 2 }, find: { range: [0, 1, 0] } },
];

const enum By {
  Auto,
  Rank,
  Score,
  Lex,
}

const enum Dir {
  Auto,
  Forward,
  Reverse,
}

export const zsetRangeCommands: CommandDef[] = [
  { name: 'zrange', arity: -4, flags: ['readonly'], keys: K1, run: (c, a) => zrangeGeneric(c, a, 1, null, By.Auto, Dir.Auto) },
  { name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'], keys: [1, 2, 1], keySpecs: ZRANGESTORE_SPECS, run: (c, a) => zrangeGeneric(c, a, 2, a[1], By.Auto, Dir.Auto) },
  { name: 'zrangebyscore', arity: -4, flags: ['readonly'], keys: K1, run: (c, a) => zrangeGeneric(c, a, 1, null, By.Score, Dir.Forward) },
  { name: 'zrevrangebyscore', arity: -4, flags: ['readonly'], keys: K1, run: (c, a) => zrangeGeneric(c, a, 1, null, By.Score, Dir.Reverse) },
  { name: 'zrangebylex', arity: -4, flags: ['readonly'], keys: K1, run: (c, a) => zrangeGeneric(c, a, 1, null, By.Lex, Dir.Forward) },
  { name: 'zrevrangebylex', arity: -4, flags: ['readonly'], keys: K1, run: (c, a) => zrangeGeneric(c, a, 1, null, By.Lex, Dir.Reverse) },
  { name: 'zrevrange', arity: -4, flags: ['readonly'], keys: K1, run: (c, a) => zrangeGeneric(c, a, 1, null, By.Rank, Dir.Reverse) },
  { name: 'zremrangebyrank', arity: 4, flags: ['write'], keys: K1, keySpecFlags: ['RW', 'delete'], run: (c, a) => zremrangeGeneric(c, a, By.Rank) },
  { name: 'zremrangebyscore', arity: 4, flags: ['write'], keys: K1, keySpecFlags: ['RW', 'delete'], run: (c, a) => zremrangeGeneric(c, a, By.Score) },
  { name: 'zremrangebylex', arity: 4, flags: ['write'], keys: K1, keySpecFlags: ['RW', 'delete'], run: (c, a) => zremrangeGeneric(c, a, By.Lex) },
];

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

/** getLongFromObjectOrReply: "value is not an integer or out of range". */
function longArg(s: string): number {
  const v = parseIntNumber(s);
  if (v === null) fail(Err.notInteger);
  return v;
}

const EMPTY = new SortedSet();
/** The one cursor every range reply walks with (commands run one at a time). */
const CURSOR: ZSetCursor = EMPTY.cursor(0);

// The rank window a range resolved to (module state: avoids a result object per call).
let winFirst = 0;
let winCount = 0;

/**
 * Resolves a score or lex range plus LIMIT into a window of ranks. A negative offset selects
 * nothing and a negative count means "all": Redis's skip loop `while (ln && offset--)` never ends
 * for a negative offset, and `while (ln && limit--)` never stops for a negative limit.
 */
function limitWindow(start: number, end: number, offset: number, limit: number, reverse: boolean): void {
  const inRange = end > start ? end - start : 0;
  if (offset < 0 || offset >= inRange || limit === 0) {
    winCount = 0;
    return;
  }
  const left = inRange - offset;
  winCount = limit < 0 || limit > left ? left : limit;
  winFirst = reverse ? end - 1 - offset : start + offset;
}

/** Z[REV]RANGE, ZRANGEBY*, ZRANGESTORE: zrangeGenericCommand. args[from] is the source key. */
function zrangeGeneric(c: Client, args: string[], from: number, dst: string | null, by: By, dir: Dir): void {
  const argc = args.length;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = from + 3; j < argc; j++) {
    const a = args[j];
    if (dst === null && isWord(a, 'WITHSCORES')) withScores = true;
    else if (isWord(a, 'LIMIT') && argc - j - 1 >= 2) {
      offset = longArg(args[j + 1]);
      limit = longArg(args[j + 2]);
      j += 2;
    } else if (dir === Dir.Auto && isWord(a, 'REV')) dir = Dir.Reverse;
    else if (by === By.Auto && isWord(a, 'BYLEX')) by = By.Lex;
    else if (by === By.Auto && isWord(a, 'BYSCORE')) by = By.Score;
    else fail(Err.syntax);
  }
  if (by === By.Auto) by = By.Rank;
  const reverse = dir === Dir.Reverse;
  // Redis tests the parsed count against its default -1, so "LIMIT 0 -1" passes with a rank range.
  if (limit !== -1 && by === By.Rank) fail(Err.zrangeLimitNeedsByscoreBylex);
  if (withScores && by === By.Lex) fail(Err.zrangeWithscoresBylex);

  // A reversed score or lex range is written max first.
  const lo = args[reverse && by !== By.Rank ? from + 2 : from + 1];
  const hi = args[reverse && by !== By.Rank ? from + 1 : from + 2];
  let rankStart = 0;
  let rankEnd = 0;
  let score: ScoreRange | null = null;
  let lex: [LexBound, LexBound] | null = null;
  if (by === By.Rank) {
    rankStart = longArg(lo);
    rankEnd = longArg(hi);
  } else if (by === By.Score) score = parseScoreRange(lo, hi);
  else lex = parseLexRange(lo, hi);

  const e = readKey(c, args[from], 'zset');
  if (e === undefined) {
    if (dst !== null) storeRange(c, dst, EMPTY, 0, 0, false, false);
    else c.reply.array(0);
    return;
  }
  const z = e.value as SortedSet;
  const size = z.size;
  if (by === By.Rank) {
    let start = rankStart < 0 ? size + rankStart : rankStart;
    let end = rankEnd < 0 ? size + rankEnd : rankEnd;
    if (start < 0) start = 0;
    if (start > end || start >= size) winCount = 0;
    else {
      if (end >= size) end = size - 1;
      winCount = end - start + 1;
      winFirst = reverse ? size - 1 - start : start;
    }
  } else if (score !== null) {
    limitWindow(z.scoreStart(score.min, score.minEx), z.scoreEnd(score.max, score.maxEx), offset, limit, reverse);
  } else {
    limitWindow(z.lexStart(lex![0]), z.lexEnd(lex![1]), offset, limit, reverse);
  }
  if (dst !== null) storeRange(c, dst, z, winFirst, winCount, reverse, by === By.Rank);
  else replyWindow(c, z, winFirst, winCount, reverse, withScores);
}

/** Writes n elements from rank `first` (walking down when reverse) in ZRANGE's reply shape. */
function replyWindow(c: Client, z: SortedSet, first: number, n: number, reverse: boolean, withScores: boolean): void {
  const r = c.reply;
  const pairs = withScores && c.resp === 3;
  r.array(withScores && !pairs ? n * 2 : n);
  if (n === 0) return;
  const cur = CURSOR.reset(z, first, reverse);
  const w = r as Partial<RunWriter>;
  if (w.bulkRun !== undefined && w.scoredRun !== undefined) {
    // One writer call per leaf, not one or two per member.
    const step = reverse ? -1 : 1;
    for (let left = n; left > 0; ) {
      const from = cur.index;
      const k = Math.min(left, cur.leafRun);
      if (withScores) w.scoredRun(cur.leafMembers, cur.leafScores, from, from + k * step, step);
      else w.bulkRun(cur.leafMembers, from, from + k * step, step);
      cur.skip(k);
      left -= k;
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (pairs) r.array(2);
      r.bulk(cur.member);
      if (withScores) r.double(cur.score);
      cur.advance();
    }
  }
  CURSOR.reset(EMPTY, 0, false);
}

/** A reply writer that can write runs of members (and scores) in one call (RespWriter does). */
interface RunWriter {
  bulkRun(ms: readonly string[], from: number, to: number, step: number): void;
  scoredRun(ms: readonly string[], ss: readonly number[], from: number, to: number, step: number): void;
}

/**
 * ZRANGESTORE's result: a fresh set at dst, or dst deleted when empty. Redis 7.0 starts the
 * destination as a listpack (for a rank range only when the known length fits) and converts it
 * while adding, in emission order; a listpack holds a score as text that drops the sign of -0, so
 * the elements added before the conversion keep 0 where the source had -0.
 */
function storeRange(c: Client, dst: string, z: SortedSet, first: number, n: number, reverse: boolean, byRank: boolean): void {
  if (n === 0) {
    if (c.db.delete(dst)) c.engine.modified(c.db, dst, 'g', 'del');
    c.reply.integer(0);
    return;
  }
  const cfg = c.engine.config;
  const maxEntries = cfg.int('zset-max-listpack-entries');
  const maxValue = cfg.int('zset-max-listpack-value');
  let listpack = !byRank || n <= maxEntries;
  const ms: string[] = new Array(n);
  const ss = new Float64Array(n);
  const cur = CURSOR.reset(z, first, reverse);
  for (let i = 0; i < n; i++) {
    const m = cur.member;
    let s = cur.score;
    if (listpack && (i >= maxEntries || m.length > maxValue)) listpack = false;
    if (listpack && s === 0) s = 0;
    ms[i] = m;
    ss[i] = s;
    cur.advance();
  }
  CURSOR.reset(EMPTY, 0, false);
  const out = SortedSet.from(ms, ss);
  out.setEncoding(!listpack);
  c.db.set(dst, 'zset', out);
  c.engine.modified(c.db, dst, 'z', 'zrangestore');
  c.reply.integer(n);
}

const REM_EVENTS = ['', 'zremrangebyrank', 'zremrangebyscore', 'zremrangebylex'];

/** ZREMRANGEBYRANK/SCORE/LEX: zremrangeGenericCommand (parse, then look up, then delete). */
function zremrangeGeneric(c: Client, args: string[], by: By): void {
  let rankStart = 0;
  let rankEnd = 0;
  let score: ScoreRange | null = null;
  let lex: [LexBound, LexBound] | null = null;
  if (by === By.Rank) {
    rankStart = longArg(args[2]);
    rankEnd = longArg(args[3]);
  } else if (by === By.Score) score = parseScoreRange(args[2], args[3]);
  else lex = parseLexRange(args[2], args[3]);

  const key = args[1];
  const e = writeKey(c, key, 'zset');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const z = e.value as SortedSet;
  let start: number;
  let end: number; // exclusive
  if (by === By.Rank) {
    const size = z.size;
    start = rankStart < 0 ? size + rankStart : rankStart;
    let last = rankEnd < 0 ? size + rankEnd : rankEnd;
    if (start < 0) start = 0;
    if (start > last || start >= size) {
      c.reply.integer(0);
      return;
    }
    if (last >= size) last = size - 1;
    end = last + 1;
  } else if (score !== null) {
    start = z.scoreStart(score.min, score.minEx);
    end = z.scoreEnd(score.max, score.maxEx);
  } else {
    start = z.lexStart(lex![0]);
    end = z.lexEnd(lex![1]);
  }
  const deleted = z.deleteRange(start, end);
  if (deleted > 0) {
    c.engine.modified(c.db, key, 'z', REM_EVENTS[by]);
    c.engine.dirty += deleted - 1;
    deleteIfEmpty(c, key, z);
  }
  c.reply.integer(deleted);
}
