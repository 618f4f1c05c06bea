/**
 * Sorted-set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD, following Redis
 * 7.0's zunionInterDiffGenericCommand step by step: numkeys checks, then the key lookups (so
 * WRONGTYPE wins over a bad option), then the options, then the work. Plain sets count as sorted
 * sets whose members all score 1.
 *
 * Scores are combined in Redis's order, because a floating-point sum depends on it: the inputs are
 * taken from the smallest to the largest (a stable sort, equal sizes keep argument order, as the
 * real server does) and a weighted score that is NaN (inf * 0) becomes 0 where Redis makes it 0:
 * before aggregation for ZUNION and for ZINTER's first input, and after a SUM (inf + -inf). ZINTER's
 * later weighted values are aggregated as they are, so MIN/MAX ignore a NaN one, as Redis does.
 */
import type { CommandDef, KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { SortedSet } from '../../store/zset.ts';
import type { SetValue } from '../../store/set-value.ts';
import { doubleArg, parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey } from '../shared/lookup.ts';
import { replyScored } from './zset-common.ts';

const READ_SPECS: KeySpec[] = [{ flags: ['RO', 'access'], begin: { index: 1 }, find: { keynum: [0, 1, 1] } }];
const STORE_SPECS: KeySpec[] = [
  { flags: ['OW', 'update'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
  { flags: ['RO', 'access'], begin: { index: 2 }, find: { keynum: [0, 1, 1] } },
];

const enum Op {
  Union,
  Inter,
  Diff,
}

const enum Aggr {
  Sum,
  Min,
  Max,
}

export const zsetOpsCommands: CommandDef[] = [
  { name: 'zunion', arity: -3, flags: ['readonly', 'movablekeys'], keys: [0, 0, 0], keySpecs: READ_SPECS, run: (c, a) => zsetOpGeneric(c, a, 'zunion', null, Op.Union, false) },
  { name: 'zinter', arity: -3, flags: ['readonly', 'movablekeys'], keys: [0, 0, 0], keySpecs: READ_SPECS, run: (c, a) => zsetOpGeneric(c, a, 'zinter', null, Op.Inter, false) },
  { name: 'zdiff', arity: -3, flags: ['readonly', 'movablekeys'], keys: [0, 0, 0], keySpecs: READ_SPECS, run: (c, a) => zsetOpGeneric(c, a, 'zdiff', null, Op.Diff, false) },
  { name: 'zunionstore', arity: -4, flags: ['write', 'denyoom', 'movablekeys'], keys: [1, 1, 1], keySpecs: STORE_SPECS, run: (c, a) => zsetOpGeneric(c, a, 'zunionstore', a[1], Op.Union, false) },
  { name: 'zinterstore', arity: -4, flags: ['write', 'denyoom', 'movablekeys'], keys: [1, 1, 1], keySpecs: STORE_SPECS, run: (c, a) => zsetOpGeneric(c, a, 'zinterstore', a[1], Op.Inter, false) },
  { name: 'zdiffstore', arity: -4, flags: ['write', 'denyoom', 'movablekeys'], keys: [1, 1, 1], keySpecs: STORE_SPECS, run: (c, a) => zsetOpGeneric(c, a, 'zdiffstore', a[1], Op.Diff, false) },
  { name: 'zintercard', arity: -3, flags: ['readonly', 'movablekeys'], keys: [0, 0, 0], keySpecs: READ_SPECS, run: (c, a) => zsetOpGeneric(c, a, 'zintercard', null, Op.Inter, true) },
];

/** One input: a sorted set, a plain set (every member scores 1), or a missing key (empty). */
interface Source {
  z: SortedSet | null;
  s: SetValue | null;
  size: number;
  weight: number;
}

/** lookupKeyRead, accepting a sorted set or a set (anything else is WRONGTYPE). */
function readSource(c: Client, key: string): Source {
  const type = c.db.peek(key)?.type === 'set' ? 'set' : 'zset';
  const e = readKey(c, key, type);
  if (e === undefined) return { z: null, s: null, size: 0, weight: 1 };
  if (type === 'set') {
    const s = e.value as SetValue;
    return { z: null, s, size: s.size, weight: 1 };
  }
  const z = e.value as SortedSet;
  return { z, s: null, size: z.size, weight: 1 };
}

/** zuiFind: the member's score in src (1 for a set member), undefined when absent. */
function findScore(src: Source, m: string): number | undefined {
  if (src.z !== null) return src.z.score(m);
  if (src.s !== null) return src.s.has(m) ? 1 : undefined;
  return undefined;
}

/** Visits every (member, score) of src. */
function eachOf(src: Source, fn: (m: string, score: number) => void): void {
  if (src.z !== null) src.z.forEach(fn);
  else if (src.s !== null) for (const m of src.s.map.keys()) fn(m, 1);
}

/** zunionInterAggregate. */
function aggregate(target: number, val: number, aggr: Aggr): number {
  if (aggr === Aggr.Sum) {
    const t = target + val;
    return Number.isNaN(t) ? 0 : t;
  }
  if (aggr === Aggr.Min) return val < target ? val : target;
  return val > target ? val : target;
}

function isWord(arg: string, upperWord: string): boolean {
  return arg.length === upperWord.length && arg.toUpperCase() === upperWord;
}

function zsetOpGeneric(c: Client, args: string[], name: string, dst: string | null, op: Op, cardOnly: boolean): void {
  const numkeysIdx = dst === null ? 1 : 2;
  const setnum = parseIntNumber(args[numkeysIdx]);
  if (setnum === null) fail(Err.notInteger);
  if (setnum < 1) fail(Err.zsetOpNeedsKey(name));
  if (setnum > args.length - (numkeysIdx + 1)) fail(Err.syntax);

  const srcs: Source[] = new Array(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) srcs[i] = readSource(c, args[j]);

  let aggr = Aggr.Sum;
  let withScores = false;
  let limit = 0;
  const argc = args.length;
  while (j < argc) {
    const remaining = argc - j;
    const a = args[j];
    if (op !== Op.Diff && !cardOnly && remaining >= setnum + 1 && isWord(a, 'WEIGHTS')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) srcs[i].weight = doubleArg(args[j], Err.weightNotFloat);
    } else if (op !== Op.Diff && !cardOnly && remaining >= 2 && isWord(a, 'AGGREGATE')) {
      const v = args[j + 1].toUpperCase();
      if (v === 'SUM') aggr = Aggr.Sum;
      else if (v === 'MIN') aggr = Aggr.Min;
      else if (v === 'MAX') aggr = Aggr.Max;
      else fail(Err.syntax);
      j += 2;
    } else if (dst === null && !cardOnly && isWord(a, 'WITHSCORES')) {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && isWord(a, 'LIMIT')) {
      const v = parseIntNumber(args[j + 1]);
      if (v === null || v < 0) fail(Err.limitNegative);
      limit = v;
      j += 2;
    } else fail(Err.syntax);
  }

  const ms: string[] = [];
  const ss: number[] = [];
  if (op === Op.Diff) diffInto(srcs, ms, ss);
  else {
    // Array.prototype.sort is stable: equal sizes keep argument order, which Redis's sum order shows.
    if (setnum > 1) srcs.sort((x, y) => x.size - y.size);
    if (op === Op.Union) unionInto(srcs, aggr, ms, ss);
    else {
      const card = interInto(srcs, aggr, cardOnly, limit, ms, ss);
      if (cardOnly) {
        c.reply.integer(card);
        return;
      }
    }
  }

  if (dst !== null) {
    storeResult(c, dst, ms, ss, name);
    return;
  }
  if (ms.length === 0) {
    c.reply.array(0);
    return;
  }
  // Sorting through the structure gives Redis's (score, member) order.
  const out = SortedSet.from(ms, ss);
  const n = out.size;
  const rm: string[] = new Array(n);
  const rs = new Float64Array(n);
  let i = 0;
  out.forEach((m, s) => {
    rm[i] = m;
    rs[i++] = s;
  });
  replyScored(c, rm, rs, withScores);
}

function unionInto(srcs: Source[], aggr: Aggr, ms: string[], ss: number[]): void {
  const acc = new Map<string, number>();
  for (const src of srcs) {
    if (src.size === 0) continue;
    const w = src.weight;
    eachOf(src, (m, s) => {
      let v = w * s;
      if (Number.isNaN(v)) v = 0;
      const old = acc.get(m);
      acc.set(m, old === undefined ? v : aggregate(old, v, aggr));
    });
  }
  for (const [m, s] of acc) {
    ms.push(m);
    ss.push(s);
  }
}

/** Walks the smallest input and probes the others; returns the cardinality (capped by limit). */
function interInto(srcs: Source[], aggr: Aggr, cardOnly: boolean, limit: number, ms: string[], ss: number[]): number {
  const first = srcs[0];
  if (first.size === 0) return 0;
  const n = srcs.length;
  const w0 = first.weight;
  let card = 0;
  const visit = (m: string, s0: number): boolean => {
    let score = w0 * s0;
    if (Number.isNaN(score)) score = 0;
    for (let j = 1; j < n; j++) {
      const v = findScore(srcs[j], m);
      if (v === undefined) return true;
      score = aggregate(score, v * srcs[j].weight, aggr);
    }
    card++;
    if (cardOnly) return limit === 0 || card < limit;
    ms.push(m);
    ss.push(score);
    return true;
  };
  if (first.z !== null) {
    for (const [m, s] of first.z.entries()) if (!visit(m, s)) break;
  } else {
    for (const m of first.s!.map.keys()) if (!visit(m, 1)) break;
  }
  return card;
}

/** The first input's members found in no other input, with their own scores (no weights). */
function diffInto(srcs: Source[], ms: string[], ss: number[]): void {
  const first = srcs[0];
  if (first.size === 0) return;
  eachOf(first, (m, s) => {
    for (let j = 1; j < srcs.length; j++) if (findScore(srcs[j], m) !== undefined) return;
    ms.push(m);
    ss.push(s);
  });
}

/** Z*STORE: a fresh set at dst with the encoding Redis picks for the result, or dst deleted. */
function storeResult(c: Client, dst: string, ms: string[], ss: number[], event: string): void {
  const n = ms.length;
  if (n === 0) {
    if (c.db.delete(dst)) c.engine.modified(c.db, dst, 'g', 'del');
    c.reply.integer(0);
    return;
  }
  let longest = 0;
  for (let i = 0; i < n; i++) if (ms[i].length > longest) longest = ms[i].length;
  const cfg = c.engine.config;
  const skiplist = n > cfg.int('zset-max-listpack-entries') || longest > cfg.int('zset-max-listpack-value');
  // Redis converts a small result to a listpack, whose textual scores drop the sign of -0.
  if (!skiplist) for (let i = 0; i < n; i++) if (ss[i] === 0) ss[i] = 0;
  const z = SortedSet.from(ms, ss);
  z.setEncoding(skiplist);
  c.db.set(dst, 'zset', z);
  c.engine.modified(c.db, dst, 'z', event);
  c.reply.integer(n);
}
