/**
 * String commands differentially against a real redis-server 7.0 (runs only where it is installed):
 * the same commands go to both servers and the raw reply bytes must be identical. The INCRBYFLOAT part
 * runs 2000 random sequences of mixed magnitudes through Redis's x87 long double arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { redisUnavailable } from '../helpers/redis-ref.ts';
import { compareBytes, redisPair } from '../helpers/redis-pair.ts';
import { seededRandom } from '../../server/lib/random.ts';

/** Random INCRBYFLOAT operands: integers, decimals, small and huge exponents, hex floats, junk. */
export function floatOperands(seed: number): () => string {
  const r = seededRandom(seed);
  const int = (n: number) => Math.floor(r() * n);
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(int(10));
    return s;
  };
  const sign = () => (r() < 0.3 ? '-' : r() < 0.1 ? '+' : '');
  const specials = ['inf', '-inf', 'nan', '1e', 'abc', ' 1', '1 ', '.', '0', '-0', '1e4933', '1e-4960', '5e-4951', '1.5e4932', '0x1p16383', '.5', '5.', '1E+3', 'Infinity', '0x', '0.1', '-0.1', '1e-20'];
  return () => {
    const k = int(100);
    if (k < 20) return sign() + (int(9) + 1) + digits(int(15));
    if (k < 50) return sign() + digits(int(8) + 1) + '.' + digits(int(20) + 1);
    if (k < 70) return sign() + (int(9) + 1) + '.' + digits(int(18)) + 'e' + (int(60) - 30);
    if (k < 76) return sign() + (int(9) + 1) + '.' + digits(int(25)) + 'e' + (int(9800) - 4900);
    if (k < 84) return sign() + '0.' + '0'.repeat(int(25)) + (int(9) + 1) + digits(int(10));
    if (k < 88) return sign() + '0x' + (int(255) + 1).toString(16) + '.' + int(4096).toString(16) + 'p' + (int(200) - 100);
    if (k < 92) return sign() + (int(9) + 1) + 'e' + (int(40) - 20);
    return specials[int(specials.length)];
  };
}

describe.skipIf(redisUnavailable !== null)('strings against redis-server 7.0', () => {
  const pair = redisPair();

  const compare = (cmds: string[][]) => compareBytes(pair, cmds);

  it('INCRBYFLOAT: 2000 random sequences of mixed magnitudes give identical bytes', async () => {
    const next = floatOperands(7);
    const r = seededRandom(99);
    const cmds: string[][] = [];
    for (let s = 0; s < 2000; s++) {
      const key = `f${s % 50}`;
      cmds.push(['DEL', key]);
      if (r() < 0.8) cmds.push(['SET', key, next()]);
      const steps = 1 + Math.floor(r() * 5);
      for (let i = 0; i < steps; i++) cmds.push(['INCRBYFLOAT', key, next()]);
      cmds.push(['GET', key]);
    }
    expect(await compare(cmds)).toEqual([]);
  });

  it('INCRBYFLOAT: long accumulations of small steps', async () => {
    const cmds: string[][] = [['DEL', 'acc1', 'acc2', 'acc3']];
    for (let i = 0; i < 300; i++) {
      cmds.push(['INCRBYFLOAT', 'acc1', '0.1']);
      cmds.push(['INCRBYFLOAT', 'acc2', '-1.0000001e-3']);
      cmds.push(['INCRBYFLOAT', 'acc3', i % 2 === 0 ? '12345678.987654321' : '-12345678.987654320']);
    }
    expect(await compare(cmds)).toEqual([]);
  });

  it('INCR family: random int64 values near the edges', async () => {
    const r = seededRandom(5);
    const vals = ['0', '1', '-1', '9223372036854775807', '-9223372036854775808', '9223372036854775806', '-9223372036854775807', '9007199254740991', '9007199254740992', '-9007199254740993', '999999999999999', '1000000000000000', '-999999999999999', '123abc', '', ' 1', '01', '-0', '+1', '1.5', '99999999999999999999'];
    const cmds: string[][] = [];
    for (let i = 0; i < 1500; i++) {
      const v = r() < 0.7 ? vals[Math.floor(r() * vals.length)] : String(Math.floor((r() - 0.5) * 2 ** Math.floor(r() * 64)));
      const by = r() < 0.5 ? vals[Math.floor(r() * vals.length)] : String(Math.floor((r() - 0.5) * 2 ** Math.floor(r() * 60)));
      cmds.push(['SET', 'n', v]);
      const op = Math.floor(r() * 4);
      cmds.push(op === 0 ? ['INCR', 'n'] : op === 1 ? ['DECR', 'n'] : op === 2 ? ['INCRBY', 'n', by] : ['DECRBY', 'n', by]);
      cmds.push(['GET', 'n']);
    }
    cmds.push(['DEL', 'n'], ['DECRBY', 'n', '-9223372036854775808'], ['INCRBY', 'n', '-9223372036854775808'], ['DECR', 'n']);
    expect(await compare(cmds)).toEqual([]);
  });

  it('GETRANGE and SETRANGE: random offsets over random strings', async () => {
    const r = seededRandom(11);
    const cmds: string[][] = [];
    const rnd = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(r() * 256));
      return s;
    };
    const idx = () => String(Math.floor((r() - 0.5) * 40));
    for (let i = 0; i < 800; i++) {
      const op = Math.floor(r() * 4);
      if (op === 0) cmds.push(['SET', 'g', rnd(Math.floor(r() * 20))]);
      else if (op === 1) cmds.push(['GETRANGE', 'g', idx(), idx()]);
      else if (op === 2) cmds.push(['SETRANGE', 'g', String(Math.floor(r() * 30)), rnd(Math.floor(r() * 6))]);
      else cmds.push(['SUBSTR', 'g', idx(), idx()]);
      if (r() < 0.05) cmds.push(['DEL', 'g']);
    }
    cmds.push(['GET', 'g']);
    expect(await compare(cmds)).toEqual([]);
  });

  it('SET / GETEX / GETSET / GETDEL / MSET / APPEND / SETRANGE / LCS: options, conflicts and error order', async () => {
    const cmds: string[][] = [
      ['FLUSHALL'],
      ['SET', 'k', 'v'],
      ['SET', 'k', 'v2', 'NX', 'GET'],
      ['SET', 'k', 'v3', 'XX', 'GET'],
      ['SET', 'nk', 'v', 'XX', 'GET'],
      ['EXISTS', 'nk'],
      ['SET', 'k', 'v4', 'EX', '10', 'EX', '20'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'NX', 'NX'],
      ['SET', 'k', 'v', 'nx', 'xx'],
      ['SET', 'k', 'v', 'GET', 'get'],
      ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
      ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
      ['SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL'],
      ['SET', 'k', 'v', 'PERSIST'],
      ['SET', 'k', 'v', 'EX'],
      ['SET', 'k', 'v', 'EX', 'abc'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'PX', '-1'],
      ['SET', 'k', 'v', 'EX', '9223372036854775807'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
      ['SET', 'k', 'v', 'PXAT', '9223372036854775807'],
      ['SET', 'k', 'v', 'EXAT', '1', 'GET'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['SET', 'k', 'w', 'KEEPTTL'],
      ['TTL', 'k'],
      ['SET', 'k', 'w'],
      ['TTL', 'k'],
      ['HSET', 'h', 'f', 'v'],
      ['SET', 'h', 'v', 'GET', 'EX', '0'],
      ['SET', 'h', 'v', 'GET', 'EX', '10'],
      ['SET', 'h', 'v', 'GET', 'NX'],
      ['SET', 'h', 'v', 'NX'],
      ['GETSET', 'h', 'x'],
      ['GETDEL', 'h'],
      ['GETEX', 'h'],
      ['GETEX', 'h', 'EX', 'abc'],
      ['GETEX', 'nokey', 'EX', 'abc'],
      ['GETEX', 'nokey', 'FOO'],
      ['SET', 'g', 'gv'],
      ['GETEX', 'g', 'EX', 'abc'],
      ['GETEX', 'g', 'EX', '0'],
      ['GETEX', 'g', 'EX', '-5'],
      ['GETEX', 'g', 'PERSIST', 'EX', '10'],
      ['GETEX', 'g', 'EX', '10', 'PERSIST'],
      ['GETEX', 'g', 'EX', '10', 'EX', '20'],
      ['TTL', 'g'],
      ['GETEX', 'g', 'PX', '30000'],
      ['TTL', 'g'],
      ['GETEX', 'g', 'PERSIST', 'PERSIST'],
      ['TTL', 'g'],
      ['GETEX', 'g', 'KEEPTTL'],
      ['GETEX', 'g', 'NX'],
      ['GETEX', 'g', 'GET'],
      ['GETEX', 'g', 'EX'],
      ['GETEX', 'g', 'EXAT', '4102444800'],
      ['TTL', 'g'],
      ['GETEX', 'g', 'PXAT', '1'],
      ['EXISTS', 'g'],
      ['GETEX', 'g'],
      ['GETSET', 'gs', 'a'],
      ['GETSET', 'gs', 'b'],
      ['GETDEL', 'gs'],
      ['GETDEL', 'gs'],
      ['MSET', 'a', '1', 'b'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSETNX', 'a', '1', 'c', '3'],
      ['MSETNX', 'c', '3', 'd'],
      ['MSETNX', 'c', '3', 'd', '4'],
      ['MGET', 'a', 'b', 'c', 'd', 'h', 'nokey'],
      ['APPEND', 'ap', 'x'],
      ['APPEND', 'ap', ''],
      ['APPEND', 'ap', 'yz'],
      ['APPEND', 'h2', 'x'],
      ['STRLEN', 'ap'],
      ['STRLEN', 'nokey'],
      ['SET', 'i', '12345'],
      ['APPEND', 'i', '6'],
      ['INCR', 'i'],
      ['SETRANGE', 'i', '1', 'X'],
      ['GET', 'i'],
      ['SETRANGE', 's', '-1', 'x'],
      ['SETRANGE', 's', 'a', 'x'],
      ['SETRANGE', 's', '5', ''],
      ['EXISTS', 's'],
      ['SETRANGE', 's', '3', 'ab'],
      ['GET', 's'],
      ['SETRANGE', 's', '536870912', 'x'],
      ['SETRANGE', 's', '9223372036854775807', 'x'],
      ['SETRANGE', 's', '9223372036854775808', 'x'],
      ['SETRANGE', 'h', '0', ''],
      ['HSET', 'h', 'f', 'v'],
      ['SETRANGE', 'h', '0', ''],
      ['GETRANGE', 'h', 'a', '1'],
      ['GETRANGE', 'h', '0', '1'],
      ['GETRANGE', 'nokey', '0', '1'],
      ['GETRANGE', 'i', '-9223372036854775807', '-9223372036854775808'],
      ['GETRANGE', 'i', '-9223372036854775808', '-9223372036854775807'],
      ['GETRANGE', 'i', '0', '9223372036854775808'],
      ['SET', 'la', 'ohmytext'],
      ['SET', 'lb', 'mynewtext'],
      ['LCS', 'la', 'lb', 'IDX', 'LEN'],
      ['LCS', 'la', 'lb', 'MINMATCHLEN'],
      ['LCS', 'la', 'lb', 'MINMATCHLEN', 'x'],
      ['LCS', 'la', 'lb', 'MINMATCHLEN', '-5', 'IDX'],
      ['LCS', 'la', 'lb', 'foo'],
      ['LCS', 'la', 'h'],
      ['LCS', 'h', 'la', 'MINMATCHLEN', 'x'],
      ['LCS', 'la', 'nokey', 'IDX'],
      ['LCS', 'nokey', 'nokey2', 'LEN'],
      ['LCS', 'la'],
      ['INCRBYFLOAT', 'h', '1'],
      ['INCRBYFLOAT', 'la', '1'],
      ['INCRBYFLOAT', 'la', 'x', 'y'],
      ['DECRBY', 'la', 'x'],
      ['INCR', 'h'],
      ['SET', 'bigf', '1'.padEnd(5119, '0')],
      ['INCRBYFLOAT', 'bigf', '1'],
      ['SET', 'bigf', '0.'.padEnd(5119, '1')],
      ['INCRBYFLOAT', 'bigf', '1'],
      ['SET', 'bigf', '0.'.padEnd(5120, '1')],
      ['INCRBYFLOAT', 'bigf', '1'],
      ['SET', 'nul', '2\0abc'],
      ['INCRBYFLOAT', 'nul', '1'],
      ['INCR', 'nul'],
      ['SUBSTR', 'la', '1', '3'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1mb'],
      ['SETRANGE', 'la', '1048576', 'x'],
      ['SETRANGE', 'la', '1048575', 'x'],
      ['APPEND', 'la', 'x'],
      ['SET', 'x1', 'a'.repeat(600)],
      ['SET', 'x2', 'b'.repeat(600)],
      ['LCS', 'x1', 'x2'],
      ['SET', 'x2', 'b'.repeat(400)],
      ['LCS', 'x1', 'x2', 'LEN'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '512mb'],
    ];
    expect(await compare(cmds)).toEqual([]);
  });

  it('LCS: random strings, every option combination, RESP2 and RESP3', async () => {
    const r = seededRandom(3);
    const word = () => {
      let s = '';
      const n = Math.floor(r() * 40);
      for (let i = 0; i < n; i++) s += 'abcd'[Math.floor(r() * 4)];
      return s;
    };
    const opts = [[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', '2'], ['IDX', 'MINMATCHLEN', '3', 'WITHMATCHLEN'], ['WITHMATCHLEN', 'idx', 'minmatchlen', '0'], ['LEN', 'MINMATCHLEN', '5']];
    for (const proto of ['2', '3']) {
      const cmds: string[][] = [['HELLO', proto]];
      for (let i = 0; i < 300; i++) {
        cmds.push(['MSET', 'l1', word(), 'l2', word()]);
        cmds.push(['LCS', 'l1', 'l2', ...opts[i % opts.length]]);
      }
      const got = await compare(cmds);
      // HELLO's reply names the server; everything after it must match.
      expect(got.filter((m) => !m.startsWith('["HELLO"'))).toEqual([]);
    }
    await compare([['HELLO', '2']]);
  });
});
