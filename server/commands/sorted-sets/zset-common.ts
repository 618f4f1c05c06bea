/**
 * What every sorted-set command shares: score and range parsing exactly as Redis parses them,
 * typed lookups, creation with the configured encoding, and the scored-reply shapes of RESP2/RESP3.
 */
import type { Client } from '../../engine/client.ts';
import { SortedSet, parseLexBound, type LexBound } from '../../store/zset.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { Err, fail } from '../../engine/errors.ts';

export const ZErr = {
  minMaxNotFloat: 'ERR min or max is not a float',
  minMaxNotLex: 'ERR min or max not valid string range item',
  scoreNaN: 'ERR resulting score is not a number (NaN)',
} as const;

const STRTOD_RE = /^[ \t\n\v\f\r]*[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?)$/i;

/**
 * C's strtod over the whole string, as zslParseRange uses it (no range check: "1e400" is inf;
 * leading white space allowed; "" is 0). Null when something is left over or it is NaN.
 */
export function strtodWhole(s: string): number | null {
  if (s.length === 0) return 0;
  if (!STRTOD_RE.test(s)) return null;
  const t = s.trim().toLowerCase();
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  let v: number;
  if (body.startsWith('inf')) v = Infinity;
  else if (body === 'nan') return null;
  else if (body.startsWith('0x')) v = parseHexFloat(body.slice(2));
  else v = Number(body);
  if (Number.isNaN(v)) return null;
  return neg ? -v : v;
}

function parseHexFloat(h: string): number {
  const [mant, exp] = h.split('p');
  const [ip, fp = ''] = mant.split('.');
  let v = parseInt(ip || '0', 16);
  for (let i = 0; i < fp.length; i++) v += parseInt(fp[i], 16) / 16 ** (i + 1);
  return v * 2 ** Number(exp ?? '0');
}

export interface ScoreRange {
  min: number;
  minEx: boolean;
  max: number;
  maxEx: boolean;
}

const POS_INF_BOUND: [number, boolean] = [Infinity, false];
const NEG_INF_BOUND: [number, boolean] = [-Infinity, false];

/** zslParseRange: "(1.5" exclusive, "-inf"/"+inf"; error text "min or max is not a float". */
export function parseScoreRange(minArg: string, maxArg: string): ScoreRange {
  const [min, minEx] = parseScoreBound(minArg);
  const [max, maxEx] = parseScoreBound(maxArg);
  return { min, minEx, max, maxEx };
}

function parseScoreBound(s: string): [number, boolean] {
  // The usual leaderboard bounds skip the general strtod emulation (a regex and string copies).
  if (s === '+inf') return POS_INF_BOUND;
  if (s === '-inf') return NEG_INF_BOUND;
  const ex = s.charCodeAt(0) === 40; /* ( */
  const v = strtodWhole(ex ? s.slice(1) : s);
  if (v === null) fail(ZErr.minMaxNotFloat);
  return [v, ex];
}

/** zslParseLexRange: both bounds or "min or max not valid string range item". */
export function parseLexRange(minArg: string, maxArg: string): [LexBound, LexBound] {
  const min = parseLexBound(minArg);
  const max = parseLexBound(maxArg);
  if (min === null || max === null) fail(ZErr.minMaxNotLex);
  return [min, max];
}

/** A score argument (ZADD, ZINCRBY): getDoubleFromObject, "value is not a valid float". */
export { doubleArg as scoreArg } from '../shared/args.ts';

export function readZset(c: Client, key: string): SortedSet | undefined {
  return readKey(c, key, 'zset')?.value as SortedSet | undefined;
}

export function writeZset(c: Client, key: string): SortedSet | undefined {
  return writeKey(c, key, 'zset')?.value as SortedSet | undefined;
}

/** Creates an empty sorted set under `key` (the caller adds members, then calls fitEncoding). */
export function createZset(c: Client, key: string): SortedSet {
  const z = new SortedSet();
  c.db.set(key, 'zset', z);
  return z;
}

/** Applies zset-max-listpack-entries/value after members were added (one-way conversion). */
export function fitEncoding(c: Client, z: SortedSet): void {
  const cfg = c.engine.config;
  z.fit(cfg.int('zset-max-listpack-entries'), cfg.int('zset-max-listpack-value'));
}

/**
 * After a command removed members: deletes the key when the set is empty (firing 'del' as Redis).
 * Returns true when the key was deleted.
 */
export function deleteIfEmpty(c: Client, key: string, z: SortedSet): boolean {
  if (z.size !== 0) return false;
  c.db.delete(key);
  c.engine.notify('g', 'del', c.db.id, key);
  return true;
}

/**
 * Replies members with optional scores the way ZRANGE & co. do in Redis 7.0: RESP2 a flat array
 * (member, score as bulk, ...); RESP3 with scores an array of [member, double] pairs.
 */
export function replyScored(c: Client, members: readonly string[], scores: ArrayLike<number>, withScores: boolean): void {
  const r = c.reply;
  const n = members.length;
  if (!withScores) {
    r.array(n);
    for (let i = 0; i < n; i++) r.bulk(members[i]);
    return;
  }
  if (c.resp === 3) {
    r.array(n);
    for (let i = 0; i < n; i++) {
      r.array(2);
      r.bulk(members[i]);
      r.double(scores[i]);
    }
  } else {
    r.array(n * 2);
    for (let i = 0; i < n; i++) {
      r.bulk(members[i]);
      r.double(scores[i]);
    }
  }
}

void Err;
