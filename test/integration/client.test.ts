/**
 * CLIENT subcommands over real sockets: ID/SETNAME/GETNAME, LIST and INFO line format, KILL of real
 * connections, REPLY ON/OFF/SKIP byte by byte, NO-EVICT, PAUSE/UNPAUSE, UNBLOCK, tracking stubs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { cmd, clientId, reply } from '../helpers/raw-reply.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Redis 7.0's CLIENT LIST fields, in order. */
const FIELDS = [
  'id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf',
  'qbuf-free', 'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user',
  'redir', 'resp',
];
const VALUE: Record<string, RegExp> = {
  addr: /^127\.0\.0\.1:\d+$/,
  laddr: /^127\.0\.0\.1:\d+$/,
  fd: /^-?\d+$/,
  name: /^[!-~]*$/,
  flags: /^[OSMPxbtRBdcuAUre]+$|^N$/,
  events: /^rw?$/,
  cmd: /^[a-z-]+(\|[a-z-]+)?$|^NULL$/,
  user: /^default$/,
  multi: /^-1$|^\d+$/,
  redir: /^-1$/,
  resp: /^[23]$/,
};

function parseLine(line: string): Map<string, string> {
  const parts = line.split(' ');
  expect(parts.map((p) => p.slice(0, p.indexOf('=')))).toEqual(FIELDS);
  const m = new Map<string, string>();
  for (const p of parts) {
    const k = p.slice(0, p.indexOf('='));
    const v = p.slice(k.length + 1);
    expect(v, k).toMatch(VALUE[k] ?? /^\d+$/);
    m.set(k, v);
  }
  return m;
}

function lines(text: string): Map<string, string>[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map(parseLine);
}

describe('CLIENT', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('ID is unique per connection and increases', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ia = await clientId(a);
    const ib = await clientId(b);
    expect(ib).toBeGreaterThan(ia);
    expect(await clientId(a)).toBe(ia);
  });

  it('SETNAME / GETNAME with Redis validation', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'CLIENT', 'GETNAME')).raw).toBe('$-1\r\n');
    expect((await cmd(c, 'CLIENT', 'SETNAME', 'my-conn_1')).raw).toBe('+OK\r\n');
    expect((await cmd(c, 'CLIENT', 'GETNAME')).raw).toBe('$9\r\nmy-conn_1\r\n');
    const bad = '-ERR Client names cannot contain spaces, newlines or special characters.\r\n';
    for (const name of ['a b', 'a\nb', 'é', 'tab\t', '\x7f']) {
      expect((await cmd(c, 'CLIENT', 'SETNAME', name)).raw, JSON.stringify(name)).toBe(bad);
    }
    expect((await cmd(c, 'CLIENT', 'GETNAME')).raw).toBe('$9\r\nmy-conn_1\r\n');
    expect((await cmd(c, 'CLIENT', 'SETNAME', '')).raw).toBe('+OK\r\n');
    expect((await cmd(c, 'CLIENT', 'GETNAME')).raw).toBe('$-1\r\n');
    expect((await cmd(c, 'CLIENT', 'SETNAME')).raw).toBe("-ERR wrong number of arguments for 'client|setname' command\r\n");
    expect((await cmd(c, 'CLIENT', 'GETNAME', 'x')).raw).toBe("-ERR wrong number of arguments for 'client|getname' command\r\n");
  });

  it('LIST prints every connection in Redis 7.0 field order', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ia = await clientId(a);
    const ib = await clientId(b);
    expect((await cmd(b, 'CLIENT', 'SETNAME', 'bee')).raw).toBe('+OK\r\n');
    expect((await cmd(b, 'SELECT', '5')).raw).toBe('+OK\r\n');
    const list = await cmd(a, 'CLIENT', 'LIST');
    expect(list.t).toBe('$');
    const all = lines(list.v!);
    const mine = all.find((l) => l.get('id') === String(ia))!;
    const other = all.find((l) => l.get('id') === String(ib))!;
    expect(mine.get('cmd')).toBe('client|list');
    expect(mine.get('argv-mem')).toBe('10'); // "CLIENT" + "LIST"
    expect(mine.get('flags')).toBe('N');
    expect(mine.get('resp')).toBe('2');
    expect(mine.get('laddr')).toBe(`127.0.0.1:${t.port}`);
    expect(other.get('name')).toBe('bee');
    expect(other.get('db')).toBe('5');
    expect(other.get('cmd')).toBe('select');
    // Listed in id order.
    const ids = all.map((l) => Number(l.get('id')));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('LIST TYPE and LIST ID filter; errors as Redis', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ia = await clientId(a);
    const ib = await clientId(b);
    const byId = lines((await cmd(a, 'CLIENT', 'LIST', 'ID', String(ib), '999999', String(ia))).v!);
    expect(byId.map((l) => l.get('id'))).toEqual([String(ib), String(ia)]);
    const normal = lines((await cmd(a, 'CLIENT', 'LIST', 'TYPE', 'NORMAL')).v!);
    expect(normal.some((l) => l.get('id') === String(ib))).toBe(true);
    for (const type of ['pubsub', 'master', 'replica', 'slave']) {
      expect((await cmd(a, 'CLIENT', 'LIST', 'TYPE', type)).raw, type).toBe('$0\r\n\r\n');
    }
    expect((await cmd(a, 'CLIENT', 'LIST', 'TYPE', 'foo')).raw).toBe("-ERR Unknown client type 'foo'\r\n");
    expect((await cmd(a, 'CLIENT', 'LIST', 'ID', '1', 'x')).raw).toBe('-ERR Invalid client ID\r\n');
    expect((await cmd(a, 'CLIENT', 'LIST', 'ID')).raw).toBe('-ERR syntax error\r\n');
    expect((await cmd(a, 'CLIENT', 'LIST', 'foo')).raw).toBe('-ERR syntax error\r\n');
    expect((await cmd(a, 'CLIENT', 'LIST', 'TYPE', 'normal', 'x')).raw).toBe('-ERR syntax error\r\n');
  });

  it('LIST shows MULTI, blocked, RESP3 and no-evict state of other connections', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ib = await clientId(b);
    const show = async () => lines((await cmd(a, 'CLIENT', 'LIST', 'ID', String(ib))).v!)[0];

    expect((await cmd(b, 'HELLO', '3')).t).toBe('%');
    expect((await cmd(b, 'CLIENT', 'NO-EVICT', 'on')).raw).toBe('+OK\r\n');
    expect((await cmd(b, 'MULTI')).raw).toBe('+OK\r\n');
    expect((await cmd(b, 'SET', 'k', 'v')).raw).toBe('+QUEUED\r\n');
    expect((await cmd(b, 'GET', 'k')).raw).toBe('+QUEUED\r\n');
    let l = await show();
    expect(l.get('flags')).toBe('xe');
    expect(l.get('multi')).toBe('2');
    expect(l.get('multi-mem')).toBe('9'); // SET k v + GET k: argument bytes
    expect(l.get('resp')).toBe('3');
    expect((await cmd(b, 'DISCARD')).raw).toBe('+OK\r\n');
    expect((await cmd(b, 'CLIENT', 'NO-EVICT', 'off')).raw).toBe('+OK\r\n');

    b.write(resp('BLPOP', 'nolist', '0'));
    await sleep(30);
    l = await show();
    expect(l.get('flags')).toBe('b');
    expect(l.get('cmd')).toBe('blpop');
    expect(l.get('multi')).toBe('-1');
    expect((await cmd(a, 'RPUSH', 'nolist', 'x')).raw).toBe(':1\r\n');
    expect((await reply(b)).raw).toBe('*2\r\n$6\r\nnolist\r\n$1\r\nx\r\n');
  });

  it('INFO is the caller\'s own line', async () => {
    const c = await t.raw();
    const id = await clientId(c);
    expect((await cmd(c, 'CLIENT', 'SETNAME', 'self')).raw).toBe('+OK\r\n');
    const info = await cmd(c, 'CLIENT', 'INFO');
    const [l] = lines(info.v!);
    expect(l.get('id')).toBe(String(id));
    expect(l.get('name')).toBe('self');
    expect(l.get('cmd')).toBe('client|info');
    expect(l.get('argv-mem')).toBe('10');
    // RESP3: a verbatim string.
    await cmd(c, 'HELLO', '3');
    const v = await cmd(c, 'CLIENT', 'INFO');
    expect(v.t).toBe('=');
    expect(v.v!.startsWith(`txt:id=${id} `)).toBe(true);
  });

  it('KILL ID closes another live connection', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ib = await clientId(b);
    expect((await cmd(a, 'CLIENT', 'KILL', 'ID', String(ib))).raw).toBe(':1\r\n');
    await b.waitClose();
    expect(t.server.engine.clients.has(ib)).toBe(false);
    expect((await cmd(a, 'CLIENT', 'KILL', 'ID', String(ib))).raw).toBe(':0\r\n');
  });

  it('KILL <addr> (old form) closes the connection from that address', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ib = await clientId(b);
    const addr = t.server.engine.clients.get(ib)!.link.addr;
    expect(addr).toBe(`127.0.0.1:${b.socket.localPort}`);
    expect((await cmd(a, 'CLIENT', 'KILL', addr)).raw).toBe('+OK\r\n');
    await b.waitClose();
    expect((await cmd(a, 'CLIENT', 'KILL', addr)).raw).toBe('-ERR No such client\r\n');
  });

  it('KILL filters: ADDR, LADDR, TYPE, USER, SKIPME', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const c = await t.raw();
    const ib = await clientId(b);
    await clientId(c);
    const bAddr = t.server.engine.clients.get(ib)!.link.addr;
    expect((await cmd(a, 'CLIENT', 'KILL', 'ADDR', bAddr, 'LADDR', '10.9.9.9:1')).raw).toBe(':0\r\n');
    expect((await cmd(a, 'CLIENT', 'KILL', 'ADDR', bAddr, 'LADDR', `127.0.0.1:${t.port}`)).raw).toBe(':1\r\n');
    await b.waitClose();
    // TYPE normal with the default SKIPME yes kills everyone else.
    const before = [...t.server.engine.clients.values()].filter((x) => !x.internal).length;
    const killed = await cmd(a, 'CLIENT', 'KILL', 'TYPE', 'normal', 'USER', 'default');
    expect(killed.raw).toBe(`:${before - 1}\r\n`);
    await c.waitClose();
    expect((await cmd(a, 'PING')).raw).toBe('+PONG\r\n');
    const errors: [string[], string][] = [
      [['CLIENT', 'KILL', 'ID', '0'], '-ERR client-id should be greater than 0\r\n'],
      [['CLIENT', 'KILL', 'ID', 'x'], '-ERR client-id should be greater than 0\r\n'],
      [['CLIENT', 'KILL', 'TYPE', 'foo'], "-ERR Unknown client type 'foo'\r\n"],
      [['CLIENT', 'KILL', 'USER', 'nouser'], "-ERR No such user 'nouser'\r\n"],
      [['CLIENT', 'KILL', 'SKIPME', 'maybe'], '-ERR syntax error\r\n'],
      [['CLIENT', 'KILL', 'SKIPME'], '-ERR No such client\r\n'], // the old form, address "SKIPME"
      [['CLIENT', 'KILL', 'ID', '1', 'SKIPME', 'maybe'], '-ERR syntax error\r\n'],
      [['CLIENT', 'KILL', 'MAXAGE', '10'], '-ERR syntax error\r\n'],
      [['CLIENT', 'KILL', 'a', 'b', 'c'], '-ERR syntax error\r\n'],
      [['CLIENT', 'KILL', 'ID'], '-ERR No such client\r\n'],
      [['CLIENT', 'KILL'], "-ERR wrong number of arguments for 'client|kill' command\r\n"],
    ];
    for (const [argv, want] of errors) expect((await cmd(a, ...argv)).raw, argv.join(' ')).toBe(want);
  });

  it('KILL with SKIPME no closes the caller after its reply', async () => {
    const a = await t.raw();
    const ia = await clientId(a);
    a.write(Buffer.concat([resp('CLIENT', 'KILL', 'ID', String(ia), 'SKIPME', 'no'), resp('PING')]));
    expect(await a.expect(':1\r\n')).toBe(':1\r\n');
    await a.waitClose();
    expect(a.pending()).toBe('');
  });

  it('REPLY OFF / SKIP / ON, byte for byte', async () => {
    const c = await t.raw();
    c.write(
      Buffer.concat([
        resp('CLIENT', 'REPLY', 'OFF'),
        resp('PING', 'a'),
        resp('CLIENT', 'REPLY', 'SKIP'), // ignored while OFF
        resp('PING', 'b'),
        resp('CLIENT', 'REPLY', 'ON'),
        resp('PING', 'c'),
        resp('CLIENT', 'REPLY', 'SKIP'),
        resp('PING', 'd'),
        resp('PING', 'e'),
        resp('CLIENT', 'REPLY', 'SKIP'),
        resp('CLIENT', 'REPLY', 'ON'), // the skipped command: yet it answers, as in Redis
        resp('PING', 'f'),
        resp('CLIENT', 'REPLY', 'FOO'),
        resp('CLIENT', 'REPLY'),
      ]),
    );
    const want =
      '+OK\r\n$1\r\nc\r\n$1\r\ne\r\n+OK\r\n$1\r\nf\r\n-ERR syntax error\r\n' +
      "-ERR wrong number of arguments for 'client|reply' command\r\n";
    expect(await c.expect(want)).toBe(want);
    await sleep(20);
    expect(c.pending()).toBe('');
  });

  it('REPLY OFF drops error replies too, and the commands still run', async () => {
    const c = await t.raw();
    c.write(Buffer.concat([resp('CLIENT', 'REPLY', 'OFF'), resp('SET', 'silent', '1'), resp('NOSUCHCMD'), resp('INCR', 'silent'), resp('CLIENT', 'REPLY', 'ON'), resp('GET', 'silent')]));
    expect(await c.expect('+OK\r\n$1\r\n2\r\n')).toBe('+OK\r\n$1\r\n2\r\n');
  });

  it('NO-EVICT on/off', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'CLIENT', 'NO-EVICT', 'ON')).raw).toBe('+OK\r\n');
    expect(lines((await cmd(c, 'CLIENT', 'INFO')).v!)[0].get('flags')).toBe('e');
    expect((await cmd(c, 'CLIENT', 'NO-EVICT', 'off')).raw).toBe('+OK\r\n');
    expect(lines((await cmd(c, 'CLIENT', 'INFO')).v!)[0].get('flags')).toBe('N');
    expect((await cmd(c, 'CLIENT', 'NO-EVICT', 'maybe')).raw).toBe('-ERR syntax error\r\n');
  });

  it('UNBLOCK ends a BLPOP as a timeout or with an error', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ib = await clientId(b);
    expect((await cmd(a, 'CLIENT', 'UNBLOCK', String(ib))).raw).toBe(':0\r\n'); // not blocked
    b.write(resp('BLPOP', 'unblock-me', '0'));
    await sleep(30);
    expect((await cmd(a, 'CLIENT', 'UNBLOCK', String(ib))).raw).toBe(':1\r\n');
    expect((await reply(b)).raw).toBe('*-1\r\n');
    b.write(resp('BLPOP', 'unblock-me', '0'));
    await sleep(30);
    expect((await cmd(a, 'CLIENT', 'UNBLOCK', String(ib), 'ERROR')).raw).toBe(':1\r\n');
    expect((await reply(b)).raw).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    expect((await cmd(b, 'PING')).raw).toBe('+PONG\r\n');
    expect((await cmd(a, 'CLIENT', 'UNBLOCK', String(ib), 'FOO')).raw).toBe('-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n');
    expect((await cmd(a, 'CLIENT', 'UNBLOCK', 'x')).raw).toBe('-ERR value is not an integer or out of range\r\n');
    expect((await cmd(a, 'CLIENT', 'UNBLOCK', '1', '2', '3')).raw).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n",
    );
  });

  it('tracking is off and cannot be enabled; GETREDIR, TRACKINGINFO, CACHING answer accordingly', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'CLIENT', 'GETREDIR')).raw).toBe(':-1\r\n');
    expect((await cmd(c, 'CLIENT', 'TRACKINGINFO')).raw).toBe(
      '*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n',
    );
    expect((await cmd(c, 'CLIENT', 'TRACKING', 'off')).raw).toBe('+OK\r\n');
    expect((await cmd(c, 'CLIENT', 'TRACKING', 'on')).raw).toBe('-ERR CLIENT TRACKING (client side caching) is not supported by Podium\r\n');
    expect((await cmd(c, 'CLIENT', 'TRACKING', 'foo')).raw).toBe('-ERR syntax error\r\n');
    expect((await cmd(c, 'CLIENT', 'TRACKING', 'on', 'x')).raw).toBe('-ERR syntax error\r\n');
    expect((await cmd(c, 'CLIENT', 'TRACKING', 'off', 'REDIRECT', '999999')).raw).toBe('-ERR The client ID you want redirect to does not exist\r\n');
    expect((await cmd(c, 'CLIENT', 'CACHING', 'yes')).raw).toBe(
      '-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n',
    );
  });

  it('HELP and unknown subcommands', async () => {
    const c = await t.raw();
    const help = await cmd(c, 'CLIENT', 'HELP');
    expect(help.items!.length).toBe(48);
    expect(help.items![0].raw).toBe('+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n');
    expect(help.items![47].raw).toBe('+    Prints this help.\r\n');
    expect((await cmd(c, 'CLIENT', 'FOO')).raw).toBe("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    expect((await cmd(c, 'CLIENT')).raw).toBe("-ERR wrong number of arguments for 'client' command\r\n");
  });
});

describe('CLIENT PAUSE', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('WRITE holds writes (in order, with what follows) until UNPAUSE; reads go on', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const ib = await clientId(b);
    expect((await cmd(a, 'CLIENT', 'PAUSE', '100000', 'WRITE')).raw).toBe('+OK\r\n');
    b.write(Buffer.concat([resp('SET', 'p', '1'), resp('GET', 'p')]));
    await sleep(50);
    expect(b.pending()).toBe('');
    expect((await cmd(a, 'GET', 'p')).raw).toBe('$-1\r\n'); // reads are not paused
    const l = (await cmd(a, 'CLIENT', 'LIST', 'ID', String(ib))).v!;
    expect(l).toContain(' flags=b ');
    expect((await cmd(a, 'CLIENT', 'UNBLOCK', String(ib))).raw).toBe(':0\r\n'); // parked, not blocked
    expect((await cmd(a, 'CLIENT', 'UNPAUSE')).raw).toBe('+OK\r\n');
    expect(await b.expect('+OK\r\n$1\r\n1\r\n')).toBe('+OK\r\n$1\r\n1\r\n');
  });

  it('ALL holds every command; the pause ends by itself at its timeout', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const start = Date.now();
    expect((await cmd(a, 'CLIENT', 'PAUSE', '300')).raw).toBe('+OK\r\n');
    b.write(resp('PING'));
    expect(await b.expect('+PONG\r\n')).toBe('+PONG\r\n');
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  });

  it('a write EXEC waits while the transaction is queued', async () => {
    const a = await t.raw();
    const b = await t.raw();
    expect((await cmd(b, 'MULTI')).raw).toBe('+OK\r\n');
    expect((await cmd(b, 'INCR', 'n')).raw).toBe('+QUEUED\r\n');
    expect((await cmd(a, 'CLIENT', 'PAUSE', '100000', 'WRITE')).raw).toBe('+OK\r\n');
    b.write(resp('EXEC'));
    await sleep(50);
    expect(b.pending()).toBe('');
    expect((await cmd(a, 'CLIENT', 'UNPAUSE')).raw).toBe('+OK\r\n');
    expect(await b.expect('*1\r\n:1\r\n')).toBe('*1\r\n:1\r\n');
  });

  it('argument errors as Redis', async () => {
    const c = await t.raw();
    const cases: [string[], string][] = [
      [['CLIENT', 'PAUSE', 'x'], '-ERR timeout is not an integer or out of range\r\n'],
      [['CLIENT', 'PAUSE', '-1'], '-ERR timeout is negative\r\n'],
      [['CLIENT', 'PAUSE', 'x', 'FOO'], '-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n'],
      [['CLIENT', 'PAUSE', '9999999999999999999'], '-ERR timeout is not an integer or out of range\r\n'],
      [['CLIENT', 'PAUSE', '10', 'WRITE', 'x'], "-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n"],
      [['CLIENT', 'PAUSE'], "-ERR wrong number of arguments for 'client|pause' command\r\n"],
      [['CLIENT', 'UNPAUSE', 'x'], "-ERR wrong number of arguments for 'client|unpause' command\r\n"],
    ];
    for (const [argv, want] of cases) expect((await cmd(c, ...argv)).raw, argv.join(' ')).toBe(want);
  });
});
