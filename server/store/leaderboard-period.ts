/**
 * Calendar periods and rolling windows of leaderboards: pure functions of (kind, zone, time).
 *
 * A calendar period is [start, end) in UTC milliseconds where start is the first instant of a local
 * day in the board's IANA zone (weeks start on Monday, ISO 8601; months on the 1st). Local days are
 * not always 24 h long (DST), and in a few zones local midnight does not exist on the day clocks
 * spring forward at 00:00, so a day's start is found as "the first instant whose local date is that
 * day" by a search over the zone's offsets (Intl.DateTimeFormat), never by adding 86 400 000 ms.
 * The search is not on any hot path: commands cache the current period (see currentPeriod).
 *
 * Period ids (also the suffix of the period's key): DAILY 2026-11-26, WEEKLY 2026-W48 (ISO week-year
 * and week), MONTHLY 2026-11.
 */

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

export interface Period {
  id: string;
  /** First instant (UTC ms) of the period. */
  start: number;
  /** First instant of the next period. */
  end: number;
}

/** A civil date (proleptic Gregorian; month 1-12). */
export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', era: 'short' });
    formatters.set(zone, f);
  }
  return f;
}

/** True when Intl knows the zone (IANA name such as Europe/Berlin, or UTC). */
export function isValidZone(zone: string): boolean {
  if (zone.length === 0) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling as Intl reports it (e.g. "utc" → "UTC"). */
export function canonicalZone(zone: string): string {
  return formatter(zone).resolvedOptions().timeZone;
}

/** The local calendar date of instant t in the zone. */
export function localDate(t: number, zone: string): CivilDate {
  let y = 0;
  let m = 0;
  let d = 0;
  let bc = false;
  for (const p of formatter(zone).formatToParts(t)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') m = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'era') bc = p.value === 'BC' || p.value === 'B';
  }
  return { y: bc ? 1 - y : y, m, d };
}

/** Days since 1970-01-01 of a civil date (any d, m overflow normalised by Date.UTC). */
export function dayNumber(c: CivilDate): number {
  return Math.floor(Date.UTC(c.y, c.m - 1, c.d) / 86_400_000);
}

function fromDayNumber(n: number): CivilDate {
  const dt = new Date(n * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** The civil date `days` after c. */
export function addDays(c: CivilDate, days: number): CivilDate {
  return fromDayNumber(dayNumber(c) + days);
}

/** ISO weekday: Monday 1 ... Sunday 7. */
export function isoWeekday(c: CivilDate): number {
  const wd = new Date(dayNumber(c) * 86_400_000).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** ISO 8601 week-year and week of a date (the week belongs to the year of its Thursday). */
export function isoWeek(c: CivilDate): { year: number; week: number } {
  const thursday = addDays(c, 4 - isoWeekday(c));
  const jan1 = dayNumber({ y: thursday.y, m: 1, d: 1 });
  return { year: thursday.y, week: Math.floor((dayNumber(thursday) - jan1) / 7) + 1 };
}

const MAX_OFFSET_MS = 27 * 3_600_000; // wider than any offset ever used (-12 h .. +14 h) plus slack

/**
 * The first instant whose local date in the zone is on or after c: local midnight, or the end of
 * the DST gap when midnight is skipped. Binary search: local dates only move forward with time
 * (a fall-back transition repeats an hour but never returns to the previous day in current tzdata).
 */
export function startOfDay(c: CivilDate, zone: string): number {
  const target = dayNumber(c);
  const utcMidnight = target * 86_400_000;
  let lo = utcMidnight - MAX_OFFSET_MS; // local date here is before c
  let hi = utcMidnight + MAX_OFFSET_MS; // and on or after c here
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (dayNumber(localDate(mid, zone)) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

function pad(n: number, w: number): string {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? '-' + s : s;
}

/** The id of the period that starts on local date c. */
function idOf(kind: PeriodKind, c: CivilDate): string {
  if (kind === 'daily') return `${pad(c.y, 4)}-${pad(c.m, 2)}-${pad(c.d, 2)}`;
  if (kind === 'monthly') return `${pad(c.y, 4)}-${pad(c.m, 2)}`;
  const w = isoWeek(c);
  return `${pad(w.year, 4)}-W${pad(w.week, 2)}`;
}

/** First local date of the period containing local date c. */
function firstDate(kind: PeriodKind, c: CivilDate): CivilDate {
  if (kind === 'daily') return c;
  if (kind === 'monthly') return { y: c.y, m: c.m, d: 1 };
  return addDays(c, 1 - isoWeekday(c));
}

/** First local date of the period after the one starting on `first`. */
function nextFirstDate(kind: PeriodKind, first: CivilDate): CivilDate {
  if (kind === 'daily') return addDays(first, 1);
  if (kind === 'weekly') return addDays(first, 7);
  return first.m === 12 ? { y: first.y + 1, m: 1, d: 1 } : { y: first.y, m: first.m + 1, d: 1 };
}

function prevFirstDate(kind: PeriodKind, first: CivilDate): CivilDate {
  if (kind === 'daily') return addDays(first, -1);
  if (kind === 'weekly') return addDays(first, -7);
  return first.m === 1 ? { y: first.y - 1, m: 12, d: 1 } : { y: first.y, m: first.m - 1, d: 1 };
}

function periodStartingOn(kind: PeriodKind, zone: string, first: CivilDate): Period {
  return { id: idOf(kind, first), start: startOfDay(first, zone), end: startOfDay(nextFirstDate(kind, first), zone) };
}

/** The period containing instant t. */
export function periodAt(kind: PeriodKind, zone: string, t: number): Period {
  return periodStartingOn(kind, zone, firstDate(kind, localDate(t, zone)));
}

const shifted = new Map<string, Period>();

/**
 * The period `k` steps after p (k < 0: before). Memoized (bounded): submissions ask for the same
 * expiry and reads for the same PREVIOUS period all day long, and each costs two zone searches.
 */
export function shiftPeriod(kind: PeriodKind, zone: string, p: Period, k: number): Period {
  const key = kind + '|' + zone + '|' + p.id + '|' + k;
  let q = shifted.get(key);
  if (q === undefined) {
    if (shifted.size >= 4096) shifted.clear();
    q = shiftUncached(kind, zone, p, k);
    shifted.set(key, q);
  }
  return q;
}

function shiftUncached(kind: PeriodKind, zone: string, p: Period, k: number): Period {
  let first = parsePeriodId(kind, p.id) as CivilDate;
  for (; k > 0; k--) first = nextFirstDate(kind, first);
  for (; k < 0; k++) first = prevFirstDate(kind, first);
  return periodStartingOn(kind, zone, first);
}

const DAILY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKLY_RE = /^(\d{4})-W(\d{2})$/;
const MONTHLY_RE = /^(\d{4})-(\d{2})$/;

/** The first local date of the period named `id`, or null when id is not a valid id of that kind. */
export function parsePeriodId(kind: PeriodKind, id: string): CivilDate | null {
  if (kind === 'daily') {
    const r = DAILY_RE.exec(id);
    if (r === null) return null;
    const c = { y: Number(r[1]), m: Number(r[2]), d: Number(r[3]) };
    const back = fromDayNumber(dayNumber(c));
    return back.y === c.y && back.m === c.m && back.d === c.d ? c : null;
  }
  if (kind === 'monthly') {
    const r = MONTHLY_RE.exec(id);
    if (r === null) return null;
    const c = { y: Number(r[1]), m: Number(r[2]), d: 1 };
    return c.m >= 1 && c.m <= 12 ? c : null;
  }
  const r = WEEKLY_RE.exec(id);
  if (r === null) return null;
  const year = Number(r[1]);
  const week = Number(r[2]);
  // Week 1 is the week with January 4th in it.
  const jan4 = { y: year, m: 1, d: 4 };
  const monday = addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
  if (week < 1 || isoWeek(monday).year !== year) return null;
  return monday;
}

/** The id itself when it names a period of the kind, else null (no zone search: cheap). */
export function checkPeriodId(kind: PeriodKind, id: string): string | null {
  const first = parsePeriodId(kind, id);
  return first === null ? null : idOf(kind, first);
}

/** The period named `id`, or null when the id is malformed for the kind. */
export function periodById(kind: PeriodKind, zone: string, id: string): Period | null {
  const first = parsePeriodId(kind, id);
  return first === null ? null : periodStartingOn(kind, zone, first);
}

/**
 * When the key of period p expires so that it stays readable for `keep` periods after its own:
 * the last millisecond of period p+keep (a key still exists at its expireAt, as in Redis).
 */
export function periodExpireAt(kind: PeriodKind, zone: string, p: Period, keep: number): number {
  return (keep === 0 ? p : shiftPeriod(kind, zone, p, keep)).end - 1;
}

const cache = new Map<string, Period>();

/**
 * periodAt with a one-entry cache per (kind, zone): the period of "now" changes once a day at most,
 * so submissions do not pay for the zone search.
 */
export function currentPeriod(kind: PeriodKind, zone: string, now: number): Period {
  const k = kind + '|' + zone;
  const p = cache.get(k);
  if (p !== undefined && now >= p.start && now < p.end) return p;
  const q = periodAt(kind, zone, now);
  cache.set(k, q);
  return q;
}

// --- rolling windows ---------------------------------------------------------------------------

/**
 * A rolling window of `buckets` buckets of `bucketMs` each: the bucket of instant t is
 * floor(t / bucketMs); the live buckets at t are the last `buckets` ones up to t's bucket.
 */
export function bucketOf(t: number, bucketMs: number): number {
  return Math.floor(t / bucketMs);
}

/** The oldest live bucket at instant t. */
export function oldestLiveBucket(t: number, bucketMs: number, buckets: number): number {
  return bucketOf(t, bucketMs) - buckets + 1;
}

/** The last millisecond bucket b is live (its key's expireAt). */
export function bucketExpireAt(b: number, bucketMs: number, buckets: number): number {
  return (b + buckets) * bucketMs - 1;
}
