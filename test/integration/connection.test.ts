/**
 * Connection commands over real sockets: HELLO and RESP3, AUTH with requirepass (NOAUTH, the
 * unauthenticated protocol limits), RESET, QUIT; ioredis and node-redis connect and work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { clientId, reply } from '../helpers/raw-reply.ts';

function helloBody(proto: number, id: number): string {
  return (
    '$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n' +
    `$5\r\nproto\r\n:${proto}\r\n$2\r\nid\r\n:${id}\r\n` +
    '$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n'
  );
}

const HELLO_NOAUTH =
  '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n';

describe('HELLO', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a flat array in RESP2 and a map in RESP3, switching the protocol', async () => {
    const c = await t.raw();
    const id = await clientId(c);
    c.write(resp('HELLO'));
    expect(await c.expect(`*14\r\n${helloBody(2, id)}`)).toBe(`*14\r\n${helloBody(2, id)}`);
    c.write(resp('HELLO', '3'));
    expect(await c.expect(`%7\r\n${helloBody(3, id)}`)).toBe(`%7\r\n${helloBody(3, id)}`);
    // RESP3 shapes from now on: null, map, verbatim.
    c.write(resp('GET', 'missing'));
    expect(await c.expect('_\r\n')).toBe('_\r\n');
    c.write(resp('CLIENT', 'TRACKINGINFO'));
    const info = '%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n';
    expect(await c.expect(info)).toBe(info);
    c.write(resp('INFO', 'cluster'));
    const text = 'txt:# Cluster\r\ncluster_enabled:0\r\n';
    expect(await c.expect(`=${text.length}\r\n${text}\r\n`)).toBe(`=${text.length}\r\n${text}\r\n`);
    // HELLO 2 answers in RESP2 already.
    c.write(resp('HELLO', '2'));
    expect(await c.expect(`*14\r\n${helloBody(2, id)}`)).toBe(`*14\r\n${helloBody(2, id)}`);
    c.write(resp('GET', 'missing'));
    expect(await c.expect('$-1\r\n')).toBe('$-1\r\n');
  });

  it('rejects bad versions and options with Redis error texts', async () => {
    const c = await t.raw();
    const cases: [string[], string][] = [
      [['HELLO', '4'], '-NOPROTO unsupported protocol version\r\n'],
      [['HELLO', '1'], '-NOPROTO unsupported protocol version\r\n'],
      [['HELLO', '-1'], '-NOPROTO unsupported protocol version\r\n'],
      [['HELLO', 'foo'], '-ERR Protocol version is not an integer or out of range\r\n'],
      [['HELLO', '2.5'], '-ERR Protocol version is not an integer or out of range\r\n'],
      [['HELLO', '99999999999999999999'], '-ERR Protocol version is not an integer or out of range\r\n'],
      [['HELLO', '3', 'SETNAME'], "-ERR Syntax error in HELLO option 'SETNAME'\r\n"],
      [['HELLO', '3', 'AUTH', 'default'], "-ERR Syntax error in HELLO option 'AUTH'\r\n"],
      [['HELLO', '3', 'auth', 'default', 'x', 'setname'], "-ERR Syntax error in HELLO option 'setname'\r\n"],
      [['HELLO', '3', 'FOO'], "-ERR Syntax error in HELLO option 'FOO'\r\n"],
      [['HELLO', '3', 'SETNAME', 'a b'], '-ERR Client names cannot contain spaces, newlines or special characters.\r\n'],
      [['HELLO', '3', 'AUTH', 'nobody', 'x'], '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
    ];
    for (const [argv, want] of cases) {
      c.write(resp(...argv));
      expect(await c.expect(want), argv.join(' ')).toBe(want);
    }
    // None of them switched the protocol.
    c.write(resp('GET', 'missing'));
    expect(await c.expect('$-1\r\n')).toBe('$-1\r\n');
  });

  it('applies SETNAME, and options before a bad one, like Redis', async () => {
    const c = await t.raw();
    const id = await clientId(c);
    c.write(resp('HELLO', '2', 'SETNAME', 'first'));
    expect(await c.expect(`*14\r\n${helloBody(2, id)}`)).toBe(`*14\r\n${helloBody(2, id)}`);
    c.write(resp('CLIENT', 'GETNAME'));
    expect(await c.expect('$5\r\nfirst\r\n')).toBe('$5\r\nfirst\r\n');
    c.write(resp('HELLO', '3', 'SETNAME', 'second', 'BAR'));
    expect(await c.expect("-ERR Syntax error in HELLO option 'BAR'\r\n")).toBe("-ERR Syntax error in HELLO option 'BAR'\r\n");
    c.write(resp('CLIENT', 'GETNAME'));
    expect(await c.expect('$6\r\nsecond\r\n')).toBe('$6\r\nsecond\r\n');
  });

  it('accepts any password for the default user when no requirepass is set', async () => {
    const c = await t.raw();
    const id = await clientId(c);
    c.write(resp('HELLO', '3', 'AUTH', 'default', 'whatever'));
    expect(await c.expect(`%7\r\n${helloBody(3, id)}`)).toBe(`%7\r\n${helloBody(3, id)}`);
  });
});

describe('AUTH without a password configured', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers as Redis does', async () => {
    const c = await t.raw();
    const cases: [string[], string][] = [
      [['AUTH', 'x'], '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n'],
      [['AUTH', 'default', 'x'], '+OK\r\n'],
      [['AUTH', 'foo', 'x'], '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
      [['AUTH', 'a', 'b', 'c'], '-ERR syntax error\r\n'],
      [['AUTH'], "-ERR wrong number of arguments for 'auth' command\r\n"],
    ];
    for (const [argv, want] of cases) {
      c.write(resp(...argv));
      expect(await c.expect(want), argv.join(' ')).toBe(want);
    }
  });
});

describe('requirepass', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { requirepass: 'pw' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses commands with NOAUTH until AUTH succeeds', async () => {
    const c = await t.raw();
    const steps: [string[], string][] = [
      [['GET', 'a'], '-NOAUTH Authentication required.\r\n'],
      [['PING'], '-NOAUTH Authentication required.\r\n'],
      [['CLIENT', 'ID'], '-NOAUTH Authentication required.\r\n'],
      [['HELLO'], HELLO_NOAUTH],
      [['HELLO', '3'], HELLO_NOAUTH],
      [['HELLO', '3', 'AUTH', 'default', 'bad'], '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
      [['AUTH', 'bad'], '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
      [['AUTH', 'default', 'bad'], '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
      [['AUTH', 'nouser', 'pw'], '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
      [['GET', 'a'], '-NOAUTH Authentication required.\r\n'],
      [['AUTH', 'pw'], '+OK\r\n'],
      [['GET', 'a'], '$-1\r\n'],
      [['PING'], '+PONG\r\n'],
    ];
    for (const [argv, want] of steps) {
      c.write(resp(...argv));
      expect(await c.expect(want), argv.join(' ')).toBe(want);
    }
  });

  it('HELLO AUTH authenticates and switches protocol at once', async () => {
    const c = await t.raw();
    c.write(resp('HELLO', '3', 'AUTH', 'default', 'pw', 'SETNAME', 'me'));
    const hello = await reply(c);
    expect(hello.t).toBe('%');
    const id = Number(hello.items![7].v);
    expect(hello.raw).toBe(`%7\r\n${helloBody(3, id)}`);
    c.write(resp('CLIENT', 'GETNAME'));
    expect(await c.expect('$2\r\nme\r\n')).toBe('$2\r\nme\r\n');
    c.write(resp('GET', 'missing'));
    expect(await c.expect('_\r\n')).toBe('_\r\n');
  });

  it('QUIT works before authenticating', async () => {
    const c = await t.raw();
    c.write(resp('QUIT'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    await c.waitClose();
  });

  it('applies the unauthenticated multibulk and bulk length limits', async () => {
    const a = await t.raw();
    a.write('*11\r\n');
    const e1 = '-ERR Protocol error: unauthenticated multibulk length\r\n';
    expect(await a.expect(e1)).toBe(e1);
    await a.waitClose();

    const b = await t.raw();
    b.write('*1\r\n$16385\r\n');
    const e2 = '-ERR Protocol error: unauthenticated bulk length\r\n';
    expect(await b.expect(e2)).toBe(e2);
    await b.waitClose();

    // After AUTH the limits are the normal ones.
    const c = await t.raw();
    c.write(resp('AUTH', 'pw'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    const big = 'x'.repeat(16385);
    c.write(resp('ECHO', big));
    const want = `$16385\r\n${big}\r\n`;
    expect(await c.expect(want)).toBe(want);
    const args = Array.from({ length: 11 }, (_, i) => `v${i}`);
    c.write(resp('DEL', ...args));
    expect(await c.expect(':0\r\n')).toBe(':0\r\n');
  });

  it('RESET logs the connection out again', async () => {
    const c = await t.raw();
    c.write(resp('AUTH', 'pw'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    c.write(resp('RESET'));
    expect(await c.expect('+RESET\r\n')).toBe('+RESET\r\n');
    c.write(resp('GET', 'a'));
    expect(await c.expect('-NOAUTH Authentication required.\r\n')).toBe('-NOAUTH Authentication required.\r\n');
  });

  it('keeps authenticated connections when the password changes, new ones need it', async () => {
    const c = await t.raw();
    c.write(resp('AUTH', 'pw'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    expect(t.server.config.set('requirepass', 'pw2')).toBeNull();
    try {
      c.write(resp('PING'));
      expect(await c.expect('+PONG\r\n')).toBe('+PONG\r\n');
      const d = await t.raw();
      d.write(resp('AUTH', 'pw'));
      expect(await d.expect('-WRONGPASS invalid username-password pair or user is disabled.\r\n')).toBe(
        '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
      );
      d.write(resp('AUTH', 'pw2'));
      expect(await d.expect('+OK\r\n')).toBe('+OK\r\n');
    } finally {
      t.server.config.set('requirepass', 'pw');
    }
  });

  it('clearing requirepass lets never-authenticated connections run commands (HELLO still refuses)', async () => {
    const b = await t.raw();
    b.write(resp('GET', 'a'));
    expect(await b.expect('-NOAUTH Authentication required.\r\n')).toBe('-NOAUTH Authentication required.\r\n');
    expect(t.server.config.set('requirepass', '')).toBeNull();
    try {
      b.write(resp('GET', 'a'));
      expect(await b.expect('$-1\r\n')).toBe('$-1\r\n');
      b.write(resp('HELLO', '3'));
      expect(await b.expect(HELLO_NOAUTH)).toBe(HELLO_NOAUTH); // HELLO looks at the connection itself, as in Redis
      b.write(resp('DEL', ...Array.from({ length: 11 }, (_, i) => `k${i}`))); // no unauthenticated limit now
      expect(await b.expect(':0\r\n')).toBe(':0\r\n');
    } finally {
      t.server.config.set('requirepass', 'pw');
    }
    b.write(resp('GET', 'a'));
    expect(await b.expect('-NOAUTH Authentication required.\r\n')).toBe('-NOAUTH Authentication required.\r\n');
  });

  it('ioredis connects with a password and fails without', async () => {
    const good = t.client({ password: 'pw' });
    expect(await good.set('k', 'v')).toBe('OK');
    expect(await good.get('k')).toBe('v');
    const bad = t.client({ lazyConnect: true, enableReadyCheck: false });
    await bad.connect();
    await expect(bad.get('k')).rejects.toThrow('NOAUTH Authentication required.');
  });

  it('node-redis connects with a password', async () => {
    const client = createClient({ url: `redis://127.0.0.1:${t.port}`, password: 'pw' });
    client.on('error', () => {});
    await client.connect();
    try {
      expect(await client.set('nr', '1')).toBe('OK');
      expect(await client.incr('nr')).toBe(2);
    } finally {
      await client.disconnect();
    }
  });
});

describe('RESET and QUIT', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('RESET clears db, name, protocol, transaction, watches and reply mode', async () => {
    const c = await t.raw();
    const id = await clientId(c);
    c.write(resp('SELECT', '3'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    c.write(resp('SET', 'only-in-3', 'x'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    c.write(resp('CLIENT', 'SETNAME', 'named'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    c.write(resp('HELLO', '3'));
    await reply(c);
    c.write(resp('WATCH', 'w'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    c.write(resp('MULTI'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    c.write(resp('SET', 'queued', '1'));
    expect(await c.expect('+QUEUED\r\n')).toBe('+QUEUED\r\n');
    c.write(resp('RESET'));
    expect(await c.expect('+RESET\r\n')).toBe('+RESET\r\n');

    const conn = t.server.engine.clients.get(id)!;
    expect(conn.watched).toBeNull();
    expect(conn.multi).toBeNull();
    c.write(resp('EXEC'));
    expect(await c.expect('-ERR EXEC without MULTI\r\n')).toBe('-ERR EXEC without MULTI\r\n');
    c.write(resp('GET', 'only-in-3'));
    expect(await c.expect('$-1\r\n')).toBe('$-1\r\n'); // db 0 again, RESP2 null
    c.write(resp('GET', 'queued'));
    expect(await c.expect('$-1\r\n')).toBe('$-1\r\n');
    c.write(resp('CLIENT', 'GETNAME'));
    expect(await c.expect('$-1\r\n')).toBe('$-1\r\n');
    c.write(resp('CLIENT', 'ID'));
    expect(await c.expect(`:${id}\r\n`)).toBe(`:${id}\r\n`); // same connection
  });

  it('RESET ends CLIENT REPLY OFF and answers', async () => {
    const c = await t.raw();
    c.write(Buffer.concat([resp('CLIENT', 'REPLY', 'OFF'), resp('PING'), resp('RESET'), resp('PING')]));
    expect(await c.expect('+RESET\r\n+PONG\r\n')).toBe('+RESET\r\n+PONG\r\n');
  });

  it('RESET stops MONITOR', async () => {
    const m = await t.raw();
    m.write(resp('MONITOR'));
    expect(await m.expect('+OK\r\n')).toBe('+OK\r\n');
    m.write(resp('RESET'));
    expect(await m.expect('+RESET\r\n')).toBe('+RESET\r\n');
    const other = await t.raw();
    other.write(resp('PING'));
    expect(await other.expect('+PONG\r\n')).toBe('+PONG\r\n');
    m.write(resp('PING'));
    expect(await m.expect('+PONG\r\n')).toBe('+PONG\r\n'); // no monitor line before it
    expect(t.server.engine.monitors.size).toBe(0);
  });

  it('QUIT replies OK and closes, ignoring what follows', async () => {
    const c = await t.raw();
    c.write(Buffer.concat([resp('QUIT'), resp('SET', 'after-quit', '1')]));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    await c.waitClose();
    const d = await t.raw();
    d.write(resp('EXISTS', 'after-quit'));
    expect(await d.expect(':0\r\n')).toBe(':0\r\n');
  });
});

describe('client libraries', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('ioredis connects (its ready check reads INFO) and runs commands', async () => {
    const r = t.client({ enableReadyCheck: true, connectionName: 'io' });
    expect(await r.set('a', '1')).toBe('OK');
    expect(await r.incrby('a', 5)).toBe(6);
    expect(await r.client('GETNAME')).toBe('io');
    const info = await r.info('server');
    expect(info).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
  });

  it('node-redis v4 connects over RESP2, names itself and runs commands', async () => {
    const client = createClient({ url: `redis://127.0.0.1:${t.port}`, name: 'nr' });
    client.on('error', () => {});
    await client.connect();
    try {
      expect(await client.set('b', 'x')).toBe('OK');
      expect(await client.get('b')).toBe('x');
      expect(await client.sendCommand(['CLIENT', 'GETNAME'])).toBe('nr');
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.disconnect();
    }
  });
});
