/**
 * Stream commands in-process: keyspace events, propagation (generated IDs and approximate trims
 * rewritten as Redis 7.0 writes them to its AOF), XREAD BLOCK on the blocking framework (woken by
 * XADD from any path, '$' resolved at block time, MULTI never blocks, timeouts), OBJECT/TYPE.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, connect, TEST_NOW, type Harness } from '../helpers/in-process.ts';

let h: Harness;
const extra: ReturnType<typeof connect>[] = [];

function fresh(): Harness {
  h = harness();
  return h;
}

afterEach(() => {
  for (const t of extra.splice(0)) h.engine.removeClient(t.client);
});

function other(resp?: 2 | 3) {
  const t = connect(h.engine, resp);
  extra.push(t);
  return t;
}

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;

describe('XADD', () => {
  it('generates IDs from the clock, then increments the sequence within a millisecond', () => {
    fresh();
    expect(h.run('XADD', 's', '*', 'a', '1')).toBe(bulk(`${TEST_NOW}-0`));
    expect(h.run('XADD', 's', '*', 'a', '2')).toBe(bulk(`${TEST_NOW}-1`));
    expect(h.run('XADD', 's', `${TEST_NOW}-*`, 'a', '3')).toBe(bulk(`${TEST_NOW}-2`));
    expect(h.run('XADD', 's', `${TEST_NOW + 5}-*`, 'a', '4')).toBe(bulk(`${TEST_NOW + 5}-0`));
    // The clock is behind the last ID: the sequence keeps growing.
    expect(h.run('XADD', 's', '*', 'a', '5')).toBe(bulk(`${TEST_NOW + 5}-1`));
    h.advance(10);
    expect(h.run('XADD', 's', '*', 'a', '6')).toBe(bulk(`${TEST_NOW + 10}-0`));
    expect(h.run('XLEN', 's')).toBe(':6\r\n');
    expect(h.run('OBJECT', 'ENCODING', 's')).toBe(bulk('stream'));
    expect(h.run('TYPE', 's')).toBe('+stream\r\n');
  });

  it('rolls the sequence over into the next millisecond and stops at the last possible ID', () => {
    fresh();
    h.run('XADD', 's', `${TEST_NOW + 100}-18446744073709551615`, 'a', '1');
    expect(h.run('XADD', 's', '*', 'a', '1')).toBe(bulk(`${TEST_NOW + 101}-0`));
    expect(h.run('XADD', 's', `${TEST_NOW + 101}-18446744073709551615`, 'a', '1')).toBe(bulk(`${TEST_NOW + 101}-18446744073709551615`));
    expect(h.run('XADD', 's', `${TEST_NOW + 101}-*`, 'a', '1')).toBe('-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n');
    h.run('XADD', 'm', '18446744073709551615-18446744073709551615', 'a', '1');
    expect(h.run('XADD', 'm', '*', 'a', '1')).toBe('-ERR The stream has exhausted the last possible ID, unable to add more items\r\n');
  });

  it('leaves nothing behind on errors and with NOMKSTREAM', () => {
    fresh();
    expect(h.run('XADD', 's', 'NOMKSTREAM', '*', 'a', '1')).toBe('$-1\r\n');
    expect(h.run('XADD', 's', 'MAXLEN', 'x', '*', 'a', '1')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(h.run('XADD', 's', '*', 'a')).toBe("-ERR wrong number of arguments for 'xadd' command\r\n");
    expect(h.run('XADD', 's', '0-0', 'a', '1')).toBe('-ERR The ID specified in XADD must be greater than 0-0\r\n');
    expect(h.run('EXISTS', 's')).toBe(':0\r\n');
    expect(h.props).toEqual([]);
    expect(h.events).toEqual(['m keymiss s']);
  });

  it('fires xadd then xtrim, and propagates generated IDs and approximate trims deterministically', () => {
    fresh();
    for (let i = 1; i <= 250; i++) h.run('XADD', 's', `${i}-1`, 'f', 'v');
    h.reset();
    h.run('XADD', 's', 'MAXLEN', '~', '120', '*', 'f', 'v');
    expect(h.events).toEqual(['t xadd s', 't xtrim s']);
    expect(h.props).toEqual([['XADD', 's', 'MAXLEN', '=', '151', `${TEST_NOW}-0`, 'f', 'v']]);
    h.reset();
    h.run('XADD', 's', 'MAXLEN', '~', '1000', 'LIMIT', '10', `${TEST_NOW}-*`, 'f', 'v');
    expect(h.events).toEqual(['t xadd s']);
    expect(h.props).toEqual([['XADD', 's', 'MAXLEN', '=', '152', 'LIMIT', '10', `${TEST_NOW}-1`, 'f', 'v']]);
    h.reset();
    h.run('XADD', 's', 'MINID', '~', '210', `${TEST_NOW}-9`, 'f', 'v');
    expect(h.props).toEqual([['XADD', 's', 'MINID', '=', '201-1', `${TEST_NOW}-9`, 'f', 'v']]);
    h.reset();
    h.run('XADD', 's', 'MAXLEN', '40', `${TEST_NOW}-10`, 'f', 'v');
    expect(h.props).toEqual([['XADD', 's', 'MAXLEN', '40', `${TEST_NOW}-10`, 'f', 'v']]);
    expect(h.run('XLEN', 's')).toBe(':40\r\n');
  });
});

describe('XTRIM, XDEL, XSETID', () => {
  it('report, notify and propagate only real changes', () => {
    fresh();
    for (let i = 1; i <= 250; i++) h.run('XADD', 's', `${i}-1`, 'f', 'v');
    h.reset();
    expect(h.run('XTRIM', 's', 'MAXLEN', '~', '1000')).toBe(':0\r\n');
    expect(h.run('XDEL', 's', '9999-1')).toBe(':0\r\n');
    expect(h.props).toEqual([]);
    expect(h.run('XTRIM', 's', 'MAXLEN', '~', '120')).toBe(':100\r\n');
    expect(h.run('XTRIM', 's', 'MINID', '160')).toBe(':59\r\n');
    expect(h.run('XDEL', 's', '160-1', '161-1', '161-1', '5-1')).toBe(':2\r\n');
    expect(h.run('XSETID', 's', '300-0', 'ENTRIESADDED', '400', 'MAXDELETEDID', '200-0')).toBe('+OK\r\n');
    expect(h.events).toEqual(['t xtrim s', 't xtrim s', 't xdel s', 't xsetid s']);
    expect(h.props).toEqual([
      ['XTRIM', 's', 'MAXLEN', '=', '150'],
      ['XTRIM', 's', 'MINID', '160'],
      ['XDEL', 's', '160-1', '161-1', '161-1', '5-1'],
      ['XSETID', 's', '300-0', 'ENTRIESADDED', '400', 'MAXDELETEDID', '200-0'],
    ]);
    expect(h.engine.dirty).toBeGreaterThan(0);
    expect(h.run('XSETID', 's', '199-0')).toBe('-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n');
    expect(h.run('XADD', 's', '300-0', 'f', 'v')).toBe('-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n');
    expect(h.run('XADD', 's', '*', 'f', 'v')).toBe(bulk(`${TEST_NOW}-0`));
  });

  it('keeps an emptied stream as a key', () => {
    fresh();
    h.run('XADD', 's', '1-1', 'f', 'v');
    expect(h.run('XDEL', 's', '1-1')).toBe(':1\r\n');
    expect(h.run('EXISTS', 's')).toBe(':1\r\n');
    expect(h.run('XLEN', 's')).toBe(':0\r\n');
    expect(h.run('XADD', 's', '1-1', 'f', 'v')).toBe('-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n');
    expect(h.run('XADD', 's', '1-2', 'f', 'v')).toBe(bulk('1-2'));
  });
});

describe('COPY', () => {
  it('copies a stream that then evolves on its own', () => {
    fresh();
    for (let i = 1; i <= 5; i++) h.run('XADD', 's', `${i}-0`, 'f', String(i));
    h.run('XDEL', 's', '2-0');
    expect(h.run('COPY', 's', 'd')).toBe(':1\r\n');
    expect(h.run('XADD', 'd', '6-0', 'g', 'x')).toBe(bulk('6-0'));
    expect(h.run('XTRIM', 's', 'MAXLEN', '1')).toBe(':3\r\n');
    expect(h.run('XLEN', 'd')).toBe(':5\r\n');
    expect(h.run('XRANGE', 'd', '5', '+')).toBe(`*2\r\n*2\r\n${bulk('5-0')}*2\r\n${bulk('f')}${bulk('5')}*2\r\n${bulk('6-0')}*2\r\n${bulk('g')}${bulk('x')}`);
    expect(h.run('XRANGE', 's', '-', '+')).toBe(`*1\r\n*2\r\n${bulk('5-0')}*2\r\n${bulk('f')}${bulk('5')}`);
    expect(h.run('XADD', 'd', '2-0', 'f', 'v')).toBe('-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n');
  });
});

describe('XREAD BLOCK', () => {
  it('is served by an XADD from another client, with "$" resolved at block time', () => {
    fresh();
    h.run('XADD', 's', '1-1', 'old', 'x');
    const a = other();
    expect(a.run('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')).toBe('');
    h.run('XADD', 's', '2-1', 'new', 'y');
    expect(a.take()).toBe('*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$3\r\nnew\r\n$1\r\ny\r\n');
    expect(h.engine.blocking.waiting).toBe(0);
  });

  it('replies a map in RESP3 and honours COUNT', () => {
    fresh();
    const a = other(3);
    expect(a.run('XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 'x', 's', '$', '0-0')).toBe('');
    h.run('MULTI');
    h.run('XADD', 's', '5-1', 'a', '1');
    h.run('XADD', 's', '5-2', 'a', '2');
    expect(a.take()).toBe('');
    h.run('EXEC');
    expect(a.take()).toBe('%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n');
    expect(a.run('XREAD', 'STREAMS', 's', 'x', '0', '0')).toBe('%1\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n5-2\r\n*2\r\n$1\r\na\r\n$1\r\n2\r\n');
    expect(a.run('XREAD', 'STREAMS', 's', '5-2')).toBe('_\r\n');
  });

  it('does not block inside MULTI and ignores writes that add nothing new', () => {
    fresh();
    const a = other();
    expect(a.run('MULTI')).toBe('+OK\r\n');
    a.run('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    expect(a.run('EXEC')).toBe('*1\r\n*-1\r\n');
    h.run('XADD', 's', '3-1', 'f', 'v');
    expect(a.run('XREAD', 'BLOCK', '0', 'STREAMS', 's', '3-1')).toBe('');
    h.run('XDEL', 's', '3-1');
    h.run('XTRIM', 's', 'MAXLEN', '0');
    expect(a.take()).toBe('');
    h.run('XSETID', 's', '4-0');
    // As in Redis 7.0, XSETID does not wake readers; the next XADD does.
    expect(a.take()).toBe('');
    h.run('XADD', 's', '5-1', 'g', 'w');
    expect(a.take()).toBe('*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\ng\r\n$1\r\nw\r\n');
    // An entry added and deleted in one transaction still serves the reader (with no entries).
    expect(a.run('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')).toBe('');
    h.run('MULTI');
    h.run('XADD', 's', '6-1', 'f', 'v');
    h.run('XDEL', 's', '6-1');
    h.run('EXEC');
    expect(a.take()).toBe('*1\r\n*2\r\n$1\r\ns\r\n*0\r\n');
  });

  it('times out with a null array', async () => {
    h = harness();
    const a = other();
    expect(a.run('XREAD', 'BLOCK', '20', 'STREAMS', 's', '$')).toBe('');
    await new Promise((r) => setTimeout(r, 80));
    expect(a.take()).toBe('*-1\r\n');
    expect(a.run('XREAD', 'BLOCK', '-1', 'STREAMS', 's', '$')).toBe('-ERR timeout is negative\r\n');
    expect(a.run('XREAD', 'BLOCK', '1.5', 'STREAMS', 's', '$')).toBe('-ERR timeout is not an integer or out of range\r\n');
  });
});
