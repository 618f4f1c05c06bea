import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('core over TCP', () => {
  it('answers ioredis', async () => {
    const r = t.client();
    expect(await r.ping()).toBe('PONG');
    expect(await r.set('k', 'v')).toBe('OK');
    expect(await r.get('k')).toBe('v');
    expect(await r.incr('n')).toBe(1);
  });

  it('pipelines thousands of commands in one write and answers in order', async () => {
    const c = await t.raw();
    const n = 5000;
    const reqs: Buffer[] = [];
    for (let i = 0; i < n; i++) reqs.push(resp('INCR', 'pipe'));
    c.write(Buffer.concat(reqs));
    let expected = '';
    for (let i = 1; i <= n; i++) expected += `:${i}\r\n`;
    expect(await c.expect(expected)).toBe(expected);
  });

  it('round-trips every byte value in keys and values', async () => {
    const c = await t.raw();
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    c.write(resp('SET', all, all));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    c.write(resp('GET', all));
    const want = `$256\r\n${all}\r\n`;
    expect(await c.expect(want)).toBe(want);
  });

  it('runs MULTI/EXEC', async () => {
    const c = await t.raw();
    c.write('MULTI\r\nSET tx 1\r\nINCR tx\r\nEXEC\r\n');
    const want = '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n:2\r\n';
    expect(await c.expect(want)).toBe(want);
  });
});
