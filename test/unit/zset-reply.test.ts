/**
 * Range replies of big sets go through the writer's run-of-bulks path (RespWriter.bulkRun, one call
 * per tree leaf) and integer scores through the writer's digit fast path: check their bytes against
 * replies built here, for members of every length class (short, >= 32 bytes, >= 100 bytes, any
 * byte value) and across many leaves, in both directions and both protocols.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/lib/random.ts';
import { harness } from '../helpers/in-process.ts';
import { SortedSet } from '../../server/store/zset.ts';
import { formatDouble } from '../../server/lib/format.ts';

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;

describe('range replies of multi-leaf sets', () => {
  it('ZRANGE / ZREVRANGE / BYSCORE LIMIT byte for byte, RESP2 and RESP3', () => {
    const t = harness();
    const rand = seededRandom(5);
    const items: [string, number][] = [];
    const seen = new Set<string>();
    while (items.length < 1500) {
      const len = [0, 1, 9, 10, 19, 31, 32, 33, 99, 100, 101, 300][Math.floor(rand() * 12)];
      let m = '';
      for (let i = 0; i < len; i++) m += String.fromCharCode(Math.floor(rand() * 256));
      if (seen.has(m)) continue;
      seen.add(m);
      // Integer scores (digit fast path) and others, with -0 and big ones.
      const r = rand();
      // -0 only once the set is skiplist-encoded (a listpack keeps -0 as "0", as in Redis).
      const s = r < 0.6 ? Math.floor(rand() * 2000) - 1000 : r < 0.7 ? (items.length > 200 ? -0 : 7) : r < 0.8 ? 2 ** 31 + Math.floor(rand() * 10) : (rand() - 0.5) * 1e3;
      items.push([m, s]);
    }
    for (let i = 0; i < items.length; i += 100) {
      const argv = ['ZADD', 'z'];
      for (const [m, s] of items.slice(i, i + 100)) argv.push(Object.is(s, -0) ? '-0' : String(s), m);
      t.run(...argv);
    }
    // Redis order: score, then member bytes; -0 and 0 are equal scores.
    const asc = [...items].sort((a, b) => (a[1] - b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const fmt = (s: number) => (Object.is(s, -0) ? '-0' : String(s));
    const members = (list: [string, number][]) => `*${list.length}\r\n` + list.map(([m]) => bulk(m)).join('');
    for (const [start, stop] of [[0, -1], [0, 99], [17, 1400], [-300, -1], [127, 129], [1499, 1499]]) {
      const n = asc.length;
      const a = start < 0 ? n + start : start;
      const b = stop < 0 ? n + stop : stop;
      expect(t.run('ZRANGE', 'z', String(start), String(stop))).toBe(members(asc.slice(a, b + 1)));
      const desc = [...asc].reverse();
      expect(t.run('ZREVRANGE', 'z', String(start), String(stop))).toBe(members(desc.slice(a, b + 1)));
    }
    const desc = [...asc].reverse();
    for (const [off, cnt] of [[0, 100], [5, 700], [1400, 100]]) {
      expect(t.run('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', String(off), String(cnt))).toBe(members(desc.slice(off, off + cnt)));
      expect(t.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', String(off), String(cnt))).toBe(members(asc.slice(off, off + cnt)));
    }
    // WITHSCORES (per-item path, doubles through the fast path when integral) in RESP2 and RESP3.
    const top = desc.slice(0, 300);
    expect(t.run('ZREVRANGE', 'z', '0', '299', 'WITHSCORES')).toBe(`*600\r\n` + top.map(([m, s]) => bulk(m) + bulk(fmt(s))).join(''));
    const integral = items.filter(([, s]) => Number.isInteger(s));
    for (const [m, s] of integral) expect(t.run('ZSCORE', 'z', m)).toBe(bulk(fmt(s)));
    // Every score class (fractions through formatDouble, -0, beyond int32) across all leaves.
    const all = (list: [string, number][]) => list.map(([m, s]) => bulk(m) + bulk(formatDouble(s))).join('');
    expect(t.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(`*${2 * asc.length}\r\n` + all(asc));
    expect(t.run('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'WITHSCORES', 'LIMIT', '3', '1000')).toBe(`*2000\r\n` + all(desc.slice(3, 1003)));
    t.run('HELLO', '3');
    expect(t.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(`*${asc.length}\r\n` + asc.map(([m, s]) => `*2\r\n${bulk(m)},${formatDouble(s)}\r\n`).join(''));
    expect(t.run('ZREVRANGE', 'z', '0', '299', 'WITHSCORES')).toBe(`*300\r\n` + top.map(([m, s]) => `*2\r\n${bulk(m)},${fmt(s)}\r\n`).join(''));
    expect(t.run('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '100')).toBe(members(desc.slice(0, 100)));
    for (const [m, s] of integral) expect(t.run('ZSCORE', 'z', m)).toBe(`,${fmt(s)}\r\n`);
  });

  it('ranks resolve from either end of the tree (leafAt) on a tree of height 2 after deletions', () => {
    const rand = seededRandom(3);
    const z = new SortedSet();
    for (let i = 0; i < 120000; i++) z.add('m' + Math.floor(rand() * 160000), Math.floor(rand() * 1000));
    for (let i = 0; i < 40000; i++) z.delete('m' + Math.floor(rand() * 160000));
    const all: string[] = [];
    z.forEach((m) => all.push(m));
    expect(all.length).toBe(z.size);
    let bad = 0;
    for (let r = 0; r < z.size; r++) if (z.memberAt(r) !== all[r]) bad++;
    expect(bad).toBe(0);
    for (let r = z.size - 1; r >= 0; r -= 331) {
      const c = z.cursor(r, true);
      for (let k = r; k >= Math.max(0, r - 200); k--) {
        if (c.member !== all[k]) bad++;
        c.advance();
      }
    }
    expect(bad).toBe(0);
  });
});
