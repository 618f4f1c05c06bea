/**
 * Consumer groups of a stream, as Redis 7.0's streamCG / streamConsumer / streamNACK.
 *
 * A group's PEL (pending entries list) and each consumer's own PEL are kept ordered by entry ID
 * (Redis keeps them in raxes keyed by the big-endian ID): a sorted array with binary search, since
 * XPENDING/XAUTOCLAIM scan them in ID order and range lookups start at an ID. A NACK object is
 * shared by the group PEL and its owner's PEL, as in Redis.
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

/** NACKs ordered by ID. */
export class Pel {
  items: Nack[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Index of the first NACK with ID >= id. */
  lowerBound(id: StreamId): number {
    const a = this.items;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpId(a[mid].id, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  find(id: StreamId): Nack | undefined {
    const i = this.lowerBound(id);
    const n = this.items[i];
    return n !== undefined && cmpId(n.id, id) === 0 ? n : undefined;
  }

  /** Inserts unless an entry with that ID exists; returns whether it inserted. */
  tryInsert(n: Nack): boolean {
    const i = this.lowerBound(n.id);
    const at = this.items[i];
    if (at !== undefined && cmpId(at.id, n.id) === 0) return false;
    this.items.splice(i, 0, n);
    return true;
  }

  remove(id: StreamId): Nack | undefined {
    const i = this.lowerBound(id);
    const n = this.items[i];
    if (n === undefined || cmpId(n.id, id) !== 0) return undefined;
    this.items.splice(i, 1);
    return n;
  }

  first(): Nack | undefined {
    return this.items[0];
  }

  last(): Nack | undefined {
    return this.items[this.items.length - 1];
  }
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
    for (const n of c.pel.items) this.pel.remove(n.id);
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
    for (const n of this.pel.items) {
      const owner = n.consumer === null ? null : byOld.get(n.consumer)!;
      const nn = new Nack(n.id, n.deliveryTime, n.deliveryCount, owner);
      g.pel.items.push(nn);
      owner?.pel.items.push(nn);
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
