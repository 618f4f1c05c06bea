/**
 * Sorted-set ranges over TCP: ioredis for leaderboard-style use, raw sockets for exact bytes in
 * RESP2 and RESP3 (WITHSCORES shapes, errors). Expected replies were checked against
 * redis-server 7.0.15 (see also zset-range-diff.test.ts, which compares live where it is installed).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type RawConn } from '../helpers/server.ts';
import { check, resp3 } from '../helpers/raw-reply.ts';
import { arr, bulk, err, WRONGTYPE } from '../helpers/resp-text.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ seed: 7 });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  for (const db of t.server.engine.keyspace.dbs) db.clear();
});

/** RESP3 WITHSCORES: an array of [member, double] pairs. */
function pairs3(...ms: [string, string][]): string {
  return `*${ms.length}\r\n${ms.map(([m, s]) => `*2\r\n${bulk(m)},${s}\r\n`).join('')}`;
}

const LIMIT_RANK = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
const SCORES_LEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
const NOT_FLOAT = 'ERR min or max is not a float';
const NOT_LEX = 'ERR min or max not valid string range item';
const NOT_INT = 'ERR value is not an integer or out of range';

async function fill(c: RawConn): Promise<void> {
  await check(c, ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ':5\r\n');
  await check(c, ['ZADD', 'z', '-inf', 'ninf', '+inf', 'pinf', '2', 'bb'], ':3\r\n');
  await check(c, ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f'], ':6\r\n');
}

describe('a leaderboard through ioredis', () => {
  it('top N, around me, score pages, cleanup', async () => {
    const r = t.client();
    const args: (string | number)[] = [];
    for (let i = 0; i < 1000; i++) args.push(i * 10, `p${String(i).padStart(4, '0')}`);
    expect(await r.zadd('board', ...args)).toBe(1000);
    expect(await r.zrevrange('board', 0, 2, 'WITHSCORES')).toEqual(['p0999', '9990', 'p0998', '9980', 'p0997', '9970']);
    expect(await r.zrange('board', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, 3)).toEqual(['p0999', 'p0998', 'p0997']);
    expect(await r.zrange('board', 498, 502)).toEqual(['p0498', 'p0499', 'p0500', 'p0501', 'p0502']);
    expect(await r.zrangebyscore('board', '(4980', 5020, 'WITHSCORES', 'LIMIT', 1, 2)).toEqual(['p0500', '5000', 'p0501', '5010']);
    expect(await r.zrevrangebyscore('board', 30, '-inf')).toEqual(['p0003', 'p0002', 'p0001', 'p0000']);
    expect(await r.zrangestore('top', 'board', 0, 9, 'REV')).toBe(10);
    expect(await r.zrange('top', 0, -1)).toEqual(['p0990', 'p0991', 'p0992', 'p0993', 'p0994', 'p0995', 'p0996', 'p0997', 'p0998', 'p0999']);
    expect(await r.object('ENCODING', 'top')).toBe('listpack');
    expect(await r.zremrangebyrank('board', 0, 899)).toBe(900);
    expect(await r.zremrangebyscore('board', '-inf', '(9500')).toBe(50);
    expect(await r.zcard('board')).toBe(50);
    expect(await r.zremrangebyrank('board', 0, -1)).toBe(50);
    expect(await r.exists('board')).toBe(0);
  });

  it('lex ranges over equal scores, byte strings included', async () => {
    const r = t.client();
    await r.zadd('names', 0, 'alice', 0, 'bob', 0, 'carol', 0, 'dave', 0, 'eve');
    expect(await r.zrangebylex('names', '[b', '(d')).toEqual(['bob', 'carol']);
    expect(await r.zrevrangebylex('names', '+', '(carol', 'LIMIT', 0, 1)).toEqual(['eve']);
    expect(await r.zrange('names', '[dave', '-', 'BYLEX', 'REV')).toEqual(['dave', 'carol', 'bob', 'alice']);
    expect(await r.zremrangebylex('names', '-', '[bob')).toBe(2);
    expect(await r.zrange('names', 0, -1)).toEqual(['carol', 'dave', 'eve']);
    const bin = Buffer.from([0x00, 0xff, 0x41]);
    await r.zadd('bin', 0, bin, 0, Buffer.from([0xff]));
    const got = await r.zrangeBuffer('bin', '-', '+', 'BYLEX');
    expect(got).toEqual([bin, Buffer.from([0xff])]);
  });
});

describe('exact bytes, RESP2', () => {
  it('by rank with and without scores, REV, clamping', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZRANGE', 'z', '0', '-1'], arr('ninf', 'a', 'b', 'bb', 'c', 'd', 'e', 'pinf'));
    await check(c, ['ZRANGE', 'z', '-3', '-1', 'WITHSCORES'], arr('d', '4', 'e', '5', 'pinf', 'inf'));
    await check(c, ['ZRANGE', 'z', '0', '1', 'withscores', 'REV'], arr('pinf', 'inf', 'e', '5'));
    await check(c, ['ZREVRANGE', 'z', '-2', '-1', 'WITHSCORES'], arr('a', '1', 'ninf', '-inf'));
    await check(c, ['ZRANGE', 'z', '-100', '100'], arr('ninf', 'a', 'b', 'bb', 'c', 'd', 'e', 'pinf'));
    await check(c, ['ZRANGE', 'z', '7', '100'], arr('pinf'));
    await check(c, ['ZRANGE', 'z', '8', '100'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '5', '2'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '-9223372036854775808', '9223372036854775807'], arr('ninf', 'a', 'b', 'bb', 'c', 'd', 'e', 'pinf'));
    await check(c, ['ZRANGE', 'nokey', '0', '-1', 'WITHSCORES'], '*0\r\n');
    // Redis compares LIMIT's count with its default -1, so this one is accepted.
    await check(c, ['ZRANGE', 'z', '0', '0', 'LIMIT', '5', '-1'], arr('ninf'));
  });

  it('BYSCORE bounds: exclusive, infinite, empty string, hex, overflow', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZRANGE', 'z', '(1', '(5', 'BYSCORE'], arr('b', 'bb', 'c', 'd'));
    await check(c, ['ZRANGE', 'z', '(1', '5', 'BYSCORE'], arr('b', 'bb', 'c', 'd', 'e'));
    await check(c, ['ZRANGE', 'z', '1', '(5', 'BYSCORE'], arr('a', 'b', 'bb', 'c', 'd'));
    await check(c, ['ZRANGE', 'z', '(2', '(2', 'BYSCORE'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '2', '2', 'BYSCORE', 'WITHSCORES'], arr('b', '2', 'bb', '2'));
    await check(c, ['ZRANGE', 'z', '5', '1', 'BYSCORE'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '-inf', '-inf', 'BYSCORE', 'WITHSCORES'], arr('ninf', '-inf'));
    await check(c, ['ZRANGE', 'z', '(-inf', '(+inf', 'BYSCORE'], arr('a', 'b', 'bb', 'c', 'd', 'e'));
    await check(c, ['ZRANGE', 'z', '-1e400', '1e400', 'BYSCORE'], arr('ninf', 'a', 'b', 'bb', 'c', 'd', 'e', 'pinf'));
    await check(c, ['ZRANGE', 'z', '(', '1', 'BYSCORE'], arr('a'));
    await check(c, ['ZRANGE', 'z', '0x1', '3', 'BYSCORE'], arr('a', 'b', 'bb', 'c'));
    await check(c, ['ZRANGE', 'z', ' 1', '1', 'BYSCORE'], arr('a'));
    await check(c, ['ZRANGE', 'z', '1 ', '3', 'BYSCORE'], err(NOT_FLOAT));
    await check(c, ['ZRANGE', 'z', 'nan', '3', 'BYSCORE'], err(NOT_FLOAT));
    await check(c, ['ZRANGE', 'z', '((1', '3', 'BYSCORE'], err(NOT_FLOAT));
    await check(c, ['ZRANGEBYSCORE', 'nokey', 'x', '1'], err(NOT_FLOAT));
  });

  it('BYSCORE REV and LIMIT edges', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '100'], arr('pinf', 'e', 'd', 'c', 'bb', 'b', 'a', 'ninf'));
    await check(c, ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '2', '3', 'WITHSCORES'], arr('d', '4', 'c', '3', 'bb', '2'));
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'REV'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '(5', '(1', 'BYSCORE', 'REV'], arr('d', 'c', 'bb', 'b'));
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2'], arr('a', 'b'));
    // A negative offset selects nothing, a negative count everything left.
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '5', '-5'], arr('d', 'e', 'pinf'));
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '0'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '7', '10'], arr('pinf'));
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '8', '10'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2', 'LIMIT', '2', '3'], arr('b', 'bb', 'c'));
    await check(c, ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES', 'LIMIT', '1', '3'], arr('e', '5', 'd', '4', 'c', '3'));
    await check(c, ['ZRANGEBYSCORE', 'z', '2', '4', 'WITHSCORES', 'LIMIT', '1', '2'], arr('bb', '2', 'c', '3'));
  });

  it('BYLEX bounds - + [x (x, REV, LIMIT', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZRANGE', 'l', '-', '+', 'BYLEX'], arr('a', 'b', 'c', 'd', 'e', 'f'));
    await check(c, ['ZRANGE', 'l', '[b', '(e', 'BYLEX'], arr('b', 'c', 'd'));
    await check(c, ['ZRANGE', 'l', '(b', '[e', 'BYLEX'], arr('c', 'd', 'e'));
    await check(c, ['ZRANGE', 'l', '(e', '(b', 'BYLEX', 'REV'], arr('d', 'c'));
    await check(c, ['ZRANGE', 'l', '[e', '[b', 'BYLEX', 'REV', 'LIMIT', '1', '2'], arr('d', 'c'));
    await check(c, ['ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '2', '-1'], arr('c', 'd', 'e', 'f'));
    await check(c, ['ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '-2', '1'], '*0\r\n');
    await check(c, ['ZRANGE', 'l', '[e', '[b', 'BYLEX'], '*0\r\n');
    await check(c, ['ZRANGE', 'l', '(', '+', 'BYLEX'], arr('a', 'b', 'c', 'd', 'e', 'f'));
    await check(c, ['ZRANGE', 'l', '+', '[z', 'BYLEX'], '*0\r\n');
    await check(c, ['ZRANGEBYLEX', 'l', '[c', '+', 'LIMIT', '1', '1'], arr('d'));
    await check(c, ['ZREVRANGEBYLEX', 'l', '(d', '-', 'LIMIT', '0', '2'], arr('c', 'b'));
    await check(c, ['ZREVRANGEBYLEX', 'l', '-', '+'], '*0\r\n');
    await check(c, ['ZRANGE', 'l', 'b', 'c', 'BYLEX'], err(NOT_LEX));
    await check(c, ['ZRANGEBYLEX', 'nokey', 'b', '+'], err(NOT_LEX));
  });

  it('option errors, in Redis order', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'], err(LIMIT_RANK));
    await check(c, ['ZRANGE', 'z', '0', '-1', 'LIMIT', 'x', '1'], err(NOT_INT));
    await check(c, ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0'], err('ERR syntax error'));
    await check(c, ['ZRANGE', 'z', '0', '-1', 'foo'], err('ERR syntax error'));
    await check(c, ['ZRANGE', 'z', '0', '1', 'REV', 'REV'], err('ERR syntax error'));
    await check(c, ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX'], err('ERR syntax error'));
    await check(c, ['ZRANGE', 'l', '-', '+', 'BYLEX', 'WITHSCORES'], err(SCORES_LEX));
    await check(c, ['ZRANGE', 'z', '0', '-1', 'LIMIT', '1', '1', 'WITHSCORES', 'BYLEX'], err(SCORES_LEX));
    await check(c, ['ZRANGE', 'z', 'x', '1'], err(NOT_INT));
    await check(c, ['ZRANGE', 'z', '0', '1.5'], err(NOT_INT));
    await check(c, ['ZRANGE', 'nokey', 'x', '1'], err(NOT_INT));
    await check(c, ['ZRANGEBYSCORE', 'z', '0', '1', 'REV'], err('ERR syntax error'));
    await check(c, ['ZRANGEBYSCORE', 'z', '0', '1', 'BYSCORE'], err('ERR syntax error'));
    await check(c, ['ZRANGEBYLEX', 'l', '-', '+', 'WITHSCORES'], err(SCORES_LEX));
    await check(c, ['ZREVRANGE', 'z', '0', '-1', 'REV'], err('ERR syntax error'));
    await check(c, ['ZREVRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'], err(LIMIT_RANK));
    await check(c, ['ZRANGESTORE', 'd', 'z', '0', '-1', 'WITHSCORES'], err('ERR syntax error'));
    await check(c, ['ZRANGESTORE', 'd', 'z', '0', '-1', 'LIMIT', '0', '1'], err(LIMIT_RANK));
    await check(c, ['ZRANGE', 'z', '0'], err("ERR wrong number of arguments for 'zrange' command"));
    await check(c, ['ZRANGESTORE', 'd', 'z', '0'], err("ERR wrong number of arguments for 'zrangestore' command"));
    await check(c, ['ZREMRANGEBYRANK', 'z', '0'], err("ERR wrong number of arguments for 'zremrangebyrank' command"));
    await check(c, ['ZREMRANGEBYSCORE', 'z', '0', '1', '2'], err("ERR wrong number of arguments for 'zremrangebyscore' command"));
  });

  it('wrong types', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['SET', 'str', 'v'], '+OK\r\n');
    for (const argv of [
      ['ZRANGE', 'str', '0', '-1'],
      ['ZRANGE', 'str', '-inf', '+inf', 'BYSCORE'],
      ['ZRANGEBYSCORE', 'str', '0', '1'],
      ['ZREVRANGEBYSCORE', 'str', '1', '0'],
      ['ZRANGEBYLEX', 'str', '-', '+'],
      ['ZREVRANGEBYLEX', 'str', '+', '-'],
      ['ZREVRANGE', 'str', '0', '1'],
      ['ZRANGESTORE', 'd', 'str', '0', '-1'],
      ['ZREMRANGEBYRANK', 'str', '0', '1'],
      ['ZREMRANGEBYSCORE', 'str', '0', '1'],
      ['ZREMRANGEBYLEX', 'str', '-', '+'],
    ]) {
      await check(c, argv, WRONGTYPE);
    }
    // Argument errors come before the type check.
    await check(c, ['ZRANGEBYSCORE', 'str', 'x', '1'], err(NOT_FLOAT));
    await check(c, ['ZREMRANGEBYRANK', 'str', 'x', '1'], err(NOT_INT));
    await check(c, ['ZRANGE', 'str', '0', '1', 'LIMIT', '0', '1'], err(LIMIT_RANK));
    // The destination of ZRANGESTORE is overwritten whatever its type.
    await check(c, ['ZRANGESTORE', 'str', 'z', '0', '1'], ':2\r\n');
    await check(c, ['TYPE', 'str'], '+zset\r\n');
  });

  it('ZRANGESTORE stores, overwrites, deletes on empty', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZRANGESTORE', 'd', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '3'], ':3\r\n');
    await check(c, ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], arr('d', '4', 'e', '5', 'pinf', 'inf'));
    await check(c, ['ZRANGESTORE', 'd', 'l', '[b', '[d', 'BYLEX'], ':3\r\n');
    await check(c, ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], arr('b', '0', 'c', '0', 'd', '0'));
    await check(c, ['ZRANGESTORE', 'd', 'z', '5', '1'], ':0\r\n');
    await check(c, ['EXISTS', 'd'], ':0\r\n');
    await check(c, ['ZRANGESTORE', 'd', 'z', '0', '0'], ':1\r\n');
    await check(c, ['ZRANGESTORE', 'd', 'nokey', '0', '-1'], ':0\r\n');
    await check(c, ['EXISTS', 'd'], ':0\r\n');
    await check(c, ['SET', 'ttl', 'v', 'EX', '100'], '+OK\r\n');
    await check(c, ['ZRANGESTORE', 'ttl', 'z', '0', '0'], ':1\r\n');
    await check(c, ['TTL', 'ttl'], ':-1\r\n');
    await check(c, ['ZRANGESTORE', 'z', 'z', '1', '2'], ':2\r\n');
    await check(c, ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], arr('a', '1', 'b', '2'));
  });

  it('ZREMRANGEBY* count, clamp, and delete the emptied key', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZREMRANGEBYRANK', 'nokey', '0', '1'], ':0\r\n');
    await check(c, ['ZREMRANGEBYRANK', 'z', '0', '0'], ':1\r\n');
    await check(c, ['ZREMRANGEBYRANK', 'z', '-2', '-1'], ':2\r\n');
    await check(c, ['ZREMRANGEBYRANK', 'z', '3', '1'], ':0\r\n');
    await check(c, ['ZREMRANGEBYRANK', 'z', '10', '11'], ':0\r\n');
    await check(c, ['ZREMRANGEBYSCORE', 'z', '(2', '3'], ':1\r\n');
    await check(c, ['ZREMRANGEBYSCORE', 'z', '5', '1'], ':0\r\n');
    await check(c, ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], arr('a', '1', 'b', '2', 'bb', '2', 'd', '4'));
    await check(c, ['ZREMRANGEBYLEX', 'l', '(b', '[d'], ':2\r\n');
    await check(c, ['ZREMRANGEBYLEX', 'l', 'a', '+'], err(NOT_LEX));
    await check(c, ['ZRANGE', 'l', '0', '-1'], arr('a', 'b', 'e', 'f'));
    await check(c, ['ZREMRANGEBYLEX', 'l', '-', '+'], ':4\r\n');
    await check(c, ['EXISTS', 'l'], ':0\r\n');
    await check(c, ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'], ':4\r\n');
    await check(c, ['EXISTS', 'z'], ':0\r\n');
  });
});

describe('exact bytes, RESP3', () => {
  it('WITHSCORES is an array of [member, double] pairs for every range form', async () => {
    const c = await t.raw();
    await fill(c);
    await resp3(c);
    await check(c, ['ZRANGE', 'z', '0', '1', 'WITHSCORES'], pairs3(['ninf', '-inf'], ['a', '1']));
    await check(c, ['ZRANGE', 'z', '0', '1', 'WITHSCORES', 'REV'], pairs3(['pinf', 'inf'], ['e', '5']));
    await check(c, ['ZREVRANGE', 'z', '0', '1', 'WITHSCORES'], pairs3(['pinf', 'inf'], ['e', '5']));
    await check(c, ['ZRANGEBYSCORE', 'z', '2', '3', 'WITHSCORES'], pairs3(['b', '2'], ['bb', '2'], ['c', '3']));
    await check(c, ['ZREVRANGEBYSCORE', 'z', '3', '(2', 'WITHSCORES'], pairs3(['c', '3']));
    await check(c, ['ZRANGE', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '0', '1', 'WITHSCORES'], pairs3(['b', '2']));
    await check(c, ['ZRANGE', 'z', '0', '1'], arr('ninf', 'a'));
    await check(c, ['ZRANGE', 'z', '0', '-1', 'WITHSCORES', 'LIMIT', '5', '-1'], pairs3(['ninf', '-inf'], ['a', '1'], ['b', '2'], ['bb', '2'], ['c', '3'], ['d', '4'], ['e', '5'], ['pinf', 'inf']));
    await check(c, ['ZRANGE', 'nokey', '0', '-1', 'WITHSCORES'], '*0\r\n');
    await check(c, ['ZRANGE', 'z', '9', '10', 'WITHSCORES'], '*0\r\n');
    await check(c, ['ZRANGEBYLEX', 'l', '[e', '+'], arr('e', 'f'));
    await check(c, ['ZADD', 'f', '0.1', 'x', '1e300', 'y', '-2.5', 'w'], ':3\r\n');
    await check(c, ['ZRANGE', 'f', '0', '-1', 'WITHSCORES'], pairs3(['w', '-2.5'], ['x', '0.10000000000000001'], ['y', '1.0000000000000001e+300']));
  });
});

describe('scores in RESP2 are %.17g text', () => {
  it('formats inexact doubles as Redis 7.0 does', async () => {
    const c = await t.raw();
    await check(c, ['ZADD', 'f', '0.1', 'x', '1e300', 'y', '-2.5', 'w'], ':3\r\n');
    await check(c, ['ZRANGE', 'f', '0', '-1', 'WITHSCORES'], arr('w', '-2.5', 'x', '0.10000000000000001', 'y', '1.0000000000000001e+300'));
  });
});
