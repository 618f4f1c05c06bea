/**
 * Streams over real connections: ioredis for the common commands, raw sockets for exact bytes in
 * RESP2 and RESP3, XREAD BLOCK served by XADD from another connection and from MULTI/EXEC,
 * timeouts, and errors. Expected bytes were checked against redis-server 7.0.15.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { check } from '../helpers/raw-reply.ts';
import { bulk } from '../helpers/resp-text.ts';
import { blockedCount as waitBlocked, entry, hello3 } from '../helpers/raw-steps.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const blockedCount = (n: number) => waitBlocked(t, n);
const send = (c: RawConn, want: string, ...argv: string[]) => check(c, argv, want);
const b = bulk;

describe('streams with ioredis', () => {
  it('adds, reads ranges both ways, deletes and trims', async () => {
    const r = t.client();
    await r.del('is');
    expect(await r.xadd('is', '1-1', 'name', 'ann', 'age', '30')).toBe('1-1');
    expect(await r.xadd('is', '1-*', 'name', 'bob', 'age', '40')).toBe('1-2');
    expect(await r.xadd('is', '2', 'other', 'x')).toBe('2-0');
    expect(await r.xlen('is')).toBe(3);
    expect(await r.xrange('is', '-', '+')).toEqual([
      ['1-1', ['name', 'ann', 'age', '30']],
      ['1-2', ['name', 'bob', 'age', '40']],
      ['2-0', ['other', 'x']],
    ]);
    expect(await r.xrange('is', '(1-1', '+', 'COUNT', 1)).toEqual([['1-2', ['name', 'bob', 'age', '40']]]);
    expect(await r.xrevrange('is', '+', '1')).toEqual([
      ['2-0', ['other', 'x']],
      ['1-2', ['name', 'bob', 'age', '40']],
      ['1-1', ['name', 'ann', 'age', '30']],
    ]);
    expect(await r.xrevrange('is', '1', '-')).toEqual([
      ['1-2', ['name', 'bob', 'age', '40']],
      ['1-1', ['name', 'ann', 'age', '30']],
    ]);
    expect(await r.xdel('is', '1-2', '9-9')).toBe(1);
    expect(await r.xtrim('is', 'MAXLEN', 1)).toBe(1);
    expect(await r.xrange('is', '-', '+')).toEqual([['2-0', ['other', 'x']]]);
    expect(await r.xread('STREAMS', 'is', '0')).toEqual([['is', [['2-0', ['other', 'x']]]]]);
    await expect(r.xadd('is', '1-1', 'a', 'b')).rejects.toThrow('ERR The ID specified in XADD is equal or smaller than the target stream top item');
  });

  it('serves XREAD BLOCK from another connection', async () => {
    const r = t.client();
    const w = t.client();
    await r.del('ib');
    const pending = r.xread('BLOCK', 0, 'STREAMS', 'ib', '$');
    await blockedCount(1);
    await w.xadd('ib', '7-7', 'k', 'v');
    expect(await pending).toEqual([['ib', [['7-7', ['k', 'v']]]]]);
  });
});

describe('exact bytes', () => {
  it('XRANGE, XREVRANGE and XREAD in RESP2 and RESP3', async () => {
    const c = await t.raw();
    await send(c, ':0\r\n', 'DEL', 'x');
    await send(c, b('1-1'), 'XADD', 'x', '1-1', 'a', '1');
    await send(c, b('1-2'), 'XADD', 'x', '1-2', 'b', '2', 'c', '3');
    const all = `*2\r\n${entry('1-1', 'a', '1')}${entry('1-2', 'b', '2', 'c', '3')}`;
    await send(c, all, 'XRANGE', 'x', '-', '+');
    await send(c, `*1\r\n${entry('1-2', 'b', '2', 'c', '3')}`, 'XREVRANGE', 'x', '+', '-', 'COUNT', '1');
    await send(c, '*-1\r\n', 'XRANGE', 'x', '-', '+', 'COUNT', '0');
    await send(c, '*0\r\n', 'XRANGE', 'nokey', '-', '+', 'COUNT', '0');
    await send(c, '*0\r\n', 'XRANGE', 'x', '(1-2', '+');
    await send(c, `*1\r\n*2\r\n${b('x')}*1\r\n${entry('1-2', 'b', '2', 'c', '3')}`, 'XREAD', 'STREAMS', 'x', 'nokey', '1-1', '0');
    await send(c, '*-1\r\n', 'XREAD', 'STREAMS', 'x', '$');
    await hello3(c);
    await send(c, all, 'XRANGE', 'x', '-', '+');
    await send(c, '_\r\n', 'XRANGE', 'x', '-', '+', 'COUNT', '0');
    await send(c, `%1\r\n${b('x')}*1\r\n${entry('1-2', 'b', '2', 'c', '3')}`, 'XREAD', 'COUNT', '5', 'STREAMS', 'x', '1-1');
    await send(c, `%2\r\n${b('x')}*1\r\n${entry('1-2', 'b', '2', 'c', '3')}${b('x')}${all}`, 'XREAD', 'STREAMS', 'x', 'x', '1-1', '0');
    await send(c, '_\r\n', 'XREAD', 'STREAMS', 'x', '1-2');
  });

  it('errors', async () => {
    const c = await t.raw();
    await send(c, "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n", 'XREAD', 'STREAMS', 'a', 'b', '0');
    await send(c, "-ERR wrong number of arguments for 'xadd' command\r\n", 'XADD', 'e', '*', 'a', '1', 'b');
    await send(c, '-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n', 'XADD', 'e', 'MAXLEN', '1', 'LIMIT', '1', '*', 'a', '1');
    await send(c, '-ERR The ID specified in XADD must be greater than 0-0\r\n', 'XADD', 'e', '0-0', 'a', '1');
    await send(c, '-ERR Invalid stream ID specified as stream command argument\r\n', 'XADD', 'e', '1-x', 'a', '1');
    await send(c, '-ERR Invalid stream ID specified as stream command argument\r\n', 'XRANGE', 'e', 'x', '+');
    await send(c, '-ERR invalid start ID for the interval\r\n', 'XRANGE', 'e', '(18446744073709551615-18446744073709551615', '+');
    await send(c, '-ERR no such key\r\n', 'XSETID', 'e', '1-1');
    await send(c, '+OK\r\n', 'SET', 'str', 'v');
    await send(c, '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n', 'XREAD', 'STREAMS', 'str', '0');
    await send(c, "-ERR wrong number of arguments for 'xread' command\r\n", 'XREAD', 'STREAMS', 'x');
  });
});

describe('XREAD BLOCK over connections', () => {
  it('is served by XADD in MULTI/EXEC of another client, in arrival order', async () => {
    const [a, r1, w] = [await t.raw(), await t.raw(), await t.raw()];
    await send(w, ':0\r\n', 'DEL', 'bk');
    a.write(resp('XREAD', 'BLOCK', '0', 'STREAMS', 'bk', 'other', '$', '$'));
    r1.write(resp('XREAD', 'COUNT', '1', 'BLOCK', '5000', 'STREAMS', 'bk', '0-0'));
    await blockedCount(2);
    await send(w, '+OK\r\n', 'MULTI');
    await send(w, '+QUEUED\r\n', 'XADD', 'bk', '1-1', 'f', 'v');
    await send(w, '+QUEUED\r\n', 'XADD', 'bk', '1-2', 'g', 'w');
    await send(w, `*2\r\n${b('1-1')}${b('1-2')}`, 'EXEC');
    const one = `*1\r\n*2\r\n${b('bk')}`;
    expect(await a.expect(`${one}*2\r\n${entry('1-1', 'f', 'v')}${entry('1-2', 'g', 'w')}`)).toBe(`${one}*2\r\n${entry('1-1', 'f', 'v')}${entry('1-2', 'g', 'w')}`);
    expect(await r1.expect(`${one}*1\r\n${entry('1-1', 'f', 'v')}`)).toBe(`${one}*1\r\n${entry('1-1', 'f', 'v')}`);
    await blockedCount(0);
  });

  it('times out with a null array (RESP2) or null (RESP3)', async () => {
    const c = await t.raw();
    c.write(resp('XREAD', 'BLOCK', '30', 'STREAMS', 'never', '$'));
    expect(await c.expect('*-1\r\n')).toBe('*-1\r\n');
    await hello3(c);
    c.write(resp('XREAD', 'BLOCK', '30', 'STREAMS', 'never', '$'));
    expect(await c.expect('_\r\n')).toBe('_\r\n');
  });

  it('does not block inside MULTI', async () => {
    const c = await t.raw();
    await send(c, '+OK\r\n', 'MULTI');
    await send(c, '+QUEUED\r\n', 'XREAD', 'BLOCK', '0', 'STREAMS', 'never', '$');
    await send(c, '*1\r\n*-1\r\n', 'EXEC');
  });
});
