/**
 * Blocking list commands with several real connections. Every expected reply below was checked
 * against redis-server 7.0.15 running the same scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { check } from '../helpers/raw-reply.ts';
import { blockedCount as waitBlocked } from '../helpers/raw-steps.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const blockedCount = (n: number) => waitBlocked(t, n);
const send = (c: RawConn, want: string, ...argv: string[]) => check(c, argv, want);

/** Nothing arrives on `c` for a while (it is still blocked). */
async function silent(c: RawConn, ms = 60): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  expect(c.pending()).toBe('');
}

const pair = (key: string, v: string) => `*2\r\n$${key.length}\r\n${key}\r\n$${v.length}\r\n${v}\r\n`;

describe('serving blocked clients', () => {
  it('serves waiters on one key first come first served, one element each', async () => {
    const [a, b, c] = [await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'f:k', '0'));
    await blockedCount(1);
    b.write(resp('BLPOP', 'f:k', '0'));
    await blockedCount(2);
    await send(c, ':3\r\n', 'RPUSH', 'f:k', 'a', 'b', 'c');
    expect(await a.expect(pair('f:k', 'a'))).toBe(pair('f:k', 'a'));
    expect(await b.expect(pair('f:k', 'b'))).toBe(pair('f:k', 'b'));
    await send(c, '*1\r\n$1\r\nc\r\n', 'LRANGE', 'f:k', '0', '-1');
    expect(t.server.engine.blocking.waiting).toBe(0);
  });

  it('serves BRPOP waiters from the tail after a multi-value LPUSH', async () => {
    const [a, b, c] = [await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BRPOP', 'o:k', '0'));
    await blockedCount(1);
    b.write(resp('BRPOP', 'o:k', '0'));
    await blockedCount(2);
    await send(c, ':3\r\n', 'LPUSH', 'o:k', 'a', 'b', 'c');
    expect(await a.expect(pair('o:k', 'a'))).toBe(pair('o:k', 'a'));
    expect(await b.expect(pair('o:k', 'b'))).toBe(pair('o:k', 'b'));
    await send(c, '*1\r\n$1\r\nc\r\n', 'LRANGE', 'o:k', '0', '-1');
  });

  it('mixes BLPOP, BRPOP and BLMPOP COUNT on one key in arrival order', async () => {
    const [a, b, c, d] = [await t.raw(), await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'x:k', '0'));
    await blockedCount(1);
    b.write(resp('BRPOP', 'x:k', '0'));
    await blockedCount(2);
    c.write(resp('BLMPOP', '0', '1', 'x:k', 'LEFT', 'COUNT', '5'));
    await blockedCount(3);
    await send(d, ':4\r\n', 'RPUSH', 'x:k', 'a', 'b', 'c', 'd');
    expect(await a.expect(pair('x:k', 'a'))).toBe(pair('x:k', 'a'));
    expect(await b.expect(pair('x:k', 'd'))).toBe(pair('x:k', 'd'));
    const mpop = '*2\r\n$3\r\nx:k\r\n*2\r\n$1\r\nb\r\n$1\r\nc\r\n';
    expect(await c.expect(mpop)).toBe(mpop);
    await send(d, '*0\r\n', 'LRANGE', 'x:k', '0', '-1');
  });

  it('serves a client waiting on several keys from the first key that gets data', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'm:k1', 'm:k2', '0'));
    await blockedCount(1);
    b.write(Buffer.concat([resp('MULTI'), resp('RPUSH', 'm:k2', 'x'), resp('RPUSH', 'm:k1', 'y'), resp('EXEC')]));
    const execReply = '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n:1\r\n:1\r\n';
    expect(await b.expect(execReply)).toBe(execReply);
    expect(await a.expect(pair('m:k2', 'x'))).toBe(pair('m:k2', 'x'));
    await send(b, '*1\r\n$1\r\ny\r\n', 'LRANGE', 'm:k1', '0', '-1');
    await send(b, '*0\r\n', 'LRANGE', 'm:k2', '0', '-1');
  });

  it('lists a key once even when it is given twice, and serves several keys', async () => {
    const [a, b, c, d] = [await t.raw(), await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'd:k', 'd:k', 'd:j', '0'));
    await blockedCount(1);
    b.write(resp('BLPOP', 'd:j', 'd:k', '0'));
    await blockedCount(2);
    c.write(resp('BLPOP', 'd:k', '0'));
    await blockedCount(3);
    await send(d, ':2\r\n', 'RPUSH', 'd:k', '1', '2');
    expect(await a.expect(pair('d:k', '1'))).toBe(pair('d:k', '1'));
    expect(await b.expect(pair('d:k', '2'))).toBe(pair('d:k', '2'));
    await silent(c);
    await send(d, ':2\r\n', 'RPUSH', 'd:j', '3', '4');
    await send(d, '*2\r\n$1\r\n3\r\n$1\r\n4\r\n', 'LRANGE', 'd:j', '0', '-1');
    await silent(c, 20);
    await send(d, ':1\r\n', 'RPUSH', 'd:k', '5');
    expect(await c.expect(pair('d:k', '5'))).toBe(pair('d:k', '5'));
  });

  it('serves BLMPOP waiters on several keys', async () => {
    const [a, b, c] = [await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BLMPOP', '0', '2', 'p:a', 'p:b', 'RIGHT', 'COUNT', '2'));
    await blockedCount(1);
    b.write(resp('BLMPOP', '0', '2', 'p:b', 'p:a', 'LEFT'));
    await blockedCount(2);
    await send(c, ':3\r\n', 'RPUSH', 'p:b', '1', '2', '3');
    const wantA = '*2\r\n$3\r\np:b\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n';
    const wantB = '*2\r\n$3\r\np:b\r\n*1\r\n$1\r\n1\r\n';
    expect(await a.expect(wantA)).toBe(wantA);
    expect(await b.expect(wantB)).toBe(wantB);
  });
});

describe('waking paths', () => {
  it('wakes on a push inside MULTI/EXEC, and not when the same EXEC pops it again', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'w:k', '0'));
    await blockedCount(1);
    b.write(Buffer.concat([resp('MULTI'), resp('RPUSH', 'w:k', 'x'), resp('LPOP', 'w:k'), resp('EXEC')]));
    const execReply = '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n:1\r\n$1\r\nx\r\n';
    expect(await b.expect(execReply)).toBe(execReply);
    await silent(a);
    await send(b, '$-1\r\n', 'GET', 'w:k'); // the key does not exist
    b.write(Buffer.concat([resp('MULTI'), resp('RPUSH', 'w:k', 'y'), resp('EXEC')]));
    expect(await b.expect('+OK\r\n+QUEUED\r\n*1\r\n:1\r\n')).toBe('+OK\r\n+QUEUED\r\n*1\r\n:1\r\n');
    expect(await a.expect(pair('w:k', 'y'))).toBe(pair('w:k', 'y'));
  });

  it('wakes on LMOVE into a waited key', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'lm:dst', '0'));
    await blockedCount(1);
    await send(b, ':1\r\n', 'RPUSH', 'lm:src', 'x');
    await send(b, '$1\r\nx\r\n', 'LMOVE', 'lm:src', 'lm:dst', 'LEFT', 'RIGHT');
    expect(await a.expect(pair('lm:dst', 'x'))).toBe(pair('lm:dst', 'x'));
    await send(b, '*0\r\n', 'LRANGE', 'lm:dst', '0', '-1');
  });

  it('chains BLMOVE → BRPOPLPUSH → BLPOP from one push', async () => {
    const [a, b, c, d] = [await t.raw(), await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BLMOVE', 'ch:k1', 'ch:k2', 'LEFT', 'LEFT', '0'));
    await blockedCount(1);
    b.write(resp('BRPOPLPUSH', 'ch:k2', 'ch:k3', '0'));
    await blockedCount(2);
    c.write(resp('BLPOP', 'ch:k3', '0'));
    await blockedCount(3);
    await send(d, ':2\r\n', 'RPUSH', 'ch:k1', 'x', 'y');
    expect(await a.expect('$1\r\nx\r\n')).toBe('$1\r\nx\r\n');
    expect(await b.expect('$1\r\nx\r\n')).toBe('$1\r\nx\r\n');
    expect(await c.expect(pair('ch:k3', 'x'))).toBe(pair('ch:k3', 'x'));
    await send(d, '*1\r\n$1\r\ny\r\n', 'LRANGE', 'ch:k1', '0', '-1');
    await send(d, '*0\r\n', 'LRANGE', 'ch:k2', '0', '-1');
    await send(d, '*0\r\n', 'LRANGE', 'ch:k3', '0', '-1');
  });

  it('BLMOVE from a key onto itself still feeds the next waiter', async () => {
    const [a, b, c] = [await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BLMOVE', 'self:k', 'self:k', 'LEFT', 'RIGHT', '0'));
    await blockedCount(1);
    b.write(resp('BLPOP', 'self:k', '0'));
    await blockedCount(2);
    await send(c, ':1\r\n', 'RPUSH', 'self:k', 'x');
    expect(await a.expect('$1\r\nx\r\n')).toBe('$1\r\nx\r\n');
    expect(await b.expect(pair('self:k', 'x'))).toBe(pair('self:k', 'x'));
  });

  it('keeps waiters blocked while the key holds another type, serves them once it is a list again', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'wt:k', '0'));
    await blockedCount(1);
    await send(b, '+OK\r\n', 'SET', 'wt:k', 'str');
    await silent(a);
    expect(t.server.engine.blocking.waiting).toBe(1);
    await send(b, '$3\r\nstr\r\n', 'GETDEL', 'wt:k');
    await send(b, ':1\r\n', 'LPUSH', 'wt:k', 'v');
    expect(await a.expect(pair('wt:k', 'v'))).toBe(pair('wt:k', 'v'));
    await send(b, '$-1\r\n', 'GET', 'wt:k');
  });

  it('serves a waiter after its key was emptied (deleted) and created again', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'dr:k', '0'));
    await blockedCount(1);
    b.write(Buffer.concat([resp('MULTI'), resp('RPUSH', 'dr:k', 'old'), resp('RPOP', 'dr:k'), resp('RPUSH', 'dr:k', 'new'), resp('EXEC')]));
    const execReply = '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n:1\r\n$3\r\nold\r\n:1\r\n';
    expect(await b.expect(execReply)).toBe(execReply);
    expect(await a.expect(pair('dr:k', 'new'))).toBe(pair('dr:k', 'new'));
  });

  it('answers WRONGTYPE to a BLMOVE waiter whose destination is not a list, leaving the source', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    await send(a, '+OK\r\n', 'SET', 'bw:s', 'v');
    a.write(resp('BLMOVE', 'bw:src', 'bw:s', 'LEFT', 'LEFT', '0'));
    await blockedCount(1);
    await send(b, ':2\r\n', 'RPUSH', 'bw:src', 'x', 'y');
    const err = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
    expect(await a.expect(err)).toBe(err);
    await send(b, '*2\r\n$1\r\nx\r\n$1\r\ny\r\n', 'LRANGE', 'bw:src', '0', '-1');
    await send(a, '$1\r\nv\r\n', 'GET', 'bw:s');
  });
});

describe('timeouts, transactions, pipelines, disconnects', () => {
  it('times out after the given seconds with a null array for every blocking form', async () => {
    const conns = [await t.raw(), await t.raw(), await t.raw(), await t.raw(), await t.raw()];
    const cmds = [
      ['BLPOP', 'to:k', '0.1'],
      ['BRPOP', 'to:k', 'to:j', '0.1'],
      ['BRPOPLPUSH', 'to:k', 'to:d', '0.1'],
      ['BLMOVE', 'to:k', 'to:d', 'LEFT', 'LEFT', '0.1'],
      ['BLMPOP', '0.1', '1', 'to:k', 'LEFT'],
    ];
    const t0 = Date.now();
    cmds.forEach((argv, i) => conns[i].write(resp(...argv)));
    await blockedCount(5);
    for (const c of conns) expect(await c.expect('*-1\r\n')).toBe('*-1\r\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(t.server.engine.blocking.waiting).toBe(0);
    // Each connection is usable again afterwards.
    await send(conns[0], '+PONG\r\n', 'PING');
  });

  it('does not fire a timeout longer than what a Node timer can hold early', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    // 2,200,000 s is about 25 days: past setTimeout's 2^31-1 ms limit.
    a.write(resp('BLPOP', 'lt:k', '2200000'));
    await blockedCount(1);
    await silent(a, 100);
    await send(b, ':1\r\n', 'RPUSH', 'lt:k', 'v');
    expect(await a.expect(pair('lt:k', 'v'))).toBe(pair('lt:k', 'v'));
  });

  it('behaves as an immediate timeout inside MULTI', async () => {
    const a = await t.raw();
    a.write(
      Buffer.concat([
        resp('MULTI'),
        resp('BLPOP', 'tx:k', '0'),
        resp('BRPOP', 'tx:k', '0'),
        resp('BLMOVE', 'tx:k', 'tx:d', 'LEFT', 'RIGHT', '0'),
        resp('BRPOPLPUSH', 'tx:k', 'tx:d', '0'),
        resp('BLMPOP', '0', '1', 'tx:k', 'LEFT'),
        resp('EXEC'),
      ]),
    );
    const want = '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*5\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n';
    expect(await a.expect(want)).toBe(want);
    expect(t.server.engine.blocking.waiting).toBe(0);
  });

  it('pops at once inside MULTI when there is data', async () => {
    const a = await t.raw();
    await send(a, ':1\r\n', 'RPUSH', 'txd:k', '1');
    a.write(Buffer.concat([resp('MULTI'), resp('BLPOP', 'txd:k', '0'), resp('BLPOP', 'txd:k', '0'), resp('BRPOPLPUSH', 'txd:k', 'txd:d', '0'), resp('EXEC')]));
    const want = '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n' + pair('txd:k', '1') + '*-1\r\n$-1\r\n';
    expect(await a.expect(want)).toBe(want);
  });

  it('holds back pipelined commands until the blocking command is served', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    a.write(Buffer.concat([resp('BLPOP', 'pl:k', '0'), resp('RPUSH', 'pl:k2', 'z'), resp('LRANGE', 'pl:k2', '0', '-1')]));
    await blockedCount(1);
    await send(b, '*0\r\n', 'LRANGE', 'pl:k2', '0', '-1');
    await silent(a, 30);
    await send(b, ':1\r\n', 'RPUSH', 'pl:k', 'q');
    const want = pair('pl:k', 'q') + ':1\r\n*1\r\n$1\r\nz\r\n';
    expect(await a.expect(want)).toBe(want);
  });

  it('runs a pipeline of blocking commands one after the other', async () => {
    const [a, b] = [await t.raw(), await t.raw()];
    a.write(Buffer.concat([resp('BLPOP', 'pb:k', '0'), resp('BLPOP', 'pb:k', '0'), resp('PING')]));
    await blockedCount(1);
    await send(b, ':1\r\n', 'RPUSH', 'pb:k', '1');
    expect(await a.expect(pair('pb:k', '1'))).toBe(pair('pb:k', '1'));
    await blockedCount(1);
    await silent(a, 30);
    await send(b, ':1\r\n', 'RPUSH', 'pb:k', '2');
    const want = pair('pb:k', '2') + '+PONG\r\n';
    expect(await a.expect(want)).toBe(want);
  });

  it('forgets a client that disconnects while blocked', async () => {
    const [a, b, c] = [await t.raw(), await t.raw(), await t.raw()];
    a.write(resp('BLPOP', 'dc:k', '0'));
    await blockedCount(1);
    b.write(resp('BLPOP', 'dc:k', 'dc:j', '0'));
    await blockedCount(2);
    a.close();
    await blockedCount(1);
    await send(c, ':1\r\n', 'RPUSH', 'dc:k', 'x');
    expect(await b.expect(pair('dc:k', 'x'))).toBe(pair('dc:k', 'x'));
    await send(c, '*0\r\n', 'LRANGE', 'dc:k', '0', '-1');
    expect(t.server.engine.blocking.keyCount).toBe(0);
  });

  it('works with ioredis clients', async () => {
    const opts = { enableReadyCheck: false };
    const [r1, r2, r3] = [t.client(opts), t.client(opts), t.client(opts)];
    const p1 = r1.blpop('io:q', 0);
    await blockedCount(1);
    const p2 = r2.brpoplpush('io:q', 'io:done', 0);
    await blockedCount(2);
    expect(await r3.rpush('io:q', 'job1', 'job2')).toBe(2);
    expect(await p1).toEqual(['io:q', 'job1']);
    expect(await p2).toBe('job2');
    expect(await r3.lrange('io:done', 0, -1)).toEqual(['job2']);
    expect(await r1.blmpop(0.05, 1, 'io:q', 'LEFT')).toBe(null);
  });
});
