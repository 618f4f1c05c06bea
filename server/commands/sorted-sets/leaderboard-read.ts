/**
 * Leaderboard reads: LB.RANK, LB.TOP, LB.AROUND, LB.PAGE. Entries are replied as
 * [rank, member, score] with 0-based ranks in board order (rank 0 = best).
 */
import type { Client } from '../../engine/client.ts';
import type { SortedSet } from '../../store/zset.ts';
import { Err, fail } from '../../engine/errors.ts';
import { intArg } from '../shared/args.ts';
import { encodePageCursor } from '../../store/leaderboard.ts';
import { keyOf, loadBoard, rankAfterCursor, rankOfKey, readView, replyEntries, viewSize, type View } from './leaderboard-board.ts';

interface ReadOpts {
  period: string | undefined;
  offset: number;
  count: number;
  after: string | undefined;
}

const OPT_PERIOD = 1;
const OPT_OFFSET = 2;
const OPT_COUNT = 4;
const OPT_AFTER = 8;

/** Parses the trailing options a read accepts (each at most once, in any order). */
function readOpts(args: string[], from: number, allowed: number): ReadOpts {
  const o: ReadOpts = { period: undefined, offset: 0, count: -1, after: undefined };
  let seen = 0;
  for (let i = from; i < args.length; i++) {
    const w = args[i].toUpperCase();
    const bit = w === 'PERIOD' ? OPT_PERIOD : w === 'OFFSET' ? OPT_OFFSET : w === 'COUNT' ? OPT_COUNT : w === 'AFTER' ? OPT_AFTER : 0;
    if (bit === 0 || (allowed & bit) === 0 || (seen & bit) !== 0 || i + 1 >= args.length) fail(Err.syntax);
    seen |= bit;
    const v = args[++i];
    if (bit === OPT_PERIOD) o.period = v;
    else if (bit === OPT_AFTER) o.after = v;
    else if (bit === OPT_OFFSET) {
      o.offset = intArg(v);
      if (o.offset < 0) fail(Err.countPositive);
    } else {
      o.count = intArg(v);
      if (o.count <= 0) fail(Err.countGreaterThanZero);
    }
  }
  return o;
}

function countArg(s: string): number {
  const n = intArg(s);
  if (n < 0) fail(Err.countPositive);
  return n;
}

/** LB.RANK board member [PERIOD p] → [rank, score], or nil when the member is not on the board. */
export function lbRankCommand(c: Client, args: string[]): void {
  const o = readOpts(args, 3, OPT_PERIOD);
  const v = readView(c, loadBoard(c, args[1]), o.period);
  const k = keyOf(v, args[2]);
  if (k === undefined) {
    c.reply.null();
    return;
  }
  c.reply.array(2);
  c.reply.integer(rankOfKey(v, k));
  c.reply.double((v.z as SortedSet).score(k) as number);
}

/** LB.TOP board count [OFFSET o] [PERIOD p] → entries from rank o. */
export function lbTopCommand(c: Client, args: string[]): void {
  const count = countArg(args[2]);
  const o = readOpts(args, 3, OPT_PERIOD | OPT_OFFSET);
  const v = readView(c, loadBoard(c, args[1]), o.period);
  replyEntries(c, v, o.offset, count);
}

/**
 * LB.AROUND board member n [PERIOD p] → the member's entry with up to n entries above and n below
 * (fewer at the top and bottom of the board); nil when the member is not on the board.
 */
export function lbAroundCommand(c: Client, args: string[]): void {
  const n = countArg(args[3]);
  const o = readOpts(args, 4, OPT_PERIOD);
  const v = readView(c, loadBoard(c, args[1]), o.period);
  const k = keyOf(v, args[2]);
  if (k === undefined) {
    c.reply.nullArray();
    return;
  }
  const r = rankOfKey(v, k);
  const start = Math.max(0, r - n);
  const end = Math.min(viewSize(v) - 1, r + n);
  replyEntries(c, v, start, end - start + 1);
}

/**
 * LB.PAGE board COUNT n [AFTER cursor] [PERIOD p] → [next cursor or nil, entries]. The cursor is
 * the position (score, member) of the page's last entry, so the next page starts right after it
 * even when ranks shifted in between; nil when the board has nothing after this page.
 */
export function lbPageCommand(c: Client, args: string[]): void {
  const o = readOpts(args, 2, OPT_PERIOD | OPT_COUNT | OPT_AFTER);
  if (o.count < 0) fail(Err.syntax);
  const v = readView(c, loadBoard(c, args[1]), o.period);
  const start = o.after === undefined ? 0 : rankAfterCursor(v, o.after);
  const size = viewSize(v);
  const n = Math.max(0, Math.min(o.count, size - start));
  c.reply.array(2);
  if (start + n < size && n > 0) c.reply.bulk(lastCursor(v, start + n - 1));
  else c.reply.null();
  replyEntries(c, v, start, n);
}

function lastCursor(v: View, rank: number): string {
  const z = v.z as SortedSet;
  const asc = v.desc ? z.size - 1 - rank : rank;
  return encodePageCursor(z.scoreAt(asc), z.memberAt(asc));
}
