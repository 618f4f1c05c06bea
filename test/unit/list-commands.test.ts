/**
 * List commands in-process: RESP3 shapes, keyspace events, propagation of deterministic forms,
 * dirty counting and the blocking timeout parser. Expected values follow Redis 7.0.15 (t_list.c,
 * blocked.c, timeout.c), checked against a real redis-server where observable.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Config } from '../../server/config.ts';
import { Engine } from '../../server/engine/engine.ts';
import { commandGroups } from '../../server/commands/index.ts';
import type { Client } from '../../server/engine/client.ts';
import { connect } from '../helpers/in-process.ts';
import { timeoutArg } from '../../server/commands/shared/timeout-arg.ts';
import { CommandError } from '../../server/engine/errors.ts';

let e: Engine;
let events: string[];
let propagated: string[];
const clients: Client[] = [];

function client(resp: 2 | 3 = 2) {
  const t = connect(e, resp);
  clients.push(t.client);
  return { c: t.client, run: t.run, take: t.take };
}

beforeEach(() => {
  e = new Engine({ config: new Config(), commands: commandGroups, seed: 7 });
  events = [];
  propagated = [];
  e.notifyListeners.push((type, event, db, key) => events.push(`${type}:${event}:${db}:${key}`));
  e.propagators.push({ propagate: (db, argv) => propagated.push(`${db} ${argv.join(' ')}`) });
});

afterEach(() => {
  // Clear pending timers of clients left blocked by a test.
  for (const c of clients.splice(0)) e.removeClient(c);
});

describe('RESP3 replies', () => {
  it('uses null for missing keys where RESP2 has null bulk or null array', () => {
    const a = client(3);
    expect(a.run('LPOP', 'none')).toBe('_\r\n');
    expect(a.run('LPOP', 'none', '0')).toBe('_\r\n');
    expect(a.run('RPOP', 'none', '2')).toBe('_\r\n');
    expect(a.run('LPOS', 'none', 'x')).toBe('_\r\n');
    expect(a.run('LPOS', 'none', 'x', 'COUNT', '0')).toBe('*0\r\n');
    expect(a.run('LMPOP', '1', 'none', 'LEFT')).toBe('_\r\n');
    expect(a.run('LINDEX', 'none', '0')).toBe('_\r\n');
    expect(a.run('LMOVE', 'none', 'x', 'LEFT', 'LEFT')).toBe('_\r\n');
    expect(a.run('RPUSH', 'l', 'a', 'b', 'c')).toBe(':3\r\n');
    expect(a.run('LPOP', 'l', '0')).toBe('*0\r\n');
    expect(a.run('LMPOP', '1', 'l', 'RIGHT', 'COUNT', '2')).toBe('*2\r\n$1\r\nl\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n');
    expect(a.run('MULTI')).toBe('+OK\r\n');
    a.run('BLMOVE', 'none', 'x', 'LEFT', 'LEFT', '0');
    a.run('BLPOP', 'none', '0');
    expect(a.run('EXEC')).toBe('*2\r\n_\r\n_\r\n');
  });

  it('times out with null', async () => {
    const a = client(3);
    expect(a.run('BLPOP', 'none', '0.02')).toBe('');
    await new Promise((r) => setTimeout(r, 80));
    expect(a.take()).toBe('_\r\n');
  });
});

describe('keyspace events', () => {
  it('fires push, pop, and del when a pop empties the list', () => {
    const a = client();
    a.run('RPUSH', 'k', 'a', 'b');
    a.run('LPUSH', 'k', 'z');
    a.run('LPOP', 'k');
    a.run('RPOP', 'k', '5');
    a.run('LPUSHX', 'k', 'x'); // no key: no event
    a.run('LPOP', 'k'); // no key: no event
    expect(events).toEqual(['l:rpush:0:k', 'l:lpush:0:k', 'l:lpop:0:k', 'l:rpop:0:k', 'g:del:0:k']);
  });

  it('fires linsert, lset, lrem, ltrim (even when nothing is trimmed) and del', () => {
    const a = client();
    a.run('RPUSH', 'k', 'a', 'b', 'a');
    events.length = 0;
    a.run('LINSERT', 'k', 'BEFORE', 'nope', 'x'); // pivot not found: no event
    a.run('LINSERT', 'k', 'AFTER', 'b', 'c');
    a.run('LSET', 'k', '0', 'z');
    a.run('LREM', 'k', '0', 'nope'); // nothing removed: no event
    a.run('LREM', 'k', '1', 'a');
    a.run('LTRIM', 'k', '0', '-1');
    a.run('LTRIM', 'k', '5', '1');
    expect(events).toEqual(['l:linsert:0:k', 'l:lset:0:k', 'l:lrem:0:k', 'l:ltrim:0:k', 'l:ltrim:0:k', 'g:del:0:k']);
  });

  it('fires the push on the destination before the pop on the source for LMOVE', () => {
    const a = client();
    a.run('RPUSH', 'src', 'x');
    events.length = 0;
    a.run('LMOVE', 'src', 'dst', 'RIGHT', 'LEFT');
    expect(events).toEqual(['l:lpush:0:dst', 'l:rpop:0:src', 'g:del:0:src']);
    events.length = 0;
    a.run('RPOPLPUSH', 'dst', 'dst');
    expect(events).toEqual(['l:lpush:0:dst', 'l:rpop:0:dst']);
  });

  it('fires events for a served blocked client', () => {
    const a = client();
    const b = client();
    a.run('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0');
    b.run('RPUSH', 'src', 'v');
    expect(a.take()).toBe('$1\r\nv\r\n');
    expect(events).toEqual(['l:rpush:0:src', 'l:rpush:0:dst', 'l:lpop:0:src', 'g:del:0:src']);
  });
});

describe('propagation', () => {
  it('propagates plain list writes verbatim and nothing for no-ops', () => {
    const a = client();
    a.run('RPUSH', 'k', 'a', 'b', 'c');
    a.run('LPOP', 'k', '0');
    a.run('LPOP', 'none');
    a.run('LTRIM', 'k', '0', '-1'); // nothing trimmed: Redis counts no change
    a.run('LREM', 'k', '0', 'zz');
    a.run('LTRIM', 'k', '1', '-1');
    expect(propagated).toEqual(['0 RPUSH k a b c', '0 LTRIM k 1 -1']);
  });

  it('propagates blocking pops that did not block as their non-blocking forms', () => {
    const a = client();
    a.run('RPUSH', 'k', '1', '2', '3', '4', '5');
    propagated.length = 0;
    a.run('BLPOP', 'none', 'k', '0');
    a.run('BRPOP', 'k', '0');
    a.run('BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0');
    a.run('BRPOPLPUSH', 'k', 'd', '0');
    a.run('RPUSH', 'm', 'a', 'b');
    a.run('LMPOP', '2', 'none', 'm', 'LEFT', 'COUNT', '10');
    a.run('RPUSH', 'm', 'a', 'b', 'c');
    a.run('BLMPOP', '0', '1', 'm', 'RIGHT', 'COUNT', '2');
    expect(propagated).toEqual([
      '0 LPOP k',
      '0 RPOP k',
      '0 LMOVE k d LEFT RIGHT',
      '0 RPOPLPUSH k d',
      '0 RPUSH m a b',
      '0 LPOP m 2',
      '0 RPUSH m a b c',
      '0 RPOP m 2',
    ]);
  });

  it('propagates what served blocked clients did, after the write that woke them', () => {
    const [a, b, c, d, p] = [client(), client(), client(), client(), client()];
    a.run('BLPOP', 'k', '0');
    b.run('BLMOVE', 'k', 'd', 'RIGHT', 'LEFT', '0');
    c.run('BRPOPLPUSH', 'k', 'd', '0');
    d.run('BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '3');
    p.run('SELECT', '0');
    p.run('RPUSH', 'k', '1', '2', '3', '4', '5', '6');
    expect(a.take()).toBe('*2\r\n$1\r\nk\r\n$1\r\n1\r\n');
    expect(b.take()).toBe('$1\r\n6\r\n');
    expect(c.take()).toBe('$1\r\n5\r\n');
    expect(d.take()).toBe('*2\r\n$1\r\nk\r\n*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n');
    expect(propagated).toEqual(['0 RPUSH k 1 2 3 4 5 6', '0 LPOP k', '0 LMOVE k d RIGHT LEFT', '0 RPOPLPUSH k d', '0 LPOP k 3']);
  });

  it('propagates nothing for a timeout or a WRONGTYPE answer to a waiter', async () => {
    const [a, b] = [client(), client()];
    a.run('SET', 's', 'v');
    propagated.length = 0;
    a.run('BLMOVE', 'src', 's', 'LEFT', 'LEFT', '0');
    b.run('RPUSH', 'src', 'x');
    expect(a.take()).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
    a.run('BLPOP', 'none', '0.01');
    await new Promise((r) => setTimeout(r, 50));
    expect(a.take()).toBe('*-1\r\n');
    expect(propagated).toEqual(['0 RPUSH src x']);
  });
});

describe('dirty counting', () => {
  it('counts one change per element pushed, popped, removed or trimmed', () => {
    const a = client();
    const d0 = e.dirty;
    a.run('RPUSH', 'k', '1', '2', '3', '4', '5', '6');
    expect(e.dirty - d0).toBe(6);
    a.run('LPOP', 'k', '2');
    expect(e.dirty - d0).toBe(8);
    a.run('LTRIM', 'k', '1', '-1');
    expect(e.dirty - d0).toBe(9);
    a.run('LTRIM', 'k', '0', '-1');
    expect(e.dirty - d0).toBe(9);
    a.run('LMOVE', 'k', 'j', 'LEFT', 'LEFT');
    expect(e.dirty - d0).toBe(10);
    a.run('RPUSH', 'k', 'x', 'x');
    a.run('LREM', 'k', '0', 'x');
    expect(e.dirty - d0).toBe(14);
  });
});

describe('blocked clients and client state', () => {
  it('drops the reply of a served client under CLIENT REPLY OFF', () => {
    const [a, b] = [client(), client()];
    a.run('BLPOP', 'k', '0');
    a.c.replyOff = true;
    b.run('RPUSH', 'k', 'v');
    expect(a.take()).toBe('');
    expect(e.blocking.waiting).toBe(0);
    expect(b.run('LLEN', 'k')).toBe(':0\r\n');
  });

  it('keeps waiters of other databases apart', () => {
    const [a, b] = [client(), client()];
    a.run('SELECT', '1');
    a.run('BLPOP', 'k', '0');
    b.run('RPUSH', 'k', 'db0');
    expect(a.take()).toBe('');
    b.run('SELECT', '1');
    b.run('RPUSH', 'k', 'db1');
    expect(a.take()).toBe('*2\r\n$1\r\nk\r\n$3\r\ndb1\r\n');
    expect(propagated).toEqual(['0 RPUSH k db0', '1 RPUSH k db1', '1 LPOP k']);
  });
});

describe('timeoutArg (Redis 7.0.15 getTimeoutFromObjectOrReply)', () => {
  const now = 1_700_000_000_000;
  const err = (s: string) => {
    try {
      timeoutArg(now, s);
    } catch (x) {
      if (x instanceof CommandError) return x.reply;
      throw x;
    }
    return null;
  };
  it('reads seconds as a double, rounding up to whole ms', () => {
    expect(timeoutArg(now, '0')).toBe(0);
    expect(timeoutArg(now, '1')).toBe(now + 1000);
    expect(timeoutArg(now, '0.1')).toBe(now + 100);
    expect(timeoutArg(now, '0.0001')).toBe(now + 1);
    expect(timeoutArg(now, '.5e-3')).toBe(now + 1);
    expect(timeoutArg(now, '1e-400')).toBe(now + 1);
    expect(timeoutArg(now, '-0.0001')).toBe(0);
    expect(timeoutArg(now, '-0')).toBe(0);
    expect(timeoutArg(now, '+2')).toBe(now + 2000);
    expect(timeoutArg(now, '0x10')).toBe(now + 16000);
  });
  it('reports Redis errors', () => {
    expect(err('x')).toBe('ERR timeout is not a float or out of range');
    expect(err('nan')).toBe('ERR timeout is not a float or out of range');
    expect(err(' 1')).toBe('ERR timeout is not a float or out of range');
    expect(err('')).toBe('ERR timeout is not a float or out of range');
    expect(err('1e5000')).toBe('ERR timeout is not a float or out of range');
    expect(err('-1')).toBe('ERR timeout is negative');
    expect(err('-0.5')).toBe('ERR timeout is negative');
    expect(err('inf')).toBe('ERR timeout is negative');
    expect(err('-inf')).toBe('ERR timeout is negative');
    expect(err('1e20')).toBe('ERR timeout is negative');
    expect(err('1e400')).toBe('ERR timeout is negative');
    expect(err('9223372036854775.808')).toBe('ERR timeout is negative');
    // Accepted (Redis then waits forever, as now + ms overflows).
    expect(err('9223372036854775')).toBe(null);
    expect(err('9223372036854775.807')).toBe(null);
  });
});
