import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/lib/random.ts';
import { MemberIndex } from '../../server/store/zset-index.ts';

/**
 * MemberIndex (open addressing with backward-shift deletion, slot compaction, table growth and
 * shrinking) against a Map under seeded random operations, with phases of growth and heavy deletion
 * so that every resize and compaction path runs many times.
 */
describe('MemberIndex vs Map', () => {
  for (const seed of [1, 2, 3]) {
    it(`random set/delete/score/scan, seed ${seed}`, () => {
      const rand = seededRandom(seed);
      const idx = new MemberIndex();
      const model = new Map<string, number>();
      // A small pool forces collisions of probe runs; members include NUL, bytes > 0x7f, prefixes.
      const member = (pool: number) => {
        const k = Math.floor(rand() * pool);
        return k % 3 === 0 ? 'm' + k : k % 3 === 1 ? '\x00\xff' + k : String(k).slice(0, 1 + (k % 5));
      };
      for (let phase = 0; phase < 8; phase++) {
        const grow = phase % 2 === 0;
        const pool = 1 + Math.floor(rand() * 5000);
        for (let op = 0; op < 6000; op++) {
          const m = member(pool);
          const r = rand();
          if (r < (grow ? 0.6 : 0.2)) {
            const s = Math.floor(rand() * 100) - 50;
            expect(idx.set(m, s)).toBe(model.get(m));
            model.set(m, s);
          } else if (r < 0.95) {
            expect(idx.delete(m)).toBe(model.get(m));
            model.delete(m);
          } else {
            expect(idx.score(m)).toBe(model.get(m));
          }
          expect(idx.size).toBe(model.size);
        }
        // Every member is found with its score, and a full scan visits each exactly once.
        for (const [m, s] of model) expect(idx.score(m)).toBe(s);
        const seen = new Map<string, number>();
        let cursor = 0;
        do {
          cursor = idx.scan(cursor, 1 + Math.floor(rand() * 50), (m, s) => {
            expect(seen.has(m)).toBe(false);
            seen.set(m, s);
          });
        } while (cursor !== 0);
        expect(seen).toEqual(model);
      }
    });
  }

  it('a scan across deletions, compactions and shrinking misses no member present throughout', () => {
    const rand = seededRandom(9);
    const idx = new MemberIndex();
    for (let i = 0; i < 20000; i++) idx.set('k' + i, i);
    const kept = new Set<string>();
    for (let i = 0; i < 20000; i += 97) kept.add('k' + i);
    const seen = new Set<string>();
    let cursor = 0;
    let next = 0;
    do {
      cursor = idx.scan(cursor, 100, (m) => seen.add(m));
      // Delete a batch of members not in `kept`, in an order unrelated to slots.
      for (let j = 0; j < 400 && next < 20000; j++, next++) {
        const i = (next * 7919) % 20000;
        if (!kept.has('k' + i)) idx.delete('k' + i);
      }
      if (rand() < 0.3) idx.set('new' + next, -1);
    } while (cursor !== 0);
    for (const m of kept) expect(seen.has(m)).toBe(true);
    for (const m of kept) expect(idx.score(m)).toBe(Number(m.slice(1)));
  });

  it('random picks return members only', () => {
    const rand = seededRandom(4);
    const idx = new MemberIndex();
    for (let i = 0; i < 1000; i++) idx.set('x' + i, i);
    for (let i = 0; i < 1000; i += 2) idx.delete('x' + i);
    for (let i = 0; i < 2000; i++) {
      const m = idx.randomMember(rand)!;
      expect(Number(m.slice(1)) % 2).toBe(1);
    }
    for (let i = 1; i < 1000; i += 2) idx.delete('x' + i);
    expect(idx.size).toBe(0);
    expect(idx.randomMember(rand)).toBeUndefined();
  });
});
