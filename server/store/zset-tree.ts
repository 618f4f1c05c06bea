/**
 * The order of a sorted set: an order-statistic ("counted") B+tree over (score, member) keys.
 *
 * Why a B+tree and not Redis's skiplist: measured in bench/zset-structure.ts. In JS a skiplist
 * costs a node object plus two level arrays per element (2.3x Redis's memory per member in all),
 * and every step of a search is a pointer chase (ranks, inserts, seeks ~10-20x slower than this
 * tree at 1M members). Here a leaf holds up to LEAF_MAX elements in two parallel packed arrays
 * (scores as unboxed doubles, members as string pointers): ~20 bytes per element in the tree, and
 * searches are binary searches over contiguous memory.
 *
 * Layout:
 * - Leaf: `s` (number[] kept in PACKED_DOUBLE elements), `m` (string[]), linked to its neighbours
 *   for iteration. A set that fits in one leaf is just that leaf (height 0).
 * - Inner: `kids`, `cnt` (element count of each kid's subtree: ranks are computed, not scanned),
 *   and separators `ks`/`km`: key i is a lower bound of every key in kid i+1 and an upper bound
 *   (exclusive) of every key in kid i. Deletions may leave a separator equal to no live key; it
 *   still partitions correctly, so separators are never refreshed on delete.
 *
 * Ordering is Redis's: score ascending, ties by member bytes (latin1 strings compare by code unit,
 * which is byte order). Scores are never NaN; -0 and 0 compare equal, as in Redis.
 *
 * All searches count the elements that satisfy a predicate closed downwards in the order (key < K
 * in rankOf; score < s, score <= s, member < m, member <= m in lowerCount). A kid is counted whole
 * when its upper separator satisfies the predicate, so each runs in O(log n) and yields a rank.
 *
 * Not reentrant: descents record their path in module-level scratch arrays (single thread).
 */

export const LEAF_MAX = 128;
const LEAF_MIN = 32;
const INNER_MAX = 64;
const INNER_MIN = 16;
/** Leaves shorter than this are kept at exact size (see insert). */
const TINY = 32;
/** Bulk builds fill nodes to this, leaving room for inserts before the first split. */
const LEAF_FILL = 112;
const INNER_FILL = 56;

/** Predicate kinds for lowerCount: which elements count as "below" the bound. */
export type Below = 1 | 2 | 3 | 4;
export const BELOW_SCORE_LT = 1; // score < s
export const BELOW_SCORE_LE = 2; // score <= s
export const BELOW_LEX_LT = 3; // member < m
export const BELOW_LEX_LE = 4; // member <= m

export class Leaf {
  s: number[];
  m: string[];
  next: Leaf | null = null;
  prev: Leaf | null = null;
  constructor(s: number[], m: string[]) {
    this.s = s;
    this.m = m;
  }
}

export class Inner {
  ks: number[];
  km: string[];
  kids: Node[];
  cnt: number[];
  constructor(ks: number[], km: string[], kids: Node[], cnt: number[]) {
    this.ks = ks;
    this.km = km;
    this.kids = kids;
    this.cnt = cnt;
  }
}

export type Node = Leaf | Inner;

/** An empty number[] already in PACKED_DOUBLE elements, so integer scores never make it SMI. */
export function doubles(): number[] {
  const a = [0.5];
  a.pop();
  return a;
}

/** Receives each element a range removal takes out (the owner drops it from its member index). */
export interface RemovalSink {
  removed(member: string, score: number): void;
}

function isBelow(es: number, em: string, how: Below, s: number, m: string): boolean {
  switch (how) {
    case BELOW_SCORE_LT:
      return es < s;
    case BELOW_SCORE_LE:
      return es <= s;
    case BELOW_LEX_LT:
      return em < m;
    default:
      return em <= m;
  }
}

function sum(a: number[], from: number, to: number): number {
  let t = 0;
  for (let i = from; i < to; i++) t += a[i];
  return t;
}

/** Kid of `n` holding key (s, m) or where it would go: the number of separators <= the key. */
function kidFor(n: Inner, s: number, m: string): number {
  const ks = n.ks;
  const km = n.km;
  let lo = 0;
  let hi = ks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = ks[mid];
    if (k < s || (k === s && km[mid] <= m)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index in `leaf` of the first element not below (s, m). */
function leafPos(leaf: Leaf, s: number, m: string): number {
  const ls = leaf.s;
  const lm = leaf.m;
  let lo = 0;
  let hi = ls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = ls[mid];
    if (k < s || (k === s && lm[mid] < m)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Path of the current descent: inner node and kid index per level, root first. Cleared after
// each change so a dropped tree is not kept alive through it.
const pathNode: Inner[] = [];
const pathIdx: number[] = [];
const NO_NODE = new Inner([], [], [], []);

/** Index inside the leaf returned by the last leafAt(). */
export let foundIdx = 0;

function releasePath(height: number): void {
  for (let h = 0; h < height; h++) pathNode[h] = NO_NODE;
}

export class ScoreTree {
  root: Node;
  height = 0;
  size = 0;
  head: Leaf;
  /** Bumped by every change of content (caches of derived data, e.g. rolling leaderboards, compare it). */
  mods = 0;

  constructor() {
    const leaf = new Leaf(doubles(), []);
    this.root = leaf;
    this.head = leaf;
  }

  /** Number of elements below the bound (see Below): a rank. */
  lowerCount(how: Below, s: number, m: string): number {
    let node = this.root;
    let rank = 0;
    for (let h = this.height; h > 0; h--) {
      const n = node as Inner;
      const ks = n.ks;
      const km = n.km;
      let lo = 0;
      let hi = ks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (isBelow(ks[mid], km[mid], how, s, m)) lo = mid + 1;
        else hi = mid;
      }
      const cnt = n.cnt;
      for (let i = 0; i < lo; i++) rank += cnt[i];
      node = n.kids[lo];
    }
    const leaf = node as Leaf;
    const ls = leaf.s;
    const lm = leaf.m;
    let lo = 0;
    let hi = ls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (isBelow(ls[mid], lm[mid], how, s, m)) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  /** Rank of (s, m), present or not: the number of keys below it. */
  rankOf(s: number, m: string): number {
    let node = this.root;
    let rank = 0;
    for (let h = this.height; h > 0; h--) {
      const n = node as Inner;
      const c = kidFor(n, s, m);
      const cnt = n.cnt;
      for (let i = 0; i < c; i++) rank += cnt[i];
      node = n.kids[c];
    }
    return rank + leafPos(node as Leaf, s, m);
  }

  /** Leaf holding rank r (0 <= r < size); the index inside it is left in `foundIdx`. */
  leafAt(r: number): Leaf {
    let node = this.root;
    // Counts are scanned from the nearer end: the top ranks (ZREVRANGE 0 9, REV ranges from +inf)
    // are as cheap to reach as the bottom ones.
    let total = this.size;
    for (let h = this.height; h > 0; h--) {
      const n = node as Inner;
      const cnt = n.cnt;
      let i: number;
      if (r * 2 < total) {
        i = 0;
        while (r >= cnt[i]) r -= cnt[i++];
      } else {
        i = cnt.length - 1;
        let before = total - cnt[i];
        while (r < before) before -= cnt[--i];
        r -= before;
      }
      total = cnt[i];
      node = n.kids[i];
    }
    foundIdx = r;
    return node as Leaf;
  }

  /** Inserts (s, m), which must not be present. */
  protected insert(s: number, m: string): void {
    this.mods++;
    let node = this.root;
    const height = this.height;
    for (let h = 0; h < height; h++) {
      const n = node as Inner;
      const c = kidFor(n, s, m);
      pathNode[h] = n;
      pathIdx[h] = c;
      n.cnt[c]++;
      node = n.kids[c];
    }
    this.size++;
    const leaf = node as Leaf;
    const i = leafPos(leaf, s, m);
    const len = leaf.s.length;
    if (len < TINY) {
      // A push past capacity grows an array by half + 16 slots; small sets stay tight as exact copies.
      const ls = leaf.s;
      const lm = leaf.m;
      ls.splice(i, 0, s);
      lm.splice(i, 0, m);
      leaf.s = ls.slice();
      leaf.m = lm.slice();
    } else if (len < LEAF_MAX) {
      if (i === len) {
        leaf.s.push(s);
        leaf.m.push(m);
      } else {
        leaf.s.splice(i, 0, s);
        leaf.m.splice(i, 0, m);
      }
    } else {
      this.splitLeaf(leaf, i, s, m);
    }
    releasePath(height);
  }

  private splitLeaf(leaf: Leaf, i: number, s: number, m: string): void {
    let right: Leaf;
    if (i === LEAF_MAX && leaf.next === null) {
      // Appending past the last element (ascending scores such as timestamps): start a new leaf
      // rather than leave two half-empty ones behind.
      const rs = doubles();
      rs.push(s);
      right = new Leaf(rs, [m]);
    } else if (i === 0 && leaf.prev === null) {
      // Mirror case at the front: the new element gets a leaf of its own on the left.
      const ls = doubles();
      ls.push(s);
      const left = new Leaf(ls, [m]);
      left.next = leaf;
      leaf.prev = left;
      this.head = left;
      this.replaceKid(leaf, left);
      this.addSibling(left, 1, leaf.s[0], leaf.m[0], leaf, leaf.s.length);
      return;
    } else {
      const mid = LEAF_MAX >> 1;
      right = new Leaf(leaf.s.slice(mid), leaf.m.slice(mid));
      leaf.s.length = mid;
      leaf.m.length = mid;
      const target = i <= mid ? leaf : right;
      const j = i <= mid ? i : i - mid;
      target.s.splice(j, 0, s);
      target.m.splice(j, 0, m);
    }
    right.next = leaf.next;
    right.prev = leaf;
    if (leaf.next !== null) leaf.next.prev = right;
    leaf.next = right;
    this.addSibling(leaf, leaf.s.length, right.s[0], right.m[0], right, right.s.length);
  }

  /** Puts `fresh` where `old` sits in the last descent's path (or at the root). */
  private replaceKid(old: Node, fresh: Node): void {
    if (this.height === 0) {
      this.root = fresh;
      return;
    }
    const h = this.height - 1;
    pathNode[h].kids[pathIdx[h]] = fresh;
  }

  /**
   * After a split at the last descent's bottom: `left` (now holding leftCount elements) gets
   * `right` (rightCount elements, keys >= the separator) as its right neighbour, splitting
   * parents upwards as needed.
   */
  private addSibling(left: Node, leftCount: number, sepS: number, sepM: string, right: Node, rightCount: number): void {
    for (let h = this.height - 1; h >= 0; h--) {
      const p = pathNode[h];
      const c = pathIdx[h];
      p.cnt[c] = leftCount;
      p.kids.splice(c + 1, 0, right);
      p.cnt.splice(c + 1, 0, rightCount);
      p.ks.splice(c, 0, sepS);
      p.km.splice(c, 0, sepM);
      if (p.kids.length <= INNER_MAX) return;
      // Split p: the middle separator moves up.
      const mid = p.kids.length >> 1;
      const r = new Inner(p.ks.slice(mid), p.km.slice(mid), p.kids.slice(mid), p.cnt.slice(mid));
      sepS = p.ks[mid - 1];
      sepM = p.km[mid - 1];
      p.ks.length = mid - 1;
      p.km.length = mid - 1;
      p.kids.length = mid;
      p.cnt.length = mid;
      left = p;
      right = r;
      leftCount = sum(p.cnt, 0, mid);
      rightCount = sum(r.cnt, 0, r.cnt.length);
    }
    const ks = doubles();
    ks.push(sepS);
    this.root = new Inner(ks, [sepM], [left, right], [leftCount, rightCount]);
    this.height++;
  }

  /**
   * Changes m's score from s0 to s1 (m present with s0; s1 !== s0). When the new key stays strictly inside
   * the range of the other keys of its leaf (a small ZINCRBY, the common leaderboard move), it
   * slides within the leaf: no counts or separators change. Otherwise remove and insert.
   */
  protected update(s0: number, m: string, s1: number): void {
    this.mods++;
    let node = this.root;
    for (let h = this.height; h > 0; h--) node = (node as Inner).kids[kidFor(node as Inner, s0, m)];
    const leaf = node as Leaf;
    const ls = leaf.s;
    const lm = leaf.m;
    const last = ls.length - 1;
    const i = leafPos(leaf, s0, m);
    const a = i === 0 ? 1 : 0; // smallest and largest of the other keys
    const b = i === last ? last - 1 : last;
    if (
      a < b &&
      (ls[a] < s1 || (ls[a] === s1 && lm[a] < m)) &&
      (s1 < ls[b] || (s1 === ls[b] && m < lm[b]))
    ) {
      // Slide the elements between the old and new places by one, then drop m in.
      let j = i;
      if (s1 > s0) {
        while (j < last && (ls[j + 1] < s1 || (ls[j + 1] === s1 && lm[j + 1] < m))) {
          ls[j] = ls[j + 1];
          lm[j] = lm[j + 1];
          j++;
        }
      } else {
        while (j > 0 && (s1 < ls[j - 1] || (s1 === ls[j - 1] && m < lm[j - 1]))) {
          ls[j] = ls[j - 1];
          lm[j] = lm[j - 1];
          j--;
        }
      }
      ls[j] = s1;
      lm[j] = m;
      return;
    }
    this.remove(s0, m);
    this.insert(s1, m);
  }

  /** Removes (s, m), which must be present. */
  protected remove(s: number, m: string): void {
    this.mods++;
    let node = this.root;
    const height = this.height;
    for (let h = 0; h < height; h++) {
      const n = node as Inner;
      const c = kidFor(n, s, m);
      pathNode[h] = n;
      pathIdx[h] = c;
      n.cnt[c]--;
      node = n.kids[c];
    }
    this.size--;
    const leaf = node as Leaf;
    const i = leafPos(leaf, s, m);
    if (i === leaf.s.length - 1) {
      leaf.s.pop();
      leaf.m.pop();
    } else {
      leaf.s.splice(i, 1);
      leaf.m.splice(i, 1);
    }
    if (leaf.s.length < LEAF_MIN && height > 0) this.rebalance(height - 1);
    releasePath(height);
  }

  /**
   * Removes `count` elements from rank `start` on (the range must exist), reporting each to
   * `sink` in order. Whole runs inside a leaf go at once: O(log n + count).
   */
  protected removeRange(start: number, count: number, sink: RemovalSink | null): void {
    this.mods++;
    while (count > 0) {
      let node = this.root;
      let r = start;
      const height = this.height;
      for (let h = 0; h < height; h++) {
        const n = node as Inner;
        const cnt = n.cnt;
        let i = 0;
        while (r >= cnt[i]) r -= cnt[i++];
        pathNode[h] = n;
        pathIdx[h] = i;
        node = n.kids[i];
      }
      const leaf = node as Leaf;
      const k = Math.min(count, leaf.s.length - r);
      for (let h = 0; h < height; h++) pathNode[h].cnt[pathIdx[h]] -= k;
      if (sink !== null) {
        for (let j = r; j < r + k; j++) sink.removed(leaf.m[j], leaf.s[j]);
      }
      leaf.s.splice(r, k);
      leaf.m.splice(r, k);
      this.size -= k;
      count -= k;
      if (leaf.s.length < LEAF_MIN && height > 0) this.rebalance(height - 1);
      releasePath(height);
    }
  }

  /**
   * Fixes an underfull kid of pathNode[h] (at pathIdx[h]) by merging it with a sibling or taking
   * some of the sibling's elements, then walks up while parents underflow.
   */
  private rebalance(h: number): void {
    for (; h >= 0; h--) {
      const p = pathNode[h];
      const c = pathIdx[h];
      const li = c > 0 ? c - 1 : 0;
      const left = p.kids[li];
      const right = p.kids[li + 1];
      if (left instanceof Leaf) this.balanceLeaves(p, li, left, right as Leaf);
      else this.balanceInners(p, li, left, right as Inner);
      if (h === 0) {
        if (p.kids.length === 1) {
          this.root = p.kids[0];
          this.height--;
        }
        return;
      }
      if (p.kids.length >= INNER_MIN) return;
    }
  }

  private balanceLeaves(p: Inner, li: number, left: Leaf, right: Leaf): void {
    const nl = left.s.length;
    const nr = right.s.length;
    if (nl + nr <= LEAF_MAX) {
      for (let i = 0; i < nr; i++) {
        left.s.push(right.s[i]);
        left.m.push(right.m[i]);
      }
      left.next = right.next;
      if (right.next !== null) right.next.prev = left;
      this.dropKid(p, li, nl + nr);
      return;
    }
    const half = (nl + nr) >> 1;
    if (nl < half) {
      const k = half - nl;
      for (let i = 0; i < k; i++) {
        left.s.push(right.s[i]);
        left.m.push(right.m[i]);
      }
      right.s.splice(0, k);
      right.m.splice(0, k);
    } else {
      right.s.splice(0, 0, ...left.s.slice(half));
      right.m.splice(0, 0, ...left.m.slice(half));
      left.s.length = half;
      left.m.length = half;
    }
    p.ks[li] = right.s[0];
    p.km[li] = right.m[0];
    p.cnt[li] = left.s.length;
    p.cnt[li + 1] = right.s.length;
  }

  private balanceInners(p: Inner, li: number, left: Inner, right: Inner): void {
    const ks = left.ks.concat(p.ks[li], right.ks);
    const km = left.km.concat(p.km[li], right.km);
    const kids = left.kids.concat(right.kids);
    const cnt = left.cnt.concat(right.cnt);
    if (kids.length <= INNER_MAX) {
      left.ks = ks;
      left.km = km;
      left.kids = kids;
      left.cnt = cnt;
      this.dropKid(p, li, sum(cnt, 0, cnt.length));
      return;
    }
    const half = kids.length >> 1;
    left.ks = ks.slice(0, half - 1);
    left.km = km.slice(0, half - 1);
    left.kids = kids.slice(0, half);
    left.cnt = cnt.slice(0, half);
    right.ks = ks.slice(half);
    right.km = km.slice(half);
    right.kids = kids.slice(half);
    right.cnt = cnt.slice(half);
    p.ks[li] = ks[half - 1];
    p.km[li] = km[half - 1];
    p.cnt[li] = sum(left.cnt, 0, half);
    p.cnt[li + 1] = sum(right.cnt, 0, right.cnt.length);
  }

  /** Kid li of p absorbed kid li+1 and now holds `count` elements. */
  private dropKid(p: Inner, li: number, count: number): void {
    p.cnt[li] = count;
    p.kids.splice(li + 1, 1);
    p.cnt.splice(li + 1, 1);
    p.ks.splice(li, 1);
    p.km.splice(li, 1);
  }

  /** Replaces the contents with keys given in strictly ascending order. */
  protected load(s: ArrayLike<number>, m: ArrayLike<string>, n: number): void {
    const leaves: Leaf[] = [];
    const counts: number[] = [];
    // Up to LEAF_MAX keys make one leaf: a small set must be a single leaf (see SortedSet).
    const nLeaves = n <= LEAF_MAX ? 1 : Math.ceil(n / LEAF_FILL);
    let prev: Leaf | null = null;
    for (let li = 0; li < nLeaves; li++) {
      // Spread evenly so the last leaf is not a runt.
      const from = Math.floor((li * n) / nLeaves);
      const to = Math.floor(((li + 1) * n) / nLeaves);
      const ls = doubles();
      const lm: string[] = [];
      for (let i = from; i < to; i++) {
        ls.push(s[i]);
        lm.push(m[i]);
      }
      const leaf = new Leaf(ls, lm);
      leaf.prev = prev;
      if (prev !== null) prev.next = leaf;
      prev = leaf;
      leaves.push(leaf);
      counts.push(to - from);
    }
    this.head = leaves[0];
    this.size = n;
    this.height = 0;
    let level: Node[] = leaves;
    let minS: number[] = leaves.map((l) => l.s[0]);
    let minM: string[] = leaves.map((l) => l.m[0]);
    let levelCnt = counts;
    while (level.length > 1) {
      const nNodes = Math.ceil(level.length / INNER_FILL);
      const up: Node[] = [];
      const upS: number[] = [];
      const upM: string[] = [];
      const upCnt: number[] = [];
      for (let k = 0; k < nNodes; k++) {
        const from = Math.floor((k * level.length) / nNodes);
        const to = Math.floor(((k + 1) * level.length) / nNodes);
        const ks = doubles();
        const km: string[] = [];
        for (let i = from + 1; i < to; i++) {
          ks.push(minS[i]);
          km.push(minM[i]);
        }
        const cnt = levelCnt.slice(from, to);
        up.push(new Inner(ks, km, level.slice(from, to), cnt));
        upS.push(minS[from]);
        upM.push(minM[from]);
        upCnt.push(sum(cnt, 0, cnt.length));
      }
      level = up;
      minS = upS;
      minM = upM;
      levelCnt = upCnt;
      this.height++;
    }
    this.root = level[0];
  }
}
