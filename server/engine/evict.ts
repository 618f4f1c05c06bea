/**
 * maxmemory: memory accounting and key eviction, as Redis 7.0's evict.c.
 *
 * What is compared with maxmemory is not the JS heap (heapUsed counts garbage not yet collected, so
 * it would not drop after deleting keys and we would evict everything) but an estimate: the sum of
 * per-key estimates (store/memory-estimate.ts) plus the query and output buffers of normal clients,
 * as Redis counts them (replica and AOF buffers excluded). The per-key estimates are kept only while
 * maxmemory is set: computed once over all keys when it gets set, then maintained by difference:
 * each entry carries its last estimate (Entry.mem); the keyspace reports entries coming and going
 * (EntryObserver) and the write path reports changed keys (engine.memoryTouched). With maxmemory 0
 * none of this runs.
 *
 * Eviction follows performEvictions: sample maxmemory-samples keys per database into a pool of the
 * 16 best candidates (idle time for LRU, 255 - counter for LFU, nearest expiry for volatile-ttl),
 * evict the best, repeat until under the limit; random policies pick a random key per database in
 * turn. Each command spends at most the time maxmemory-eviction-tenacity allows, then a timer
 * continues. Evicted keys touch WATCH, fire the 'evicted' keyspace event and propagate as DEL.
 */
import type { Engine } from './engine.ts';
import type { Client } from './client.ts';
import type { Database, Entry, EntryObserver } from '../store/keyspace.ts';
import { estimateEntry } from '../store/memory-estimate.ts';
import { lfuDecrAndReturn, type LfuParams } from '../store/memory-lfu.ts';
import { setInfoField, usedMemory } from './info.ts';

export type EvictResult = 'ok' | 'running' | 'fail';

type Policy =
  | 'noeviction'
  | 'allkeys-lru'
  | 'allkeys-lfu'
  | 'allkeys-random'
  | 'volatile-lru'
  | 'volatile-lfu'
  | 'volatile-random'
  | 'volatile-ttl';

/** EVPOOL_SIZE */
const POOL_SIZE = 16;
/** Client buffers are summed at most this often (ms) unless we are over the limit. */
const CLIENTS_REFRESH_MS = 100;

interface PoolEntry {
  key: string | null;
  idle: number;
  db: number;
}

const evictors = new WeakMap<Engine, Evictor>();

/** The evictor of an engine (created with it). */
export function evictorOf(e: Engine): Evictor {
  return evictors.get(e)!;
}

let infoRegistered = false;

/** Called once by the Engine constructor. */
export function installEviction(e: Engine): Evictor {
  const ev = new Evictor(e);
  evictors.set(e, ev);
  if (!infoRegistered) {
    infoRegistered = true;
    setInfoField('used_memory_dataset', (en) => evictorOf(en).datasetForInfo());
    setInfoField('used_memory_dataset_perc', (en) => {
      const used = usedMemory();
      return used > 0 ? ((evictorOf(en).datasetForInfo() * 100) / used).toFixed(2) + '%' : '0.00%';
    });
    setInfoField('total_eviction_exceeded_time', (en) => evictorOf(en).exceededTotalMs());
    setInfoField('current_eviction_exceeded_time', (en) => evictorOf(en).exceededCurrentMs());
  }
  return ev;
}

/** evictionTimeLimitUs: the work one command may spend evicting, from maxmemory-eviction-tenacity. */
export function evictionTimeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity;
  if (tenacity < 100) return Math.floor(500 * Math.pow(1.15, tenacity - 10));
  return Infinity;
}

export class Evictor implements EntryObserver {
  /** Estimated bytes of all keys (valid while tracking). */
  dataset = 0;
  tracking = false;
  maxmemory = 0;
  policy: Policy = 'noeviction';
  /** What the pool ranks by (LRU idle time, LFU counter, TTL), read from the policy. */
  private rank: 'lru' | 'lfu' | 'ttl' = 'lru';
  /** allkeys-* sample the whole keyspace, volatile-* only keys with a TTL. */
  private allkeys = false;
  private samples = 5;
  private tenacity = 10;
  private clientBytes = 0;
  private clientsAt = -Infinity;
  private readonly pool: PoolEntry[] = [];
  /** Per database: a live iterator over its expires Set, for sampling volatile keys. */
  private readonly volatileCursors: { set: Set<string>; it: Iterator<string> }[] = [];
  private nextDb = 0;
  private timer: NodeJS.Immediate | null = null;
  /** stat_last_eviction_exceeded_time / stat_total_eviction_exceeded_time (ms). */
  private exceededSince = 0;
  private exceededTotal = 0;
  private readonly lfu: LfuParams;
  private readonly check = (c: Client) => this.checkMemory(c);
  private readonly touched = (db: Database, key: string) => this.keyChanged(db, key);

  constructor(private readonly e: Engine) {
    for (let i = 0; i < POOL_SIZE; i++) this.pool.push({ key: null, idle: 0, db: 0 });
    this.lfu = { logFactor: 10, decayTime: 1, random: () => e.random() };
    const cfg = e.config;
    const has = (name: string) => cfg.def(name) !== undefined;
    if (!has('maxmemory')) return; // a config without the parameters: nothing to do
    const readPolicy = () => {
      this.policy = cfg.get('maxmemory-policy') as Policy;
      this.rank = this.policy.endsWith('-lfu') ? 'lfu' : this.policy.endsWith('-ttl') ? 'ttl' : 'lru';
      this.allkeys = this.policy.startsWith('allkeys');
      this.lfu.logFactor = cfg.int('lfu-log-factor');
      this.lfu.decayTime = cfg.int('lfu-decay-time');
      e.keyspace.lfu = this.policy.endsWith('-lfu') ? this.lfu : null;
      this.clearPool();
    };
    const readLimits = () => {
      this.samples = cfg.int('maxmemory-samples');
      this.tenacity = cfg.int('maxmemory-eviction-tenacity');
    };
    readPolicy();
    readLimits();
    for (const p of ['maxmemory-policy', 'lfu-log-factor', 'lfu-decay-time']) cfg.onChange(p, readPolicy);
    for (const p of ['maxmemory-samples', 'maxmemory-eviction-tenacity']) cfg.onChange(p, readLimits);
    cfg.onChange('maxmemory', () => this.setMaxmemory(cfg.int('maxmemory'), true));
    this.setMaxmemory(cfg.int('maxmemory'), false);
  }

  /** Starts or stops tracking; CONFIG SET maxmemory evicts at once (updateMaxmemory). */
  setMaxmemory(bytes: number, evictNow: boolean): void {
    this.maxmemory = bytes;
    const e = this.e;
    if (bytes > 0) {
      if (!this.tracking) {
        this.tracking = true;
        e.keyspace.observer = this;
        e.memoryTouched = this.touched;
        e.checkMemory = this.check;
        this.recompute();
      }
      if (evictNow) this.performEvictions();
    } else if (this.tracking) {
      this.tracking = false;
      e.keyspace.observer = null;
      e.memoryTouched = null;
      e.checkMemory = null;
      e.preCommandOom = false;
      this.dataset = 0;
      this.clearPool();
      this.noteResult('ok');
    }
  }

  /** Computes every key's estimate afresh; returns the total. */
  recompute(): number {
    let total = 0;
    for (const db of this.e.keyspace.dbs) {
      db.main.forEach((ent, key) => {
        const m = estimateEntry(key, ent);
        ent.mem = m;
        total += m;
      });
    }
    this.dataset = total;
    return total;
  }

  /** The total a full recomputation would give, without changing anything (tests). */
  fullEstimate(): number {
    let total = 0;
    for (const db of this.e.keyspace.dbs) db.main.forEach((ent, key) => (total += estimateEntry(key, ent)));
    return total;
  }

  /**
   * INFO used_memory_dataset: the estimate while maxmemory is set; otherwise (no estimate kept, and
   * INFO must stay cheap) the heap less client buffers, as INFO computes it without eviction.
   */
  datasetForInfo(): number {
    if (this.tracking) return this.dataset;
    let clients = 0;
    for (const cl of this.e.clients.values()) if (!cl.internal) clients += cl.link.inputBytes() + cl.link.outputBytes();
    return Math.max(0, usedMemory() - clients);
  }

  // EntryObserver: keys entering and leaving the keyspace.
  added(key: string, ent: Entry): void {
    const m = estimateEntry(key, ent);
    ent.mem = m;
    this.dataset += m;
  }

  removed(ent: Entry): void {
    this.dataset -= ent.mem ?? 0;
    ent.mem = 0;
  }

  clearing(db: Database): void {
    db.main.forEach((ent) => {
      this.dataset -= ent.mem ?? 0;
      ent.mem = 0;
    });
  }

  /** The write path changed a key: re-estimate it and account the difference. */
  private keyChanged(db: Database, key: string): void {
    const ent = db.main.get(key);
    if (ent === undefined) return;
    const m = estimateEntry(key, ent);
    this.dataset += m - (ent.mem ?? 0);
    ent.mem = m;
  }

  /** Memory compared with maxmemory: the dataset estimate plus normal clients' buffers. */
  used(forceClients = false): number {
    const now = this.e.keyspace.now;
    if (forceClients ? now !== this.clientsAt : now - this.clientsAt >= CLIENTS_REFRESH_MS) {
      this.clientsAt = now;
      let sum = 0;
      for (const cl of this.e.clients.values()) if (!cl.internal) sum += cl.link.inputBytes() + cl.link.outputBytes();
      this.clientBytes = sum;
    }
    return this.dataset + this.clientBytes;
  }

  /** Bytes to free to get under maxmemory (0 when under). */
  private toFree(): number {
    if (this.maxmemory <= 0) return 0;
    if (this.used() <= this.maxmemory) return 0;
    const used = this.used(true);
    return used > this.maxmemory ? used - this.maxmemory : 0;
  }

  /** engine.checkMemory: runs before a command; true when still over maxmemory (the command may be refused). */
  private checkMemory(_c: Client): boolean {
    return this.performEvictions() === 'fail';
  }

  /** performEvictions */
  performEvictions(): EvictResult {
    const e = this.e;
    // isSafeToPerformEvictions: not while loading, nor while clients are paused.
    if (e.loading || e.postpone !== null) return 'ok';
    const toFree = this.toFree();
    if (toFree === 0) return this.noteResult('ok');
    if (this.policy === 'noeviction') return this.noteResult('fail');
    const limitUs = evictionTimeLimitUs(this.tenacity);
    const start = performance.now();
    // Evictions propagate on their own (not inside the MULTI of the command that triggered them).
    const pending = e.propQueue;
    e.propQueue = [];
    let freed = 0;
    let keys = 0;
    let result: EvictResult = 'ok';
    while (freed < toFree) {
      const pick = this.policy.endsWith('-random') ? this.pickRandom() : this.pickFromPool();
      if (pick === null) {
        result = 'fail';
        break;
      }
      freed += this.evict(pick.db, pick.key);
      keys++;
      if (keys % 16 === 0 && (performance.now() - start) * 1000 > limitUs) {
        this.startTimer();
        break;
      }
    }
    e.flushPropagation(false);
    e.propQueue = pending;
    if (result !== 'fail' && this.timer !== null) result = 'running';
    return this.noteResult(result);
  }

  private evict(db: Database, key: string): number {
    const e = this.e;
    const freed = db.main.get(key)!.mem ?? 0;
    db.delete(key);
    e.stats.evictedKeys++;
    e.touchWatched(db.id, key);
    if (e.notifyListeners.length > 0) e.notify('e', 'evicted', db.id, key);
    e.propagate(db.id, ['DEL', key]);
    return freed;
  }

  /** The pool's best candidate that still exists, refilling the pool from every database. */
  private pickFromPool(): { db: Database; key: string } | null {
    const dbs = this.e.keyspace.dbs;
    const pool = this.pool;
    // Bounded: a pool of ghosts is refilled, but an inconsistent expires set must not spin forever.
    for (let round = 0; round < 1000; round++) {
      let total = 0;
      for (const db of dbs) {
        const n = this.allkeys ? db.main.size : db.expires.size;
        if (n === 0) continue;
        this.populate(db);
        total += n;
      }
      if (total === 0) return null;
      for (let k = POOL_SIZE - 1; k >= 0; k--) {
        const p = pool[k];
        if (p.key === null) continue;
        const key = p.key;
        const db = dbs[p.db];
        p.key = null;
        p.idle = 0;
        // Keys that vanished since they were pooled (or lost their TTL, for volatile policies) are ghosts.
        const ent = db.main.get(key);
        if (ent !== undefined && (this.allkeys || ent.expireAt !== 0)) return { db, key };
      }
    }
    return null;
  }

  /**
   * evictionPoolPopulate: samples maxmemory-samples keys of `db` (all of them when there are no more,
   * as dictGetSomeKeys returns) into the pool of the best candidates.
   */
  private populate(db: Database): void {
    const allkeys = this.allkeys;
    const n = allkeys ? db.main.size : db.expires.size;
    if (n <= this.samples) {
      if (allkeys) db.main.forEach((_v, key) => this.consider(db, key));
      else for (const key of db.expires) this.consider(db, key);
      return;
    }
    for (let j = 0; j < this.samples; j++) {
      const key = allkeys ? db.main.randomKey(this.e.random) : this.nextVolatile(db);
      if (key === undefined) break;
      this.consider(db, key);
    }
  }

  /** Inserts a sampled key in the pool, sorted by ascending idle, if it beats the worst candidate kept. */
  private consider(db: Database, key: string): void {
    const pool = this.pool;
    const now = this.e.keyspace.now;
    const ent = db.main.get(key);
    if (ent === undefined) return;
    let idle: number;
    if (this.rank === 'lru') idle = now - ent.access;
    else if (this.rank === 'lfu') idle = 255 - lfuDecrAndReturn(ent, now, this.lfu.decayTime);
    else idle = -ent.expireAt; // volatile-ttl: the nearest expiry is the best candidate
    let k = 0;
    while (k < POOL_SIZE && pool[k].key !== null && pool[k].idle < idle) k++;
    if (k === 0 && pool[POOL_SIZE - 1].key !== null) return;
    if (k < POOL_SIZE && pool[k].key === null) {
      // empty slot: insert here
    } else if (pool[POOL_SIZE - 1].key === null) {
      // free space on the right: shift right from k
      const last = pool.pop()!;
      pool.splice(k, 0, last);
    } else {
      // full: drop the worst (leftmost) and insert at k - 1
      k--;
      const first = pool.shift()!;
      pool.splice(k, 0, first);
    }
    const p = pool[k];
    p.key = key;
    p.idle = idle;
    p.db = db.id;
  }

  /**
   * The next key of db's expires Set, from a live iterator that walks it round and round. A JS Set
   * has no O(1) random pick; walking it costs O(1) per key, visits every volatile key once per
   * round, and needs no second index of the TTL keys.
   */
  private nextVolatile(db: Database): string | undefined {
    let cur = this.volatileCursors[db.id];
    if (cur === undefined || cur.set !== db.expires) {
      cur = { set: db.expires, it: db.expires.values() };
      this.volatileCursors[db.id] = cur;
    }
    let r = cur.it.next();
    if (r.done) {
      cur.it = db.expires.values();
      r = cur.it.next();
    }
    return r.done ? undefined : r.value;
  }

  /** allkeys-random / volatile-random: a random key from the next database that has candidates. */
  private pickRandom(): { db: Database; key: string } | null {
    const dbs = this.e.keyspace.dbs;
    for (let i = 0; i < dbs.length; i++) {
      const j = ++this.nextDb % dbs.length;
      const db = dbs[j];
      if (this.allkeys) {
        if (db.main.size === 0) continue;
        return { db, key: db.main.randomKey(this.e.random)! };
      }
      const n = db.expires.size;
      if (n === 0) continue;
      // Skip a random number of keys along the walk so the pick is not plain insertion order.
      let skip = Math.floor(this.e.random() * Math.min(n, 64));
      let key = this.nextVolatile(db)!;
      while (skip-- > 0) key = this.nextVolatile(db)!;
      return { db, key };
    }
    return null;
  }

  private clearPool(): void {
    for (const p of this.pool) {
      p.key = null;
      p.idle = 0;
    }
  }

  /** evictionTimeProc: keeps evicting outside commands until under the limit. */
  private startTimer(): void {
    if (this.timer !== null) return;
    const tick = () => {
      this.timer = null;
      if (!this.tracking) return;
      const e = this.e;
      e.keyspace.now = e.clock.now();
      this.timer = setImmediate(tick); // performEvictions sees a running timer
      this.timer.unref();
      const r = this.performEvictions();
      if (r !== 'running' && this.timer !== null) {
        clearImmediate(this.timer);
        this.timer = null;
      }
    };
    this.timer = setImmediate(tick);
    this.timer.unref();
  }

  private noteResult(r: EvictResult): EvictResult {
    if (r === 'ok') {
      if (this.exceededSince !== 0) {
        this.exceededTotal += performance.now() - this.exceededSince;
        this.exceededSince = 0;
      }
    } else if (this.exceededSince === 0) {
      this.exceededSince = performance.now();
    }
    return r;
  }

  exceededTotalMs(): number {
    return Math.floor(this.exceededTotal + this.exceededCurrentMs());
  }

  exceededCurrentMs(): number {
    return this.exceededSince === 0 ? 0 : Math.floor(performance.now() - this.exceededSince);
  }
}
