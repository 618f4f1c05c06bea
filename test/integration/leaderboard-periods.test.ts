import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seededRandom } from '../../server/lib/random.ts';

let t: TestServer;
let r: Redis;
let now = 0;
const H = 3_600_000;
const propagated: string[][] = [];

async function q(...args: (string | number)[]): Promise<unknown> {
  try {
    return await r.call(String(args[0]), ...args.slice(1).map(String));
  } catch (e) {
    return (e as Error).message;
  }
}

const members = (entries: unknown) => (entries as [number, string, string][]).map((e) => e[1]);

beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  t.server.engine.propagators.push({ propagate: (_db, argv) => propagated.push(argv) });
  r = t.client();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  now = Date.UTC(2026, 10, 26, 12);
  await r.flushall();
  propagated.length = 0;
});

describe('calendar periods', () => {
  it('a daily board in Europe/Berlin rolls over at local midnight; PREVIOUS and ids stay readable', async () => {
    await q('lb.create', 'd', 'PERIOD', 'DAILY', 'TZ', 'Europe/Berlin');
    now = Date.UTC(2026, 10, 26, 22, 59, 59, 999); // 23:59:59.999 in Berlin
    expect(await q('lb.submit', 'd', 'ann', '10')).toEqual([null, '10', null, 0]);
    now += 1; // midnight in Berlin
    expect(await q('lb.submit', 'd', 'bob', '5')).toEqual([null, '5', null, 0]);
    expect(await q('lb.top', 'd', '10')).toEqual([[0, 'bob', '5']]);
    expect(await q('lb.top', 'd', '10', 'PERIOD', 'PREVIOUS')).toEqual([[0, 'ann', '10']]);
    expect(await q('lb.top', 'd', '10', 'PERIOD', '2026-11-26')).toEqual([[0, 'ann', '10']]);
    expect(await q('lb.rank', 'd', 'ann', 'PERIOD', 'previous')).toEqual([0, '10']);
    expect(await q('lb.rank', 'd', 'ann')).toBe(null);
    expect(await q('zrange', 'd:2026-11-26', '0', '-1', 'WITHSCORES')).toEqual(['ann', '10']);
    expect(await q('zrange', 'd:2026-11-27', '0', '-1', 'WITHSCORES')).toEqual(['bob', '5']);
    expect(await q('lb.top', 'd', '10', 'PERIOD', '2026-11-31')).toBe('ERR invalid period');
    expect(await q('lb.top', 'd', '10', 'PERIOD', '2026-W48')).toBe('ERR invalid period');
  });

  it('period keys expire after KEEP periods (an injected clock, no sleeping)', async () => {
    await q('lb.create', 'd', 'PERIOD', 'DAILY', 'TZ', 'Europe/Berlin', 'KEEP', '1');
    await q('lb.submit', 'd', 'ann', '10');
    // readable through the end of the next Berlin day (2026-11-27 ends at 23:00 UTC)
    expect(await q('pexpiretime', 'd:2026-11-26')).toBe(Date.UTC(2026, 10, 27, 23) - 1);
    now = Date.UTC(2026, 10, 27, 23) - 1;
    expect(await q('lb.top', 'd', '5', 'PERIOD', 'PREVIOUS')).toEqual([[0, 'ann', '10']]);
    now += 1;
    expect(await q('lb.top', 'd', '5', 'PERIOD', '2026-11-26')).toEqual([]);
    expect(await q('exists', 'd:2026-11-26')).toBe(0);

    await q('lb.create', 'k0', 'PERIOD', 'MONTHLY', 'TZ', 'America/New_York', 'KEEP', '0', 'TIEBREAK', 'FIRST');
    now = Date.UTC(2026, 10, 30, 12);
    await q('lb.submit', 'k0', 'x', '1');
    const end = Date.UTC(2026, 11, 1, 5) - 1; // midnight Dec 1 in New York is 05:00 UTC
    for (const k of ['k0:2026-11', 'k0:2026-11:ties', 'k0:2026-11:arrival']) expect(await q('pexpiretime', k), k).toBe(end);
    expect(await q('pexpiretime', 'k0:meta')).toBe(-1);
  });

  it('weekly boards use ISO weeks in the zone, across the year boundary', async () => {
    await q('lb.create', 'w', 'PERIOD', 'WEEKLY', 'KEEP', '2');
    now = Date.UTC(2027, 0, 3, 23, 59); // Sunday: still 2026-W53
    await q('lb.submit', 'w', 'a', '1');
    now = Date.UTC(2027, 0, 4); // Monday: 2027-W01
    await q('lb.submit', 'w', 'b', '2');
    expect(await q('keys', 'w:*')).toEqual(expect.arrayContaining(['w:2026-W53', 'w:2027-W01']));
    expect(members(await q('lb.top', 'w', '5', 'PERIOD', 'previous'))).toEqual(['a']);
    expect(members(await q('lb.top', 'w', '5', 'PERIOD', '2027-W01'))).toEqual(['b']);
    expect((await q('lb.info', 'w') as unknown[]).slice(16)).toEqual(['current', '2027-W01', 'key', 'w:2027-W01', 'members', 1]);
  });

  it('AT picks the period of a given instant; an expired period is refused', async () => {
    await q('lb.create', 'd', 'PERIOD', 'DAILY', 'KEEP', '2');
    expect(await q('lb.submit', 'd', 'old', '3', 'AT', Date.UTC(2026, 10, 25, 8))).toEqual([null, '3', null, 0]);
    expect(await q('zscore', 'd:2026-11-25', 'old')).toBe('3');
    expect(await q('lb.submit', 'd', 'old', '3', 'AT', Date.UTC(2026, 10, 23, 8))).toBe('ERR the period of that time has already expired');
    expect(await q('lb.remove', 'd', 'old', 'AT', Date.UTC(2026, 10, 25, 9))).toBe(1);
  });
});

describe('propagation', () => {
  it('time-dependent writes propagate with AT and replay to the same keys on a server with another clock', async () => {
    await q('lb.create', 'd', 'PERIOD', 'DAILY', 'TZ', 'America/New_York', 'TIEBREAK', 'FIRST');
    now = Date.UTC(2026, 10, 27, 4, 59); // 23:59 on the 26th in New York
    await q('lb.submit', 'd', 'a', '5');
    await q('lb.submit', 'd', 'b', '5');
    await q('lb.submit', 'd', 'c', '5');
    await q('lb.submit', 'd', 'a', '1'); // BEST, no change: nothing propagated
    await q('lb.remove', 'd', 'b');
    await q('lb.remove', 'd', 'zz'); // nothing removed: nothing propagated
    const at = String(now);
    expect(propagated).toEqual([
      ['lb.create', 'd', 'PERIOD', 'DAILY', 'TZ', 'America/New_York', 'TIEBREAK', 'FIRST'],
      ['lb.submit', 'd', 'a', '5', 'AT', at],
      ['lb.submit', 'd', 'b', '5', 'AT', at],
      ['lb.submit', 'd', 'c', '5', 'AT', at],
      ['lb.remove', 'd', 'b', 'AT', at],
    ]);
    const later = Date.UTC(2026, 10, 27, 15); // the next New York day
    const replica = await startTestServer({ clock: { now: () => later } });
    try {
      const r2 = replica.client();
      for (const argv of propagated) await r2.call(argv[0], ...argv.slice(1));
      // the replica's clock is a New York day later: the writes landed in the 26th all the same
      expect(await r2.call('lb.top', 'd', '10', 'PERIOD', 'previous')).toEqual([[0, 'a', '5'], [1, 'c', '5']]);
      const dump = async (c: Redis) => [
        await c.call('zrange', 'd:2026-11-26', '0', '-1', 'WITHSCORES'),
        await c.call('zrange', 'd:2026-11-26:ties', '0', '-1', 'WITHSCORES'),
        await c.call('lb.top', 'd', '10', 'PERIOD', '2026-11-26'),
        await c.hgetall('d:meta'),
        await c.call('pexpiretime', 'd:2026-11-26'),
      ];
      expect(await dump(r2)).toEqual(await dump(r));
    } finally {
      await replica.close();
    }
  });

  it('boards without periods propagate verbatim', async () => {
    await q('lb.submit', 'p', 'a', '5');
    expect(propagated).toEqual([['lb.submit', 'p', 'a', '5']]);
  });
});

describe('rolling windows', () => {
  it('INCR boards sum the live buckets; buckets leave the window and expire', async () => {
    await q('lb.create', 'r', 'MODE', 'INCR', 'PERIOD', 'ROLLING', '60', '3'); // 20 s buckets
    now = 1_800_000_000_000; // a bucket boundary (divisible by 20 000)
    expect(await q('lb.submit', 'r', 'a', '1')).toEqual([null, '1', null, 0]);
    now += 20_000;
    expect(await q('lb.submit', 'r', 'a', '2')).toEqual(['1', '3', 0, 0]);
    expect(await q('lb.submit', 'r', 'b', '2.5')).toEqual([null, '2.5', null, 1]);
    now += 20_000;
    expect(await q('lb.submit', 'r', 'b', '1', 'DECR')).toEqual(['2.5', '1.5', 1, 1]);
    expect(await q('lb.top', 'r', '5')).toEqual([[0, 'a', '3'], [1, 'b', '1.5']]);
    const first = 'r:b' + (1_800_000_000_000 / 20_000);
    expect(await q('pexpiretime', first)).toBe(1_800_000_000_000 + 60_000 - 1);
    now = 1_800_000_000_000 + 60_000 - 1; // the first bucket's last live instant
    expect(await q('lb.rank', 'r', 'a')).toEqual([0, '3']);
    now += 1; // first bucket out of the window
    expect(await q('lb.top', 'r', '5')).toEqual([[0, 'a', '2'], [1, 'b', '1.5']]);
    expect(await q('exists', first)).toBe(0);
    now += 40_000; // everything left the window
    expect(await q('lb.top', 'r', '5')).toEqual([]);
    expect(await q('lb.rank', 'r', 'a')).toBe(null);
    expect(await q('lb.submit', 'r', 'a', '1', 'BEST')).toBe("ERR submission mode does not match the ROLLING board's aggregation");
    expect(await q('lb.top', 'r', '5', 'PERIOD', 'PREVIOUS')).toBe('ERR leaderboard has no calendar periods');
  });

  it('BEST boards keep the best of the live buckets (max on DESC, min on ASC)', async () => {
    await q('lb.create', 'hi', 'PERIOD', 'ROLLING', '10', '2');
    await q('lb.create', 'lo', 'ASC', 'PERIOD', 'ROLLING', '10', '2');
    now = 1_800_000_000_000;
    for (const b of ['hi', 'lo']) {
      await q('lb.submit', b, 'a', '7');
      await q('lb.submit', b, 'b', '5');
    }
    now += 5_000;
    expect(await q('lb.submit', 'hi', 'a', '3')).toEqual(['7', '7', 0, 0]);
    expect(await q('lb.submit', 'lo', 'a', '3')).toEqual(['7', '3', 1, 0]);
    expect(await q('lb.submit', 'lo', 'a', '4')).toEqual(['3', '3', 0, 0]);
    now += 5_000; // the first bucket left
    expect(await q('lb.top', 'hi', '5')).toEqual([[0, 'a', '3']]);
    expect(await q('lb.top', 'lo', '5')).toEqual([[0, 'a', '3']]);
    expect(await q('lb.submit', 'hi', 'a', '1', 'INCR')).toBe("ERR submission mode does not match the ROLLING board's aggregation");
  });

  it('LB.REMOVE takes a member out of every live bucket', async () => {
    await q('lb.create', 'r', 'MODE', 'INCR', 'PERIOD', 'ROLLING', '60', '3');
    now = 1_800_000_000_000;
    await q('lb.submit', 'r', 'a', '1');
    await q('lb.submit', 'r', 'b', '1');
    now += 20_000;
    await q('lb.submit', 'r', 'a', '1');
    expect(await q('lb.remove', 'r', 'a')).toBe(1);
    expect(await q('lb.top', 'r', '5')).toEqual([[0, 'b', '1']]);
    expect((propagated.at(-1) as string[]).slice(0, 4)).toEqual(['lb.remove', 'r', 'a', 'AT']);
  });
});

describe('rolling windows under interleaved writes (the merged view is cached)', () => {
  it('reads always equal a merge of the live buckets read with ZRANGE', async () => {
    const rnd = seededRandom(1234);
    for (const [desc, mode] of [[true, 'INCR'], [false, 'BEST'], [true, 'BEST']] as const) {
      await r.flushall();
      const board = 'rw';
      const create = () => q('lb.create', board, desc ? 'DESC' : 'ASC', 'MODE', mode, 'PERIOD', 'ROLLING', '40', '4'); // 10 s buckets
      await create();
      now = 1_800_000_000_000;
      const model = async () => {
        const last = Math.floor(now / 10_000);
        const acc = new Map<string, number>();
        for (let b = last - 3; b <= last; b++) {
          const flat = (await r.zrange(`${board}:b${b}`, 0, -1, 'WITHSCORES')) as string[];
          for (let i = 0; i < flat.length; i += 2) {
            const [m, sc] = [flat[i], Number(flat[i + 1])];
            const prev = acc.get(m);
            acc.set(m, prev === undefined ? sc : mode === 'INCR' ? prev + sc : desc ? Math.max(prev, sc) : Math.min(prev, sc));
          }
        }
        const rows = [...acc.entries()].sort(([ma, a], [mb, b]) => (a !== b ? (desc ? b - a : a - b) : (desc ? (ma < mb ? 1 : -1) : ma < mb ? -1 : 1)));
        return rows.map(([m, sc], i) => [i, m, String(sc)]);
      };
      for (let step = 0; step < 250; step++) {
        const m = 'p' + Math.floor(rnd() * 12);
        const x = rnd();
        const bucketKey = `${board}:b${Math.floor(now / 10_000) - Math.floor(rnd() * 4)}`;
        if (x < 0.45) await q('lb.submit', board, m, Math.floor(rnd() * 20));
        else if (x < 0.55) now += Math.floor(rnd() * 8_000);
        else if (x < 0.6) await q('lb.remove', board, m);
        else if (x < 0.65) await q('zadd', bucketKey, Math.floor(rnd() * 20), m); // behind LB's back
        else if (x < 0.68) await q('del', bucketKey);
        else if (x < 0.71) await q('pexpire', bucketKey, 1 + Math.floor(rnd() * 3000)); // expires without a write
        else if (x < 0.72) {
          await r.flushall();
          await create();
        } else if (x < 0.86) {
          expect(await q('lb.top', board, '100'), `step ${step}`).toEqual(await model());
        } else {
          const rows = await model();
          const row = rows.find((e) => e[1] === m);
          expect(await q('lb.rank', board, m), `step ${step}`).toEqual(row === undefined ? null : [row[0], row[2]]);
        }
      }
    }
  });
});

describe('LB.PAGE', () => {
  it('walks a board page by page; the cursor is nil after the last page', async () => {
    for (let i = 0; i < 7; i++) await q('lb.submit', 'g', `p${i}`, i % 3);
    const all = await q('lb.top', 'g', '100');
    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (await (cursor === null ? q('lb.page', 'g', 'COUNT', '3') : q('lb.page', 'g', 'COUNT', '3', 'AFTER', cursor))) as [string | null, unknown[]];
      seen.push(...page[1]);
      cursor = page[0];
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    // exactly one full page: no dangling cursor
    expect(((await q('lb.page', 'g', 'COUNT', '7')) as unknown[])[0]).toBe(null);
    expect(await q('lb.page', 'none', 'COUNT', '7')).toEqual([null, []]);
  });

  it('errors', async () => {
    await q('lb.submit', 'g', 'a', '1');
    expect(await q('lb.page', 'g', 'COUNT')).toBe("ERR wrong number of arguments for 'lb.page' command");
    expect(await q('lb.page', 'g', 'AFTER', 'x')).toBe('ERR syntax error');
    expect(await q('lb.page', 'g', 'AFTER', '1:YQ', 'PERIOD', 'current')).toBe('ERR syntax error');
    expect(await q('lb.page', 'g', 'COUNT', '0')).toBe('ERR count should be greater than 0');
    expect(await q('lb.page', 'g', 'COUNT', '1', 'AFTER', 'garbage')).toBe('ERR invalid cursor');
    expect(await q('lb.page', 'g', 'COUNT', '1', 'OFFSET', '1')).toBe('ERR syntax error');
  });

  it('no member whose score did not change is skipped or repeated while others change between pages', async () => {
    const rnd = seededRandom(99);
    for (const [desc, tie] of [[true, 'NONE'], [false, 'NONE'], [true, 'FIRST'], [false, 'LAST']] as const) {
      const board = `pg${desc}${tie}`;
      await q('lb.create', board, desc ? 'DESC' : 'ASC', 'TIEBREAK', tie, 'MODE', 'SET');
      for (let i = 0; i < 60; i++) await q('lb.submit', board, `m${i}`, Math.floor(rnd() * 10));
      const touched = new Set<string>();
      const counts = new Map<string, number>();
      let cursor: string | null = null;
      let guard = 0;
      do {
        const page = (await (cursor === null ? q('lb.page', board, 'COUNT', '7') : q('lb.page', board, 'COUNT', '7', 'AFTER', cursor))) as [string | null, [number, string, string][]];
        for (const [, m] of page[1]) counts.set(m, (counts.get(m) ?? 0) + 1);
        cursor = page[0];
        // between pages: change some scores, add and remove members (ranks shift everywhere)
        for (let k = 0; k < 5; k++) {
          const m = rnd() < 0.8 ? `m${Math.floor(rnd() * 60)}` : `new${guard}_${k}`;
          touched.add(m);
          if (rnd() < 0.2) await q('lb.remove', board, m);
          else await q('lb.submit', board, m, Math.floor(rnd() * 10));
        }
      } while (cursor !== null && ++guard < 100);
      let checked = 0;
      for (let i = 0; i < 60; i++) {
        const m = `m${i}`;
        if (touched.has(m)) continue;
        expect(counts.get(m), `${board} ${m}`).toBe(1);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    }
  });

  it('pages of a past period', async () => {
    await q('lb.create', 'd', 'PERIOD', 'DAILY');
    await q('lb.submit', 'd', 'a', '1');
    await q('lb.submit', 'd', 'b', '2');
    now += 24 * H;
    expect(await q('lb.page', 'd', 'COUNT', '1', 'PERIOD', 'previous')).toEqual([expect.any(String), [[0, 'b', '2']]]);
    const [cur] = (await q('lb.page', 'd', 'COUNT', '1', 'PERIOD', 'previous')) as [string];
    expect(await q('lb.page', 'd', 'COUNT', '1', 'AFTER', cur, 'PERIOD', '2026-11-26')).toEqual([null, [[1, 'a', '1']]]);
  });
});
