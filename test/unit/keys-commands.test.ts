/**
 * Generic key commands in-process, on a fixed clock: exact RESP bytes, keyspace events, what is
 * propagated, dirty counts, TTL arithmetic at millisecond boundaries, hit/miss accounting.
 * Replies were checked against redis-server 7.0.15.
 */
import { describe, expect, it } from 'vitest';
import { harness as inProcess, TEST_NOW as NOW } from '../helpers/in-process.ts';

const harness = () => inProcess({ eventDb: true });

describe('DEL / UNLINK / EXISTS / TYPE / TOUCH', () => {
  it('deletes and counts only existing keys, firing del per key', () => {
    const h = harness();
    h.run('SET', 'a', '1');
    h.run('SET', 'b', '2');
    h.reset();
    const dirty = h.engine.dirty;
    expect(h.run('DEL', 'a', 'a', 'nokey', 'b')).toBe(':2\r\n');
    expect(h.events).toEqual(['g del 0 a', 'g del 0 b']);
    expect(h.engine.dirty - dirty).toBe(2);
    expect(h.props).toEqual([['DEL', 'a', 'a', 'nokey', 'b']]);
    h.reset();
    expect(h.run('UNLINK', 'a')).toBe(':0\r\n');
    expect(h.props).toEqual([]); // nothing changed, nothing propagated
  });

  it('an expired key is reclaimed as an expiry, not counted by DEL', () => {
    const h = harness();
    h.run('SET', 'a', '1', 'PX', '10');
    h.advance(11);
    h.reset();
    expect(h.run('DEL', 'a')).toBe(':0\r\n');
    expect(h.events).toEqual(['x expired 0 a']);
    expect(h.props).toEqual([['DEL', 'a']]); // from the expiry, not the command
  });

  it('EXISTS counts repeats; TYPE names every type; neither touches the key', () => {
    const h = harness();
    h.run('SET', 's', 'v');
    h.run('RPUSH', 'l', 'a');
    h.run('SADD', 'set', 'a');
    h.run('HSET', 'h', 'f', 'v');
    h.advance(5000);
    expect(h.run('EXISTS', 's', 's', 'nokey', 'l')).toBe(':3\r\n');
    expect(h.run('TYPE', 's')).toBe('+string\r\n');
    expect(h.run('TYPE', 'l')).toBe('+list\r\n');
    expect(h.run('TYPE', 'set')).toBe('+set\r\n');
    expect(h.run('TYPE', 'h')).toBe('+hash\r\n');
    expect(h.run('TYPE', 'nokey')).toBe('+none\r\n');
    expect(h.db().peek('s')!.access).toBe(NOW);
    expect(h.run('OBJECT', 'IDLETIME', 's')).toBe(':5\r\n');
    expect(h.run('TTL', 's')).toBe(':-1\r\n');
    expect(h.db().peek('s')!.access).toBe(NOW);
    expect(h.run('TOUCH', 's', 'nokey', 's')).toBe(':2\r\n');
    expect(h.db().peek('s')!.access).toBe(NOW + 5000);
    expect(h.run('OBJECT', 'IDLETIME', 's')).toBe(':0\r\n');
  });

  it('counts keyspace hits and misses as Redis (TYPE, EXISTS, TTL, OBJECT, TOUCH, COPY; not DEL, RENAME, EXPIRE)', () => {
    const h = harness();
    h.run('SET', 'k', 'v');
    const s = h.engine.stats;
    const count = (...argv: string[]) => {
      const [hits, misses] = [s.keyspaceHits, s.keyspaceMisses];
      h.run(...argv);
      return [s.keyspaceHits - hits, s.keyspaceMisses - misses];
    };
    expect(count('TYPE', 'k')).toEqual([1, 0]);
    expect(count('TYPE', 'no')).toEqual([0, 1]);
    expect(count('EXISTS', 'k', 'no')).toEqual([1, 1]);
    expect(count('OBJECT', 'ENCODING', 'no')).toEqual([0, 1]);
    expect(count('OBJECT', 'REFCOUNT', 'k')).toEqual([1, 0]);
    expect(count('TTL', 'k')).toEqual([1, 0]);
    expect(count('PEXPIRETIME', 'no')).toEqual([0, 1]);
    expect(count('TOUCH', 'k', 'no')).toEqual([1, 1]);
    expect(count('COPY', 'k', 'k2')).toEqual([1, 0]);
    expect(count('COPY', 'no', 'k3')).toEqual([0, 1]);
    expect(count('RENAME', 'k2', 'k4')).toEqual([0, 0]);
    expect(count('DEL', 'k4')).toEqual([0, 0]);
    expect(count('EXPIRE', 'k', '100')).toEqual([0, 0]);
    expect(count('SCAN', '0', 'TYPE', 'string')).toEqual([1, 0]);
  });

  it('fires keymiss for TYPE but not for OBJECT', () => {
    const h = harness();
    h.run('TYPE', 'nokey');
    h.run('OBJECT', 'ENCODING', 'nokey2');
    expect(h.events).toEqual(['m keymiss 0 nokey']);
  });
});

describe('RENAME / RENAMENX / MOVE / COPY', () => {
  it('RENAME moves value, TTL and encoding; fires rename_from then rename_to; counts one change', () => {
    const h = harness();
    h.run('SET', 'a', '100', 'PX', '5000');
    h.run('SET', 'b', 'old');
    h.reset();
    const dirty = h.engine.dirty;
    expect(h.run('RENAME', 'a', 'b')).toBe('+OK\r\n');
    expect(h.events).toEqual(['g rename_from 0 a', 'g rename_to 0 b']);
    expect(h.engine.dirty - dirty).toBe(1);
    expect(h.run('PTTL', 'b')).toBe(':5000\r\n');
    expect(h.run('GET', 'b')).toBe('$3\r\n100\r\n');
    expect(h.run('EXISTS', 'a')).toBe(':0\r\n');
    expect(h.db().expires.has('a')).toBe(false);
    expect(h.db().expires.has('b')).toBe(true);
    // Renaming a key without TTL over one with a TTL leaves no TTL behind.
    h.run('SET', 'c', 'x');
    expect(h.run('RENAME', 'c', 'b')).toBe('+OK\r\n');
    expect(h.run('TTL', 'b')).toBe(':-1\r\n');
    expect(h.db().expires.has('b')).toBe(false);
  });

  it('RENAME errors and same-key cases', () => {
    const h = harness();
    expect(h.run('RENAME', 'no', 'x')).toBe('-ERR no such key\r\n');
    expect(h.run('RENAME', 'no', 'no')).toBe('-ERR no such key\r\n');
    expect(h.run('RENAMENX', 'no', 'no')).toBe('-ERR no such key\r\n');
    h.run('SET', 'a', '1');
    h.reset();
    expect(h.run('RENAME', 'a', 'a')).toBe('+OK\r\n');
    expect(h.run('RENAMENX', 'a', 'a')).toBe(':0\r\n');
    expect(h.events).toEqual([]);
    expect(h.props).toEqual([]);
    h.run('SET', 'b', '2');
    expect(h.run('RENAMENX', 'a', 'b')).toBe(':0\r\n');
    expect(h.run('GET', 'b')).toBe('$1\r\n2\r\n');
    expect(h.run('RENAMENX', 'a', 'c')).toBe(':1\r\n');
    expect(h.run('GET', 'c')).toBe('$1\r\n1\r\n');
  });

  it('RENAME of an expired source is "no such key"', () => {
    const h = harness();
    h.run('SET', 'a', '1', 'PX', '1');
    h.advance(2);
    expect(h.run('RENAME', 'a', 'b')).toBe('-ERR no such key\r\n');
  });

  it('MOVE: errors as Redis, keeps TTL, events in both dbs', () => {
    const h = harness();
    expect(h.run('MOVE', 'k', '0')).toBe('-ERR source and destination objects are the same\r\n');
    expect(h.run('MOVE', 'k', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(h.run('MOVE', 'k', '-1')).toBe('-ERR DB index is out of range\r\n');
    expect(h.run('MOVE', 'k', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(h.run('MOVE', 'k', '2147483648')).toBe('-ERR value is out of range, value must between -2147483648 and 2147483647\r\n');
    expect(h.run('MOVE', 'k', '1')).toBe(':0\r\n');
    h.run('SET', 'k', 'v', 'EX', '100');
    h.reset();
    const dirty = h.engine.dirty;
    expect(h.run('MOVE', 'k', '1')).toBe(':1\r\n');
    expect(h.events).toEqual(['g move_from 0 k', 'g move_to 1 k']);
    expect(h.engine.dirty - dirty).toBe(1);
    expect(h.props).toEqual([['MOVE', 'k', '1']]);
    expect(h.db(1).peek('k')!.expireAt).toBe(NOW + 100000);
    expect(h.db(1).expires.has('k')).toBe(true);
    expect(h.db(0).expires.has('k')).toBe(false);
    h.run('SET', 'k', 'again');
    expect(h.run('MOVE', 'k', '1')).toBe(':0\r\n'); // exists in the target
    expect(h.run('GET', 'k')).toBe('$5\r\nagain\r\n');
  });

  it('COPY: options, errors, deep copies, TTL, copy_to event in the target db', () => {
    const h = harness();
    h.run('RPUSH', 'l', 'a', 'b');
    h.run('PEXPIRE', 'l', '7000');
    expect(h.run('COPY', 'l', 'l', 'DB', '0')).toBe('-ERR source and destination objects are the same\r\n');
    expect(h.run('COPY', 'l', 'x', 'DB')).toBe('-ERR syntax error\r\n');
    expect(h.run('COPY', 'l', 'x', 'FOO')).toBe('-ERR syntax error\r\n');
    expect(h.run('COPY', 'l', 'x', 'DB', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(h.run('COPY', 'l', 'x', 'DB', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(h.run('COPY', 'no', 'x', 'DB', '99')).toBe('-ERR DB index is out of range\r\n');
    expect(h.run('COPY', 'no', 'x')).toBe(':0\r\n');
    h.reset();
    expect(h.run('COPY', 'l', 'l', 'DB', '3', 'REPLACE')).toBe(':1\r\n');
    expect(h.events).toEqual(['g copy_to 3 l']);
    expect(h.db(3).peek('l')!.expireAt).toBe(NOW + 7000);
    expect(h.db(3).expires.has('l')).toBe(true);
    h.run('RPUSH', 'l', 'c');
    expect(h.db(3).peek('l')!.value.length).toBe(2); // deep copy
    h.run('SET', 'x', 'taken');
    expect(h.run('COPY', 'l', 'x')).toBe(':0\r\n');
    expect(h.run('COPY', 'l', 'x', 'REPLACE')).toBe(':1\r\n');
    expect(h.run('TYPE', 'x')).toBe('+list\r\n');
    expect(h.run('LRANGE', 'x', '0', '-1')).toBe('*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n');
  });

  it('wakes a client blocked on the destination of RENAME, MOVE and COPY', () => {
    const h = harness();
    const b = h.other();
    expect(b.run('BLPOP', 'dst', '0')).toBe('');
    h.run('RPUSH', 'src', 'v1');
    h.run('RENAME', 'src', 'dst');
    expect(b.run('PING')).toBe('*2\r\n$3\r\ndst\r\n$2\r\nv1\r\n+PONG\r\n');
  });
});

describe('EXPIRE family', () => {
  it('propagates relative and absolute times as PEXPIREAT, keeping the flags', () => {
    const h = harness();
    h.run('SET', 'k', 'v');
    h.reset();
    expect(h.run('EXPIRE', 'k', '100')).toBe(':1\r\n');
    expect(h.run('PEXPIRE', 'k', '200000', 'GT')).toBe(':1\r\n');
    expect(h.run('EXPIREAT', 'k', String(NOW / 1000 + 300))).toBe(':1\r\n');
    expect(h.run('PEXPIREAT', 'k', String(NOW + 400000), 'xx')).toBe(':1\r\n');
    expect(h.props).toEqual([
      ['PEXPIREAT', 'k', String(NOW + 100000)],
      ['PEXPIREAT', 'k', String(NOW + 200000), 'GT'],
      ['PEXPIREAT', 'k', String(NOW + 300000)],
      ['PEXPIREAT', 'k', String(NOW + 400000), 'xx'],
    ]);
    expect(h.events).toEqual(['g expire 0 k', 'g expire 0 k', 'g expire 0 k', 'g expire 0 k']);
    expect(h.run('PEXPIRETIME', 'k')).toBe(`:${NOW + 400000}\r\n`);
  });

  it('a time in the past deletes the key, fires del and propagates DEL', () => {
    const h = harness();
    for (const argv of [['EXPIRE', 'k', '0'], ['PEXPIRE', 'k', '-5'], ['EXPIREAT', 'k', '1'], ['PEXPIREAT', 'k', String(NOW)]]) {
      h.run('SET', 'k', 'v');
      h.reset();
      expect(h.run(...argv)).toBe(':1\r\n');
      expect(h.events).toEqual(['g del 0 k']);
      expect(h.props).toEqual([['DEL', 'k']]);
      expect(h.db().size).toBe(0);
    }
    // One millisecond ahead is not in the past.
    h.run('SET', 'k', 'v');
    expect(h.run('PEXPIREAT', 'k', String(NOW + 1))).toBe(':1\r\n');
    expect(h.run('PTTL', 'k')).toBe(':1\r\n');
  });

  it('a key lives through its expiry millisecond and is gone after it (now > expireAt)', () => {
    const h = harness();
    h.run('SET', 'k', 'v', 'PX', '100');
    h.advance(100);
    expect(h.run('PTTL', 'k')).toBe(':0\r\n');
    expect(h.run('TTL', 'k')).toBe(':0\r\n');
    expect(h.run('GET', 'k')).toBe('$1\r\nv\r\n');
    h.advance(1);
    h.reset();
    expect(h.run('PTTL', 'k')).toBe(':-2\r\n');
    expect(h.events).toEqual(['x expired 0 k', 'm keymiss 0 k']);
  });

  it('rounds TTL and EXPIRETIME to the nearest second', () => {
    const h = harness();
    h.run('SET', 'k', 'v', 'PX', '1499');
    expect(h.run('TTL', 'k')).toBe(':1\r\n');
    h.run('SET', 'k', 'v', 'PX', '1500');
    expect(h.run('TTL', 'k')).toBe(':2\r\n');
    h.run('PEXPIREAT', 'k', String(NOW + 10499));
    expect(h.run('EXPIRETIME', 'k')).toBe(`:${NOW / 1000 + 10}\r\n`);
    h.run('PEXPIREAT', 'k', String(NOW + 10500));
    expect(h.run('EXPIRETIME', 'k')).toBe(`:${NOW / 1000 + 11}\r\n`);
  });

  it('NX / XX / GT / LT against no TTL and an existing TTL', () => {
    const h = harness();
    h.run('SET', 'k', 'v');
    expect(h.run('EXPIRE', 'k', '100', 'XX')).toBe(':0\r\n');
    expect(h.run('EXPIRE', 'k', '100', 'GT')).toBe(':0\r\n'); // no TTL = infinite
    expect(h.run('EXPIRE', 'k', '100', 'LT')).toBe(':1\r\n');
    expect(h.run('EXPIRE', 'k', '50', 'NX')).toBe(':0\r\n');
    expect(h.run('EXPIRE', 'k', '100', 'GT')).toBe(':0\r\n'); // equal is not greater
    expect(h.run('EXPIRE', 'k', '101', 'GT')).toBe(':1\r\n');
    expect(h.run('EXPIRE', 'k', '101', 'LT')).toBe(':0\r\n');
    expect(h.run('EXPIRE', 'k', '10', 'xx', 'lt')).toBe(':1\r\n');
    expect(h.run('TTL', 'k')).toBe(':10\r\n');
    expect(h.run('PERSIST', 'k')).toBe(':1\r\n');
    expect(h.run('EXPIRE', 'k', '10', 'NX')).toBe(':1\r\n');
    // LT with a past time deletes the key.
    expect(h.run('EXPIRE', 'k', '-1', 'LT')).toBe(':1\r\n');
    expect(h.run('EXISTS', 'k')).toBe(':0\r\n');
  });

  it('option and overflow errors, checked before the key', () => {
    const h = harness();
    h.run('SET', 'k', 'v');
    expect(h.run('EXPIRE', 'no', '10', 'xx', 'nx')).toBe('-ERR NX and XX, GT or LT options at the same time are not compatible\r\n');
    expect(h.run('EXPIRE', 'k', '10', 'nx', 'lt')).toBe('-ERR NX and XX, GT or LT options at the same time are not compatible\r\n');
    expect(h.run('EXPIRE', 'k', '10', 'gt', 'lt')).toBe('-ERR GT and LT options at the same time are not compatible\r\n');
    expect(h.run('EXPIRE', 'k', 'abc', 'Foo')).toBe('-ERR Unsupported option Foo\r\n');
    expect(h.run('EXPIRE', 'no', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(h.run('EXPIRE', 'k', '1.5')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(h.run('EXPIRE', 'k', '9223372036854775')).toBe("-ERR invalid expire time in 'expire' command\r\n");
    expect(h.run('EXPIRE', 'k', '-9223372036854776')).toBe("-ERR invalid expire time in 'expire' command\r\n");
    expect(h.run('PEXPIRE', 'k', '9223372036854775807')).toBe("-ERR invalid expire time in 'pexpire' command\r\n");
    expect(h.run('EXPIREAT', 'k', '9223372036854776')).toBe("-ERR invalid expire time in 'expireat' command\r\n");
    expect(h.run('TTL', 'k')).toBe(':-1\r\n');
    // EXPIREAT at the largest second is fine (no base time to add).
    expect(h.run('EXPIREAT', 'k', '9223372036854775')).toBe(':1\r\n');
    expect(h.run('EXPIRE', 'k', '-9223372036854775')).toBe(':1\r\n');
    expect(h.run('EXISTS', 'k')).toBe(':0\r\n');
  });

  it('PERSIST fires persist only when a TTL was removed', () => {
    const h = harness();
    h.run('SET', 'k', 'v');
    h.reset();
    expect(h.run('PERSIST', 'k')).toBe(':0\r\n');
    expect(h.run('PERSIST', 'nokey')).toBe(':0\r\n');
    expect(h.events).toEqual([]);
    h.run('EXPIRE', 'k', '10');
    h.reset();
    expect(h.run('PERSIST', 'k')).toBe(':1\r\n');
    expect(h.events).toEqual(['g persist 0 k']);
    expect(h.props).toEqual([['PERSIST', 'k']]);
    expect(h.db().expires.has('k')).toBe(false);
  });

  it('on a replica (expiry disabled) a past time is kept, not turned into DEL', () => {
    const h = harness();
    h.run('SET', 'k', 'v');
    h.engine.keyspace.expireEnabled = false;
    expect(h.run('PEXPIREAT', 'k', String(NOW - 10))).toBe(':1\r\n');
    expect(h.db().main.has('k')).toBe(true);
    expect(h.run('EXISTS', 'k')).toBe(':0\r\n'); // logically expired, not reclaimed
    expect(h.db().main.has('k')).toBe(true);
    expect(h.run('KEYS', '*')).toBe('*0\r\n');
    expect(h.run('RANDOMKEY')).toBe('$1\r\nk\r\n'); // all volatile: given up after 100 tries, as Redis
    h.engine.keyspace.expireEnabled = true;
    expect(h.run('EXISTS', 'k')).toBe(':0\r\n');
    expect(h.db().main.has('k')).toBe(false);
  });
});

describe('OBJECT', () => {
  it('string encodings follow Redis (int, embstr, raw; edited strings stay raw)', () => {
    const h = harness();
    const enc = (k: string) => h.run('OBJECT', 'ENCODING', k);
    const cases: [string, string][] = [
      ['123', 'int'],
      ['-5', 'int'],
      ['9223372036854775807', 'int'],
      ['-9223372036854775808', 'int'],
      ['9223372036854775808', 'embstr'],
      ['007', 'embstr'],
      ['-0', 'embstr'],
      ['', 'embstr'],
      ['x'.repeat(44), 'embstr'],
      ['x'.repeat(45), 'raw'],
    ];
    for (const [v, want] of cases) {
      h.run('SET', 'k', v);
      expect(enc('k'), v).toBe(`$${want.length}\r\n${want}\r\n`);
    }
    h.db().peek('k')!.enc = 'raw'; // what APPEND / SETRANGE leave behind
    h.run('SET', 'r', '1');
    h.db().peek('r')!.enc = 'raw';
    expect(enc('r')).toBe('$3\r\nraw\r\n');
    h.db().peek('r')!.enc = 'noint'; // INCRBYFLOAT's result "3"
    expect(enc('r')).toBe('$6\r\nembstr\r\n');
    expect(enc('nokey')).toBe('$-1\r\n');
  });

  it('REFCOUNT: shared small integers report INT_MAX; copies and others 1', () => {
    const h = harness();
    h.run('SET', 'a', '100');
    h.run('SET', 'b', '10000');
    h.run('SET', 'c', '-1');
    h.run('SET', 'd', 'x');
    expect(h.run('OBJECT', 'REFCOUNT', 'a')).toBe(':2147483647\r\n');
    expect(h.run('OBJECT', 'REFCOUNT', 'b')).toBe(':1\r\n');
    expect(h.run('OBJECT', 'REFCOUNT', 'c')).toBe(':1\r\n');
    expect(h.run('OBJECT', 'REFCOUNT', 'd')).toBe(':1\r\n');
    h.run('RENAME', 'a', 'a2');
    expect(h.run('OBJECT', 'REFCOUNT', 'a2')).toBe(':2147483647\r\n');
    h.run('COPY', 'a2', 'a3');
    expect(h.run('OBJECT', 'REFCOUNT', 'a3')).toBe(':1\r\n');
    expect(h.run('OBJECT', 'ENCODING', 'a3')).toBe('$3\r\nint\r\n');
  });

  it('FREQ needs an LFU policy; IDLETIME refuses under one', () => {
    const h = harness();
    h.run('SET', 'k', 'v');
    expect(h.run('OBJECT', 'FREQ', 'nokey')).toBe('$-1\r\n');
    expect(h.run('OBJECT', 'FREQ', 'k')).toBe(
      '-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
    if (h.engine.config.def('maxmemory-policy') === undefined) return; // the parameter arrives with the config work
    h.engine.config.set('maxmemory-policy', 'allkeys-lfu');
    expect(h.run('OBJECT', 'FREQ', 'k')).toBe(':5\r\n');
    expect(h.run('OBJECT', 'IDLETIME', 'k')).toBe(
      '-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
  });

  it('HELP and errors', () => {
    const h = harness();
    const help = h.run('OBJECT', 'help');
    expect(help.startsWith('*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n')).toBe(true);
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true);
    expect(h.run('OBJECT')).toBe("-ERR wrong number of arguments for 'object' command\r\n");
    expect(h.run('OBJECT', 'foo')).toBe("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n");
    expect(h.run('OBJECT', 'encoding')).toBe("-ERR wrong number of arguments for 'object|encoding' command\r\n");
    expect(h.run('OBJECT', 'help', 'x')).toBe("-ERR wrong number of arguments for 'object|help' command\r\n");
  });
});

describe('FLUSHDB / FLUSHALL / SWAPDB', () => {
  it('flushes, counts dirty, always propagates, checks the mode', () => {
    const h = harness();
    h.run('SET', 'a', '1');
    h.run('SET', 'b', '1', 'EX', '10');
    h.run('SELECT', '2');
    h.run('SET', 'c', '1');
    h.reset();
    let dirty = h.engine.dirty;
    expect(h.run('FLUSHDB', 'ASYNC')).toBe('+OK\r\n');
    expect(h.engine.dirty - dirty).toBe(1);
    expect(h.db(2).size).toBe(0);
    expect(h.db(0).size).toBe(2);
    expect(h.run('FLUSHDB')).toBe('+OK\r\n'); // empty, still propagated
    expect(h.props).toEqual([['FLUSHDB', 'ASYNC'], ['FLUSHDB']]);
    expect(h.run('FLUSHDB', 'foo')).toBe('-ERR syntax error\r\n');
    expect(h.run('FLUSHDB', 'sync', 'async')).toBe('-ERR syntax error\r\n');
    expect(h.run('FLUSHALL', 'foo')).toBe('-ERR syntax error\r\n');
    dirty = h.engine.dirty;
    expect(h.run('FLUSHALL', 'sync')).toBe('+OK\r\n');
    expect(h.engine.dirty - dirty).toBe(3); // two keys + the flush itself
    expect(h.db(0).size).toBe(0);
    expect(h.db(0).expires.size).toBe(0);
  });

  it('SWAPDB errors as Redis and swaps contents under the db numbers', () => {
    const h = harness();
    expect(h.run('SWAPDB', 'a', '0')).toBe('-ERR invalid first DB index\r\n');
    expect(h.run('SWAPDB', '0', 'a')).toBe('-ERR invalid second DB index\r\n');
    expect(h.run('SWAPDB', '0', '2147483648')).toBe('-ERR invalid second DB index\r\n');
    expect(h.run('SWAPDB', '0', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(h.run('SWAPDB', '-1', '0')).toBe('-ERR DB index is out of range\r\n');
    expect(h.run('SWAPDB', '0', '0')).toBe('+OK\r\n');
    h.run('SET', 'k', 'in0', 'EX', '100');
    expect(h.run('SWAPDB', '0', '1')).toBe('+OK\r\n');
    expect(h.run('EXISTS', 'k')).toBe(':0\r\n');
    h.run('SELECT', '1');
    expect(h.run('GET', 'k')).toBe('$3\r\nin0\r\n');
    expect(h.run('TTL', 'k')).toBe(':100\r\n');
  });

  it('SWAPDB serves a client blocked on a key the swap brings in', () => {
    const h = harness();
    const b = h.other();
    expect(b.run('BLPOP', 'q', '0')).toBe('');
    h.run('SELECT', '1');
    h.run('RPUSH', 'q', 'hello');
    h.run('SWAPDB', '0', '1');
    expect(b.run('PING')).toBe('*2\r\n$1\r\nq\r\n$5\r\nhello\r\n+PONG\r\n');
  });
});

describe('KEYS / SCAN / RANDOMKEY / DBSIZE and expired keys', () => {
  it('KEYS hides expired keys without reclaiming them; SCAN reclaims them; DBSIZE counts what is there', () => {
    const h = harness();
    h.run('SET', 'live', '1');
    h.run('SET', 'dead', '1', 'PX', '10');
    h.advance(11);
    expect(h.run('DBSIZE')).toBe(':2\r\n');
    expect(h.run('KEYS', '*')).toBe('*1\r\n$4\r\nlive\r\n');
    expect(h.run('KEYS', 'd*')).toBe('*0\r\n');
    expect(h.run('DBSIZE')).toBe(':2\r\n');
    expect(h.run('SCAN', '0', 'MATCH', 'x*')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(h.run('DBSIZE')).toBe(':2\r\n'); // filtered by MATCH before the expiry check, as Redis
    expect(h.run('SCAN', '0')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlive\r\n');
    expect(h.run('DBSIZE')).toBe(':1\r\n');
  });

  it('RANDOMKEY never returns an expired key and reclaims those it meets', () => {
    const h = harness();
    for (let i = 0; i < 300; i++) h.run('SET', `dead${i}`, '1', 'PX', '5');
    h.run('SET', 'live', '1');
    h.advance(6);
    expect(h.run('RANDOMKEY')).toBe('$4\r\nlive\r\n');
    expect(h.db().size).toBeLessThan(301);
    h.run('DEL', 'live');
    expect(h.run('RANDOMKEY')).toBe('$-1\r\n');
    expect(h.db().size).toBe(0);
  });

  it('SCAN TYPE filters, keeps the cursor, rejects bad arguments', () => {
    const h = harness();
    h.run('SET', 's', '1');
    h.run('RPUSH', 'l', 'a');
    expect(h.run('SCAN', '0', 'TYPE', 'LIST', 'COUNT', '100')).toBe('*2\r\n$1\r\n0\r\n*1\r\n$1\r\nl\r\n');
    expect(h.run('SCAN', '0', 'TYPE', 'nosuchtype')).toBe('*2\r\n$1\r\n0\r\n*0\r\n');
    expect(h.run('SCAN', 'abc')).toBe('-ERR invalid cursor\r\n');
    expect(h.run('SCAN', '0', 'COUNT', '0')).toBe('-ERR syntax error\r\n');
    expect(h.run('SCAN', '0', 'COUNT', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(h.run('SCAN', '0', 'MATCH')).toBe('-ERR syntax error\r\n');
    expect(h.run('SCAN', '0', 'FOO', 'bar')).toBe('-ERR syntax error\r\n');
  });
});

describe('WATCH and keyspace-wide writes', () => {
  it('FLUSHDB invalidates watchers of existing keys only, in that db only', () => {
    const h = harness();
    const w = h.other();
    h.run('SET', 'k', 'v');
    w.run('WATCH', 'k', 'nokey');
    h.run('SELECT', '1');
    h.run('FLUSHDB');
    expect(w.client.watchDirty).toBe(false);
    h.run('SELECT', '0');
    h.run('FLUSHDB');
    expect(w.client.watchDirty).toBe(true);
    const w2 = h.other();
    w2.run('WATCH', 'nokey');
    h.run('FLUSHALL');
    expect(w2.client.watchDirty).toBe(false);
  });

  it('a key already expired when watched is no change when flushed, unless SWAPDB brings one in', () => {
    const h = harness();
    h.run('SET', 'k', 'v', 'PX', '1');
    h.advance(2);
    const w = h.other();
    w.run('WATCH', 'k');
    h.run('FLUSHDB');
    expect(w.client.watchDirty).toBe(false);
    h.run('SET', 'k', 'v', 'PX', '1');
    h.run('SELECT', '1');
    h.run('SET', 'k', 'v');
    h.advance(2);
    const w2 = h.other();
    w2.run('WATCH', 'k');
    h.run('SWAPDB', '0', '1');
    expect(w2.client.watchDirty).toBe(true);
  });

  it('SWAPDB invalidates watchers of keys existing in either db', () => {
    const h = harness();
    const w = h.other();
    w.run('WATCH', 'a', 'none');
    h.run('SELECT', '5');
    h.run('SET', 'a', 'v');
    h.run('SWAPDB', '5', '6'); // 'a' is now in db 6
    expect(w.client.watchDirty).toBe(false);
    h.run('SWAPDB', '0', '5');
    expect(w.client.watchDirty).toBe(false);
    h.run('SWAPDB', '6', '0');
    expect(w.client.watchDirty).toBe(true);
  });
});
