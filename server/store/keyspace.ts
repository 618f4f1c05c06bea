/**
 * The keyspace: numbered databases of entries with optional expiry.
 *
 * Representation (measured choice, see bench/): keys, string values, hash fields/values, set and
 * list members are "byte strings" — JS strings with one char per byte (latin1). V8 stores them as
 * one-byte strings, they hash fast as Map keys, compare by bytes, and convert to/from Buffers
 * without UTF-8 work, so every byte value (\x00, \xff, invalid UTF-8) round-trips exactly.
 *
 * The store knows nothing of protocols or clients. What must happen when a key expires (events,
 * propagation as DEL, waking WATCH) is the engine's business, reached through KeyspaceHooks.
 */
import { SlotMap, type RandomSource } from './slot-map.ts';
import { lfuTouch, type LfuParams } from './memory-lfu.ts';

export type RedisType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export interface Entry {
  type: RedisType;
  // The data structure; its type follows `type` (string, ListValue, SetValue, HashValue, ...).
  value: any;
  /** Absolute unix time in ms when the key expires; 0 = no expiry. As in Redis, the key still
   * exists at that very millisecond and is expired once now > expireAt. */
  expireAt: number;
  /** Last access time in ms (OBJECT IDLETIME, LRU eviction). */
  access: number;
  /**
   * Strings only, for OBJECT ENCODING / REFCOUNT: absent when the value is encoded as SET would
   * encode it (int, embstr or raw by content). 'raw': edited in place (APPEND to an existing key,
   * SETRANGE, SETBIT, BITFIELD, BITOP) — raw whatever its content. 'noint': never int-encoded
   * (INCRBYFLOAT results: embstr or raw by length). 'own': a private copy (COPY), never Redis's
   * shared small-integer object. A command that stores a new value in place the way SET would
   * (INCR) must delete it.
   */
  enc?: 'raw' | 'noint' | 'own';
  /** LFU counter (memory-lfu.ts); undefined = LFU_INIT_VAL. Kept only under an LFU policy. */
  freq?: number;
  /** The eviction layer's last size estimate of this key (only while maxmemory is set). */
  mem?: number;
}

/** Sees entries enter and leave the keyspace (the eviction layer's memory accounting). */
export interface EntryObserver {
  added(key: string, e: Entry): void;
  removed(e: Entry): void;
  /** The database is about to be emptied. */
  clearing(db: Database): void;
}

export interface KeyspaceHooks {
  /** A key was found expired and removed (lazily or by the active cycle). */
  expired(db: Database, key: string): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export class Database {
  main = new SlotMap<Entry>();
  /** Keys that carry a TTL (the active expire cycle walks these). */
  expires = new Set<string>();
  /** Position of the active expire cycle in `expires`. */
  private expireCursor: Iterator<string> | null = null;
  /** Sum of TTLs seen by the active cycle, for INFO keyspace avg_ttl. */
  avgTtl = 0;

  constructor(
    public id: number,
    private ks: Keyspace,
  ) {}

  get size(): number {
    return this.main.size;
  }

  /** Lookup for reading or writing: expired keys are removed first; access time is updated. */
  get(key: string): Entry | undefined {
    const e = this.main.get(key);
    if (e === undefined) return undefined;
    const now = this.ks.now;
    if (e.expireAt !== 0 && e.expireAt < now) {
      if (this.ks.expireEnabled) this.expireNow(key);
      return undefined;
    }
    if (!this.ks.noTouch) {
      if (this.ks.lfu !== null) lfuTouch(e, now, this.ks.lfu);
      e.access = now;
    }
    return e;
  }

  /** Lookup without updating access time (TYPE, OBJECT, TTL, EXISTS do not count as access). */
  peek(key: string): Entry | undefined {
    const e = this.main.get(key);
    if (e === undefined) return undefined;
    if (e.expireAt !== 0 && e.expireAt < this.ks.now) {
      if (this.ks.expireEnabled) this.expireNow(key);
      return undefined;
    }
    return e;
  }

  /** True when the key exists, has a TTL that has passed, and was not yet removed. */
  isLogicallyExpired(key: string): boolean {
    const e = this.main.get(key);
    return e !== undefined && e.expireAt !== 0 && e.expireAt < this.ks.now;
  }

  /** Adds or replaces a key with a fresh entry (no TTL, as SET does unless KEEPTTL). */
  set(key: string, type: RedisType, value: unknown, expireAt = 0): Entry {
    // Every field in the literal, so all entries share one hidden class whatever the policy.
    const e: Entry = { type, value, expireAt, access: this.ks.now, enc: undefined, freq: undefined, mem: 0 };
    const prev = this.main.swap(key, e);
    if (expireAt !== 0) this.expires.add(key);
    else if (prev !== undefined && prev.expireAt !== 0) this.expires.delete(key);
    if (prev === undefined && this.ks.onNewKey !== null) this.ks.onNewKey(this, key);
    // dbSetValue: an overwritten key keeps its LFU counter.
    if (prev !== undefined && this.ks.lfu !== null) e.freq = prev.freq;
    const o = this.ks.observer;
    if (o !== null) {
      if (prev !== undefined) o.removed(prev);
      o.added(key, e);
    }
    return e;
  }

  /** Re-inserts an existing entry object under a key (RENAME, MOVE, COPY). */
  put(key: string, e: Entry): void {
    const prev = this.main.get(key);
    this.main.set(key, e);
    if (e.expireAt !== 0) this.expires.add(key);
    else if (prev !== undefined && prev.expireAt !== 0) this.expires.delete(key);
    if (prev === undefined && this.ks.onNewKey !== null) this.ks.onNewKey(this, key);
    const o = this.ks.observer;
    if (o !== null) {
      if (prev !== undefined) o.removed(prev);
      o.added(key, e);
    }
  }

  delete(key: string): boolean {
    const e = this.main.get(key);
    if (e === undefined) return false;
    this.main.delete(key);
    if (e.expireAt !== 0) this.expires.delete(key);
    if (this.ks.observer !== null) this.ks.observer.removed(e);
    return true;
  }

  setExpire(key: string, e: Entry, at: number): void {
    e.expireAt = at;
    if (at !== 0) this.expires.add(key);
    else this.expires.delete(key);
  }

  resetCycle(): void {
    this.expireCursor = null;
  }

  clear(): void {
    if (this.ks.observer !== null) this.ks.observer.clearing(this);
    this.main.clear();
    this.expires.clear();
    this.expireCursor = null;
    this.avgTtl = 0;
  }

  randomKey(rand: RandomSource): string | undefined {
    // Skip keys that are logically expired, as Redis's RANDOMKEY does (bounded tries).
    for (let tries = 0; tries < 100; tries++) {
      const k = this.main.randomKey(rand);
      if (k === undefined) return undefined;
      const e = this.main.get(k)!;
      if (e.expireAt !== 0 && e.expireAt < this.ks.now) {
        this.expireNow(k);
        continue;
      }
      return k;
    }
    return this.main.randomKey(rand);
  }

  expireNow(key: string): void {
    this.delete(key);
    this.ks.hooks.expired(this, key);
  }

  /**
   * One step of the active expire cycle: examines up to `sample` keys with a TTL, removing the
   * expired ones. Returns [examined, expired].
   */
  activeExpireStep(sample: number): [number, number] {
    if (this.expires.size === 0) return [0, 0];
    let examined = 0;
    let expired = 0;
    let ttlSum = 0;
    let ttlSamples = 0;
    const now = this.ks.now;
    while (examined < sample) {
      if (this.expireCursor === null) this.expireCursor = this.expires.values();
      const r = this.expireCursor.next();
      if (r.done) {
        this.expireCursor = null;
        if (this.expires.size === 0 || examined >= this.expires.size) break;
        continue;
      }
      examined++;
      const key = r.value;
      const e = this.main.get(key);
      if (e === undefined) continue;
      if (e.expireAt < now) {
        this.expireNow(key);
        expired++;
      } else {
        ttlSum += e.expireAt - now;
        ttlSamples++;
      }
    }
    if (ttlSamples > 0) {
      const avg = ttlSum / ttlSamples;
      this.avgTtl = this.avgTtl === 0 ? avg : (this.avgTtl / 50) * 49 + avg / 50;
    }
    return [examined, expired];
  }
}

export class Keyspace {
  readonly dbs: Database[] = [];
  /** The time commands see: set once per command so a command (or MULTI, or script) is atomic in time. */
  now = 0;
  /** False on a replica or while loading: keys are reported missing but not removed. */
  expireEnabled = true;
  /** Set while a command must not update access times (OBJECT, TYPE ...). */
  noTouch = false;
  /** Set while the maxmemory-policy is an LFU one: accesses update Entry.freq (memory-lfu.ts). */
  lfu: LfuParams | null = null;
  /** The eviction layer's memory accounting, while maxmemory is set. */
  observer: EntryObserver | null = null;
  /** A key was added (Redis's dbAdd: the 'new' keyspace event); null unless someone listens. */
  onNewKey: ((db: Database, key: string) => void) | null = null;

  constructor(
    count: number,
    public hooks: KeyspaceHooks,
  ) {
    for (let i = 0; i < count; i++) this.dbs.push(new Database(i, this));
  }

  /** SWAPDB: the contents move; clients that selected a number keep seeing that number. */
  swap(a: number, b: number): void {
    const da = this.dbs[a];
    const db = this.dbs[b];
    [da.main, db.main] = [db.main, da.main];
    [da.expires, db.expires] = [db.expires, da.expires];
    [da.avgTtl, db.avgTtl] = [db.avgTtl, da.avgTtl];
    da.resetCycle();
    db.resetCycle();
  }

  flushAll(): void {
    for (const db of this.dbs) db.clear();
  }
}
