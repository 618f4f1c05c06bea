/**
 * What the LB.* commands share: loading a board's configuration, finding the key(s) of a period,
 * and "views" that answer board-order questions (rank 0 = best) over one sorted set.
 *
 * Keys of a board named B (documented in docs/leaderboards.md):
 *   B:meta                     hash, the configuration (absent: plain DESC BEST board on B)
 *   B                          the sorted set of a board without periods
 *   B:<period id>              the sorted set of a calendar period (B:2026-11-26, B:2026-W48, B:2026-11)
 *   B:b<bucket>                a rolling window's bucket, bucket = floor(ms / bucket length)
 *   <set key>:ties, :arrival   the arrival order of a TIEBREAK board (see server/store/leaderboard.ts)
 */
import type { Client } from '../../engine/client.ts';
import type { Database, Entry } from '../../store/keyspace.ts';
import { HashValue } from '../../store/hash-value.ts';
import { SortedSet } from '../../store/zset.ts';
import { fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import {
  ARRIVAL_LEN,
  DEFAULT_CONFIG,
  bucketMs,
  decodePageCursor,
  parseConfig,
  type BoardConfig,
} from '../../store/leaderboard.ts';
import { bucketExpireAt, bucketOf, checkPeriodId, currentPeriod, periodExpireAt, shiftPeriod } from '../../store/leaderboard-period.ts';

export const LbErr = {
  exists: 'ERR leaderboard already exists',
  corrupt: 'ERR leaderboard metadata is invalid',
  badZone: 'ERR invalid time zone',
  noPeriods: 'ERR leaderboard has no calendar periods',
  badPeriod: 'ERR invalid period',
  badCursor: 'ERR invalid cursor',
  rollingTie: 'ERR TIEBREAK is not supported on ROLLING boards',
  rollingMode: 'ERR ROLLING boards aggregate with MODE BEST or INCR only',
  rollingWindow: 'ERR ROLLING window must be at least 1 ms per bucket',
  calendarOnly: 'ERR TZ and KEEP need a DAILY, WEEKLY or MONTHLY period',
  modeMismatch: "ERR submission mode does not match the ROLLING board's aggregation",
  expiredPeriod: 'ERR the period of that time has already expired',
} as const;

export interface Board {
  name: string;
  cfg: BoardConfig;
  meta: HashValue | undefined;
}

export function metaKey(board: string): string {
  return board + ':meta';
}

export function tiesKey(setKey: string): string {
  return setKey + ':ties';
}

export function arrivalKey(setKey: string): string {
  return setKey + ':arrival';
}

/** The board's configuration (WRONGTYPE when B:meta is not a hash; an error when it is malformed). */
export function loadBoard(c: Client, name: string): Board {
  const e = writeKey(c, metaKey(name), 'hash');
  if (e === undefined) return { name, cfg: DEFAULT_CONFIG, meta: undefined };
  const meta = e.value as HashValue;
  const cfg = parseConfig((f) => meta.get(f));
  if (cfg === null) fail(LbErr.corrupt);
  return { name, cfg, meta };
}

/** Where a write at instant `at` goes: the set's key and the expiry its keys get when created. */
export interface WriteTarget {
  key: string;
  expireAt: number;
}

export function writeTarget(b: Board, at: number): WriteTarget {
  const cfg = b.cfg;
  if (cfg.period === null) return { key: b.name, expireAt: 0 };
  if (cfg.period === 'rolling') {
    const ms = bucketMs(cfg.window, cfg.buckets);
    const bucket = bucketOf(at, ms);
    return { key: b.name + ':b' + bucket, expireAt: bucketExpireAt(bucket, ms, cfg.buckets) };
  }
  const p = currentPeriod(cfg.period, cfg.tz, at);
  return { key: b.name + ':' + p.id, expireAt: periodExpireAt(cfg.period, cfg.tz, p, cfg.keep) };
}

/**
 * A board in board order over one sorted set `z`: ascending when !desc, else descending. On a
 * TIEBREAK board z is the ":ties" set whose members are arrival code + member.
 */
export interface View {
  z: SortedSet | undefined;
  desc: boolean;
  /** The arrival hash when z's members carry arrival codes; null otherwise. */
  arrival: HashValue | undefined | null;
}

export function viewSize(v: View): number {
  return v.z === undefined ? 0 : v.z.size;
}

/** The ordering key of a member in v.z, or undefined when the member is not on the board. */
export function keyOf(v: View, member: string): string | undefined {
  if (v.z === undefined) return undefined;
  if (v.arrival === null) return v.z.has(member) ? member : undefined;
  const code = v.arrival?.get(member);
  if (code === undefined) return undefined;
  const key = code + member;
  return v.z.has(key) ? key : undefined;
}

export function memberOf(v: View, key: string): string {
  return v.arrival === null ? key : key.slice(ARRIVAL_LEN);
}

/** Board rank (0 = best) of an ordering key present in v.z. */
export function rankOfKey(v: View, key: string): number {
  const z = v.z as SortedSet;
  const r = z.rank(key);
  return v.desc ? z.size - 1 - r : r;
}

/** Replies `count` entries from board rank `start` as [rank, member, score] triples. */
export function replyEntries(c: Client, v: View, start: number, count: number): void {
  const size = viewSize(v);
  const n = start >= size || count <= 0 ? 0 : Math.min(count, size - start);
  const r = c.reply;
  r.array(n);
  if (n === 0) return;
  const z = v.z as SortedSet;
  const cur = z.cursor(v.desc ? size - 1 - start : start, v.desc);
  for (let i = 0; i < n; i++, cur.advance()) {
    r.array(3);
    r.integer(start + i);
    r.bulk(memberOf(v, cur.member));
    r.double(cur.score);
  }
}

/** The board rank of the first entry strictly after page cursor `cursor` in board order. */
export function rankAfterCursor(v: View, cursor: string): number {
  const pos = decodePageCursor(cursor);
  if (pos === null) fail(LbErr.badCursor);
  const z = v.z;
  if (z === undefined) return 0;
  // less: entries ordered before (score, key) ascending; atOrBefore: those not after it.
  let less = z.scoreStart(pos.score, false);
  let hi = z.scoreEnd(pos.score, false);
  while (less < hi) {
    const mid = (less + hi) >>> 1;
    if (z.memberAt(mid) < pos.key) less = mid + 1;
    else hi = mid;
  }
  const atOrBefore = less < z.size && z.scoreAt(less) === pos.score && z.memberAt(less) === pos.key ? less + 1 : less;
  return v.desc ? z.size - less : atOrBefore;
}

// --- which set a read looks at ------------------------------------------------------------------

/**
 * The view a read uses. `period` is the PERIOD argument (upper-cased keywords CURRENT/PREVIOUS or
 * an id), undefined when absent. Rolling boards merge their live buckets (see rollingView).
 */
export function readView(c: Client, b: Board, period: string | undefined): View {
  const cfg = b.cfg;
  const now = c.engine.keyspace.now;
  const up = period?.toUpperCase();
  if (cfg.period === null || cfg.period === 'rolling') {
    if (period !== undefined && up !== 'CURRENT') fail(LbErr.noPeriods);
    if (cfg.period === 'rolling') return rollingView(c, b, now);
    return setView(c, b.name, cfg);
  }
  let key: string;
  if (period === undefined || up === 'CURRENT') {
    key = b.name + ':' + currentPeriod(cfg.period, cfg.tz, now).id;
  } else if (up === 'PREVIOUS') {
    key = b.name + ':' + shiftPeriod(cfg.period, cfg.tz, currentPeriod(cfg.period, cfg.tz, now), -1).id;
  } else {
    const id = checkPeriodId(cfg.period, period);
    if (id === null) fail(LbErr.badPeriod);
    key = b.name + ':' + id;
  }
  return setView(c, key, cfg);
}

/**
 * The view of one stored set (with its arrival structures on a TIEBREAK board). Writes pass
 * read = false: like Redis's write commands they do not count keyspace hits and misses.
 */
export function setView(c: Client, key: string, cfg: BoardConfig, read = true): View {
  const pub = (read ? readKey(c, key, 'zset') : writeKey(c, key, 'zset'))?.value as SortedSet | undefined;
  if (cfg.tie === 'none') return { z: pub, desc: cfg.desc, arrival: null };
  const ties = writeKey(c, tiesKey(key), 'zset')?.value as SortedSet | undefined;
  const arrival = writeKey(c, arrivalKey(key), 'hash')?.value as HashValue | undefined;
  return { z: ties, desc: cfg.desc, arrival };
}

/**
 * The live buckets of a rolling board merged into one set: INCR boards sum a member's scores,
 * BEST boards keep its best (max on DESC, min on ASC). Building it costs O(entries in the window);
 * the result is cached (see RollingCache) and reused while nothing was written.
 */
export function rollingView(c: Client, b: Board, now: number): View {
  const first = oldestBucket(b, now);
  const entries = liveEntries(c, b, first);
  const cacheKey = c.db.id + '|' + b.name;
  const cached = caches(c).get(cacheKey);
  if (cached !== undefined && cached.db === c.db && cached.meta === b.meta && cached.sig === signature(b.cfg) && cached.first === first && sameBuckets(cached, entries)) {
    return cached.view;
  }
  const cfg = b.cfg;
  const acc = new Map<string, number>();
  for (const e of entries) {
    if (e === undefined) continue;
    (e.value as SortedSet).forEach((m: string, s: number) => {
      const prev = acc.get(m);
      acc.set(m, prev === undefined ? s : fold(cfg, prev, s));
    });
  }
  let view: View;
  if (acc.size === 0) view = { z: undefined, desc: cfg.desc, arrival: null };
  else {
    const members = [...acc.keys()];
    const scores = new Float64Array(members.length);
    for (let i = 0; i < members.length; i++) scores[i] = finish(acc.get(members[i]) as number);
    view = { z: SortedSet.from(members, scores), desc: cfg.desc, arrival: null };
  }
  remember(c, cacheKey, snapshot(c, b, first, entries, view));
  return view;
}

/**
 * After LB.SUBMIT changed one member of a rolling board: the cached merge `before` (built or
 * reused by this command) gets that member's new merged score and is re-stamped, so a stream of
 * submissions costs O(buckets + log M) each instead of a rebuild.
 */
export function rollingAfter(c: Client, b: Board, now: number, before: View, member: string): View {
  const s = rollingScore(c, b, now, member);
  let view = before;
  if (s !== undefined) {
    if (before.z === undefined) view = { z: new SortedSet(), desc: before.desc, arrival: null };
    (view.z as SortedSet).add(member, s);
  }
  const first = oldestBucket(b, now);
  remember(c, c.db.id + '|' + b.name, snapshot(c, b, first, liveEntries(c, b, first), view));
  return view;
}

/**
 * A merged rolling view stays valid while the window did not move and every live bucket key still
 * holds the same entry with the same set, unchanged (SortedSet.mods): deletion, expiry, FLUSHALL,
 * RENAME and any write to a bucket (LB or plain ZADD) are all seen, and writes elsewhere do not
 * matter. The board's meta hash and configuration are compared too (a re-created board is another board).
 */
interface RollingCache {
  db: Database;
  meta: HashValue | undefined;
  sig: string;
  first: number;
  entries: (Entry | undefined)[];
  sets: (SortedSet | undefined)[];
  mods: number[];
  view: View;
}

function snapshot(c: Client, b: Board, first: number, entries: (Entry | undefined)[], view: View): RollingCache {
  const sets = entries.map((e) => e?.value as SortedSet | undefined);
  return { db: c.db, meta: b.meta, sig: signature(b.cfg), first, entries, sets, mods: sets.map((z) => (z === undefined ? -1 : z.mods)), view };
}

const MAX_CACHED_BOARDS = 64;
const rollingCaches = new WeakMap<object, Map<string, RollingCache>>();

function caches(c: Client): Map<string, RollingCache> {
  let m = rollingCaches.get(c.engine);
  if (m === undefined) {
    m = new Map();
    rollingCaches.set(c.engine, m);
  }
  return m;
}

function remember(c: Client, key: string, entry: RollingCache): void {
  const m = caches(c);
  m.delete(key);
  if (m.size >= MAX_CACHED_BOARDS) m.delete(m.keys().next().value as string);
  m.set(key, entry);
}

function signature(cfg: BoardConfig): string {
  return cfg.mode + (cfg.desc ? '>' : '<') + cfg.window + '/' + cfg.buckets;
}

function sameBuckets(cached: RollingCache, entries: (Entry | undefined)[]): boolean {
  if (cached.entries.length !== entries.length) return false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e !== cached.entries[i]) return false;
    if (e === undefined) continue;
    const z = e.value as SortedSet;
    if (z !== cached.sets[i] || z.mods !== cached.mods[i]) return false;
  }
  return true;
}

function oldestBucket(b: Board, now: number): number {
  return bucketOf(now, bucketMs(b.cfg.window, b.cfg.buckets)) - b.cfg.buckets + 1;
}

/** The live buckets' entries, oldest first (no keyspace hit/miss stats: one read looks at many). */
function liveEntries(c: Client, b: Board, first: number): (Entry | undefined)[] {
  const out: (Entry | undefined)[] = [];
  for (let bucket = first; bucket < first + b.cfg.buckets; bucket++) out.push(writeKey(c, b.name + ':b' + bucket, 'zset'));
  return out;
}

/** One member's score in the rolling window (as rollingView computes it), undefined when absent. */
export function rollingScore(c: Client, b: Board, now: number, member: string): number | undefined {
  let acc: number | undefined;
  for (const e of liveEntries(c, b, oldestBucket(b, now))) {
    const s = (e?.value as SortedSet | undefined)?.score(member);
    if (s !== undefined) acc = acc === undefined ? s : fold(b.cfg, acc, s);
  }
  return acc === undefined ? undefined : finish(acc);
}

function fold(cfg: BoardConfig, acc: number, s: number): number {
  if (cfg.mode === 'incr') return acc + s;
  return (cfg.desc ? s > acc : s < acc) ? s : acc;
}

/** inf + -inf across buckets is NaN: 0, as ZUNIONSTORE's SUM makes it. */
function finish(s: number): number {
  return Number.isNaN(s) ? 0 : s;
}
