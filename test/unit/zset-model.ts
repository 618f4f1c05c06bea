/**
 * Test helpers for the sorted set: a naive sorted-array model, and a deep structural check of the
 * B+tree (counts, separators, leaf links, node fill) so a broken invariant fails where it breaks.
 */
import { expect } from 'vitest';
import { Inner, Leaf, LEAF_MAX, type Node, type ScoreTree } from '../../server/store/zset-tree.ts';
import type { LexBound, SortedSet } from '../../server/store/zset.ts';

export type Pair = [member: string, score: number];

function before(a: Pair, b: Pair): boolean {
  return a[1] < b[1] || (a[1] === b[1] && a[0] < b[0]);
}

/** Sorted array of (member, score) kept by linear insertion: obviously right, slow. */
export class NaiveZSet {
  items: Pair[] = [];
  scores = new Map<string, number>();

  add(m: string, s: number): number | undefined {
    const old = this.scores.get(m);
    if (old !== undefined) {
      if (old === s) return old;
      this.delete(m);
    }
    this.scores.set(m, s);
    let i = 0;
    while (i < this.items.length && before(this.items[i], [m, s])) i++;
    this.items.splice(i, 0, [m, s]);
    return old;
  }

  delete(m: string): number | undefined {
    const old = this.scores.get(m);
    if (old === undefined) return undefined;
    this.scores.delete(m);
    this.items.splice(
      this.items.findIndex((p) => p[0] === m),
      1,
    );
    return old;
  }

  rank(m: string): number {
    return this.items.findIndex((p) => p[0] === m);
  }

  /** Ranks in a score range, by filtering. */
  scoreRanks(min: number, minEx: boolean, max: number, maxEx: boolean): [number, number] {
    const inRange = (s: number) => (minEx ? s > min : s >= min) && (maxEx ? s < max : s <= max);
    const idx = this.items.map((p, i) => (inRange(p[1]) ? i : -1)).filter((i) => i >= 0);
    return idx.length === 0 ? [0, 0] : [idx[0], idx[idx.length - 1] + 1];
  }

  /** Ranks in a lex range, by filtering (meaningful when all scores are equal). */
  lexRanks(min: LexBound, max: LexBound): [number, number] {
    const geMin = (m: string) => (min.inf < 0 ? true : min.inf > 0 ? false : min.ex ? m > min.value : m >= min.value);
    const leMax = (m: string) => (max.inf > 0 ? true : max.inf < 0 ? false : max.ex ? m < max.value : m <= max.value);
    const idx = this.items.map((p, i) => (geMin(p[0]) && leMax(p[0]) ? i : -1)).filter((i) => i >= 0);
    return idx.length === 0 ? [0, 0] : [idx[0], idx[idx.length - 1] + 1];
  }
}

function keyBelow(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error('B+tree invariant broken: ' + what);
}

/** Checks every B+tree invariant (plain checks: it runs after every operation in some tests). */
export function checkTree(t: ScoreTree): void {
  const leaves: Leaf[] = [];
  const walk = (n: Node, depth: number, lo: [number, string] | null, hi: [number, string] | null): number => {
    if (n instanceof Leaf) {
      check(depth === t.height, 'leaves all at depth height');
      check(n.s.length === n.m.length, 'parallel arrays');
      check(n.s.length <= LEAF_MAX, 'leaf size');
      if (n !== t.root) check(n.s.length > 0, 'non-root leaf not empty');
      for (let i = 0; i < n.s.length; i++) {
        check(!Number.isNaN(n.s[i]), 'no NaN');
        if (i > 0) check(keyBelow(n.s[i - 1], n.m[i - 1], n.s[i], n.m[i]), 'leaf keys ascending');
        if (lo) check(!keyBelow(n.s[i], n.m[i], lo[0], lo[1]), 'key >= lower separator');
        if (hi) check(keyBelow(n.s[i], n.m[i], hi[0], hi[1]), 'key < upper separator');
      }
      leaves.push(n);
      return n.s.length;
    }
    check(n instanceof Inner, 'inner node');
    const inner = n as Inner;
    check(inner.kids.length === inner.cnt.length, 'cnt per kid');
    check(inner.ks.length === inner.kids.length - 1 && inner.km.length === inner.ks.length, 'separators');
    check(inner.kids.length >= 2, 'inner has 2+ kids');
    let total = 0;
    for (let i = 0; i < inner.kids.length; i++) {
      const klo: [number, string] | null = i === 0 ? lo : [inner.ks[i - 1], inner.km[i - 1]];
      const khi: [number, string] | null = i === inner.kids.length - 1 ? hi : [inner.ks[i], inner.km[i]];
      const c = walk(inner.kids[i], depth + 1, klo, khi);
      check(c === inner.cnt[i], 'subtree count');
      total += c;
    }
    return total;
  };
  const total = walk(t.root, 0, null, null);
  check(total === t.size, 'size');
  check(t.head === leaves[0], 'head');
  for (let i = 0; i < leaves.length; i++) {
    check(leaves[i].prev === (i === 0 ? null : leaves[i - 1]), 'prev link');
    check(leaves[i].next === (i === leaves.length - 1 ? null : leaves[i + 1]), 'next link');
  }
}

/** Full comparison of a set against the model: contents, order, scores, ranks. */
export function expectSame(z: SortedSet, model: NaiveZSet): void {
  checkTree(z);
  expect(z.size).toBe(model.items.length);
  const got = [...z.entries()];
  const same = got.length === model.items.length && got.every((p, i) => p[0] === model.items[i][0] && Object.is(p[1], model.items[i][1]));
  if (!same) expect(got).toEqual(model.items);
  for (const [m, s] of model.items) {
    if (!Object.is(z.score(m), s)) expect([m, z.score(m)]).toEqual([m, s]);
  }
}
