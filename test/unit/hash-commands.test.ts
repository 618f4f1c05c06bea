/**
 * Hash commands in-process: exact RESP2 and RESP3 bytes through the real writer, encodings,
 * keyspace events and what gets propagated. Expected replies were checked against redis-server 7.0.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { harness as inProcess, type Harness as H } from '../helpers/in-process.ts';
import { arr, bulk, WRONGTYPE } from '../helpers/resp-text.ts';

// Keyspace events of writes (keymiss 'm' events of reads are not what these tests look at).
const harness = (seed = 1) => inProcess({ seed, eventClass: (type) => type !== 'm' });

let t: H;
beforeEach(() => {
  t = harness();
});

describe('HSET, HGET, HMGET, HMSET, HSETNX', () => {
  it('sets, counts only new fields, and reads back', () => {
    expect(t.run('HSET', 'h', 'a', '1', 'b', '2')).toBe(':2\r\n');
    expect(t.run('HSET', 'h', 'a', '10', 'c', '3')).toBe(':1\r\n');
    expect(t.run('HGET', 'h', 'a')).toBe(bulk('10'));
    expect(t.run('HGET', 'h', 'zz')).toBe('$-1\r\n');
    expect(t.run('HGET', 'nokey', 'a')).toBe('$-1\r\n');
    expect(t.run('HMGET', 'h', 'a', 'zz', 'c')).toBe('*3\r\n$2\r\n10\r\n$-1\r\n$1\r\n3\r\n');
    expect(t.run('HMGET', 'nokey', 'a', 'b')).toBe('*2\r\n$-1\r\n$-1\r\n');
    expect(t.run('HMSET', 'h', 'd', '4')).toBe('+OK\r\n');
    expect(t.run('HLEN', 'h')).toBe(':4\r\n');
    expect(t.run('HSETNX', 'h', 'a', 'x')).toBe(':0\r\n');
    expect(t.run('HSETNX', 'h', 'e', 'x')).toBe(':1\r\n');
    expect(t.run('HSETNX', 'new', 'f', 'v')).toBe(':1\r\n');
    expect(t.run('HGET', 'new', 'f')).toBe(bulk('v'));
  });

  it('names the command in its arity error', () => {
    expect(t.run('HSET', 'h', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hset' command\r\n");
    expect(t.run('hmset', 'h', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hmset' command\r\n");
    expect(t.run('HSET', 'h', 'a')).toBe("-ERR wrong number of arguments for 'hset' command\r\n");
    expect(t.entry('h')).toBeUndefined();
  });

  it('is binary safe', () => {
    const f = '\x00\xff\r\n';
    const v = 'v\x00\x80';
    expect(t.run('HSET', 'h', f, v)).toBe(':1\r\n');
    expect(t.run('HGET', 'h', f)).toBe(bulk(v));
    expect(t.run('HSTRLEN', 'h', f)).toBe(':3\r\n');
  });
});

describe('wrong types', () => {
  it('every hash command answers WRONGTYPE on a string key and changes nothing', () => {
    t.run('SET', 's', 'x');
    const cmds = [
      ['HSET', 's', 'a', '1'], ['HSETNX', 's', 'a', '1'], ['HGET', 's', 'a'], ['HMGET', 's', 'a'],
      ['HMSET', 's', 'a', '1'], ['HDEL', 's', 'a'], ['HLEN', 's'], ['HSTRLEN', 's', 'a'],
      ['HEXISTS', 's', 'a'], ['HKEYS', 's'], ['HVALS', 's'], ['HGETALL', 's'], ['HINCRBY', 's', 'a', '1'],
      ['HINCRBYFLOAT', 's', 'a', '1'], ['HRANDFIELD', 's'], ['HRANDFIELD', 's', '0'],
      ['HRANDFIELD', 's', '-5', 'WITHVALUES'], ['HSCAN', 's', '0'],
    ];
    for (const c of cmds) expect(t.run(...c), c.join(' ')).toBe(WRONGTYPE);
    expect(t.run('GET', 's')).toBe(bulk('x'));
  });

  it('argument errors come before the type check where Redis parses first', () => {
    t.run('SET', 's', 'x');
    expect(t.run('HINCRBY', 's', 'a', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('HINCRBYFLOAT', 's', 'a', 'x')).toBe('-ERR value is not a valid float\r\n');
    expect(t.run('HRANDFIELD', 's', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('HSCAN', 's', 'x')).toBe('-ERR invalid cursor\r\n');
    expect(t.run('HSCAN', 's', '0', 'COUNT', '0')).toBe(WRONGTYPE);
  });
});

describe('HDEL, HLEN, HSTRLEN, HEXISTS', () => {
  it('deletes fields and the key with its last field', () => {
    t.run('HSET', 'h', 'a', '1', 'b', '22', 'c', '3');
    expect(t.run('HSTRLEN', 'h', 'b')).toBe(':2\r\n');
    expect(t.run('HSTRLEN', 'h', 'zz')).toBe(':0\r\n');
    expect(t.run('HEXISTS', 'h', 'a')).toBe(':1\r\n');
    expect(t.run('HEXISTS', 'h', 'zz')).toBe(':0\r\n');
    expect(t.run('HEXISTS', 'nokey', 'a')).toBe(':0\r\n');
    expect(t.run('HDEL', 'h', 'a', 'a', 'zz')).toBe(':1\r\n');
    expect(t.run('HDEL', 'nokey', 'a')).toBe(':0\r\n');
    t.events.length = 0;
    t.props.length = 0;
    expect(t.run('HDEL', 'h', 'zz')).toBe(':0\r\n');
    expect(t.events).toEqual([]);
    expect(t.props).toEqual([]);
    expect(t.run('HDEL', 'h', 'b', 'c', 'd')).toBe(':2\r\n');
    expect(t.events).toEqual(['h hdel h', 'g del h']);
    expect(t.props).toEqual([['HDEL', 'h', 'b', 'c', 'd']]);
    expect(t.entry('h')).toBeUndefined();
    expect(t.run('HLEN', 'h')).toBe(':0\r\n');
  });
});

describe('HKEYS, HVALS, HGETALL', () => {
  it('answer in insertion order (a listpack), updates keep their place', () => {
    t.run('HSET', 'h', 'z', '1', 'a', '2', 'm', '3');
    t.run('HDEL', 'h', 'a');
    t.run('HSET', 'h', 'a', '5');
    t.run('HSET', 'h', 'z', '9');
    expect(t.run('HKEYS', 'h')).toBe(arr('z', 'm', 'a'));
    expect(t.run('HVALS', 'h')).toBe(arr('9', '3', '5'));
    expect(t.run('HGETALL', 'h')).toBe(arr('z', '9', 'm', '3', 'a', '5'));
    expect(t.run('HGETALL', 'nokey')).toBe('*0\r\n');
    expect(t.run('HKEYS', 'nokey')).toBe('*0\r\n');
  });

  it('HGETALL is a map in RESP3, HKEYS an array', () => {
    t.client.setResp(3);
    t.run('HSET', 'h', 'a', '1', 'b', '2');
    expect(t.run('HGETALL', 'h')).toBe('%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n');
    expect(t.run('HGETALL', 'nokey')).toBe('%0\r\n');
    expect(t.run('HKEYS', 'h')).toBe(arr('a', 'b'));
    expect(t.run('HGET', 'h', 'zz')).toBe('_\r\n');
    expect(t.run('HMGET', 'h', 'zz')).toBe('*1\r\n_\r\n');
  });
});

describe('HINCRBY', () => {
  it('adds exactly in 64 bits and refuses to overflow', () => {
    expect(t.run('HINCRBY', 'h', 'n', '5')).toBe(':5\r\n');
    expect(t.run('HINCRBY', 'h', 'n', '-7')).toBe(':-2\r\n');
    t.run('HSET', 'h', 'big', '9223372036854775806');
    expect(t.run('HINCRBY', 'h', 'big', '1')).toBe(':9223372036854775807\r\n');
    expect(t.run('HINCRBY', 'h', 'big', '1')).toBe('-ERR increment or decrement would overflow\r\n');
    t.run('HSET', 'h', 'small', '-9223372036854775808');
    expect(t.run('HINCRBY', 'h', 'small', '-1')).toBe('-ERR increment or decrement would overflow\r\n');
    expect(t.run('HINCRBY', 'h', 'small', '9223372036854775807')).toBe(':-1\r\n');
    expect(t.run('HGET', 'h', 'big')).toBe(bulk('9223372036854775807'));
  });

  it('refuses non-integer fields and increments', () => {
    t.run('HSET', 'h', 's', 'abc', 'sp', ' 1', 'z', '01', 'f', '1.5');
    for (const f of ['s', 'sp', 'z', 'f']) {
      expect(t.run('HINCRBY', 'h', f, '1')).toBe('-ERR hash value is not an integer\r\n');
    }
    expect(t.run('HINCRBY', 'h', 'n', '1.5')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('HINCRBY', 'h', 'n', '9223372036854775808')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('HEXISTS', 'h', 'n')).toBe(':0\r\n');
    expect(t.run('HINCRBY', 'nokey', 'n', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.entry('nokey')).toBeUndefined();
  });
});

describe('HINCRBYFLOAT', () => {
  it('adds in long double and prints like Redis', () => {
    expect(t.run('HINCRBYFLOAT', 'h', 'f', '10.5')).toBe(bulk('10.5'));
    expect(t.run('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe(bulk('10.6'));
    t.run('HSET', 'h', 'z', '9');
    expect(t.run('HINCRBYFLOAT', 'h', 'z', '0.1')).toBe(bulk('9.1'));
    expect(t.run('HINCRBYFLOAT', 'h', 'z', '0.2')).toBe(bulk('9.3'));
    expect(t.run('HINCRBYFLOAT', 'h', 'y', '10.5e-3')).toBe(bulk('0.0105'));
    t.run('HSET', 'h', 'big', '9223372036854775807', 'hex', '0x10');
    expect(t.run('HINCRBYFLOAT', 'h', 'big', '1')).toBe(bulk('9223372036854775808'));
    expect(t.run('HINCRBYFLOAT', 'h', 'hex', '1')).toBe(bulk('17'));
    expect(t.run('HINCRBYFLOAT', 'h', 'neg', '-1.5')).toBe(bulk('-1.5'));
    expect(t.run('HINCRBYFLOAT', 'h', 'neg', '1.5')).toBe(bulk('0'));
  });

  it('has Redis error texts, in Redis order', () => {
    t.run('HSET', 'h', 's', 'abc', 'i', 'inf', 'sp', ' 1');
    expect(t.run('HINCRBYFLOAT', 'h', 'a', 'inf')).toBe('-ERR value is NaN or Infinity\r\n');
    expect(t.run('HINCRBYFLOAT', 'h', 'a', 'nan')).toBe('-ERR value is not a valid float\r\n');
    expect(t.run('HINCRBYFLOAT', 'h', 'a', 'abc')).toBe('-ERR value is not a valid float\r\n');
    expect(t.run('HINCRBYFLOAT', 'h', 's', '1')).toBe('-ERR hash value is not a float\r\n');
    expect(t.run('HINCRBYFLOAT', 'h', 'sp', '1')).toBe('-ERR hash value is not a float\r\n');
    expect(t.run('HINCRBYFLOAT', 'h', 'i', '1')).toBe('-ERR increment would produce NaN or Infinity\r\n');
  });

  it('propagates as HSET with the result and fires hincrbyfloat', () => {
    t.run('HINCRBYFLOAT', 'h', 'f', '1.5');
    t.run('HINCRBY', 'h', 'n', '2');
    expect(t.props).toEqual([
      ['HSET', 'h', 'f', '1.5'],
      ['HINCRBY', 'h', 'n', '2'],
    ]);
    expect(t.events).toEqual(['h hincrbyfloat h', 'h hincrby h']);
  });
});

describe('encodings', () => {
  const enc = (key: string) => t.entry(key)!.value.encoding();

  it('a hash is a listpack up to 512 fields and 64-byte strings, then a hashtable for good', () => {
    // Redis 7.0's built-in defaults (its sample redis.conf lowers the entries to 128).
    expect(t.config.int('hash-max-listpack-entries')).toBe(512);
    expect(t.config.int('hash-max-listpack-value')).toBe(64);
    for (let i = 0; i < 512; i++) t.run('HSET', 'h', 'f' + i, 'v');
    expect(enc('h')).toBe('listpack');
    t.run('HSET', 'h', 'f512', 'v');
    expect(enc('h')).toBe('hashtable');
    for (let i = 0; i < 500; i++) t.run('HDEL', 'h', 'f' + i);
    expect(enc('h')).toBe('hashtable');
    t.config.set('hash-max-listpack-entries', '128');
    for (let i = 0; i < 128; i++) t.run('HSET', 'h2', 'f' + i, 'v');
    expect(enc('h2')).toBe('listpack');
    t.run('HSET', 'h2', 'f128', 'v');
    expect(enc('h2')).toBe('hashtable');
    t.run('HSET', 'v', 'a', 'x'.repeat(64));
    expect(enc('v')).toBe('listpack');
    t.run('HSET', 'v', 'a', 'x'.repeat(65));
    expect(enc('v')).toBe('hashtable');
  });

  it('long fields from HINCRBY / HINCRBYFLOAT convert too; HSETNX on an existing field does not', () => {
    t.run('HINCRBY', 'a', 'f'.repeat(70), '1');
    expect(enc('a')).toBe('hashtable');
    t.run('HSET', 'b', 'x', '1');
    t.run('HINCRBYFLOAT', 'b', 'f'.repeat(70), '1.5');
    expect(enc('b')).toBe('hashtable');
    t.run('HSET', 'c', 'x', '1');
    t.run('HSETNX', 'c', 'x', 'y'.repeat(100));
    expect(enc('c')).toBe('listpack');
  });

  it('follows the thresholds set at run time', () => {
    t.config.set('hash-max-listpack-entries', '2');
    t.run('HSET', 'h', 'a', '1', 'b', '2');
    expect(enc('h')).toBe('listpack');
    t.config.set('hash-max-listpack-entries', '1');
    t.run('HSET', 'h', 'a', '3');
    expect(enc('h')).toBe('hashtable');
    t.config.set('hash-max-listpack-entries', '0');
    t.run('HSETNX', 'z', 'a', '1');
    expect(enc('z')).toBe('hashtable');
  });
});

describe('HRANDFIELD', () => {
  beforeEach(() => {
    t.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
  });

  it('without count answers one field, or nil', () => {
    const r = t.run('HRANDFIELD', 'h');
    expect([bulk('a'), bulk('b'), bulk('c')]).toContain(r);
    expect(t.run('HRANDFIELD', 'nokey')).toBe('$-1\r\n');
    t.client.setResp(3);
    expect(t.run('HRANDFIELD', 'nokey')).toBe('_\r\n');
  });

  it('answers the whole hash in order when count covers it', () => {
    expect(t.run('HRANDFIELD', 'h', '5')).toBe(arr('a', 'b', 'c'));
    expect(t.run('HRANDFIELD', 'h', '3', 'WITHVALUES')).toBe(arr('a', '1', 'b', '2', 'c', '3'));
    t.client.setResp(3);
    expect(t.run('HRANDFIELD', 'h', '5', 'withvalues')).toBe(
      '*3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n',
    );
  });

  it('answers empty arrays for count 0 and missing keys', () => {
    expect(t.run('HRANDFIELD', 'h', '0')).toBe('*0\r\n');
    expect(t.run('HRANDFIELD', 'nokey', '3')).toBe('*0\r\n');
    expect(t.run('HRANDFIELD', 'nokey', '-3', 'WITHVALUES')).toBe('*0\r\n');
    t.client.setResp(3);
    expect(t.run('HRANDFIELD', 'nokey', '3')).toBe('*0\r\n');
  });

  it('distinct fields for a positive count, repeats allowed for a negative one', () => {
    const values: Record<string, string> = { a: '1', b: '2', c: '3' };
    for (let i = 0; i < 50; i++) {
      const two = parseFlat(t.run('HRANDFIELD', 'h', '2'));
      expect(two.length).toBe(2);
      expect(new Set(two).size).toBe(2);
      for (const f of two) expect(values[f]).toBeDefined();
    }
    const many = parseFlat(t.run('HRANDFIELD', 'h', '-30', 'WITHVALUES'));
    expect(many.length).toBe(60);
    for (let i = 0; i < 60; i += 2) expect(many[i + 1]).toBe(values[many[i]]);
    expect(new Set(many.filter((_, i) => i % 2 === 0)).size).toBe(3);
    t.client.setResp(3);
    const pairs = t.run('HRANDFIELD', 'h', '-2', 'WITHVALUES');
    expect(pairs).toMatch(/^\*2\r\n(\*2\r\n\$1\r\n[abc]\r\n\$1\r\n[123]\r\n){2}$/);
    expect(t.run('HRANDFIELD', 'h', '1', 'WITHVALUES')).toMatch(/^\*1\r\n\*2\r\n\$1\r\n[abc]\r\n\$1\r\n[123]\r\n$/);
  });

  it('has Redis range and syntax errors', () => {
    expect(t.run('HRANDFIELD', 'h', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(t.run('HRANDFIELD', 'h', '9223372036854775807', 'WITHVALUES')).toBe('-ERR value is out of range\r\n');
    expect(t.run('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES')).toBe('-ERR value is out of range\r\n');
    expect(t.run('HRANDFIELD', 'h', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('HRANDFIELD', 'h', '1', 'foo')).toBe('-ERR syntax error\r\n');
    expect(t.run('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x')).toBe('-ERR syntax error\r\n');
    expect(t.run('HRANDFIELD', 'nokey', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
  });
});

describe('HSCAN', () => {
  it('answers a listpack hash whole, in order, ignoring COUNT, applying MATCH', () => {
    t.run('HSET', 'h', 'b', '1', 'a', '2', 'ab', '3');
    expect(t.run('HSCAN', 'h', '0')).toBe(`*2\r\n${bulk('0')}${arr('b', '1', 'a', '2', 'ab', '3')}`);
    expect(t.run('HSCAN', 'h', '0', 'COUNT', '1')).toBe(`*2\r\n${bulk('0')}${arr('b', '1', 'a', '2', 'ab', '3')}`);
    expect(t.run('HSCAN', 'h', '0', 'MATCH', 'a*')).toBe(`*2\r\n${bulk('0')}${arr('a', '2', 'ab', '3')}`);
    expect(t.run('HSCAN', 'h', '18446744073709551615')).toBe(`*2\r\n${bulk('0')}${arr('b', '1', 'a', '2', 'ab', '3')}`);
  });

  it('walks a hashtable hash with a cursor until 0, seeing every field once', () => {
    for (let i = 0; i < 600; i++) t.run('HSET', 'h', 'f' + i, 'v' + i);
    expect(t.entry('h')!.value.encoding()).toBe('hashtable');
    const seen = new Map<string, string>();
    let cursor = '0';
    let steps = 0;
    do {
      const parts = parseScan(t.run('HSCAN', 'h', cursor, 'COUNT', '25'));
      cursor = parts.cursor;
      for (let i = 0; i < parts.items.length; i += 2) {
        expect(seen.has(parts.items[i])).toBe(false);
        seen.set(parts.items[i], parts.items[i + 1]);
      }
      steps++;
    } while (cursor !== '0');
    expect(steps).toBeGreaterThan(5);
    expect(seen.size).toBe(600);
    for (const [f, v] of seen) expect(v).toBe('v' + f.slice(1));
  });

  it('answers a missing key before looking at the options; checks options otherwise', () => {
    const empty = `*2\r\n${bulk('0')}*0\r\n`;
    expect(t.run('HSCAN', 'nokey', '0')).toBe(empty);
    expect(t.run('HSCAN', 'nokey', '0', 'COUNT', '0')).toBe(empty);
    expect(t.run('HSCAN', 'nokey', '0', 'TYPE', 'string')).toBe(empty);
    expect(t.run('HSCAN', 'nokey', 'abc')).toBe('-ERR invalid cursor\r\n');
    t.run('HSET', 'h', 'a', '1');
    expect(t.run('HSCAN', 'h', '0', 'COUNT', '0')).toBe('-ERR syntax error\r\n');
    expect(t.run('HSCAN', 'h', '0', 'COUNT', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('HSCAN', 'h', '0', 'TYPE', 'string')).toBe('-ERR syntax error\r\n');
    expect(t.run('HSCAN', 'h', '0', 'MATCH')).toBe('-ERR syntax error\r\n');
    expect(t.run('HSCAN', 'h', '18446744073709551616')).toBe('-ERR invalid cursor\r\n');
  });
});

describe('write path', () => {
  it('fires hset for HSET/HMSET/HSETNX even when no field is new, nothing for a failed HSETNX', () => {
    t.run('HSET', 'h', 'a', '1');
    t.run('HSET', 'h', 'a', '1');
    t.run('HMSET', 'h', 'a', '1');
    t.run('HSETNX', 'h', 'a', '1');
    t.run('HSETNX', 'h', 'b', '1');
    expect(t.events).toEqual(['h hset h', 'h hset h', 'h hset h', 'h hset h']);
    expect(t.props.map((p) => p[0])).toEqual(['HSET', 'HSET', 'HMSET', 'HSETNX']);
  });

  it('counts one change per field written, as Redis does', () => {
    const before = t.engine.dirty;
    t.run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(t.engine.dirty - before).toBe(3);
    t.run('HDEL', 'h', 'a', 'b', 'zz');
    expect(t.engine.dirty - before).toBe(5);
  });

  it('invalidates WATCH', () => {
    t.run('HSET', 'h', 'a', '1');
    t.run('WATCH', 'h');
    t.run('HSET', 'h', 'a', '2');
    t.run('MULTI');
    t.run('HGET', 'h', 'a');
    expect(t.run('EXEC')).toBe('*-1\r\n');
  });
});

function parseFlat(reply: string): string[] {
  const lines = reply.split('\r\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length - 1; i += 2) out.push(lines[i + 1]);
  return out;
}

function parseScan(reply: string): { cursor: string; items: string[] } {
  const lines = reply.split('\r\n');
  // *2, $n, cursor, *m, then $len/value pairs
  const cursor = lines[2];
  const items: string[] = [];
  for (let i = 4; i < lines.length - 1; i += 2) items.push(lines[i + 1]);
  return { cursor, items };
}
