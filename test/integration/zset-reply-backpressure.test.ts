/**
 * The TCP writer reuses its output buffer once the socket has written everything through
 * (RespWriter.reclaim). A client that stops reading makes writes queue up: the queued bytes must
 * never be overwritten by later replies. Thousands of small range replies, one command per write,
 * to a paused reader, then every byte checked.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const cmd = (...a: string[]) => `*${a.length}\r\n` + a.map(bulk).join('');

describe('replies queued behind a reader that does not read', () => {
  it('arrive intact', async () => {
    const r = t.client();
    const members: string[] = [];
    for (let i = 0; i < 300; i++) members.push(`m${String(i).padStart(4, '0')}` + 'p'.repeat(i % 50));
    await r.zadd('bp', ...members.flatMap((m, i) => [i, m]));
    const n = 40000;
    const replies: string[] = [];
    const s = net.connect(t.port, '127.0.0.1');
    s.pause();
    const chunks: Buffer[] = [];
    let want = 0;
    const done = new Promise<void>((resolve, reject) => {
      let got = 0;
      s.on('error', reject);
      s.on('data', (d: Buffer) => {
        chunks.push(d);
        got += d.length;
        if (got >= want) resolve();
      });
    });
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
    for (let i = 0; i < n; i++) {
      const a = i % 290;
      const b = a + (i % 7);
      replies.push(`*${b - a + 1}\r\n` + members.slice(a, b + 1).map(bulk).join(''));
    }
    want = replies.reduce((x, y) => x + y.length, 0);
    // One command per write and per event-loop turn, so each reply is flushed on its own.
    for (let i = 0; i < n; i += 10) {
      let req = '';
      for (let j = i; j < i + 10 && j < n; j++) req += cmd('ZRANGE', 'bp', String(j % 290), String((j % 290) + (j % 7)));
      s.write(req);
      await new Promise((res) => setImmediate(res));
    }
    await new Promise((res) => setTimeout(res, 200));
    s.resume();
    await done;
    s.destroy();
    const text = Buffer.concat(chunks).toString('latin1');
    expect(text.length).toBe(want);
    expect(text === replies.join('')).toBe(true);
  }, 60_000);
});
