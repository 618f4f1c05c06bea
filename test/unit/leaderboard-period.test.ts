import { describe, expect, it } from 'vitest';
import {
  bucketExpireAt,
  bucketOf,
  canonicalZone,
  checkPeriodId,
  currentPeriod,
  isValidZone,
  isoWeek,
  localDate,
  oldestLiveBucket,
  periodAt,
  periodById,
  periodExpireAt,
  shiftPeriod,
  startOfDay,
  type PeriodKind,
} from '../../server/store/leaderboard-period.ts';
import { seededRandom } from '../../server/lib/random.ts';

const iso = (t: number) => new Date(t).toISOString();
const H = 3_600_000;

// An independent model of "the local date of t in a zone": en-CA formats dates as YYYY-MM-DD.
const caFormatters = new Map<string, Intl.DateTimeFormat>();
function modelDate(t: number, zone: string): string {
  let f = caFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    caFormatters.set(zone, f);
  }
  return f.format(t);
}

/** First minute whose local date is `date` (YYYY-MM-DD), by scanning minute by minute. */
function modelStartOfDay(date: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  let t = Date.UTC(y, m - 1, d) - 16 * H;
  while (modelDate(t, zone) < date) t += 15 * 60_000;
  // step back to the exact minute
  while (modelDate(t - 60_000, zone) >= date) t -= 60_000;
  return t;
}

describe('calendar days in a zone', () => {
  it('spring-forward days are 23 hours, fall-back days 25 (Europe/Berlin)', () => {
    const spring = periodAt('daily', 'Europe/Berlin', Date.UTC(2026, 2, 29, 12));
    expect(spring.id).toBe('2026-03-29');
    expect(iso(spring.start)).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(spring.end)).toBe('2026-03-29T22:00:00.000Z');
    const fall = periodAt('daily', 'Europe/Berlin', Date.UTC(2026, 9, 25, 12));
    expect(fall.id).toBe('2026-10-25');
    expect(iso(fall.start)).toBe('2026-10-24T22:00:00.000Z');
    expect((fall.end - fall.start) / H).toBe(25);
  });

  it('America/New_York DST days and the instants around midnight', () => {
    const spring = periodAt('daily', 'America/New_York', Date.UTC(2026, 2, 8, 12));
    expect([iso(spring.start), iso(spring.end)]).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    const fall = periodAt('daily', 'America/New_York', Date.UTC(2026, 10, 1, 12));
    expect([iso(fall.start), iso(fall.end)]).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    // one millisecond before local midnight is still the previous day
    expect(periodAt('daily', 'America/New_York', Date.UTC(2026, 10, 2, 5) - 1).id).toBe('2026-11-01');
    expect(periodAt('daily', 'America/New_York', Date.UTC(2026, 10, 2, 5)).id).toBe('2026-11-02');
  });

  it('a day whose midnight is skipped starts when the gap ends (America/Santiago)', () => {
    // Chile springs forward at 24:00 on Saturday 2026-09-05: 00:00 on the 6th does not exist.
    const p = periodAt('daily', 'America/Santiago', Date.UTC(2026, 8, 6, 12));
    expect(p.id).toBe('2026-09-06');
    expect(iso(p.start)).toBe('2026-09-06T04:00:00.000Z');
    expect(modelDate(p.start - 1, 'America/Santiago')).toBe('2026-09-05');
    expect((p.end - p.start) / H).toBe(23);
  });

  it('agrees with a minute-scanning model on random days in several zones', () => {
    const rnd = seededRandom(7);
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago'];
    for (let i = 0; i < 60; i++) {
      const zone = zones[i % zones.length];
      const t = Date.UTC(2020, 0, 1) + Math.floor(rnd() * 10 * 365 * 24 * H);
      const date = modelDate(t, zone);
      const p = periodAt('daily', zone, t);
      expect(p.id, `${zone} ${iso(t)}`).toBe(date);
      expect(p.start, `${zone} ${date}`).toBe(modelStartOfDay(date, zone));
      expect(p.start <= t && t < p.end).toBe(true);
      expect(modelDate(p.end, zone) > date && modelDate(p.end - 1, zone) === date).toBe(true);
    }
  });

  it('year boundaries follow the zone, not UTC', () => {
    const t = Date.UTC(2027, 0, 1, 3); // 22:00 on New Year's Eve in New York
    expect(periodAt('daily', 'America/New_York', t).id).toBe('2026-12-31');
    expect(periodAt('daily', 'UTC', t).id).toBe('2027-01-01');
    expect(periodAt('monthly', 'America/New_York', t).id).toBe('2026-12');
    expect(periodAt('daily', 'Pacific/Kiritimati', Date.UTC(2026, 11, 31, 10)).id).toBe('2027-01-01');
  });
});

describe('ISO weeks', () => {
  it('weeks start on Monday and belong to the year of their Thursday', () => {
    expect(isoWeek({ y: 2026, m: 1, d: 1 })).toEqual({ year: 2026, week: 1 }); // Thursday
    expect(isoWeek({ y: 2027, m: 1, d: 1 })).toEqual({ year: 2026, week: 53 }); // Friday
    expect(isoWeek({ y: 2024, m: 12, d: 30 })).toEqual({ year: 2025, week: 1 }); // Monday
    expect(isoWeek({ y: 2021, m: 1, d: 3 })).toEqual({ year: 2020, week: 53 }); // Sunday
    expect(isoWeek({ y: 2026, m: 11, d: 26 })).toEqual({ year: 2026, week: 48 });
  });

  it('weekly periods span Monday 00:00 to the next Monday in the zone', () => {
    const p = periodAt('weekly', 'Europe/Berlin', Date.UTC(2026, 2, 29, 12)); // Sunday of the DST change
    expect(p.id).toBe('2026-W13');
    expect(iso(p.start)).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(p.end)).toBe('2026-03-29T22:00:00.000Z');
    expect((p.end - p.start) / H).toBe(7 * 24 - 1);
    const y = periodAt('weekly', 'UTC', Date.UTC(2027, 0, 3, 23, 59));
    expect(y.id).toBe('2026-W53');
    expect(iso(y.start)).toBe('2026-12-28T00:00:00.000Z');
    expect(periodAt('weekly', 'UTC', Date.UTC(2027, 0, 4)).id).toBe('2027-W01');
  });

  it('weekly ids parse back only when the week exists', () => {
    expect(periodById('weekly', 'UTC', '2026-W53')?.start).toBe(Date.UTC(2026, 11, 28));
    expect(periodById('weekly', 'UTC', '2025-W53')).toBe(null);
    expect(periodById('weekly', 'UTC', '2026-W00')).toBe(null);
    expect(periodById('weekly', 'UTC', '2020-W53')?.start).toBe(Date.UTC(2020, 11, 28));
    expect(periodById('weekly', 'UTC', '2025-W01')?.start).toBe(Date.UTC(2024, 11, 30));
  });
});

describe('months and ids', () => {
  it('month ends, leap years', () => {
    const feb = periodAt('monthly', 'UTC', Date.UTC(2028, 1, 29, 23, 59));
    expect(feb.id).toBe('2028-02');
    expect(feb.end).toBe(Date.UTC(2028, 2, 1));
    const jan = periodAt('monthly', 'Europe/Berlin', Date.UTC(2026, 0, 31, 23, 30)); // 00:30 Feb 1 local
    expect(jan.id).toBe('2026-02');
    expect(iso(jan.start)).toBe('2026-01-31T23:00:00.000Z');
    const dec = periodAt('monthly', 'UTC', Date.UTC(2026, 11, 15));
    expect(iso(dec.end)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('validates daily and monthly ids', () => {
    expect(periodById('daily', 'UTC', '2026-02-29')).toBe(null);
    expect(periodById('daily', 'UTC', '2028-02-29')?.id).toBe('2028-02-29');
    expect(periodById('daily', 'UTC', '2026-2-01')).toBe(null);
    expect(periodById('daily', 'UTC', '2026-11')).toBe(null);
    expect(periodById('monthly', 'UTC', '2026-13')).toBe(null);
    expect(periodById('monthly', 'UTC', '2026-00')).toBe(null);
    expect(periodById('monthly', 'UTC', '2026-12')?.end).toBe(Date.UTC(2027, 0, 1));
    for (const [kind, id, ok] of [['daily', '2028-02-29', true], ['daily', '2026-02-29', false], ['weekly', '2026-W53', true], ['weekly', '2025-W53', false], ['monthly', '2026-12', true], ['monthly', '2026-12-01', false]] as const) {
      expect(checkPeriodId(kind, id), id).toBe(ok ? id : null);
    }
  });

  it('shifts across year boundaries and DST', () => {
    const kinds: [PeriodKind, string, string][] = [
      ['daily', '2027-01-01', '2026-12-31'],
      ['weekly', '2027-W01', '2026-W53'],
      ['monthly', '2027-01', '2026-12'],
    ];
    for (const [kind, id, prev] of kinds) {
      const p = periodById(kind, 'Europe/Berlin', id)!;
      const q = shiftPeriod(kind, 'Europe/Berlin', p, -1);
      expect(q.id).toBe(prev);
      expect(q.end).toBe(p.start);
      expect(shiftPeriod(kind, 'Europe/Berlin', q, 1)).toEqual(p);
    }
    const d = periodById('daily', 'Europe/Berlin', '2026-03-28')!;
    expect(shiftPeriod('daily', 'Europe/Berlin', d, 2).id).toBe('2026-03-30');
  });

  it('a period key expires at the last millisecond of period p+keep', () => {
    const p = periodById('daily', 'Europe/Berlin', '2026-03-28')!;
    expect(iso(periodExpireAt('daily', 'Europe/Berlin', p, 0))).toBe('2026-03-28T22:59:59.999Z');
    expect(iso(periodExpireAt('daily', 'Europe/Berlin', p, 1))).toBe('2026-03-29T21:59:59.999Z');
    expect(iso(periodExpireAt('daily', 'Europe/Berlin', p, 2))).toBe('2026-03-30T21:59:59.999Z');
  });

  it('currentPeriod (cached) equals periodAt at random instants', () => {
    const rnd = seededRandom(3);
    let t = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 400; i++) {
      t += Math.floor(rnd() * 30 * H);
      for (const kind of ['daily', 'weekly', 'monthly'] as const) {
        expect(currentPeriod(kind, 'America/New_York', t)).toEqual(periodAt(kind, 'America/New_York', t));
      }
    }
  });
});

describe('zones', () => {
  it('accepts IANA names and UTC, rejects others', () => {
    expect(isValidZone('Europe/Berlin')).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('')).toBe(false);
    expect(canonicalZone('europe/berlin')).toBe('Europe/Berlin');
    expect(localDate(Date.UTC(2026, 10, 26, 23, 30), 'Europe/Berlin')).toEqual({ y: 2026, m: 11, d: 27 });
  });

  it('startOfDay is the first instant of the local date', () => {
    expect(startOfDay({ y: 2026, m: 11, d: 26 }, 'Asia/Kolkata')).toBe(Date.UTC(2026, 10, 25, 18, 30));
  });
});

describe('rolling buckets', () => {
  it('buckets, live range and expiry', () => {
    const ms = 60_000;
    expect(bucketOf(0, ms)).toBe(0);
    expect(bucketOf(59_999, ms)).toBe(0);
    expect(bucketOf(60_000, ms)).toBe(1);
    expect(oldestLiveBucket(10 * ms + 5, ms, 3)).toBe(8);
    // bucket 8 is live until the end of bucket 10 (the last instant whose window still holds it)
    expect(bucketExpireAt(8, ms, 3)).toBe(11 * ms - 1);
    expect(oldestLiveBucket(11 * ms - 1, ms, 3)).toBe(8);
    expect(oldestLiveBucket(11 * ms, ms, 3)).toBe(9);
  });
});
