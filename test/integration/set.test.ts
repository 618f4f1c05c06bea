/**
 * Sets over TCP: ioredis for the common paths, raw sockets for exact bytes (errors, RESP3 shapes).
 * Expected replies were checked against redis-server 7.0.15.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { check, resp3 } from '../helpers/raw-reply.ts';
import { arr, bulk, set3, WRONGTYPE } from '../helpers/resp-text.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ seed: 11 });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  for (const db of t.server.engine.keyspace.dbs) db.clear();
});

describe('sets through ioredis', () => {
  it('adds, tests, removes', async () => {
    const r = t.client();
    expect(await r.sadd('tags', 'red', 'green', 'blue', 'red')).toBe(3);
    expect(await r.scard('tags')).toBe(3);
    expect(await r.sismember('tags', 'green')).toBe(1);
    expect(await r.smismember('tags', 'green', 'pink')).toEqual([1, 0]);
    expect((await r.smembers('tags')).sort()).toEqual(['blue', 'green', 'red']);
    expect(await r.srem('tags', 'red', 'pink')).toBe(1);
    expect(await r.smove('tags', 'other', 'blue')).toBe(1);
    expect(await r.smembers('other')).toEqual(['blue']);
    expect(await r.spop('tags')).toBe('green');
    expect(await r.exists('tags')).toBe(0);
  });

  it('answers small integer sets sorted, like an intset', async () => {
    const r = t.client();
    await r.sadd('nums', 30, -5, 7, 100, 0);
    expect(await r.smembers('nums')).toEqual(['-5', '0', '7', '30', '100']);
    expect(await r.object('ENCODING', 'nums')).toBe('intset');
    await r.sadd('nums', 'x');
    expect(await r.object('ENCODING', 'nums')).toBe('hashtable');
    const many = Array.from({ length: 513 }, (_, i) => i);
    await r.sadd('many', ...many.slice(0, 512));
    expect(await r.object('ENCODING', 'many')).toBe('intset');
    await r.sadd('many', 512);
    expect(await r.object('ENCODING', 'many')).toBe('hashtable');
  });

  it('combines sets', async () => {
    const r = t.client();
    await r.sadd('a', 1, 2, 3, 4);
    await r.sadd('b', 3, 4, 5);
    expect(await r.sinter('a', 'b')).toEqual(['3', '4']);
    expect(await r.sunion('a', 'b')).toEqual(['1', '2', '3', '4', '5']);
    expect(await r.sdiff('a', 'b')).toEqual(['1', '2']);
    expect(await r.sintercard(2, 'a', 'b')).toBe(2);
    expect(await r.sintercard(2, 'a', 'b', 'LIMIT', 1)).toBe(1);
    expect(await r.sinterstore('d', 'a', 'b')).toBe(2);
    expect(await r.sunionstore('d', 'a', 'b')).toBe(5);
    expect(await r.sdiffstore('d', 'a', 'b')).toBe(2);
    expect(await r.smembers('d')).toEqual(['1', '2']);
    expect(await r.sinterstore('d', 'a', 'missing')).toBe(0);
    expect(await r.exists('d')).toBe(0);
  });

  it('pops and samples random members', async () => {
    const r = t.client();
    const members = Array.from({ length: 50 }, (_, i) => 'm' + i);
    await r.sadd('s', ...members);
    const sample = await r.srandmember('s', 10);
    expect(new Set(sample).size).toBe(10);
    const repeats = await r.srandmember('s', -200);
    expect(repeats.length).toBe(200);
    for (const m of repeats) expect(members).toContain(m);
    const popped = await r.spop('s', 45);
    expect(new Set(popped).size).toBe(45);
    expect(await r.scard('s')).toBe(5);
    const rest = await r.spop('s', 10);
    expect([...popped, ...rest].sort()).toEqual([...members].sort());
    expect(await r.exists('s')).toBe(0);
  });

  it('SSCAN walks a large set completely', async () => {
    const r = t.client();
    const members = Array.from({ length: 3000 }, (_, i) => 'member:' + i);
    await r.sadd('big', ...members);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = await r.sscan('big', cursor, 'COUNT', 200);
      cursor = next;
      for (const m of items) seen.add(m);
    } while (cursor !== '0');
    expect(seen.size).toBe(3000);
  });
});

describe('sets over a raw socket', () => {
  it('answers exact bytes, errors included', async () => {
    const c = await t.raw();
    await check(c, ['SADD', 's', '3', '1', '2'], ':3\r\n');
    await check(c, ['SMEMBERS', 's'], arr('1', '2', '3'));
    await check(c, ['SRANDMEMBER', 's', '10'], arr('1', '2', '3'));
    await check(c, ['SPOP', 's', '0'], '*0\r\n');
    await check(c, ['SPOP', 's', '-1'], '-ERR value is out of range, must be positive\r\n');
    await check(c, ['SRANDMEMBER', 's', '-9223372036854775808'], '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n');
    await check(c, ['SINTERCARD', '0', 's'], '-ERR numkeys should be greater than 0\r\n');
    await check(c, ['SINTERCARD', '3', 's'], "-ERR Number of keys can't be greater than number of args\r\n");
    await check(c, ['SINTERCARD', '1', 's', 'LIMIT', '-1'], "-ERR LIMIT can't be negative\r\n");
    await check(c, ['SINTERCARD', '1', 's', 'LIMIT'], '-ERR syntax error\r\n');
    await check(c, ['SMISMEMBER', 's'], "-ERR wrong number of arguments for 'smismember' command\r\n");
    await check(c, ['SET', 'str', 'x'], '+OK\r\n');
    await check(c, ['SADD', 'str', 'a'], WRONGTYPE);
    await check(c, ['SINTER', 'nokey', 'str'], WRONGTYPE);
    await check(c, ['SMOVE', 'nokey', 'str', 'a'], ':0\r\n');
    await check(c, ['SMOVE', 's', 'str', '1'], WRONGTYPE);
    await check(c, ['SSCAN', 's', '0', 'COUNT', '1'], `*2\r\n$1\r\n0\r\n${arr('1', '2', '3')}`);
    await check(c, ['SSCAN', 's', '0', 'TYPE', 'set'], '-ERR syntax error\r\n');
    await check(c, ['SPOP', 's', '5'], arr('1', '2', '3'));
    await check(c, ['EXISTS', 's'], ':0\r\n');
  });

  it('answers RESP3 sets after HELLO 3', async () => {
    const c = await t.raw();
    await check(c, ['SADD', 's', '2', '1'], ':2\r\n');
    await resp3(c);
    await check(c, ['SMEMBERS', 's'], set3('1', '2'));
    await check(c, ['SMEMBERS', 'nokey'], '~0\r\n');
    await check(c, ['SINTER', 's', 's'], set3('1', '2'));
    await check(c, ['SUNION', 's', 'nokey'], set3('1', '2'));
    await check(c, ['SDIFF', 's', 'nokey'], set3('1', '2'));
    await check(c, ['SPOP', 'nokey'], '_\r\n');
    await check(c, ['SPOP', 'nokey', '3'], '~0\r\n');
    await check(c, ['SRANDMEMBER', 's', '3'], arr('1', '2'));
    await check(c, ['SRANDMEMBER', 'nokey'], '_\r\n');
    await check(c, ['SMISMEMBER', 's', '1', '9'], '*2\r\n:1\r\n:0\r\n');
    await check(c, ['SPOP', 's', '2'], set3('1', '2'));
  });

  it('keeps every byte of members', async () => {
    const c = await t.raw();
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    await check(c, ['SADD', 'b', all, '\x00'], ':2\r\n');
    await check(c, ['SISMEMBER', 'b', all], ':1\r\n');
    await check(c, ['SREM', 'b', '\x00'], ':1\r\n');
    await check(c, ['SMEMBERS', 'b'], arr(all));
  });

  it('runs inside MULTI/EXEC', async () => {
    const c = await t.raw();
    c.write('MULTI\r\nSADD q a b\r\nSCARD q\r\nSREM q a\r\nEXEC\r\n');
    const want = '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n:2\r\n:2\r\n:1\r\n';
    expect(await c.expect(want)).toBe(want);
  });
});
