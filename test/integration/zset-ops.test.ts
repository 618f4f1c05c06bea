/**
 * Sorted-set algebra over TCP: ioredis for the common paths, raw sockets for exact bytes in RESP2
 * and RESP3 (weights, aggregates, inf/NaN, sets as inputs, errors). Expected replies were checked
 * against redis-server 7.0.15 (zset-ops-diff.test.ts compares live where it is installed).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type RawConn } from '../helpers/server.ts';
import { check, resp3 } from '../helpers/raw-reply.ts';
import { arr, bulk, err, WRONGTYPE } from '../helpers/resp-text.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ seed: 5 });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  for (const db of t.server.engine.keyspace.dbs) db.clear();
});

function pairs3(...ms: [string, string][]): string {
  return `*${ms.length}\r\n${ms.map(([m, s]) => `*2\r\n${bulk(m)},${s}\r\n`).join('')}`;
}

const SYNTAX = err('ERR syntax error');
const WEIGHT = err('ERR weight value is not a float');
const NOT_INT = err('ERR value is not an integer or out of range');
const needsKey = (cmd: string) => err(`ERR at least 1 input key is needed for '${cmd}' command`);

/** a = {x:1 y:2 z:3}, b = {y:10 z:20 w:30}, c = {x:-inf y:inf q:5}, s = set {x w 7 8}, str = string. */
async function fill(c: RawConn): Promise<void> {
  await check(c, ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'], ':3\r\n');
  await check(c, ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'], ':3\r\n');
  await check(c, ['ZADD', 'c', '-inf', 'x', 'inf', 'y', '5', 'q'], ':3\r\n');
  await check(c, ['SADD', 's', 'x', 'w', '7', '8'], ':4\r\n');
  await check(c, ['SET', 'str', 'v'], '+OK\r\n');
}

describe('through ioredis', () => {
  it('weekly board from daily boards', async () => {
    const r = t.client();
    await r.zadd('mon', 10, 'ann', 20, 'bob', 5, 'cy');
    await r.zadd('tue', 7, 'ann', 30, 'dee');
    await r.zadd('wed', 1, 'ann', 2, 'bob');
    expect(await r.zunionstore('week', 3, 'mon', 'tue', 'wed')).toBe(4);
    expect(await r.zrevrange('week', 0, -1, 'WITHSCORES')).toEqual(['dee', '30', 'bob', '22', 'ann', '18', 'cy', '5']);
    expect(await r.zinterstore('every', 3, 'mon', 'tue', 'wed', 'AGGREGATE', 'MAX')).toBe(1);
    expect(await r.zrange('every', 0, -1, 'WITHSCORES')).toEqual(['ann', '10']);
    expect(await r.zunion(2, 'mon', 'tue', 'WEIGHTS', 2, 1, 'WITHSCORES')).toEqual(['cy', '10', 'ann', '27', 'dee', '30', 'bob', '40']);
    expect(await r.zinter(2, 'mon', 'wed', 'AGGREGATE', 'MIN')).toEqual(['ann', 'bob']);
    expect(await r.zdiff(2, 'mon', 'wed', 'WITHSCORES')).toEqual(['cy', '5']);
    expect(await r.zdiffstore('only', 2, 'mon', 'tue')).toBe(2);
    expect(await r.zrange('only', 0, -1)).toEqual(['cy', 'bob']);
    expect(await r.zintercard(3, 'mon', 'tue', 'wed')).toBe(1);
    expect(await r.zintercard(2, 'mon', 'wed', 'LIMIT', 1)).toBe(1);
    expect(await r.object('ENCODING', 'week')).toBe('listpack');
  });

  it('large inputs store as skiplist', async () => {
    const r = t.client();
    const a: (string | number)[] = [];
    for (let i = 0; i < 300; i++) a.push(i, `m${i}`);
    await r.zadd('big', ...a);
    expect(await r.zunionstore('copy', 1, 'big', 'WEIGHTS', 2)).toBe(300);
    expect(await r.object('ENCODING', 'copy')).toBe('skiplist');
    expect(await r.zrevrange('copy', 0, 1, 'WITHSCORES')).toEqual(['m299', '598', 'm298', '596']);
    expect(await r.zinterstore('few', 2, 'big', 'copy')).toBe(300);
    await r.zremrangebyrank('copy', 10, -1);
    expect(await r.zinterstore('few', 2, 'big', 'copy')).toBe(10);
    expect(await r.object('ENCODING', 'few')).toBe('listpack');
  });
});

describe('exact bytes, RESP2', () => {
  it('ZUNION weights and aggregates, with inf and NaN turned to 0', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZUNION', '2', 'a', 'b'], arr('x', 'y', 'z', 'w'));
    await check(c, ['ZUNION', '2', 'a', 'b', 'WITHSCORES'], arr('x', '1', 'y', '12', 'z', '23', 'w', '30'));
    // x: 1 + -inf = -inf; y: 2 + 10 + inf = inf
    await check(c, ['ZUNION', '3', 'a', 'b', 'c', 'WITHSCORES'], arr('x', '-inf', 'q', '5', 'z', '23', 'w', '30', 'y', 'inf'));
    // inf * 0 is NaN, counted as 0 before summing
    await check(c, ['ZUNION', '3', 'a', 'b', 'c', 'WEIGHTS', '1', '1', '0', 'WITHSCORES'], arr('q', '0', 'x', '1', 'y', '12', 'z', '23', 'w', '30'));
    // y: 2 + inf + -inf -> NaN -> 0
    await check(c, ['ZUNION', '3', 'a', 'c', 'c', 'WEIGHTS', '1', '1', '-1', 'WITHSCORES'], arr('q', '0', 'x', '0', 'y', '0', 'z', '3'));
    await check(c, ['ZUNION', '3', 'a', 'b', 'c', 'AGGREGATE', 'MIN', 'WITHSCORES'], arr('x', '-inf', 'y', '2', 'z', '3', 'q', '5', 'w', '30'));
    await check(c, ['ZUNION', '3', 'a', 'b', 'c', 'aggregate', 'max', 'WITHSCORES'], arr('x', '1', 'q', '5', 'z', '20', 'w', '30', 'y', 'inf'));
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', 'inf', '-inf', 'WITHSCORES'], arr('w', '-inf', 'y', '0', 'z', '0', 'x', 'inf'));
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1.5', '-0.25', 'WITHSCORES'], arr('w', '-7.5', 'z', '-0.5', 'y', '0.5', 'x', '1.5'));
    // Repeated options: the last one wins.
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', '1', 'WEIGHTS', '0', '1', 'AGGREGATE', 'MIN', 'AGGREGATE', 'SUM', 'WITHSCORES'], arr('x', '0', 'y', '10', 'z', '20', 'w', '30'));
    await check(c, ['ZUNION', '2', 'a', 'nokey', 'WITHSCORES'], arr('x', '1', 'y', '2', 'z', '3'));
    await check(c, ['ZUNION', '1', 'nokey'], '*0\r\n');
    await check(c, ['ZUNION', '2', 'a', 'a', 'WITHSCORES'], arr('x', '2', 'y', '4', 'z', '6'));
  });

  it('plain sets count as sorted sets scoring 1', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZUNION', '2', 'a', 's', 'WITHSCORES'], arr('7', '1', '8', '1', 'w', '1', 'x', '2', 'y', '2', 'z', '3'));
    await check(c, ['ZINTER', '2', 's', 'b', 'WEIGHTS', '5', '1', 'WITHSCORES'], arr('w', '35'));
    await check(c, ['ZDIFF', '2', 's', 'a', 'WITHSCORES'], arr('7', '1', '8', '1', 'w', '1'));
    await check(c, ['ZINTERCARD', '2', 's', 'a'], ':1\r\n');
    await check(c, ['SADD', 'is', '3', '1', '2'], ':3\r\n');
    await check(c, ['ZUNION', '1', 'is', 'WEIGHTS', '-1', 'WITHSCORES'], arr('1', '-1', '2', '-1', '3', '-1'));
  });

  it('ZINTER: NaN from a SUM becomes 0, MIN and MAX keep the other side', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZINTER', '2', 'a', 'b', 'WITHSCORES'], arr('y', '12', 'z', '23'));
    await check(c, ['ZINTER', '3', 'a', 'b', 'c', 'WITHSCORES'], arr('y', 'inf'));
    await check(c, ['ZINTER', '2', 'a', 'c', 'WITHSCORES'], arr('x', '-inf', 'y', 'inf'));
    // first input: -inf*0 -> 0 before aggregating; later inputs: inf*0 is NaN, then SUM -> 0
    await check(c, ['ZINTER', '2', 'c', 'a', 'WEIGHTS', '0', '1', 'WITHSCORES'], arr('x', '1', 'y', '2'));
    await check(c, ['ZINTER', '2', 'a', 'c', 'WEIGHTS', '1', '0', 'WITHSCORES'], arr('x', '0', 'y', '0'));
    await check(c, ['ZINTER', '2', 'a', 'c', 'WEIGHTS', '1', '0', 'AGGREGATE', 'MIN', 'WITHSCORES'], arr('x', '1', 'y', '2'));
    await check(c, ['ZINTER', '2', 'c', 'a', 'WEIGHTS', '1', '0', 'AGGREGATE', 'MAX', 'WITHSCORES'], arr('x', '0', 'y', 'inf'));
    await check(c, ['ZINTER', '2', 'a', 'nokey'], '*0\r\n');
    await check(c, ['ZINTERCARD', '2', 'a', 'b'], ':2\r\n');
    await check(c, ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'], ':1\r\n');
    await check(c, ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'], ':2\r\n');
    await check(c, ['ZINTERCARD', '2', 'a', 'nokey'], ':0\r\n');
  });

  it('ZDIFF keeps the first input\'s scores', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZDIFF', '2', 'a', 'b', 'WITHSCORES'], arr('x', '1'));
    await check(c, ['ZDIFF', '2', 'b', 'a', 'WITHSCORES'], arr('w', '30'));
    await check(c, ['ZDIFF', '3', 'c', 'a', 'b', 'WITHSCORES'], arr('q', '5'));
    await check(c, ['ZDIFF', '2', 'nokey', 'a'], '*0\r\n');
    await check(c, ['ZDIFF', '2', 'a', 'a'], '*0\r\n');
  });

  it('summation order: smallest input first, ties in argument order', async () => {
    const c = await t.raw();
    await check(c, ['ZADD', 'p', '1e16', 'm', '0', 'e1'], ':2\r\n');
    await check(c, ['ZADD', 'q', '-1e16', 'm'], ':1\r\n');
    await check(c, ['ZADD', 'r', '1', 'm'], ':1\r\n');
    // q, r, p: (-1e16 + 1) + 1e16 = 0 whatever the argument order
    await check(c, ['ZUNION', '3', 'p', 'q', 'r', 'WITHSCORES'], arr('e1', '0', 'm', '0'));
    // same sizes keep argument order: (1e16 + -1e16) + 1 = 1, but (1 + -1e16) + 1e16 = 0
    await check(c, ['ZADD', 'p1', '1e16', 'm'], ':1\r\n');
    await check(c, ['ZINTER', '3', 'p1', 'q', 'r', 'WITHSCORES'], arr('m', '1'));
    await check(c, ['ZINTER', '3', 'r', 'q', 'p1', 'WITHSCORES'], arr('m', '0'));
  });

  it('errors, in Redis order (numkeys, then types, then options)', async () => {
    const c = await t.raw();
    await fill(c);
    for (const cmd of ['zunion', 'zinter', 'zdiff', 'zintercard']) {
      await check(c, [cmd, '0', 'a'], needsKey(cmd));
      await check(c, [cmd, '-1', 'a'], needsKey(cmd));
      await check(c, [cmd, 'x', 'a'], NOT_INT);
      await check(c, [cmd, '3', 'a', 'b'], SYNTAX);
      await check(c, [cmd, '2', 'a', 'str'], WRONGTYPE);
      await check(c, [cmd, '2', 'str', 'a', 'BADOPT'], WRONGTYPE);
      await check(c, [cmd, '1', 'a', 'BADOPT'], SYNTAX);
    }
    for (const cmd of ['zunionstore', 'zinterstore', 'zdiffstore']) {
      await check(c, [cmd, 'd', '0', 'a'], needsKey(cmd));
      await check(c, [cmd, 'd', '2', 'a'], SYNTAX);
      await check(c, [cmd, 'd', '1', 'a', 'WITHSCORES'], SYNTAX);
      await check(c, [cmd, 'd', '2', 'a', 'str'], WRONGTYPE);
      await check(c, [cmd, 'd', '1'], err(`ERR wrong number of arguments for '${cmd}' command`));
    }
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1'], SYNTAX);
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', 'x'], WEIGHT);
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', 'nan'], WEIGHT);
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', ' 1'], WEIGHT);
    await check(c, ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', '1e400'], WEIGHT);
    await check(c, ['ZUNION', '2', 'a', 'b', 'AGGREGATE'], SYNTAX);
    await check(c, ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'avg'], SYNTAX);
    await check(c, ['ZUNION', '2', 'a', 'b', 'LIMIT', '1'], SYNTAX);
    await check(c, ['ZDIFF', '2', 'a', 'b', 'WEIGHTS', '1', '2'], SYNTAX);
    await check(c, ['ZDIFF', '2', 'a', 'b', 'AGGREGATE', 'SUM'], SYNTAX);
    await check(c, ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1'], err("ERR LIMIT can't be negative"));
    await check(c, ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', 'x'], err("ERR LIMIT can't be negative"));
    await check(c, ['ZINTERCARD', '2', 'a', 'b', 'LIMIT'], SYNTAX);
    await check(c, ['ZINTERCARD', '2', 'a', 'b', 'WITHSCORES'], SYNTAX);
    await check(c, ['ZINTERCARD', '2', 'a', 'b', 'WEIGHTS', '1', '1'], SYNTAX);
    await check(c, ['ZUNION', '1'], err("ERR wrong number of arguments for 'zunion' command"));
    await check(c, ['EXISTS', 'd'], ':0\r\n');
  });

  it('STORE forms: count, overwrite any type, delete on empty', async () => {
    const c = await t.raw();
    await fill(c);
    await check(c, ['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '2', '1', 'AGGREGATE', 'MIN'], ':4\r\n');
    await check(c, ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], arr('x', '2', 'y', '4', 'z', '6', 'w', '30'));
    await check(c, ['ZINTERSTORE', 'd', '2', 'a', 'nokey'], ':0\r\n');
    await check(c, ['EXISTS', 'd'], ':0\r\n');
    await check(c, ['ZDIFFSTORE', 'd', '2', 's', 'a'], ':3\r\n');
    await check(c, ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], arr('7', '1', '8', '1', 'w', '1'));
    await check(c, ['ZDIFFSTORE', 'd', '2', 'a', 'a'], ':0\r\n');
    await check(c, ['EXISTS', 'd'], ':0\r\n');
    await check(c, ['EXPIRE', 'str', '100'], ':1\r\n');
    await check(c, ['ZUNIONSTORE', 'str', '1', 'a'], ':3\r\n');
    await check(c, ['TYPE', 'str'], '+zset\r\n');
    await check(c, ['TTL', 'str'], ':-1\r\n');
    await check(c, ['ZUNIONSTORE', 'a', '2', 'a', 'b'], ':4\r\n');
    await check(c, ['ZRANGE', 'a', '0', '-1', 'WITHSCORES'], arr('x', '1', 'y', '12', 'z', '23', 'w', '30'));
    await check(c, ['ZADD', 'k', '-1.5', 'm', '2', 'n'], ':2\r\n');
    // -0 (0 * -1.5) is replied as such, but a stored listpack result holds 0.
    await check(c, ['ZUNION', '1', 'k', 'WEIGHTS', '0', 'WITHSCORES'], arr('m', '-0', 'n', '0'));
    await check(c, ['ZUNIONSTORE', 'd', '1', 'k', 'WEIGHTS', '0'], ':2\r\n');
    await check(c, ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], arr('m', '0', 'n', '0'));
  });

  it('stored encodings follow zset-max-listpack-entries/value', async () => {
    const c = await t.raw();
    await check(c, ['CONFIG', 'SET', 'zset-max-listpack-entries', '4'], '+OK\r\n');
    await check(c, ['CONFIG', 'SET', 'zset-max-listpack-value', '3'], '+OK\r\n');
    try {
      await check(c, ['ZADD', 'sm', '1', 'a', '2', 'bb', '3', 'ccc'], ':3\r\n');
      await check(c, ['ZADD', 'long', '1', 'dddd'], ':1\r\n');
      await check(c, ['ZADD', 'five', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ':5\r\n');
      await check(c, ['ZUNIONSTORE', 'd', '1', 'sm'], ':3\r\n');
      await check(c, ['OBJECT', 'ENCODING', 'd'], bulk('listpack'));
      await check(c, ['ZUNIONSTORE', 'd', '2', 'sm', 'long'], ':4\r\n');
      await check(c, ['OBJECT', 'ENCODING', 'd'], bulk('skiplist'));
      await check(c, ['ZDIFFSTORE', 'd', '2', 'long', 'sm'], ':1\r\n');
      await check(c, ['OBJECT', 'ENCODING', 'd'], bulk('skiplist'));
      await check(c, ['ZINTERSTORE', 'd', '2', 'five', 'five'], ':5\r\n');
      await check(c, ['OBJECT', 'ENCODING', 'd'], bulk('skiplist'));
      await check(c, ['ZDIFFSTORE', 'd', '2', 'five', 'sm'], ':4\r\n');
      await check(c, ['OBJECT', 'ENCODING', 'd'], bulk('listpack'));
    } finally {
      await check(c, ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'], '+OK\r\n');
      await check(c, ['CONFIG', 'SET', 'zset-max-listpack-value', '64'], '+OK\r\n');
    }
  });
});

describe('exact bytes, RESP3', () => {
  it('WITHSCORES replies are arrays of [member, double] pairs', async () => {
    const c = await t.raw();
    await fill(c);
    await resp3(c);
    await check(c, ['ZUNION', '2', 'a', 'b', 'WITHSCORES'], pairs3(['x', '1'], ['y', '12'], ['z', '23'], ['w', '30']));
    await check(c, ['ZINTER', '2', 'a', 'c', 'WITHSCORES'], pairs3(['x', '-inf'], ['y', 'inf']));
    await check(c, ['ZDIFF', '2', 'b', 'a', 'WITHSCORES'], pairs3(['w', '30']));
    await check(c, ['ZUNION', '2', 'a', 'b'], arr('x', 'y', 'z', 'w'));
    await check(c, ['ZINTER', '2', 'a', 'nokey', 'WITHSCORES'], '*0\r\n');
    await check(c, ['ZINTERCARD', '2', 'a', 'b'], ':2\r\n');
    await check(c, ['ZUNIONSTORE', 'd', '2', 'a', 'b'], ':4\r\n');
  });
});
