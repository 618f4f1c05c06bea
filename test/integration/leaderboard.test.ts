import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { resp, startTestServer, type TestServer } from '../helpers/server.ts';
import { seededRandom } from '../../server/lib/random.ts';

let t: TestServer;
let r: Redis;
let now = Date.UTC(2026, 10, 26, 12);

/** A command's reply, or its error text. */
async function q(...args: (string | number)[]): Promise<unknown> {
  try {
    return await r.call(String(args[0]), ...args.slice(1).map(String));
  } catch (e) {
    return (e as Error).message;
  }
}

beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  r = t.client();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  now = Date.UTC(2026, 10, 26, 12);
  await r.flushall();
});

describe('LB.CREATE / LB.INFO', () => {
  it('stores the configuration in <board>:meta and reports it', async () => {
    expect(await q('lb.create', 'g')).toBe('OK');
    expect(await q('lb.info', 'g')).toEqual(['order', 'desc', 'mode', 'best', 'tiebreak', 'none', 'period', 'none', 'tz', 'UTC', 'keep', 1, 'window', 0, 'buckets', 0, 'current', null, 'key', 'g', 'members', 0]);
    expect(await r.hgetall('g:meta')).toEqual({ order: 'desc', mode: 'best', tiebreak: 'none', period: 'none', tz: 'UTC', keep: '1', window: '0', buckets: '0', seq: '0' });
    expect(await q('lb.create', 'w', 'asc', 'mode', 'incr', 'tiebreak', 'last', 'period', 'weekly', 'tz', 'europe/berlin', 'keep', '3')).toBe('OK');
    expect(await q('lb.info', 'w')).toEqual(['order', 'asc', 'mode', 'incr', 'tiebreak', 'last', 'period', 'weekly', 'tz', 'Europe/Berlin', 'keep', 3, 'window', 0, 'buckets', 0, 'current', '2026-W48', 'key', 'w:2026-W48', 'members', 0]);
    expect(await q('lb.create', 'r', 'MODE', 'INCR', 'PERIOD', 'ROLLING', '3600', '60')).toBe('OK');
    expect(await q('lb.info', 'r')).toEqual(['order', 'desc', 'mode', 'incr', 'tiebreak', 'none', 'period', 'rolling', 'tz', 'UTC', 'keep', 1, 'window', 3600, 'buckets', 60, 'current', `b${Math.floor(now / 60000)}`, 'key', `r:b${Math.floor(now / 60000)}`, 'members', 0]);
  });

  it('LB.INFO: nil for an unknown board, defaults for a plain sorted set', async () => {
    expect(await q('lb.info', 'nope')).toBe(null);
    await q('zadd', 'plain', '1', 'a', '2', 'b');
    expect(await q('lb.info', 'plain')).toEqual(['order', 'desc', 'mode', 'best', 'tiebreak', 'none', 'period', 'none', 'tz', 'UTC', 'keep', 1, 'window', 0, 'buckets', 0, 'current', null, 'key', 'plain', 'members', 2]);
    expect(await q('lb.rank', 'plain', 'b')).toEqual([0, '2']);
  });

  it('errors', async () => {
    expect(await q('lb.create')).toBe("ERR wrong number of arguments for 'lb.create' command");
    expect(await q('lb.create', 'g', 'SIDEWAYS')).toBe('ERR syntax error');
    expect(await q('lb.create', 'g', 'MODE')).toBe('ERR syntax error');
    expect(await q('lb.create', 'g', 'MODE', 'MAX')).toBe('ERR syntax error');
    expect(await q('lb.create', 'g', 'TIEBREAK', 'RANDOM')).toBe('ERR syntax error');
    expect(await q('lb.create', 'g', 'PERIOD', 'HOURLY')).toBe('ERR syntax error');
    expect(await q('lb.create', 'g', 'PERIOD', 'ROLLING', '60')).toBe('ERR syntax error');
    expect(await q('lb.create', 'g', 'PERIOD', 'ROLLING', '0', '10')).toBe('ERR value is out of range, must be positive');
    expect(await q('lb.create', 'g', 'PERIOD', 'ROLLING', 'x', '10')).toBe('ERR value is not an integer or out of range');
    expect(await q('lb.create', 'g', 'PERIOD', 'ROLLING', '1', '2000')).toBe('ERR ROLLING window must be at least 1 ms per bucket');
    expect(await q('lb.create', 'g', 'PERIOD', 'ROLLING', '60', '6', 'TIEBREAK', 'FIRST')).toBe('ERR TIEBREAK is not supported on ROLLING boards');
    expect(await q('lb.create', 'g', 'PERIOD', 'ROLLING', '60', '6', 'MODE', 'SET')).toBe('ERR ROLLING boards aggregate with MODE BEST or INCR only');
    expect(await q('lb.create', 'g', 'PERIOD', 'DAILY', 'TZ', 'Mars/Olympus')).toBe('ERR invalid time zone');
    expect(await q('lb.create', 'g', 'TZ', 'UTC')).toBe('ERR TZ and KEEP need a DAILY, WEEKLY or MONTHLY period');
    expect(await q('lb.create', 'g', 'PERIOD', 'ROLLING', '60', '6', 'KEEP', '2')).toBe('ERR TZ and KEEP need a DAILY, WEEKLY or MONTHLY period');
    expect(await q('lb.create', 'g', 'PERIOD', 'DAILY', 'KEEP', '-1')).toBe('ERR value is out of range, must be positive');
    expect(await q('exists', 'g:meta')).toBe(0); // nothing half-done
    expect(await q('lb.create', 'g')).toBe('OK');
    expect(await q('lb.create', 'g', 'ASC')).toBe('ERR leaderboard already exists');
    await q('set', 's', 'x');
    expect(await q('lb.create', 's')).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    await q('set', 'm:meta', 'x');
    expect(await q('lb.info', 'm')).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    await q('hset', 'bad:meta', 'order', 'up');
    expect(await q('lb.rank', 'bad', 'x')).toBe('ERR leaderboard metadata is invalid');
  });
});

describe('LB.SUBMIT', () => {
  it('BEST on a DESC board keeps the higher score; replies [prev score, new score, prev rank, new rank]', async () => {
    await q('lb.create', 'g');
    expect(await q('lb.submit', 'g', 'ann', '10')).toEqual([null, '10', null, 0]);
    expect(await q('lb.submit', 'g', 'bob', '20')).toEqual([null, '20', null, 0]);
    expect(await q('lb.submit', 'g', 'ann', '5')).toEqual(['10', '10', 1, 1]);
    expect(await q('lb.submit', 'g', 'ann', '30')).toEqual(['10', '30', 1, 0]);
    expect(await q('lb.submit', 'g', 'cid', '2.5')).toEqual([null, '2.5', null, 2]);
    expect(await q('zrange', 'g', '0', '-1', 'WITHSCORES')).toEqual(['cid', '2.5', 'bob', '20', 'ann', '30']);
  });

  it('SET, INCR, DECR and ASC boards', async () => {
    await q('lb.create', 'a', 'ASC');
    expect(await q('lb.submit', 'a', 'x', '50')).toEqual([null, '50', null, 0]);
    expect(await q('lb.submit', 'a', 'y', '40')).toEqual([null, '40', null, 0]);
    expect(await q('lb.submit', 'a', 'x', '45')).toEqual(['50', '45', 1, 1]);
    expect(await q('lb.submit', 'a', 'x', '39')).toEqual(['45', '39', 1, 0]);
    expect(await q('lb.submit', 'a', 'x', '60', 'SET')).toEqual(['39', '60', 0, 1]);
    expect(await q('lb.submit', 'a', 'x', '25', 'decr')).toEqual(['60', '35', 1, 0]);
    expect(await q('lb.submit', 'a', 'z', '7', 'INCR')).toEqual([null, '7', null, 0]);
    await q('lb.create', 'i', 'MODE', 'INCR');
    expect(await q('lb.submit', 'i', 'x', '1')).toEqual([null, '1', null, 0]);
    expect(await q('lb.submit', 'i', 'x', '1')).toEqual(['1', '2', 0, 0]);
    expect(await q('lb.submit', 'i', 'x', '5', 'BEST')).toEqual(['2', '5', 0, 0]);
    // integers stay exact up to 2^53
    expect(await q('lb.submit', 'i', 'big', '9007199254740991', 'SET')).toEqual([null, '9007199254740991', null, 0]);
  });

  it('a board without LB.CREATE is a DESC BEST board over the plain key', async () => {
    expect(await q('lb.submit', 'p', 'a', '3')).toEqual([null, '3', null, 0]);
    expect(await q('lb.submit', 'p', 'b', '4')).toEqual([null, '4', null, 0]);
    expect(await q('lb.submit', 'p', 'a', '1')).toEqual(['3', '3', 1, 1]);
    expect(await q('exists', 'p:meta')).toBe(0);
    expect(await q('type', 'p')).toBe('zset');
  });

  it('errors leave nothing written', async () => {
    expect(await q('lb.submit', 'g', 'm')).toBe("ERR wrong number of arguments for 'lb.submit' command");
    expect(await q('lb.submit', 'g', 'm', 'abc')).toBe('ERR value is not a valid float');
    expect(await q('lb.submit', 'g', 'm', 'nan')).toBe('ERR value is not a valid float');
    expect(await q('lb.submit', 'g', 'm', '1', 'BEST', 'SET')).toBe('ERR syntax error');
    expect(await q('lb.submit', 'g', 'm', '1', 'FAST')).toBe('ERR syntax error');
    expect(await q('lb.submit', 'g', 'm', '1', 'AT')).toBe('ERR syntax error');
    expect(await q('lb.submit', 'g', 'm', '1', 'AT', '-5')).toBe('ERR value is out of range, must be positive');
    expect(await q('lb.submit', 'g', 'm', '1', 'AT', '253402300800000')).toBe('ERR value is not an integer or out of range');
    expect(await q('lb.submit', 'g', 'm', '1', 'AT', '1.5')).toBe('ERR value is not an integer or out of range');
    expect(await q('exists', 'g')).toBe(0);
    expect(await q('lb.submit', 'g', 'm', 'inf', 'SET')).toEqual([null, 'inf', null, 0]);
    expect(await q('lb.submit', 'g', 'm', '-inf', 'INCR')).toBe('ERR resulting score is not a number (NaN)');
    expect(await q('lb.rank', 'g', 'm')).toEqual([0, 'inf']);
    await q('set', 's', 'x');
    expect(await q('lb.submit', 's', 'm', '1')).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    await q('lb.create', 't', 'TIEBREAK', 'FIRST');
    await q('set', 't:arrival', 'x');
    expect(await q('lb.submit', 't', 'm', '1')).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(await q('exists', 't', 't:ties')).toBe(0);
    expect(await q('hget', 't:meta', 'seq')).toBe('0');
  });
});

describe('tie-break by arrival', () => {
  async function order(board: string): Promise<string[]> {
    const top = (await q('lb.top', board, '100')) as [number, string, string][];
    return top.map((e) => e[1]);
  }

  it('DESC FIRST: who reached a score first ranks first; the public set keeps real members and scores', async () => {
    await q('lb.create', 'g', 'TIEBREAK', 'FIRST');
    for (const m of ['zed', 'amy', 'kim']) await q('lb.submit', 'g', m, '10');
    await q('lb.submit', 'g', 'top', '11');
    expect(await q('lb.top', 'g', '10')).toEqual([[0, 'top', '11'], [1, 'zed', '10'], [2, 'amy', '10'], [3, 'kim', '10']]);
    expect(await q('zrange', 'g', '0', '-1', 'WITHSCORES')).toEqual(['amy', '10', 'kim', '10', 'zed', '10', 'top', '11']);
    // reaching 10 later by INCR arrives last; a BEST that does not improve keeps its place
    await q('lb.submit', 'g', 'low', '4');
    expect(await q('lb.submit', 'g', 'low', '6', 'INCR')).toEqual(['4', '10', 4, 4]);
    expect(await q('lb.submit', 'g', 'zed', '9')).toEqual(['10', '10', 1, 1]);
    expect(await order('g')).toEqual(['top', 'zed', 'amy', 'kim', 'low']);
    // leaving the score and coming back is a new arrival
    await q('lb.submit', 'g', 'zed', '12');
    await q('lb.submit', 'g', 'zed', '10', 'SET');
    expect(await order('g')).toEqual(['top', 'amy', 'kim', 'low', 'zed']);
    expect(await q('lb.rank', 'g', 'kim')).toEqual([2, '10']);
  });

  it('DESC LAST, ASC FIRST, ASC LAST, and no tie-break (member order)', async () => {
    await q('lb.create', 'dl', 'TIEBREAK', 'LAST');
    await q('lb.create', 'af', 'ASC', 'TIEBREAK', 'FIRST');
    await q('lb.create', 'al', 'ASC', 'TIEBREAK', 'LAST');
    await q('lb.create', 'dn');
    await q('lb.create', 'an', 'ASC');
    for (const b of ['dl', 'af', 'al', 'dn', 'an']) {
      for (const m of ['b', 'c', 'a']) await q('lb.submit', b, m, '5');
      await q('lb.submit', b, 'hi', '9');
      await q('lb.submit', b, 'lo', '1');
    }
    expect(await order('dl')).toEqual(['hi', 'a', 'c', 'b', 'lo']);
    expect(await order('af')).toEqual(['lo', 'b', 'c', 'a', 'hi']);
    expect(await order('al')).toEqual(['lo', 'a', 'c', 'b', 'hi']);
    expect(await order('dn')).toEqual(['hi', 'c', 'b', 'a', 'lo']); // like ZREVRANGE
    expect(await order('an')).toEqual(['lo', 'a', 'b', 'c', 'hi']); // like ZRANGE
  });

  it('TIEBREAK on an existing sorted set adopts its members in ascending order', async () => {
    await q('zadd', 'old', '5', 'b', '5', 'a', '9', 'c');
    await q('zadd', 'old:ties', '1', 'stale'); // leftovers of an earlier board are replaced
    expect(await q('lb.create', 'old', 'TIEBREAK', 'FIRST')).toBe('OK');
    expect(await q('lb.top', 'old', '10')).toEqual([[0, 'c', '9'], [1, 'a', '5'], [2, 'b', '5']]);
    expect(await q('zcard', 'old:ties')).toBe(3);
    await q('lb.submit', 'old', 'd', '5');
    expect(await order('old')).toEqual(['c', 'a', 'b', 'd']);
    expect(await q('hget', 'old:meta', 'seq')).toBe('4');
  });

  it('matches a model under random submissions', async () => {
    const rnd = seededRandom(21);
    for (const [desc, tie] of [[true, 'FIRST'], [false, 'LAST'], [true, 'LAST'], [false, 'FIRST']] as const) {
      const board = `m${desc}${tie}`;
      await q('lb.create', board, desc ? 'DESC' : 'ASC', 'TIEBREAK', tie, 'MODE', 'SET');
      const model = new Map<string, { score: number; seq: number }>();
      let seq = 0;
      for (let i = 0; i < 300; i++) {
        const m = 'p' + Math.floor(rnd() * 25);
        const s = Math.floor(rnd() * 6);
        if (rnd() < 0.1) {
          await q('lb.remove', board, m);
          model.delete(m);
          continue;
        }
        await q('lb.submit', board, m, s);
        const cur = model.get(m);
        if (cur === undefined || cur.score !== s) model.set(m, { score: s, seq: ++seq });
      }
      const expected = [...model.entries()]
        .sort(([, a], [, b]) => {
          if (a.score !== b.score) return desc ? b.score - a.score : a.score - b.score;
          return tie === 'FIRST' ? a.seq - b.seq : b.seq - a.seq;
        })
        .map(([m]) => m);
      expect(await order(board)).toEqual(expected);
      for (const [i, m] of expected.entries()) expect(await q('lb.rank', board, m)).toEqual([i, String(model.get(m)!.score)]);
      expect(await q('zcard', board)).toBe(model.size);
    }
  });
});

describe('write path', () => {
  it('LB.SUBMIT invalidates WATCH on the board', async () => {
    await q('lb.submit', 'g', 'a', '1');
    const w = t.client();
    await w.watch('g');
    await q('lb.submit', 'g', 'a', '0'); // BEST, no change: not a write
    expect(await w.multi().get('x').exec()).toEqual([[null, null]]);
    await w.watch('g');
    await q('lb.submit', 'g', 'a', '2');
    expect(await w.multi().get('x').exec()).toBe(null);
  });

  it('a member ZADDed to a TIEBREAK board joins it on its first LB.SUBMIT', async () => {
    await q('lb.create', 'g', 'TIEBREAK', 'FIRST');
    await q('lb.submit', 'g', 'a', '5');
    await q('zadd', 'g', '5', 'z');
    expect(await q('lb.rank', 'g', 'z')).toBe(null);
    expect(await q('lb.submit', 'g', 'z', '5')).toEqual([null, '5', null, 1]);
    expect(await q('lb.top', 'g', '5')).toEqual([[0, 'a', '5'], [1, 'z', '5']]);
  });
});

describe('LB.REMOVE', () => {
  it('removes a member and its arrival entries; empty keys are deleted', async () => {
    await q('lb.create', 'g', 'TIEBREAK', 'FIRST');
    await q('lb.submit', 'g', 'a', '1');
    await q('lb.submit', 'g', 'b', '2');
    expect(await q('lb.remove', 'g', 'b')).toBe(1);
    expect(await q('lb.remove', 'g', 'b')).toBe(0);
    expect(await q('lb.top', 'g', '5')).toEqual([[0, 'a', '1']]);
    expect(await q('hkeys', 'g:arrival')).toEqual(['a']);
    expect(await q('lb.remove', 'g', 'a')).toBe(1);
    expect(await q('exists', 'g', 'g:ties', 'g:arrival')).toBe(0);
    expect(await q('exists', 'g:meta')).toBe(1);
    expect(await q('lb.remove', 'nothing', 'x')).toBe(0);
    expect(await q('lb.remove', 'g', 'a', 'b')).toBe('ERR syntax error');
  });
});

describe('reads', () => {
  beforeEach(async () => {
    await q('lb.create', 'g');
    for (let i = 1; i <= 7; i++) await q('lb.submit', 'g', `p${i}`, i * 10);
  });

  it('LB.RANK', async () => {
    expect(await q('lb.rank', 'g', 'p7')).toEqual([0, '70']);
    expect(await q('lb.rank', 'g', 'p1')).toEqual([6, '10']);
    expect(await q('lb.rank', 'g', 'zz')).toBe(null);
    expect(await q('lb.rank', 'none', 'zz')).toBe(null);
    expect(await q('lb.rank', 'g', 'p1', 'PERIOD', 'current')).toEqual([6, '10']);
    expect(await q('lb.rank', 'g', 'p1', 'PERIOD', 'PREVIOUS')).toBe('ERR leaderboard has no calendar periods');
    expect(await q('lb.rank', 'g', 'p1', 'PERIOD')).toBe('ERR syntax error');
    expect(await q('lb.rank', 'g', 'p1', 'OFFSET', '1')).toBe('ERR syntax error');
  });

  it('LB.TOP', async () => {
    expect(await q('lb.top', 'g', '3')).toEqual([[0, 'p7', '70'], [1, 'p6', '60'], [2, 'p5', '50']]);
    expect(await q('lb.top', 'g', '3', 'OFFSET', '5')).toEqual([[5, 'p2', '20'], [6, 'p1', '10']]);
    expect(await q('lb.top', 'g', '3', 'OFFSET', '7')).toEqual([]);
    expect(await q('lb.top', 'g', '0')).toEqual([]);
    expect(await q('lb.top', 'none', '3')).toEqual([]);
    expect(await q('lb.top', 'g', '-1')).toBe('ERR value is out of range, must be positive');
    expect(await q('lb.top', 'g', 'x')).toBe('ERR value is not an integer or out of range');
    expect(await q('lb.top', 'g', '1', 'OFFSET', '-1')).toBe('ERR value is out of range, must be positive');
    expect(await q('lb.top', 'g', '1', 'OFFSET', '1', 'OFFSET', '2')).toBe('ERR syntax error');
  });

  it('LB.AROUND at the top, in the middle, at the bottom and on small boards', async () => {
    expect(await q('lb.around', 'g', 'p4', '1')).toEqual([[2, 'p5', '50'], [3, 'p4', '40'], [4, 'p3', '30']]);
    expect(await q('lb.around', 'g', 'p7', '2')).toEqual([[0, 'p7', '70'], [1, 'p6', '60'], [2, 'p5', '50']]);
    expect(await q('lb.around', 'g', 'p1', '2')).toEqual([[4, 'p3', '30'], [5, 'p2', '20'], [6, 'p1', '10']]);
    expect(await q('lb.around', 'g', 'p6', '0')).toEqual([[1, 'p6', '60']]);
    expect(((await q('lb.around', 'g', 'p4', '100')) as unknown[]).length).toBe(7);
    expect(await q('lb.around', 'g', 'zz', '1')).toBe(null);
    await q('lb.submit', 'solo', 'me', '1');
    expect(await q('lb.around', 'solo', 'me', '5')).toEqual([[0, 'me', '1']]);
    expect(await q('lb.around', 'g', 'p4', '-1')).toBe('ERR value is out of range, must be positive');
    expect(await q('lb.around', 'g', 'p4')).toBe("ERR wrong number of arguments for 'lb.around' command");
  });

  it('reply shapes over RESP2 and RESP3', async () => {
    const raw = await t.raw();
    raw.write(resp('LB.RANK', 'g', 'p7'));
    expect(await raw.expect('*2\r\n:0\r\n$2\r\n70\r\n')).toBe('*2\r\n:0\r\n$2\r\n70\r\n');
    raw.write(resp('LB.AROUND', 'g', 'nobody', '1'));
    expect(await raw.expect('*-1\r\n')).toBe('*-1\r\n');
    raw.write(Buffer.concat([resp('HELLO', '3'), resp('PING')]));
    while (!raw.pending().endsWith('+PONG\r\n')) await new Promise((res) => setTimeout(res, 5));
    await raw.readBytes(raw.pending().length);
    raw.write(resp('LB.TOP', 'g', '1'));
    expect(await raw.expect('*1\r\n*3\r\n:0\r\n$2\r\np7\r\n,70\r\n')).toBe('*1\r\n*3\r\n:0\r\n$2\r\np7\r\n,70\r\n');
    raw.write(resp('LB.SUBMIT', 'g', 'p1', '5'));
    expect(await raw.expect('*4\r\n,10\r\n,10\r\n:6\r\n:6\r\n')).toBe('*4\r\n,10\r\n,10\r\n:6\r\n:6\r\n');
    raw.write(resp('LB.RANK', 'g', 'nobody'));
    expect(await raw.expect('_\r\n')).toBe('_\r\n');
  });
});
