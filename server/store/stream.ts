/**
 * A stream value (XADD, XRANGE, ...), laid out like Redis 7.0's t_stream.c so that everything that
 * depends on node boundaries (approximate trimming, LIMIT) gives Redis's exact results.
 *
 * Entries live in nodes of at most stream-node-max-entries slots (and about stream-node-max-bytes
 * of Redis listpack, whose size is tracked with listpack's own encoding rules), sorted by their
 * first ("master") ID; the node list is searched by binary search. Inside a node:
 * - IDs are four uint32 per slot in a Uint32Array (see stream-id.ts for the representation);
 * - the field names of the node's first entry are the master fields, stored once; an entry whose
 *   fields equal them (same names, same order) stores only its values (the SAMEFIELDS flag);
 * - values of all slots sit in one flat array, with each slot's start offset;
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

const F_DELETED = 1;
const F_SAME = 2;
/** STREAM_LISTPACK_MAX_SIZE */
const LISTPACK_MAX = 1 << 30;

export class StreamNode {
  ids: Uint32Array;
  flags: Uint8Array;
  /** Start of each slot's values in `vals` (vstart[n] is the end). */
  vstart: number[] = [0];
  vals: string[] = [];
  /** Field names of slots without the SAMEFIELDS flag (sparse, created on first need). */
  own: (string[] | undefined)[] | null = null;
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
    this.ids = new Uint32Array(cap * 4);
    this.flags = new Uint8Array(cap);
    let b = 7 + intSize(master.length) + intSize(0);
    for (const f of master) b += elemSize(f);
    this.bytes = b;
  }

  get lpBytes(): number {
    return this.bytes + intSize(this.live) + intSize(this.deleted);
  }

  isDeleted(s: number): boolean {
    return (this.flags[s] & F_DELETED) !== 0;
  }

  idString(s: number): string {
    const ids = this.ids;
    const o = s * 4;
    return partsToString(ids[o], ids[o + 1], ids[o + 2], ids[o + 3]);
  }

  id(s: number): StreamId {
    const ids = this.ids;
    const o = s * 4;
    return { msHi: ids[o], msLo: ids[o + 1], seqHi: ids[o + 2], seqLo: ids[o + 3] };
  }

  cmpSlot(s: number, b: StreamId): number {
    const ids = this.ids;
    const o = s * 4;
    return cmpParts(ids[o], ids[o + 1], ids[o + 2], ids[o + 3], b);
  }

  /** Number of field/value pairs of a slot. */
  pairs(s: number): number {
    return this.vstart[s + 1] - this.vstart[s];
  }

  field(s: number, i: number): string {
    return (this.flags[s] & F_SAME) !== 0 ? this.master[i] : this.own![s]![i];
  }

  value(s: number, i: number): string {
    return this.vals[this.vstart[s] + i];
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

  push(id: StreamId, argv: readonly string[], from: number, same: boolean, entryBytes: number): void {
    const s = this.n;
    if (s === this.flags.length) this.grow();
    const o = s * 4;
    this.ids[o] = id.msHi;
    this.ids[o + 1] = id.msLo;
    this.ids[o + 2] = id.seqHi;
    this.ids[o + 3] = id.seqLo;
    this.flags[s] = same ? F_SAME : 0;
    const vals = this.vals;
    let names: string[] | undefined;
    if (!same) names = [];
    for (let j = from; j < argv.length; j += 2) {
      if (names !== undefined) names.push(argv[j]);
      vals.push(argv[j + 1]);
    }
    if (names !== undefined) {
      if (this.own === null) this.own = [];
      this.own[s] = names;
    }
    this.vstart.push(vals.length);
    this.n = s + 1;
    this.live++;
    this.bytes += entryBytes;
  }

  private grow(): void {
    const cap = Math.max(4, this.flags.length * 2);
    const ids = new Uint32Array(cap * 4);
    ids.set(this.ids);
    this.ids = ids;
    const flags = new Uint8Array(cap);
    flags.set(this.flags);
    this.flags = flags;
  }

  markDeleted(s: number): void {
    this.flags[s] |= F_DELETED;
    this.live--;
    this.deleted++;
  }

  clone(): StreamNode {
    const c = new StreamNode(this.master, 0);
    c.ids = this.ids.slice(0, this.n * 4);
    c.flags = this.flags.slice(0, this.n);
    c.vstart = this.vstart.slice();
    c.vals = this.vals.slice();
    c.own = this.own === null ? null : this.own.slice();
    c.n = this.n;
    c.live = this.live;
    c.deleted = this.deleted;
    c.bytes = this.bytes;
    return c;
  }
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
   * id > lastId.
   */
  append(id: StreamId, argv: readonly string[], from: number, limits: NodeLimits): void {
    const nf = (argv.length - from) >> 1;
    let totelelen = 0;
    for (let j = from; j < argv.length; j++) totelelen += argv[j].length;
    let node: StreamNode | null = this.nodes.length > this.head ? this.nodes[this.nodes.length - 1] : null;
    if (node !== null) {
      let maxBytes = limits.maxBytes;
      if (maxBytes === 0 || maxBytes > LISTPACK_MAX) maxBytes = LISTPACK_MAX;
      if (node.lpBytes + totelelen >= maxBytes) node = null;
      else if (limits.maxEntries > 0 && node.live + node.deleted >= limits.maxEntries) node = null;
    }
    let same = true;
    if (node === null) {
      const master: string[] = new Array(nf);
      for (let i = 0; i < nf; i++) master[i] = argv[from + 2 * i];
      // Small first: many streams hold a handful of entries; slots double as the node fills.
      node = new StreamNode(master, 4);
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
      const m = node.ids;
      b += diffSize(id.msHi, id.msLo, m[0], m[1]) + diffSize(id.seqHi, id.seqLo, m[2], m[3]);
    } else b += 4; // both deltas 0

    if (same) {
      for (let j = from + 1; j < argv.length; j += 2) b += elemSize(argv[j]);
      b += intSize(nf + 3);
    } else {
      b += intSize(nf);
      for (let j = from; j < argv.length; j++) b += elemSize(argv[j]);
      b += intSize(2 * nf + 4);
    }
    node.push(id, argv, from, same, b);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
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
  if (len <= 20 && isStrictInt64(s)) return intSize(Number(s));
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
