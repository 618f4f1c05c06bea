/**
 * CONFIG over real sockets: exact replies and error texts (Redis 7.0.15's), glob patterns, the
 * all-or-nothing multi-parameter SET, live effects of the parameters Podium acts on, RESETSTAT,
 * REWRITE and loading from a file and arguments at start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { cmd, reply } from '../helpers/raw-reply.ts';
import { err } from '../helpers/resp-text.ts';

/** Sends a command and returns the raw bytes of its reply. */
async function raw(c: RawConn, ...argv: string[]): Promise<string> {
  return (await cmd(c, ...argv)).raw;
}

/** CONFIG GET as a name → value object (RESP2 flat array or RESP3 map). */
async function configGet(c: RawConn, ...patterns: string[]): Promise<Record<string, string>> {
  c.write(resp('CONFIG', 'GET', ...patterns));
  const node = await reply(c);
  const out: Record<string, string> = {};
  const items = node.items ?? [];
  for (let i = 0; i < items.length; i += 2) out[items[i].v!] = items[i + 1].v!;
  return out;
}

const failed = (name: string, why: string) => err(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${why}`);

let t: TestServer;
let c: RawConn;
beforeAll(async () => {
  t = await startTestServer();
  c = await t.raw();
});
afterAll(async () => {
  await t.close();
});

describe('CONFIG GET', () => {
  it('answers a flat array in RESP2 and a map in RESP3', async () => {
    expect(await raw(c, 'CONFIG', 'GET', 'maxclients')).toBe('*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n');
    const r3 = await t.raw();
    await raw(r3, 'HELLO', '3');
    expect(await raw(r3, 'CONFIG', 'GET', 'maxclients')).toBe('%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n');
    expect(await raw(r3, 'CONFIG', 'GET', 'nosuchparam')).toBe('%0\r\n');
    expect(await raw(c, 'CONFIG', 'GET', 'nosuchparam')).toBe('*0\r\n');
  });

  it('matches glob patterns case-insensitively, aliases included, hidden ones excluded', async () => {
    expect(Object.keys(await configGet(c, 'maxmemory*')).sort()).toEqual(['maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples']);
    expect(await configGet(c, 'HASH-MAX-*-ENTRIES')).toEqual({ 'hash-max-listpack-entries': '512', 'hash-max-ziplist-entries': '512' });
    expect(Object.keys(await configGet(c, '[mt]imeout', 'slowlog-*')).sort()).toEqual(['slowlog-log-slower-than', 'slowlog-max-len', 'timeout']);
    expect(await configGet(c, 'watchdog*')).toEqual({});
    expect(await configGet(c, 'watchdog-period')).toEqual({ 'watchdog-period': '0' });
    const all = await configGet(c, '*');
    expect(Object.keys(all).length).toBe(192);
    expect(all['slaveof']).toBe('');
    expect(all['dir']).toBe(process.cwd());
  });

  it('echoes an exact name as given and lists each parameter once', async () => {
    expect(await raw(c, 'CONFIG', 'GET', 'MAXCLIENTS', 'maxc*', 'MaxClients')).toBe('*2\r\n$10\r\nMAXCLIENTS\r\n$5\r\n10000\r\n');
    expect(await raw(c, 'CONFIG', 'GET', 'maxc*', 'MAXCLIENTS')).toBe('*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n');
  });

  it('needs a pattern', async () => {
    expect(await raw(c, 'CONFIG', 'GET')).toBe(err("ERR wrong number of arguments for 'config|get' command"));
  });
});

describe('CONFIG SET', () => {
  it('sets several parameters at once, in canonical form', async () => {
    expect(await raw(c, 'CONFIG', 'SET', 'MaxClients', '200', 'maxmemory', '1mb', 'notify-keyspace-events', 'KEA')).toBe('+OK\r\n');
    expect(await configGet(c, 'maxclients', 'maxmemory', 'notify-keyspace-events')).toEqual({ maxclients: '200', maxmemory: '1048576', 'notify-keyspace-events': 'AKE' });
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients', '10000', 'maxmemory', '0', 'notify-keyspace-events', '')).toBe('+OK\r\n');
  });

  it("refuses with Redis's texts", async () => {
    expect(await raw(c, 'CONFIG', 'SET', 'foo', 'bar')).toBe(err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients')).toBe(err("ERR wrong number of arguments for 'config|set' command"));
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients', '10', 'timeout')).toBe(err('ERR syntax error'));
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients', 'x')).toBe(failed('maxclients', "argument couldn't be parsed into an integer"));
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients', '0')).toBe(failed('maxclients', 'argument must be between 1 and 4294967295 inclusive'));
    expect(await raw(c, 'CONFIG', 'SET', 'maxmemory', '-1')).toBe(failed('maxmemory', 'argument must be a memory value'));
    expect(await raw(c, 'CONFIG', 'SET', 'appendonly', 'maybe')).toBe(failed('appendonly', "argument must be 'yes' or 'no'"));
    expect(await raw(c, 'CONFIG', 'SET', 'appendfsync', 'x')).toBe(failed('appendfsync', 'argument(s) must be one of the following: everysec, always, no'));
    expect(await raw(c, 'CONFIG', 'SET', 'databases', '4')).toBe(failed('databases', "can't set immutable config"));
    expect(await raw(c, 'CONFIG', 'SET', 'dir', '/tmp')).toBe(failed('dir', "can't set protected config"));
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients', '5', 'MAXCLIENTS', '6')).toBe(failed('MAXCLIENTS', 'duplicate parameter'));
    expect(await raw(c, 'CONFIG', 'SET', 'save', '900')).toBe(failed('save', 'Invalid save parameters'));
  });

  it('names the parameter in its canonical lower-case form, an alias as the alias', async () => {
    expect(await raw(c, 'CONFIG', 'SET', 'MAXCLIENTS', 'x')).toBe(failed('maxclients', "argument couldn't be parsed into an integer"));
    expect(await raw(c, 'CONFIG', 'SET', 'Hash-Max-Ziplist-Entries', 'x')).toBe(failed('hash-max-ziplist-entries', "argument couldn't be parsed into an integer"));
    // An alias and its parameter are not duplicates: the later value wins.
    expect(await raw(c, 'CONFIG', 'SET', 'hash-max-ziplist-entries', '10', 'hash-max-listpack-entries', '20')).toBe('+OK\r\n');
    expect(await configGet(c, 'hash-max-ziplist-entries')).toEqual({ 'hash-max-ziplist-entries': '20' });
    expect(await raw(c, 'CONFIG', 'SET', 'hash-max-listpack-entries', '512')).toBe('+OK\r\n');
  });

  it('reports the first problem found, as Redis does', async () => {
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients', 'x', 'foo', '1')).toBe(err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
    expect(await raw(c, 'CONFIG', 'SET', 'foo', '1', 'daemonize', 'no')).toBe(err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
    expect(await raw(c, 'CONFIG', 'SET', 'daemonize', 'no', 'foo', '1')).toBe(failed('daemonize', "can't set immutable config"));
    expect(await raw(c, 'CONFIG', 'SET', 'timeout', 'x', 'maxclients', '5', 'maxclients', '6')).toBe(failed('maxclients', 'duplicate parameter'));
  });

  it('changes nothing when one value is bad', async () => {
    expect(await raw(c, 'CONFIG', 'SET', 'maxclients', '50', 'slowlog-max-len', '7', 'timeout', 'x')).toBe(failed('timeout', "argument couldn't be parsed into an integer"));
    expect(await configGet(c, 'maxclients', 'slowlog-max-len', 'timeout')).toEqual({ maxclients: '10000', 'slowlog-max-len': '128', timeout: '0' });
  });

  it('keeps partial client-output-buffer-limit classes and clamps hz', async () => {
    expect(await raw(c, 'CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 2mb 3')).toBe('+OK\r\n');
    expect(await configGet(c, 'client-output-buffer-limit')).toEqual({
      'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2097152 3',
    });
    expect(await raw(c, 'CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60')).toBe('+OK\r\n');
    expect(await raw(c, 'CONFIG', 'SET', 'hz', '1000')).toBe('+OK\r\n');
    expect(await configGet(c, 'hz')).toEqual({ hz: '500' });
    expect(await raw(c, 'CONFIG', 'SET', 'hz', '10')).toBe('+OK\r\n');
  });
});

describe('parameters take effect live', () => {
  it('maxclients: a connection over the limit is refused', async () => {
    const s = await startTestServer();
    try {
      const a = await s.raw();
      expect(await raw(a, 'CONFIG', 'SET', 'maxclients', '1')).toBe('+OK\r\n');
      const b = await s.raw();
      expect(await b.expect('-ERR max number of clients reached\r\n')).toBe('-ERR max number of clients reached\r\n');
      await b.waitClose();
      expect(await raw(a, 'CONFIG', 'SET', 'maxclients', '2')).toBe('+OK\r\n');
      const d = await s.raw();
      expect(await raw(d, 'PING')).toBe('+PONG\r\n');
    } finally {
      await s.close();
    }
  });

  it('timeout and hz: idle clients are closed by the cron', async () => {
    const clock = { t: Date.now(), now() {
      return this.t;
    } };
    const s = await startTestServer({ clock });
    try {
      const a = await s.raw();
      expect(await raw(a, 'CONFIG', 'SET', 'hz', '100', 'timeout', '2')).toBe('+OK\r\n');
      const idle = await s.raw();
      expect(await raw(idle, 'PING')).toBe('+PONG\r\n');
      clock.t += 1500;
      await new Promise((r) => setTimeout(r, 100));
      expect(idle.closed).toBe(false);
      clock.t += 1000;
      await idle.waitClose(2000);
      expect(idle.closed).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('slowlog-log-slower-than and slowlog-max-len', async () => {
    const a = await t.raw();
    expect(await raw(a, 'SLOWLOG', 'RESET')).toBe('+OK\r\n');
    expect(await raw(a, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0', 'slowlog-max-len', '2')).toBe('+OK\r\n');
    for (let i = 0; i < 3; i++) await raw(a, 'PING');
    expect(await raw(a, 'SLOWLOG', 'LEN')).toBe(':2\r\n');
    // Passwords set through CONFIG SET are redacted in the slowlog, as Redis does.
    expect(await raw(a, 'CONFIG', 'SET', 'masterauth', 'hunter2', 'maxclients', '10000')).toBe('+OK\r\n');
    const entry = await raw(a, 'SLOWLOG', 'GET', '1');
    expect(entry).toContain('$10\r\nmasterauth\r\n$10\r\n(redacted)\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n');
    expect(entry).not.toContain('hunter2');
    expect(await configGet(a, 'masterauth')).toEqual({ masterauth: 'hunter2' });
    expect(await raw(a, 'CONFIG', 'SET', 'slowlog-log-slower-than', '10000', 'slowlog-max-len', '128', 'masterauth', '')).toBe('+OK\r\n');
  });

  it('proto-max-bulk-len limits requests and values', async () => {
    const s = await startTestServer();
    try {
      const a = await s.raw();
      expect(await raw(a, 'CONFIG', 'SET', 'proto-max-bulk-len', '1mb')).toBe('+OK\r\n');
      expect(await raw(a, 'SET', 'k', 'x'.repeat(1024 * 1024))).toBe('+OK\r\n');
      expect(await raw(a, 'APPEND', 'k', 'y')).toBe(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
      a.write(resp('SET', 'k', 'x'.repeat(1024 * 1024 + 1)));
      expect(await a.expect('-ERR Protocol error: invalid bulk length\r\n')).toBe('-ERR Protocol error: invalid bulk length\r\n');
    } finally {
      await s.close();
    }
  });

  it('requirepass: new connections must authenticate, current ones stay in', async () => {
    const s = await startTestServer();
    try {
      const a = await s.raw();
      expect(await raw(a, 'CONFIG', 'SET', 'requirepass', 'sesame')).toBe('+OK\r\n');
      expect(await raw(a, 'PING')).toBe('+PONG\r\n');
      const b = await s.raw();
      expect(await raw(b, 'PING')).toBe(err('NOAUTH Authentication required.'));
      expect(await raw(b, 'AUTH', 'sesame')).toBe('+OK\r\n');
      expect(await raw(b, 'CONFIG', 'GET', 'requirepass')).toBe('*2\r\n$11\r\nrequirepass\r\n$6\r\nsesame\r\n');
    } finally {
      await s.close();
    }
  });
});

describe('CONFIG RESETSTAT', () => {
  it('resets the server and command stats but not the slowlog', async () => {
    const s = await startTestServer();
    try {
      const a = await s.raw();
      await raw(a, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0');
      await raw(a, 'SET', 'k', 'v');
      await raw(a, 'GET', 'k');
      await raw(a, 'GET', 'missing');
      await raw(a, 'INCR', 'k'); // an error reply
      const slowBefore = await raw(a, 'SLOWLOG', 'LEN');
      expect(await raw(a, 'CONFIG', 'RESETSTAT')).toBe('+OK\r\n');
      const e = s.server.engine;
      expect(e.stats.keyspaceHits).toBe(0);
      expect(e.stats.keyspaceMisses).toBe(0);
      expect(e.stats.totalErrorReplies).toBe(0);
      expect(e.stats.errorReplies.size).toBe(0);
      // The RESETSTAT call itself is counted once it returns, as in Redis.
      expect(e.stats.commandsProcessed).toBe(1);
      const called = [...e.registry.all()].filter((cmd) => cmd.calls > 0).map((cmd) => `${cmd.fullName}=${cmd.calls}`);
      expect(called).toEqual(['config|resetstat=1']);
      expect(await raw(a, 'SLOWLOG', 'LEN')).not.toBe(':0\r\n');
      expect(Number(slowBefore.slice(1))).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  it('takes no arguments', async () => {
    expect(await raw(c, 'CONFIG', 'RESETSTAT', 'x')).toBe(err("ERR wrong number of arguments for 'config|resetstat' command"));
  });
});

describe('CONFIG REWRITE and loading at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podium-config-it-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without a config file', async () => {
    expect(await raw(c, 'CONFIG', 'REWRITE')).toBe(err('ERR The server is running without a config file'));
  });

  it('rewrites the file the server started with, and a restart reads it back', async () => {
    const file = join(dir, 'podium.conf');
    writeFileSync(file, '# my podium\nmaxclients 50\nsave 900 1\nsave 300 10\n');
    const s = await startTestServer({ args: [file, '--timeout', '30'] });
    try {
      const a = await s.raw();
      expect(await configGet(a, 'maxclients', 'save', 'timeout')).toEqual({ maxclients: '50', save: '900 1 300 10', timeout: '30' });
      expect(await raw(a, 'CONFIG', 'SET', 'maxclients', '77', 'save', '60 5', 'maxmemory', '2gb')).toBe('+OK\r\n');
      expect(await raw(a, 'CONFIG', 'REWRITE')).toBe('+OK\r\n');
    } finally {
      await s.close();
    }
    const text = readFileSync(file, 'latin1');
    expect(text.startsWith('# my podium\nmaxclients 77\nsave 60 5\n')).toBe(true);
    expect(text).toContain('\n# Generated by CONFIG REWRITE\n');
    expect(text).toContain('\nmaxmemory 2gb\n');
    expect(text).toContain('\ntimeout 30\n');
    const s2 = await startTestServer({ args: [file] });
    try {
      const a = await s2.raw();
      expect(await configGet(a, 'maxclients', 'save', 'maxmemory', 'timeout')).toEqual({ maxclients: '77', save: '60 5', maxmemory: '2147483648', timeout: '30' });
    } finally {
      await s2.close();
    }
  });

  it('reports why the file cannot be written', async () => {
    const sub = mkdtempSync(join(dir, 'gone-'));
    const file = join(sub, 'podium.conf');
    writeFileSync(file, 'maxclients 5\n');
    const s = await startTestServer({ args: [file] });
    try {
      rmSync(sub, { recursive: true, force: true });
      const a = await s.raw();
      expect(await raw(a, 'CONFIG', 'REWRITE')).toBe(err('ERR Rewriting config file: No such file or directory'));
    } finally {
      await s.close();
    }
  });

  it('rejects a bad file with the line', async () => {
    const file = join(dir, 'bad.conf');
    writeFileSync(file, 'port 0\nmaxclients lots\n');
    await expect(startTestServer({ args: [file] })).rejects.toThrow("Reading the configuration file, at line 2\n>>> 'maxclients lots'\nargument couldn't be parsed into an integer");
  });
});

describe('CONFIG HELP and errors', () => {
  it('prints the help', async () => {
    expect(await raw(c, 'CONFIG', 'HELP')).toBe(
      '*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n' +
        '+    Return parameters matching the glob-like <pattern> and their values.\r\n+SET <directive> <value>\r\n' +
        '+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n' +
        '+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n',
    );
  });

  it('unknown subcommand and missing one', async () => {
    expect(await raw(c, 'CONFIG', 'foo')).toBe(err("ERR unknown subcommand 'foo'. Try CONFIG HELP."));
    expect(await raw(c, 'CONFIG')).toBe(err("ERR wrong number of arguments for 'config' command"));
    expect(await raw(c, 'CONFIG', 'HELP', 'x')).toBe(err("ERR wrong number of arguments for 'config|help' command"));
  });
});
