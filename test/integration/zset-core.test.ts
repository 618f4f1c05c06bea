/**
 * Core sorted-set commands over real connections: ioredis for the everyday use, raw sockets for
 * exact bytes (RESP2, and RESP3 after HELLO 3), and blocking pops across several connections.
 * The scenarios run against Podium and, where redis-server 7.0 is installed, against it too with
 * the same expectations, so every expected reply here is Redis's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawConn, resp, startTestServer, type TestServer } from '../helpers/server.ts';
import { redisUnavailable, startRedis, type RedisRef } from '../helpers/redis-ref.ts';

interface Target {
  name: string;
  port(): number;
}

let pod: TestServer;
let ref: RedisRef | null = null;

const targets: Target[] = [{ name: 'podium', port: () => pod.port }];
if (redisUnavailable === null) targets.push({ name: 'redis-server 7.0', port: () => ref!.port });

beforeAll(async () => {
  pod = await startTestServer();
  if (redisUnavailable === null) ref = await startRedis();
});
afterAll(async () => {
  await pod?.close();
  await ref?.stop();
});

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const triple = (k: string, m: string, s: string) => `*3\r\n${bulk(k)}${bulk(m)}${bulk(s)}`;

describe.each(targets)('against $name', (target) => {
  const conns: RawConn[] = [];
  const ios: Redis[] = [];
  let ctl: Redis;

  async function raw(resp3 = false): Promise<RawConn> {
    const c = await RawConn.connect(target.port());
    conns.push(c);
    if (resp3) {
      c.write(resp('HELLO', '3'));
      // The HELLO map's length differs between servers: wait for it, then drop it.
      await new Promise((r) => setTimeout(r, 30));
      c.readBytes(c.pending().length);
    }
    return c;
  }

  function io(): Redis {
    const r = new Redis({ port: target.port(), host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {});
    ios.push(r);
    return r;
  }

  /** Waits until the server reports exactly `n` blocked clients (a sync point between connections). */
  async function blocked(n: number): Promise<void> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const info = await ctl.info('clients');
      const m = /blocked_clients:(\d+)/.exec(info);
      if (m !== null && Number(m[1]) === n) return;
      if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients: ${info}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async function send(c: RawConn, want: string, ...argv: string[]): Promise<void> {
    c.write(resp(...argv));
    expect(await c.expect(want), argv.join(' ')).toBe(want);
  }

  /** Nothing arrives on `c` for a while (it is still blocked). */
  async function silent(c: RawConn, ms = 60): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    expect(c.pending()).toBe('');
  }

  beforeAll(async () => {
    ctl = io();
  });
  afterAll(async () => {
    for (const c of conns) c.close();
    for (const r of ios) r.disconnect();
  });

  describe('with ioredis', () => {
    it('builds a leaderboard: ZADD, ZINCRBY, ZSCORE, ZREVRANK, ZCARD, ZCOUNT, ZREM', async () => {
      const r = io();
      await r.del('lb');
      expect(await r.zadd('lb', 100, 'ann', 250, 'bob', 175, 'cid')).toBe(3);
      expect(await r.zincrby('lb', 80, 'ann')).toBe('180');
      expect(await r.zscore('lb', 'ann')).toBe('180');
      expect(await r.zscore('lb', 'nobody')).toBeNull();
      expect(await r.zrevrank('lb', 'bob')).toBe(0);
      expect(await r.zrevrank('lb', 'ann')).toBe(1);
      expect(await r.zrank('lb', 'cid')).toBe(0);
      expect(await r.zrevrank('lb', 'nobody')).toBeNull();
      expect(await r.zcard('lb')).toBe(3);
      expect(await r.zcount('lb', '(175', '+inf')).toBe(2);
      expect(await r.zmscore('lb', 'ann', 'x', 'bob')).toEqual(['180', null, '250']);
      expect(await r.zadd('lb', 'GT', 'CH', 150, 'ann', 300, 'bob')).toBe(1);
      expect(await r.zadd('lb', 'XX', 'INCR', 1, 'nobody')).toBeNull();
      expect(await r.zrem('lb', 'cid', 'nobody')).toBe(1);
      expect(await r.zpopmax('lb')).toEqual(['bob', '300']);
      expect(await r.zpopmin('lb', 5)).toEqual(['ann', '180']);
      expect(await r.exists('lb')).toBe(0);
    });

    it('reports Redis errors and WRONGTYPE', async () => {
      const r = io();
      await r.set('str', 'v');
      await expect(r.zadd('str', 1, 'a')).rejects.toThrow('WRONGTYPE Operation against a key holding the wrong kind of value');
      await expect(r.zadd('e', 'NX', 'XX', 1, 'a')).rejects.toThrow('ERR XX and NX options at the same time are not compatible');
      await expect(r.zadd('e', 'GT', 'LT', 1, 'a')).rejects.toThrow('ERR GT, LT, and/or NX options at the same time are not compatible');
      await expect(r.zadd('e', 'INCR', 1, 'a', 2, 'b')).rejects.toThrow('ERR INCR option supports a single increment-element pair');
      await expect(r.zadd('e', 'x', 'a')).rejects.toThrow('ERR value is not a valid float');
      await r.zadd('e', 'inf', 'a');
      await expect(r.zincrby('e', '-inf', 'a')).rejects.toThrow('ERR resulting score is not a number (NaN)');
      expect(await r.zscore('e', 'a')).toBe('inf');
      await expect(r.zcount('e', 'x', 1)).rejects.toThrow('ERR min or max is not a float');
      await expect(r.zlexcount('e', 'x', '+')).rejects.toThrow('ERR min or max not valid string range item');
      await expect(r.zpopmin('e', -1)).rejects.toThrow('ERR value is out of range, must be positive');
      await expect(r.bzpopmin('e', -1)).rejects.toThrow('ERR timeout is negative');
      await expect(r.zmpop(0, 'e', 'MIN')).rejects.toThrow('ERR numkeys should be greater than 0');
      await expect(r.call('ZMPOP', '1', 'e', 'MIN', 'COUNT', '0')).rejects.toThrow('ERR count should be greater than 0');
      await r.del('e', 'str');
    });
  });

  describe('exact bytes', () => {
    it('RESP2 and RESP3 shapes of the pops', async () => {
      const [a, b] = [await raw(), await raw(true)];
      await send(a, ':4\r\n', 'ZADD', 'shape', '1', 'a', '2.5', 'b', '3', 'c', '4', 'd');
      await send(a, `*2\r\n${bulk('a')}${bulk('1')}`, 'ZPOPMIN', 'shape');
      await send(b, '*2\r\n$1\r\nd\r\n,4\r\n', 'ZPOPMAX', 'shape');
      await send(b, '*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n', 'ZPOPMIN', 'shape', '1');
      await send(b, '*0\r\n', 'ZPOPMIN', 'shape', '0');
      await send(b, '*0\r\n', 'ZPOPMIN', 'nokey');
      await send(b, '_\r\n', 'ZMPOP', '1', 'nokey', 'MIN');
      await send(a, '*-1\r\n', 'ZMPOP', '1', 'nokey', 'MIN');
      await send(b, '*2\r\n$5\r\nshape\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n', 'ZMPOP', '1', 'shape', 'MAX', 'COUNT', '3');
      await send(a, ':0\r\n', 'EXISTS', 'shape');
    });

    it('binary members and keys round-trip', async () => {
      const a = await raw();
      const m = '\x00\xff\r\n\xe2\x82\xac';
      await send(a, ':1\r\n', 'ZADD', 'bin\x00', '1', m);
      await send(a, `*2\r\n${bulk(m)}${bulk('1')}`, 'ZPOPMIN', 'bin\x00');
    });
  });

  describe('blocking pops', () => {
    it('serve waiters first come, first served, one element each', async () => {
      const [a, b, c] = [await raw(), await raw(), await raw()];
      a.write(resp('BZPOPMIN', 'fifo', '0'));
      await blocked(1);
      b.write(resp('BZPOPMIN', 'fifo', '0'));
      await blocked(2);
      await send(c, ':3\r\n', 'ZADD', 'fifo', '1', 'x', '2', 'y', '3', 'z');
      expect(await a.expect(triple('fifo', 'x', '1'))).toBe(triple('fifo', 'x', '1'));
      expect(await b.expect(triple('fifo', 'y', '2'))).toBe(triple('fifo', 'y', '2'));
      await send(c, `*2\r\n${bulk('z')}${bulk('3')}`, 'ZRANGE', 'fifo', '0', '-1', 'WITHSCORES');
      await blocked(0);
      await send(c, ':1\r\n', 'DEL', 'fifo');
    });

    it('serve a waiter on several keys from the key that got data; BZPOPMAX takes the highest', async () => {
      const [a, c] = [await raw(), await raw()];
      a.write(resp('BZPOPMAX', 'mk1', 'mk2', '0'));
      await blocked(1);
      await send(c, ':2\r\n', 'ZADD', 'mk2', '1', 'lo', '9', 'hi');
      expect(await a.expect(triple('mk2', 'hi', '9'))).toBe(triple('mk2', 'hi', '9'));
      await send(c, ':1\r\n', 'DEL', 'mk2');
    });

    it('time out after 0.1 s with a null array (RESP2) or null (RESP3)', async () => {
      const [a, b] = [await raw(), await raw(true)];
      const t0 = Date.now();
      a.write(resp('BZPOPMIN', 'none', '0.1'));
      b.write(resp('BZMPOP', '0.1', '2', 'none', 'none2', 'MAX', 'COUNT', '2'));
      expect(await a.expect('*-1\r\n')).toBe('*-1\r\n');
      expect(await b.expect('_\r\n')).toBe('_\r\n');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    });

    it('BZMPOP is served up to COUNT, with the nested reply, in RESP3 too', async () => {
      const [a, b, c] = [await raw(), await raw(true), await raw()];
      a.write(resp('BZMPOP', '0', '1', 'mp', 'MIN', 'COUNT', '2'));
      await blocked(1);
      b.write(resp('BZMPOP', '0', '2', 'other', 'mp', 'MAX', 'COUNT', '5'));
      await blocked(2);
      await send(c, ':4\r\n', 'ZADD', 'mp', '1', 'a', '2', 'b', '3', 'c', '4.5', 'd');
      const wantA = `*2\r\n${bulk('mp')}*2\r\n*2\r\n${bulk('a')}${bulk('1')}*2\r\n${bulk('b')}${bulk('2')}`;
      expect(await a.expect(wantA)).toBe(wantA);
      const wantB = `*2\r\n${bulk('mp')}*2\r\n*2\r\n${bulk('d')},4.5\r\n*2\r\n${bulk('c')},3\r\n`;
      expect(await b.expect(wantB)).toBe(wantB);
      await send(c, ':0\r\n', 'EXISTS', 'mp');
    });

    it('are served by MULTI/EXEC once the transaction ends, with what it left', async () => {
      const [a, b, c] = [await raw(), await raw(), await raw()];
      a.write(resp('BZPOPMIN', 'tx', '0'));
      await blocked(1);
      b.write(resp('BZPOPMAX', 'tx', '0'));
      await blocked(2);
      await send(c, '+OK\r\n', 'MULTI');
      await send(c, '+QUEUED\r\n', 'ZADD', 'tx', '1', 'a', '2', 'b', '3', 'c');
      await send(c, '+QUEUED\r\n', 'ZREM', 'tx', 'a');
      await send(c, '*2\r\n:3\r\n:1\r\n', 'EXEC');
      expect(await a.expect(triple('tx', 'b', '2'))).toBe(triple('tx', 'b', '2'));
      expect(await b.expect(triple('tx', 'c', '3'))).toBe(triple('tx', 'c', '3'));
      await send(c, ':0\r\n', 'EXISTS', 'tx');
    });

    it('stay blocked when a transaction adds and removes everything, or the key gets another type', async () => {
      const [a, c] = [await raw(), await raw()];
      a.write(resp('BZPOPMIN', 'gone', '0'));
      await blocked(1);
      await send(c, '+OK\r\n', 'MULTI');
      await send(c, '+QUEUED\r\n', 'ZADD', 'gone', '1', 'a');
      await send(c, '+QUEUED\r\n', 'DEL', 'gone');
      await send(c, '*2\r\n:1\r\n:1\r\n', 'EXEC');
      await send(c, '+OK\r\n', 'SET', 'gone', 'str');
      await silent(a);
      await blocked(1);
      await send(c, ':1\r\n', 'DEL', 'gone');
      await send(c, ':1\r\n', 'ZADD', 'gone', '5', 'late');
      expect(await a.expect(triple('gone', 'late', '5'))).toBe(triple('gone', 'late', '5'));
    });

    it('inside MULTI answer at once with a null array', async () => {
      const c = await raw();
      await send(c, '+OK\r\n', 'MULTI');
      await send(c, '+QUEUED\r\n', 'BZPOPMIN', 'none', '0');
      await send(c, '+QUEUED\r\n', 'BZMPOP', '0', '1', 'none', 'MIN');
      await send(c, '*2\r\n*-1\r\n*-1\r\n', 'EXEC');
    });

    it('work through ioredis', async () => {
      const [w, p] = [io(), io()];
      const pending = w.bzpopmin('ioq', 0);
      await blocked(1);
      await p.zadd('ioq', 7, 'seven');
      expect(await pending).toEqual(['ioq', 'seven', '7']);
      expect(await w.bzpopmax('ioq', 0.1)).toBeNull();
    });
  });
});
