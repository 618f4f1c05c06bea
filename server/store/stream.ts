/**
 * A stream value (XADD, XRANGE, ...), laid out like Redis 7.0's t_stream.c so that everything that
 * depends on node boundaries (approximate trimming, LIMIT) gives Redis's exact results.
 *
 * Entries live in nodes of at most stream-node-max-entries slots (and about stream-node-max-bytes
 * of Redis listpack, whose size is tracked with listpack's own encoding rules), sorted by their
 * first ("master") ID; the node list is searched by binary search. Inside a node:
 * - each slot is five uint32 in one Uint32Array: the ID (see stream-id.ts for the representation)
 *   and the slot's offset in the node's packed data, with its deleted/SAMEFIELDS flags;
 * - the field names of the node's first entry are the master fields, stored once; an entry whose
 *   fields equal them (same names, same order) stores only its values (the SAMEFIELDS flag);
 * - fields and values of all slots are packed into one latin1 string, length-prefixed (a string
 *   per value would cost a heap object each: about 200 bytes an entry instead of about 45, and
 *   the garbage collector's time to trace them);
 * - deletion only flags a slot; a node is dropped when its last live entry is deleted, and trimming
 *   drops whole nodes from the head (an index bump, compacted now and then, never a copy of entries).
 *
 * Stream metadata is kept as Redis 7.0 keeps it (last-generated ID, first ID, max-deleted-entry ID,
 * entries-added) for consumer groups' entries-read/lag bookkeeping; `groups` is their place.
 */
import {
  cmpId,
  cmpParts,
  ID_ZERO,
  isStrictInt64,
  partsToString,
  u64Big,
  type StreamId,
} from './stream-id.ts';
import { cloneGroups } from './stream-groups.ts';

/** Slot layout in StreamNode.slots: msHi, msLo, seqHi, seqLo, then offset | flags. */
export const SLOT = 5;
const F_SAME = 1 << 29;
const F_DELETED = 1 << 30;
const OFF_MASK = F_SAME - 1;
/**
 * Longest packed data a node may hold: V8's longest string is 2^29 - 24 chars on 64-bit. Only a
 * node without byte and entry limits can get there (Redis would allow 1 GB); it then closes early.
 */
const MAX_DATA = (1 << 29) - 64;
/** STREAM_LISTPACK_MAX_SIZE */
const LISTPACK_MAX = 1 << 30;

/** Strings reused while an entry is decoded (scratch: callers copy out what they keep). */
const scratch: string[] = [];

export class StreamNode {
  /** SLOT uint32 per slot: the ID halves, then the slot's offset in `data` with its flags. */
  slots: Uint32Array;
  /**
   * The slots' fields and values packed in one latin1 string: each string is a varint length
   * (7 bits a char, low first) then its bytes. A SAMEFIELDS slot holds its values only; any other
   * slot holds its pair count, then field, value, field, value... While the node is the open tail,
   * appends write bytes into `open` (no string per entry) and the string is made from them when
   * the node is read or closed.
   */
  private packed = '';
  /** The open node's bytes (size of them used); null once sealed. */
  private open: Buffer | null = null;
  /** Whether `packed` holds all `size` bytes. */
  private fresh = true;
  /** Length of the packed data. */
  size = 0;
  /** Bytes the first append reserves. */
  sizeHint = 256;
  /** Slots used (live and deleted). */
  n = 0;
  live = 0;
  deleted = 0;
  /** Listpack bytes, except the live/deleted counters whose size changes with their value. */
  bytes: number;

  constructor(
    readonly master: string[],
    cap: number,
  ) {
    this.slots = new Uint32Array(cap * SLOT);
    let b = 7 + intSize(master.length) + intSize(0);
    for (const f of master) b += elemSize(f);
    this.bytes = b;
  }

  get lpBytes(): number {
    return this.bytes + intSize(this.live) + intSize(this.deleted);
  }

  isDeleted(s: number): boolean {
    return (this.slots[s * SLOT + 4] & F_DELETED) !== 0;
  }

  idString(s: number): string {
    const a = this.slots;
    const o = s * SLOT;
    return partsToString(a[o], a[o + 1], a[o + 2], a[o + 3]);
  }

  id(s: number): StreamId {
    const a = this.slots;
    const o = s * SLOT;
    return { msHi: a[o], msLo: a[o + 1], seqHi: a[o + 2], seqLo: a[o + 3] };
  }

  cmpSlot(s: number, b: StreamId): number {
    const a = this.slots;
    const o = s * SLOT;
    return cmpParts(a[o], a[o + 1], a[o + 2], a[o + 3], b);
  }

  /**
   * Decodes slot s into `out` as field, value, field, value... and returns how many strings that
   * is. Pass no `out` to get a shared scratch array, valid until the next call.
   */
  entry(s: number, out: string[] = scratch): number {
    const d = this.fresh ? this.packed : this.materialize();
    const word = this.slots[s * SLOT + 4];
    let p = word & OFF_MASK;
    let len: number;
    let c: number;
    if ((word & F_SAME) !== 0) {
      const m = this.master;
      const nf = m.length;
      for (let i = 0; i < nf; i++) {
        c = d.charCodeAt(p++);
        if (c < 128) len = c;
        else [len, p] = varint(d, c, p);
        out[2 * i] = m[i];
        out[2 * i + 1] = d.slice(p, (p += len));
      }
      return nf * 2;
    }
    let k: number;
    c = d.charCodeAt(p++);
    if (c < 128) k = c;
    else [k, p] = varint(d, c, p);
    k *= 2;
    for (let i = 0; i < k; i++) {
      c = d.charCodeAt(p++);
      if (c < 128) len = c;
      else [len, p] = varint(d, c, p);
      out[i] = d.slice(p, (p += len));
    }
    return k;
  }

  /** Lowest slot whose ID is >= id (n when none). */
  firstGE(id: StreamId): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cmpSlot(mid, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Highest slot whose ID is <= id (-1 when none). */
  lastLE(id: StreamId): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cmpSlot(mid, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The packed data (see `packed`). */
  get data(): string {
    return this.fresh ? this.packed : this.materialize();
  }

  private materialize(): string {
    this.fresh = true;
    return (this.packed = this.open!.latin1Slice(0, this.size));
  }

  /** Room for `more` bytes after `size` in `open`. */
  private reserve(more: number): Buffer {
    const need = this.size + more;
    let buf = this.open;
    if (buf === null) {
      // The first append (sized like the node before, if any), or appending again to a sealed
      // node whose successors were deleted.
      buf = Buffer.allocUnsafe(Math.max(this.sizeHint, need * 2));
      if (this.size > 0) buf.latin1Write(this.packed, 0);
    } else if (buf.length < need) {
      const b = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
      buf.copy(b, 0, 0, this.size);
      buf = b;
    } else return buf;
    return (this.open = buf);
  }

  /**
   * Appends a slot for the fields and values argv[from], argv[from+1], ... (only the values when
   * `same`: the node's master fields are the same). `chars` is their total length; `entryBytes`
   * the entry's listpack bytes other than its strings'.
   */
  push(id: StreamId, argv: readonly string[], from: number, same: boolean, chars: number, entryBytes: number, maxEntries: number): void {
    const s = this.n;
    let a = this.slots;
    if ((s + 1) * SLOT > a.length) a = this.grow(maxEntries);
    const o = s * SLOT;
    a[o] = id.msHi;
    a[o + 1] = id.msLo;
    a[o + 2] = id.seqHi;
    a[o + 3] = id.seqLo;
    let p = this.size;
    a[o + 4] = p | (same ? F_SAME : 0);
    const argc = argv.length;
    // Each string takes its length in at most 5 chars (lengths stay below 2^35).
    const buf = this.reserve(chars + 5 * (argc - from + 1));
    let j = from;
    if (same) j++;
    else p = putLen(buf, p, (argc - from) >> 1);
    const step = same ? 2 : 1;
    for (; j < argc; j += step) {
      const v = argv[j];
      const len = v.length;
      entryBytes += elemSize(v);
      if (len < 128) {
        buf[p++] = len;
        if (len < 32) for (let k = 0; k < len; k++) buf[p++] = v.charCodeAt(k);
        else p += buf.latin1Write(v, p);
      } else {
        p = putLen(buf, p, len);
        p += buf.latin1Write(v, p);
      }
    }
    this.size = p;
    this.fresh = false;
    this.n = s + 1;
    this.live++;
    this.bytes += entryBytes;
  }

  private grow(maxEntries: number): Uint32Array {
    const slots = this.slots.length / SLOT;
    let cap = Math.max(4, slots * 2);
    // Full nodes end at exactly the entry limit, so no slot is wasted there.
    if (maxEntries > slots && cap > maxEntries) cap = maxEntries;
    const a = new Uint32Array(cap * SLOT);
    a.set(this.slots);
    return (this.slots = a);
  }

  /** The node stops being the tail: drop spare slots and the open bytes. */
  seal(): void {
    if (this.slots.length > this.n * SLOT) this.slots = this.slots.slice(0, this.n * SLOT);
    if (!this.fresh) this.materialize();
    this.open = null;
  }

  markDeleted(s: number): void {
    this.slots[s * SLOT + 4] |= F_DELETED;
    this.live--;
    this.deleted++;
  }

  clone(): StreamNode {
    const c = new StreamNode(this.master, 0);
    c.slots = this.slots.slice(0, this.n * SLOT);
    c.packed = this.data;
    c.size = this.size;
    c.n = this.n;
    c.live = this.live;
    c.deleted = this.deleted;
    c.bytes = this.bytes;
    return c;
  }
}

/** A varint whose first char `c` (>= 128) was read; d[p] is the next char. Returns [value, p]. */
function varint(d: string, c: number, p: number): [number, number] {
  let v = c & 127;
  let shift = 7;
  for (;;) {
    c = d.charCodeAt(p++);
    v += (c & 127) * 2 ** shift;
    if (c < 128) return [v, p];
    shift += 7;
  }
}

/** Writes the varint of a length (see StreamNode.packed) at p; returns the end. */
function putLen(buf: Buffer, p: number, len: number): number {
  while (len >= 128) {
    buf[p++] = (len & 127) | 128;
    len = Math.floor(len / 128);
  }
  buf[p++] = len;
  return p;
}

/** Node limits from the config (stream-node-max-entries / -bytes; 0 = no limit). */
export interface NodeLimits {
  maxEntries: number;
  maxBytes: number;
}

export interface TrimArgs {
  /** 'maxlen' keeps at most `maxlen` entries; 'minid' drops entries below `minid`. */
  strategy: 'maxlen' | 'minid';
  maxlen: number;
  minid: StreamId;
  /** Only whole nodes (the "~" form). */
  approx: boolean;
  /** Most entries one trim may remove, 0 = no limit (only meaningful with approx). */
  limit: number;
}

export class Stream {
  /** Nodes in ID order; those before `head` were trimmed away. */
  private nodes: StreamNode[] = [];
  private head = 0;
  length = 0;
  /** The last ID generated or set (XSETID); may be above the last entry's. */
  lastId: StreamId = ID_ZERO;
  /** ID of the first live entry (0-0 when empty), as Redis 7.0 maintains it. */
  firstId: StreamId = ID_ZERO;
  maxDeletedId: StreamId = ID_ZERO;
  /** Entries ever added (XADD count, or set by XSETID ENTRIESADDED). */
  entriesAdded = 0;
  /** Consumer groups by name (filled in by the consumer-group commands). */
  groups: Map<string, unknown> | null = null;

  encoding(): string {
    return 'stream';
  }

  get nodeCount(): number {
    return this.nodes.length - this.head;
  }

  /** The live nodes (for tests and introspection). */
  nodeList(): StreamNode[] {
    return this.nodes.slice(this.head);
  }

  /**
   * Appends an entry with fields/values argv[from], argv[from+1], ... The caller has checked that
   * id > lastId. False (nothing changed) when the entry is too large to store: over about 512 MB of
   * fields and values, V8's longest string (Redis's limit is 1 GB).
   */
  append(id: StreamId, argv: readonly string[], from: number, limits: NodeLimits): boolean {
    const argc = argv.length;
    const nf = (argc - from) >> 1;
    let totelelen = 0;
    for (let j = from; j < argc; j++) totelelen += argv[j].length;
    // Redis refuses above STREAM_LISTPACK_MAX_SIZE; a node's packed data is also one JS string.
    if (totelelen > MAX_DATA - 5 * (argc - from + 1)) return false;
    const tail: StreamNode | null = this.nodes.length > this.head ? this.nodes[this.nodes.length - 1] : null;
    let node = tail;
    if (node !== null) {
      let maxBytes = limits.maxBytes;
      if (maxBytes === 0 || maxBytes > LISTPACK_MAX) maxBytes = LISTPACK_MAX;
      if (node.lpBytes + totelelen >= maxBytes) node = null;
      else if (limits.maxEntries > 0 && node.live + node.deleted >= limits.maxEntries) node = null;
      else if (node.size + totelelen + 5 * (argc - from + 1) > MAX_DATA) node = null;
    }
    let same = true;
    if (node === null) {
      let master: string[] = new Array(nf);
      for (let i = 0; i < nf; i++) master[i] = argv[from + 2 * i];
      let cap = 4;
      if (tail !== null) {
        tail.seal();
        // Readings keep their shape: share the names with the node before, and expect as many
        // entries as it took. A new stream starts small (many hold a handful of entries).
        if (sameNames(tail.master, master)) master = tail.master;
        cap = Math.min(Math.max(4, tail.n), 1024);
      }
      node = new StreamNode(master, cap);
      if (tail !== null) node.sizeHint = Math.min(Math.max(256, tail.size + (tail.size >> 3)), 65536);
      this.nodes.push(node);
    } else {
      const m = node.master;
      if (m.length !== nf) same = false;
      else {
        for (let i = 0; i < nf; i++) {
          if (m[i] !== argv[from + 2 * i]) {
            same = false;
            break;
          }
        }
      }
    }
    // Listpack size of the entry: flags, ms-diff, seq-diff, [num-fields, fields,] values, lp-count.
    let b = 2;
    if (node.n > 0) {
      const m = node.slots;
      b += diffSize(id.msHi, id.msLo, m[0], m[1]) + diffSize(id.seqHi, id.seqLo, m[2], m[3]);
    } else b += 4; // both deltas 0
    b += same ? intSize(nf + 3) : intSize(nf) + intSize(2 * nf + 4);
    node.push(id, argv, from, same, totelelen, b, limits.maxEntries);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
    return true;
  }

  /** Index of the last node whose first ID is <= id (head-1 when none). */
  private findNode(id: StreamId): number {
    let lo = this.head;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.nodes[mid].cmpSlot(0, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private removeNode(i: number): void {
    if (i === this.head) this.dropHead();
    else this.nodes.splice(i, 1);
  }

  private dropHead(): void {
    this.nodes[this.head++] = undefined as unknown as StreamNode;
    if (this.head === this.nodes.length) {
      this.nodes = [];
      this.head = 0;
    } else if (this.head >= 32 && this.head * 2 >= this.nodes.length) {
      this.nodes = this.nodes.slice(this.head);
      this.head = 0;
    }
  }

  /** Deletes one live entry; false when there is none with that ID. Metadata is the caller's. */
  private deleteOne(id: StreamId): boolean {
    const i = this.findNode(id);
    if (i < this.head) return false;
    const node = this.nodes[i];
    const s = node.firstGE(id);
    if (s >= node.n || node.cmpSlot(s, id) !== 0 || node.isDeleted(s)) return false;
    if (node.live === 1) this.removeNode(i);
    else node.markDeleted(s);
    this.length--;
    return true;
  }

  /** XDEL: deletes entries by ID, keeping first ID and max-deleted ID as Redis does. */
  deleteIds(ids: readonly StreamId[]): number {
    let deleted = 0;
    let firstEntry = false;
    for (const id of ids) {
      if (!this.deleteOne(id)) continue;
      if (cmpId(id, this.firstId) === 0) firstEntry = true;
      if (cmpId(id, this.maxDeletedId) > 0) this.maxDeletedId = id;
      deleted++;
    }
    if (deleted > 0) {
      if (this.length === 0) this.firstId = ID_ZERO;
      else if (firstEntry) this.firstId = this.firstValidId()!;
    }
    return deleted;
  }

  /** streamTrim of Redis 7.0: whole head nodes, then (unless approx) entries of one node. */
  trim(a: TrimArgs): number {
    const maxlenMode = a.strategy === 'maxlen';
    let deleted = 0;
    while (this.head < this.nodes.length) {
      if (maxlenMode && this.length <= a.maxlen) break;
      const node = this.nodes[this.head];
      const entries = node.live;
      if (a.limit > 0 && deleted + entries > a.limit) break;
      const remove = maxlenMode ? this.length - entries >= a.maxlen : node.cmpSlot(node.n - 1, a.minid) < 0;
      if (remove) {
        this.dropHead();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (a.approx) break;
      for (let s = 0; s < node.n; s++) {
        const stop = maxlenMode ? this.length <= a.maxlen : node.cmpSlot(s, a.minid) >= 0;
        if (stop) break;
        if (!node.isDeleted(s)) {
          node.markDeleted(s);
          this.length--;
          deleted++;
        }
      }
      break;
    }
    this.firstId = this.length === 0 ? ID_ZERO : this.firstValidId()!;
    return deleted;
  }

  /**
   * Live entries with start <= ID <= end, ascending (or descending when rev), at most count
   * (0 = all), appended to `out` as node, slot pairs. Returns how many.
   */
  range(start: StreamId, end: StreamId, count: number, rev: boolean, out: (StreamNode | number)[]): number {
    if (cmpId(start, end) > 0) return 0;
    let got = 0;
    const nodes = this.nodes;
    if (!rev) {
      let i = this.findNode(start);
      if (i < this.head) i = this.head;
      let s = i < nodes.length ? nodes[i].firstGE(start) : 0;
      for (; i < nodes.length; i++, s = 0) {
        const node = nodes[i];
        for (; s < node.n; s++) {
          if (node.isDeleted(s)) continue;
          if (node.cmpSlot(s, end) > 0) return got;
          out.push(node, s);
          if (++got === count) return got;
        }
      }
    } else {
      let i = this.findNode(end);
      if (i < this.head) return 0;
      let s = nodes[i].lastLE(end);
      for (; i >= this.head; ) {
        const node = nodes[i];
        for (; s >= 0; s--) {
          if (node.isDeleted(s)) continue;
          if (node.cmpSlot(s, start) < 0) return got;
          out.push(node, s);
          if (++got === count) return got;
        }
        if (--i >= this.head) s = nodes[i].n - 1;
      }
    }
    return got;
  }

  /** Whether a live entry with ID > id exists (XREAD's "can serve now"). */
  hasAfter(id: StreamId): boolean {
    const last = this.lastValidId();
    return last !== null && cmpId(last, id) > 0;
  }

  firstValidId(): StreamId | null {
    for (let i = this.head; i < this.nodes.length; i++) {
      const node = this.nodes[i];
      for (let s = 0; s < node.n; s++) if (!node.isDeleted(s)) return node.id(s);
    }
    return null;
  }

  lastValidId(): StreamId | null {
    for (let i = this.nodes.length - 1; i >= this.head; i--) {
      const node = this.nodes[i];
      for (let s = node.n - 1; s >= 0; s--) if (!node.isDeleted(s)) return node.id(s);
    }
    return null;
  }

  clone(): Stream {
    const c = new Stream();
    c.nodes = this.nodes.slice(this.head).map((n) => n.clone());
    c.length = this.length;
    c.lastId = this.lastId;
    c.firstId = this.firstId;
    c.maxDeletedId = this.maxDeletedId;
    c.entriesAdded = this.entriesAdded;
    c.groups = cloneGroups(this.groups);
    return c;
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Bytes of a listpack integer element (encoding plus 1-byte backlen). */
function intSize(v: number): number {
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

/** Bytes of a listpack element holding a string (stored as an integer when it is one). */
function elemSize(s: string): number {
  const len = s.length;
  if (len > 0 && len <= 18) {
    // string2ll's form without BigInt: 18 digits cannot overflow int64.
    let i = s.charCodeAt(0) === 45 ? 1 : 0;
    let c = s.charCodeAt(i);
    let v = c - 48;
    if (v >= 1 && v <= 9) {
      for (i++; i < len; i++) {
        c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
      }
      if (i === len) return intSize(s.charCodeAt(0) === 45 ? -v : v);
    } else if (len === 1 && v === 0) return 2;
  } else if (len <= 20 && isStrictInt64(s)) return intSize(Number(s));
  const enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  const back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
  return enc + back;
}

/** Size of the int64 (a - b), 64-bit wrapping, as the listpack stores ID deltas. */
function diffSize(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi < 0x200000 && bHi < 0x200000) return intSize(aHi * 4294967296 + aLo - (bHi * 4294967296 + bLo));
  const d = BigInt.asIntN(64, u64Big(aHi, aLo) - u64Big(bHi, bLo));
  return d >= -2147483648n && d <= 2147483647n ? intSize(Number(d)) : 10;
}
