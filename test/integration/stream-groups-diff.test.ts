/**
 * Consumer groups and XINFO differentially against a real redis-server 7.0 (runs only where it is
 * installed): the same commands go to both servers and the raw reply bytes must be identical, in
 * RESP2 and RESP3. Times are the only thing normalised, and only where they appear: idle times
 * (XPENDING's third field, XINFO CONSUMERS' idle) and absolute ms times (delivery and seen times
 * of XINFO STREAM FULL). Delivery times set with XCLAIM TIME are small numbers and stay compared.
 */
import { describe, expect, it } from 'vitest';
import { redisUnavailable } from '../helpers/redis-ref.ts';
import { blockingScenario as blockingOn, compareBytes, redisPair } from '../helpers/redis-pair.ts';
import { seededRandom } from '../../server/lib/random.ts';

/** Narrow normalisation of time values (see the file comment). */
function normalise(cmd: string[], raw: string): string {
  const name = cmd[0].toUpperCase();
  const sub = (cmd[1] ?? '').toUpperCase();
  if (name === 'XPENDING' && cmd.length > 3) {
    return raw.replace(/(\*4\r\n\$\d+\r\n[^\r]*\r\n\$\d+\r\n[^\r]*\r\n):\d+\r\n/g, '$1:IDLE\r\n');
  }
  if (name === 'XINFO' && sub === 'CONSUMERS') return raw.replace(/(\$4\r\nidle\r\n):\d+\r\n/g, '$1:IDLE\r\n');
  if (name === 'XINFO' && sub === 'STREAM') {
    // Millisecond clock times (13 digits, year 2001 onwards) of deliveries and seen-times.
    return raw.replace(/:1\d{12}\r\n/g, ':NOW\r\n');
  }
  return raw;
}

describe.skipIf(redisUnavailable !== null)('stream consumer groups against redis-server 7.0', () => {
  const pair = redisPair();

  // One command per round trip; HELLO's reply differs in the client id only.
  const compare = (cmds: string[][]) => compareBytes(pair, cmds, { batch: 1, timeoutMs: 5000, skipHello: true, normalise, clip: 400 });

  const SCRIPT: string[][] = [
    ['FLUSHALL'],
    // XGROUP errors and CREATE forms.
    ['XGROUP', 'CREATE', 's', 'g', '$'],
    ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
    ['XINFO', 'STREAM', 's'],
    ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'CREATE', 's', 'g2', 'x'],
    ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '-2'],
    ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', 'x'],
    ['XGROUP', 'CREATE', 's', 'g2', '0', 'BOGUS'],
    ['XGROUP', 'CREATE', 's', 'g2', '0', 'MKSTREAM', 'ENTRIESREAD', '1', 'X'],
    ['XGROUP', 'CREATE', 's', 'g2'],
    ['XGROUP', 'FOO'],
    ['XGROUP', 'FOO', 'a', 'b'],
    ['XGROUP', 'SETID', 's', 'nog', '0'],
    ['XGROUP', 'SETID', 's', 'g', '0', 'BAD', '1'],
    ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD'],
    ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'c'],
    ['XGROUP', 'DELCONSUMER', 's', 'nog', 'c'],
    ['XGROUP', 'DESTROY', 's', 'nog'],
    ['XGROUP', 'DESTROY', 'nokey', 'g'],
    ['XGROUP', 'HELP'],
    ['XGROUP', 'HELP', 'x'],
    ['SET', 'str', 'x'],
    ['XGROUP', 'CREATE', 'str', 'g', '$', 'MKSTREAM'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'],
    ['XINFO', 'STREAM', 'str'],
    ['XINFO', 'STREAM', 'nokey'],
    ['XINFO', 'GROUPS', 'nokey'],
    ['XINFO', 'CONSUMERS', 'nokey', 'g'],
    ['XINFO', 'CONSUMERS', 's', 'nog'],
    ['XINFO', 'HELP'],
    ['XINFO', 'FOO', 's'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
    ['XINFO', 'STREAM', 's', 'FOO'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'],
    // Entries, reads, acks.
    ['XADD', 's', '1-1', 'a', '1'],
    ['XADD', 's', '1-2', 'b', '2'],
    ['XADD', 's', '2-1', 'a', '3', 'c', '4'],
    ['XADD', 's', '3-0', 'a', '5'],
    ['XGROUP', 'CREATE', 's', 'g0', '0'],
    ['XGROUP', 'CREATE', 's', 'g1', '1-1', 'ENTRIESREAD', '1'],
    ['XINFO', 'GROUPS', 's'],
    ['XREADGROUP', 'GROUP', 'g0', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'bob', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'bob', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'alice', 'STREAMS', 's', '0'],
    ['XREADGROUP', 'GROUP', 'g0', 'alice', 'COUNT', '1', 'STREAMS', 's', '1-1'],
    ['XREADGROUP', 'GROUP', 'g0', 'carol', 'STREAMS', 's', '0'],
    ['XREADGROUP', 'GROUP', 'nog', 'c', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'STREAMS', 's', '$'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'STREAMS', 's'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'STREAMS', 's', 'x'],
    ['XREADGROUP', 'GROUP', 'g0', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'BLOCK', 'x', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'BOGUS', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'STREAMS', 's', 'nokey', '>', '>'],
    ['XINFO', 'GROUPS', 's'],
    ['XINFO', 'CONSUMERS', 's', 'g0'],
    ['XPENDING', 's', 'g0'],
    ['XPENDING', 's', 'g1'],
    ['XPENDING', 's', 'g0', '-', '+', '10'],
    ['XPENDING', 's', 'g0', '-', '+', '1'],
    ['XPENDING', 's', 'g0', '(1-1', '+', '10'],
    ['XPENDING', 's', 'g0', '-', '(2-1', '10'],
    ['XPENDING', 's', 'g0', '-', '+', '10', 'bob'],
    ['XPENDING', 's', 'g0', '-', '+', '10', 'nobody'],
    ['XPENDING', 's', 'g0', 'IDLE', '0', '-', '+', '10'],
    ['XPENDING', 's', 'g0', 'IDLE', '1000000', '-', '+', '10'],
    ['XPENDING', 's', 'g0', 'IDLE', '0', '-', '+'],
    ['XPENDING', 's', 'g0', '-', '+'],
    ['XPENDING', 's', 'g0', '-', '+', 'x'],
    ['XPENDING', 's', 'g0', 'x', '+', '1'],
    ['XPENDING', 's', 'g0', '-', '+', '-5'],
    ['XPENDING', 's', 'nog'],
    ['XPENDING', 'nokey', 'g'],
    ['XPENDING', 'str', 'g'],
    ['XACK', 's', 'g0', '1-1', '1-1', '9-9'],
    ['XACK', 's', 'g0', 'x'],
    ['XACK', 's', 'nog', 'x'],
    ['XACK', 'nokey', 'g', '1-1'],
    ['XACK', 'str', 'g', '1-1'],
    ['XPENDING', 's', 'g0'],
    // Claims.
    ['XCLAIM', 's', 'g0', 'dave', '0', '1-2', '2-1', 'TIME', '1000'],
    ['XCLAIM', 's', 'g0', 'dave', '0', '1-2', 'JUSTID'],
    ['XCLAIM', 's', 'g0', 'dave', '0', '3-0', 'RETRYCOUNT', '7', 'JUSTID', 'TIME', '2000'],
    ['XCLAIM', 's', 'g0', 'erin', '100000000', '3-0', 'JUSTID'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'JUSTID'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'FORCE', 'JUSTID', 'TIME', '3000'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '9-9', 'FORCE', 'JUSTID'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'LASTID', '5-5', 'JUSTID'],
    ['XCLAIM', 's', 'g0', 'erin', 'x', '1-1'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'BOGUS'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'IDLE', 'x'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'TIME', 'x'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'RETRYCOUNT', 'x'],
    ['XCLAIM', 's', 'g0', 'erin', '0', '1-1', 'LASTID', 'x'],
    ['XCLAIM', 's', 'nog', 'erin', '0', '1-1'],
    ['XCLAIM', 'nokey', 'g', 'erin', '0', '1-1'],
    ['XINFO', 'STREAM', 's', 'FULL'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'],
    ['XINFO', 'GROUPS', 's'],
    ['XPENDING', 's', 'g0', '-', '+', '10'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '0', '0', 'COUNT', '1'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '0', '0', 'COUNT', '1', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '0', '(1-2', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '100000000', '0'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '0', '0', 'COUNT', '0'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '0', '0', 'COUNT', 'x'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '0', '0', 'BOGUS'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', 'x', '0'],
    ['XAUTOCLAIM', 's', 'g0', 'frank', '0', 'x'],
    ['XAUTOCLAIM', 's', 'nog', 'frank', '0', '0'],
    ['XAUTOCLAIM', 'str', 'g', 'frank', '0', '0'],
    // Deleted entries in PELs.
    ['XDEL', 's', '1-2'],
    ['XREADGROUP', 'GROUP', 'g0', 'frank', 'STREAMS', 's', '0'],
    ['XINFO', 'GROUPS', 's'],
    ['XAUTOCLAIM', 's', 'g0', 'gina', '0', '0', 'JUSTID'],
    ['XPENDING', 's', 'g0'],
    ['XDEL', 's', '2-1'],
    ['XCLAIM', 's', 'g0', 'gina', '0', '2-1', '3-0', 'JUSTID'],
    ['XPENDING', 's', 'g0'],
    ['XINFO', 'STREAM', 's'],
    ['XINFO', 'GROUPS', 's'],
    // Consumers.
    ['XGROUP', 'CREATECONSUMER', 's', 'g0', 'zed'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g0', 'zed'],
    ['XINFO', 'CONSUMERS', 's', 'g0'],
    ['XGROUP', 'DELCONSUMER', 's', 'g0', 'gina'],
    ['XGROUP', 'DELCONSUMER', 's', 'g0', 'nobody'],
    ['XPENDING', 's', 'g0'],
    ['XGROUP', 'SETID', 's', 'g0', '0'],
    ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'SETID', 's', 'g0', '$', 'ENTRIESREAD', '3'],
    ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'SETID', 's', 'g0', '-'],
    ['XGROUP', 'SETID', 's', 'g0', '+'],
    ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'DESTROY', 's', 'g1'],
    ['XGROUP', 'DESTROY', 's', 'g1'],
    ['XREADGROUP', 'GROUP', 'g', 'n', 'NOACK', 'STREAMS', 's', '>'],
    ['XPENDING', 's', 'g'],
    ['XINFO', 'GROUPS', 's'],
    ['XINFO', 'STREAM', 's'],
    // Lag with tombstones, trims and XSETID.
    ['DEL', 'l'],
    ['XADD', 'l', '1-0', 'f', 'v'],
    ['XADD', 'l', '2-0', 'f', 'v'],
    ['XADD', 'l', '3-0', 'f', 'v'],
    ['XADD', 'l', '4-0', 'f', 'v'],
    ['XGROUP', 'CREATE', 'l', 'a', '0'],
    ['XGROUP', 'CREATE', 'l', 'b', '$'],
    ['XGROUP', 'CREATE', 'l', 'c', '2-0'],
    ['XGROUP', 'CREATE', 'l', 'd', '9-0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XREADGROUP', 'GROUP', 'a', 'x', 'COUNT', '1', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XDEL', 'l', '3-0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XREADGROUP', 'GROUP', 'a', 'x', 'COUNT', '1', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XREADGROUP', 'GROUP', 'c', 'x', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XDEL', 'l', '1-0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XTRIM', 'l', 'MAXLEN', '0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XINFO', 'STREAM', 'l'],
    ['XADD', 'l', '5-0', 'f', 'v'],
    ['XINFO', 'GROUPS', 'l'],
    ['XSETID', 'l', '10-0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XREADGROUP', 'GROUP', 'd', 'x', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XINFO', 'STREAM', 'l', 'FULL'],
    // Two streams at once.
    ['DEL', 'm1', 'm2'],
    ['XADD', 'm1', '1-0', 'f', 'v'],
    ['XADD', 'm2', '1-0', 'f', 'v'],
    ['XGROUP', 'CREATE', 'm1', 'g', '$'],
    ['XGROUP', 'CREATE', 'm2', 'g', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'm1', 'm2', '>', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'm1', 'm2', '0', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'm1', 'm2', '>', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '10', 'STREAMS', 'm1', 'm2', '>', '>'],
    ['XINFO', 'CONSUMERS', 'm1', 'g'],
    // The same key twice: the first read moves the group, so the second may find nothing.
    ['XADD', 'm2', '2-0', 'f', 'v'],
    ['XADD', 'm2', '3-0', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'm2', 'm2', '>', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'm2', 'm2', '>', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'm2', 'm1', 'm2', '0', '>', '>'],
    ['XPENDING', 'm2', 'g'],
  ];

  it('replies and errors match (RESP2)', async () => {
    expect(await compare(SCRIPT)).toEqual([]);
  });

  it('replies and errors match (RESP3)', async () => {
    expect(await compare([['HELLO', '3'], ...SCRIPT, ['HELLO', '2']])).toEqual([]);
  });

  const blockingScenario = (setup: string[][], readers: string[][], writes: string[][], resp3 = false) => blockingOn(pair, setup, readers, writes, resp3);

  it('XREADGROUP BLOCK: served by XADD and MULTI/EXEC, not by XSETID; -NOGROUP on DESTROY; -UNBLOCKED on DEL', async () => {
    const setup = [
      ['DEL', 'g1', 'g2'],
      ['XGROUP', 'CREATE', 'g1', 'grp', '$', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 'g2', 'grp', '$', 'MKSTREAM'],
      ['XGROUP', 'CREATE', 'g2', 'other', '$'],
    ];
    const readers = [
      ['XREADGROUP', 'GROUP', 'grp', 'a', 'BLOCK', '0', 'STREAMS', 'g1', '>'],
      ['XREADGROUP', 'GROUP', 'grp', 'b', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 'g1', '>'],
      ['XREADGROUP', 'GROUP', 'grp', 'c', 'BLOCK', '0', 'STREAMS', 'g2', '>'],
      ['XREADGROUP', 'GROUP', 'other', 'd', 'NOACK', 'BLOCK', '0', 'STREAMS', 'g2', '>'],
    ];
    const writes = [
      ['XSETID', 'g1', '5-0'],
      ['XADD', 'g1', '6-0', 'f', 'v'],
      ['MULTI'],
      ['XADD', 'g1', '7-0', 'a', '1'],
      ['XADD', 'g1', '8-0', 'b', '2'],
      ['EXEC'],
      ['XGROUP', 'DESTROY', 'g2', 'grp'],
      ['DEL', 'g2'],
      ['XPENDING', 'g1', 'grp'],
      ['XINFO', 'GROUPS', 'g1'],
    ];
    expect(await blockingScenario(setup, readers, writes)).toEqual([]);
    expect(await blockingScenario(setup, readers, writes, true)).toEqual([]);
  });

  /** Random group workloads: appends, deletes, trims, reads, acks, claims, group and consumer changes. */
  function workload(seed: number, n: number): string[][] {
    const r = seededRandom(seed);
    const int = (k: number) => Math.floor(r() * k);
    const cmds: string[][] = [['DEL', 'w'], ['XGROUP', 'CREATE', 'w', 'g1', '0', 'MKSTREAM'], ['XGROUP', 'CREATE', 'w', 'g2', '$']];
    let ms = 1;
    const groups = ['g1', 'g2', 'g3'];
    const cons = ['a', 'b', 'c'];
    const someId = () => `${1 + int(ms + 2)}-${int(3)}`;
    for (let i = 0; i < n; i++) {
      const g = groups[int(3)];
      const c = cons[int(3)];
      const k = int(100);
      if (k < 25) {
        ms += 1 + int(2);
        cmds.push(['XADD', 'w', `${ms}-*`, 'f', String(i)]);
      } else if (k < 30) cmds.push(['XDEL', 'w', someId(), someId()]);
      else if (k < 32) cmds.push(['XTRIM', 'w', 'MAXLEN', String(int(20))]);
      else if (k < 45) cmds.push(['XREADGROUP', 'GROUP', g, c, 'COUNT', String(int(4)), ...(int(4) === 0 ? ['NOACK'] : []), 'STREAMS', 'w', '>']);
      else if (k < 50) cmds.push(['XREADGROUP', 'GROUP', g, c, 'COUNT', String(int(4)), 'STREAMS', 'w', int(2) ? '0' : someId()]);
      else if (k < 58) cmds.push(['XACK', 'w', g, someId(), someId()]);
      else if (k < 64) cmds.push(['XCLAIM', 'w', g, c, '0', someId(), someId(), ...(int(2) ? ['JUSTID'] : []), ...(int(3) === 0 ? ['FORCE'] : []), ...(int(4) === 0 ? ['RETRYCOUNT', String(int(9))] : [])]);
      else if (k < 70) cmds.push(['XAUTOCLAIM', 'w', g, c, '0', int(2) ? '0' : someId(), 'COUNT', String(1 + int(4)), ...(int(2) ? ['JUSTID'] : [])]);
      else if (k < 73) cmds.push(['XGROUP', 'SETID', 'w', g, int(3) === 0 ? '$' : someId(), ...(int(2) ? ['ENTRIESREAD', String(int(ms))] : [])]);
      else if (k < 75) cmds.push(['XGROUP', 'CREATE', 'w', g, int(2) ? '$' : someId()]);
      else if (k < 76) cmds.push(['XGROUP', 'DESTROY', 'w', g]);
      else if (k < 78) cmds.push(['XGROUP', 'CREATECONSUMER', 'w', g, c]);
      else if (k < 80) cmds.push(['XGROUP', 'DELCONSUMER', 'w', g, c]);
      else if (k < 86) cmds.push(['XPENDING', 'w', g]);
      else if (k < 90) cmds.push(['XPENDING', 'w', g, '-', '+', String(int(5)), ...(int(2) ? [c] : [])]);
      else if (k < 96) cmds.push(['XINFO', 'GROUPS', 'w']);
      else if (k < 98) cmds.push(['XINFO', 'STREAM', 'w']);
      else cmds.push(['XINFO', 'STREAM', 'w', 'FULL', 'COUNT', String(int(4))]);
    }
    return cmds;
  }

  it('random group workloads match', async () => {
    for (let seed = 1; seed <= 4; seed++) expect(await compare(workload(seed, 500)), `seed ${seed}`).toEqual([]);
  });

  it('random group workloads match in RESP3', async () => {
    for (let seed = 5; seed <= 6; seed++) expect(await compare([['HELLO', '3'], ...workload(seed, 400), ['HELLO', '2']]), `seed ${seed}`).toEqual([]);
  });

  it('radix-tree figures match over many nodes', async () => {
    const cmds: string[][] = [['DEL', 'r'], ['CONFIG', 'SET', 'stream-node-max-entries', '3']];
    for (let i = 1; i <= 300; i++) {
      cmds.push(['XADD', 'r', `${i * 977}-${i % 5}`, 'f', String(i)]);
      if (i % 37 === 0) cmds.push(['XINFO', 'STREAM', 'r']);
    }
    cmds.push(['XTRIM', 'r', 'MAXLEN', '100'], ['XINFO', 'STREAM', 'r'], ['XDEL', 'r', '290429-4', '291406-0', '292383-1'], ['XINFO', 'STREAM', 'r']);
    cmds.push(['CONFIG', 'SET', 'stream-node-max-entries', '100']);
    expect(await compare(cmds)).toEqual([]);
  });

  it('COMMAND INFO matches', async () => {
    const cmds: string[][] = [];
    // Containers list their subcommands in Redis's dict order (seeded per process): each is asked alone.
    const names = ['xreadgroup', 'xack', 'xpending', 'xclaim', 'xautoclaim'];
    for (const s of ['create', 'createconsumer', 'delconsumer', 'destroy', 'help', 'setid']) names.push(`xgroup|${s}`);
    for (const s of ['consumers', 'groups', 'help', 'stream']) names.push(`xinfo|${s}`);
    for (const name of names) cmds.push(['COMMAND', 'INFO', name]);
    cmds.push(['COMMAND', 'GETKEYS', 'XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'a', 'b', '>', '>']);
    expect(await compare(cmds)).toEqual([]);
  });
});
