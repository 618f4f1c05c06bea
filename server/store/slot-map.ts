/**
 * A string-keyed map whose entries sit in stable slots, for what a JS Map cannot do:
 * - uniform random picks (RANDOMKEY, SRANDMEMBER, SPOP, HRANDFIELD, eviction sampling) in O(1);
 * - SCAN-style cursors that never miss an entry present for the whole scan, however the map grows
 *   or shrinks in between.
 *
 * Entries never move while the map lives, except in a compaction (when at most a quarter of the
 * slots are live), which keeps the order of slots and remembers how old slots map to new ones.
 * A cursor carries the compaction generation it was made in, so an old cursor is translated exactly.
 * Deleted slots are reused by later inserts; an entry that lands behind a cursor may be missed,
 * which SCAN allows (only entries present throughout are guaranteed).
 */
const GEN_SHIFT = 2 ** 32;
const GEN_MOD = 2 ** 20;
const KEEP_REMAPS = 8;

export type RandomSource = () => number; // [0, 1)

/**
 * The compaction history behind slot cursors (shared by SlotMap and the sorted-set member index):
 * a cursor is generation * 2^32 + slot; each compaction records where the live slots were, so a
 * cursor from an earlier generation is translated exactly.
 */
export class SlotHistory {
  private gen = 0;
  /** For recent compactions: generation before it, and the old slot of each live entry (sorted). */
  private remaps: { gen: number; oldSlots: Int32Array }[] = [];

  /** Compactions so far (mod 2^20): tests check that a scan really crossed one. */
  get generation(): number {
    return this.gen;
  }

  /** The cursor that resumes at `slot` (0 ends the iteration). */
  cursorAt(slot: number, end: number): number {
    return slot >= end ? 0 : this.gen * GEN_SHIFT + slot;
  }

  /** The slot a cursor resumes at now. */
  translate(cursor: number): number {
    if (cursor === 0) return 0;
    if (cursor >= GEN_MOD * GEN_SHIFT) return Number.MAX_SAFE_INTEGER; // not one of ours: nothing left
    let gen = Math.floor(cursor / GEN_SHIFT);
    let slot = cursor % GEN_SHIFT;
    if (gen === this.gen) return slot;
    // Replay the remaps made since the cursor's generation.
    const start = this.remaps.findIndex((r) => r.gen === gen);
    if (start < 0) return slot; // too old or foreign: best effort
    for (let i = start; i < this.remaps.length; i++) {
      const old = this.remaps[i].oldSlots;
      // Number of live entries that sat before `slot`: their new slots are exactly 0..that-1.
      let lo = 0;
      let hi = old.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (old[mid] < slot) lo = mid + 1;
        else hi = mid;
      }
      slot = lo;
      gen = (gen + 1) % GEN_MOD;
    }
    return slot;
  }

  /** Records a compaction: `oldSlots[i]` is where the entry now in slot i used to be. */
  record(oldSlots: Int32Array): void {
    this.remaps.push({ gen: this.gen, oldSlots });
    if (this.remaps.length > KEEP_REMAPS) this.remaps.shift();
    this.gen = (this.gen + 1) % GEN_MOD;
  }
}

export class SlotMap<V> {
  private index = new Map<string, number>();
  private ks: (string | undefined)[] = [];
  private vs: (V | undefined)[] = [];
  private free: number[] = [];
  private history = new SlotHistory();

  /** See SlotHistory.generation. */
  get generation(): number {
    return this.history.generation;
  }

  get size(): number {
    return this.index.size;
  }

  has(k: string): boolean {
    return this.index.has(k);
  }

  get(k: string): V | undefined {
    const s = this.index.get(k);
    return s === undefined ? undefined : this.vs[s];
  }

  /** Sets k to v; returns true when k was not present. */
  set(k: string, v: V): boolean {
    const s = this.index.get(k);
    if (s !== undefined) {
      this.vs[s] = v;
      return false;
    }
    this.insert(k, v);
    return true;
  }

  /** Sets k to v and returns the value it replaced (undefined when new): one lookup, not two. */
  swap(k: string, v: V): V | undefined {
    const s = this.index.get(k);
    if (s !== undefined) {
      const prev = this.vs[s];
      this.vs[s] = v;
      return prev;
    }
    this.insert(k, v);
    return undefined;
  }

  private insert(k: string, v: V): void {
    let slot = -1;
    while (this.free.length > 0) {
      const f = this.free.pop()!;
      // Entries past the end were trimmed away; skip them.
      if (f < this.ks.length && this.ks[f] === undefined) {
        slot = f;
        break;
      }
    }
    if (slot >= 0) {
      this.ks[slot] = k;
      this.vs[slot] = v;
    } else {
      slot = this.ks.length;
      this.ks.push(k);
      this.vs.push(v);
    }
    this.index.set(k, slot);
  }

  delete(k: string): boolean {
    const s = this.index.get(k);
    if (s === undefined) return false;
    this.index.delete(k);
    this.ks[s] = undefined;
    this.vs[s] = undefined;
    if (s === this.ks.length - 1) {
      // Trim trailing holes; free-list entries beyond the end are skipped when popped.
      let n = s;
      while (n > 0 && this.ks[n - 1] === undefined) n--;
      this.ks.length = n;
      this.vs.length = n;
    } else {
      this.free.push(s);
    }
    if (this.ks.length > 64 && this.index.size * 4 < this.ks.length) this.compact();
    return true;
  }

  clear(): void {
    this.index.clear();
    this.ks = [];
    this.vs = [];
    this.free = [];
    this.history.record(new Int32Array(0));
  }

  *keys(): IterableIterator<string> {
    yield* this.index.keys();
  }

  *entries(): IterableIterator<[string, V]> {
    for (const [k, s] of this.index) yield [k, this.vs[s] as V];
  }

  forEach(fn: (v: V, k: string) => void): void {
    for (const [k, s] of this.index) fn(this.vs[s] as V, k);
  }

  /** A uniformly random key, or undefined when empty. */
  randomKey(rand: RandomSource): string | undefined {
    const n = this.ks.length;
    if (this.index.size === 0) return undefined;
    for (let tries = 0; tries < 32; tries++) {
      const k = this.ks[Math.floor(rand() * n)];
      if (k !== undefined) return k;
    }
    // Sparse map: walk from a random slot.
    let i = Math.floor(rand() * n);
    for (;;) {
      const k = this.ks[i];
      if (k !== undefined) return k;
      i = (i + 1) % n;
    }
  }

  /**
   * Visits entries from `cursor` on until `count` were visited or the end is reached; returns the
   * cursor to continue with (0 when done).
   */
  scan(cursor: number, count: number, visit: (k: string, v: V) => void): number {
    let slot = this.history.translate(cursor);
    const n = this.ks.length;
    let seen = 0;
    while (slot < n && seen < count) {
      const k = this.ks[slot];
      if (k !== undefined) {
        visit(k, this.vs[slot] as V);
        seen++;
      }
      slot++;
    }
    return this.history.cursorAt(slot, n);
  }

  private compact(): void {
    const oldSlots = new Int32Array(this.index.size);
    const ks: (string | undefined)[] = [];
    const vs: (V | undefined)[] = [];
    let j = 0;
    for (let i = 0; i < this.ks.length; i++) {
      const k = this.ks[i];
      if (k === undefined) continue;
      oldSlots[j] = i;
      ks.push(k);
      vs.push(this.vs[i]);
      this.index.set(k, j);
      j++;
    }
    this.ks = ks;
    this.vs = vs;
    this.free = [];
    this.history.record(oldSlots);
  }
}

/**
 * Parses a SCAN cursor argument as Redis's strtoul does: optional sign, decimal digits, "" is 0,
 * "-1" wraps to 2^64-1; null when invalid or out of the unsigned 64-bit range. Cursors this map never
 * hands out (beyond 2^52) scan nothing and end the iteration.
 */
export function parseCursor(s: string): number | null {
  const m = /^([+-]?)([0-9]*)$/.exec(s);
  if (m === null) return null;
  if (m[2] === '') return m[1] === '' ? 0 : null;
  let v = BigInt(m[2]);
  if (v > 18446744073709551615n) return null;
  if (m[1] === '-' && v !== 0n) v = 18446744073709551616n - v;
  return Number(v);
}
