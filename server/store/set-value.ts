/**
 * A set value (SADD, SMEMBERS, ...): members in a SlotMap (O(1) membership, uniform random picks,
 * SCAN cursors that survive resizing), plus the one piece of Redis's representation that clients
 * can observe: the encoding.
 *
 * Redis 7.0 keeps a set as an "intset" while every member is a canonical int64 ("12", "-3"; not
 * "012", "-0", " 1") and there are at most set-max-intset-entries of them; it converts to a
 * "hashtable" once either stops holding and never converts back (removing members keeps the
 * hashtable). An intset iterates in ascending numeric order, so SMEMBERS of a small integer set comes
 * back sorted in Redis; we emulate that order (sorted lazily, cached until the next change).
 * A hashtable iterates in our insertion order (Redis's is its hash order: unspecified).
 */
import { SlotMap, type RandomSource } from './slot-map.ts';

const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';

/** string2ll's acceptance test without building a number: a canonical int64 in decimal. */
export function isInt64String(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1; // "0" only: no leading zeros, no "-0"
  if (first < 49 || first > 57) return false;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  const digits = n - i;
  if (digits < 19) return true;
  if (digits > 19) return false;
  // Same length: decimal strings compare like their values.
  return i === 0 ? s <= INT64_MAX_DIGITS : s.slice(1) <= INT64_MIN_DIGITS;
}

/** Numeric order of two canonical int64 strings (see isInt64String). */
export function compareIntStrings(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45;
  const bn = b.charCodeAt(0) === 45;
  if (an !== bn) return an ? -1 : 1;
  let r: number;
  if (a.length !== b.length) r = a.length < b.length ? -1 : 1;
  else r = a < b ? -1 : a > b ? 1 : 0;
  return an ? 0 - r : r;
}

export class SetValue {
  /** The members. Read it freely; change it only through add/remove so the encoding stays right. */
  readonly map = new SlotMap<true>();
  private intset = true;
  /** Ascending members while intset-encoded; null when stale. */
  private sortedCache: string[] | null = null;

  get size(): number {
    return this.map.size;
  }

  get isIntset(): boolean {
    return this.intset;
  }

  encoding(): string {
    return this.intset ? 'intset' : 'hashtable';
  }

  has(m: string): boolean {
    return this.map.has(m);
  }

  /**
   * setTypeAdd: adds `m`, converting to a hashtable when `m` is not an int64 or the intset would
   * exceed `maxIntset` members. Returns true when `m` was not a member.
   */
  add(m: string, maxIntset: number): boolean {
    const map = this.map;
    if (this.intset) {
      if (map.has(m)) return false;
      if (!isInt64String(m) || map.size + 1 > maxIntset) this.intset = false;
      this.sortedCache = null;
      map.set(m, true);
      return true;
    }
    return map.set(m, true);
  }

  remove(m: string): boolean {
    if (!this.map.delete(m)) return false;
    this.sortedCache = null;
    return true;
  }

  /** A uniformly random member (undefined when empty). */
  random(rand: RandomSource): string | undefined {
    return this.map.randomKey(rand);
  }

  /** Members in Redis's iteration order for the encoding (ascending numeric for an intset). */
  members(): readonly string[] | IterableIterator<string> {
    if (!this.intset) return this.map.keys();
    return this.sorted();
  }

  /** Members as a fresh array, in iteration order. */
  toArray(): string[] {
    return this.intset ? this.sorted().slice() : Array.from(this.map.keys());
  }

  private sorted(): string[] {
    let s = this.sortedCache;
    if (s === null) {
      s = Array.from(this.map.keys());
      s.sort(compareIntStrings);
      this.sortedCache = s;
    }
    return s;
  }

  clone(): SetValue {
    const c = new SetValue();
    c.intset = this.intset;
    for (const m of this.map.keys()) c.map.set(m, true);
    return c;
  }
}

/**
 * `count` distinct random keys of `map` (0 < count < map.size), in random order: SRANDMEMBER and
 * HRANDFIELD with a positive count smaller than the collection.
 */
export function sampleDistinct<V>(map: SlotMap<V>, count: number, rand: RandomSource): string[] {
  const size = map.size;
  if (count * 3 > size) {
    // Most of the collection: a partial shuffle of a copy beats rejection sampling.
    const all = Array.from(map.keys());
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(rand() * (size - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    all.length = count;
    return all;
  }
  const picked = new Set<string>();
  while (picked.size < count) picked.add(map.randomKey(rand)!);
  return Array.from(picked);
}
