/**
 * Server administration commands over real sockets: TIME, LASTSAVE, SLOWLOG, LATENCY (monitor events,
 * GRAPH/DOCTOR texts, histograms), MONITOR, DEBUG SLEEP and SHUTDOWN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import type { RNode } from '../helpers/redis-ref.ts';
import { cmd, reply } from '../helpers/raw-reply.ts';
import { Histogram } from '../../server/engine/latency.ts';

const values = (n: RNode): (string | null)[] => n.items!.map((i) => i.v);

describe('TIME, LASTSAVE, SLOWLOG', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('TIME is [unix seconds, microseconds] as bulk strings', async () => {
    const c = await t.raw();
    const r = await cmd(c, 'TIME');
    expect(r.t).toBe('*');
    expect(r.items!.map((i) => i.t)).toEqual(['$', '$']);
    const [sec, usec] = values(r).map(Number);
    expect(Math.abs(sec - Date.now() / 1000)).toBeLessThan(2);
    expect(usec).toBeGreaterThanOrEqual(0);
    expect(usec).toBeLessThan(1_000_000);
    expect((await cmd(c, 'TIME', 'x')).raw).toBe("-ERR wrong number of arguments for 'time' command\r\n");
  });

  it('LASTSAVE is the start time until anything is saved', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'LASTSAVE')).raw).toBe(`:${Math.floor(t.server.engine.stats.startTime / 1000)}\r\n`);
  });

  it('SLOWLOG records entries in Redis 7.0 shape, newest first', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0')).raw).toBe('+OK\r\n');
    try {
      expect((await cmd(c, 'CLIENT', 'SETNAME', 'slow')).raw).toBe('+OK\r\n');
      expect((await cmd(c, 'SLOWLOG', 'RESET')).raw).toBe('+OK\r\n');
      expect((await cmd(c, 'SET', 'k', 'v')).raw).toBe('+OK\r\n');
      const got = await cmd(c, 'SLOWLOG', 'GET', '1');
      expect(got.items!.length).toBe(1);
      const e = got.items![0];
      expect(e.items!.map((i) => i.t)).toEqual([':', ':', ':', '*', '$', '$']);
      const [id, ts, usec] = e.items!.slice(0, 3).map((i) => Number(i.v));
      expect(id).toBeGreaterThan(0);
      expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(2);
      expect(usec).toBeGreaterThanOrEqual(0);
      expect(values(e.items![3])).toEqual(['SET', 'k', 'v']);
      expect(e.items![4].v).toBe(`127.0.0.1:${c.socket.localPort}`);
      expect(e.items![5].v).toBe('slow');
      // RESET itself, SET, and the GET just run: ids keep counting after a reset.
      expect((await cmd(c, 'SLOWLOG', 'LEN')).raw).toBe(':3\r\n');
      const all = await cmd(c, 'SLOWLOG', 'GET', '-1');
      expect(all.items!.map((x) => values(x.items![3]).join(' '))).toEqual(['SLOWLOG LEN', 'SLOWLOG GET 1', 'SET k v', 'SLOWLOG RESET']);
      const ids = all.items!.map((x) => Number(x.items![0].v));
      expect(ids).toEqual([ids[3] + 3, ids[3] + 2, ids[3] + 1, ids[3]]);
      expect((await cmd(c, 'SLOWLOG', 'GET', '0')).raw).toBe('*0\r\n');
    } finally {
      await cmd(c, 'CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    }
  });

  it('SLOWLOG truncates long commands and redacts AUTH', async () => {
    const c = await t.raw();
    await cmd(c, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    try {
      await cmd(c, 'SLOWLOG', 'RESET');
      const many = Array.from({ length: 40 }, (_, i) => `k${i}`);
      await cmd(c, 'DEL', ...many);
      await cmd(c, 'ECHO', 'x'.repeat(200));
      await cmd(c, 'AUTH', 'secret');
      const [auth, echo, del] = (await cmd(c, 'SLOWLOG', 'GET', '3')).items!;
      const delArgs = values(del.items![3]);
      expect(delArgs.length).toBe(32);
      expect(delArgs.slice(0, 31)).toEqual(['DEL', ...many.slice(0, 30)]);
      expect(delArgs[31]).toBe('... (10 more arguments)');
      expect(values(echo.items![3])).toEqual(['ECHO', 'x'.repeat(128) + '... (72 more bytes)']);
      expect(values(auth.items![3])).toEqual(['AUTH', '(redacted)']);
    } finally {
      await cmd(c, 'CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    }
  });

  it('SLOWLOG errors and HELP as Redis', async () => {
    const c = await t.raw();
    const cases: [string[], string][] = [
      [['SLOWLOG', 'GET', 'x'], '-ERR count should be greater than or equal to -1\r\n'],
      [['SLOWLOG', 'GET', '-2'], '-ERR count should be greater than or equal to -1\r\n'],
      [['SLOWLOG', 'GET', '1', '2'], "-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n"],
      [['SLOWLOG', 'LEN', 'x'], "-ERR wrong number of arguments for 'slowlog|len' command\r\n"],
      [['SLOWLOG', 'RESET', 'x'], "-ERR wrong number of arguments for 'slowlog|reset' command\r\n"],
      [['SLOWLOG'], "-ERR wrong number of arguments for 'slowlog' command\r\n"],
      [['SLOWLOG', 'FOO'], "-ERR unknown subcommand 'FOO'. Try SLOWLOG HELP.\r\n"],
    ];
    for (const [argv, want] of cases) expect((await cmd(c, ...argv)).raw, argv.join(' ')).toBe(want);
    const help = await cmd(c, 'SLOWLOG', 'HELP');
    expect(help.items!.length).toBe(12);
    expect(help.items![0].raw).toBe('+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n');
  });
});

describe('LATENCY', () => {
  let t: TestServer;
  let now = 1_800_000_000_000;
  beforeAll(async () => {
    t = await startTestServer({ clock: { now: () => now }, config: { 'enable-debug-command': 'yes' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('with monitoring off: empty answers and the "disabled" doctor', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'LATENCY', 'LATEST')).raw).toBe('*0\r\n');
    expect((await cmd(c, 'LATENCY', 'HISTORY', 'command')).raw).toBe('*0\r\n');
    expect((await cmd(c, 'LATENCY', 'RESET')).raw).toBe(':0\r\n');
    expect((await cmd(c, 'LATENCY', 'GRAPH', 'command')).raw).toBe("-ERR No samples available for event 'command'\r\n");
    const doctor = await cmd(c, 'LATENCY', 'DOCTOR');
    expect(doctor.v).toBe(
      "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n",
    );
    await cmd(c, 'HELLO', '3');
    expect((await cmd(c, 'LATENCY', 'DOCTOR')).raw.startsWith("=292\r\ntxt:I'm sorry, Dave")).toBe(true);
  });

  it('records slow commands over the threshold', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'CONFIG', 'SET', 'latency-monitor-threshold', '10')).raw).toBe('+OK\r\n');
    try {
      expect((await cmd(c, 'LATENCY', 'DOCTOR')).v).toBe(
        'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n',
      );
      expect((await cmd(c, 'PING')).raw).toBe('+PONG\r\n'); // fast: below the threshold
      expect((await cmd(c, 'DEBUG', 'SLEEP', '0.03')).raw).toBe('+OK\r\n');
      const latest = await cmd(c, 'LATENCY', 'LATEST');
      expect(latest.items!.length).toBe(1);
      const [name, time, last, max] = values(latest.items![0]);
      expect(name).toBe('command');
      expect(Number(time)).toBe(Math.floor(now / 1000));
      expect(Number(last)).toBeGreaterThanOrEqual(30);
      expect(Number(max)).toBe(Number(last));
      const hist = await cmd(c, 'LATENCY', 'HISTORY', 'command');
      expect(hist.items!.map(values)).toEqual([[String(Math.floor(now / 1000)), last]]);
      expect((await cmd(c, 'LATENCY', 'RESET', 'command', 'nosuch')).raw).toBe(':1\r\n');
      expect((await cmd(c, 'LATENCY', 'LATEST')).raw).toBe('*0\r\n');
    } finally {
      await cmd(c, 'CONFIG', 'SET', 'latency-monitor-threshold', '0');
    }
  });

  it('GRAPH and DOCTOR texts match Redis 7.0 for the same samples', async () => {
    const c = await t.raw();
    await cmd(c, 'CONFIG', 'SET', 'latency-monitor-threshold', '1');
    try {
      // Redis 7.0.15 after DEBUG SLEEP 0.05, two seconds, DEBUG SLEEP 0.02 (threshold 1 ms).
      t.server.engine.latency.addSample('command', 50);
      now += 2000;
      t.server.engine.latency.addSample('command', 20);
      const graph = await cmd(c, 'LATENCY', 'GRAPH', 'command');
      expect(graph.v).toBe(`command - high 50 ms, low 20 ms (all time high 50 ms)\n${'-'.repeat(80)}\n# \n| \n| \n|_\n  \n20\nss\n`);
      const doctor = await cmd(c, 'LATENCY', 'DOCTOR');
      expect(doctor.v).toBe(
        "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n" +
          '1. command: 2 latency spikes (average 35ms, mean deviation 15ms, period 1.00 sec). Worst all time event 50ms.\n\n' +
          'I have a few advices for you:\n\n' +
          "- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than 1000'.\n" +
          '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n' +
          '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n',
      );
      // One sample per second: a second spike in the same second only raises it.
      t.server.engine.latency.addSample('command', 70);
      t.server.engine.latency.addSample('command', 10);
      const hist = await cmd(c, 'LATENCY', 'HISTORY', 'command');
      expect(hist.items!.map((s) => Number(s.items![1].v))).toEqual([50, 70]);
      expect((await cmd(c, 'LATENCY', 'RESET')).raw).toBe(':1\r\n');
    } finally {
      await cmd(c, 'CONFIG', 'SET', 'latency-monitor-threshold', '0');
    }
  });

  it('HISTOGRAM reports per-command cumulative buckets', async () => {
    const c = await t.raw();
    await cmd(c, 'CONFIG', 'RESETSTAT');
    for (let i = 0; i < 3; i++) await cmd(c, 'SET', 'h', String(i));
    await cmd(c, 'CLIENT', 'ID');
    const r = await cmd(c, 'LATENCY', 'HISTOGRAM', 'set', 'client', 'nosuch');
    expect(values(r).filter((_, i) => i % 2 === 0)).toEqual(['set', 'client|id']);
    const set = r.items![1];
    expect(values(set).filter((_, i) => i % 2 === 0)).toEqual(['calls', 'histogram_usec']);
    expect(set.items![1].raw).toBe(':3\r\n');
    const buckets = set.items![3].items!.map((i) => Number(i.v));
    const keys = buckets.filter((_, i) => i % 2 === 0);
    const counts = buckets.filter((_, i) => i % 2 === 1);
    for (const k of keys) expect([1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056, 2113, 4227, 8454, 16909, 33818]).toContain(k);
    expect(counts[counts.length - 1]).toBe(3);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // With no argument: every command that ran.
    const all = await cmd(c, 'LATENCY', 'HISTOGRAM');
    expect(values(all).filter((_, i) => i % 2 === 0)).toEqual(expect.arrayContaining(['set', 'client|id', 'config|resetstat', 'latency|histogram']));
  });

  it('the histogram uses the HdrHistogram layout Redis reports from', () => {
    const h = new Histogram();
    for (const ns of [500, 1500, 3000, 6000, 12000, 30000, 60000]) h.record(ns);
    expect(h.cumulativeBuckets()).toEqual([
      [1, 1],
      [2, 2],
      [4, 3],
      [8, 4],
      [16, 5],
      [33, 6],
      [66, 7],
    ]);
    const two = new Histogram();
    two.record(2000); // a 2 µs command: Redis prints p50=2.007
    expect(two.valueAtPercentile(50)).toBe(2007);
    const mixed = new Histogram();
    for (let i = 0; i < 99; i++) mixed.record(1000);
    mixed.record(5_000_000);
    expect(mixed.valueAtPercentile(50)).toBe(1003); // 1000..1003 share a bucket
    expect(mixed.valueAtPercentile(99.9)).toBe(5_013_503); // bucket 4980736..5013503
  });

  it('DEBUG: SLEEP blocks the server; other subcommands are refused', async () => {
    const c = await t.raw();
    const t0 = performance.now();
    expect((await cmd(c, 'DEBUG', 'SLEEP', '0.05')).raw).toBe('+OK\r\n');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    expect((await cmd(c, 'DEBUG', 'SLEEP', 'x')).raw).toBe('+OK\r\n');
    expect((await cmd(c, 'DEBUG', 'FOO')).raw).toBe("-ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP.\r\n");
  });

  it('HELP and arity errors', async () => {
    const c = await t.raw();
    const help = await cmd(c, 'LATENCY', 'HELP');
    expect(help.items!.length).toBe(17);
    expect(help.items![0].raw).toBe('+LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n');
    expect((await cmd(c, 'LATENCY', 'HISTORY')).raw).toBe("-ERR wrong number of arguments for 'latency|history' command\r\n");
    expect((await cmd(c, 'LATENCY')).raw).toBe("-ERR wrong number of arguments for 'latency' command\r\n");
    expect((await cmd(c, 'LATENCY', 'FOO')).raw).toBe("-ERR unknown subcommand 'FOO'. Try LATENCY HELP.\r\n");
  });
});

describe('DEBUG with the default enable-debug-command', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is refused with Redis error text', async () => {
    const c = await t.raw();
    expect((await cmd(c, 'DEBUG', 'SLEEP', '0')).raw).toBe(
      '-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n',
    );
    expect((await cmd(c, 'DEBUG')).raw).toBe("-ERR wrong number of arguments for 'debug' command\r\n");
  });
});

describe('MONITOR', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it("streams other clients' commands in Redis's line format, after they ran", async () => {
    const m = await t.raw();
    const b = await t.raw();
    expect((await cmd(m, 'MONITOR')).raw).toBe('+OK\r\n');
    const port = b.socket.localPort;
    b.write(
      Buffer.concat([
        resp('SET', 'k', 'a b"c\\\x01\xff'),
        resp('SELECT', '3'),
        resp('GET', 'k'),
        resp('CLIENT', 'LIST'), // admin: not shown
        resp('AUTH', 'secret'),
        resp('MULTI'),
        resp('PING'),
        resp('EXEC'),
        resp('NOSUCH'), // rejected: not shown
      ]),
    );
    const want = [
      `[0 127.0.0.1:${port}] "SET" "k" "a b\\"c\\\\\\x01\\xff"`,
      `[3 127.0.0.1:${port}] "SELECT" "3"`,
      `[3 127.0.0.1:${port}] "GET" "k"`,
      `[3 127.0.0.1:${port}] "AUTH" "(redacted)"`,
      `[3 127.0.0.1:${port}] "MULTI"`,
      `[3 127.0.0.1:${port}] "PING"`,
      `[3 127.0.0.1:${port}] "EXEC"`,
    ];
    for (const line of want) {
      const r = await reply(m);
      expect(r.t).toBe('+');
      const match = /^(\d+)\.(\d{6}) (.*)$/.exec(r.v!);
      expect(match, r.v!).not.toBeNull();
      expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(5);
      expect(match![3]).toBe(line);
    }
  });

  it('a second MONITOR gets no reply; MONITOR inside MULTI is refused at EXEC', async () => {
    const m = await t.raw();
    expect((await cmd(m, 'MONITOR')).raw).toBe('+OK\r\n');
    m.write(resp('MONITOR'));
    m.write(resp('CLIENT', 'ID')); // admin-free, shows up in its own stream after the reply
    const id = await reply(m);
    expect(id.t).toBe(':');
    const own = await reply(m);
    expect(own.v).toMatch(/ "CLIENT" "ID"$/);

    const x = await t.raw();
    expect((await cmd(x, 'MULTI')).raw).toBe('+OK\r\n');
    expect((await cmd(x, 'MONITOR')).raw).toBe('+QUEUED\r\n');
    expect((await cmd(x, 'EXEC')).raw).toBe("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n");
  });

  it('a closed monitor is forgotten', async () => {
    const before = t.server.engine.monitors.size;
    const m = await t.raw();
    expect((await cmd(m, 'MONITOR')).raw).toBe('+OK\r\n');
    expect(t.server.engine.monitors.size).toBe(before + 1);
    m.close();
    const deadline = Date.now() + 2000;
    while (t.server.engine.monitors.size !== before) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 10));
    }
  });
});

describe('SHUTDOWN', () => {
  it('refuses bad arguments and ABORT, and is not allowed in MULTI', async () => {
    const t = await startTestServer();
    try {
      const c = await t.raw();
      const cases: [string[], string][] = [
        [['SHUTDOWN', 'FOO'], '-ERR syntax error\r\n'],
        [['SHUTDOWN', 'NOSAVE', 'SAVE'], '-ERR syntax error\r\n'],
        [['SHUTDOWN', 'ABORT', 'NOW'], '-ERR syntax error\r\n'],
        [['SHUTDOWN', 'ABORT'], '-ERR No shutdown in progress.\r\n'],
      ];
      for (const [argv, want] of cases) expect((await cmd(c, ...argv)).raw, argv.join(' ')).toBe(want);
      expect((await cmd(c, 'MULTI')).raw).toBe('+OK\r\n');
      expect((await cmd(c, 'SHUTDOWN')).raw).toBe('-ERR Command not allowed inside a transaction\r\n');
      expect((await cmd(c, 'EXEC')).raw).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
      expect((await cmd(c, 'PING')).raw).toBe('+PONG\r\n');
    } finally {
      await t.close();
    }
  });

  it('closes every connection without a reply and stops listening', async () => {
    const t = await startTestServer();
    let exited = false;
    t.server.engine.hooks.afterShutdown = () => {
      exited = true;
    };
    try {
      const c = await t.raw();
      const other = await t.raw();
      expect((await cmd(other, 'PING')).raw).toBe('+PONG\r\n');
      c.write(Buffer.concat([resp('SHUTDOWN', 'NOSAVE', 'NOW'), resp('PING')]));
      await c.waitClose();
      await other.waitClose();
      expect(c.pending()).toBe('');
      const deadline = Date.now() + 2000;
      while (!exited) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 10));
      }
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ port: t.port, host: '127.0.0.1' });
        s.on('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    } finally {
      await t.close();
    }
  });
});
