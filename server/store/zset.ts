/**
 * A sorted set value (ZADD, ZRANGE, ZRANK, ...): members (byte strings) ordered by
 * (score ascending, member bytes ascending), exactly Redis's order.
 *
 * Representation (chosen by measurement, see bench/zset-structure.ts and zset-tree.ts):
 * - order: a counted B+tree (ScoreTree) whose leaves hold parallel arrays of scores and members;
 *   inner nodes keep subtree counts, so every rank is computed in O(log n), never scanned;
 * - lookup: MemberIndex, member → slot → score (unboxed), with stable slots for ZSCAN cursors and
 *   O(1) random picks. A set of at most SMALL_MAX (128) members has no index: it is one leaf,
 *   searched linearly like Redis's listpack (the index would double a small set's memory). The
 *   index is built when the set first grows past SMALL_MAX and kept from then on.
 * Only the member string is shared between the two; a member of a big set costs ~107 bytes in
 * all (Redis: ~110), see bench/zset-structure.ts.
 *
 * API (ranks are 0-based ascending; ranges of ranks are half-open [start, end)). SortedSet extends
 * the tree (one object per set); the tree's fields (size, root, height, head) are read-only
 * outside, and its mutators are protected so the index cannot be bypassed.
 *   size, score(m), has(m)
 *   add(m, s) → previous score | undefined      insert or update (ZADD/ZINCRBY do NX/XX/GT/LT/CH/
 *                                               INCR on top: read score(m), decide, then add)
 *   delete(m) → removed score | undefined
 *   rank(m) → rank | -1;   revRank(m) → size-1-rank | -1
 *   memberAt(r), scoreAt(r)                     O(log n)
 *   cursor(r, reverse) → ZSetCursor at rank r   walk with .valid/.member/.score/.advance();
 *                                               .remove() deletes the current element and moves on
 *                                               (any other change to the set invalidates a cursor)
 *   scoreStart(min, minEx), scoreEnd(max, maxEx) rank bounds of a score range: the range is
 *                                               [scoreStart, scoreEnd), empty when end <= start
 *   lexStart(bound), lexEnd(bound)              same for a lex range (parseLexBound: - + [x (x)
 *   countScore(min, minEx, max, maxEx),         O(log n) via the two bounds
 *   countLex(min, max)
 *   deleteRange(start, end) → count             ZREMRANGEBYRANK/SCORE/LEX via the bounds above
 *   popMin(count, outM, outS) / popMax(...)     ZPOPMIN/ZPOPMAX/ZMPOP/BZPOPMIN: appends popped pairs
 *   randomMember(rand)                          ZRANDMEMBER (uniform, O(1))
 *   scan(cursor, count, visit) → next cursor    ZSCAN (see below)
 *   forEach(fn), entries()                      ascending, for ZUNION/ZINTER/DUMP-like work
 *   SortedSet.from(members, scores)             bulk build (distinct members, any order): ZUNIONSTORE,
 *                                               ZRANGESTORE, loading
 *   clone()                                     independent copy (COPY)
 *   encoding(), fit(maxEntries, maxValue), setEncoding(skiplist), maxMemberLength()
 *
 * Leaderboard "around me": r = rank(m); cursor(max(0, r - N), false) for 2N+1 steps.
 *
 * ZSCAN: a cursor is a slot position in MemberIndex, not a rank. Ranks shift when members before
 * them come and go, and a score change moves a member across a rank cursor, so a rank cursor
 * could skip a member present throughout. Slots do not move (compactions are translated), so every
 * member present for the whole scan is returned at least once, as Redis guarantees.
 * A set without an index (small) is visited whole in one step, returning cursor 0. Redis also
 * returns a whole listpack-encoded set in one ZSCAN reply; for a listpack-encoded set that has
 * an index (zset-max-listpack-entries raised above SMALL_MAX) the command gets that by passing
 * Infinity as count.
 *
 * Encoding: OBJECT ENCODING is "listpack" until the set once holds more than
 * zset-max-listpack-entries members or a member longer than zset-max-listpack-value bytes, then
 * "skiplist" for good (Redis converts one way; only ZUNIONSTORE-style rebuilds and loading pick a
 * fresh encoding, via setEncoding). The store does not read config: the command calls
 * fit(maxEntries, maxValue) after adding, which checks the members added since the last call.
 * The physical layout is the same either way (a small set is one leaf).
 *
 * Lex ranges assume all scores are equal, as Redis documents; with mixed scores the answer is a
 * binary search over a non-lex order (unspecified in Redis too, and not identical to its scan).
 */
import {
  BELOW_LEX_LE,
  BELOW_LEX_LT,
  BELOW_SCORE_LE,
  BELOW_SCORE_LT,
  LEAF_MAX,
  foundIdx,
  ScoreTree,
  type Leaf,
  type RemovalSink,
} from './zset-tree.ts';
import { MemberIndex } from './zset-index.ts';

/** A bound of a lex range: inf -1 is "-", +1 is "+", 0 is "[value" (ex false) or "(value". */
export interface LexBound {
  inf: -1 | 0 | 1;
  value: string;
  ex: boolean;
}

/** Parses a ZRANGEBYLEX bound ("-", "+", "[x", "(x"); null when malformed. */
export function parseLexBound(arg: string): LexBound | null {
  if (arg === '-') return { inf: -1, value: '', ex: false };
  if (arg === '+') return { inf: 1, value: '', ex: false };
  const c = arg.charCodeAt(0);
  if (c === 91 /* [ */) return { inf: 0, value: arg.slice(1), ex: false };
  if (c === 40 /* ( */) return { inf: 0, value: arg.slice(1), ex: true };
  return null;
}

export class ZSetCursor {
  /** Absolute ascending rank of the current element (meaningful while valid). */
  rank: number;
  valid: boolean;
  private leaf: Leaf;
  private i: number;
  private set: SortedSet;
  private reverse: boolean;

  constructor(set: SortedSet, leaf: Leaf, i: number, rank: number, valid: boolean, reverse: boolean) {
    this.set = set;
    this.leaf = leaf;
    this.i = i;
    this.rank = rank;
    this.valid = valid;
    this.reverse = reverse;
  }

  get member(): string {
    return this.leaf.m[this.i];
  }

  get score(): number {
    return this.leaf.s[this.i];
  }

  /**
   * The current leaf's members and the cursor's index in it: elements index, index+1, ... (down to
   * 0 when reverse) can be read straight from the array, then skip() past them.
   */
  get leafMembers(): readonly string[] {
    return this.leaf.m;
  }

  get leafScores(): readonly number[] {
    return this.leaf.s;
  }

  get index(): number {
    return this.i;
  }

  /** Elements left in the current leaf in the cursor's direction, the current one included. */
  get leafRun(): number {
    return this.reverse ? this.i + 1 : this.leaf.s.length - this.i;
  }

  /** Moves k elements (1 <= k <= leafRun) in the cursor's direction. */
  skip(k: number): boolean {
    if (!this.valid) return false;
    if (k === this.leafRun) {
      this.i += this.reverse ? 1 - k : k - 1;
      this.rank += this.reverse ? 1 - k : k - 1;
      return this.advance();
    }
    this.i += this.reverse ? -k : k;
    this.rank += this.reverse ? -k : k;
    return true;
  }

  /** Moves one element in the cursor's direction; false (and invalid) past the end. */
  advance(): boolean {
    if (!this.valid) return false;
    if (this.reverse) {
      this.rank--;
      if (this.i > 0) {
        this.i--;
        return true;
      }
      const p = this.leaf.prev;
      if (p === null) return (this.valid = false);
      this.leaf = p;
      this.i = p.s.length - 1;
      return true;
    }
    this.rank++;
    if (this.i + 1 < this.leaf.s.length) {
      this.i++;
      return true;
    }
    const n = this.leaf.next;
    if (n === null) return (this.valid = false);
    this.leaf = n;
    this.i = 0;
    return true;
  }

  /** Deletes the current element and moves to the next one in the cursor's direction. */
  remove(): boolean {
    if (!this.valid) return false;
    this.set.delete(this.member);
    const r = this.reverse ? this.rank - 1 : this.rank;
    this.seek(r);
    return this.valid;
  }

  /**
   * Re-targets this cursor at rank r of `set` (hot range replies reuse one cursor rather than
   * allocating one per command; reset onto an empty set afterwards so no set stays referenced).
   */
  reset(set: SortedSet, r: number, reverse: boolean): this {
    this.set = set;
    this.reverse = reverse;
    this.leaf = set.head;
    this.i = 0;
    this.seek(r);
    return this;
  }

  /** Repositions at absolute rank r (invalid when out of range). */
  seek(r: number): void {
    this.rank = r;
    const set = this.set;
    if (r < 0 || r >= set.size) {
      this.valid = false;
      return;
    }
    this.leaf = set.leafAt(r);
    this.i = foundIdx;
    this.valid = true;
  }
}

// Where removed() appends popped elements during popMin/popMax (null otherwise).
let popM: string[] | null = null;
let popS: number[] | null = null;

/**
 * Sets up to this size have no member index: lookups scan their single leaf, as Redis scans a
 * listpack (measured: ~200 ns for a miss over 128 members; the index would cost ~1 KB plus ~75
 * bytes per member, more than doubling a small set).
 * Must not exceed LEAF_MAX, so that a small set is always one leaf.
 */
export const SMALL_MAX = LEAF_MAX;

export class SortedSet extends ScoreTree implements RemovalSink {
  /** member → score; null while the set is small (see SMALL_MAX). */
  private index: MemberIndex | null = null;
  /** -1 once skiplist-encoded; else the longest member added since the last fit(). */
  private longest = 0;

  /** Position of m in the single leaf of a small set, or -1. */
  private smallFind(m: string): number {
    const lm = this.head.m;
    for (let i = 0; i < lm.length; i++) if (lm[i] === m) return i;
    return -1;
  }

  score(m: string): number | undefined {
    if (this.index !== null) return this.index.score(m);
    const i = this.smallFind(m);
    return i < 0 ? undefined : this.head.s[i];
  }

  has(m: string): boolean {
    return this.score(m) !== undefined;
  }

  /**
   * Sets m's score (s must not be NaN); returns the previous score, undefined when m is new.
   * A score equal to the current one (0 and -0 included, as Redis compares) changes nothing.
   */
  add(m: string, s: number): number | undefined {
    let old: number | undefined;
    if (this.index !== null) {
      old = this.index.set(m, s);
      // Keep the string already stored: the caller's copy would be one more string per update.
      m = this.index.stored;
    } else {
      const i = this.smallFind(m);
      if (i >= 0) {
        old = this.head.s[i];
        m = this.head.m[i];
      }
    }
    if (old === undefined) {
      this.insert(s, m);
      if (m.length > this.longest && this.longest >= 0) this.longest = m.length;
      if (this.index === null && this.size > SMALL_MAX) this.buildIndex();
    } else if (old !== s) {
      this.update(old, m, s);
    }
    return old;
  }

  private buildIndex(): void {
    const index = new MemberIndex();
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.s.length; i++) index.set(leaf.m[i], leaf.s[i]);
    }
    this.index = index;
  }

  /** Removes m; returns its score, undefined when absent. */
  delete(m: string): number | undefined {
    let old: number | undefined;
    if (this.index !== null) {
      old = this.index.delete(m);
    } else {
      const i = this.smallFind(m);
      old = i < 0 ? undefined : this.head.s[i];
    }
    if (old !== undefined) this.remove(old, m);
    return old;
  }

  rank(m: string): number {
    if (this.index === null) return this.smallFind(m);
    const s = this.index.score(m);
    return s === undefined ? -1 : this.rankOf(s, m);
  }

  revRank(m: string): number {
    const r = this.rank(m);
    return r < 0 ? -1 : this.size - 1 - r;
  }

  /** Member at rank r (0 <= r < size). */
  memberAt(r: number): string {
    const leaf = this.leafAt(r);
    return leaf.m[foundIdx];
  }

  /** Score at rank r (0 <= r < size). */
  scoreAt(r: number): number {
    const leaf = this.leafAt(r);
    return leaf.s[foundIdx];
  }

  /** A cursor at rank r walking up (or down when reverse); invalid when r is out of range. */
  cursor(r: number, reverse = false): ZSetCursor {
    if (r < 0 || r >= this.size) return new ZSetCursor(this, this.head, 0, r, false, reverse);
    const leaf = this.leafAt(r);
    return new ZSetCursor(this, leaf, foundIdx, r, true, reverse);
  }

  /** First rank with score >= min (> min when minEx). */
  scoreStart(min: number, minEx: boolean): number {
    if (min === -Infinity && !minEx) return 0;
    return this.lowerCount(minEx ? BELOW_SCORE_LE : BELOW_SCORE_LT, min, '');
  }

  /** One past the last rank with score <= max (< max when maxEx). */
  scoreEnd(max: number, maxEx: boolean): number {
    // Scores are never NaN, so every element is <= +inf.
    if (max === Infinity && !maxEx) return this.size;
    return this.lowerCount(maxEx ? BELOW_SCORE_LT : BELOW_SCORE_LE, max, '');
  }

  countScore(min: number, minEx: boolean, max: number, maxEx: boolean): number {
    const start = this.scoreStart(min, minEx);
    const end = this.scoreEnd(max, maxEx);
    return end > start ? end - start : 0;
  }

  /** First rank at or after the lex lower bound. */
  lexStart(b: LexBound): number {
    if (b.inf !== 0) return b.inf < 0 ? 0 : this.size;
    return this.lowerCount(b.ex ? BELOW_LEX_LE : BELOW_LEX_LT, 0, b.value);
  }

  /** One past the last rank at or before the lex upper bound. */
  lexEnd(b: LexBound): number {
    if (b.inf !== 0) return b.inf < 0 ? 0 : this.size;
    return this.lowerCount(b.ex ? BELOW_LEX_LT : BELOW_LEX_LE, 0, b.value);
  }

  countLex(min: LexBound, max: LexBound): number {
    const start = this.lexStart(min);
    const end = this.lexEnd(max);
    return end > start ? end - start : 0;
  }

  /** Removes ranks [start, end) (clamped); returns how many were removed. */
  deleteRange(start: number, end: number): number {
    if (start < 0) start = 0;
    if (end > this.size) end = this.size;
    if (end <= start) return 0;
    this.removeRange(start, end - start, this);
    return end - start;
  }

  /** Removes up to `count` lowest elements, appending them (ascending) to outM/outS. */
  popMin(count: number, outM: string[], outS: number[]): number {
    const k = Math.min(count, this.size);
    if (k <= 0) return 0;
    this.popRange(0, k, outM, outS);
    return k;
  }

  /** Removes up to `count` highest elements, appending them (highest first) to outM/outS. */
  popMax(count: number, outM: string[], outS: number[]): number {
    const k = Math.min(count, this.size);
    if (k <= 0) return 0;
    const from = outM.length;
    this.popRange(this.size - k, k, outM, outS);
    reverseTail(outM, from);
    reverseTail(outS, from);
    return k;
  }

  private popRange(start: number, k: number, outM: string[], outS: number[]): void {
    popM = outM;
    popS = outS;
    try {
      this.removeRange(start, k, this);
    } finally {
      popM = null;
      popS = null;
    }
  }

  /** RemovalSink: a range removal dropped (m, s). */
  removed(m: string, s: number): void {
    if (this.index !== null) this.index.delete(m);
    if (popM !== null) {
      popM.push(m);
      popS!.push(s);
    }
  }

  /** A uniformly random member, undefined when empty. */
  randomMember(rand: () => number): string | undefined {
    if (this.index !== null) return this.index.randomMember(rand);
    const lm = this.head.m;
    return lm.length === 0 ? undefined : lm[Math.floor(rand() * lm.length)];
  }

  /** One ZSCAN step over member slots; returns the next cursor (0 when done). */
  scan(cursor: number, count: number, visit: (member: string, score: number) => void): number {
    if (this.index !== null) return this.index.scan(cursor, count, visit);
    const ls = this.head.s;
    const lm = this.head.m;
    for (let i = 0; i < ls.length; i++) visit(lm[i], ls[i]);
    return 0;
  }

  /** Visits every element in ascending order. The set must not change meanwhile. */
  forEach(fn: (member: string, score: number) => void): void {
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      const ls = leaf.s;
      const lm = leaf.m;
      for (let i = 0; i < ls.length; i++) fn(lm[i], ls[i]);
    }
  }

  *entries(): IterableIterator<[string, number]> {
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.s.length; i++) yield [leaf.m[i], leaf.s[i]];
    }
  }

  encoding(): 'listpack' | 'skiplist' {
    return this.longest < 0 ? 'skiplist' : 'listpack';
  }

  /** Converts to skiplist (for good) if the set outgrew the listpack limits; call after adding. */
  fit(maxEntries: number, maxValue: number): void {
    if (this.longest < 0) return;
    this.longest = this.size > maxEntries || this.longest > maxValue ? -1 : 0;
  }

  /** Picks the encoding outright (a new set from a size hint, or a rebuilt one shrinking back). */
  setEncoding(skiplist: boolean): void {
    this.longest = skiplist ? -1 : 0;
  }

  /** Length of the longest member: O(n), for deciding a rebuilt set's encoding. */
  maxMemberLength(): number {
    let max = 0;
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      const lm = leaf.m;
      for (let i = 0; i < lm.length; i++) if (lm[i].length > max) max = lm[i].length;
    }
    return max;
  }

  clone(): SortedSet {
    const n = this.size;
    const ms: string[] = new Array(n);
    const ss = new Float64Array(n);
    let j = 0;
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.s.length; i++, j++) {
        ms[j] = leaf.m[i];
        ss[j] = leaf.s[i];
      }
    }
    const copy = SortedSet.build(ms, ss, n);
    copy.longest = this.longest;
    return copy;
  }

  /**
   * A set of the given distinct members with their scores, in any order (already ascending or
   * descending input is detected and not sorted again). Encoding starts as listpack: call fit.
   */
  static from(members: readonly string[], scores: ArrayLike<number>): SortedSet {
    const n = members.length;
    let asc = true;
    let desc = true;
    for (let i = 1; i < n && (asc || desc); i++) {
      const c = cmp(scores[i - 1], members[i - 1], scores[i], members[i]);
      if (c >= 0) asc = false;
      if (c <= 0) desc = false;
    }
    const ms: string[] = new Array(n);
    const ss = new Float64Array(n);
    if (asc) {
      for (let i = 0; i < n; i++) {
        ms[i] = members[i];
        ss[i] = scores[i];
      }
    } else if (desc) {
      for (let i = 0; i < n; i++) {
        ms[i] = members[n - 1 - i];
        ss[i] = scores[n - 1 - i];
      }
    } else {
      const order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => cmp(scores[a], members[a], scores[b], members[b]));
      for (let i = 0; i < n; i++) {
        ms[i] = members[order[i]];
        ss[i] = scores[order[i]];
      }
    }
    return SortedSet.build(ms, ss, n);
  }

  /** From distinct keys in ascending order. */
  private static build(ms: string[], ss: Float64Array, n: number): SortedSet {
    const z = new SortedSet();
    z.load(ss, ms, n);
    if (n > SMALL_MAX) {
      z.buildIndex();
      // The same member twice with different scores sorts apart: the index catches it.
      if (z.index!.size !== n) throw new Error('SortedSet.from: duplicate member');
    } else {
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) if (ms[i] === ms[j]) throw new Error('SortedSet.from: duplicate member');
      }
    }
    return z;
  }
}

function cmp(s1: number, m1: string, s2: number, m2: string): number {
  if (s1 < s2) return -1;
  if (s1 > s2) return 1;
  return m1 < m2 ? -1 : m1 > m2 ? 1 : 0;
}

function reverseTail<T>(a: T[], from: number): void {
  for (let i = from, j = a.length - 1; i < j; i++, j--) {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
