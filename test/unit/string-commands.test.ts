/**
 * String commands in-process: exact RESP bytes through the real writer, keyspace events, TTLs, and
 * what gets propagated (Redis 7.0 rewrites SET EX/PX/EXAT as SET PXAT, GETEX as PEXPIREAT / PERSIST /
 * DEL, INCRBYFLOAT as SET KEEPTTL, GETSET as SET, GETDEL as DEL). Replies were checked against
 * redis-server 7.0.15; test/integration/string-diff.test.ts compares many of them live.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { harness, TEST_NOW as NOW, type Harness as H } from '../helpers/in-process.ts';
import { bulk, NIL, OK, WRONGTYPE } from '../helpers/resp-text.ts';

let t: H;
beforeEach(() => {
  t = harness();
});

describe('SET', () => {
  it('propagates EX/PX/EXAT as SET key value PXAT <ms>, dropping NX/XX/GET', () => {
    expect(t.run('SET', 'k', 'v', 'EX', '100')).toBe(OK);
    expect(t.props).toEqual([['SET', 'k', 'v', 'PXAT', String(NOW + 100_000)]]);
    expect(t.entry('k')!.expireAt).toBe(NOW + 100_000);
    t.reset();
    expect(t.run('SET', 'k', 'w', 'XX', 'GET', 'PX', '500')).toBe(bulk('v'));
    expect(t.props).toEqual([['SET', 'k', 'w', 'PXAT', String(NOW + 500)]]);
    t.reset();
    expect(t.run('SET', 'k', 'x', 'EXAT', '1800000000')).toBe(OK);
    expect(t.props).toEqual([['SET', 'k', 'x', 'PXAT', '1800000000000']]);
    t.reset();
    // PXAT is already absolute: propagated as sent.
    expect(t.run('SET', 'k', 'y', 'PXAT', '1800000000123', 'GET')).toBe(bulk('x'));
    expect(t.props).toEqual([['SET', 'k', 'y', 'PXAT', '1800000000123', 'GET']]);
    expect(t.events).toEqual(['$ set k', 'g expire k']);
  });

  it('propagates SET ... GET without its GET options', () => {
    t.run('SET', 'k', 'v');
    t.reset();
    expect(t.run('SET', 'k', 'w', 'get', 'KEEPTTL', 'GET')).toBe(bulk('v'));
    expect(t.props).toEqual([['SET', 'k', 'w', 'KEEPTTL']]);
  });

  it('with GET replies the old value even when NX stops the write', () => {
    t.run('SET', 'k', 'v');
    t.reset();
    expect(t.run('SET', 'k', 'v2', 'NX', 'GET')).toBe(bulk('v'));
    expect(t.run('GET', 'k')).toBe(bulk('v'));
    expect(t.run('SET', 'nk', 'v', 'XX', 'GET')).toBe(NIL);
    expect(t.entry('nk')).toBeUndefined();
    expect(t.props).toEqual([]);
  });

  it('accepts repeated options (the last EX wins) and rejects conflicting ones', () => {
    expect(t.run('SET', 'k', 'v', 'EX', '10', 'EX', '20')).toBe(OK);
    expect(t.entry('k')!.expireAt).toBe(NOW + 20_000);
    expect(t.run('SET', 'k', 'v', 'NX', 'NX')).toBe(NIL);
    expect(t.run('SET', 'k', 'v', 'GET', 'GET')).toBe(bulk('v'));
    for (const opts of [['NX', 'XX'], ['EX', '1', 'PX', '1'], ['KEEPTTL', 'EX', '1'], ['PX', '1', 'KEEPTTL'], ['PERSIST'], ['EX'], ['FOO']]) {
      expect(t.run('SET', 'k', 'v', ...opts), opts.join(' ')).toBe('-ERR syntax error\r\n');
    }
  });

  it('checks the expire time before the type of the key', () => {
    t.run('HSET', 'h', 'f', 'v');
    expect(t.run('SET', 'h', 'v', 'GET', 'EX', '0')).toBe("-ERR invalid expire time in 'set' command\r\n");
    expect(t.run('SET', 'h', 'v', 'GET', 'EX', '10')).toBe(WRONGTYPE);
    expect(t.run('SET', 'k', 'v', 'EX', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('SET', 'k', 'v', 'EX', '9223372036854775807')).toBe("-ERR invalid expire time in 'set' command\r\n");
  });

  it('KEEPTTL keeps the TTL, a plain SET clears it', () => {
    t.run('SET', 'k', 'v', 'EX', '100');
    t.run('SET', 'k', 'w', 'KEEPTTL');
    expect(t.entry('k')!.expireAt).toBe(NOW + 100_000);
    t.run('SET', 'k', 'x');
    expect(t.entry('k')!.expireAt).toBe(0);
  });

  it('SETEX / PSETEX propagate as SET PXAT; GETSET as SET; GETDEL as DEL', () => {
    expect(t.run('SETEX', 'a', '10', 'v')).toBe(OK);
    expect(t.run('PSETEX', 'b', '10', 'v')).toBe(OK);
    expect(t.run('SETEX', 'c', '0', 'v')).toBe("-ERR invalid expire time in 'setex' command\r\n");
    expect(t.run('GETSET', 'a', 'w')).toBe(bulk('v'));
    expect(t.entry('a')!.expireAt).toBe(0);
    expect(t.run('GETDEL', 'a')).toBe(bulk('w'));
    expect(t.run('GETDEL', 'a')).toBe(NIL);
    expect(t.props).toEqual([
      ['SET', 'a', 'v', 'PXAT', String(NOW + 10_000)],
      ['SET', 'b', 'v', 'PXAT', String(NOW + 10)],
      ['SET', 'a', 'w'],
      ['DEL', 'a'],
    ]);
    expect(t.events).toContain('g del a');
  });
});

describe('GETEX', () => {
  beforeEach(() => {
    t.run('SET', 'k', 'v');
    t.reset();
  });

  it('sets a TTL and propagates PEXPIREAT with the absolute time', () => {
    expect(t.run('GETEX', 'k', 'EX', '10')).toBe(bulk('v'));
    expect(t.entry('k')!.expireAt).toBe(NOW + 10_000);
    expect(t.run('GETEX', 'k', 'PXAT', '1800000000000')).toBe(bulk('v'));
    expect(t.run('GETEX', 'k', 'EXAT', '1800000001')).toBe(bulk('v'));
    expect(t.props).toEqual([
      ['PEXPIREAT', 'k', String(NOW + 10_000)],
      ['PEXPIREAT', 'k', '1800000000000'],
      ['PEXPIREAT', 'k', '1800000001000'],
    ]);
    expect(t.events).toEqual(['g expire k', 'g expire k', 'g expire k']);
  });

  it('PERSIST removes a TTL (propagated as PERSIST) and does nothing without one', () => {
    expect(t.run('GETEX', 'k', 'PERSIST')).toBe(bulk('v'));
    expect(t.props).toEqual([]);
    expect(t.events).toEqual([]);
    t.run('GETEX', 'k', 'EX', '10');
    t.reset();
    expect(t.run('GETEX', 'k', 'PERSIST')).toBe(bulk('v'));
    expect(t.entry('k')!.expireAt).toBe(0);
    expect(t.props).toEqual([['PERSIST', 'k']]);
    expect(t.events).toEqual(['g persist k']);
  });

  it('an absolute time in the past deletes the key (propagated as DEL) after replying its value', () => {
    expect(t.run('GETEX', 'k', 'PXAT', '1')).toBe(bulk('v'));
    expect(t.entry('k')).toBeUndefined();
    expect(t.props).toEqual([['DEL', 'k']]);
    expect(t.events).toEqual(['g del k']);
  });

  it('without options only reads; a missing key is nil even with a bad EX', () => {
    expect(t.run('GETEX', 'k')).toBe(bulk('v'));
    expect(t.run('GETEX', 'nokey', 'EX', 'abc')).toBe(NIL);
    expect(t.run('GETEX', 'k', 'EX', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('GETEX', 'k', 'EX', '0')).toBe("-ERR invalid expire time in 'getex' command\r\n");
    expect(t.props).toEqual([]);
  });

  it('takes PERSIST and EX.. but not SET-only options, nor conflicting ones', () => {
    for (const opts of [['KEEPTTL'], ['NX'], ['GET'], ['PERSIST', 'EX', '1'], ['EX', '1', 'PERSIST'], ['EX'], ['EX', '1', 'PX', '1']]) {
      expect(t.run('GETEX', 'k', ...opts), opts.join(' ')).toBe('-ERR syntax error\r\n');
    }
    expect(t.run('GETEX', 'k', 'PERSIST', 'PERSIST')).toBe(bulk('v'));
    expect(t.run('GETEX', 'k', 'EX', '10', 'EX', '20')).toBe(bulk('v'));
    expect(t.entry('k')!.expireAt).toBe(NOW + 20_000);
  });
});

describe('INCR family', () => {
  it('counts on plain numbers and switches to exact int64 beyond 2^53', () => {
    expect(t.run('INCR', 'n')).toBe(':1\r\n');
    expect(t.run('INCRBY', 'n', '41')).toBe(':42\r\n');
    expect(t.run('DECRBY', 'n', '50')).toBe(':-8\r\n');
    expect(t.run('DECR', 'n')).toBe(':-9\r\n');
    t.run('SET', 'n', '9007199254740991');
    expect(t.run('INCR', 'n')).toBe(':9007199254740992\r\n');
    expect(t.run('INCR', 'n')).toBe(':9007199254740993\r\n');
    expect(t.run('GET', 'n')).toBe(bulk('9007199254740993'));
    t.run('SET', 'n', '999999999999999');
    expect(t.run('INCRBY', 'n', '999999999999999')).toBe(':1999999999999998\r\n');
    t.run('SET', 'n', '9223372036854775806');
    expect(t.run('INCR', 'n')).toBe(':9223372036854775807\r\n');
    expect(t.run('INCR', 'n')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(t.run('DECRBY', 'n', '-9223372036854775808')).toBe('-ERR decrement would overflow\r\n');
    t.run('SET', 'n', '-9223372036854775807');
    expect(t.run('DECR', 'n')).toBe(':-9223372036854775808\r\n');
    expect(t.run('DECR', 'n')).toBe('-ERR increment or decrement would overflow\r\n');
  });

  it('rejects values and increments that are not int64 in canonical form', () => {
    for (const v of ['', ' 1', '1 ', '01', '-0', '+1', '1.0', 'abc', '9223372036854775808', '99999999999999999999']) {
      t.run('SET', 'n', v);
      expect(t.run('INCR', 'n'), JSON.stringify(v)).toBe('-ERR value is not an integer or out of range\r\n');
      expect(t.run('INCRBY', 'm', v), JSON.stringify(v)).toBe('-ERR value is not an integer or out of range\r\n');
    }
    t.run('HSET', 'h', 'f', 'v');
    expect(t.run('INCR', 'h')).toBe(WRONGTYPE);
  });

  it('keeps the TTL and fires incrby', () => {
    t.run('SET', 'n', '5', 'EX', '100');
    t.reset();
    expect(t.run('INCRBY', 'n', '5')).toBe(':10\r\n');
    expect(t.entry('n')!.expireAt).toBe(NOW + 100_000);
    expect(t.events).toEqual(['$ incrby n']);
    expect(t.props).toEqual([['INCRBY', 'n', '5']]);
  });
});

describe('INCRBYFLOAT', () => {
  it('replies and stores the long double result, propagated as SET KEEPTTL', () => {
    t.run('SET', 'f', '10.5', 'EX', '100');
    t.reset();
    expect(t.run('INCRBYFLOAT', 'f', '0.1')).toBe(bulk('10.6'));
    expect(t.run('GET', 'f')).toBe(bulk('10.6'));
    expect(t.entry('f')!.expireAt).toBe(NOW + 100_000);
    expect(t.props).toEqual([['SET', 'f', '10.6', 'KEEPTTL']]);
    expect(t.events).toEqual(['$ incrbyfloat f']);
    expect(t.run('INCRBYFLOAT', 'g', '3.0e3')).toBe(bulk('3000'));
  });

  it('fails without changing anything', () => {
    t.run('SET', 'f', 'abc');
    t.reset();
    expect(t.run('INCRBYFLOAT', 'f', '1')).toBe('-ERR value is not a valid float\r\n');
    expect(t.run('INCRBYFLOAT', 'g', 'x')).toBe('-ERR value is not a valid float\r\n');
    expect(t.run('INCRBYFLOAT', 'g', 'inf')).toBe('-ERR increment would produce NaN or Infinity\r\n');
    expect(t.entry('g')).toBeUndefined();
    expect(t.props).toEqual([]);
  });
});

describe('GETRANGE, SETRANGE, APPEND', () => {
  it('GETRANGE with Redis 7.0 index rules', () => {
    t.run('SET', 's', 'hello');
    const cases: [string, string, string][] = [
      ['0', '-1', 'hello'],
      ['0', '-100', 'h'],
      ['-1', '-5', ''],
      ['-3', '-1', 'llo'],
      ['10', '20', ''],
      ['2', '1', ''],
      ['0', '9223372036854775807', 'hello'],
      ['-9223372036854775807', '-9223372036854775808', ''],
      ['-9223372036854775808', '-9223372036854775807', 'h'],
    ];
    for (const [a, b, want] of cases) expect(t.run('GETRANGE', 's', a, b), `${a} ${b}`).toBe(bulk(want));
    expect(t.run('SUBSTR', 's', '1', '2')).toBe(bulk('el'));
    expect(t.run('GETRANGE', 'nokey', '0', '1')).toBe(bulk(''));
    expect(t.run('GETRANGE', 's', '0', '9223372036854775808')).toBe('-ERR value is not an integer or out of range\r\n');
  });

  it('SETRANGE pads with zero bytes and checks offsets and sizes', () => {
    expect(t.run('SETRANGE', 'n', '3', 'ab')).toBe(':5\r\n');
    expect(t.run('GET', 'n')).toBe(bulk('\0\0\0ab'));
    expect(t.run('SETRANGE', 'n', '1', 'X')).toBe(':5\r\n');
    expect(t.run('SETRANGE', 'n', '7', 'YZ')).toBe(':9\r\n');
    expect(t.run('GET', 'n')).toBe(bulk('\0X\0ab\0\0YZ'));
    expect(t.run('SETRANGE', 'n', '-1', 'x')).toBe('-ERR offset is out of range\r\n');
    expect(t.run('SETRANGE', 'e', '5', '')).toBe(':0\r\n');
    expect(t.entry('e')).toBeUndefined();
    expect(t.run('SETRANGE', 'n', '5', '')).toBe(':9\r\n');
    expect(t.run('SETRANGE', 'n', '536870912', 'x')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
    // Beyond what Redis allows by default and what a JS string can hold: same error, nothing created.
    expect(t.run('SETRANGE', 'big', '536870900', 'x')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
    expect(t.events.filter((e) => e.startsWith('$ setrange'))).toEqual(['$ setrange n', '$ setrange n', '$ setrange n']);
  });

  it('APPEND creates and extends, and respects proto-max-bulk-len', () => {
    expect(t.run('APPEND', 'a', 'x')).toBe(':1\r\n');
    expect(t.run('APPEND', 'a', 'yz')).toBe(':3\r\n');
    t.run('CONFIG', 'SET', 'proto-max-bulk-len', '1048576');
    t.run('SET', 'b', 'x'.repeat(1048576));
    expect(t.run('APPEND', 'b', 'y')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
    expect(t.run('APPEND', 'b', '')).toBe(':1048576\r\n');
  });
});

describe('LCS', () => {
  beforeEach(() => {
    t.run('MSET', 'a', 'ohmytext', 'b', 'mynewtext');
  });

  it('string, LEN, IDX with MINMATCHLEN and WITHMATCHLEN (RESP2)', () => {
    expect(t.run('LCS', 'a', 'b')).toBe(bulk('mytext'));
    expect(t.run('LCS', 'a', 'b', 'LEN')).toBe(':6\r\n');
    expect(t.run('LCS', 'a', 'b', 'IDX')).toBe('*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n');
    expect(t.run('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toBe('*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n');
    expect(t.run('LCS', 'a', 'nokey', 'IDX')).toBe('*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n');
  });

  it('RESP3 replies a map', () => {
    t.client.resp = 3;
    t.writer.proto = 3;
    expect(t.run('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '2', 'WITHMATCHLEN')).toBe(
      '%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n',
    );
  });

  it('errors in Redis order', () => {
    t.run('HSET', 'h', 'f', 'v');
    expect(t.run('LCS', 'a', 'h', 'MINMATCHLEN', 'x')).toBe('-ERR The specified keys must contain string values\r\n');
    expect(t.run('LCS', 'a', 'b', 'MINMATCHLEN', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('LCS', 'a', 'b', 'MINMATCHLEN')).toBe('-ERR syntax error\r\n');
    expect(t.run('LCS', 'a', 'b', 'LEN', 'IDX')).toBe('-ERR If you want both the length and indexes, please just use IDX.\r\n');
    t.run('CONFIG', 'SET', 'proto-max-bulk-len', '1048576');
    t.run('MSET', 'x1', 'a'.repeat(600), 'x2', 'b'.repeat(600));
    expect(t.run('LCS', 'x1', 'x2')).toBe('-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n');
    expect(t.props.filter((p) => p[0] === 'LCS')).toEqual([]);
  });
});

describe('MGET / MSET / MSETNX / STRLEN', () => {
  it('MGET answers nil for missing keys and other types, counting hits and misses', () => {
    t.run('MSET', 'a', '1', 'b', '2');
    t.run('HSET', 'h', 'f', 'v');
    const hits = t.engine.stats.keyspaceHits;
    const misses = t.engine.stats.keyspaceMisses;
    expect(t.run('MGET', 'a', 'nokey', 'h', 'b')).toBe('*4\r\n$1\r\n1\r\n$-1\r\n$-1\r\n$1\r\n2\r\n');
    expect(t.engine.stats.keyspaceHits - hits).toBe(3);
    expect(t.engine.stats.keyspaceMisses - misses).toBe(1);
  });

  it('MSET arity and MSETNX all-or-nothing', () => {
    expect(t.run('MSET', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'mset' command\r\n");
    expect(t.run('MSETNX', 'a', '1', 'b', '2')).toBe(':1\r\n');
    expect(t.run('MSETNX', 'b', '3', 'c', '4')).toBe(':0\r\n');
    expect(t.entry('c')).toBeUndefined();
    expect(t.run('STRLEN', 'a')).toBe(':1\r\n');
    expect(t.run('STRLEN', 'nokey')).toBe(':0\r\n');
  });
});
