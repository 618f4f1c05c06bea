/**
 * RESP over real TCP sockets: big pipelines in one write, requests split at every byte, inline
 * (telnet-style) commands, binary-safe keys and values, protocol errors (reply, then close, after
 * answering what came before), garbage that must not hurt the server, and a 20 MB value round trip.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { bulk } from '../helpers/resp-text.ts';
import { seededRandom } from '../../server/lib/random.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

async function pingWorks(c: RawConn): Promise<void> {
  c.write(resp('PING'));
  expect(await c.expect('+PONG\r\n')).toBe('+PONG\r\n');
}

/** Waits for the peer to close and returns everything it sent before. */
async function untilClosed(c: RawConn): Promise<string> {
  await c.waitClose();
  return c.pending();
}

describe('pipelining', () => {
  it('answers 10000 commands sent in one write, in order', async () => {
    const c = await t.raw();
    const n = 10000;
    const parts: Buffer[] = [];
    let want = '';
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) {
        parts.push(resp('SET', `p:${i}`, `v${i}`));
        want += '+OK\r\n';
      } else {
        parts.push(resp('GET', `p:${i - 1}`));
        want += bulk(`v${i - 1}`);
      }
    }
    c.write(Buffer.concat(parts));
    expect(await c.expect(want, 20000)).toBe(want);
  });

  it('answers a mixed multibulk and inline pipeline', async () => {
    const c = await t.raw();
    let req = '';
    let want = '';
    for (let i = 0; i < 2000; i++) {
      req += i % 2 === 0 ? `INCR mixed\r\n` : resp('INCR', 'mixed').toString('latin1');
      want += `:${i + 1}\r\n`;
    }
    c.write(req);
    expect(await c.expect(want, 20000)).toBe(want);
  });
});

describe('requests split across writes', () => {
  it('parses a request sent one byte per write, at every split point', async () => {
    const c = await t.raw();
    const req = Buffer.concat([resp('SET', 'split', 'a\r\nb'), resp('GET', 'split'), Buffer.from('ECHO "x y"\r\n')]);
    for (let i = 0; i < req.length; i++) {
      c.write(req.subarray(i, i + 1));
      // Let each byte leave as its own segment.
      await new Promise((r) => setImmediate(r));
    }
    const want = '+OK\r\n' + bulk('a\r\nb') + bulk('x y');
    expect(await c.expect(want)).toBe(want);
  });

  it('parses every two-piece split of a request', async () => {
    const c = await t.raw();
    const req = resp('SET', 'two', 'value-with-some-length');
    let want = '';
    for (let cut = 1; cut < req.length; cut++) {
      c.write(req.subarray(0, cut));
      await new Promise((r) => setImmediate(r));
      c.write(req.subarray(cut));
      want += '+OK\r\n';
    }
    expect(await c.expect(want)).toBe(want);
  });

  it('assembles a 1 MB argument sent in small random pieces', async () => {
    const c = await t.raw();
    const r = seededRandom(9);
    const value = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < value.length; i++) value[i] = Math.floor(r() * 256);
    const req = Buffer.concat([resp('SET', 'pieces', value), resp('STRLEN', 'pieces')]);
    let pos = 0;
    while (pos < req.length) {
      const n = 1 + Math.floor(r() * 70000);
      c.write(req.subarray(pos, pos + n));
      pos += n;
      if (r() < 0.3) await new Promise((res) => setImmediate(res));
    }
    expect(await c.expect('+OK\r\n:1048576\r\n')).toBe('+OK\r\n:1048576\r\n');
  });
});

describe('inline commands (telnet style)', () => {
  it('runs inline commands with quotes and escapes', async () => {
    const c = await t.raw();
    c.write('SET tel "hello world"\r\nGET tel\nECHO \'it\\\'s\'\r\nECHO "\\x41\\x00\\xff"\r\n\r\n  \r\nPING\r\n');
    const want = '+OK\r\n' + bulk('hello world') + bulk("it's") + bulk('A\0\xff') + '+PONG\r\n';
    expect(await c.expect(want)).toBe(want);
  });
});

describe('binary safety', () => {
  it('round-trips keys and values with \\x00, \\xff, CR, LF and invalid UTF-8', async () => {
    const c = await t.raw();
    const key = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0xc3, 0x28, 0x80, 0x00]);
    let all = '';
    for (let i = 255; i >= 0; i--) all += String.fromCharCode(i);
    const value = Buffer.from(all + all, 'latin1');
    c.write(Buffer.concat([resp('SET', key, value), resp('GET', key), resp('STRLEN', key), resp('APPEND', key, Buffer.from([0])), resp('GETRANGE', key, '-2', '-1')]));
    const want = '+OK\r\n' + bulk(all + all) + ':512\r\n:513\r\n' + bulk('\x00\x00');
    expect(await c.expect(want)).toBe(want);
    const r = t.client();
    const v = await r.getBuffer(key);
    expect(v!.length).toBe(513);
    expect(v!.subarray(0, 512).equals(value)).toBe(true);
  });
});

describe('protocol errors', () => {
  it('answers the commands before a bad request, replies the error, then closes', async () => {
    const c = await t.raw();
    c.write('PING\r\n*1\r\n$4\r\nECHO\r\n*x\r\nPING\r\n');
    const got = await untilClosed(c);
    expect(got).toBe("+PONG\r\n-ERR wrong number of arguments for 'echo' command\r\n-ERR Protocol error: invalid multibulk length\r\n");
  });

  it.each([
    ['*1\r\n$-1\r\n', 'invalid bulk length'],
    ['*1\r\nx4\r\n', "expected '$', got 'x'"],
    ['*1\r\n\r\n', "expected '$', got ' '"],
    ['ECHO "abc\r\n', 'unbalanced quotes in request'],
  ])('%j -> %s', async (input, text) => {
    const c = await t.raw();
    c.write(input);
    expect(await untilClosed(c)).toBe(`-ERR Protocol error: ${text}\r\n`);
  });

  it('rejects oversized headers and inline lines', async () => {
    const c1 = await t.raw();
    c1.write('x'.repeat(70000));
    expect(await untilClosed(c1)).toBe('-ERR Protocol error: too big inline request\r\n');
    const c2 = await t.raw();
    c2.write('*1\r\n$' + '1'.repeat(70000));
    expect(await untilClosed(c2)).toBe('-ERR Protocol error: too big bulk count string\r\n');
  });

  it('closes without a reply at client-query-buffer-limit', async () => {
    const r = t.client();
    await r.config('SET', 'client-query-buffer-limit', '1mb');
    try {
      const c = await t.raw();
      c.write('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n');
      c.write(Buffer.alloc(1_100_000, 0x78));
      expect(await untilClosed(c)).toBe('');
    } finally {
      await r.config('SET', 'client-query-buffer-limit', '1gb');
    }
  });
});

describe('garbage input', () => {
  it('survives random bytes on many connections; new connections still work', async () => {
    const r = seededRandom(31337);
    const pieces = ['*', '$', '\r\n', '\n', '-1', '0', '99999999999', '"', "'", '\\x', '\0', '\xff', 'PING', ' ', '*2\r\n$3\r\nGET\r\n'];
    const conns: Promise<void>[] = [];
    for (let n = 0; n < 40; n++) {
      conns.push(
        (async () => {
          const c = await t.raw();
          const len = 50 + Math.floor(r() * 2000);
          const b = Buffer.alloc(len);
          for (let i = 0; i < len; i++) b[i] = Math.floor(r() * 256);
          let s = '';
          for (let i = 0; i < 30; i++) s += pieces[Math.floor(r() * pieces.length)];
          c.write(Buffer.concat([Buffer.from(s, 'latin1'), b]));
          await new Promise((res) => setTimeout(res, 50));
          c.close();
        })(),
      );
    }
    await Promise.all(conns);
    const fresh = await t.raw();
    await pingWorks(fresh);
    expect(await t.client().set('after-garbage', 'ok')).toBe('OK');
  });
});

describe('large values', () => {
  it('round-trips a 20 MB value', async () => {
    const c = await t.raw();
    const r = seededRandom(20);
    const value = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < value.length; i += 4) value.writeUInt32LE((r() * 2 ** 32) >>> 0, i);
    c.write(resp('SET', 'huge', value));
    expect(await c.expect('+OK\r\n', 20000)).toBe('+OK\r\n');
    c.write(resp('GET', 'huge'));
    const header = `$${value.length}\r\n`;
    expect(await c.expect(header, 20000)).toBe(header);
    const body = Buffer.from(await c.readBytes(value.length + 2, 20000), 'latin1');
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(digest(body.subarray(0, value.length))).toBe(digest(value));
    expect(body.subarray(value.length).toString('latin1')).toBe('\r\n');
    await pingWorks(c);
  });
});
