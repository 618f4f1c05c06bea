/**
 * Member → score for a sorted set, with stable slots for ZSCAN and O(1) random picks.
 *
 * Same idea as SlotMap (store/slot-map.ts; read its header for the cursor guarantees), specialised
 * for memory: the scores live unboxed in a PACKED_DOUBLE array (a JS Map holding a double value
 * would box each one in a 16-byte HeapNumber), and the Map values are slot numbers (small ints,
 * unboxed). An empty slot has member `undefined` and score NaN (never a real score).
 *
 * Slots never move except in a compaction (when at most a quarter of them are live), which keeps
 * their order and records how old slots map to new ones, so a cursor made before it still resumes
 * exactly: a ZSCAN never misses a member present for the whole scan, whatever else changes
 * (members added or removed, scores changed: a score change keeps the slot).
 */
import { doubles } from './zset-tree.ts';
import { SlotHistory } from './slot-map.ts';


export class MemberIndex {
  private map = new Map<string, number>();
  private ms: (string | undefined)[] = [];
  private ss: number[] = doubles();
  private free: number[] = [];
  private history = new SlotHistory();

  get size(): number {
    return this.map.size;
  }

  score(m: string): number | undefined {
    const i = this.map.get(m);
    return i === undefined ? undefined : this.ss[i];
  }

  /**
   * Sets m's score; returns the previous one (undefined when m is new). An equal score (0 and -0
   * included) is left as it was, as Redis does.
   */
  set(m: string, s: number): number | undefined {
    const i = this.map.get(m);
    if (i !== undefined) {
      const old = this.ss[i];
      if (old !== s) this.ss[i] = s;
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
    if (slot >= 0) {
      ms[slot] = m;
      this.ss[slot] = s;
    } else {
      slot = ms.length;
      ms.push(m);
      this.ss.push(s);
    }
    this.map.set(m, slot);
    return undefined;
  }

  /** Removes m; returns its score (undefined when absent). */
  delete(m: string): number | undefined {
    const slot = this.map.get(m);
    if (slot === undefined) return undefined;
    const old = this.ss[slot];
    this.map.delete(m);
    const ms = this.ms;
    ms[slot] = undefined;
    this.ss[slot] = NaN;
    if (slot === ms.length - 1) {
      let n = slot;
      while (n > 0 && ms[n - 1] === undefined) n--;
      ms.length = n;
      this.ss.length = n;
    } else {
      this.free.push(slot);
    }
    if (ms.length > 64 && this.map.size * 4 < ms.length) this.compact();
    return old;
  }

  /** A uniformly random member, or undefined when empty. */
  randomMember(rand: () => number): string | undefined {
    const ms = this.ms;
    const n = ms.length;
    if (this.map.size === 0) return undefined;
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
        visit(m, this.ss[slot]);
        seen++;
      }
      slot++;
    }
    return this.history.cursorAt(slot, n);
  }

  private compact(): void {
    const oldSlots = new Int32Array(this.map.size);
    const ms: string[] = [];
    const ss = doubles();
    let j = 0;
    for (let i = 0; i < this.ms.length; i++) {
      const m = this.ms[i];
      if (m === undefined) continue;
      oldSlots[j] = i;
      ms.push(m);
      ss.push(this.ss[i]);
      this.map.set(m, j);
      j++;
    }
    this.ms = ms;
    this.ss = ss;
    this.free = [];
    this.history.record(oldSlots);
  }
}
