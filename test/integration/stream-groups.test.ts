/**
 * Consumer groups over real connections: a consumer workflow with ioredis (create, read, ack,
 * pending, claim after idle on an injected clock, autoclaim, XINFO), raw sockets for exact bytes in
 * RESP2 and RESP3, and XREADGROUP BLOCK served by XADD from another connection. Expected bytes were
 * checked against redis-server 7.0.15.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { check } from '../helpers/raw-reply.ts';
import { bulk } from '../helpers/resp-text.ts';
import { blockedCount as waitBlocked, entry, hello3 } from '../helpers/raw-steps.ts';

let t: TestServer;
let now = 1_800_000_000_000;
beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
});
afterAll(async () => {
  await t.close();
});

const blockedCount = (n: number) => waitBlocked(t, n);
const send = (c: RawConn, want: string, ...argv: string[]) => check(c, argv, want);
const b = bulk;

describe('consumer workflow (ioredis)', () => {
  it('reads, acks, lists pending, claims after idle time, autoclaims', async () => {
    const r = t.client();
    await r.del('jobs');
    expect(await r.xgroup('CREATE', 'jobs', 'workers', '$', 'MKSTREAM')).toBe('OK');
    for (let i = 1; i <= 4; i++) await r.xadd('jobs', `${i}-0`, 'job', String(i));
    const got = (await r.xreadgroup('GROUP', 'workers', 'w1', 'COUNT', '3', 'STREAMS', 'jobs', '>')) as [string, [string, string[]][]][];
    expect(got).toEqual([['jobs', [['1-0', ['job', '1']], ['2-0', ['job', '2']], ['3-0', ['job', '3']]]]]);
    expect(await r.xreadgroup('GROUP', 'workers', 'w2', 'STREAMS', 'jobs', '>')).toEqual([['jobs', [['4-0', ['job', '4']]]]]);
    expect(await r.xack('jobs', 'workers', '1-0', '4-0', '9-0')).toBe(2);
    expect(await r.xpending('jobs', 'workers')).toEqual([2, '2-0', '3-0', [['w1', '2']]]);
    now += 5000;
    expect(await r.xpending('jobs', 'workers', 'IDLE', '4000', '-', '+', '10')).toEqual([
      ['2-0', 'w1', 5000, 1],
      ['3-0', 'w1', 5000, 1],
    ]);
    // w2 takes over what w1 left idle for 5 s.
    expect(await r.xclaim('jobs', 'workers', 'w2', '6000', '2-0')).toEqual([]);
    expect(await r.xclaim('jobs', 'workers', 'w2', '4000', '2-0')).toEqual([['2-0', ['job', '2']]]);
    expect(await r.xpending('jobs', 'workers', '-', '+', '10', 'w2')).toEqual([['2-0', 'w2', 0, 2]]);
    now += 100;
    expect(await r.xautoclaim('jobs', 'workers', 'w3', '1000', '0', 'COUNT', '10')).toEqual(['0-0', [['3-0', ['job', '3']]], []]);
    const groups = (await r.xinfo('GROUPS', 'jobs')) as unknown[][];
    expect(groups).toEqual([['name', 'workers', 'consumers', 3, 'pending', 2, 'last-delivered-id', '4-0', 'entries-read', 4, 'lag', 0]]);
    expect(await r.xinfo('CONSUMERS', 'jobs', 'workers')).toEqual([
      ['name', 'w1', 'pending', 0, 'idle', 5100],
      ['name', 'w2', 'pending', 1, 'idle', 100],
      ['name', 'w3', 'pending', 1, 'idle', 0],
    ]);
    expect(await r.xgroup('DELCONSUMER', 'jobs', 'workers', 'w3')).toBe(1);
    expect(await r.xgroup('DESTROY', 'jobs', 'workers')).toBe(1);
    await expect(r.xreadgroup('GROUP', 'workers', 'w1', 'STREAMS', 'jobs', '>')).rejects.toThrow(
      "NOGROUP No such key 'jobs' or consumer group 'workers' in XREADGROUP with GROUP option",
    );
  });
});

describe('exact bytes', () => {
  it('XPENDING, XINFO GROUPS and XAUTOCLAIM in RESP2 and RESP3', async () => {
    const c = await t.raw();
    await send(c, ':0\r\n', 'DEL', 'x');
    await send(c, '+OK\r\n', 'XGROUP', 'CREATE', 'x', 'g', '$', 'MKSTREAM');
    await send(c, `*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n`, 'XPENDING', 'x', 'g');
    await send(c, `*1\r\n*12\r\n${b('name')}${b('g')}${b('consumers')}:0\r\n${b('pending')}:0\r\n${b('last-delivered-id')}${b('0-0')}${b('entries-read')}$-1\r\n${b('lag')}:0\r\n`, 'XINFO', 'GROUPS', 'x');
    await send(c, `*3\r\n${b('0-0')}*0\r\n*0\r\n`, 'XAUTOCLAIM', 'x', 'g', 'c', '0', '0');
    await hello3(c);
    await send(c, `*4\r\n:0\r\n_\r\n_\r\n_\r\n`, 'XPENDING', 'x', 'g');
    await send(c, `*1\r\n%6\r\n${b('name')}${b('g')}${b('consumers')}:0\r\n${b('pending')}:0\r\n${b('last-delivered-id')}${b('0-0')}${b('entries-read')}_\r\n${b('lag')}:0\r\n`, 'XINFO', 'GROUPS', 'x');
    await send(c, b('1-0'), 'XADD', 'x', '1-0', 'f', 'v');
    await send(c, `%1\r\n${b('x')}*1\r\n${entry('1-0', 'f', 'v')}`, 'XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'x', '>');
    await send(c, '-NOGROUP No such key \'x\' or consumer group \'nog\'\r\n', 'XPENDING', 'x', 'nog');
  });

  it('XREADGROUP BLOCK is served by XADD from another connection (RESP2 and RESP3)', async () => {
    const w = await t.raw();
    const r2 = await t.raw();
    const r3 = await t.raw();
    await hello3(r3);
    await send(w, ':0\r\n', 'DEL', 'bk');
    await send(w, '+OK\r\n', 'XGROUP', 'CREATE', 'bk', 'g', '$', 'MKSTREAM');
    r2.write(resp('XREADGROUP', 'GROUP', 'g', 'a', 'BLOCK', '0', 'STREAMS', 'bk', '>'));
    r3.write(resp('XREADGROUP', 'GROUP', 'g', 'b', 'COUNT', '5', 'BLOCK', '0', 'STREAMS', 'bk', '>'));
    await blockedCount(2);
    // One XADD serves the first reader; the group's last ID then moves past it, so the second waits.
    await send(w, b('5-0'), 'XADD', 'bk', '5-0', 'f', '1');
    expect(await r2.expect(`*1\r\n*2\r\n${b('bk')}*1\r\n${entry('5-0', 'f', '1')}`)).toBe(`*1\r\n*2\r\n${b('bk')}*1\r\n${entry('5-0', 'f', '1')}`);
    await blockedCount(1);
    await send(w, b('6-0'), 'XADD', 'bk', '6-0', 'f', '2');
    const want3 = `%1\r\n${b('bk')}*1\r\n${entry('6-0', 'f', '2')}`;
    expect(await r3.expect(want3)).toBe(want3);
    await send(w, `*4\r\n:2\r\n${b('5-0')}${b('6-0')}*2\r\n*2\r\n${b('a')}${b('1')}*2\r\n${b('b')}${b('1')}`, 'XPENDING', 'bk', 'g');
    // A timeout replies a nil array.
    await send(r2, '*-1\r\n', 'XREADGROUP', 'GROUP', 'g', 'a', 'BLOCK', '20', 'STREAMS', 'bk', '>');
  });
});
