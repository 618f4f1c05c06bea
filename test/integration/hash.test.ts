/**
 * Hashes over TCP: ioredis for the common paths, raw sockets for exact bytes (errors, RESP3 shapes).
 * Expected replies were checked against redis-server 7.0.15.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { check, resp3 } from '../helpers/raw-reply.ts';
import { arr, bulk } from '../helpers/resp-text.ts';

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

const E400 =
  '10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880';

describe('hashes through ioredis', () => {
  it('sets, reads, counts and deletes', async () => {
    const r = t.client();
    expect(await r.hset('user:1', { name: 'ann', score: '10', city: 'Oslo' })).toBe(3);
    expect(await r.hget('user:1', 'name')).toBe('ann');
    expect(await r.hmget('user:1', 'name', 'nope', 'city')).toEqual(['ann', null, 'Oslo']);
    expect(await r.hgetall('user:1')).toEqual({ name: 'ann', score: '10', city: 'Oslo' });
    expect(await r.hkeys('user:1')).toEqual(['name', 'score', 'city']);
    expect(await r.hvals('user:1')).toEqual(['ann', '10', 'Oslo']);
    expect(await r.hlen('user:1')).toBe(3);
    expect(await r.hexists('user:1', 'score')).toBe(1);
    expect(await r.hstrlen('user:1', 'city')).toBe(4);
    expect(await r.hincrby('user:1', 'score', 5)).toBe(15);
    expect(await r.hincrbyfloat('user:1', 'score', '0.25')).toBe('15.25');
    expect(await r.hsetnx('user:1', 'name', 'bob')).toBe(0);
    expect(await r.hdel('user:1', 'name', 'score', 'city')).toBe(3);
    expect(await r.exists('user:1')).toBe(0);
    expect(await r.hgetall('user:1')).toEqual({});
  });

  it('reports Redis encodings through OBJECT ENCODING', async () => {
    const r = t.client();
    await r.hset('small', 'a', '1');
    expect(await r.object('ENCODING', 'small')).toBe('listpack');
    await r.hset('small', 'long', 'x'.repeat(65));
    expect(await r.object('ENCODING', 'small')).toBe('hashtable');
    await r.hdel('small', 'long');
    expect(await r.object('ENCODING', 'small')).toBe('hashtable');
    const fields: string[] = [];
    for (let i = 0; i < 513; i++) fields.push('f' + i, 'v');
    await r.hset('wide', ...fields.slice(0, 1024));
    expect(await r.object('ENCODING', 'wide')).toBe('listpack');
    await r.hset('wide', 'f512', 'v');
    expect(await r.object('ENCODING', 'wide')).toBe('hashtable');
  });

  it('HSCAN walks a large hash completely', async () => {
    const r = t.client();
    const args: string[] = [];
    for (let i = 0; i < 2000; i++) args.push('field:' + i, 'value:' + i);
    await r.hset('big', ...args);
    const seen = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, items] = await r.hscan('big', cursor, 'COUNT', 100);
      cursor = next;
      for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
    } while (cursor !== '0');
    expect(seen.size).toBe(2000);
    for (const [f, v] of seen) expect(v).toBe('value:' + f.slice(6));
    const [c2, matched] = await r.hscan('big', '0', 'MATCH', 'field:1999', 'COUNT', 5000);
    expect(c2).toBe('0');
    expect(matched).toEqual(['field:1999', 'value:1999']);
  });

  it('HRANDFIELD picks from the hash', async () => {
    const r = t.client();
    await r.hset('h', { a: '1', b: '2', c: '3', d: '4' });
    const two = (await r.hrandfield('h', 2)) as string[];
    expect(two.length).toBe(2);
    expect(new Set(two).size).toBe(2);
    const withValues = (await r.hrandfield('h', -6, 'WITHVALUES')) as string[];
    expect(withValues.length).toBe(12);
    for (let i = 0; i < 12; i += 2) expect(withValues[i + 1]).toBe(String(' abcd'.indexOf(withValues[i])));
    expect(['a', 'b', 'c', 'd']).toContain(await r.hrandfield('h'));
  });

  it('runs inside MULTI/EXEC and in pipelines', async () => {
    const r = t.client();
    const res = await r.multi().hset('m', 'a', '1').hincrby('m', 'a', 2).hget('m', 'a').exec();
    expect(res).toEqual([
      [null, 1],
      [null, 3],
      [null, '3'],
    ]);
    const p = r.pipeline();
    for (let i = 0; i < 500; i++) p.hset('pipe', 'f' + i, String(i));
    await p.exec();
    expect(await r.hlen('pipe')).toBe(500);
  });
});

describe('hashes over a raw socket', () => {
  it('answers exact bytes, errors included', async () => {
    const c = await t.raw();
    await check(c, ['HSET', 'h', 'b', '1', 'a', '2'], ':2\r\n');
    await check(c, ['HGETALL', 'h'], arr('b', '1', 'a', '2'));
    await check(c, ['HSET', 'h', 'a'], "-ERR wrong number of arguments for 'hset' command\r\n");
    await check(c, ['HMSET', 'h', 'a', '1', 'b'], "-ERR wrong number of arguments for 'hmset' command\r\n");
    await check(c, ['HGET', 'h'], "-ERR wrong number of arguments for 'hget' command\r\n");
    await check(c, ['HINCRBY', 'h', 'a', 'x'], '-ERR value is not an integer or out of range\r\n');
    await check(c, ['HSET', 'h', 's', 'abc'], ':1\r\n');
    await check(c, ['HINCRBY', 'h', 's', '1'], '-ERR hash value is not an integer\r\n');
    await check(c, ['HINCRBYFLOAT', 'h', 's', '1'], '-ERR hash value is not a float\r\n');
    // Long double range and printing: what redis-server 7.0 answers for 2 + 1e400.
    await check(c, ['HINCRBYFLOAT', 'h', 'a', '1e400'], bulk(E400));
    await check(c, ['SET', 'str', 'x'], '+OK\r\n');
    await check(c, ['HGET', 'str', 'a'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    await check(c, ['HRANDFIELD', 'h', '-9223372036854775808'], '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n');
    await check(c, ['HSCAN', 'h', '0', 'COUNT', '0'], '-ERR syntax error\r\n');
    await check(c, ['HSCAN', 'nokey', '0', 'COUNT', '0'], '*2\r\n$1\r\n0\r\n*0\r\n');
    await check(c, ['HSCAN', 'h', 'x'], '-ERR invalid cursor\r\n');
  });

  it('answers RESP3 shapes after HELLO 3', async () => {
    const c = await t.raw();
    await check(c, ['HSET', 'h', 'a', '1', 'b', '2'], ':2\r\n');
    await resp3(c);
    await check(c, ['HGETALL', 'h'], '%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n');
    await check(c, ['HGETALL', 'nokey'], '%0\r\n');
    await check(c, ['HGET', 'h', 'zz'], '_\r\n');
    await check(c, ['HRANDFIELD', 'nokey'], '_\r\n');
    await check(c, ['HRANDFIELD', 'h', '2', 'WITHVALUES'], '*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n');
    await check(c, ['HRANDFIELD', 'h', '5'], arr('a', 'b'));
    await check(c, ['HSCAN', 'h', '0'], `*2\r\n$1\r\n0\r\n${arr('a', '1', 'b', '2')}`);
    await check(c, ['HINCRBYFLOAT', 'h', 'a', '0.5'], bulk('1.5'));
  });

  it('keeps every byte of fields and values', async () => {
    const c = await t.raw();
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    await check(c, ['HSET', all, all, all], ':1\r\n');
    await check(c, ['HGET', all, all], bulk(all));
    await check(c, ['HKEYS', all], arr(all));
  });
});
