/**
 * Configuration values: Redis 7.0's parsers (string2ll, memtoull, strtoll, sdssplitargs) and the
 * canonical forms CONFIG GET prints after a set. Expected texts were taken from redis-server 7.0.15.
 */
import { describe, expect, it } from 'vitest';
import { Config } from '../../server/config.ts';
import { NOTIFY, keyspaceEventsToFlags, memtoull, quoteConfigValue, splitConfigLine, string2ll, strtollFull } from '../../server/config-syntax.ts';
import { seededRandom } from '../../server/lib/random.ts';
import { readFileSync } from 'node:fs';
import { paramsMarkdown } from '../../server/config-params.ts';

function setOk(c: Config, name: string, value: string): string {
  const err = c.set(name, value);
  expect(err, `${name} ${JSON.stringify(value)}`).toBeNull();
  return c.get(name);
}

describe('number syntax', () => {
  it('string2ll accepts only canonical int64', () => {
    expect(string2ll('0')).toBe(0n);
    expect(string2ll('-12')).toBe(-12n);
    expect(string2ll('9223372036854775807')).toBe(9223372036854775807n);
    expect(string2ll('-9223372036854775808')).toBe(-9223372036854775808n);
    for (const bad of ['', '-0', '05', '+5', ' 5', '5 ', '1.5', '9223372036854775808', '1e3', '-']) expect(string2ll(bad), bad).toBeNull();
  });

  it('memtoull has units, no sign, and memtoull quirks', () => {
    expect(memtoull('1k')).toBe(1000n);
    expect(memtoull('1kb')).toBe(1024n);
    expect(memtoull('1MB')).toBe(1048576n);
    expect(memtoull('2gB')).toBe(2147483648n);
    expect(memtoull('5b')).toBe(5n);
    expect(memtoull('')).toBe(0n);
    expect(memtoull('kb')).toBe(0n);
    expect(memtoull('99999999999999999999999')).toBe((1n << 64n) - 1n); // strtoull saturates
    expect(memtoull('18446744073709551615k')).toBe(BigInt.asUintN(64, ((1n << 64n) - 1n) * 1000n));
    for (const bad of ['-1', '1.5', '1kbb', '1t', 'x', ' 1']) expect(memtoull(bad), bad).toBeNull();
  });

  it('strtollFull is strtoll with an end-of-string check', () => {
    expect(strtollFull('+900')).toBe(900n);
    expect(strtollFull('05')).toBe(5n);
    expect(strtollFull(' 7')).toBe(7n);
    expect(strtollFull('')).toBe(0n);
    expect(strtollFull('99999999999999999999')).toBe(9223372036854775807n);
    expect(strtollFull('-99999999999999999999')).toBe(-9223372036854775808n);
    expect(strtollFull('700', 8)).toBe(448n);
    for (const bad of [' ', '+', '1.5', '9 ', 'x1', '8']) expect(strtollFull(bad, bad === '8' ? 8 : 10), bad).toBeNull();
  });
});

describe('config line splitting (sdssplitargs)', () => {
  it('splits words and quoted strings', () => {
    expect(splitConfigLine('save 900 1')).toEqual(['save', '900', '1']);
    expect(splitConfigLine('  a\t b  ')).toEqual(['a', 'b']);
    expect(splitConfigLine('requirepass "a b" c')).toEqual(['requirepass', 'a b', 'c']);
    expect(splitConfigLine('x "\\x41\\n\\t\\\\\\"q"')).toEqual(['x', 'A\n\t\\"q']);
    expect(splitConfigLine("x 'it\\'s' \"\"")).toEqual(['x', "it's", '']);
    expect(splitConfigLine('x ab"c d"')).toEqual(['x', 'abc d']);
    expect(splitConfigLine('')).toEqual([]);
  });

  it('refuses unbalanced quotes and text glued after a closing quote', () => {
    expect(splitConfigLine('maxclients "abc')).toBeNull();
    expect(splitConfigLine("x 'abc")).toBeNull();
    expect(splitConfigLine('x "a"b')).toBeNull();
  });

  it('quoteConfigValue round-trips any bytes', () => {
    const rnd = seededRandom(7);
    for (let n = 0; n < 200; n++) {
      let s = '';
      const len = Math.floor(rnd() * 20);
      for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(rnd() * 256));
      expect(splitConfigLine('k ' + quoteConfigValue(s))).toEqual(['k', s]);
    }
  });
});

describe('Config defaults', () => {
  const c = new Config();

  it('knows every Redis 7.0 name: 173 parameters + 19 aliases visible, 6 hidden; Podium\'s own 12 hidden', () => {
    expect(c.params().length).toBe(191);
    expect(c.names().length).toBe(210);
    // Visible = what CONFIG GET * lists: exactly Redis 7.0's names.
    expect(c.names().filter((e) => !e.def.hidden).length).toBe(192);
    expect(c.names().filter((e) => e.def.hidden).map((e) => e.name).sort()).toEqual([
      'gateway-idle-timeout',
      'gateway-max-backpressure',
      'gateway-max-connections',
      'gateway-max-payload',
      'gateway-rate-limit',
      'http-bind',
      'http-port',
      'key-load-delay',
      'live-max-buffer',
      'live-replay-bytes',
      'live-replay-pushes',
      'live-retention-ms',
      'live-tick-ms',
      'loading-process-events-interval-bytes',
      'lua-enable-deprecated-api',
      'rdb-key-save-delay',
      'use-exit-on-panic',
      'watchdog-period',
    ]);
  });

  it('has the defaults redis-server reports', () => {
    expect(c.get('maxclients')).toBe('10000');
    expect(c.get('save')).toBe('3600 1 300 100 60 10000');
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(c.get('hash-max-listpack-entries')).toBe('512');
    expect(c.get('hash-max-ziplist-entries')).toBe('512');
    expect(c.get('zset-max-listpack-entries')).toBe('128');
    expect(c.get('list-max-ziplist-size')).toBe('-2');
    expect(c.get('dir')).toBe(process.cwd());
    expect(c.get('pidfile')).toBe('');
    expect(c.get('replicaof')).toBe('');
    expect(c.get('oom-score-adj-values')).toBe('0 200 800');
    expect(c.get('latency-tracking-info-percentiles')).toBe('50 99 99.9');
    expect(c.get('proc-title-template')).toBe('{title} {listen-addr} {server-mode}');
    expect(c.int('proto-max-bulk-len')).toBe(536870912);
    expect(c.int('slowlog-log-slower-than')).toBe(10000);
    expect(c.bool('appendonly')).toBe(false);
    expect(c.bool('protected-mode')).toBe(true);
  });

  it('marks what Podium acts on', () => {
    const applied = c.params().filter((p) => p.applies).map((p) => p.name).sort();
    expect(applied).toEqual([
      'bind',
      'client-output-buffer-limit',
      'client-query-buffer-limit',
      'databases',
      'gateway-idle-timeout',
      'gateway-max-backpressure',
      'gateway-max-connections',
      'gateway-max-payload',
      'gateway-rate-limit',
      'http-bind',
      'http-port',
      'hz',
      'lfu-decay-time',
      'lfu-log-factor',
      'live-max-buffer',
      'live-replay-bytes',
      'live-replay-pushes',
      'live-retention-ms',
      'live-tick-ms',
      'maxclients',
      'maxmemory',
      'maxmemory-eviction-tenacity',
      'maxmemory-policy',
      'maxmemory-samples',
      'notify-keyspace-events',
      'port',
      'proto-max-bulk-len',
      'requirepass',
      'slowlog-log-slower-than',
      'slowlog-max-len',
      'timeout',
]);
  });
});

describe('Config.set: validation and canonical values', () => {
  it('integers: string2ll and bounds', () => {
    const c = new Config();
    expect(setOk(c, 'maxclients', '4294967295')).toBe('4294967295');
    for (const bad of ['05', '-0', '+5', ' 5', '1.5', '', 'x', '99999999999999999999']) {
      expect(c.set('maxclients', bad), bad).toBe("argument couldn't be parsed into an integer");
    }
    expect(c.set('maxclients', '0')).toBe('argument must be between 1 and 4294967295 inclusive');
    expect(c.set('slowlog-log-slower-than', '-2')).toBe('argument must be between -1 and 9223372036854775807 inclusive');
    expect(c.set('list-max-listpack-size', '2147483648')).toBe('argument must be between -2147483648 and 2147483647 inclusive');
    expect(setOk(c, 'slowlog-log-slower-than', '-1')).toBe('-1');
    expect(c.int('slowlog-log-slower-than')).toBe(-1);
  });

  it('memory: units are folded into bytes, unsigned maxmemory takes 2^64-1', () => {
    const c = new Config();
    expect(setOk(c, 'maxmemory', '1mb')).toBe('1048576');
    expect(setOk(c, 'maxmemory', '1Gb')).toBe('1073741824');
    expect(setOk(c, 'maxmemory', 'kb')).toBe('0');
    expect(setOk(c, 'maxmemory', '99999999999999999999999')).toBe('18446744073709551615');
    expect(c.set('maxmemory', '-1')).toBe('argument must be a memory value');
    expect(c.set('proto-max-bulk-len', '1k')).toBe('argument must be between 1048576 and 9223372036854775807 inclusive');
    expect(c.set('hash-max-listpack-value', '99999999999999999999999')).toBe('argument must be between 0 and 9223372036854775807 inclusive');
    expect(setOk(c, 'proto-max-bulk-len', '2mb')).toBe('2097152');
    expect(c.int('proto-max-bulk-len')).toBe(2097152);
  });

  it('percentages: maxmemory-clients', () => {
    const c = new Config();
    expect(setOk(c, 'maxmemory-clients', '10%')).toBe('10%');
    expect(c.int('maxmemory-clients')).toBe(-10);
    expect(setOk(c, 'maxmemory-clients', '0%')).toBe('0');
    expect(c.set('maxmemory-clients', '101%')).toBe('percentage argument must be less or equal to 100');
    for (const bad of ['-5%', '%', 'x']) expect(c.set('maxmemory-clients', bad)).toBe('argument must be a memory or percent value');
  });

  it('hz is clamped to 1..500 as Redis keeps it', () => {
    const c = new Config();
    expect(setOk(c, 'hz', '0')).toBe('1');
    expect(setOk(c, 'hz', '1000')).toBe('500');
    expect(c.int('hz')).toBe(500);
  });

  it('bools and enums are case-insensitive and printed canonically', () => {
    const c = new Config();
    expect(setOk(c, 'appendonly', 'YES')).toBe('yes');
    expect(c.set('appendonly', '1')).toBe("argument must be 'yes' or 'no'");
    expect(setOk(c, 'maxmemory-policy', 'ALLKEYS-LRU')).toBe('allkeys-lru');
    expect(c.set('loglevel', 'x')).toBe('argument(s) must be one of the following: debug, verbose, notice, warning');
    expect(setOk(c, 'oom-score-adj', 'relative')).toBe('yes');
    expect(setOk(c, 'oom-score-adj', 'absolute')).toBe('absolute');
  });

  it('shutdown-on-sigint takes several flags', () => {
    const c = new Config();
    expect(setOk(c, 'shutdown-on-sigint', 'force now save')).toBe('save now force');
    expect(setOk(c, 'shutdown-on-sigint', 'default save')).toBe('save');
    expect(setOk(c, 'shutdown-on-sigint', 'default')).toBe('default');
    expect(c.set('shutdown-on-sigint', 'save nosave')).toBe("shutdown options SAVE and NOSAVE can't be used simultaneously");
    expect(c.set('shutdown-on-sigint', '')).toBe('argument(s) must be one of the following: default, save, nosave, now, force');
    expect(c.set('shutdown-on-sigint', 'save  now')).toBe('argument(s) must be one of the following: default, save, nosave, now, force');
  });

  it('notify-keyspace-events: canonical letters, flag bits kept', () => {
    const c = new Config();
    expect(setOk(c, 'notify-keyspace-events', 'KEA')).toBe('AKE');
    expect(setOk(c, 'notify-keyspace-events', 'Ex')).toBe('xE');
    expect(setOk(c, 'notify-keyspace-events', 'KE$lshzxetd')).toBe('$lshzxetdKE');
    expect(setOk(c, 'notify-keyspace-events', 'Kg$lshzxetd')).toBe('AK');
    expect(setOk(c, 'notify-keyspace-events', 'KEn')).toBe('nKE');
    expect(setOk(c, 'notify-keyspace-events', 'KEAmn')).toBe('AKEm');
    // 'n' is not printed next to 'A', but it is still in force.
    expect(c.int('notify-keyspace-events') & NOTIFY.NEW).toBe(NOTIFY.NEW);
    expect(c.int('notify-keyspace-events')).toBe(keyspaceEventsToFlags('AKEmn'));
    expect(c.set('notify-keyspace-events', 'kea')).toBe("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    expect(setOk(c, 'notify-keyspace-events', '')).toBe('');
  });

  it('save: pairs, "" clears, bad pairs refused', () => {
    const c = new Config();
    expect(setOk(c, 'save', '900 1 300 10')).toBe('900 1 300 10');
    expect(setOk(c, 'save', '+900 05')).toBe('900 5');
    expect(setOk(c, 'save', '900 4294967297')).toBe('900 1');
    expect(setOk(c, 'save', '900 ')).toBe('900 0');
    expect(setOk(c, 'save', '')).toBe('');
    for (const bad of ['900', '0 1', '900 -1', '900  1', ' ', '1.5 1', '900 x']) expect(c.set('save', bad), bad).toBe('Invalid save parameters');
  });

  it('client-output-buffer-limit: classes merge into the current value', () => {
    const c = new Config();
    expect(setOk(c, 'client-output-buffer-limit', 'pubsub 1mb 2mb 3')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2097152 3');
    expect(setOk(c, 'client-output-buffer-limit', 'replica 1 2 3 NORMAL 1k 2K 4')).toBe('normal 1000 2000 4 slave 1 2 3 pubsub 1048576 2097152 3');
    expect(setOk(c, 'client-output-buffer-limit', 'normal 1 2 4294967297')).toBe('normal 1 2 1 slave 1 2 3 pubsub 1048576 2097152 3');
    expect(setOk(c, 'client-output-buffer-limit', '')).toBe('normal 1 2 1 slave 1 2 3 pubsub 1048576 2097152 3');
    expect(c.set('client-output-buffer-limit', 'normal 1 2')).toBe('Wrong number of arguments in buffer limit configuration.');
    expect(c.set('client-output-buffer-limit', 'master 1 2 3')).toBe('Invalid client class specified in buffer limit configuration.');
    for (const bad of ['normal x 2 3', 'normal 1 2 -3', 'normal 1 2 3.5', 'normal 1 2 99999999999999999999']) {
      expect(c.set('client-output-buffer-limit', bad), bad).toBe('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
  });

  it('the other list formats', () => {
    const c = new Config();
    expect(setOk(c, 'oom-score-adj-values', '+5 05 7')).toBe('5 5 7');
    expect(c.set('oom-score-adj-values', '0 200')).toBe('wrong number of arguments');
    expect(c.set('oom-score-adj-values', '0 1 2001')).toBe('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
    expect(setOk(c, 'latency-tracking-info-percentiles', '99.90 1e1')).toBe('99.9 10');
    expect(setOk(c, 'latency-tracking-info-percentiles', '0.000001 33.333333333')).toBe('0.000001 33.333333');
    expect(c.set('latency-tracking-info-percentiles', '100.5')).toBe('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
    expect(c.set('latency-tracking-info-percentiles', '50 nan')).toBe('Invalid latency-tracking-info-percentiles parameters');
    expect(c.set('proc-title-template', '{title}')).toBe('template format is invalid or contains unknown variables');
    expect(c.set('proc-title-template', '{title} {foo}')).toBe('template format is invalid or contains unknown variables');
    expect(setOk(c, 'proc-title-template', '{port} x')).toBe('{port} x');
    expect(c.set('cluster-announce-hostname', 'bad name')).toBe('Hostnames may only contain alphanumeric characters, hyphens or dots');
    expect(c.set('activedefrag', 'yes')).toMatch(/^Active defragmentation cannot be enabled/);
  });

  it('immutable and protected parameters need startup', () => {
    const c = new Config();
    expect(c.set('databases', '4')).toBe("can't set immutable config");
    expect(c.set('replicaof', 'no one')).toBe("can't set immutable config");
    expect(c.set('dir', '/tmp')).toBe("can't set protected config");
    expect(c.set('databases', '4', true)).toBeNull();
    expect(c.int('databases')).toBe(4);
    expect(c.set('unixsocketperm', '700', true)).toBeNull();
    expect(c.get('unixsocketperm')).toBe('700');
    expect(c.set('unixsocketperm', '8', true)).toBe("argument couldn't be parsed as an octal number");
    expect(c.set('unixsocketperm', '1000', true)).toBe('argument must be between 0 and 777 inclusive');
    expect(c.set('nosuch', '1')).toBe('unknown');
  });

  it('aliases share the value and the numeric cache', () => {
    const c = new Config();
    setOk(c, 'hash-max-ziplist-entries', '10');
    expect(c.get('hash-max-listpack-entries')).toBe('10');
    expect(c.int('hash-max-listpack-entries')).toBe(10);
    expect(c.int('hash-max-ziplist-entries')).toBe(10);
    setOk(c, 'SLAVE-READ-ONLY', 'no');
    expect(c.get('replica-read-only')).toBe('no');
    expect(c.lookup('Slaveof')?.def.name).toBe('replicaof');
  });

  it('onChange runs only when the value changes', () => {
    const c = new Config();
    const seen: string[] = [];
    c.onChange('hz', (v) => seen.push(v));
    setOk(c, 'hz', '20');
    setOk(c, 'hz', '20');
    setOk(c, 'hz', '0');
    expect(seen).toEqual(['20', '1']);
  });
});

describe('docs/configuration.md', () => {
  it('is what paramsMarkdown() generates (npm run docs:config)', () => {
    const file = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(file).toBe(paramsMarkdown());
  });
});
