/**
 * Leaderboard configuration and tie-break encoding (pure; the LB.* commands live in
 * server/commands/sorted-sets/leaderboard*.ts).
 *
 * A board's configuration is stored as an ordinary hash "<board>:meta" (fields below), so it is
 * persisted, copied and inspected (HGETALL) like any key. A board with no meta key is a plain
 * descending BEST board over the sorted set "<board>".
 *
 * Tie-break by arrival: the public sorted set keeps the real scores (ZRANGE shows them unchanged).
 * A TIEBREAK board also keeps, per period key K:
 *   K:ties    sorted set, same scores, member = 7-byte arrival code + member: within one score,
 *             members are ordered by arrival (a score cannot carry a timestamp without losing the
 *             exactness of integers up to 2^53, so the order lives in the member bytes);
 *   K:arrival hash member → its 7-byte arrival code (to find its entry in K:ties).
 * The arrival code is a per-board sequence ("seq" in the meta hash), taken when a member's score
 * changes. It is stored complemented when needed so that ascending order of K:ties, read in the
 * board's direction, puts the earlier (FIRST) or later (LAST) arrival ahead.
 */

import type { PeriodKind } from './leaderboard-period.ts';

export type Mode = 'best' | 'set' | 'incr';
export type TieBreak = 'none' | 'first' | 'last';

export interface BoardConfig {
  desc: boolean;
  mode: Mode;
  tie: TieBreak;
  /** null: one board forever; 'rolling': a window of buckets. */
  period: PeriodKind | 'rolling' | null;
  tz: string;
  /** Past calendar periods kept readable. */
  keep: number;
  /** Rolling windows: window length in seconds and bucket count. */
  window: number;
  buckets: number;
}

export const DEFAULT_CONFIG: Readonly<BoardConfig> = {
  desc: true,
  mode: 'best',
  tie: 'none',
  period: null,
  tz: 'UTC',
  keep: 1,
  window: 0,
  buckets: 0,
};

/** The meta hash fields of a configuration (without "seq"). */
export function configFields(c: BoardConfig): [string, string][] {
  return [
    ['order', c.desc ? 'desc' : 'asc'],
    ['mode', c.mode],
    ['tiebreak', c.tie],
    ['period', c.period ?? 'none'],
    ['tz', c.tz],
    ['keep', String(c.keep)],
    ['window', String(c.window)],
    ['buckets', String(c.buckets)],
  ];
}

const MODES: readonly string[] = ['best', 'set', 'incr'];
const TIES: readonly string[] = ['none', 'first', 'last'];
const PERIODS: readonly string[] = ['none', 'daily', 'weekly', 'monthly', 'rolling'];

function nonNegInt(s: string | undefined): number | null {
  if (s === undefined || !/^(0|[1-9][0-9]{0,14})$/.test(s)) return null;
  return Number(s);
}

/** Reads a configuration back from the meta hash; null when a field is missing or invalid. */
export function parseConfig(get: (field: string) => string | undefined): BoardConfig | null {
  const order = get('order');
  const mode = get('mode');
  const tie = get('tiebreak');
  const period = get('period');
  const tz = get('tz');
  const keep = nonNegInt(get('keep'));
  const window = nonNegInt(get('window'));
  const buckets = nonNegInt(get('buckets'));
  if (order !== 'desc' && order !== 'asc') return null;
  if (mode === undefined || !MODES.includes(mode)) return null;
  if (tie === undefined || !TIES.includes(tie)) return null;
  if (period === undefined || !PERIODS.includes(period)) return null;
  if (tz === undefined || keep === null || window === null || buckets === null) return null;
  if (period === 'rolling' && (window === 0 || buckets === 0 || bucketMs(window, buckets) < 1)) return null;
  return {
    desc: order === 'desc',
    mode: mode as Mode,
    tie: tie as TieBreak,
    period: period === 'none' ? null : (period as PeriodKind | 'rolling'),
    tz,
    keep,
    window,
    buckets,
  };
}

/** Bucket length of a rolling window in ms (whole ms; the last bucket absorbs nothing). */
export function bucketMs(windowSeconds: number, buckets: number): number {
  return Math.floor((windowSeconds * 1000) / buckets);
}

export const ARRIVAL_LEN = 7;
/** 2^53 - 1: the arrival sequence never reaches it. */
const SEQ_MAX = Number.MAX_SAFE_INTEGER;

/**
 * The 7-byte big-endian arrival code of sequence number seq: complemented when ascending byte order
 * must put later arrivals first (see the file comment).
 */
export function arrivalCode(seq: number, complement: boolean): string {
  let x = complement ? SEQ_MAX - seq : seq;
  const out = new Array<string>(ARRIVAL_LEN);
  for (let i = ARRIVAL_LEN - 1; i >= 0; i--) {
    out[i] = String.fromCharCode(x % 256);
    x = Math.floor(x / 256);
  }
  return out.join('');
}

/** The arrival sequence encoded in a code (inverse of arrivalCode). */
export function arrivalSeq(code: string, complement: boolean): number {
  let x = 0;
  for (let i = 0; i < ARRIVAL_LEN; i++) x = x * 256 + code.charCodeAt(i);
  return complement ? SEQ_MAX - x : x;
}

/**
 * Whether a board's codes are complemented: a DESC board is read from the top of the ascending
 * order, so the arrival that must rank first there needs the larger code.
 */
export function complementArrival(c: BoardConfig): boolean {
  return c.desc === (c.tie === 'first');
}

/**
 * Stable pagination cursor: the board position (score, ordering key) of the last item returned,
 * where the ordering key is the member (or arrival code + member on TIEBREAK boards). The score is
 * JS's shortest round-trip text so the position is exact; the key is base64url so the cursor is
 * printable (it travels through JSON gateways too).
 */
export function encodePageCursor(score: number, key: string): string {
  return String(score) + ':' + Buffer.from(key, 'latin1').toString('base64url');
}

const SCORE_RE = /^-?(?:Infinity|[0-9]+(?:\.[0-9]+)?(?:e[+-][0-9]+)?)$/;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

export function decodePageCursor(cursor: string): { score: number; key: string } | null {
  const sep = cursor.indexOf(':');
  if (sep <= 0) return null;
  const s = cursor.slice(0, sep);
  const k = cursor.slice(sep + 1);
  if (!SCORE_RE.test(s) || !B64URL_RE.test(k) || k.length % 4 === 1) return null;
  return { score: Number(s), key: Buffer.from(k, 'base64url').toString('latin1') };
}
