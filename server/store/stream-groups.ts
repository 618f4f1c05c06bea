/**
 * Consumer groups of a stream, as Redis 7.0's streamCG / streamConsumer / streamNACK.
 *
 * A group's PEL (pending entries list) and each consumer's own PEL are kept ordered by entry ID
 * (Redis keeps them in raxes keyed by the big-endian ID): sorted chunks searched by binary search
 * (see Pel), since XPENDING/XAUTOCLAIM scan them in ID order and range lookups start at an ID.
 * A NACK object is shared by the group PEL and its owner's PEL, as in Redis.
 *
 * Groups and consumers are kept in Maps; replies list them by name in byte order (the rax order),
 * which `sortedGroups()` / `sortedConsumers()` give.
 */
import { cmpId, type StreamId } from './stream-id.ts';

/** SCG_INVALID_ENTRIES_READ */
export const INVALID_ENTRIES_READ = -1;

export class Nack {
  constructor(
    readonly id: StreamId,
    /** ms time of the last delivery. */
    public deliveryTime: number,
    public deliveryCount: number,
    /** Null only for a NACK just created by XCLAIM FORCE. */
    public consumer: Consumer | null,
  ) {}
}

/** Chunk length a PEL aims for: appends fill chunks to it, inserts split chunks at twice it. */
const CHUNK = 128;

/**
 * NACKs ordered by ID, in sorted chunks (a one-level B-tree): find, insert and remove are
 * O(log n + CHUNK) wherever the ID sits (a plain sorted array would move every later NACK on an
 * XACK of an old entry), and iteration in ID order is a walk over the chunks.
 */
export class Pel {
  private chunks: Nack[][] = [];
  size = 0;

  /** Index of the chunk that holds (or would hold) id: the last one whose first ID is <= id. */
  private chunkFor(id: StreamId): number {
    const cs = this.chunks;
    let lo = 0;
    let hi = cs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpId(cs[mid][0].id, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : lo - 1;
  }

  /** The NACK with the lowest ID >= id. */
  ceil(id: StreamId): Nack | undefined {
    const cs = this.chunks;
    if (cs.length === 0) return undefined;
    const ci = this.chunkFor(id);
    const ch = cs[ci];
    const i = lowerBound(ch, id);
    return i < ch.length ? ch[i] : ci + 1 < cs.length ? cs[ci + 1][0] : undefined;
  }

  /** The NACK with the lowest ID > id. */
  after(id: StreamId): Nack | undefined {
    const n = this.ceil(id);
    if (n === undefined || cmpId(n.id, id) !== 0) return n;
    const cs = this.chunks;
    const ci = this.chunkFor(id);
    const ch = cs[ci];
    const i = lowerBound(ch, id) + 1;
    return i < ch.length ? ch[i] : ci + 1 < cs.length ? cs[ci + 1][0] : undefined;
  }

  find(id: StreamId): Nack | undefined {
    const n = this.ceil(id);
    return n !== undefined && cmpId(n.id, id) === 0 ? n : undefined;
  }

  /**
   * Calls fn with the NACKs of ID >= start in ID order while it returns true. The PEL must not
   * change meanwhile.
   */
  scan(start: StreamId, fn: (n: Nack) => boolean): void {
    const cs = this.chunks;
    if (cs.length === 0) return;
    let ci = this.chunkFor(start);
    let i = lowerBound(cs[ci], start);
    for (; ci < cs.length; ci++, i = 0) {
      const ch = cs[ci];
      for (; i < ch.length; i++) if (!fn(ch[i])) return;
    }
  }

  /** The first `limit` NACKs (all when 0) in ID order. */
  toArray(limit = 0): Nack[] {
    const out: Nack[] = [];
    const want = limit > 0 ? Math.min(limit, this.size) : this.size;
    for (const ch of this.chunks) {
      for (const n of ch) {
        if (out.length === want) return out;
        out.push(n);
      }
    }
    return out;
  }

  /** All NACKs in ID order (a copy). */
  get items(): Nack[] {
    return this.toArray();
  }

  /** Inserts unless an entry with that ID exists; returns whether it inserted. */
  tryInsert(n: Nack): boolean {
    const cs = this.chunks;
    if (cs.length === 0) {
      cs.push([n]);
      this.size = 1;
      return true;
    }
    const ci = this.chunkFor(n.id);
    const ch = cs[ci];
    const i = lowerBound(ch, n.id);
    if (i < ch.length && cmpId(ch[i].id, n.id) === 0) return false;
    this.size++;
    if (i === ch.length && ci === cs.length - 1) {
      // Deliveries come in ID order: the tail fills chunk after chunk, nothing is split.
      if (ch.length >= CHUNK) cs.push([n]);
      else ch.push(n);
      return true;
    }
    ch.splice(i, 0, n);
    if (ch.length >= 2 * CHUNK) cs.splice(ci + 1, 0, ch.splice(CHUNK));
    return true;
  }

  remove(id: StreamId): Nack | undefined {
    const cs = this.chunks;
    if (cs.length === 0) return undefined;
    const ci = this.chunkFor(id);
    const ch = cs[ci];
    const i = lowerBound(ch, id);
    if (i === ch.length || cmpId(ch[i].id, id) !== 0) return undefined;
    const n = ch[i];
    this.size--;
    if (i === 0 && ch.length > CHUNK >> 2) ch.shift();
    else ch.splice(i, 1);
    if (ch.length === 0) cs.splice(ci, 1);
    else if (ch.length < CHUNK >> 2 && ci + 1 < cs.length && ch.length + cs[ci + 1].length <= CHUNK) {
      // Keep chunks from thinning out: merge with the next one.
      for (const x of cs[ci + 1]) ch.push(x);
      cs.splice(ci + 1, 1);
    }
    return n;
  }

  first(): Nack | undefined {
    const cs = this.chunks;
    return cs.length === 0 ? undefined : cs[0][0];
  }

  last(): Nack | undefined {
    const cs = this.chunks;
    if (cs.length === 0) return undefined;
    const ch = cs[cs.length - 1];
    return ch[ch.length - 1];
  }
}

/** Index of the first NACK of a sorted chunk with ID >= id. */
function lowerBound(a: Nack[], id: StreamId): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmpId(a[mid].id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Consumer {
  pel = new Pel();
  constructor(
    readonly name: string,
    /** Last time the consumer was seen (read, claimed, created): XINFO's idle. */
    public seenTime: number,
  ) {}
}

export class ConsumerGroup {
  consumers = new Map<string, Consumer>();
  pel = new Pel();
  constructor(
    readonly name: string,
    public lastId: StreamId,
    /** Logical count of entries read, or INVALID_ENTRIES_READ when unknown. */
    public entriesRead: number,
  ) {}

  consumer(name: string): Consumer | undefined {
    return this.consumers.get(name);
  }

  /** streamCreateConsumer: undefined when it exists already. */
  createConsumer(name: string, now: number): Consumer | undefined {
    if (this.consumers.has(name)) return undefined;
    const c = new Consumer(name, now);
    this.consumers.set(name, c);
    return c;
  }

  /** streamDelConsumer: its pending entries leave the group PEL too. */
  deleteConsumer(c: Consumer): void {
    for (const n of c.pel.toArray()) this.pel.remove(n.id);
    this.consumers.delete(c.name);
  }

  /** Adds or reassigns the NACK of a delivered entry (streamReplyWithRange's PEL update). */
  deliver(id: StreamId, consumer: Consumer, now: number): Nack {
    const existing = this.pel.find(id);
    if (existing === undefined) {
      const n = new Nack(id, now, 1, consumer);
      this.pel.tryInsert(n);
      consumer.pel.tryInsert(n);
      return n;
    }
    existing.consumer!.pel.remove(id);
    existing.consumer = consumer;
    existing.deliveryTime = now;
    existing.deliveryCount = 1;
    consumer.pel.tryInsert(existing);
    return existing;
  }

  /** XACK of one ID: true when it was pending. */
  ack(id: StreamId): boolean {
    const n = this.pel.remove(id);
    if (n === undefined) return false;
    n.consumer?.pel.remove(id);
    return true;
  }

  /** Drops a NACK from the group and its owner (entry deleted from the stream). */
  dropNack(n: Nack): void {
    this.pel.remove(n.id);
    n.consumer?.pel.remove(n.id);
  }

  /** Moves a NACK to `to` (XCLAIM), creating it in the group PEL first when absent. */
  assign(n: Nack, to: Consumer): void {
    if (n.consumer === to) return;
    n.consumer?.pel.remove(n.id);
    n.consumer = to;
    to.pel.tryInsert(n);
  }

  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  clone(): ConsumerGroup {
    const g = new ConsumerGroup(this.name, this.lastId, this.entriesRead);
    const byOld = new Map<Consumer, Consumer>();
    for (const c of this.consumers.values()) {
      const nc = new Consumer(c.name, c.seenTime);
      byOld.set(c, nc);
      g.consumers.set(c.name, nc);
    }
    for (const n of this.pel.toArray()) {
      const owner = n.consumer === null ? null : byOld.get(n.consumer)!;
      const nn = new Nack(n.id, n.deliveryTime, n.deliveryCount, owner);
      g.pel.tryInsert(nn);
      owner?.pel.tryInsert(nn);
    }
    return g;
  }
}

export type Groups = Map<string, ConsumerGroup>;

export function sortedGroups(groups: Groups | null): ConsumerGroup[] {
  if (groups === null) return [];
  return [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function cloneGroups(groups: Map<string, unknown> | null): Map<string, unknown> | null {
  if (groups === null) return null;
  const m = new Map<string, ConsumerGroup>();
  for (const [k, g] of groups as Groups) m.set(k, g.clone());
  return m;
}

/** The parts of a stream the entries-read / lag bookkeeping looks at. */
interface StreamMeta {
  length: number;
  lastId: StreamId;
  firstId: StreamId;
  maxDeletedId: StreamId;
  entriesAdded: number;
}

function isZero(a: StreamId): boolean {
  return a.msHi === 0 && a.msLo === 0 && a.seqHi === 0 && a.seqLo === 0;
}

/** streamRangeHasTombstones (end null = open). */
export function rangeHasTombstones(s: StreamMeta, start: StreamId | null, end: StreamId | null): boolean {
  if (s.length === 0 || isZero(s.maxDeletedId)) return false;
  if (cmpId(s.firstId, s.maxDeletedId) > 0) return false;
  if (start !== null && cmpId(start, s.maxDeletedId) > 0) return false;
  if (end !== null && cmpId(s.maxDeletedId, end) > 0) return false;
  return true;
}

/** streamEstimateDistanceFromFirstEverEntry of Redis 7.0. */
export function estimateDistance(s: StreamMeta, id: StreamId): number {
  if (s.entriesAdded === 0) return 0;
  if (s.length === 0 && cmpId(id, s.lastId) < 1) return s.entriesAdded;
  const cmpLast = cmpId(id, s.lastId);
  if (cmpLast === 0) return s.entriesAdded;
  if (cmpLast > 0) return INVALID_ENTRIES_READ;
  const cmpFirst = cmpId(id, s.firstId);
  if (isZero(s.maxDeletedId) || cmpId(s.maxDeletedId, s.firstId) < 0) {
    if (cmpFirst < 0) return s.entriesAdded - s.length;
    if (cmpFirst === 0) return s.entriesAdded - s.length + 1;
  }
  return INVALID_ENTRIES_READ;
}

/** The group's lag as XINFO reports it, or null when it cannot be known. */
export function groupLag(s: StreamMeta, g: ConsumerGroup): number | null {
  if (s.entriesAdded === 0) return 0;
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, g.lastId, null)) return s.entriesAdded - g.entriesRead;
  const read = estimateDistance(s, g.lastId);
  return read === INVALID_ENTRIES_READ ? null : s.entriesAdded - read;
}

/** The group's last ID moves to `id` (delivered by XREADGROUP): entries-read follows, as in Redis. */
export function advanceGroup(s: StreamMeta, g: ConsumerGroup, id: StreamId): void {
  if (g.entriesRead !== INVALID_ENTRIES_READ && !rangeHasTombstones(s, id, null)) g.entriesRead++;
  else if (s.entriesAdded !== 0) g.entriesRead = estimateDistance(s, id);
  g.lastId = id;
}
