/**
 * Core sorted-set commands in-process: keyspace events, propagation, dirty counting, WATCH,
 * encodings, blocking pops served by other clients (propagated as Redis 7.0's AOF shows them:
 * checked against a real redis-server's appendonly file), and ZRANDMEMBER's random picks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, connect, type Harness, type TestClient } from '../helpers/in-process.ts';
import { SortedSet } from '../../server/store/zset.ts';

let t: Harness;
const extra: TestClient[] = [];

function other(resp: 2 | 3 = 2): TestClient {
  const c = connect(t.engine, resp);
  extra.push(c);
  return c;
}

beforeEach(() => {
  t = harness({ eventClass: (type) => type !== 'm' });
});

afterEach(() => {
  for (const c of extra.splice(0)) t.engine.removeClient(c.client);
});

const zset = (key: string) => t.entry(key)?.value as SortedSet | undefined;
const props = () => t.props.map((a) => a.join(' '));
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;

describe('keyspace events', () => {
  it('ZADD fires zadd only when something was added or updated; INCR fires zincr', () => {
    t.run('ZADD', 'z', '1', 'a', '2', 'b');
    t.run('ZADD', 'z', '1', 'a'); // same score: nothing
    t.run('ZADD', 'z', 'NX', '5', 'a'); // exists: nothing
    t.run('ZADD', 'z', 'XX', '5', 'nope'); // missing: nothing
    t.run('ZADD', 'z', 'GT', '0', 'a'); // not greater: nothing
    t.run('ZADD', 'z', 'XX', '1', 'a'); // same score: nothing
    t.run('ZADD', 'z', '3', 'a');
    t.run('ZINCRBY', 'z', '1', 'a');
    t.run('ZINCRBY', 'z', '0', 'a'); // processed, but no change: nothing
    t.run('ZADD', 'z', 'INCR', '1', 'b');
    t.run('ZADD', 'z', 'INCR', 'NX', '1', 'b'); // nothing
    t.run('ZADD', 'nokey', 'XX', '1', 'a'); // nothing, and no key
    expect(t.entry('nokey')).toBeUndefined();
    expect(t.events).toEqual(['z zadd z', 'z zadd z', 'z zincr z', 'z zincr z']);
  });

  it('ZREM fires zrem, then del when the set empties; nothing when nothing was removed', () => {
    t.run('ZADD', 'z', '1', 'a', '2', 'b');
    t.reset();
    t.run('ZREM', 'z', 'nope');
    t.run('ZREM', 'z', 'a', 'nope');
    t.run('ZREM', 'z', 'b');
    t.run('ZREM', 'z', 'b');
    expect(t.events).toEqual(['z zrem z', 'z zrem z', 'g del z']);
    expect(t.entry('z')).toBeUndefined();
  });

  it('pops fire zpopmin/zpopmax once per command, then del', () => {
    t.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    t.reset();
    t.run('ZPOPMIN', 'z', '2');
    t.run('ZPOPMIN', 'z', '0');
    t.run('ZPOPMAX', 'z');
    t.run('ZMPOP', '1', 'z', 'MAX', 'COUNT', '9');
    t.run('ZPOPMAX', 'z');
    expect(t.events).toEqual(['z zpopmin z', 'z zpopmax z', 'z zpopmax z', 'g del z']);
  });

  it('a served BZPOPMIN fires the zadd that woke it, then zpopmin and del (as Redis)', () => {
    const a = other();
    expect(a.run('BZPOPMIN', 'w', '0')).toBe('');
    t.run('ZADD', 'w', '1', 'a');
    expect(a.take()).toBe(`*3\r\n${bulk('w')}${bulk('a')}${bulk('1')}`);
    expect(t.events).toEqual(['z zadd w', 'z zpopmin w', 'g del w']);
  });
});

describe('propagation', () => {
  it('ZADD, ZINCRBY, ZREM and ZPOPMIN/ZPOPMAX go verbatim; no-ops and reads go nowhere', () => {
    t.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    t.run('ZADD', 'z', '1', 'a');
    t.run('ZADD', 'z', 'INCR', '1', 'a');
    t.run('ZINCRBY', 'z', '0', 'a');
    t.run('ZINCRBY', 'z', '0.5', 'a');
    t.run('ZADD', 'z', 'XX', '7', 'nope');
    t.run('ZRANDMEMBER', 'z', '-3');
    t.run('ZRANDMEMBER', 'z');
    t.run('ZSCORE', 'z', 'a');
    t.run('ZREM', 'z', 'nope');
    t.run('ZREM', 'z', 'd');
    t.run('ZPOPMIN', 'z', '0');
    t.run('ZPOPMIN', 'z');
    t.run('ZPOPMAX', 'z', '1');
    t.run('ZPOPMAX', 'nokey');
    expect(props()).toEqual(['ZADD z 1 a 2 b 3 c 4 d', 'ZADD z INCR 1 a', 'ZINCRBY z 0.5 a', 'ZREM z d', 'ZPOPMIN z', 'ZPOPMAX z 1']);
  });

  it('ZMPOP and immediate BZMPOP become ZPOPMIN/ZPOPMAX key <number popped>; BZPOPMIN loses its timeout', () => {
    t.run('ZADD', 'q', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f');
    t.reset();
    t.run('ZMPOP', '1', 'q', 'MIN', 'COUNT', '1');
    t.run('ZMPOP', '2', 'nokey', 'q', 'MAX', 'COUNT', '2');
    t.run('ZMPOP', '1', 'nokey', 'MAX');
    t.run('BZPOPMIN', 'nokey', 'q', '0');
    t.run('BZPOPMAX', 'q', '1.5');
    t.run('BZMPOP', '0', '1', 'q', 'MIN', 'COUNT', '10');
    expect(props()).toEqual(['ZPOPMIN q 1', 'ZPOPMAX q 2', 'ZPOPMIN q', 'ZPOPMAX q', 'ZPOPMIN q 1']);
  });

  it('served waiters propagate their pops after the write that woke them, in FIFO order', () => {
    const [a, b, c] = [other(), other(), other()];
    a.run('BZPOPMAX', 'w', '0');
    b.run('BZMPOP', '0', '1', 'w', 'MIN', 'COUNT', '10');
    c.run('BZPOPMIN', 'w', '0'); // nothing left for it
    t.run('ZADD', 'w', '1', 'x', '2', 'y', '3', 'z', '4', 't');
    expect(a.take()).toBe(`*3\r\n${bulk('w')}${bulk('t')}${bulk('4')}`);
    expect(b.take()).toBe(`*2\r\n${bulk('w')}*3\r\n*2\r\n${bulk('x')}${bulk('1')}*2\r\n${bulk('y')}${bulk('2')}*2\r\n${bulk('z')}${bulk('3')}`);
    expect(c.take()).toBe('');
    expect(t.engine.blocking.waiting).toBe(1);
    expect(props()).toEqual(['ZADD w 1 x 2 y 3 z 4 t', 'ZPOPMAX w', 'ZPOPMIN w 3']);
  });

  it('a waiter served by MULTI/EXEC pops after the transaction (Redis: MULTI..EXEC, then ZPOPMIN)', () => {
    const a = other();
    a.run('BZPOPMIN', 'w', '0');
    t.run('MULTI');
    t.run('ZADD', 'w', '1', 'a');
    t.run('ZADD', 'w', '2', 'b');
    t.run('ZREM', 'w', 'b');
    expect(t.run('EXEC')).toBe('*3\r\n:1\r\n:1\r\n:1\r\n');
    expect(a.take()).toBe(`*3\r\n${bulk('w')}${bulk('a')}${bulk('1')}`);
    expect(props()).toEqual(['MULTI', 'ZADD w 1 a', 'ZADD w 2 b', 'ZREM w b', 'EXEC', 'ZPOPMIN w']);
    expect(t.entry('w')).toBeUndefined();
  });

  it('a timed-out waiter propagates nothing', async () => {
    const a = other();
    a.run('BZMPOP', '0.01', '1', 'w', 'MAX');
    await new Promise((r) => setTimeout(r, 60));
    expect(a.take()).toBe('*-1\r\n');
    expect(props()).toEqual([]);
  });
});

describe('dirty counting and WATCH', () => {
  it('counts added plus updated for ZADD, one per member removed or popped', () => {
    const d0 = t.engine.dirty;
    t.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(t.engine.dirty - d0).toBe(3);
    t.run('ZADD', 'z', 'CH', '1', 'a', '5', 'b', '4', 'd');
    expect(t.engine.dirty - d0).toBe(5);
    t.run('ZREM', 'z', 'a', 'b', 'nope');
    expect(t.engine.dirty - d0).toBe(7);
    t.run('ZPOPMAX', 'z', '5');
    expect(t.engine.dirty - d0).toBe(9);
  });

  it('a change invalidates WATCH, a no-op does not', () => {
    t.run('ZADD', 'z', '1', 'a');
    const w = other();
    w.run('WATCH', 'z');
    t.run('ZADD', 'z', '1', 'a');
    t.run('ZREM', 'z', 'nope');
    w.run('MULTI');
    w.run('ZCARD', 'z');
    expect(w.run('EXEC')).toBe('*1\r\n:1\r\n');
    w.run('WATCH', 'z');
    t.run('ZINCRBY', 'z', '1', 'a');
    w.run('MULTI');
    w.run('ZCARD', 'z');
    expect(w.run('EXEC')).toBe('*-1\r\n');
  });
});

describe('encodings', () => {
  it('converts listpack to skiplist once over the entries limit, and never back', () => {
    t.config.set('zset-max-listpack-entries', '3');
    t.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(zset('z')!.encoding()).toBe('listpack');
    t.run('ZADD', 'z', '4', 'd');
    expect(zset('z')!.encoding()).toBe('skiplist');
    t.run('ZPOPMIN', 'z', '3');
    expect(zset('z')!.encoding()).toBe('skiplist');
  });

  it('a member longer than zset-max-listpack-value converts, even when creating the key', () => {
    t.run('ZADD', 'a', '1', 'x'.repeat(64));
    expect(zset('a')!.encoding()).toBe('listpack');
    t.run('ZADD', 'b', '1', 'x'.repeat(65));
    expect(zset('b')!.encoding()).toBe('skiplist');
    t.run('ZADD', 'a', 'XX', '1', 'y'.repeat(65)); // not added: no conversion
    expect(zset('a')!.encoding()).toBe('listpack');
    t.run('ZINCRBY', 'a', '1', 'y'.repeat(65));
    expect(zset('a')!.encoding()).toBe('skiplist');
  });

  it('lowering the value limit later judges only new members (Redis checks the added one)', () => {
    t.run('ZADD', 'z', '1', 'x'.repeat(50));
    t.config.set('zset-max-listpack-value', '10');
    t.run('ZADD', 'z', '2', 'short');
    expect(zset('z')!.encoding()).toBe('listpack');
    t.run('ZADD', 'z', '2', 'y'.repeat(11));
    expect(zset('z')!.encoding()).toBe('skiplist');
  });

  it('a listpack set keeps -0 as 0; a skiplist set keeps -0', () => {
    t.run('ZADD', 'lp', '-0', 'a');
    expect(Object.is(zset('lp')!.score('a'), 0)).toBe(true);
    t.run('ZADD', 'sk', '-0', 'x'.repeat(65));
    expect(Object.is(zset('sk')!.score('x'.repeat(65)), -0)).toBe(true);
    // The reply is the computed score, before it is stored.
    expect(t.run('ZADD', 'lp', 'INCR', '-0', 'b')).toBe(bulk('-0'));
    expect(t.run('ZSCORE', 'lp', 'b')).toBe(bulk('0'));
  });
});

describe('ZRANK / ZREVRANK WITHSCORE (Redis 7.2)', () => {
  it('answers [rank, score], a null array when missing; RESP3 uses a double', () => {
    t.run('ZADD', 'z', '1.5', 'a', '2', 'b', '3', 'c');
    expect(t.run('ZRANK', 'z', 'b', 'WITHSCORE')).toBe(`*2\r\n:1\r\n${bulk('2')}`);
    expect(t.run('ZREVRANK', 'z', 'a', 'withscore')).toBe(`*2\r\n:2\r\n${bulk('1.5')}`);
    expect(t.run('ZRANK', 'z', 'nope', 'WITHSCORE')).toBe('*-1\r\n');
    expect(t.run('ZRANK', 'nokey', 'a', 'WITHSCORE')).toBe('*-1\r\n');
    expect(t.run('ZRANK', 'nokey', 'a')).toBe('$-1\r\n');
    // Anything else keeps 7.0's arity error.
    expect(t.run('ZRANK', 'z', 'a', 'WITHSCORES')).toBe("-ERR wrong number of arguments for 'zrank' command\r\n");
    expect(t.run('ZREVRANK', 'z', 'a', 'WITHSCORE', 'x')).toBe("-ERR wrong number of arguments for 'zrevrank' command\r\n");
    const r3 = other(3);
    expect(r3.run('ZRANK', 'z', 'a', 'WITHSCORE')).toBe('*2\r\n:0\r\n,1.5\r\n');
    expect(r3.run('ZREVRANK', 'z', 'nope', 'WITHSCORE')).toBe('_\r\n');
    expect(r3.run('ZREVRANK', 'z', 'nope')).toBe('_\r\n');
  });
});

/** The bulk strings of a reply, in order (scores included). */
function bulks(reply: string): string[] {
  const out: string[] = [];
  const re = /\$(\d+)\r\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(reply)) !== null) {
    const len = Number(m[1]);
    out.push(reply.slice(re.lastIndex, re.lastIndex + len));
    re.lastIndex += len + 2;
  }
  return out;
}

describe('ZRANDMEMBER random picks', () => {
  const members = Array.from({ length: 10 }, (_, i) => `m${i}`);
  const fill = (key: string) => t.run('ZADD', key, ...members.flatMap((m, i) => [String(i), m]));

  it('a positive count gives distinct members; the listpack sample comes in the set order', () => {
    fill('z');
    for (let n = 1; n <= 9; n++) {
      const got = bulks(t.run('ZRANDMEMBER', 'z', String(n)));
      expect(got.length).toBe(n);
      expect(new Set(got).size).toBe(n);
      for (const m of got) expect(members).toContain(m);
      expect(got).toEqual([...got].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))));
    }
  });

  it('skiplist sets: distinct members by sampling and by removal from a copy', () => {
    t.config.set('zset-max-listpack-entries', '2');
    fill('z');
    expect(zset('z')!.encoding()).toBe('skiplist');
    for (const n of [2, 3, 4, 8, 9]) {
      const got = bulks(t.run('ZRANDMEMBER', 'z', String(n), 'WITHSCORES'));
      expect(got.length).toBe(2 * n);
      const picked = got.filter((_, i) => i % 2 === 0);
      expect(new Set(picked).size).toBe(n);
      for (let i = 0; i < got.length; i += 2) expect(got[i + 1]).toBe(got[i].slice(1));
    }
  });

  it('a negative count may repeat and gives exactly |count| picks, each with its own score', () => {
    fill('z');
    const got = bulks(t.run('ZRANDMEMBER', 'z', '-50', 'WITHSCORES'));
    expect(got.length).toBe(100);
    for (let i = 0; i < got.length; i += 2) expect(got[i + 1]).toBe(got[i].slice(1));
    expect(new Set(got.filter((_, i) => i % 2 === 0)).size).toBeLessThan(50);
  });

  it('picks are spread over the whole set', () => {
    fill('z');
    const seen = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const m = bulks(t.run('ZRANDMEMBER', 'z'))[0];
      seen.set(m, (seen.get(m) ?? 0) + 1);
    }
    expect(seen.size).toBe(10);
    for (const n of seen.values()) expect(n).toBeGreaterThan(120);
    const pairs = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const k = bulks(t.run('ZRANDMEMBER', 'z', '2')).join(',');
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
    expect(pairs.size).toBe(45);
  });

  it('RESP3 nests [member, score] pairs', () => {
    const r3 = other(3);
    r3.run('ZADD', 'one', '2.5', 'x');
    expect(r3.run('ZRANDMEMBER', 'one', '-2', 'WITHSCORES')).toBe('*2\r\n*2\r\n$1\r\nx\r\n,2.5\r\n*2\r\n$1\r\nx\r\n,2.5\r\n');
    expect(r3.run('ZRANDMEMBER', 'one', '1', 'WITHSCORES')).toBe('*1\r\n*2\r\n$1\r\nx\r\n,2.5\r\n');
    expect(r3.run('ZRANDMEMBER', 'one', '-2')).toBe('*2\r\n$1\r\nx\r\n$1\r\nx\r\n');
  });
});

describe('ZSCAN of a big set', () => {
  it('returns every member exactly once over a full iteration, with %.17g scores', () => {
    const n = 1000;
    const args: string[] = [];
    for (let i = 0; i < n; i++) args.push(String(i / 10), `m${i}`);
    t.run('ZADD', 'z', ...args);
    const seen = new Map<string, string>();
    let cursor = '0';
    let rounds = 0;
    do {
      const got = bulks(t.run('ZSCAN', 'z', cursor, 'COUNT', '50'));
      cursor = got[0];
      for (let i = 1; i < got.length; i += 2) {
        expect(seen.has(got[i])).toBe(false);
        seen.set(got[i], got[i + 1]);
      }
      rounds++;
    } while (cursor !== '0');
    expect(rounds).toBeGreaterThan(5);
    expect(seen.size).toBe(n);
    expect(seen.get('m1')).toBe('0.10000000000000001');
    expect(seen.get('m10')).toBe('1');
  });
});
