import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../server/lib/random.ts';
import { SMALL_MAX, SortedSet, parseLexBound, type LexBound } from '../../server/store/zset.ts';
import { LEAF_MAX } from '../../server/store/zset-tree.ts';
import { NaiveZSet, checkTree, expectSame, type Pair } from './zset-model.ts';

type Rand = () => number;

const SPECIAL = [-Infinity, Infinity, 0, -0, 1.5, -1.5, 1e300, -1e-300];

/** Scores drawn from a small pool (many ties), specials, or anywhere. */
function randScore(rand: Rand): number {
  const r = rand();
  if (r < 0.5) return Math.floor(rand() * 20) - 10;
  if (r < 0.6) return SPECIAL[Math.floor(rand() * SPECIAL.length)];
  return (rand() - 0.5) * 1e6;
}

/** Members from a pool, including bytes above 0x7f, NUL, and prefixes of each other. */
function randMember(rand: Rand, pool: number): string {
  const k = Math.floor(rand() * pool);
  const r = k % 7;
  if (r === 0) return 'm' + k;
  if (r === 1) return 'm' + k + '\x00';
  if (r === 2) return '\xff' + k;
  if (r === 3) return String(k);
  if (r === 4) return '';
  if (r === 5) return 'm' + String(k).slice(0, 1);
  return '\x80m' + k + '\xe9';
}

function randLexBound(rand: Rand, pool: number): LexBound {
  const r = rand();
  if (r < 0.1) return parseLexBound('-')!;
  if (r < 0.2) return parseLexBound('+')!;
  return parseLexBound((rand() < 0.5 ? '[' : '(') + randMember(rand, pool))!;
}

function pickScoreBound(rand: Rand, z: NaiveZSet): number {
  const r = rand();
  if (r < 0.5 && z.items.length > 0) return z.items[Math.floor(rand() * z.items.length)][1];
  if (r < 0.6) return rand() < 0.5 ? -Infinity : Infinity;
  return randScore(rand);
}

function runRandom(seed: number, ops: number, pool: number, checkEvery: number): void {
  const rand = seededRandom(seed);
  const z = new SortedSet();
  const model = new NaiveZSet();
  for (let op = 0; op < ops; op++) {
    const r = rand();
    if (r < 0.45) {
      const m = randMember(rand, pool);
      const s = randScore(rand);
      expect(z.add(m, s)).toBe(model.add(m, s));
    } else if (r < 0.7) {
      const m = randMember(rand, pool);
      expect(z.delete(m)).toBe(model.delete(m));
    } else if (r < 0.8) {
      const m = randMember(rand, pool);
      const rank = model.rank(m);
      expect(z.rank(m)).toBe(rank);
      expect(z.revRank(m)).toBe(rank < 0 ? -1 : model.items.length - 1 - rank);
      if (model.items.length > 0) {
        const at = Math.floor(rand() * model.items.length);
        expect(z.memberAt(at)).toBe(model.items[at][0]);
        expect(Object.is(z.scoreAt(at), model.items[at][1])).toBe(true);
      }
    } else if (r < 0.9) {
      const a = pickScoreBound(rand, model);
      const b = rand() < 0.7 ? pickScoreBound(rand, model) : a;
      const min = Math.min(a, b);
      const max = rand() < 0.1 ? Math.min(a, b) - 1 : Math.max(a, b); // sometimes an inverted range
      const minEx = rand() < 0.5;
      const maxEx = rand() < 0.5;
      const [s0, e0] = model.scoreRanks(min, minEx, max, maxEx);
      const start = z.scoreStart(min, minEx);
      const end = z.scoreEnd(max, maxEx);
      expect(Math.max(0, end - start)).toBe(e0 - s0);
      if (e0 > s0) expect([start, end]).toEqual([s0, e0]);
      expect(z.countScore(min, minEx, max, maxEx)).toBe(e0 - s0);
      // Read the range through a cursor, as ZRANGEBYSCORE does.
      const got: Pair[] = [];
      for (const c = z.cursor(start); c.valid && c.rank < end; c.advance()) got.push([c.member, c.score]);
      expect(got).toEqual(model.items.slice(s0, e0));
    } else if (r < 0.93) {
      // ZREMRANGEBYRANK / BYSCORE, short ranges mostly.
      const n = model.items.length;
      if (n === 0) continue;
      const start = Math.floor(rand() * n);
      const len = rand() < 0.9 ? Math.floor(rand() * 5) : Math.floor(rand() * n);
      const removed = model.items.splice(start, len);
      for (const [m] of removed) model.scores.delete(m);
      expect(z.deleteRange(start, start + len)).toBe(removed.length);
      for (const [m] of removed) expect(z.has(m)).toBe(false);
    } else if (r < 0.96) {
      const count = Math.floor(rand() * 4);
      const outM: string[] = [];
      const outS: number[] = [];
      if (rand() < 0.5) {
        const want = model.items.splice(0, count);
        for (const [m] of want) model.scores.delete(m);
        expect(z.popMin(count, outM, outS)).toBe(want.length);
        expect(outM.map((m, i) => [m, outS[i]])).toEqual(want);
      } else {
        const want = model.items.splice(Math.max(0, model.items.length - count)).reverse();
        for (const [m] of want) model.scores.delete(m);
        expect(z.popMax(count, outM, outS)).toBe(want.length);
        expect(outM.map((m, i) => [m, outS[i]])).toEqual(want);
      }
    } else {
      // Update an existing member's score (moves it).
      if (model.items.length === 0) continue;
      const [m] = model.items[Math.floor(rand() * model.items.length)];
      const s = randScore(rand);
      expect(z.add(m, s)).toBe(model.add(m, s));
    }
    if (op % checkEvery === 0) expectSame(z, model);
  }
  expectSame(z, model);
}

describe('SortedSet against a naive model', () => {
  it('small sets (one leaf), many ties and specials', () => {
    for (let seed = 1; seed <= 20; seed++) runRandom(seed, 2000, 40, 1);
  });

  it('sets crossing leaf splits and merges', () => {
    runRandom(101, 20000, 400, 50);
    runRandom(102, 20000, 3000, 200);
  });

  it('50,000 ops on a large set (several inner levels)', () => {
    runRandom(7, 50000, 20000, 5000);
  });

  it('grows and shrinks to empty through many heights', () => {
    const rand = seededRandom(3);
    const z = new SortedSet();
    const model = new NaiveZSet();
    const n = LEAF_MAX * 64 * 3; // height 2 at least
    for (let i = 0; i < n; i++) {
      const m = 'k' + Math.floor(rand() * 1e9);
      const s = Math.floor(rand() * 100);
      z.add(m, s);
      model.add(m, s);
    }
    expectSame(z, model);
    expect(z.height).toBeGreaterThanOrEqual(2);
    const members = model.items.map((p) => p[0]);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    members.forEach((m, i) => {
      expect(z.delete(m)).toBe(model.delete(m));
      if (i % 997 === 0) expectSame(z, model);
    });
    expectSame(z, model);
    expect(z.size).toBe(0);
    expect(z.height).toBe(0);
  });

  it('ascending and descending inserts (timestamps) fill leaves fully', () => {
    for (const dir of [1, -1]) {
      const z = new SortedSet();
      const model = new NaiveZSet();
      for (let i = 0; i < 10000; i++) {
        z.add('e' + i, dir * i);
        model.add('e' + i, dir * i);
      }
      expectSame(z, model);
      let leaves = 0;
      for (let l = z.head; l !== null; l = l.next!) {
        leaves++;
        if (l.next === null) break;
      }
      expect(leaves).toBeLessThanOrEqual(Math.ceil(10000 / LEAF_MAX) + 1);
    }
  });

  it('small score changes (ZINCRBY-like) move members within and across leaves', () => {
    const rand = seededRandom(17);
    const z = new SortedSet();
    const model = new NaiveZSet();
    for (let i = 0; i < 3000; i++) {
      const s = Math.floor(rand() * 300);
      z.add('u' + i, s);
      model.add('u' + i, s);
    }
    for (let op = 0; op < 20000; op++) {
      const m = 'u' + Math.floor(rand() * 3000);
      const s = model.scores.get(m)! + (rand() < 0.3 ? 0 : Math.floor(rand() * 7) - 3);
      expect(z.add(m, s)).toBe(model.add(m, s));
      if (op % 500 === 0) expectSame(z, model);
    }
    expectSame(z, model);
  });

  it('-0 and 0 are the same score; the first stored one is kept', () => {
    const z = new SortedSet();
    expect(z.add('a', -0)).toBe(undefined);
    expect(Object.is(z.add('a', 0), -0)).toBe(true);
    expect(Object.is(z.score('a'), -0)).toBe(true);
    z.add('b', 0);
    expect(z.rank('a')).toBe(0);
    expect(z.rank('b')).toBe(1);
    expect(z.countScore(0, false, 0, false)).toBe(2);
    expect(z.countScore(-0, true, 0, false)).toBe(0);
  });
});

describe('lex ranges (all scores equal)', () => {
  it('match the model for every bound kind', () => {
    const rand = seededRandom(11);
    for (let round = 0; round < 30; round++) {
      const z = new SortedSet();
      const model = new NaiveZSet();
      const pool = 10 + Math.floor(rand() * 400);
      const n = Math.floor(rand() * 600);
      for (let i = 0; i < n; i++) {
        const m = randMember(rand, pool);
        z.add(m, 0);
        model.add(m, 0);
      }
      for (let q = 0; q < 200; q++) {
        const min = randLexBound(rand, pool);
        const max = randLexBound(rand, pool);
        const [s0, e0] = model.lexRanks(min, max);
        expect(z.countLex(min, max)).toBe(e0 - s0);
        if (e0 > s0) expect([z.lexStart(min), z.lexEnd(max)]).toEqual([s0, e0]);
      }
      // ZREMRANGEBYLEX
      const min = randLexBound(rand, pool);
      const max = randLexBound(rand, pool);
      const [s0, e0] = model.lexRanks(min, max);
      const removed = model.items.splice(s0, e0 - s0);
      for (const [m] of removed) model.scores.delete(m);
      const start = z.lexStart(min);
      expect(z.deleteRange(start, Math.max(start, z.lexEnd(max)))).toBe(removed.length);
      expectSame(z, model);
    }
  });

  it('parses bounds like Redis', () => {
    expect(parseLexBound('-')).toEqual({ inf: -1, value: '', ex: false });
    expect(parseLexBound('+')).toEqual({ inf: 1, value: '', ex: false });
    expect(parseLexBound('[')).toEqual({ inf: 0, value: '', ex: false });
    expect(parseLexBound('(ab')).toEqual({ inf: 0, value: 'ab', ex: true });
    expect(parseLexBound('a')).toBe(null);
    expect(parseLexBound('')).toBe(null);
    expect(parseLexBound('-a')).toBe(null);
  });

  it('"+" as min and "-" as max select nothing', () => {
    const z = new SortedSet();
    for (const m of ['a', 'b', 'c']) z.add(m, 0);
    const plus = parseLexBound('+')!;
    const minus = parseLexBound('-')!;
    expect(z.countLex(plus, plus)).toBe(0);
    expect(z.countLex(minus, minus)).toBe(0);
    expect(z.countLex(minus, plus)).toBe(3);
    expect(z.countLex(parseLexBound('(a')!, parseLexBound('[c')!)).toBe(2);
    expect(z.countLex(parseLexBound('[b')!, parseLexBound('(b')!)).toBe(0);
  });
});

describe('cursors', () => {
  function build(n: number, seed: number): { z: SortedSet; model: NaiveZSet } {
    const rand = seededRandom(seed);
    const z = new SortedSet();
    const model = new NaiveZSet();
    for (let i = 0; i < n; i++) {
      const m = randMember(rand, n * 2);
      const s = randScore(rand);
      z.add(m, s);
      model.add(m, s);
    }
    return { z, model };
  }

  it('walk forward and backward from any rank', () => {
    const { z, model } = build(3000, 21);
    const n = model.items.length;
    for (const start of [0, 1, 63, 64, 65, Math.floor(n / 2), n - 2, n - 1]) {
      const fwd: Pair[] = [];
      for (const c = z.cursor(start); c.valid; c.advance()) {
        expect(c.rank).toBe(start + fwd.length);
        fwd.push([c.member, c.score]);
      }
      expect(fwd).toEqual(model.items.slice(start));
      const back: Pair[] = [];
      for (const c = z.cursor(start, true); c.valid; c.advance()) {
        expect(c.rank).toBe(start - back.length);
        back.push([c.member, c.score]);
      }
      expect(back).toEqual(model.items.slice(0, start + 1).reverse());
    }
    expect(z.cursor(-1).valid).toBe(false);
    expect(z.cursor(n).valid).toBe(false);
    expect(new SortedSet().cursor(0).valid).toBe(false);
  });

  it('remove() during iteration deletes and keeps walking, both directions', () => {
    for (const reverse of [false, true]) {
      const { z, model } = build(5000, reverse ? 23 : 22);
      const rand = seededRandom(5);
      const kept: Pair[] = [];
      const c = z.cursor(reverse ? z.size - 1 : 0, reverse);
      let steps = 0;
      const limit = z.size + 1;
      while (c.valid && steps++ < limit) {
        if (rand() < 0.6) {
          const m = c.member;
          c.remove();
          model.delete(m);
        } else {
          kept.push([c.member, c.score]);
          c.advance();
        }
      }
      expect(steps).toBeLessThanOrEqual(limit - 1); // one step per element, then invalid
      if (reverse) kept.reverse();
      expect(kept).toEqual(model.items);
      expectSame(z, model);
    }
  });

  it('around-me window: rank ± N', () => {
    const { z, model } = build(2000, 24);
    const m = model.items[777][0];
    const r = z.rank(m);
    expect(r).toBe(777);
    const win: string[] = [];
    for (const c = z.cursor(Math.max(0, r - 5)); c.valid && win.length < 11; c.advance()) win.push(c.member);
    expect(win).toEqual(model.items.slice(772, 783).map((p) => p[0]));
  });
});

describe('clone, bulk build, encoding, random, scan', () => {
  it('clone is independent of the original', () => {
    const rand = seededRandom(31);
    const z = new SortedSet();
    const model = new NaiveZSet();
    for (let i = 0; i < 5000; i++) {
      const m = randMember(rand, 8000);
      const s = randScore(rand);
      z.add(m, s);
      model.add(m, s);
    }
    z.fit(128, 64);
    const copy = z.clone();
    const copyModel = new NaiveZSet();
    for (const [m, s] of model.items) copyModel.add(m, s);
    expect(copy.encoding()).toBe('skiplist');
    expectSame(copy, copyModel);
    for (let i = 0; i < 5000; i++) {
      const m = randMember(rand, 8000);
      if (rand() < 0.5) {
        z.delete(m);
        model.delete(m);
      } else {
        const s = randScore(rand);
        copy.add(m, s);
        copyModel.add(m, s);
      }
    }
    expectSame(z, model);
    expectSame(copy, copyModel);
    const small = new SortedSet();
    small.add('a', 1);
    const sc = small.clone();
    sc.add('b', 2);
    expect(small.size).toBe(1);
    expect(sc.encoding()).toBe('listpack');
  });

  it('from() builds ascending, descending and unordered input', () => {
    const rand = seededRandom(41);
    for (const n of [0, 1, 2, 55, 56, 57, 64, 65, 3000, 200000]) {
      const model = new NaiveZSet();
      while (model.scores.size < n) model.scores.set('x' + Math.floor(rand() * n * 10), Math.floor(rand() * 50));
      model.items = [...model.scores].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
      const asc = model.items;
      for (const input of [asc, [...asc].reverse(), [...asc].sort(() => rand() - 0.5)]) {
        const z = SortedSet.from(
          input.map((p) => p[0]),
          input.map((p) => p[1]),
        );
        expectSame(z, model);
        // Still fully usable afterwards.
        z.add('new', 25);
        z.delete(asc.length ? asc[0][0] : 'none');
        checkTree(z);
      }
    }
    expect(() => SortedSet.from(['a', 'a'], [1, 2])).toThrow();
  });

  it('encoding: listpack until too many or too long members, then skiplist for good', () => {
    const z = new SortedSet();
    for (let i = 0; i < 128; i++) z.add('m' + i, i);
    z.fit(128, 64);
    expect(z.encoding()).toBe('listpack');
    z.add('m128', 1);
    z.fit(128, 64);
    expect(z.encoding()).toBe('skiplist');
    z.deleteRange(0, 120);
    z.fit(128, 64);
    expect(z.encoding()).toBe('skiplist');

    const y = new SortedSet();
    y.add('a'.repeat(64), 1);
    y.fit(128, 64);
    expect(y.encoding()).toBe('listpack');
    y.add('b'.repeat(65), 1);
    y.delete('b'.repeat(65));
    y.fit(128, 64); // the long member counted though it is gone: Redis converted when adding it
    expect(y.encoding()).toBe('skiplist');

    // Only members added since the last fit count: a later, lower limit is not applied to old ones.
    const x = new SortedSet();
    x.add('a'.repeat(30), 1);
    x.fit(128, 64);
    x.add('b', 2);
    x.fit(128, 10);
    expect(x.encoding()).toBe('listpack');
    x.add('c', 2);
    x.fit(2, 64);
    expect(x.encoding()).toBe('skiplist');

    const w = new SortedSet();
    w.setEncoding(true);
    expect(w.encoding()).toBe('skiplist');
    w.setEncoding(false);
    expect(w.encoding()).toBe('listpack');
    w.add('abc', 1);
    w.add('abcdef', 2);
    expect(w.maxMemberLength()).toBe(6);
  });

  it('randomMember is uniform enough and always a member', () => {
    const rand = seededRandom(51);
    const z = new SortedSet();
    for (let i = 0; i < 1000; i++) z.add('r' + i, i);
    for (let i = 0; i < 900; i++) z.delete('r' + i); // sparse slots: compactions and holes
    const seen = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const m = z.randomMember(rand)!;
      expect(z.has(m)).toBe(true);
      seen.set(m, (seen.get(m) ?? 0) + 1);
    }
    expect(seen.size).toBe(100);
    for (const c of seen.values()) expect(c).toBeGreaterThan(100); // expected 200 each
    expect(new SortedSet().randomMember(rand)).toBe(undefined);
  });

  it('scan returns every member present throughout, while the set changes', () => {
    const rand = seededRandom(61);
    for (let round = 0; round < 20; round++) {
      const z = new SortedSet();
      const n = 50 + Math.floor(rand() * 3000);
      for (let i = 0; i < n; i++) z.add('s' + i, Math.floor(rand() * 100));
      const stable = new Set<string>();
      for (let i = 0; i < n; i++) if (rand() < 0.3) stable.add('s' + i);
      const seen = new Set<string>();
      let cursor = 0;
      let next = n;
      let steps = 0;
      do {
        cursor = z.scan(cursor, 1 + Math.floor(rand() * 20), (m, s) => {
          expect(z.score(m)).toBe(s);
          seen.add(m);
        });
        // Churn between steps: deletes (compactions), adds, score changes of stable members.
        for (let k = 0; k < 30; k++) {
          const r = rand();
          const m = 's' + Math.floor(rand() * next);
          if (r < 0.5) {
            if (!stable.has(m)) z.delete(m);
          } else if (r < 0.7) {
            z.add('s' + next++, rand() * 100);
          } else if (z.has(m)) {
            z.add(m, rand() * 100);
          }
        }
        steps++;
      } while (cursor !== 0 && steps < 100000);
      expect(cursor).toBe(0);
      for (const m of stable) expect(seen.has(m)).toBe(true);
    }
  });

  it('scan cursors survive compactions of the slots (several between two steps)', () => {
    const rand = seededRandom(62);
    let compactionsSeen = 0;
    for (let round = 0; round < 30; round++) {
      const z = new SortedSet();
      let next = 0;
      const stable = new Set<string>();
      const churn: string[] = [];
      let scanning = false;
      const grow = (k: number) => {
        for (let i = 0; i < k; i++) {
          const m = 'c' + next++;
          z.add(m, rand());
          // Only members there from the start are guaranteed; later ones may land behind the cursor.
          if (!scanning && rand() < 0.05) stable.add(m);
          else churn.push(m);
        }
      };
      grow(500 + Math.floor(rand() * 2000));
      scanning = true;
      const seen = new Set<string>();
      let cursor = 0;
      let steps = 0;
      do {
        const gen = Math.floor(cursor / 2 ** 32);
        cursor = z.scan(cursor, 1 + Math.floor(rand() * 100), (m) => seen.add(m));
        if (cursor !== 0 && Math.floor(cursor / 2 ** 32) !== gen) compactionsSeen++;
        const events = Math.floor(rand() * 4);
        for (let e = 0; e < events; e++) {
          // Removing 90% of the churn leaves under a quarter of the slots live: a compaction.
          grow(Math.floor(rand() * 200));
          for (let k = Math.floor(churn.length * 0.9); k > 0; k--) {
            const i = Math.floor(rand() * churn.length);
            z.delete(churn[i]);
            churn[i] = churn[churn.length - 1];
            churn.pop();
          }
        }
        steps++;
      } while (cursor !== 0 && steps < 10000);
      expect(cursor).toBe(0);
      for (const m of stable) expect(seen.has(m)).toBe(true);
    }
    expect(compactionsSeen).toBeGreaterThan(10);
  });

  it('small sets (no index): scan visits all in one step, random picks members', () => {
    const rand = seededRandom(63);
    const z = new SortedSet();
    for (let i = 0; i < SMALL_MAX; i++) z.add('q' + i, i % 3);
    const seen: Pair[] = [];
    expect(z.scan(0, 5, (m, s) => seen.push([m, s]))).toBe(0);
    expect(seen.sort()).toEqual([...z.entries()].sort());
    const picked = new Set<string>();
    for (let i = 0; i < 2000; i++) picked.add(z.randomMember(rand)!);
    expect(picked.size).toBe(SMALL_MAX);
    // One more member builds the index; everything still answers the same.
    z.add('q-extra', 1);
    const model = new NaiveZSet();
    for (const [m, s] of z.entries()) model.add(m, s);
    expectSame(z, model);
    let cursor = 0;
    const all = new Set<string>();
    do cursor = z.scan(cursor, 5, (m) => all.add(m));
    while (cursor !== 0);
    expect(all.size).toBe(SMALL_MAX + 1);
  });

  it('pops and range deletes keep the index in step', () => {
    const z = new SortedSet();
    for (let i = 0; i < 1000; i++) z.add('p' + i, i % 10);
    const outM: string[] = [];
    const outS: number[] = [];
    expect(z.popMin(3, outM, outS)).toBe(3);
    expect(outM).toEqual(['p0', 'p10', 'p100']);
    expect(z.popMax(2, outM, outS)).toBe(2);
    expect(outM.slice(3)).toEqual(['p999', 'p99']); // ties by member bytes: 'p99' > 'p989'
    expect(outS).toEqual([0, 0, 0, 9, 9]);
    for (const m of outM) expect(z.has(m)).toBe(false);
    expect(z.deleteRange(z.scoreStart(2, false), z.scoreEnd(5, true))).toBe(300);
    expect(z.countScore(-Infinity, false, Infinity, false)).toBe(695);
    expect(z.popMin(10000, outM, outS)).toBe(695);
    expect(z.size).toBe(0);
    expect(z.popMax(1, outM, outS)).toBe(0);
    z.add('again', 1);
    expect(z.rank('again')).toBe(0);
    checkTree(z);
  });
});
