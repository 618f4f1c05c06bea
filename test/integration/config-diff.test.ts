/**
 * CONFIG differentially against a real redis-server 7.0 (runs only where it is installed): every
 * parameter name and default, glob patterns, and CONFIG SET of good and bad values for every
 * parameter must give the same replies, byte for byte, and the same values read back.
 */
import { describe, expect, it } from 'vitest';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { redisUnavailable, type RNode } from '../helpers/redis-ref.ts';
import { redisPair, type RedisPair } from '../helpers/redis-pair.ts';

let pair: RedisPair;

/** CONFIG GET reply as pairs (Redis's order is its hash table's, so compare as a map). */
function pairs(node: RNode): Map<string, string> {
  const m = new Map<string, string>();
  const items = node.items ?? [];
  for (let i = 0; i < items.length; i += 2) m.set(items[i].v!, items[i + 1].v!);
  return m;
}

async function both(argv: string[]): Promise<[RNode, RNode]> {
  return Promise.all([pair.a.send(argv), pair.b.send(argv)]);
}

/**
 * Parameters for which some probe values have side effects on a running redis-server that would
 * break this test rather than show a difference: rebinding (port, bind), starting an AOF rewrite in
 * the directory (appendonly), evicting this very connection (maxmemory-clients; the probes avoid
 * client-output-buffer-limit for normal clients). They get safe values instead.
 */
const SAFE_PROBES: Record<string, string[]> = {
  port: ['x', '-1', '70000', '1.5'],
  bind: [],
  appendonly: ['x', 'no', 'NO'],
  'maxmemory-clients': ['10%', '101%', '0%', '-5%', '%', '0', 'x', '1.5', '5%'],
};

const PROBES = ['notvalid', '-1', '0', '1.5', '', '99999999999999999999', '1k', '5MB', '10%', '0777', 'yes', 'NO', 'KEA', 'local0', 'save now', 'pubsub 1k 2mb 3', '900 1 300 10', '{title} x'];

describe.skipIf(redisUnavailable !== null)('CONFIG against redis-server 7.0', () => {
  pair = redisPair({ config: { save: '', dir: realpathSync(tmpdir()), bind: '127.0.0.1' } });

  it('CONFIG GET * gives the same names and values', async () => {
    const [r, p] = await both(['CONFIG', 'GET', '*']);
    const rm = pairs(r);
    const pm = pairs(p);
    rm.delete('port');
    pm.delete('port');
    expect([...pm.keys()].sort()).toEqual([...rm.keys()].sort());
    const diffs = [...rm].filter(([k, v]) => pm.get(k) !== v).map(([k, v]) => `${k}: redis ${JSON.stringify(v)} podium ${JSON.stringify(pm.get(k))}`);
    expect(diffs).toEqual([]);
  });

  it('each name alone, any case, hidden ones included, replies byte for byte', async () => {
    const [r] = await both(['CONFIG', 'GET', '*']);
    const names = [...pairs(r).keys()].filter((n) => n !== 'port');
    names.push('key-load-delay', 'rdb-key-save-delay', 'loading-process-events-interval-bytes', 'use-exit-on-panic', 'watchdog-period', 'nosuch');
    // A security backport added this one to Debian's 7.0.15 (the reference Podium follows); other
    // 7.0 builds do not have it.
    const [lua] = await both(['CONFIG', 'GET', 'lua-enable-deprecated-api']);
    if (lua.items!.length > 0) names.push('lua-enable-deprecated-api');
    const bad: string[] = [];
    for (const n of names) {
      for (const shown of [n, n.toUpperCase()]) {
        const [x, y] = await both(['CONFIG', 'GET', shown]);
        if (x.raw !== y.raw) bad.push(`${shown}: ${JSON.stringify(x.raw)} vs ${JSON.stringify(y.raw)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('glob patterns select the same parameters', async () => {
    const patterns = [
      ['*max*'],
      ['HASH*'],
      ['[a-c]*'],
      ['*-?ize'],
      ['slave*', 'replica*'],
      ['*ziplist*', '*listpack*'],
      ['tls-*-file'],
      ['[^a-s]*'],
      ['*'],
      ['*['],
      ['\\*'],
      ['watchdog*'],
      ['maxclients', 'MAXC*'],
      ['?'],
      ['*e*e*e*'],
    ];
    for (const p of patterns) {
      const [x, y] = await both(['CONFIG', 'GET', ...p]);
      const xm = pairs(x);
      const ym = pairs(y);
      xm.delete('port');
      ym.delete('port');
      expect([...ym.keys()].sort(), p.join(' ')).toEqual([...xm.keys()].sort());
    }
  });

  it('CONFIG SET of good and bad values for every parameter: same reply, same value after', async () => {
    const [r] = await both(['CONFIG', 'GET', '*']);
    const names = [...pairs(r).keys()];
    names.push('key-load-delay', 'rdb-key-save-delay', 'loading-process-events-interval-bytes', 'use-exit-on-panic', 'watchdog-period');
    const bad: string[] = [];
    for (const name of names) {
      const [before] = await both(['CONFIG', 'GET', name]);
      const original = before.items![1].v!;
      for (const v of SAFE_PROBES[name] ?? PROBES) {
        const [x, y] = await both(['CONFIG', 'SET', name, v]);
        if (x.raw !== y.raw) bad.push(`SET ${name} ${JSON.stringify(v)}: ${JSON.stringify(x.raw)} vs ${JSON.stringify(y.raw)}`);
        if (name === 'port') continue; // the test server was asked for port 0 (any free port)
        const [gx, gy] = await both(['CONFIG', 'GET', name]);
        if (gx.raw !== gy.raw) bad.push(`GET ${name} after ${JSON.stringify(v)}: ${JSON.stringify(gx.raw)} vs ${JSON.stringify(gy.raw)}`);
      }
      if (name === 'bind' || name === 'port') continue; // never changed, and restoring would rebind
      const [x, y] = await both(['CONFIG', 'SET', name, original]);
      if (x.raw !== y.raw) bad.push(`restore ${name}: ${JSON.stringify(x.raw)} vs ${JSON.stringify(y.raw)}`);
    }
    expect(bad).toEqual([]);
  });

  it('special formats read back the same', async () => {
    const cases: [string, string][] = [
      ['client-output-buffer-limit', 'pubsub 1mb 2mb 3'],
      ['client-output-buffer-limit', 'replica 1 2 3 pubsub 10 20 30'],
      ['client-output-buffer-limit', 'pubsub 1 2 '],
      ['client-output-buffer-limit', 'pubsub 1 2 4294967297'],
      ['client-output-buffer-limit', 'slave 1 2'],
      ['client-output-buffer-limit', 'master 1 2 3'],
      ['client-output-buffer-limit', 'pubsub 1 2 -3'],
      ['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'],
      ['notify-keyspace-events', 'KEA'],
      ['notify-keyspace-events', 'KEAmn'],
      ['notify-keyspace-events', 'Kg$lshzxetd'],
      ['notify-keyspace-events', 'Ex'],
      ['notify-keyspace-events', 'nKE'],
      ['notify-keyspace-events', 'y'],
      ['notify-keyspace-events', ''],
      ['save', '900 1 300 10'],
      ['save', '+900 05'],
      ['save', '900 '],
      ['save', '900 4294967297'],
      ['save', '99999999999999999999 1'],
      ['save', '900  1'],
      ['save', ''],
      ['hz', '0'],
      ['hz', '1000'],
      ['hz', '10'],
      ['maxmemory', '99999999999999999999999'],
      ['maxmemory', '1Gb'],
      ['maxmemory', 'kb'],
      ['maxmemory', '0'],
      ['oom-score-adj', 'relative'],
      ['oom-score-adj', 'no'],
      ['oom-score-adj-values', '+5 05 7'],
      ['oom-score-adj-values', '0 200 800'],
      ['latency-tracking-info-percentiles', '0.000001 33.333333333 1e1'],
      ['latency-tracking-info-percentiles', '50  99'],
      ['latency-tracking-info-percentiles', 'inf'],
      ['latency-tracking-info-percentiles', '50 99 99.9'],
      ['shutdown-on-sigint', 'force now save'],
      ['shutdown-on-sigint', 'save nosave'],
      ['shutdown-on-sigint', 'default save'],
      ['shutdown-on-sigint', 'default'],
      ['proc-title-template', '{title}'],
      ['proc-title-template', '{{title}} {port'],
      ['proc-title-template', '{title} {listen-addr} {server-mode}'],
      ['cluster-announce-hostname', 'bad name'],
      ['cluster-announce-hostname', ''],
      ['activedefrag', 'yes'],
      ['requirepass', 'secret'],
      ['requirepass', ''],
      ['replicaof', 'no one'],
      ['dbfilename', 'x.rdb'],
    ];
    const bad: string[] = [];
    for (const [name, v] of cases) {
      const [x, y] = await both(['CONFIG', 'SET', name, v]);
      if (x.raw !== y.raw) bad.push(`SET ${name} ${JSON.stringify(v)}: ${JSON.stringify(x.raw)} vs ${JSON.stringify(y.raw)}`);
      const [gx, gy] = await both(['CONFIG', 'GET', name]);
      if (gx.raw !== gy.raw) bad.push(`GET ${name} after ${JSON.stringify(v)}: ${JSON.stringify(gx.raw)} vs ${JSON.stringify(gy.raw)}`);
    }
    expect(bad).toEqual([]);
  });

  it('multi-parameter SET: errors, precedence and atomicity', async () => {
    const cases = [
      ['CONFIG', 'SET', 'maxclients', '50', 'slowlog-max-len', '7'],
      ['CONFIG', 'SET', 'maxclients', '10000', 'slowlog-max-len', '128'],
      ['CONFIG', 'SET', 'maxclients', '60', 'timeout', 'x'],
      ['CONFIG', 'SET', 'foo', '1', 'maxclients', 'x'],
      ['CONFIG', 'SET', 'maxclients', 'x', 'foo', '1'],
      ['CONFIG', 'SET', 'daemonize', 'no', 'foo', '1'],
      ['CONFIG', 'SET', 'foo', '1', 'daemonize', 'no'],
      ['CONFIG', 'SET', 'maxclients', '1', 'dir', '/'],
      ['CONFIG', 'SET', 'maxclients', '5', 'MaxClients', '6'],
      ['CONFIG', 'SET', 'timeout', 'x', 'maxclients', '5', 'maxclients', '6'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '10', 'hash-max-listpack-entries', '20'],
      ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
      ['CONFIG', 'SET', 'Hash-Max-Ziplist-Entries', 'x'],
      ['CONFIG', 'SET', 'maxclients', '10', 'timeout'],
      ['CONFIG', 'SET', 'maxclients'],
      ['CONFIG', 'GET', 'maxclients', 'timeout', 'slowlog-max-len'],
      ['CONFIG', 'GET'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'HELP'],
      ['CONFIG', 'foo'],
      ['CONFIG'],
    ];
    for (const argv of cases) {
      const [x, y] = await both(argv);
      if (argv[1] === 'GET' && x.t === '*') expect(pairs(y), argv.join(' ')).toEqual(pairs(x));
      else expect(y.raw, argv.join(' ')).toBe(x.raw);
    }
  });

  it('RESETSTAT resets command stats the same way', async () => {
    for (const argv of [['SET', 'k', 'v'], ['GET', 'k'], ['INCR', 'k'], ['CONFIG', 'RESETSTAT'], ['GET', 'k'], ['PING']]) await both(argv);
    const [x, y] = await both(['INFO', 'commandstats']);
    const calls = (n: RNode) =>
      (n.v ?? '')
        .split('\r\n')
        .filter((l) => l.startsWith('cmdstat_'))
        .map((l) => l.replace(/usec=[^,]*,usec_per_call=[^,]*,/, ''))
        .sort();
    expect(calls(y)).toEqual(calls(x));
    const [ex, ey] = await both(['INFO', 'errorstats']);
    expect(ey.v).toBe(ex.v);
  });
});
