import { describe, expect, it } from 'vitest';
import { SetValue, compareIntStrings, isInt64String, sampleDistinct } from '../../server/store/set-value.ts';
import { parseInt64 } from '../../server/commands/shared/args.ts';
import { seededRandom } from '../../server/lib/random.ts';

function byValue(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

describe('isInt64String (string2ll acceptance)', () => {
  it('agrees with parseInt64 on edge cases', () => {
    const cases = [
      '0', '-0', '00', '01', '-01', '1', '-1', '+1', ' 1', '1 ', '', '-', '1.0', '1e3', 'abc',
      '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
      '99999999999999999999', '-99999999999999999999', '10000000000000000000', '999999999999999999',
      '-999999999999999999', '12345678901234567890', '0x10', '\x001', '١',
    ];
    for (const s of cases) expect(isInt64String(s), JSON.stringify(s)).toBe(parseInt64(s) !== null);
  });

  it('agrees with parseInt64 on random digit strings', () => {
    const rnd = seededRandom(11);
    const alphabet = '0123456789-+ .x';
    for (let i = 0; i < 20000; i++) {
      const len = 1 + Math.floor(rnd() * 21);
      let s = '';
      for (let j = 0; j < len; j++) {
        s += rnd() < 0.9 ? String(Math.floor(rnd() * 10)) : alphabet[Math.floor(rnd() * alphabet.length)];
      }
      if (isInt64String(s) !== (parseInt64(s) !== null)) expect.fail(`disagree on ${JSON.stringify(s)}`);
    }
  });

  it('orders canonical integers numerically', () => {
    const rnd = seededRandom(12);
    const values: string[] = ['0', '-1', '1', '9223372036854775807', '-9223372036854775808', '10', '-10', '9', '-9'];
    for (let i = 0; i < 300; i++) {
      const digits = 1 + Math.floor(rnd() * 18);
      let v = BigInt(Math.floor(rnd() * 9) + 1);
      for (let d = 1; d < digits; d++) v = v * 10n + BigInt(Math.floor(rnd() * 10));
      values.push((rnd() < 0.5 ? -v : v).toString());
    }
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j += 7) {
        expect(Math.sign(compareIntStrings(values[i], values[j]))).toBe(byValue(values[i], values[j]));
      }
    }
  });
});

describe('SetValue against a Set model', () => {
  for (const seed of [1, 2, 3, 77, 4096]) {
    it(`stays equal under random operations (seed ${seed})`, () => {
      const rnd = seededRandom(seed);
      const int = (n: number) => Math.floor(rnd() * n);
      const maxIntset = 5 + int(60);
      // Mostly integers (some non-canonical), sometimes strings, so both encodings get exercised.
      const member = () => {
        const r = rnd();
        if (r < 0.8) return String(int(200) - 100);
        if (r < 0.85) return '0' + int(10);
        if (r < 0.9) return '-0';
        return 'm' + int(30) + (rnd() < 0.2 ? '\x00\xff' : '');
      };
      const s = new SetValue();
      const model = new Set<string>();
      let intset = true;
      let clone: SetValue | null = null;
      let cloneModel = new Set<string>();
      let cloneIntset = true;
      for (let step = 0; step < 4000; step++) {
        const op = int(12);
        if (op < 5) {
          const m = rnd() < 0.97 ? member() : 'x' + step;
          const added = s.add(m, maxIntset);
          expect(added).toBe(!model.has(m));
          if (added && (parseInt64(m) === null || model.size + 1 > maxIntset)) intset = false;
          model.add(m);
        } else if (op < 9) {
          const m = member();
          expect(s.remove(m)).toBe(model.delete(m));
        } else if (op === 9) {
          const m = member();
          expect(s.has(m)).toBe(model.has(m));
        } else if (op === 10) {
          const order = Array.from(s.members());
          if (intset) expect(order).toEqual(Array.from(model).sort(byValue));
          else expect(order).toEqual(Array.from(model));
          expect(s.toArray()).toEqual(order);
        } else if (clone === null) {
          clone = s.clone();
          cloneModel = new Set(model);
          cloneIntset = intset;
        } else {
          expect(clone.encoding()).toBe(cloneIntset ? 'intset' : 'hashtable');
          expect(new Set(clone.members())).toEqual(cloneModel);
          clone.add('only-in-clone', 1000);
          expect(s.has('only-in-clone')).toBe(false);
          clone = null;
        }
        expect(s.size).toBe(model.size);
        expect(s.encoding()).toBe(intset ? 'intset' : 'hashtable');
        expect(s.isIntset).toBe(intset);
      }
    });
  }
});

describe('SetValue encoding transitions', () => {
  it('keeps an intset up to the limit and converts one past it, for good', () => {
    const s = new SetValue();
    for (let i = 0; i < 512; i++) s.add(String(i * 7 - 1000), 512);
    expect(s.encoding()).toBe('intset');
    expect(s.add('-1000', 512)).toBe(false);
    s.add('99999', 512);
    expect(s.encoding()).toBe('hashtable');
    for (let i = 0; i < 510; i++) s.remove(String(i * 7 - 1000));
    expect(s.encoding()).toBe('hashtable');
  });

  it('converts on the first member that is not a canonical int64', () => {
    for (const m of ['a', '01', '-0', ' 1', '1.5', '9223372036854775808', '']) {
      const s = new SetValue();
      s.add('1', 512);
      s.add(m, 512);
      expect(s.encoding(), JSON.stringify(m)).toBe('hashtable');
    }
    const s = new SetValue();
    s.add('-9223372036854775808', 512);
    s.add('9223372036854775807', 512);
    expect(s.encoding()).toBe('intset');
    expect(s.toArray()).toEqual(['-9223372036854775808', '9223372036854775807']);
  });

  it('iterates an intset in ascending order and a hashtable in insertion order', () => {
    const s = new SetValue();
    for (const m of ['10', '-3', '2', '100', '-20']) s.add(m, 512);
    expect(s.toArray()).toEqual(['-20', '-3', '2', '10', '100']);
    s.add('7', 512);
    s.remove('2');
    expect(Array.from(s.members())).toEqual(['-20', '-3', '7', '10', '100']);
    s.add('z', 512);
    expect(s.toArray()).toEqual(['10', '-3', '100', '-20', '7', 'z']);
  });

  it('with a limit of 0 the first member already makes a hashtable', () => {
    const s = new SetValue();
    s.add('1', 0);
    expect(s.encoding()).toBe('hashtable');
  });
});

describe('SetValue scan and random picks', () => {
  it('returns every member present for the whole scan while members come and go', () => {
    for (const seed of [21, 22, 23]) {
      const rnd = seededRandom(seed);
      const s = new SetValue();
      for (let i = 0; i < 400; i++) s.add('m' + i, 512);
      const ever = new Set<string>(s.toArray());
      let next = 400;
      const seen = new Set<string>();
      let cursor = 0;
      do {
        cursor = s.map.scan(cursor, 1 + Math.floor(rnd() * 15), (k) => {
          seen.add(k);
        });
        if (rnd() < 0.5) {
          for (let j = 0; j < 25; j++) {
            const m = 'm' + next++;
            ever.add(m);
            s.add(m, 512);
          }
        } else {
          for (const m of s.toArray()) if (Number(m.slice(1)) >= 50 && rnd() < 0.6) s.remove(m);
        }
      } while (cursor !== 0);
      for (let i = 0; i < 50; i++) expect(seen.has('m' + i)).toBe(true);
      for (const m of seen) expect(ever.has(m)).toBe(true);
    }
  });

  it('picks random members roughly uniformly', () => {
    const rnd = seededRandom(31);
    const s = new SetValue();
    for (let i = 0; i < 64; i++) s.add(String(i), 512);
    for (let i = 0; i < 64; i += 3) s.remove(String(i));
    const n = 50000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const m = s.random(rnd)!;
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect(counts.size).toBe(s.size);
    const p = 1 / s.size;
    const sigma = Math.sqrt(n * p * (1 - p));
    for (const [m, k] of counts) {
      expect(s.has(m)).toBe(true);
      expect(Math.abs(k - n * p)).toBeLessThan(5 * sigma);
    }
    expect(new SetValue().random(rnd)).toBeUndefined();
  });

  it('samples distinct members', () => {
    const rnd = seededRandom(32);
    const s = new SetValue();
    for (let i = 0; i < 12; i++) s.add('e' + i, 512);
    for (const count of [1, 3, 4, 5, 11]) {
      const picked = sampleDistinct(s.map, count, rnd);
      expect(picked.length).toBe(count);
      expect(new Set(picked).size).toBe(count);
      for (const m of picked) expect(s.has(m)).toBe(true);
    }
  });

  it('clone keeps the intset order and encoding and is independent', () => {
    const s = new SetValue();
    for (const m of ['5', '1', '3']) s.add(m, 512);
    const c = s.clone();
    expect(c.encoding()).toBe('intset');
    expect(c.toArray()).toEqual(['1', '3', '5']);
    c.add('x', 512);
    c.remove('1');
    expect(s.toArray()).toEqual(['1', '3', '5']);
    expect(s.encoding()).toBe('intset');
    expect(c.encoding()).toBe('hashtable');
  });
});
