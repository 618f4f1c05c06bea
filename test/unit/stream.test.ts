/**
 * The stream structure against a naive sorted-array model under seeded random operations: appends
 * (shared and differing field sets), deletes, exact and approximate trims (MAXLEN and MINID, with
 * LIMIT), forward and backward ranges with every bound kind and COUNT, and metadata (first ID,
 * max deleted ID, entries added). IDs span small values, values around 2^53 and up to 2^64-1.
 */
import { describe, expect, it } from 'vitest';
import { Stream, type StreamNode } from '../../server/store/stream.ts';
import {
  cmpId,
  decrId,
  ID_MAX,
  ID_ZERO,
  idToString,
  incrId,
  parseStreamId,
  parseU64,
  type StreamId,
} from '../../server/store/stream-id.ts';
import { seededRandom } from '../../server/lib/random.ts';

const U64 = (1n << 64n) - 1n;

interface MEntry {
  ms: bigint;
  seq: bigint;
  kv: string[];
}

function key(ms: bigint, seq: bigint): bigint {
  return (ms << 64n) | seq;
}

function sid(ms: bigint, seq: bigint): StreamId {
  return parseStreamId(`${ms}-${seq}`, true, false, false)!;
}

function collect(s: Stream, start: StreamId, end: StreamId, count: number, rev: boolean): string[] {
  const refs: (StreamNode | number)[] = [];
  const n = s.range(start, end, count, rev, refs);
  const out: string[] = [];
  for (let i = 0; i < refs.length; i += 2) {
    const node = refs[i] as StreamNode;
    const slot = refs[i + 1] as number;
    const kv: string[] = [];
    const k = node.entry(slot, kv);
    expect(kv.length).toBe(k);
    out.push(node.idString(slot) + ' ' + JSON.stringify(kv));
  }
  expect(out.length).toBe(n);
  return out;
}

function modelRange(m: MEntry[], lo: bigint, hi: bigint, count: number, rev: boolean): string[] {
  let sel = m.filter((e) => key(e.ms, e.seq) >= lo && key(e.ms, e.seq) <= hi);
  if (rev) sel = sel.reverse();
  if (count > 0) sel = sel.slice(0, count);
  return sel.map((e) => `${e.ms}-${e.seq} ${JSON.stringify(e.kv)}`);
}

function toKey(id: StreamId): bigint {
  const s = idToString(id).split('-');
  return key(BigInt(s[0]), BigInt(s[1]));
}

describe('stream IDs', () => {
  it('parse and print 64-bit parts exactly', () => {
    for (const v of ['0', '1', '4294967295', '4294967296', '9007199254740991', '9007199254740992', '9007199254740993', '18446744073709551615']) {
      const id = parseStreamId(`${v}-${v}`, true, false, false)!;
      expect(idToString(id)).toBe(`${v}-${v}`);
    }
    expect(parseU64('18446744073709551616')).toBeNull();
    expect(parseU64('-1')).toBeNull();
    expect(parseU64('')).toBeNull();
    expect(parseU64('+7')).toEqual([0, 7]);
    expect(parseU64(' 7')).toEqual([0, 7]);
    expect(parseU64('007')).toEqual([0, 7]);
    expect(parseU64('-0')).toEqual([0, 0]);
    // strtoull negates modulo 2^64
    expect(parseU64('-05')).toEqual([0xffffffff, 0xfffffffb]);
    expect(parseStreamId('5', true, true, false)).toEqual(parseStreamId('5-18446744073709551615', true, false, false));
    expect(parseStreamId('-', true, false, false)).toBeNull();
    expect(idToString(parseStreamId('-', false, false, false)!)).toBe('0-0');
    expect(idToString(parseStreamId('+', false, false, false)!)).toBe('18446744073709551615-18446744073709551615');
    const out = { auto: false };
    expect(idToString(parseStreamId('7-*', true, false, true, out)!)).toBe('7-0');
    expect(out.auto).toBe(true);
    expect(parseStreamId('7-*', true, false, false)).toBeNull();
    expect(parseStreamId('1'.repeat(128), true, false, false)).toBeNull();
  });

  it('increments and decrements across word and part boundaries', () => {
    const r = seededRandom(3);
    const vals = [0n, 1n, 0xffffffffn, 0x100000000n, (1n << 53n) - 1n, 1n << 53n, U64 - 1n, U64];
    for (let i = 0; i < 500; i++) {
      const ms = vals[Math.floor(r() * vals.length)];
      const seq = vals[Math.floor(r() * vals.length)];
      const k = key(ms, seq);
      const id = sid(ms, seq);
      const up = incrId(id);
      const down = decrId(id);
      if (k === key(U64, U64)) expect(up).toBeNull();
      else expect(toKey(up!)).toBe(k + 1n);
      if (k === 0n) expect(down).toBeNull();
      else expect(toKey(down!)).toBe(k - 1n);
      const other = sid(vals[Math.floor(r() * vals.length)], vals[Math.floor(r() * vals.length)]);
      const ko = toKey(other);
      expect(Math.sign(cmpId(id, other))).toBe(k < ko ? -1 : k > ko ? 1 : 0);
    }
  });
});

describe('Stream against a naive model', () => {
  for (const [seed, maxEntries, maxBytes, big] of [
    [1, 100, 4096, false],
    [2, 5, 4096, false],
    [3, 3, 120, false],
    [4, 0, 500, true],
    [5, 7, 0, true],
    [6, 100, 4096, true],
    [7, 0, 4096, false],
    [8, 50, 0, false],
  ] as const) {
    it(`seed ${seed}: node max entries ${maxEntries}, bytes ${maxBytes}${big ? ', huge IDs' : ''}`, () => {
      const r = seededRandom(seed);
      const int = (n: number) => Math.floor(r() * n);
      const s = new Stream();
      const limits = { maxEntries, maxBytes };
      let m: MEntry[] = [];
      let last = 0n;
      let lastSeq = 0n;
      let added = 0;
      let maxDel: bigint = 0n;
      let ms = big ? (r() < 0.5 ? (1n << 53n) - 3n : U64 - 5000n) : 1n;
      const fieldSets = [['a'], ['a', 'b'], ['b', 'a'], ['x', 'y', 'z'], [''], ['\x00', '\xff\x80', 'a'.repeat(130)]];
      // Packed values: empty, any byte (0x00, 0x7f/0x80 around the length varint's bit, 0xff),
      // lengths needing one, two and three length chars.
      const value = (): string => {
        const k = int(12);
        if (k === 0) return '';
        if (k === 1) {
          let v = '';
          for (let n = int(9); n > 0; n--) v += String.fromCharCode([0, 127, 128, 255][int(4)] ^ int(2));
          return v;
        }
        if (k === 2) return String.fromCharCode(int(256)).repeat(120 + int(20));
        if (k === 3 && int(8) === 0) return 'L'.repeat(16380 + int(10));
        return int(3) === 0 ? 'v'.repeat(int(60)) : String(int(1000));
      };
      const randomBound = (): bigint => {
        const k = int(5);
        if (k === 0 || m.length === 0) return BigInt(int(3)) === 0n ? 0n : key(ms + BigInt(int(3)), BigInt(int(3)));
        const e = m[int(m.length)];
        const base = key(e.ms, e.seq);
        return k === 1 ? base - 1n : k === 2 ? base + 1n : base;
      };
      const idOfKey = (k: bigint): StreamId => sid(k >> 64n, k & U64);
      for (let step = 0; step < 4000; step++) {
        const op = int(100);
        if (op < 55) {
          if (int(4) === 0 && ms < U64 - 10n) {
            ms += BigInt(1 + int(3));
            lastSeq = 0n;
          } else lastSeq++;
          if (key(ms, lastSeq) <= last) continue;
          const fs = fieldSets[int(fieldSets.length)];
          const kv: string[] = [];
          for (const f of fs) kv.push(f, value());
          s.append(sid(ms, lastSeq), ['XADD', 'k', 'ID', ...kv], 3, limits);
          m.push({ ms, seq: lastSeq, kv });
          last = key(ms, lastSeq);
          added++;
        } else if (op < 65) {
          const ids: StreamId[] = [];
          const keys: bigint[] = [];
          for (let k = int(3); k >= 0; k--) {
            const kk = randomBound();
            keys.push(kk);
            ids.push(idOfKey(kk));
          }
          let want = 0;
          for (const kk of keys) {
            const i = m.findIndex((e) => key(e.ms, e.seq) === kk);
            if (i >= 0) {
              m.splice(i, 1);
              want++;
              if (kk > maxDel) maxDel = kk;
            }
          }
          expect(s.deleteIds(ids)).toBe(want);
        } else if (op < 75) {
          const approx = int(2) === 0;
          const limit = approx && int(3) === 0 ? int(50) : 0;
          const before = m.length;
          let got: number;
          if (int(2) === 0) {
            const maxlen = int(m.length + 5);
            got = s.trim({ strategy: 'maxlen', maxlen, minid: ID_ZERO, approx, limit });
            if (!approx) {
              m = m.slice(Math.max(0, m.length - maxlen));
              expect(got).toBe(before - m.length);
            } else {
              expect(before - got).toBeGreaterThanOrEqual(Math.min(before, maxlen));
              m = m.slice(got);
            }
          } else {
            const minid = randomBound();
            got = s.trim({ strategy: 'minid', maxlen: 0, minid: idOfKey(minid), approx, limit });
            if (!approx) {
              m = m.filter((e) => key(e.ms, e.seq) >= minid);
              expect(got).toBe(before - m.length);
            } else {
              // Approximate trims remove a prefix of entries, all of them below minid.
              for (let i = 0; i < got; i++) expect(key(m[i].ms, m[i].seq) < minid).toBe(true);
              m = m.slice(got);
            }
          }
          if (limit > 0) expect(got).toBeLessThanOrEqual(limit);
        } else {
          const lo = int(6) === 0 ? 0n : randomBound();
          const hi = int(6) === 0 ? key(U64, U64) : randomBound();
          const count = int(3) === 0 ? int(10) : 0;
          const rev = int(2) === 0;
          expect(collect(s, idOfKey(lo), idOfKey(hi), count, rev)).toEqual(modelRange(m, lo, hi, count, rev));
        }
        expect(s.length).toBe(m.length);
        if (step % 50 === 0) {
          expect(collect(s, ID_ZERO, ID_MAX, 0, false)).toEqual(modelRange(m, 0n, key(U64, U64), 0, false));
          expect(s.entriesAdded).toBe(added);
          expect(idToString(s.lastId)).toBe(added === 0 ? '0-0' : `${last >> 64n}-${last & U64}`);
          expect(idToString(s.firstId)).toBe(m.length === 0 ? '0-0' : `${m[0].ms}-${m[0].seq}`);
          expect(toKey(s.maxDeletedId)).toBe(maxDel);
          const lv = s.lastValidId();
          expect(lv === null ? null : idToString(lv)).toBe(m.length === 0 ? null : `${m[m.length - 1].ms}-${m[m.length - 1].seq}`);
          // Node invariants: bounded size, sorted, no empty node except Redis's MINID edge.
          for (const node of s.nodeList()) {
            if (maxEntries > 0) expect(node.n).toBeLessThanOrEqual(maxEntries);
            expect(node.live + node.deleted).toBe(node.n);
          }
        }
      }
      const c = s.clone();
      expect(collect(c, ID_ZERO, ID_MAX, 0, true)).toEqual(collect(s, ID_ZERO, ID_MAX, 0, true));
      expect(c.encoding()).toBe('stream');
    });
  }

  it('shares field names with the node master entry', () => {
    const s = new Stream();
    for (let i = 1; i <= 10; i++) s.append(sid(BigInt(i), 0n), ['a', String(i), 'b', 'x'], 0, { maxEntries: 100, maxBytes: 4096 });
    s.append(sid(11n, 0n), ['b', '1', 'a', '2'], 0, { maxEntries: 100, maxBytes: 4096 });
    const [node] = s.nodeList();
    // Ten entries of values only (a length char each: 4 chars, 5 for "10"), then one with its own
    // names: a pair count, then four length-prefixed strings.
    expect(node.data.length).toBe(9 * 4 + 5 + 1 + 4 * 2);
    expect(collect(s, sid(11n, 0n), ID_MAX, 0, false)).toEqual([`11-0 ${JSON.stringify(['b', '1', 'a', '2'])}`]);
  });

  it('drops a node when its last live entry is deleted, and appends to the new tail', () => {
    const s = new Stream();
    const lim = { maxEntries: 3, maxBytes: 4096 };
    for (let i = 1; i <= 9; i++) s.append(sid(BigInt(i), 0n), ['f', 'v'], 0, lim);
    expect(s.nodeCount).toBe(3);
    expect(s.deleteIds([sid(4n, 0n), sid(5n, 0n)])).toBe(2);
    expect(s.nodeCount).toBe(3);
    expect(s.deleteIds([sid(6n, 0n)])).toBe(1);
    expect(s.nodeCount).toBe(2);
    expect(s.deleteIds([sid(7n, 0n), sid(8n, 0n), sid(9n, 0n)])).toBe(3);
    expect(s.nodeCount).toBe(1);
    // The first node is full (3 slots): the next entry opens a node.
    s.append(sid(10n, 0n), ['f', 'v'], 0, lim);
    expect(s.nodeCount).toBe(2);
    expect(idToString(s.maxDeletedId)).toBe('9-0');
    expect(collect(s, ID_ZERO, ID_MAX, 0, false)).toEqual(['1-0', '2-0', '3-0', '10-0'].map((id) => `${id} ${JSON.stringify(['f', 'v'])}`));
  });

  it('appends again to a closed node once the nodes after it are gone', () => {
    const s = new Stream();
    const vals = ['', '\x00\xff', 'x'.repeat(200), 'y'.repeat(20000), '\x80\x7f'];
    for (let i = 1; i <= 3; i++) s.append(sid(BigInt(i), 0n), ['f', vals[i - 1]], 0, { maxEntries: 2, maxBytes: 0 });
    expect(s.nodeCount).toBe(2);
    // The tail node goes; the first (closed, full at 2) takes more once the limit is higher.
    expect(s.deleteIds([sid(3n, 0n)])).toBe(1);
    expect(s.nodeCount).toBe(1);
    s.append(sid(4n, 0n), ['f', vals[3]], 0, { maxEntries: 10, maxBytes: 0 });
    s.append(sid(5n, 0n), ['g', vals[4], 'f', ''], 0, { maxEntries: 10, maxBytes: 0 });
    expect(s.nodeCount).toBe(1);
    const want = (id: string, kv: string[]) => `${id} ${JSON.stringify(kv)}`;
    const all = [want('1-0', ['f', '']), want('2-0', ['f', vals[1]]), want('4-0', ['f', vals[3]]), want('5-0', ['g', vals[4], 'f', ''])];
    expect(collect(s, ID_ZERO, ID_MAX, 0, false)).toEqual(all);
    // A copy shares nothing that later appends change.
    const c = s.clone();
    s.append(sid(6n, 0n), ['f', 'six'], 0, { maxEntries: 10, maxBytes: 0 });
    c.append(sid(6n, 0n), ['f', 'other'], 0, { maxEntries: 10, maxBytes: 0 });
    expect(collect(s, ID_ZERO, ID_MAX, 0, false)).toEqual([...all, want('6-0', ['f', 'six'])]);
    expect(collect(c, ID_ZERO, ID_MAX, 0, false)).toEqual([...all, want('6-0', ['f', 'other'])]);
  });

  it('reads the open tail node between appends', () => {
    const s = new Stream();
    const lim = { maxEntries: 100, maxBytes: 4096 };
    const seen: string[] = [];
    for (let i = 1; i <= 250; i++) {
      const v = String.fromCharCode(i % 256).repeat(i % 7);
      s.append(sid(BigInt(i), 0n), ['v', v], 0, lim);
      seen.push(`${i}-0 ${JSON.stringify(['v', v])}`);
      expect(collect(s, sid(BigInt(i), 0n), ID_MAX, 0, false)).toEqual([seen[i - 1]]);
    }
    expect(collect(s, ID_ZERO, ID_MAX, 0, false)).toEqual(seen);
  });

  it('trims whole nodes from the head without touching the rest', () => {
    const s = new Stream();
    for (let i = 1; i <= 1000; i++) s.append(sid(BigInt(i), 0n), ['f', 'v'], 0, { maxEntries: 100, maxBytes: 4096 });
    expect(s.nodeCount).toBe(10);
    expect(s.trim({ strategy: 'maxlen', maxlen: 550, minid: ID_ZERO, approx: true, limit: 0 })).toBe(400);
    expect(s.nodeCount).toBe(6);
    expect(idToString(s.firstId)).toBe('401-0');
    expect(s.trim({ strategy: 'maxlen', maxlen: 550, minid: ID_ZERO, approx: false, limit: 0 })).toBe(50);
    expect(idToString(s.firstId)).toBe('451-0');
  });
});
