/**
 * Stream commands differentially against a real redis-server 7.0 (runs only where it is installed):
 * the same commands go to both servers and the raw reply bytes must be identical, in RESP2 and
 * RESP3. Explicit IDs keep both sides deterministic; long XADD runs with varied field layouts and
 * value sizes exercise node boundaries (stream-node-max-entries / -bytes), which approximate
 * trimming exposes.
 */
import { describe, expect, it } from 'vitest';
import { redisUnavailable } from '../helpers/redis-ref.ts';
import { blockingScenario as blockingOn, compareBytes, redisPair } from '../helpers/redis-pair.ts';
import { seededRandom } from '../../server/lib/random.ts';

describe.skipIf(redisUnavailable !== null)('streams against redis-server 7.0', () => {
  const pair = redisPair();

  // HELLO differs in the client id only.
  const compare = (cmds: string[][]) => compareBytes(pair, cmds, { skipHello: true });

  const ERRORS: string[][] = [
    ['DEL', 's', 'str'],
    ['SET', 'str', 'x'],
    ['XADD', 'str', '*', 'a', '1'],
    ['XLEN', 'str'],
    ['XRANGE', 'str', '-', '+'],
    ['XADD', 's', '1-1', 'a', '1'],
    ['XADD', 's', '1-1', 'a', '1'],
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '0-0', 'a', '1'],
    ['XADD', 's', '0', 'a', '1'],
    ['XADD', 's', '0-*', 'a', '1'],
    ['XADD', 's', '1-*', 'a', '1'],
    ['XADD', 's', '1-*', 'a'],
    ['XADD', 's', '*', 'a'],
    ['XADD', 's', 'x', 'a', '1'],
    ['XADD', 's', '-', 'a', '1'],
    ['XADD', 's', '+', 'a', '1'],
    ['XADD', 's', '2-x', 'a', '1'],
    ['XADD', 's', '2--1', 'a', '1'],
    ['XADD', 's', '2--0', 'a', '1'],
    ['XADD', 's', '+3-1', 'a', '1'],
    ['XADD', 's', ' 4-1', 'a', '1'],
    ['XADD', 's', '005-01', 'a', '1'],
    ['XADD', 's', '18446744073709551616-1', 'a', '1'],
    ['XADD', 's', 'MAXLEN', '-1', '*', 'a', '1'],
    ['XADD', 's', 'MAXLEN', 'x', '*', 'a', '1'],
    ['XADD', 's', 'MINID', '1-x', '*', 'a', '1'],
    ['XADD', 's', 'LIMIT', '5', '*', 'a', '1'],
    ['XADD', 's', 'MAXLEN', '5', 'LIMIT', '5', '*', 'a', '1'],
    ['XADD', 's', 'MAXLEN', '5', 'MINID', '1', '*', 'a', '1'],
    ['XADD', 's', 'LIMIT', '-1', 'MAXLEN', '~', '1', '*', 'a', '1'],
    ['XADD', 's', 'NOMKSTREAM'],
    ['XADD', 'nokey', 'NOMKSTREAM', '*', 'a', '1'],
    ['EXISTS', 'nokey'],
    ['XADD', 's', 'MAXLEN', '~', '*', 'a', '1'],
    ['XTRIM', 's'],
    ['XTRIM', 's', 'foo', '1'],
    ['XTRIM', 's', 'LIMIT', '10'],
    ['XTRIM', 's', 'LIMIT', '0', 'MAXLEN', '1'],
    ['XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '5'],
    ['XTRIM', 'nokey', 'MAXLEN', '1'],
    ['XTRIM', 'str', 'MAXLEN', '1'],
    ['XTRIM', 's', 'MINID', '-'],
    ['XRANGE', 's', '(-', '+'],
    ['XRANGE', 's', '-', '(+'],
    ['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'],
    ['XRANGE', 's', '-', '(0-0'],
    ['XRANGE', 's', '-', '(0'],
    ['XRANGE', 's', '-', '+', 'COUNT'],
    ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
    ['XRANGE', 's', '-', '+', 'COUNT', '0'],
    ['XRANGE', 's', '-', '+', 'COUNT', '-5'],
    ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
    ['XRANGE', 's', '-', '+', 'FOO', '1'],
    ['XRANGE', 's', 'x', '+'],
    ['XREVRANGE', 's', '+', '-', 'COUNT', '1'],
    ['XREVRANGE', 's', '-', '+'],
    ['XDEL', 'nokey', 'bad'],
    ['XDEL', 'str', '1-1'],
    ['XDEL', 's', '1-1', 'bad'],
    ['XDEL', 's', '-'],
    ['XDEL', 's', '9-9'],
    ['XREAD', 'STREAMS', 's'],
    ['XREAD', 'STREAMS', 's', 't', '0'],
    ['XREAD', 'COUNT', 'x', 'STREAMS', 's', '0'],
    ['XREAD', 'BLOCK', 'x', 'STREAMS', 's', '0'],
    ['XREAD', 'BLOCK', '-1', 'STREAMS', 's', '0'],
    ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
    ['XREAD', 'NOACK', 'STREAMS', 's', '0'],
    ['XREAD', 'FOO', 'STREAMS', 's', '0'],
    ['XREAD', 'COUNT', '1', 'BLOCK', '1'],
    ['XREAD', 'STREAMS', 's', '>'],
    ['XREAD', 'STREAMS', 's', '-'],
    ['XREAD', 'STREAMS', 'str', '0'],
    ['XREAD', 'STREAMS', 's', 'nokey', '0', '0'],
    ['XREAD', 'STREAMS', 's', '$'],
    ['XREAD', 'COUNT', '-3', 'STREAMS', 's', 's', '0', '1'],
    ['XSETID', 'nokey', '1-1'],
    ['XSETID', 's', 'bad'],
    ['XSETID', 's', '0-1'],
    ['XSETID', 's', '5-5', 'ENTRIESADDED'],
    ['XSETID', 's', '5-5', 'ENTRIESADDED', '-1'],
    ['XSETID', 's', '5-5', 'ENTRIESADDED', '0'],
    ['XSETID', 's', '5-5', 'MAXDELETEDID', '6-0'],
    ['XSETID', 's', '5-5', 'MAXDELETEDID', 'x'],
    ['XSETID', 's', '5-5', 'FOO', '1'],
    ['XSETID', 's', '5-5', 'MAXDELETEDID', '4-0', 'ENTRIESADDED', '10'],
    ['XSETID', 's', '4-9'],
    ['XADD', 's', '5-5', 'a', '1'],
    ['XADD', 's', '5-*', 'a', '1'],
    ['XSETID', 'str', '1-1'],
    ['XLEN', 's'],
    ['OBJECT', 'ENCODING', 's'],
    ['TYPE', 's'],
    ['DEL', 'big'],
    ['XADD', 'big', '18446744073709551615-18446744073709551614', 'f', 'v'],
    ['XADD', 'big', '18446744073709551615-*', 'f', 'v'],
    ['XADD', 'big', '*', 'f', 'v'],
    ['XADD', 'big', '18446744073709551615-18446744073709551615', 'f', 'v'],
    ['XRANGE', 'big', '-', '+'],
    ['XRANGE', 'big', '18446744073709551615', '18446744073709551615'],
    ['XRANGE', 'big', '(18446744073709551615-18446744073709551614', '+'],
    ['XREVRANGE', 'big', '+', '(18446744073709551615-18446744073709551614'],
    ['XDEL', 'big', '18446744073709551615-18446744073709551615'],
    ['XADD', 'big', '*', 'f', 'v'],
    ['XLEN', 'big'],
    ['DEL', 'm'],
    ['XADD', 'm', '9007199254740993-9007199254740993', 'f', 'v'],
    ['XADD', 'm', '9007199254740993-*', 'f', 'v'],
    ['XADD', 'm', '9007199254740994', 'f', 'v'],
    ['XRANGE', 'm', '9007199254740993', '+'],
    ['XRANGE', 'm', '(9007199254740993-9007199254740994', '+'],
  ];

  it('errors, edge IDs and reply shapes match (RESP2)', async () => {
    expect(await compare(ERRORS)).toEqual([]);
  });

  it('errors, edge IDs and reply shapes match (RESP3)', async () => {
    expect(await compare([['HELLO', '3'], ...ERRORS, ['HELLO', '2']])).toEqual([]);
  });

  it('COMMAND INFO and GETKEYS match', async () => {
    const cmds: string[][] = [];
    for (const name of ['xadd', 'xlen', 'xrange', 'xrevrange', 'xread', 'xdel', 'xtrim', 'xsetid']) cmds.push(['COMMAND', 'INFO', name]);
    cmds.push(['COMMAND', 'GETKEYS', 'XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '0', '0']);
    cmds.push(['COMMAND', 'GETKEYS', 'XADD', 'k', '*', 'f', 'v']);
    expect(await compare(cmds)).toEqual([]);
  });

  const blockingScenario = (setup: string[][], readers: string[][], writes: string[][], resp3 = false) => blockingOn(pair, setup, readers, writes, resp3);

  it('XREAD BLOCK: served by XADD, MULTI/EXEC, not by XSETID/XDEL; COUNT; several keys; RESP3', async () => {
    const setup = [['DEL', 'b1', 'b2', 'b3'], ['XADD', 'b1', '1-1', 'f', 'v'], ['XADD', 'b3', '1-1', 'f', 'v']];
    const readers = [
      ['XREAD', 'BLOCK', '0', 'STREAMS', 'b1', '$'],
      ['XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 'b2', 'b1', '0', '1-1'],
      ['XREAD', 'BLOCK', '2000', 'STREAMS', 'b3', 'b3', '$', '1-1'],
    ];
    const writes = [
      ['XSETID', 'b1', '5-0'],
      ['XDEL', 'b3', '1-1'],
      ['MULTI'],
      ['XADD', 'b1', '6-1', 'a', '1'],
      ['XADD', 'b1', '6-2', 'b', '2'],
      ['EXEC'],
      ['XADD', 'b3', '7-*', 'c', '3'],
      ['XADD', 'b2', '8-0', 'd', '4'],
    ];
    expect(await blockingScenario(setup, readers, writes)).toEqual([]);
    expect(await blockingScenario(setup, readers, writes, true)).toEqual([]);
  });

  /** Random workloads: appends with varying field sets and sizes, deletes, trims, reads. */
  function workload(seed: number, n: number): string[][] {
    const r = seededRandom(seed);
    const int = (k: number) => Math.floor(r() * k);
    const cmds: string[][] = [['DEL', 'w'], ['CONFIG', 'SET', 'stream-node-max-entries', String([100, 5, 17, 0][seed % 4])], ['CONFIG', 'SET', 'stream-node-max-bytes', String([4096, 300, 0, 1000][seed % 4])]];
    let ms = 1;
    let seq = 0;
    const added: string[] = [];
    const val = () => {
      const k = int(10);
      if (k < 4) return String(int(1000) - 200);
      if (k < 6) return 'x'.repeat(int(80));
      if (k < 7) return String(int(2 ** (8 + int(40))) - (int(2) === 0 ? 2 ** 20 : 0));
      if (k === 9 && int(3) === 0) return 'y'.repeat(100 + int(300));
      if (k < 8) return '0' + int(100);
      return 'v'.repeat(int(10));
    };
    const fieldSets = [['a'], ['a', 'b'], ['b', 'a'], ['name', 'value', 'x'], ['1', '22']];
    for (let i = 0; i < n; i++) {
      const op = int(100);
      if (op < 60) {
        if (int(3) === 0) {
          ms += 1 + int(5000);
          seq = 0;
        } else seq++;
        const id = `${ms}-${seq}`;
        added.push(id);
        const fs = fieldSets[int(fieldSets.length)];
        const cmd = ['XADD', 'w'];
        const t = int(20);
        if (t === 0) cmd.push('MAXLEN', '~', String(int(300)));
        else if (t === 1) cmd.push('MAXLEN', String(int(300)));
        else if (t === 2) cmd.push('MINID', '~', added[int(added.length)]);
        else if (t === 3) cmd.push('MAXLEN', '~', String(int(200)), 'LIMIT', String(int(150)));
        cmd.push(id);
        for (const f of fs) cmd.push(f, val());
        cmds.push(cmd);
      } else if (op < 68) {
        const ids = [];
        for (let k = int(4); k >= 0; k--) ids.push(added.length > 0 && int(5) > 0 ? added[int(added.length)] : `${int(ms + 2)}-${int(3)}`);
        cmds.push(['XDEL', 'w', ...ids]);
      } else if (op < 74) {
        const t = int(6);
        const pick = () => (added.length > 0 ? added[int(added.length)] : '0-1');
        if (t === 0) cmds.push(['XTRIM', 'w', 'MAXLEN', '~', String(int(400))]);
        else if (t === 1) cmds.push(['XTRIM', 'w', 'MAXLEN', String(int(400))]);
        else if (t === 2) cmds.push(['XTRIM', 'w', 'MINID', '~', pick()]);
        else if (t === 3) cmds.push(['XTRIM', 'w', 'MINID', pick()]);
        else if (t === 4) cmds.push(['XTRIM', 'w', 'MAXLEN', '~', String(int(300)), 'LIMIT', String(int(300))]);
        else cmds.push(['XTRIM', 'w', 'MINID', '=', String(int(ms + 1))]);
      } else {
        const bound = (lo: boolean): string => {
          const k = int(7);
          if (k === 0) return lo ? '-' : '+';
          if (k === 1) return String(int(ms + 2));
          if (k === 2) return '(' + (added.length > 0 ? added[int(added.length)] : '1-1');
          return added.length > 0 ? added[int(added.length)] : '1-1';
        };
        const t = int(4);
        const count = int(3) === 0 ? ['COUNT', String(int(20))] : [];
        if (t === 0) cmds.push(['XRANGE', 'w', bound(true), bound(false), ...count]);
        else if (t === 1) cmds.push(['XREVRANGE', 'w', bound(false), bound(true), ...count]);
        else if (t === 2) cmds.push(['XREAD', ...count, 'STREAMS', 'w', 'nokey', bound(true).replace('(', '').replace('-', '0').replace('+', '$'), '0']);
        else cmds.push(['XLEN', 'w']);
      }
    }
    cmds.push(['XRANGE', 'w', '-', '+'], ['XLEN', 'w'], ['CONFIG', 'SET', 'stream-node-max-entries', '100'], ['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
    return cmds;
  }

  it('random workloads with node-size configs give identical bytes', async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const bad = await compare(workload(seed, 2500));
      expect(bad.slice(0, 5)).toEqual([]);
    }
  });
});
