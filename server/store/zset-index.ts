/**
 * Member → score for a sorted set, with stable slots for ZSCAN and O(1) random picks.
 *
 * Lookup is an open-addressing hash table (linear probing, at most half full, backward-shift
 * deletion, no tombstones) over two parallel arrays indexed by table position: the member (`keys`)
 * and a 16-byte record (`rec`: the score unboxed, then the member's hash and slot as int32s, read
 * through the `reci` view). A lookup hashes the member once, then reads position i of both arrays
 * (two loads in flight together) and the member's own bytes: two dependent cache misses on a big
 * set. A JS Map of member → slot with
 * the scores in a side array took four to five (bucket, entry, key, chain, score) and measured
 * about twice as slow on 1M members (ZSCORE / ZREVRANK / ZADD without pipelining are dominated by
 * these misses; see bench/zset.ts).
 *
 * Slots (ms[slot] = member) are separate from table positions, which move when the table is
 * resized or an entry is shifted back on deletion. Same idea as SlotMap (store/slot-map.ts; read its
 * header for the cursor guarantees): a slot never moves except in a compaction (when at most a
 * quarter of them are live), which keeps their order and records how old slots map to new ones, so
 * a cursor made before it still resumes exactly: a ZSCAN never misses a member present for the
 * whole scan, whatever else changes (members added or removed, scores changed: a score change
 * keeps the slot).
 */
import { SlotHistory } from './slot-map.ts';

const MIN_CAP = 256;
/** Per-process hash seed, so colliding members cannot be prepared offline. */
const SEED = (Math.random() * 0x100000000) | 0;

/** FNV-1a over the bytes, then murmur3's finaliser (linear probing wants well-mixed low bits). */
function hashOf(m: string): number {
  let h = SEED ^ 0x811c9dc5;
  for (let i = 0; i < m.length; i++) h = Math.imul(h ^ m.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function emptyKeys(n: number): (string | undefined)[] {
  const a: (string | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) a[i] = undefined;
  return a;
}

// Record layout: rec[2i] score; reci[4i + HASH] hash; reci[4i + SLOT] slot.
const HASH = 2;
const SLOT = 3;

export class MemberIndex {
  private count = 0;
  private mask = MIN_CAP - 1;
  private keys = emptyKeys(MIN_CAP);
  private rec = new Float64Array(MIN_CAP * 2);
  private reci = new Int32Array(this.rec.buffer);
  /** slot → member (undefined: free). */
  private ms: (string | undefined)[] = [];
  private free: number[] = [];
  private history = new SlotHistory();
  /**
   * After set(): the member string the index holds for the member set (the earlier one when it
   * was already present). Owners store that one rather than the caller's equal copy, so an update
   * leaves one string per member and no old-space garbage behind.
   */
  stored = '';

  get size(): number {
    return this.count;
  }

  /** Table position of m (h = hashOf(m)), or of the empty position where m would go. */
  private probe(m: string, h: number): number {
    const keys = this.keys;
    const reci = this.reci;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const k = keys[i];
      if (k === undefined || (reci[4 * i + HASH] === h && k === m)) return i;
      i = (i + 1) & mask;
    }
  }

  /** Table position of m, or -1. */
  private find(m: string, h: number): number {
    const i = this.probe(m, h);
    return this.keys[i] === undefined ? -1 : i;
  }

  score(m: string): number | undefined {
    const i = this.find(m, hashOf(m));
    return i < 0 ? undefined : this.rec[2 * i];
  }

  /**
   * Sets m's score; returns the previous one (undefined when m is new). An equal score (0 and -0
   * included) is left as it was, as Redis does.
   */
  set(m: string, s: number): number | undefined {
    const h = hashOf(m);
    const keys = this.keys;
    const reci = this.reci;
    const i = this.probe(m, h);
    const k = keys[i];
    if (k !== undefined) {
      this.stored = k;
      const old = this.rec[2 * i];
      if (old !== s) this.rec[2 * i] = s;
      return old;
    }
    const ms = this.ms;
    let slot = -1;
    const free = this.free;
    while (free.length > 0) {
      const f = free.pop()!;
      // Slots past the end were trimmed away after being freed.
      if (f < ms.length && ms[f] === undefined) {
        slot = f;
        break;
      }
    }
    if (slot >= 0) ms[slot] = m;
    else {
      slot = ms.length;
      ms.push(m);
    }
    keys[i] = m;
    this.stored = m;
    this.rec[2 * i] = s;
    reci[4 * i + HASH] = h;
    reci[4 * i + SLOT] = slot;
    if (++this.count * 2 > keys.length) this.resize(keys.length * 2);
    return undefined;
  }

  /** Removes m; returns its score (undefined when absent). */
  delete(m: string): number | undefined {
    const pos = this.find(m, hashOf(m));
    if (pos < 0) return undefined;
    const old = this.rec[2 * pos];
    const slot = this.reci[4 * pos + SLOT];
    this.removeAt(pos);
    const ms = this.ms;
    ms[slot] = undefined;
    if (slot === ms.length - 1) {
      let n = slot;
      while (n > 0 && ms[n - 1] === undefined) n--;
      ms.length = n;
    } else {
      this.free.push(slot);
    }
    if (ms.length > 64 && this.count * 4 < ms.length) this.compact();
    if (this.keys.length > MIN_CAP && this.count * 8 < this.keys.length) this.resize(this.keys.length / 2);
    return old;
  }

  /** Empties table position i, shifting back later entries of its probe run (no tombstones). */
  private removeAt(i: number): void {
    const keys = this.keys;
    const rec = this.rec;
    const reci = this.reci;
    const mask = this.mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j];
      if (k === undefined) break;
      const home = reci[4 * j + HASH] & mask;
      // The entry at j may move to the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      keys[i] = k;
      rec[2 * i] = rec[2 * j];
      reci[4 * i + HASH] = reci[4 * j + HASH];
      reci[4 * i + SLOT] = reci[4 * j + SLOT];
      i = j;
    }
    keys[i] = undefined;
    this.count--;
  }

  private resize(cap: number): void {
    const { keys, rec, reci } = this;
    const nk = emptyKeys(cap);
    const nrec = new Float64Array(cap * 2);
    const nreci = new Int32Array(nrec.buffer);
    const mask = cap - 1;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j];
      if (k === undefined) continue;
      const h = reci[4 * j + HASH];
      let i = h & mask;
      while (nk[i] !== undefined) i = (i + 1) & mask;
      nk[i] = k;
      nrec[2 * i] = rec[2 * j];
      nreci[4 * i + HASH] = h;
      nreci[4 * i + SLOT] = reci[4 * j + SLOT];
    }
    this.keys = nk;
    this.rec = nrec;
    this.reci = nreci;
    this.mask = mask;
  }

  /** A uniformly random member, or undefined when empty. */
  randomMember(rand: () => number): string | undefined {
    const ms = this.ms;
    const n = ms.length;
    if (this.count === 0) return undefined;
    // At least a quarter of the slots are live (compaction keeps it so): few tries expected.
    for (;;) {
      const m = ms[Math.floor(rand() * n)];
      if (m !== undefined) return m;
    }
  }

  /**
   * Visits members from `cursor` on until `count` were visited or the end is reached; returns the
   * cursor to continue with (0 when done).
   */
  scan(cursor: number, count: number, visit: (member: string, score: number) => void): number {
    let slot = this.history.translate(cursor);
    const ms = this.ms;
    const n = ms.length;
    let seen = 0;
    while (slot < n && seen < count) {
      const m = ms[slot];
      if (m !== undefined) {
        visit(m, this.rec[2 * this.find(m, hashOf(m))]);
        seen++;
      }
      slot++;
    }
    return this.history.cursorAt(slot, n);
  }

  private compact(): void {
    const oldSlots = new Int32Array(this.count);
    const ms: string[] = [];
    let j = 0;
    for (let i = 0; i < this.ms.length; i++) {
      const m = this.ms[i];
      if (m === undefined) continue;
      oldSlots[j] = i;
      ms.push(m);
      this.reci[4 * this.find(m, hashOf(m)) + SLOT] = j;
      j++;
    }
    this.ms = ms;
    this.free = [];
    this.history.record(oldSlots);
  }
}
