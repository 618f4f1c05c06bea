/**
 * A list: a deque of byte strings in a power-of-two ring buffer.
 *
 * Why a ring: pushes and pops at both ends are O(1) amortized (JS arrays make unshift/shift O(n) on
 * large arrays), index access is O(1) (a mask, no chunk walk), and a range read is a tight loop over
 * one backing array. Middle edits (LINSERT, LREM, LSET) shift the shorter side only. The buffer
 * grows by doubling when full and shrinks by half-steps when mostly empty, so a queue that grew big
 * and drained does not keep its peak memory.
 */

const MIN_CAPACITY = 8;

export class ListValue {
  /** Backing slots; slots outside [head, head+len) are undefined so popped strings can be collected. */
  private buf: (string | undefined)[];
  private head = 0;
  private len = 0;
  private mask: number;

  constructor(capacity = MIN_CAPACITY) {
    const cap = pow2AtLeast(capacity);
    this.buf = new Array(cap);
    this.mask = cap - 1;
  }

  static from(items: readonly string[]): ListValue {
    const l = new ListValue(items.length);
    for (let i = 0; i < items.length; i++) l.buf[i] = items[i];
    l.len = items.length;
    return l;
  }

  get length(): number {
    return this.len;
  }

  /** Capacity of the backing ring (tests check that it shrinks). */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Redis 7.0 stores every list as a quicklist (listpack lists arrived in 7.2). */
  encoding(): string {
    return 'quicklist';
  }

  clone(): ListValue {
    return ListValue.from(this.toArray());
  }

  /** Element at index 0 <= i < length (callers normalize negative indexes). */
  get(i: number): string {
    return this.buf[(this.head + i) & this.mask] as string;
  }

  set(i: number, v: string): void {
    this.buf[(this.head + i) & this.mask] = v;
  }

  pushHead(v: string): void {
    if (this.len === this.mask + 1) this.resize((this.mask + 1) * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = v;
    this.len++;
  }

  pushTail(v: string): void {
    if (this.len === this.mask + 1) this.resize((this.mask + 1) * 2);
    this.buf[(this.head + this.len) & this.mask] = v;
    this.len++;
  }

  popHead(): string | undefined {
    if (this.len === 0) return undefined;
    const h = this.head;
    const v = this.buf[h];
    this.buf[h] = undefined;
    this.head = (h + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return v;
  }

  popTail(): string | undefined {
    if (this.len === 0) return undefined;
    const p = (this.head + this.len - 1) & this.mask;
    const v = this.buf[p];
    this.buf[p] = undefined;
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Removes the first n elements (n <= length). */
  removeHead(n: number): void {
    const buf = this.buf;
    const mask = this.mask;
    let h = this.head;
    for (let i = 0; i < n; i++) {
      buf[h] = undefined;
      h = (h + 1) & mask;
    }
    this.head = h;
    this.len -= n;
    this.maybeShrink();
  }

  /** Removes the last n elements (n <= length). */
  removeTail(n: number): void {
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    for (let i = this.len - n; i < this.len; i++) buf[(h + i) & mask] = undefined;
    this.len -= n;
    this.maybeShrink();
  }

  /** Keeps only indexes [start, start+count) (already clamped by the caller). */
  keepRange(start: number, count: number): void {
    const tail = this.len - start - count;
    if (tail > 0) this.removeTail(tail);
    if (start > 0) this.removeHead(start);
  }

  /** Inserts v so that it ends up at index i (0 <= i <= length), shifting the shorter side. */
  insertAt(i: number, v: string): void {
    if (this.len === this.mask + 1) this.resize((this.mask + 1) * 2);
    const buf = this.buf;
    const mask = this.mask;
    if (i < this.len - i) {
      // Move [0, i) one slot towards the head.
      const h = (this.head - 1) & mask;
      for (let j = 0; j < i; j++) buf[(h + j) & mask] = buf[(h + j + 1) & mask];
      this.head = h;
    } else {
      // Move [i, len) one slot towards the tail.
      const h = this.head;
      for (let j = this.len; j > i; j--) buf[(h + j) & mask] = buf[(h + j - 1) & mask];
    }
    buf[(this.head + i) & mask] = v;
    this.len++;
  }

  /** Removes the element at index i (0 <= i < length), shifting the shorter side. */
  removeAt(i: number): void {
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    if (i < this.len - 1 - i) {
      for (let j = i; j > 0; j--) buf[(h + j) & mask] = buf[(h + j - 1) & mask];
      buf[h] = undefined;
      this.head = (h + 1) & mask;
    } else {
      for (let j = i; j < this.len - 1; j++) buf[(h + j) & mask] = buf[(h + j + 1) & mask];
      buf[(h + this.len - 1) & mask] = undefined;
    }
    this.len--;
    this.maybeShrink();
  }

  /** Index of the first element equal to v scanning from the head, or -1. */
  indexOf(v: string): number {
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    for (let i = 0; i < this.len; i++) if (buf[(h + i) & mask] === v) return i;
    return -1;
  }

  /**
   * LREM: removes up to `count` elements equal to v (0 = all), scanning from the tail when
   * `fromTail`. Returns how many were removed. Compacts towards whichever end moves fewer elements.
   */
  removeValue(v: string, count: number, fromTail: boolean): number {
    const buf = this.buf;
    const mask = this.mask;
    const h = this.head;
    const n = this.len;
    // Matched indexes in ascending order.
    const hits: number[] = [];
    if (fromTail) {
      for (let i = n - 1; i >= 0; i--) {
        if (buf[(h + i) & mask] === v) {
          hits.push(i);
          if (hits.length === count) break;
        }
      }
      hits.reverse();
    } else {
      for (let i = 0; i < n; i++) {
        if (buf[(h + i) & mask] === v) {
          hits.push(i);
          if (hits.length === count) break;
        }
      }
    }
    const removed = hits.length;
    if (removed === 0) return 0;
    if (removed === 1) {
      this.removeAt(hits[0]);
      return 1;
    }
    const first = hits[0];
    const last = hits[removed - 1];
    if (n - first <= last + 1) {
      // Compact towards the head: elements after `first` slide down over the holes.
      let w = first;
      let k = 0;
      for (let r = first; r < n; r++) {
        if (k < removed && hits[k] === r) {
          k++;
          continue;
        }
        buf[(h + w) & mask] = buf[(h + r) & mask];
        w++;
      }
      for (let i = w; i < n; i++) buf[(h + i) & mask] = undefined;
    } else {
      // Compact towards the tail: elements before `last` slide up over the holes.
      let w = last;
      let k = removed - 1;
      for (let r = last; r >= 0; r--) {
        if (k >= 0 && hits[k] === r) {
          k--;
          continue;
        }
        buf[(h + w) & mask] = buf[(h + r) & mask];
        w--;
      }
      for (let i = 0; i < removed; i++) buf[(h + i) & mask] = undefined;
      this.head = (h + removed) & mask;
    }
    this.len = n - removed;
    this.maybeShrink();
    return removed;
  }

  /** Elements [start, start+count) as a new array (count clamped to the list). */
  slice(start: number, count: number): string[] {
    const n = Math.max(0, Math.min(count, this.len - start));
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[(this.head + start + i) & this.mask] as string;
    return out;
  }

  toArray(): string[] {
    return this.slice(0, this.len);
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) & this.mask] as string;
  }

  private maybeShrink(): void {
    const cap = this.mask + 1;
    // Hysteresis: shrink once 1/8 full, to about 1/4 full, so alternating push/pop never thrashes.
    if (cap > MIN_CAPACITY && this.len * 8 <= cap) this.resize(pow2AtLeast(this.len * 4));
  }

  private resize(cap: number): void {
    const next: (string | undefined)[] = new Array(cap);
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < this.len; i++) next[i] = buf[(this.head + i) & mask];
    this.buf = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}

function pow2AtLeast(n: number): number {
  let c = MIN_CAPACITY;
  while (c < n) c *= 2;
  return c;
}
