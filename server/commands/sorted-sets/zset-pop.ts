/**
 * Sorted-set pops, as Redis 7.0's genericZpopCommand and blockingGenericZpopCommand: ZPOPMIN,
 * ZPOPMAX, ZMPOP, and the blocking BZPOPMIN, BZPOPMAX, BZMPOP on the blocking framework.
 *
 * Reply shapes differ per command and protocol exactly as in Redis 7.0 (see Shape). Propagation:
 * ZPOPMIN/ZPOPMAX go verbatim; ZMPOP and BZMPOP become "ZPOPMIN|ZPOPMAX key n" with n the number
 * actually popped, BZPOPMIN/BZPOPMAX become "ZPOPMIN|ZPOPMAX key" (checked against Redis's AOF).
 */
import type { CommandDef, KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { SortedSet } from '../../store/zset.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { writeKey } from '../shared/lookup.ts';
import { timeoutArg } from '../shared/timeout-arg.ts';
import { parseMpopArgs } from '../shared/mpop-args.ts';

const POP_FLAGS = ['RW', 'access', 'delete'];

/** ZMPOP / BZMPOP: numkeys keys after the numkeys argument (argv index 1 or 2). */
function mpopSpecs(numkeysIdx: number): KeySpec[] {
  return [{ flags: POP_FLAGS, begin: { index: numkeysIdx }, find: { keynum: [0, 1, 1] } }];
}

function mpopKeys(numkeysIdx: number): (argv: readonly string[]) => number[] | null {
  return (argv) => {
    const n = parseIntNumber(argv[numkeysIdx] ?? '');
    if (n === null || n < 1 || n > argv.length - numkeysIdx - 1) return null;
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(numkeysIdx + 1 + i);
    return out;
  };
}

export const zsetPopCommands: CommandDef[] = [
  { name: 'zpopmin', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], keySpecFlags: POP_FLAGS, run: (c, a) => zpopCommand(c, a, false) },
  { name: 'zpopmax', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], keySpecFlags: POP_FLAGS, run: (c, a) => zpopCommand(c, a, true) },
  { name: 'bzpopmin', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], keys: [1, -2, 1], keySpecFlags: POP_FLAGS, run: (c, a) => bzpopCommand(c, a, false) },
  { name: 'bzpopmax', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], keys: [1, -2, 1], keySpecFlags: POP_FLAGS, run: (c, a) => bzpopCommand(c, a, true) },
  { name: 'zmpop', arity: -4, flags: ['write', 'movablekeys'], keys: [0, 0, 0], keySpecs: mpopSpecs(1), getKeys: mpopKeys(1), run: (c, a) => zmpopGeneric(c, a, false) },
  { name: 'bzmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], keys: [0, 0, 0], keySpecs: mpopSpecs(2), getKeys: mpopKeys(2), run: (c, a) => zmpopGeneric(c, a, true) },
];

/**
 * The write path of a set that lost `n` members: deletion when emptied, the event, then 'del'
 * (Redis's order), one dirty change per member.
 */
export function membersRemoved(c: Client, key: string, z: SortedSet, event: string, n: number): void {
  const eng = c.engine;
  const emptied = z.size === 0;
  if (emptied) c.db.delete(key);
  eng.modified(c.db, key, 'z', event);
  if (emptied) eng.notify('g', 'del', c.db.id, key);
  eng.dirty += n - 1;
}

/** How popped elements are laid out (genericZpopCommand's emitkey / use_nested_array). */
const enum Shape {
  /** ZPOPMIN/ZPOPMAX in RESP2, or without a count: [m, s, m, s, ...]. */
  Flat,
  /** ZPOPMIN/ZPOPMAX with a count in RESP3: [[m, s], ...]. */
  Nested,
  /** BZPOPMIN/BZPOPMAX: [key, m, s]. */
  KeyFlat,
  /** ZMPOP/BZMPOP: [key, [[m, s], ...]]. */
  KeyNested,
}

// Reused buffers for the popped elements (commands run one at a time).
const outM: string[] = [];
const outS: number[] = [];

/**
 * Pops up to `count` elements from one end of a non-empty set, replies them in `shape`, and does
 * the write path (event, deletion of an emptied key and 'del'). Returns how many were popped.
 */
function popAndReply(c: Client, key: string, z: SortedSet, max: boolean, count: number, shape: Shape): number {
  const n = max ? z.popMax(count, outM, outS) : z.popMin(count, outM, outS);
  const r = c.reply;
  if (shape === Shape.Flat) r.array(n * 2);
  else if (shape === Shape.Nested) r.array(n);
  else if (shape === Shape.KeyFlat) {
    r.array(n * 2 + 1);
    r.bulk(key);
  } else {
    r.array(2);
    r.bulk(key);
    r.array(n);
  }
  const nested = shape === Shape.Nested || shape === Shape.KeyNested;
  for (let i = 0; i < n; i++) {
    if (nested) r.array(2);
    r.bulk(outM[i]);
    r.double(outS[i]);
  }
  outM.length = 0;
  outS.length = 0;
  membersRemoved(c, key, z, max ? 'zpopmax' : 'zpopmin', n);
  return n;
}

/** ZPOPMIN/ZPOPMAX key [count]. */
function zpopCommand(c: Client, args: string[], max: boolean): void {
  if (args.length > 3) fail(Err.syntax);
  let count = -1;
  if (args.length === 3) {
    const v = parseIntNumber(args[2]);
    if (v === null || v < 0) fail(Err.countPositive);
    count = v;
  }
  const key = args[1];
  const e = writeKey(c, key, 'zset');
  if (e === undefined || count === 0) {
    c.reply.array(0);
    return;
  }
  const shape = c.resp === 3 && count !== -1 ? Shape.Nested : Shape.Flat;
  popAndReply(c, key, e.value as SortedSet, max, count === -1 ? 1 : count, shape);
}

function popName(max: boolean): string {
  return max ? 'ZPOPMAX' : 'ZPOPMIN';
}

/** BZPOPMIN/BZPOPMAX key [key ...] timeout. */
function bzpopCommand(c: Client, args: string[], max: boolean): void {
  const last = args.length - 1;
  const timeoutAt = timeoutArg(c.engine.keyspace.now, args[last]);
  for (let j = 1; j < last; j++) {
    const key = args[j];
    const e = writeKey(c, key, 'zset');
    if (e === undefined) continue;
    popAndReply(c, key, e.value as SortedSet, max, 1, Shape.KeyFlat);
    c.engine.rewriteAs([popName(max), key]);
    return;
  }
  // Not allowed to block (MULTI, scripts): the same as an immediate timeout.
  if (!c.mayBlock()) {
    c.reply.nullArray();
    return;
  }
  const db = c.db;
  c.engine.blocking.block(c, {
    db,
    keys: args.slice(1, last),
    timeoutAt,
    cmd: c.engine.registry.lookup(args[0])!,
    tryServe(key) {
      const e = db.get(key);
      if (e === undefined || e.type !== 'zset') return false;
      c.engine.propagate(db.id, [popName(max), key]);
      popAndReply(c, key, e.value as SortedSet, max, 1, Shape.KeyFlat);
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}


/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count], and BZMPOP timeout numkeys ... */
function zmpopGeneric(c: Client, args: string[], blocking: boolean): void {
  const { first, end: whereIdx, firstSide, count, timeoutAt } = parseMpopArgs(args, blocking, ['MAX', 'MIN'], c.engine.keyspace.now);
  const max = firstSide;
  for (let j = first; j < whereIdx; j++) {
    const key = args[j];
    const e = writeKey(c, key, 'zset');
    if (e === undefined) continue;
    const n = popAndReply(c, key, e.value as SortedSet, max, count, Shape.KeyNested);
    c.engine.rewriteAs([popName(max), key, String(n)]);
    return;
  }
  if (!blocking || !c.mayBlock()) {
    c.reply.nullArray();
    return;
  }
  const db = c.db;
  c.engine.blocking.block(c, {
    db,
    keys: args.slice(first, whereIdx),
    timeoutAt,
    cmd: c.engine.registry.lookup(args[0])!,
    tryServe(key) {
      const e = db.get(key);
      if (e === undefined || e.type !== 'zset') return false;
      const z = e.value as SortedSet;
      c.engine.propagate(db.id, [popName(max), key, String(count > z.size ? z.size : count)]);
      popAndReply(c, key, z, max, count, Shape.KeyNested);
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}
