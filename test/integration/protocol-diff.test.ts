/**
 * The request protocol differentially against a real redis-server 7.0 (runs only where it is
 * installed): the same raw bytes go to both servers on fresh connections, and everything each one
 * sends back, and whether it then closes the connection, must be identical. This is how the parser's
 * error texts, limits and "reply the error, then close" behaviour were checked.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisUnavailable, startRedis, type RedisRef } from '../helpers/redis-ref.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

interface Seen {
  bytes: string;
  closed: boolean;
}

/** Sends `chunks` (one write each, a little apart) and collects the reply until close or silence. */
function exchange(port: number, chunks: (string | Buffer)[], quietMs = 250): Promise<Seen> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (timer) clearTimeout(timer);
      s.destroy();
      resolve({ bytes: buf.toString('latin1'), closed });
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      arm();
    });
    s.on('close', () => {
      closed = true;
      finish();
    });
    s.on('error', () => {});
    s.on('connect', async () => {
      for (const c of chunks) {
        if (s.destroyed) break;
        s.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
        await new Promise((r) => setTimeout(r, 15));
      }
      arm();
    });
  });
}

let ref: RedisRef;
let pod: TestServer;

async function both(chunks: (string | Buffer)[]): Promise<[Seen, Seen]> {
  return Promise.all([exchange(ref.port, chunks), exchange(pod.port, chunks)]);
}

/** Runs every case against both servers and returns the differences (printable). */
async function differences(cases: (string | (string | Buffer)[])[]): Promise<string[]> {
  const out: string[] = [];
  const results = await Promise.all(cases.map((c) => both(Array.isArray(c) ? c : [c])));
  results.forEach(([r, p], i) => {
    if (r.bytes !== p.bytes || r.closed !== p.closed) {
      const name = JSON.stringify(cases[i]).slice(0, 120);
      out.push(`${name}: redis ${JSON.stringify(r.bytes).slice(0, 200)} closed=${r.closed}; podium ${JSON.stringify(p.bytes).slice(0, 200)} closed=${p.closed}`);
    }
  });
  return out;
}

const ping = '*1\r\n$4\r\nPING\r\n';
const x = (n: number, ch = 'x') => ch.repeat(n);

describe.skipIf(redisUnavailable !== null)('request protocol against redis-server 7.0', () => {
  beforeAll(async () => {
    ref = await startRedis();
    pod = await startTestServer();
  });
  afterAll(async () => {
    await pod?.close();
    await ref?.stop();
  });

  it('answers well-formed requests identically (multibulk, inline, empty lines, *0, *-1)', async () => {
    expect(
      await differences([
        ping,
        'PING\r\n',
        'PING\n',
        'ECHO "a\\x41\\x4g\\n\\q" x\r\n',
        'ECHO "a\\x41\\x4g\\n\\q"\r\n',
        "ECHO 'a\\'b'\r\n",
        'ECHO a\x0bb\r\n',
        '\x0b\x0cECHO ab\r\n',
        'ECHO "ab"\x0b\r\n',
        '\r\n\n   \r\nPING\n',
        '*0\r\n*-1\r\n*-99\r\n' + ping,
        '*-9223372036854775808\r\nPING\r\n',
        '*1\r\n$4\r\nPINGxy' + ping,
        '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n',
        '*2\r\n$4\r\nECHO\r\n$3\r\n\0\r\n\r\n',
        [ping.slice(0, 5), ping.slice(5, 9), ping.slice(9)],
        ['*2\r\n$4\r\nECHO\r\n$40000\r\n', x(20000), x(20000) + '\r\n' + ping],
        'ECHO ' + x(60000) + '\r\n',
      ]),
    ).toEqual([]);
  });

  it('replies the same protocol errors, after answering the commands before them, then closes', async () => {
    expect(
      await differences([
        ping + '*x\r\n' + ping,
        '*\r\n',
        '*01\r\n',
        '*-0\r\n',
        '*2147483648\r\n',
        '*-9223372036854775809\r\nPING\r\n',
        '*1\r\n$-1\r\n',
        '*1\r\n$\r\n',
        '*1\r\n$+1\r\n',
        '*1\r\n$01\r\n',
        '*1\r\n$536870913\r\n',
        '*1\r\nx4\r\n',
        '*1\r\n\r\n',
        '*1\r\n\n\r\n',
        '*1\r\n\xff\r\n',
        'PING\r\nECHO "abc\r\nPING\r\n',
        'ECHO "abc"d\r\n',
        'ECHO a"b c"d\r\n',
        "ECHO 'abc\r\n",
        'ECHO "\\x41\r\n',
        [ping + x(40000), x(40000)],
        ['*1\0\r\n', x(70000)],
        ['PING a\0b\n', x(70000)],
        [ping + '*1\r\n', '\0'.repeat(70000)],
        ['*' + '1'.repeat(40000), '1'.repeat(40000)],
        ['*1\r\n$' + '1'.repeat(40000), '1'.repeat(40000)],
      ]),
    ).toEqual([]);
  });

  it('leaves a request with a NUL before its line end waiting, as Redis does', async () => {
    expect(await differences(['*1\0\r\n', '*1\r\n\0\r\n', 'PING a\0b\n', '*1\r\n$1\0\r\n'])).toEqual([]);
  });

  it('applies the unauthenticated limits', async () => {
    await both(['*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$11\r\nrequirepass\r\n$2\r\npw\r\n']);
    try {
      expect(
        await differences([
          '*11\r\n',
          '*10\r\n$16385\r\n',
          ['*10\r\n$16384\r\n', x(16384) + '\r\n'],
          'PING\r\n',
          '*2\r\n$4\r\nAUTH\r\n$3\r\nbad\r\n',
        ]),
      ).toEqual([]);
    } finally {
      await both(['*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$11\r\nrequirepass\r\n$0\r\n\r\n']);
    }
  });

  it('closes without a reply at client-query-buffer-limit, and counts only unparsed bytes', async () => {
    await both(['*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$25\r\nclient-query-buffer-limit\r\n$3\r\n1mb\r\n']);
    try {
      const setHead = (n: number) => `*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${n}\r\n`;
      expect(
        await differences([
          // 2 MB announced, 900 KB sent: still open, nothing replied.
          [ping + setHead(2_000_000), x(450_000), x(450_000)],
          // 1.1 MB of one argument buffered: closed, no reply for the SET.
          [ping + setHead(2_000_000), x(550_000), x(550_000)],
          // Two 600 KB arguments: each is under the limit once parsed.
          ['*3\r\n$3\r\nSET\r\n$600000\r\n' + x(600000) + '\r\n$600000\r\n', x(600000) + '\r\n'],
        ]),
      ).toEqual([]);
    } finally {
      await both(['*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$25\r\nclient-query-buffer-limit\r\n$2\r\n1gb\r\n']);
    }
  });
});
