/**
 * Leaderboards (LB.*): boards over ordinary sorted sets with a direction, a submission mode,
 * tie-break by arrival, calendar periods in a time zone and rolling windows. See
 * docs/leaderboards.md for the user-facing reference and leaderboard-board.ts for the key layout.
 * Reads are in leaderboard-read.ts.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { HashValue } from '../../store/hash-value.ts';
import { SortedSet } from '../../store/zset.ts';
import { Err, fail } from '../../engine/errors.ts';
import { doubleArg, intArg } from '../shared/args.ts';
import { writeKey } from '../shared/lookup.ts';
import { ZErr, fitEncoding, deleteIfEmpty } from './zset-common.ts';
import {
  arrivalCode,
  bucketMs,
  complementArrival,
  configFields,
  DEFAULT_CONFIG,
  type BoardConfig,
  type Mode,
} from '../../store/leaderboard.ts';
import { canonicalZone, currentPeriod, isValidZone } from '../../store/leaderboard-period.ts';
import {
  LbErr,
  arrivalKey,
  keyOf,
  loadBoard,
  metaKey,
  rankOfKey,
  rollingAfter,
  rollingView,
  setView,
  tiesKey,
  viewSize,
  writeTarget,
  type Board,
  type View,
} from './leaderboard-board.ts';
import { lbAroundCommand, lbPageCommand, lbRankCommand, lbTopCommand } from './leaderboard-read.ts';

const LB = { group: 'podium', since: '1.0.0', keys: [1, 1, 1] } as const;

export const leaderboardCommands: CommandDef[] = [
  { ...LB, name: 'lb.create', arity: -2, flags: ['write', 'denyoom'], run: lbCreateCommand },
  { ...LB, name: 'lb.info', arity: 2, flags: ['readonly'], run: lbInfoCommand },
  { ...LB, name: 'lb.submit', arity: -4, flags: ['write', 'denyoom'], run: lbSubmitCommand },
  { ...LB, name: 'lb.remove', arity: -3, flags: ['write'], run: lbRemoveCommand },
  { ...LB, name: 'lb.rank', arity: -3, flags: ['readonly'], run: lbRankCommand },
  { ...LB, name: 'lb.top', arity: -3, flags: ['readonly'], run: lbTopCommand },
  { ...LB, name: 'lb.around', arity: -4, flags: ['readonly'], run: lbAroundCommand },
  { ...LB, name: 'lb.page', arity: -4, flags: ['readonly'], run: lbPageCommand },
];

const MAX_KEEP = 1000;

function lbCreateCommand(c: Client, args: string[]): void {
  const name = args[1];
  const cfg: BoardConfig = { ...DEFAULT_CONFIG };
  let tzGiven = false;
  let keepGiven = false;
  for (let i = 2; i < args.length; i++) {
    const o = args[i].toUpperCase();
    const more = args.length - 1 - i;
    if (o === 'DESC' || o === 'ASC') cfg.desc = o === 'DESC';
    else if (o === 'MODE' && more >= 1) {
      const m = args[++i].toLowerCase();
      if (m !== 'best' && m !== 'set' && m !== 'incr') fail(Err.syntax);
      cfg.mode = m;
    } else if (o === 'TIEBREAK' && more >= 1) {
      const t = args[++i].toLowerCase();
      if (t !== 'none' && t !== 'first' && t !== 'last') fail(Err.syntax);
      cfg.tie = t;
    } else if (o === 'PERIOD' && more >= 1) {
      const p = args[++i].toLowerCase();
      if (p === 'none') cfg.period = null;
      else if (p === 'daily' || p === 'weekly' || p === 'monthly') cfg.period = p;
      else if (p === 'rolling' && more >= 3) {
        cfg.period = 'rolling';
        cfg.window = intArg(args[++i]);
        cfg.buckets = intArg(args[++i]);
        if (cfg.window <= 0 || cfg.buckets <= 0) fail(Err.countPositive);
      } else fail(Err.syntax);
    } else if (o === 'TZ' && more >= 1) {
      const tz = args[++i];
      if (!isValidZone(tz)) fail(LbErr.badZone);
      cfg.tz = canonicalZone(tz);
      tzGiven = true;
    } else if (o === 'KEEP' && more >= 1) {
      cfg.keep = intArg(args[++i]);
      if (cfg.keep < 0 || cfg.keep > MAX_KEEP) fail(Err.countPositive);
      keepGiven = true;
    } else fail(Err.syntax);
  }
  const calendar = cfg.period !== null && cfg.period !== 'rolling';
  if ((tzGiven || keepGiven) && !calendar) fail(LbErr.calendarOnly);
  if (cfg.period === 'rolling') {
    if (cfg.tie !== 'none') fail(LbErr.rollingTie);
    if (cfg.mode === 'set') fail(LbErr.rollingMode);
    if (bucketMs(cfg.window, cfg.buckets) < 1) fail(LbErr.rollingWindow);
  } else {
    cfg.window = 0;
    cfg.buckets = 0;
  }
  if (!calendar) cfg.keep = DEFAULT_CONFIG.keep;
  const mk = metaKey(name);
  if (writeKey(c, mk, 'hash') !== undefined) fail(LbErr.exists);
  // WRONGTYPE before creating anything
  const existing = cfg.period === null ? (writeKey(c, name, 'zset')?.value as SortedSet | undefined) : undefined;
  const adopt = existing !== undefined && cfg.tie !== 'none';
  if (adopt) {
    writeKey(c, tiesKey(name), 'zset');
    writeKey(c, arrivalKey(name), 'hash');
  }

  const h = new HashValue();
  const maxEntries = c.engine.config.int('hash-max-listpack-entries');
  const maxValue = c.engine.config.int('hash-max-listpack-value');
  for (const [f, v] of configFields(cfg)) h.set(f, v, maxEntries, maxValue);
  h.set('seq', '0', maxEntries, maxValue);
  c.db.set(mk, 'hash', h);
  c.engine.modified(c.db, mk, 'h', 'hset');
  if (adopt) adoptMembers(c, { name, cfg, meta: h }, existing);
  c.reply.simple('OK');
}

/**
 * TIEBREAK on an existing sorted set: its members arrive now, in the set's ascending order, so
 * that LB reads see them (members only ever added by ZADD have no arrival and are not on the board).
 */
function adoptMembers(c: Client, b: Board, z: SortedSet): void {
  for (const k of [tiesKey(b.name), arrivalKey(b.name)]) {
    if (!c.db.delete(k)) continue;
    c.engine.modified(c.db, k, 'g', 'del');
  }
  const members: string[] = [];
  const scores: number[] = [];
  z.forEach((m, s) => {
    members.push(m);
    scores.push(s);
  });
  for (let i = 0; i < members.length; i++) writeArrival(c, b, b.name, 0, members[i], scores[i]);
}

/**
 * A map of the configuration plus the current key and its size; null when the board has neither
 * a configuration nor a sorted set.
 */
function lbInfoCommand(c: Client, args: string[]): void {
  const b = loadBoard(c, args[1]);
  const cfg = b.cfg;
  const now = c.engine.keyspace.now;
  const key = writeTarget(b, now).key;
  const v = cfg.period === 'rolling' ? rollingView(c, b, now) : setView(c, key, cfg);
  if (b.meta === undefined && v.z === undefined) {
    c.reply.null();
    return;
  }
  const fields = configFields(cfg);
  const r = c.reply;
  r.map(fields.length + 3);
  for (const [f, val] of fields) {
    r.bulk(f);
    if (f === 'keep' || f === 'window' || f === 'buckets') r.integer(Number(val));
    else r.bulk(val);
  }
  r.bulk('current');
  if (cfg.period === null) r.null();
  else if (cfg.period === 'rolling') r.bulk(key.slice(b.name.length + 1));
  else r.bulk(currentPeriod(cfg.period, cfg.tz, now).id);
  r.bulk('key');
  r.bulk(key);
  r.bulk('members');
  r.integer(viewSize(v));
}

type Op = Mode | 'decr';

/** The last millisecond of year 9999: calendars (Intl) stop far beyond, ids stay 4-digit years. */
const MAX_AT = 253_402_300_799_999;

/** AT <unix ms>: the instant a write belongs to (propagated so that replays pick the same period). */
function atArg(s: string): number {
  const t = intArg(s);
  if (t < 0) fail(Err.countPositive);
  if (t > MAX_AT) fail(Err.notInteger);
  return t;
}

function lbSubmitCommand(c: Client, args: string[]): void {
  const member = args[2];
  const value = doubleArg(args[3]);
  let op: Op | undefined;
  let at: number | undefined;
  for (let i = 4; i < args.length; i++) {
    const o = args[i].toUpperCase();
    if ((o === 'BEST' || o === 'SET' || o === 'INCR' || o === 'DECR') && op === undefined) op = o.toLowerCase() as Op;
    else if (o === 'AT' && i + 1 < args.length && at === undefined) at = atArg(args[++i]);
    else fail(Err.syntax);
  }
  const b = loadBoard(c, args[1]);
  const cfg = b.cfg;
  const mode: Op = op ?? cfg.mode;
  if (cfg.period === 'rolling' && (cfg.mode === 'incr' ? mode !== 'incr' && mode !== 'decr' : mode !== 'best')) fail(LbErr.modeMismatch);
  const now = c.engine.keyspace.now;
  const when = at ?? now;
  const t = writeTarget(b, when);
  if (t.expireAt !== 0 && t.expireAt < now) fail(LbErr.expiredPeriod);
  const tie = cfg.tie !== 'none';
  const pub = writeKey(c, t.key, 'zset')?.value as SortedSet | undefined;
  const rolling = cfg.period === 'rolling';
  const before = rolling ? rollingView(c, b, now) : setView(c, t.key, cfg, false); // checks the arrival keys' types too

  const prev = standing(before, member);
  // A TIEBREAK board's own view decides (a member ZADDed around LB.SUBMIT is new to the board).
  const cur = tie ? prev?.[1] : pub?.score(member);
  let next: number;
  if (mode === 'set') next = value;
  else if (mode === 'best') next = cur === undefined || (cfg.desc ? value > cur : value < cur) ? value : cur;
  else {
    next = (cur ?? 0) + (mode === 'decr' ? -value : value);
    if (Number.isNaN(next)) fail(ZErr.scoreNaN);
  }

  if (cur === undefined || next !== cur) {
    writeScore(c, t.key, t.expireAt, pub, member, next, mode === 'best' || mode === 'set' ? 'zadd' : 'zincr');
    if (tie) writeArrival(c, b, t.key, t.expireAt, member, next);
  }
  if (cfg.period !== null && at === undefined) c.engine.rewriteAs([...args, 'AT', String(when)]);

  const after = standing(rolling ? rollingAfter(c, b, now, before, member) : setView(c, t.key, cfg, false), member);
  const r = c.reply;
  r.array(4);
  if (prev === null) r.null();
  else r.double(prev[1]);
  if (after === null) r.null();
  else r.double(after[1]);
  if (prev === null) r.null();
  else r.integer(prev[0]);
  if (after === null) r.null();
  else r.integer(after[0]);
}

/** [rank, score] of a member in a view, null when absent. */
export function standing(v: View, member: string): [number, number] | null {
  const k = keyOf(v, member);
  if (k === undefined) return null;
  return [rankOfKey(v, k), (v.z as SortedSet).score(k) as number];
}

function zsetAt(c: Client, key: string, expireAt: number, z: SortedSet | undefined): SortedSet {
  if (z !== undefined) return z;
  const n = new SortedSet();
  c.db.set(key, 'zset', n, expireAt);
  return n;
}

function writeScore(c: Client, key: string, expireAt: number, pub: SortedSet | undefined, member: string, score: number, event: string): void {
  const z = zsetAt(c, key, expireAt, pub);
  z.add(member, score);
  fitEncoding(c, z);
  c.engine.modified(c.db, key, 'z', event);
}

/** A new arrival for a member whose score changed: next sequence number, re-keyed in :ties. */
function writeArrival(c: Client, b: Board, key: string, expireAt: number, member: string, score: number): void {
  const cfg = c.engine.config;
  const maxEntries = cfg.int('hash-max-listpack-entries');
  const maxValue = cfg.int('hash-max-listpack-value');
  const meta = b.meta as HashValue; // TIEBREAK is only ever set by LB.CREATE, which writes the meta
  const seq = Number(meta.get('seq') ?? '0') + 1;
  meta.set('seq', String(seq), maxEntries, maxValue);
  c.engine.modified(c.db, metaKey(b.name), 'h', 'hset');

  const code = arrivalCode(seq, complementArrival(b.cfg));
  const tk = tiesKey(key);
  const ak = arrivalKey(key);
  const ties = zsetAt(c, tk, expireAt, writeKey(c, tk, 'zset')?.value as SortedSet | undefined);
  let arrival = writeKey(c, ak, 'hash')?.value as HashValue | undefined;
  if (arrival === undefined) {
    arrival = new HashValue();
    c.db.set(ak, 'hash', arrival, expireAt);
  }
  const old = arrival.get(member);
  if (old !== undefined) ties.delete(old + member);
  ties.add(code + member, score);
  fitEncoding(c, ties);
  c.engine.modified(c.db, tk, 'z', 'zadd');
  arrival.set(member, code, maxEntries, maxValue);
  c.engine.modified(c.db, ak, 'h', 'hset');
}

/**
 * LB.REMOVE board member [AT ms] → 1 when the member was on the current period's board, else 0.
 * On a rolling board the member leaves every live bucket.
 */
function lbRemoveCommand(c: Client, args: string[]): void {
  const member = args[2];
  let at: number | undefined;
  for (let i = 3; i < args.length; i++) {
    if (args[i].toUpperCase() === 'AT' && i + 1 < args.length && at === undefined) at = atArg(args[++i]);
    else fail(Err.syntax);
  }
  const b = loadBoard(c, args[1]);
  const when = at ?? c.engine.keyspace.now;
  const keys = removalKeys(b, when);
  const tie = b.cfg.tie !== 'none';
  // Every type is checked before anything changes.
  for (const key of keys) {
    writeKey(c, key, 'zset');
    if (tie) {
      writeKey(c, tiesKey(key), 'zset');
      writeKey(c, arrivalKey(key), 'hash');
    }
  }
  let removed = 0;
  for (const key of keys) {
    const pub = writeKey(c, key, 'zset')?.value as SortedSet | undefined;
    if (pub !== undefined && pub.delete(member) !== undefined) {
      removed = 1;
      c.engine.modified(c.db, key, 'z', 'zrem');
      deleteIfEmpty(c, key, pub);
    }
    if (tie) removeArrival(c, key, member);
  }
  if (b.cfg.period !== null && at === undefined) c.engine.rewriteAs([...args, 'AT', String(when)]);
  c.reply.integer(removed);
}

function removalKeys(b: Board, when: number): string[] {
  const t = writeTarget(b, when);
  if (b.cfg.period !== 'rolling') return [t.key];
  const ms = bucketMs(b.cfg.window, b.cfg.buckets);
  const last = Math.floor(when / ms);
  const keys: string[] = [];
  for (let bucket = last - b.cfg.buckets + 1; bucket <= last; bucket++) keys.push(b.name + ':b' + bucket);
  return keys;
}

function removeArrival(c: Client, key: string, member: string): void {
  const tk = tiesKey(key);
  const ak = arrivalKey(key);
  const arrival = writeKey(c, ak, 'hash')?.value as HashValue | undefined;
  const code = arrival?.get(member);
  if (arrival === undefined || code === undefined) return;
  arrival.delete(member);
  c.engine.modified(c.db, ak, 'h', 'hdel');
  if (arrival.size === 0) {
    c.db.delete(ak);
    c.engine.notify('g', 'del', c.db.id, ak);
  }
  const ties = writeKey(c, tk, 'zset')?.value as SortedSet | undefined;
  if (ties !== undefined && ties.delete(code + member) !== undefined) {
    c.engine.modified(c.db, tk, 'z', 'zrem');
    deleteIfEmpty(c, tk, ties);
  }
}
