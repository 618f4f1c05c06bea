/**
 * TCP connections read into one shared buffer (server/transports/tcp.ts). These tests check that the
 * fast path is in use on this Node, and that no connection's half-read request is disturbed by
 * other connections' reads overwriting the buffer: small arguments, inline commands and big bulk
 * arguments (which the parser assembles across reads) are split between reads while others write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type TestServer } from '../helpers/server.ts';
import { sharedReadBuffer } from '../../server/transports/tcp.ts';

const pause = () => new Promise((r) => setTimeout(r, 30));

describe('shared read buffer', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is in use on this Node (the fallback to data events would cost ~10% CPU at -P 1)', () => {
    expect(sharedReadBuffer).toBe(true);
  });

  it('keeps each connection half-read request intact while other connections read', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const c = await t.raw();
    const big = Buffer.alloc(200_000, 0x61);
    big[0] = 0x00;
    big[big.length - 1] = 0xff;
    const bigReq = Buffer.concat([Buffer.from(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${big.length}\r\n`, 'latin1'), big, Buffer.from('\r\n', 'latin1')]);
    const small = resp('SET', 'k:small', 'v'.repeat(40));
    // a: half of a small request; c: the start of a big one; b: many full requests in between.
    a.write(small.subarray(0, 17));
    c.write(bigReq.subarray(0, 70_000));
    await pause();
    for (let i = 0; i < 50; i++) b.write(resp('SET', `k:b${i}`, 'x'.repeat(i * 100)));
    await pause();
    c.write(bigReq.subarray(70_000, 150_000));
    b.write('SET k:inline "inline value"\r\n');
    await pause();
    a.write(small.subarray(17));
    c.write(bigReq.subarray(150_000));
    expect(await a.expect('+OK\r\n')).toBe('+OK\r\n');
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    expect(await b.expect('+OK\r\n'.repeat(51))).toBe('+OK\r\n'.repeat(51));
    const r = t.client();
    expect(await r.get('k:small')).toBe('v'.repeat(40));
    expect(await r.get('k:inline')).toBe('inline value');
    expect(await r.get('k:b49')).toBe('x'.repeat(4900));
    const got = await r.getBuffer('big');
    expect(got!.equals(big)).toBe(true);
  });
});
