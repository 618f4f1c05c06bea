/**
 * Set commands in-process: exact RESP2 and RESP3 bytes through the real writer, encodings of stored
 * results, keyspace events and propagation. Expected replies were checked against redis-server 7.0.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { harness as inProcess, type Harness as H } from '../helpers/in-process.ts';
import { arr, bulk, set3, WRONGTYPE } from '../helpers/resp-text.ts';

// Keyspace events of writes (keymiss 'm' events of reads are not what these tests look at).
const harness = (seed = 1) => inProcess({ seed, eventClass: (type) => type !== 'm' });

/** Members of a flat RESP array / set reply of bulk strings. */
function items(reply: string): string[] {
  const lines = reply.split('\r\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length - 1; i += 2) out.push(lines[i + 1]);
  return out;
}

let t: H;
beforeEach(() => {
  t = harness();
});
const enc = (key: string) => t.entry(key)!.value.encoding();

describe('SADD, SREM, SCARD, SISMEMBER, SMISMEMBER', () => {
  it('adds and removes, counting only changes', () => {
    expect(t.run('SADD', 's', 'a', 'b', 'a')).toBe(':2\r\n');
    expect(t.run('SADD', 's', 'a')).toBe(':0\r\n');
    expect(t.run('SCARD', 's')).toBe(':2\r\n');
    expect(t.run('SCARD', 'nokey')).toBe(':0\r\n');
    expect(t.run('SISMEMBER', 's', 'a')).toBe(':1\r\n');
    expect(t.run('SISMEMBER', 's', 'z')).toBe(':0\r\n');
    expect(t.run('SISMEMBER', 'nokey', 'z')).toBe(':0\r\n');
    expect(t.run('SMISMEMBER', 's', 'a', 'z', 'b')).toBe('*3\r\n:1\r\n:0\r\n:1\r\n');
    expect(t.run('SMISMEMBER', 'nokey', 'a')).toBe('*1\r\n:0\r\n');
    expect(t.run('SREM', 's', 'a', 'z')).toBe(':1\r\n');
    expect(t.run('SREM', 'nokey', 'a')).toBe(':0\r\n');
    expect(t.run('SMISMEMBER', 's')).toBe("-ERR wrong number of arguments for 'smismember' command\r\n");
    expect(t.run('SADD', 's')).toBe("-ERR wrong number of arguments for 'sadd' command\r\n");
  });

  it('events and propagation only when something changed; del when emptied', () => {
    t.run('SADD', 's', 'a', 'b');
    t.run('SADD', 's', 'a');
    t.run('SREM', 's', 'zz');
    t.run('SREM', 's', 'a', 'b');
    expect(t.events).toEqual(['s sadd s', 's srem s', 'g del s']);
    expect(t.props).toEqual([
      ['SADD', 's', 'a', 'b'],
      ['SREM', 's', 'a', 'b'],
    ]);
    expect(t.entry('s')).toBeUndefined();
  });

  it('every set command answers WRONGTYPE on a string key', () => {
    t.run('SET', 'str', 'x');
    t.run('SADD', 's', '1');
    const cmds = [
      ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SMEMBERS', 'str'], ['SISMEMBER', 'str', 'a'],
      ['SMISMEMBER', 'str', 'a'], ['SCARD', 'str'], ['SPOP', 'str'], ['SPOP', 'str', '0'],
      ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '0'], ['SINTER', 'nokey', 'str'],
      ['SINTERCARD', '2', 'nokey', 'str'], ['SUNION', 'nokey', 'str'], ['SDIFF', 'nokey', 'str'],
      ['SDIFF', 's', 'str'], ['SINTERSTORE', 'd', 'nokey', 'str'], ['SUNIONSTORE', 'd', 's', 'str'],
      ['SDIFFSTORE', 'd', 's', 'str'], ['SMOVE', 's', 'str', '1'], ['SMOVE', 'str', 's', '1'], ['SSCAN', 'str', '0'],
    ];
    for (const c of cmds) expect(t.run(...c), c.join(' ')).toBe(WRONGTYPE);
    expect(t.entry('d')).toBeUndefined();
    expect(t.run('SMEMBERS', 's')).toBe(arr('1'));
  });
});

describe('SMEMBERS', () => {
  it('an intset answers in ascending order; RESP3 answers a set', () => {
    t.run('SADD', 's', '3', '-10', '1', '2', '100');
    expect(t.run('SMEMBERS', 's')).toBe(arr('-10', '1', '2', '3', '100'));
    expect(t.run('SMEMBERS', 'nokey')).toBe('*0\r\n');
    t.client.setResp(3);
    expect(t.run('SMEMBERS', 's')).toBe(set3('-10', '1', '2', '3', '100'));
    expect(t.run('SMEMBERS', 'nokey')).toBe('~0\r\n');
  });

  it('a hashtable answers every member once', () => {
    t.run('SADD', 's', 'b', '1', 'a', '\x00\xff');
    expect(items(t.run('SMEMBERS', 's')).sort()).toEqual(['\x00\xff', '1', 'a', 'b'].sort());
  });
});

describe('encodings', () => {
  it('intset while canonical integers up to set-max-intset-entries, then hashtable for good', () => {
    t.run('SADD', 'a', '1', '2', 'x');
    expect(enc('a')).toBe('hashtable');
    t.run('SREM', 'a', 'x');
    expect(enc('a')).toBe('hashtable');
    t.run('SADD', 'n', '9223372036854775807', '-9223372036854775808');
    expect(enc('n')).toBe('intset');
    t.run('SADD', 'n2', '9223372036854775808');
    expect(enc('n2')).toBe('hashtable');
    t.run('SADD', 'n3', '-0');
    expect(enc('n3')).toBe('hashtable');
    const many = Array.from({ length: 512 }, (_, i) => String(i));
    t.run('SADD', 'big', ...many);
    expect(enc('big')).toBe('intset');
    t.run('SADD', 'big', '512');
    expect(enc('big')).toBe('hashtable');
    t.config.set('set-max-intset-entries', '3');
    t.run('SADD', 'i', '1', '2', '3');
    expect(enc('i')).toBe('intset');
    t.run('SADD', 'i', '4');
    expect(enc('i')).toBe('hashtable');
  });

  it('stored results get the encoding Redis gives them', () => {
    t.run('SADD', 'b', '3', '1', '2', 'x');
    t.run('SADD', 'big', 'x', 'y', 'z', 'w', 'v');
    // SDIFF algorithm 1 walks b and adds only what survives.
    expect(t.run('SDIFFSTORE', 'd', 'b', 'x')).toBe(':4\r\n');
    expect(enc('d')).toBe('hashtable');
    expect(t.run('SDIFFSTORE', 'd2', 'b', 'big')).toBe(':3\r\n');
    expect(enc('d2')).toBe('intset');
    expect(t.run('SDIFF', 'b', 'big')).toBe(arr('1', '2', '3'));
    // SDIFF algorithm 2 copies the first set then removes: the copy already became a hashtable.
    t.run('SADD', 'b6', '1', '2', '3', '4', '5', 'x');
    t.run('SADD', 'c1', 'x');
    t.run('SADD', 'c2', 'y');
    expect(t.run('SDIFFSTORE', 'd3', 'b6', 'c1', 'c2')).toBe(':5\r\n');
    expect(enc('d3')).toBe('hashtable');
    t.run('SADD', 'i1', '5', '3', '1');
    t.run('SADD', 'h1', 'a', '1', '3', 'b', 'c', 'd', 'e', 'f', 'g');
    expect(t.run('SINTERSTORE', 'd4', 'h1', 'i1')).toBe(':2\r\n');
    expect(enc('d4')).toBe('intset');
    expect(t.run('SINTER', 'h1', 'i1')).toBe(arr('1', '3'));
    t.run('SADD', 'a', '2', '1', 'x');
    t.run('SREM', 'a', 'x');
    expect(t.run('SUNIONSTORE', 'd5', 'i1', 'a')).toBe(':4\r\n');
    expect(enc('d5')).toBe('intset');
    expect(t.run('SUNION', 'i1', 'a')).toBe(arr('1', '2', '3', '5'));
  });

  it('SMOVE creates the destination by its member', () => {
    t.run('SADD', 'h1', 'a', '1');
    t.run('SMOVE', 'h1', 'nd', '1');
    expect(enc('nd')).toBe('intset');
    t.run('SMOVE', 'h1', 'nd2', 'a');
    expect(enc('nd2')).toBe('hashtable');
    expect(t.entry('h1')).toBeUndefined();
  });
});

describe('SPOP', () => {
  it('pops one member, propagated as SREM; the key goes with its last member', () => {
    t.run('SADD', 's', 'only');
    t.events.length = 0;
    t.props.length = 0;
    expect(t.run('SPOP', 's')).toBe(bulk('only'));
    expect(t.events).toEqual(['s spop s', 'g del s']);
    expect(t.props).toEqual([['SREM', 's', 'only']]);
    expect(t.entry('s')).toBeUndefined();
    expect(t.run('SPOP', 's')).toBe('$-1\r\n');
    t.client.setResp(3);
    expect(t.run('SPOP', 's')).toBe('_\r\n');
  });

  it('with a count covering the set answers it whole and propagates DEL', () => {
    t.run('SADD', 's', '3', '1', '2');
    t.events.length = 0;
    t.props.length = 0;
    expect(t.run('SPOP', 's', '5')).toBe(arr('1', '2', '3'));
    expect(t.events).toEqual(['s spop s', 'g del s']);
    expect(t.props).toEqual([['DEL', 's']]);
    expect(t.entry('s')).toBeUndefined();
  });

  it('with a small count pops random members, propagated as SREMs in MULTI/EXEC', () => {
    const members = Array.from({ length: 20 }, (_, i) => 'm' + i);
    t.run('SADD', 's', ...members);
    t.props.length = 0;
    t.events.length = 0;
    const popped = items(t.run('SPOP', 's', '3'));
    expect(popped.length).toBe(3);
    expect(new Set(popped).size).toBe(3);
    for (const m of popped) expect(t.run('SISMEMBER', 's', m)).toBe(':0\r\n');
    expect(t.run('SCARD', 's')).toBe(':17\r\n');
    expect(t.props).toEqual([['MULTI'], ...popped.map((m) => ['SREM', 's', m]), ['EXEC']]);
    expect(t.events).toEqual(['s spop s']);
  });

  it('with a count close to the size keeps a rebuilt remainder (integers become an intset again)', () => {
    const members = ['a', 'b', 'c', 'd', ...Array.from({ length: 20 }, (_, i) => String(i + 1))];
    t.run('SADD', 's', ...members);
    expect(enc('s')).toBe('hashtable');
    // Try seeds until the 3 kept members are all integers (as happens in Redis most of the time).
    let found = false;
    for (let seed = 1; seed < 50 && !found; seed++) {
      t = harness(seed);
      t.run('SADD', 's', ...members);
      t.props.length = 0;
      const popped = items(t.run('SPOP', 's', '21'));
      expect(popped.length).toBe(21);
      const kept = members.filter((m) => !popped.includes(m));
      expect(kept.length).toBe(3);
      expect(items(t.run('SMEMBERS', 's')).sort()).toEqual(kept.sort());
      expect(t.props.length).toBe(23);
      if (kept.every((m) => /^[0-9]+$/.test(m))) {
        expect(enc('s')).toBe('intset');
        found = true;
      } else expect(enc('s')).toBe('hashtable');
    }
    expect(found).toBe(true);
  });

  it('answers popped intset members in ascending order when most of the set goes', () => {
    t.run('SADD', 'i', '5', '4', '3', '2', '1', '0', '-1');
    const popped = items(t.run('SPOP', 'i', '6'));
    const sorted = [...popped].sort((a, b) => Number(a) - Number(b));
    expect(popped).toEqual(sorted);
  });

  it('count 0, missing keys and bad counts', () => {
    t.run('SADD', 's', 'a');
    expect(t.run('SPOP', 's', '0')).toBe('*0\r\n');
    expect(t.run('SPOP', 'nokey', '2')).toBe('*0\r\n');
    expect(t.run('SPOP', 's', '-1')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(t.run('SPOP', 's', 'abc')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(t.run('SPOP', 'nokey', '-1')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(t.run('SPOP', 's', '1', '2')).toBe('-ERR syntax error\r\n');
    t.client.setResp(3);
    expect(t.run('SPOP', 's', '0')).toBe('~0\r\n');
    expect(t.run('SPOP', 'nokey', '2')).toBe('~0\r\n');
    expect(t.run('SPOP', 's', '1')).toBe(set3('a'));
  });
});

describe('SRANDMEMBER', () => {
  it('answers the whole set for a large count, an array even in RESP3', () => {
    t.run('SADD', 's', '3', '1', '2');
    expect(t.run('SRANDMEMBER', 's', '5')).toBe(arr('1', '2', '3'));
    expect(t.run('SRANDMEMBER', 'nokey', '5')).toBe('*0\r\n');
    expect(t.run('SRANDMEMBER', 's', '0')).toBe('*0\r\n');
    expect(t.run('SRANDMEMBER', 'nokey')).toBe('$-1\r\n');
    t.client.setResp(3);
    expect(t.run('SRANDMEMBER', 's', '5')).toBe(arr('1', '2', '3'));
    expect(t.run('SRANDMEMBER', 'nokey')).toBe('_\r\n');
  });

  it('distinct members for positive counts, repeats for negative ones', () => {
    const members = Array.from({ length: 10 }, (_, i) => 'e' + i);
    t.run('SADD', 's', ...members);
    for (const count of [1, 2, 3, 4, 9]) {
      const got = items(t.run('SRANDMEMBER', 's', String(count)));
      expect(got.length).toBe(count);
      expect(new Set(got).size).toBe(count);
      for (const m of got) expect(members).toContain(m);
    }
    const many = items(t.run('SRANDMEMBER', 's', '-100'));
    expect(many.length).toBe(100);
    expect(new Set(many).size).toBe(10);
    const one = t.run('SRANDMEMBER', 's');
    expect(members.map(bulk)).toContain(one);
    expect(t.props).toEqual([['SADD', 's', ...members]]);
  });

  it('has Redis errors', () => {
    t.run('SADD', 's', 'a');
    expect(t.run('SRANDMEMBER', 's', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    );
    expect(t.run('SRANDMEMBER', 's', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('SRANDMEMBER', 'nokey', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(t.run('SRANDMEMBER', 's', '1', '2')).toBe('-ERR syntax error\r\n');
  });
});

describe('SINTER, SINTERCARD, SUNION, SDIFF', () => {
  beforeEach(() => {
    t.run('SADD', 'a', '1', '2', '3', '4');
    t.run('SADD', 'b', '2', '3', '5');
    t.run('SADD', 'c', 'x', '3', '2');
  });

  it('compute like Redis', () => {
    expect(t.run('SINTER', 'a', 'b')).toBe(arr('2', '3'));
    expect(items(t.run('SINTER', 'a', 'b', 'c')).sort()).toEqual(['2', '3']);
    expect(t.run('SINTER', 'a', 'nokey')).toBe('*0\r\n');
    expect(t.run('SINTER', 'a', 'a')).toBe(arr('1', '2', '3', '4'));
    expect(t.run('SUNION', 'a', 'b', 'nokey')).toBe(arr('1', '2', '3', '4', '5'));
    expect(t.run('SDIFF', 'a', 'b')).toBe(arr('1', '4'));
    expect(t.run('SDIFF', 'a', 'a')).toBe('*0\r\n');
    expect(t.run('SDIFF', 'nokey', 'a')).toBe('*0\r\n');
    expect(t.run('SDIFF', 'a', 'nokey')).toBe(arr('1', '2', '3', '4'));
    expect(items(t.run('SUNION', 'a', 'c')).sort()).toEqual(['1', '2', '3', '4', 'x']);
    t.client.setResp(3);
    expect(t.run('SINTER', 'a', 'b')).toBe(set3('2', '3'));
    expect(t.run('SINTER', 'a', 'nokey')).toBe('~0\r\n');
    expect(t.run('SUNION', 'nokey')).toBe('~0\r\n');
    expect(t.run('SDIFF', 'a', 'b')).toBe(set3('1', '4'));
  });

  it('SINTERCARD counts, stops at LIMIT, and has Redis errors', () => {
    expect(t.run('SINTERCARD', '2', 'a', 'b')).toBe(':2\r\n');
    expect(t.run('SINTERCARD', '1', 'a', 'LIMIT', '3')).toBe(':3\r\n');
    expect(t.run('SINTERCARD', '1', 'a', 'limit', '0')).toBe(':4\r\n');
    expect(t.run('SINTERCARD', '1', 'a', 'LIMIT', '2', 'LIMIT', '9')).toBe(':4\r\n');
    expect(t.run('SINTERCARD', '2', 'a', 'nokey')).toBe(':0\r\n');
    expect(t.run('SINTERCARD', '0', 'a')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(t.run('SINTERCARD', 'abc', 'a')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(t.run('SINTERCARD', '-1', 'a')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(t.run('SINTERCARD', '9223372036854775808', 'a')).toBe('-ERR numkeys should be greater than 0\r\n');
    expect(t.run('SINTERCARD', '2', 'a')).toBe("-ERR Number of keys can't be greater than number of args\r\n");
    expect(t.run('SINTERCARD', '1', 'a', 'LIMIT', '-1')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(t.run('SINTERCARD', '1', 'a', 'LIMIT', 'x')).toBe("-ERR LIMIT can't be negative\r\n");
    expect(t.run('SINTERCARD', '1', 'a', 'LIMIT')).toBe('-ERR syntax error\r\n');
    expect(t.run('SINTERCARD', '1', 'a', 'foo')).toBe('-ERR syntax error\r\n');
    expect(t.run('SINTERCARD', '1')).toBe("-ERR wrong number of arguments for 'sintercard' command\r\n");
  });

  it('SINTERCARD finds its keys by numkeys (COMMAND GETKEYS), as Redis does', () => {
    expect(t.run('COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(arr('a', 'b'));
    expect(t.run('COMMAND', 'GETKEYS', 'SINTERCARD', '0', 'a')).toBe('-ERR Invalid arguments specified for command\r\n');
    expect(t.run('COMMAND', 'GETKEYS', 'SINTERCARD', '3', 'a', 'b')).toBe('-ERR Invalid arguments specified for command\r\n');
  });
});

describe('SINTERSTORE, SUNIONSTORE, SDIFFSTORE', () => {
  beforeEach(() => {
    t.run('SADD', 'a', '1', '2', '3');
    t.run('SADD', 'b', '2', '3', '4');
  });

  it('overwrite the destination whatever it held, dropping its TTL', () => {
    t.run('SET', 'd', 'string');
    t.engine.keyspace.dbs[0].setExpire('d', t.entry('d')!, 1_700_000_100_000);
    t.events.length = 0;
    expect(t.run('SUNIONSTORE', 'd', 'a', 'b')).toBe(':4\r\n');
    expect(t.entry('d')!.expireAt).toBe(0);
    expect(t.run('SMEMBERS', 'd')).toBe(arr('1', '2', '3', '4'));
    expect(t.run('SINTERSTORE', 'd', 'a', 'b')).toBe(':2\r\n');
    expect(t.run('SDIFFSTORE', 'd', 'a', 'b')).toBe(':1\r\n');
    expect(t.run('SMEMBERS', 'd')).toBe(arr('1'));
    expect(t.events).toEqual(['s sunionstore d', 's sinterstore d', 's sdiffstore d']);
  });

  it('delete the destination when the result is empty (with del), otherwise do nothing', () => {
    t.run('SADD', 'd', 'x');
    t.events.length = 0;
    t.props.length = 0;
    expect(t.run('SINTERSTORE', 'd', 'a', 'nokey')).toBe(':0\r\n');
    expect(t.entry('d')).toBeUndefined();
    expect(t.run('SDIFFSTORE', 'd', 'a', 'a')).toBe(':0\r\n');
    expect(t.run('SUNIONSTORE', 'd', 'nokey')).toBe(':0\r\n');
    expect(t.events).toEqual(['g del d']);
    expect(t.props).toEqual([['SINTERSTORE', 'd', 'a', 'nokey']]);
  });

  it('a source may be the destination', () => {
    expect(t.run('SUNIONSTORE', 'a', 'a', 'b')).toBe(':4\r\n');
    expect(t.run('SMEMBERS', 'a')).toBe(arr('1', '2', '3', '4'));
    expect(t.run('SINTERSTORE', 'b', 'b', 'a')).toBe(':3\r\n');
  });
});

describe('SMOVE', () => {
  it('moves, with srem/del/sadd events', () => {
    t.run('SADD', 's', 'a');
    t.run('SADD', 'd', 'a');
    t.events.length = 0;
    expect(t.run('SMOVE', 's', 'd', 'a')).toBe(':1\r\n');
    expect(t.events).toEqual(['s srem s', 'g del s']);
    t.run('SADD', 's', 'b', 'c');
    t.events.length = 0;
    expect(t.run('SMOVE', 's', 'd', 'b')).toBe(':1\r\n');
    expect(t.events).toEqual(['s srem s', 's sadd d']);
    expect(t.run('SMOVE', 's', 'd', 'zz')).toBe(':0\r\n');
    expect(t.run('SMOVE', 's', 's', 'c')).toBe(':1\r\n');
    expect(t.run('SMOVE', 's', 's', 'zz')).toBe(':0\r\n');
    expect(t.run('SMEMBERS', 's')).toBe(arr('c'));
    t.events.length = 0;
    t.props.length = 0;
    t.run('SMOVE', 's', 's', 'c');
    expect(t.events).toEqual([]);
    expect(t.props).toEqual([]);
  });

  it('a missing source answers 0 before any type check', () => {
    t.run('SET', 'str', 'x');
    expect(t.run('SMOVE', 'nokey', 'str', 'a')).toBe(':0\r\n');
    t.run('SADD', 's', '1');
    expect(t.run('SMOVE', 's', 'str', '1')).toBe(WRONGTYPE);
    expect(t.run('SISMEMBER', 's', '1')).toBe(':1\r\n');
  });
});

describe('SSCAN', () => {
  it('answers an intset whole, ascending, ignoring COUNT', () => {
    t.run('SADD', 's', '30', '10', '20', '11');
    const all = `*2\r\n${bulk('0')}${arr('10', '11', '20', '30')}`;
    expect(t.run('SSCAN', 's', '0')).toBe(all);
    expect(t.run('SSCAN', 's', '0', 'COUNT', '1')).toBe(all);
    expect(t.run('SSCAN', 's', '0', 'MATCH', '1*')).toBe(`*2\r\n${bulk('0')}${arr('10', '11')}`);
  });

  it('walks a hashtable set with a cursor, seeing every member once', () => {
    const members = Array.from({ length: 300 }, (_, i) => 'm' + i);
    t.run('SADD', 's', ...members);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const lines = t.run('SSCAN', 's', cursor, 'COUNT', '20').split('\r\n');
      cursor = lines[2];
      for (let i = 4; i < lines.length - 1; i += 2) {
        expect(seen.has(lines[i + 1])).toBe(false);
        seen.add(lines[i + 1]);
      }
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
  });

  it('a missing key answers before options; options are checked otherwise', () => {
    const empty = `*2\r\n${bulk('0')}*0\r\n`;
    expect(t.run('SSCAN', 'nokey', '0', 'COUNT', '0')).toBe(empty);
    expect(t.run('SSCAN', 'nokey', 'abc')).toBe('-ERR invalid cursor\r\n');
    t.run('SADD', 's', 'a');
    expect(t.run('SSCAN', 's', '0', 'TYPE', 'string')).toBe('-ERR syntax error\r\n');
    expect(t.run('SSCAN', 's', '0', 'COUNT', '0')).toBe('-ERR syntax error\r\n');
  });
});
