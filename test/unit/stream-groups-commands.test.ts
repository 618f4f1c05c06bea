/**
 * Consumer-group commands in-process: keyspace events, propagation in Redis 7.0's forms (XCLAIM
 * ... TIME RETRYCOUNT FORCE JUSTID LASTID, XGROUP SETID ... ENTRIESREAD, XGROUP CREATECONSUMER,
 * checked against what a real 7.0.15 writes to its AOF), idle-based claiming on the test clock,
 * XREADGROUP BLOCK woken by XADD, and -NOGROUP / -UNBLOCKED wakeups.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, connect, TEST_NOW, type Harness } from '../helpers/in-process.ts';

let h: Harness;
const extra: ReturnType<typeof connect>[] = [];
afterEach(() => {
  for (const t of extra.splice(0)) h.engine.removeClient(t.client);
});
function other(resp?: 2 | 3) {
  const t = connect(h.engine, resp);
  extra.push(t);
  return t;
}
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const T = String(TEST_NOW);

function setup(): Harness {
  h = harness();
  h.run('XADD', 's', '1-1', 'a', '1');
  h.run('XADD', 's', '2-1', 'a', '2');
  h.reset();
  return h;
}

describe('XGROUP', () => {
  it('fires its events, and MKSTREAM creates the key', () => {
    h = harness();
    expect(h.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')).toBe('+OK\r\n');
    expect(h.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(':1\r\n');
    expect(h.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(':0\r\n');
    expect(h.run('XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '0')).toBe('+OK\r\n');
    expect(h.run('XGROUP', 'DELCONSUMER', 's', 'g', 'c')).toBe(':0\r\n');
    expect(h.run('XGROUP', 'DESTROY', 's', 'g')).toBe(':1\r\n');
    expect(h.run('XGROUP', 'DESTROY', 's', 'g')).toBe(':0\r\n');
    expect(h.events).toEqual(['t xgroup-create s', 't xgroup-createconsumer s', 't xgroup-setid s', 't xgroup-delconsumer s', 't xgroup-destroy s']);
    expect(h.run('TYPE', 's')).toBe('+stream\r\n');
    // Propagated verbatim (they are deterministic); failed or no-op forms not at all.
    expect(h.props.map((p) => p.join(' '))).toEqual([
      'XGROUP CREATE s g $ MKSTREAM',
      'XGROUP CREATECONSUMER s g c',
      'XGROUP SETID s g 0 ENTRIESREAD 0',
      'XGROUP DELCONSUMER s g c',
      'XGROUP DESTROY s g',
    ]);
  });

  it('errors leave nothing behind', () => {
    h = harness();
    expect(h.run('XGROUP', 'CREATE', 's', 'g', 'bad', 'MKSTREAM')).toBe('-ERR Invalid stream ID specified as stream command argument\r\n');
    expect(h.run('EXISTS', 's')).toBe(':0\r\n');
    expect(h.run('XGROUP', 'CREATE', 's', 'g', '$')).toMatch(/^-ERR The XGROUP subcommand requires the key to exist/);
    h.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    expect(h.run('XGROUP', 'CREATE', 's', 'g', '$')).toBe('-BUSYGROUP Consumer Group name already exists\r\n');
    expect(h.run('XGROUP', 'SETID', 's', 'x', '0')).toBe("-NOGROUP No such consumer group 'x' for key name 's'\r\n");
  });
});

describe('XREADGROUP', () => {
  it('delivers new entries, records the PEL and propagates XCLAIMs carrying the last ID', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '0');
    h.reset();
    expect(h.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')).toBe(
      `*1\r\n*2\r\n${bulk('s')}*2\r\n*2\r\n${bulk('1-1')}*2\r\n${bulk('a')}${bulk('1')}*2\r\n${bulk('2-1')}*2\r\n${bulk('a')}${bulk('2')}`,
    );
    expect(h.events).toEqual(['t xgroup-createconsumer s']);
    // Several writes of one command are wrapped in MULTI/EXEC, as in Redis's AOF.
    expect(h.props.map((p) => p.join(' '))).toEqual([
      'MULTI',
      `XCLAIM s g c 0 1-1 TIME ${T} RETRYCOUNT 1 FORCE JUSTID LASTID 1-1`,
      `XCLAIM s g c 0 2-1 TIME ${T} RETRYCOUNT 1 FORCE JUSTID LASTID 2-1`,
      'EXEC',
    ]);
    h.reset();
    // Nothing new: a nil reply and nothing propagated.
    expect(h.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>')).toBe('*-1\r\n');
    // History: the consumer's own PEL, delivery count bumped, nothing propagated.
    expect(h.run('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '0')).toBe(`*1\r\n*2\r\n${bulk('s')}*1\r\n*2\r\n${bulk('1-1')}*2\r\n${bulk('a')}${bulk('1')}`);
    expect(h.props).toEqual([]);
    h.advance(50);
    expect(h.run('XPENDING', 's', 'g', '-', '+', '10')).toBe(`*2\r\n*4\r\n${bulk('1-1')}${bulk('c')}:50\r\n:2\r\n*4\r\n${bulk('2-1')}${bulk('c')}:50\r\n:1\r\n`);
  });

  it('with NOACK propagates the consumer creation and XGROUP SETID with entries-read', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '0');
    h.reset();
    h.run('XREADGROUP', 'GROUP', 'g', 'n', 'NOACK', 'STREAMS', 's', '>');
    expect(h.props.map((p) => p.join(' '))).toEqual(['MULTI', 'XGROUP CREATECONSUMER s g n', 'XGROUP SETID s g 2-1 ENTRIESREAD 2', 'EXEC']);
    expect(h.run('XPENDING', 's', 'g')).toBe(':0\r\n'.replace(':0', '*4\r\n:0') + '$-1\r\n$-1\r\n*-1\r\n');
  });

  it('BLOCK is served by an XADD from another client, which propagates the XCLAIM', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '$');
    const r = other();
    expect(r.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')).toBe('');
    h.reset();
    h.run('XADD', 's', '3-1', 'f', 'v');
    expect(r.take()).toBe(`*1\r\n*2\r\n${bulk('s')}*1\r\n*2\r\n${bulk('3-1')}*2\r\n${bulk('f')}${bulk('v')}`);
    expect(h.props.map((p) => p.join(' '))).toEqual(['XADD s 3-1 f v', `XCLAIM s g c 0 3-1 TIME ${T} RETRYCOUNT 1 FORCE JUSTID LASTID 3-1`]);
    expect(h.run('XINFO', 'GROUPS', 's')).toBe(
      `*1\r\n*12\r\n${bulk('name')}${bulk('g')}${bulk('consumers')}:1\r\n${bulk('pending')}:1\r\n${bulk('last-delivered-id')}${bulk('3-1')}${bulk('entries-read')}:3\r\n${bulk('lag')}:0\r\n`,
    );
  });

  it('a blocked reader is not served by writes other than XADD, and gets errors on DESTROY / DEL', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '$');
    const r = other(3);
    r.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
    h.run('XSETID', 's', '9-9');
    h.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'x');
    expect(r.take()).toBe('');
    h.run('XGROUP', 'DESTROY', 's', 'g');
    expect(r.take()).toBe('-NOGROUP the consumer group this client was blocked on no longer exists\r\n');
    h.run('XGROUP', 'CREATE', 's', 'g', '$');
    r.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
    h.run('DEL', 's');
    expect(r.take()).toBe('-UNBLOCKED the stream key no longer exists\r\n');
    // Overwritten by another type: the key is gone for the reader too.
    h.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    r.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
    h.run('SET', 's', 'x');
    expect(r.take()).toBe('-UNBLOCKED the stream key no longer exists\r\n');
    // Replaced by a stream without the group (RENAME): -NOGROUP.
    h.run('DEL', 's');
    h.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    h.run('XADD', 'other', '1-1', 'a', '1');
    r.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
    h.run('RENAME', 'other', 's');
    expect(r.take()).toBe('-NOGROUP the consumer group this client was blocked on no longer exists\r\n');
  });

  it('inside MULTI does not block', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '$');
    h.run('MULTI');
    h.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
    expect(h.run('EXEC')).toBe('*1\r\n*-1\r\n');
  });
});

describe('claiming', () => {
  it('XCLAIM honours min-idle on the clock and propagates the new owner', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '0');
    h.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    h.advance(1000);
    h.reset();
    expect(h.run('XCLAIM', 's', 'g', 'd', '2000', '1-1', 'JUSTID')).toBe('*0\r\n');
    expect(h.props).toEqual([]);
    h.advance(1000);
    expect(h.run('XCLAIM', 's', 'g', 'd', '2000', '1-1', 'JUSTID')).toBe(`*1\r\n${bulk('1-1')}`);
    expect(h.events).toEqual(['t xgroup-createconsumer s']);
    expect(h.props.map((p) => p.join(' '))).toEqual([`XCLAIM s g d 0 1-1 TIME ${TEST_NOW + 2000} RETRYCOUNT 1 FORCE JUSTID LASTID 2-1`]);
    h.reset();
    expect(h.run('XCLAIM', 's', 'g', 'd', '0', '5-5', 'LASTID', '10-10')).toBe('*0\r\n');
    expect(h.props.map((p) => p.join(' '))).toEqual(['XGROUP SETID s g 10-10 ENTRIESREAD 2']);
  });

  it('XAUTOCLAIM claims idle entries, reports a cursor and the deleted IDs it cleared', () => {
    setup();
    h.run('XADD', 's', '3-1', 'a', '3');
    h.run('XGROUP', 'CREATE', 's', 'g', '0');
    h.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    h.run('XDEL', 's', '2-1');
    h.advance(100);
    h.reset();
    expect(h.run('XAUTOCLAIM', 's', 'g', 'e', '50', '0', 'COUNT', '2', 'JUSTID')).toBe(`*3\r\n${bulk('3-1')}*1\r\n${bulk('1-1')}*1\r\n${bulk('2-1')}`);
    expect(h.props.map((p) => p.join(' '))).toEqual([
      'MULTI',
      `XCLAIM s g e 0 1-1 TIME ${TEST_NOW + 100} RETRYCOUNT 1 FORCE JUSTID LASTID 3-1`,
      `XCLAIM s g c 0 2-1 TIME ${T} RETRYCOUNT 1 FORCE JUSTID LASTID 3-1`,
      'EXEC',
    ]);
    expect(h.run('XAUTOCLAIM', 's', 'g', 'e', '50', '3-1')).toBe(`*3\r\n${bulk('0-0')}*1\r\n*2\r\n${bulk('3-1')}*2\r\n${bulk('a')}${bulk('3')}*0\r\n`);
    expect(h.run('XPENDING', 's', 'g')).toBe(`*4\r\n:2\r\n${bulk('1-1')}${bulk('3-1')}*1\r\n*2\r\n${bulk('e')}${bulk('2')}`);
  });
});

describe('WATCH', () => {
  it('group commands do not touch the key (as in Redis 7.0.15), creating the stream does', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '0');
    const o = other();
    for (const cmd of [
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
      ['XACK', 's', 'g', '1-1'],
      ['XCLAIM', 's', 'g', 'd', '0', '2-1'],
      ['XGROUP', 'SETID', 's', 'g', '0'],
      ['XGROUP', 'DESTROY', 's', 'g'],
    ]) {
      h.run('WATCH', 's');
      o.run(...cmd);
      h.run('MULTI');
      h.run('PING');
      expect(h.run('EXEC'), cmd.join(' ')).toBe('*1\r\n+PONG\r\n');
    }
    h.run('WATCH', 'new');
    o.run('XGROUP', 'CREATE', 'new', 'g', '$', 'MKSTREAM');
    h.run('MULTI');
    h.run('PING');
    expect(h.run('EXEC')).toBe('*-1\r\n');
  });
});

describe('XINFO and COPY', () => {
  it('COPY deep-copies groups', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '0');
    h.run('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>');
    h.run('COPY', 's', 't');
    h.run('XACK', 's', 'g', '1-1');
    h.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'z');
    expect(h.run('XPENDING', 't', 'g')).toBe(`*4\r\n:1\r\n${bulk('1-1')}${bulk('1-1')}*1\r\n*2\r\n${bulk('c')}${bulk('1')}`);
    expect(h.run('XINFO', 'CONSUMERS', 't', 'g')).toBe(`*1\r\n*6\r\n${bulk('name')}${bulk('c')}${bulk('pending')}:1\r\n${bulk('idle')}:0\r\n`);
  });

  it('XINFO CONSUMERS idle follows the clock', () => {
    setup();
    h.run('XGROUP', 'CREATE', 's', 'g', '0');
    h.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c');
    h.advance(1234);
    expect(h.run('XINFO', 'CONSUMERS', 's', 'g')).toBe(`*1\r\n*6\r\n${bulk('name')}${bulk('c')}${bulk('pending')}:0\r\n${bulk('idle')}:1234\r\n`);
  });
});
