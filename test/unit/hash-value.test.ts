import { describe, expect, it } from 'vitest';
import { HashValue } from '../../server/store/hash-value.ts';
import { sampleDistinct } from '../../server/store/set-value.ts';
import { seededRandom } from '../../server/lib/random.ts';

/** Scans `h` to the end, calling `between` after every step; returns every field seen. */
function scanAll(h: HashValue, count: number, between: () => void): string[] {
  const seen: string[] = [];
  let cursor = 0;
  let steps = 0;
  do {
    cursor = h.map.scan(cursor, count, (k, v) => {
      expect(h.get(k)).toBe(v);
      seen.push(k);
    });
    between();
    if (++steps > 100000) throw new Error('scan does not terminate');
  } while (cursor !== 0);
  return seen;
}

describe('HashValue against a Map model', () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`stays equal under random operations (seed ${seed})`, () => {
      const rnd = seededRandom(seed);
      const int = (n: number) => Math.floor(rnd() * n);
      const maxEntries = 4 + int(40);
      const maxValue = 3 + int(8);
      const field = () => 'f' + int(60) + (rnd() < 0.05 ? '\x00\xff' : '');
      const value = () => 'v'.repeat(int(maxValue + 2)) + String.fromCharCode(int(256));
      const h = new HashValue();
      const model = new Map<string, string>();
      let listpack = true;
      let clone: HashValue | null = null;
      let cloneModel = new Map<string, string>();
      for (let step = 0; step < 4000; step++) {
        const op = int(10);
        if (op < 5) {
          const f = field();
          const v = value();
          const created = h.set(f, v, maxEntries, maxValue);
          expect(created).toBe(!model.has(f));
          model.set(f, v);
          if (f.length > maxValue || v.length > maxValue || model.size > maxEntries) listpack = false;
        } else if (op < 8) {
          const f = field();
          expect(h.delete(f)).toBe(model.delete(f));
        } else if (op === 8) {
          const f = field();
          expect(h.get(f)).toBe(model.get(f));
          expect(h.has(f)).toBe(model.has(f));
        } else if (clone === null) {
          clone = h.clone();
          cloneModel = new Map(model);
          expect(clone.encoding()).toBe(h.encoding());
        } else {
          // The clone never saw the changes made since; it iterates in its own insertion order.
          expect(Array.from(clone.map.entries())).toEqual(Array.from(cloneModel.entries()));
          clone.set('only-in-clone', 'x', 1000, 1000);
          expect(h.has('only-in-clone')).toBe(model.has('only-in-clone'));
          clone = null;
        }
        expect(h.size).toBe(model.size);
        expect(h.encoding()).toBe(listpack ? 'listpack' : 'hashtable');
        expect(h.isListpack).toBe(listpack);
      }
      // Insertion order, with updates keeping their place: a listpack's order.
      expect(Array.from(h.map.entries())).toEqual(Array.from(model.entries()));
    });
  }
});

describe('HashValue encoding transitions', () => {
  it('stays a listpack up to the entry limit and converts one past it, for good', () => {
    const h = new HashValue();
    for (let i = 0; i < 128; i++) h.set('f' + i, 'v', 128, 64);
    expect(h.encoding()).toBe('listpack');
    h.set('f0', 'updated', 128, 64);
    expect(h.encoding()).toBe('listpack');
    h.set('f128', 'v', 128, 64);
    expect(h.encoding()).toBe('hashtable');
    for (let i = 0; i < 120; i++) h.delete('f' + i);
    expect(h.size).toBe(9);
    expect(h.encoding()).toBe('hashtable');
  });

  it('converts on a field or value longer than the value limit, not at the limit', () => {
    const a = new HashValue();
    a.set('f', 'x'.repeat(64), 128, 64);
    a.set('y'.repeat(64), 'v', 128, 64);
    expect(a.encoding()).toBe('listpack');
    a.set('f', 'x'.repeat(65), 128, 64);
    expect(a.encoding()).toBe('hashtable');
    const b = new HashValue();
    b.set('z'.repeat(65), '', 128, 64);
    expect(b.encoding()).toBe('hashtable');
  });

  it('converts on any write once the thresholds were lowered, updates included', () => {
    const h = new HashValue();
    for (let i = 0; i < 5; i++) h.set('f' + i, 'v', 128, 64);
    h.set('f1', 'w', 2, 64);
    expect(h.encoding()).toBe('hashtable');
  });

  it('clone copies the encoding, the order and the values', () => {
    const h = new HashValue();
    h.set('b', '1', 128, 64);
    h.set('a', '2', 128, 64);
    h.set('c', 'x'.repeat(100), 128, 64);
    h.delete('c');
    const c = h.clone();
    expect(c.encoding()).toBe('hashtable');
    expect(Array.from(c.map.entries())).toEqual([
      ['b', '1'],
      ['a', '2'],
    ]);
    c.set('b', 'changed', 128, 64);
    expect(h.get('b')).toBe('1');
  });
});

describe('HashValue scan and random picks', () => {
  it('returns every field present for the whole scan while fields come and go', () => {
    for (const seed of [7, 8, 9]) {
      const rnd = seededRandom(seed);
      const h = new HashValue();
      for (let i = 0; i < 500; i++) h.set('k' + i, 'v' + i, 0, 0);
      // Fields 0..99 stay throughout; the others churn between steps (including mass deletes
      // that make the map compact).
      let next = 500;
      const everSeen = new Set<string>();
      for (let i = 0; i < 500; i++) everSeen.add('k' + i);
      const seen = scanAll(h, 1 + Math.floor(rnd() * 20), () => {
        const r = rnd();
        if (r < 0.4) {
          for (let j = 0; j < 30; j++) {
            const k = 'k' + next++;
            everSeen.add(k);
            h.set(k, 'new', 0, 0);
          }
        } else {
          for (const k of Array.from(h.map.keys())) {
            const n = Number(k.slice(1));
            if (n >= 100 && rnd() < 0.5) h.delete(k);
          }
        }
      });
      const seenSet = new Set(seen);
      for (let i = 0; i < 100; i++) expect(seenSet.has('k' + i)).toBe(true);
      for (const k of seen) expect(everSeen.has(k)).toBe(true);
    }
  });

  it('picks random fields roughly uniformly, also after deletions left holes', () => {
    const rnd = seededRandom(99);
    const h = new HashValue();
    for (let i = 0; i < 40; i++) h.set('f' + i, 'v', 0, 0);
    for (let i = 0; i < 40; i += 2) h.delete('f' + i);
    const counts = new Map<string, number>();
    const n = 40000;
    for (let i = 0; i < n; i++) {
      const f = h.randomField(rnd)!;
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    expect(counts.size).toBe(20);
    const sigma = Math.sqrt(n * (1 / 20) * (19 / 20));
    for (const [f, k] of counts) {
      expect(h.has(f)).toBe(true);
      expect(Math.abs(k - n / 20)).toBeLessThan(5 * sigma);
    }
    expect(new HashValue().randomField(rnd)).toBeUndefined();
  });

  it('samples distinct fields with both strategies, covering every field over many draws', () => {
    const rnd = seededRandom(5);
    const h = new HashValue();
    for (let i = 0; i < 30; i++) h.set('f' + i, 'v', 0, 0);
    for (const count of [1, 5, 9, 10, 11, 20, 29]) {
      const hits = new Map<string, number>();
      const draws = 3000;
      for (let d = 0; d < draws; d++) {
        const s = sampleDistinct(h.map, count, rnd);
        if (s.length !== count || new Set(s).size !== count || !s.every((f) => h.has(f))) {
          expect.fail(`bad sample of ${count}: ${JSON.stringify(s)}`);
        }
        for (const f of s) hits.set(f, (hits.get(f) ?? 0) + 1);
      }
      expect(hits.size).toBe(30);
      // Each field is in a sample with probability count/30: allow five standard deviations.
      const p = count / 30;
      const expected = draws * p;
      const sigma = Math.sqrt(draws * p * (1 - p));
      for (const k of hits.values()) {
        expect(Math.abs(k - expected)).toBeLessThan(5 * sigma);
      }
    }
  });
});
