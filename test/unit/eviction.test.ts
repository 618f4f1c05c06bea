/**
 * maxmemory in-process: the incrementally kept memory estimate against a full recomputation, each
 * eviction policy's preferences, noeviction's OOM rules (Redis 7.0 processCommand), and what an
 * eviction does besides deleting (stats, keyspace event, DEL propagated, WATCH touched).
 * Error texts and transaction behaviour were checked against redis-server 7.0.15.
 */
import { describe, expect, it } from 'vitest';
import { harness as inProcess } from '../helpers/in-process.ts';
import { evictorOf } from '../../server/engine/evict.ts';
import { estimateEntry, strBytes, KEY_OVERHEAD, EXPIRE_OVERHEAD } from '../../server/store/memory-estimate.ts';
import { seededRandom } from '../../server/lib/random.ts';

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
/** Tenacity 100: a command evicts until under the limit, so results do not depend on machine speed. */
const harness = () => {
  const h = inProcess({ eventDb: true });
  h.engine.config.set('maxmemory-eviction-tenacity', '100');
  return h;
};
type H = ReturnType<typeof harness>;

const ok = (h: H, ...argv: string[]) => expect(h.run(...argv)).toBe('+OK\r\n');
const keysOf = (h: H, db = 0) => {
  const out: string[] = [];
  h.db(db).main.forEach((_e, k) => out.push(k));
  return out.sort();
};
/** Sets maxmemory to what the dataset holds now minus `less` bytes (CONFIG SET evicts at once). */
const limitBelow = (h: H, less: number) => {
  const ev = evictorOf(h.engine);
  ok(h, 'CONFIG', 'SET', 'maxmemory', String(ev.fullEstimate() - less));
};
const startTracking = (h: H) => ok(h, 'CONFIG', 'SET', 'maxmemory', '1000000000');

describe('memory estimate', () => {
  it('is zero-cost while maxmemory is 0, computed over all keys when set, dropped when unset', () => {
    const h = harness();
    const ev = evictorOf(h.engine);
    h.run('SET', 'a', 'x'.repeat(100));
    h.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(h.engine.keyspace.observer).toBe(null);
    expect(h.engine.checkMemory).toBe(null);
    expect(h.engine.memoryTouched).toBe(null);
    expect(ev.tracking).toBe(false);
    startTracking(h);
    expect(ev.tracking).toBe(true);
    expect(ev.dataset).toBe(ev.fullEstimate());
    expect(ev.dataset).toBeGreaterThan(100 + 3 * 16);
    ok(h, 'CONFIG', 'SET', 'maxmemory', '0');
    expect(h.engine.keyspace.observer).toBe(null);
    expect(h.engine.checkMemory).toBe(null);
    expect(ev.dataset).toBe(0);
  });

  it('estimates a string key from its key and value lengths, plus the TTL entry', () => {
    const h = harness();
    h.run('SET', 'key:1', 'v'.repeat(100));
    h.run('SET', 'key:2', 'v'.repeat(20), 'EX', '100');
    expect(estimateEntry('key:1', h.entry('key:1')!)).toBe(KEY_OVERHEAD + strBytes(5) + strBytes(100));
    expect(estimateEntry('key:2', h.entry('key:2')!)).toBe(KEY_OVERHEAD + strBytes(5) + strBytes(20) + EXPIRE_OVERHEAD);
    expect(strBytes(0)).toBe(16);
    expect(strBytes(1)).toBe(24);
    expect(strBytes(8)).toBe(24);
    expect(strBytes(9)).toBe(32);
  });

  it('grows with collection size and element size, and is O(1) for big collections', () => {
    const h = harness();
    const small: string[] = ['HSET', 'h1'];
    const big: string[] = ['HSET', 'h2'];
    for (let i = 0; i < 10; i++) small.push(`f${i}`, 'v');
    for (let i = 0; i < 1000; i++) big.push(`f${i}`, 'v');
    h.run(...small);
    h.run(...big);
    const e1 = estimateEntry('h1', h.entry('h1')!);
    const e2 = estimateEntry('h2', h.entry('h2')!);
    expect(e2).toBeGreaterThan(e1 * 50);
    h.run('HSET', 'h3', 'f', 'x'.repeat(1000));
    expect(estimateEntry('h3', h.entry('h3')!)).toBeGreaterThan(1000);
  });

  it('kept by difference under random writes of every type, equals a full recomputation', () => {
    const h = harness();
    const ev = evictorOf(h.engine);
    startTracking(h);
    const rnd = seededRandom(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
    const val = () => 'v'.repeat(Math.floor(rnd() * 40));
    const ops: (() => void)[] = [
      () => h.run('SET', pick(keys), val()),
      () => h.run('SET', pick(keys), val(), 'PX', String(1 + Math.floor(rnd() * 50))),
      () => h.run('APPEND', pick(keys), val()),
      () => h.run('SETRANGE', pick(keys), String(Math.floor(rnd() * 30)), val()),
      () => h.run('INCR', pick(keys)),
      () => h.run('DEL', pick(keys), pick(keys)),
      () => h.run('GETDEL', pick(keys)),
      () => h.run('HSET', pick(keys), `f${Math.floor(rnd() * 30)}`, val(), `g${Math.floor(rnd() * 30)}`, val()),
      () => h.run('HDEL', pick(keys), `f${Math.floor(rnd() * 30)}`),
      () => h.run('SADD', pick(keys), String(Math.floor(rnd() * 40)), `m${Math.floor(rnd() * 40)}`),
      () => h.run('SREM', pick(keys), `m${Math.floor(rnd() * 40)}`),
      () => h.run('SPOP', pick(keys)),
      () => h.run('RPUSH', pick(keys), val(), val(), val()),
      () => h.run('LPOP', pick(keys), '2'),
      () => h.run('LSET', pick(keys), '0', val()),
      () => h.run('ZADD', pick(keys), String(rnd() * 100), `z${Math.floor(rnd() * 200)}`),
      () => h.run('ZREM', pick(keys), `z${Math.floor(rnd() * 200)}`),
      () => h.run('XADD', pick(keys), '*', 'f', val()),
      () => h.run('EXPIRE', pick(keys), '1000'),
      () => h.run('PERSIST', pick(keys)),
      () => h.run('RENAME', pick(keys), pick(keys)),
      () => h.run('COPY', pick(keys), pick(keys), 'REPLACE'),
      () => h.run('MOVE', pick(keys), '1'),
      () => h.run('SWAPDB', '0', '1'),
      () => h.run('GET', pick(keys)),
      () => h.advance(Math.floor(rnd() * 5)),
      () => h.run('FLUSHDB'),
    ];
    const weights = ops.map((_, i) => (i === ops.length - 1 ? 0.2 : 1));
    const total = weights.reduce((a, b) => a + b, 0);
    for (let step = 0; step < 6000; step++) {
      let r = rnd() * total;
      let i = 0;
      while (r >= weights[i]) r -= weights[i++];
      // A big ZSET now and then, to cross the member-index threshold.
      if (step % 500 === 0) {
        const argv = ['ZADD', pick(keys)];
        for (let m = 0; m < 150; m++) argv.push(String(m), `big${m}`);
        h.run(...argv);
      }
      ops[i]();
      if (step % 50 === 0) expect(ev.dataset).toBe(ev.fullEstimate());
    }
    expect(ev.dataset).toBe(ev.fullEstimate());
    expect(ev.dataset).toBeGreaterThan(0);
    h.run('FLUSHALL');
    expect(ev.dataset).toBe(0);
  });
});

/** n string keys of equal size, written (and so accessed) one ms apart. */
function fill(h: H, n: number, prefix = 'k', ttl?: (i: number) => number): void {
  for (let i = 0; i < n; i++) {
    if (ttl) h.run('SET', `${prefix}${i}`, 'x'.repeat(50), 'PX', String(ttl(i)));
    else h.run('SET', `${prefix}${i}`, 'x'.repeat(50));
    h.advance(1);
  }
}

describe('eviction policies', () => {
  it('allkeys-lru evicts the least recently used keys, keeping those just read', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    ok(h, 'CONFIG', 'SET', 'maxmemory-samples', '10');
    fill(h, 200);
    h.advance(10_000);
    const hot = Array.from({ length: 40 }, (_, i) => `k${i * 5}`);
    for (const k of hot) {
      h.run('GET', k);
      h.advance(1);
    }
    const per = evictorOf(h.engine).fullEstimate() / 200;
    limitBelow(h, Math.floor(per * 100));
    const left = new Set(keysOf(h));
    expect(left.size).toBeLessThanOrEqual(100);
    expect(left.size).toBeGreaterThan(80);
    for (const k of hot) expect(left.has(k)).toBe(true);
    expect(h.engine.stats.evictedKeys).toBe(200 - left.size);
    const ev = evictorOf(h.engine);
    expect(ev.used()).toBeLessThanOrEqual(ev.maxmemory);
  });

  it('allkeys-lru with samples covering the keyspace evicts in exact LRU order', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    ok(h, 'CONFIG', 'SET', 'maxmemory-samples', '100');
    fill(h, 10);
    // Access order now: k9 (oldest) ... then k0..k8 read after it, except k3.
    for (const i of [0, 1, 2, 4, 5, 6, 7, 8]) {
      h.advance(10);
      h.run('GET', `k${i}`);
    }
    h.reset();
    limitBelow(h, 1);
    expect(keysOf(h)).not.toContain('k3');
    expect(h.db().size).toBe(9);
    expect(h.events).toContain('e evicted 0 k3');
  });

  it('allkeys-lfu evicts rarely used keys and keeps frequently read ones', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    ok(h, 'CONFIG', 'SET', 'maxmemory-samples', '10');
    fill(h, 100);
    const hot = Array.from({ length: 20 }, (_, i) => `k${i * 5}`);
    for (let round = 0; round < 20; round++) for (const k of hot) h.run('GET', k);
    for (const k of hot) expect(Number(h.run('OBJECT', 'FREQ', k).slice(1))).toBeGreaterThan(5);
    expect(h.run('OBJECT', 'FREQ', 'k1')).toBe(':5\r\n');
    const per = evictorOf(h.engine).fullEstimate() / 100;
    limitBelow(h, Math.floor(per * 50));
    const left = new Set(keysOf(h));
    expect(left.size).toBeLessThanOrEqual(50);
    for (const k of hot) expect(left.has(k)).toBe(true);
  });

  it('volatile-lru never evicts keys without a TTL, then refuses writes', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru');
    fill(h, 50, 'p'); // persistent, and older than every volatile key
    fill(h, 50, 'v', () => 1_000_000);
    const vsize = estimateEntry('v1', h.entry('v1')!);
    limitBelow(h, vsize * 30);
    const left = keysOf(h);
    expect(left.filter((k) => k.startsWith('p')).length).toBe(50);
    expect(left.filter((k) => k.startsWith('v')).length).toBe(20);
    // Below what the persistent keys alone need: every volatile key goes, then OOM.
    limitBelow(h, Math.floor((evictorOf(h.engine).fullEstimate() * 2) / 3));
    expect(keysOf(h).filter((k) => k.startsWith('v'))).toEqual([]);
    expect(h.db().size).toBe(50);
    expect(h.run('SET', 'new', 'x')).toBe(OOM);
    expect(h.run('GET', 'p1')).toBe('$50\r\n' + 'x'.repeat(50) + '\r\n');
  });

  it('volatile-ttl evicts the nearest expiry first', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl');
    ok(h, 'CONFIG', 'SET', 'maxmemory-samples', '20');
    const ttls = [5000, 900, 70000, 3000, 100, 40000, 800, 12000, 60000, 2000];
    for (let i = 0; i < ttls.length; i++) h.run('SET', `t${i}`, 'x'.repeat(50), 'PX', String(ttls[i]));
    h.run('SET', 'forever', 'x'.repeat(50));
    const per = evictorOf(h.engine).fullEstimate() / 11;
    limitBelow(h, Math.floor(per * 3.5));
    // The four nearest expiries: 100, 800, 900, 2000.
    expect(keysOf(h)).toEqual(['forever', 't0', 't2', 't3', 't5', 't7', 't8']);
  });

  it('volatile-ttl with few samples still prefers near expiries (pool of 16)', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl');
    const rnd = seededRandom(3);
    const ttl = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const t = 1000 + Math.floor(rnd() * 1_000_000);
      ttl.set(`t${i}`, t);
      h.run('SET', `t${i}`, 'x'.repeat(50), 'PX', String(t));
    }
    limitBelow(h, Math.floor((evictorOf(h.engine).fullEstimate() / 300) * 150));
    const left = keysOf(h);
    const gone = [...ttl.keys()].filter((k) => !left.includes(k));
    const avg = (ks: string[]) => ks.reduce((a, k) => a + ttl.get(k)!, 0) / ks.length;
    expect(gone.length).toBeGreaterThanOrEqual(150);
    expect(avg(gone)).toBeLessThan(avg(left) * 0.6);
  });

  it('volatile-random evicts only volatile keys; allkeys-random gets under the limit', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'volatile-random');
    fill(h, 30, 'p');
    fill(h, 30, 'v', () => 1_000_000);
    limitBelow(h, estimateEntry('v1', h.entry('v1')!) * 20);
    const left = keysOf(h);
    expect(left.filter((k) => k.startsWith('p')).length).toBe(30);
    expect(left.length).toBe(40);
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random');
    limitBelow(h, Math.floor((evictorOf(h.engine).fullEstimate() / left.length) * 20));
    expect(h.db().size).toBeLessThanOrEqual(20);
    const ev = evictorOf(h.engine);
    expect(ev.used()).toBeLessThanOrEqual(ev.maxmemory);
  });

  it('samples every database into one pool: the globally oldest keys go', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    ok(h, 'CONFIG', 'SET', 'maxmemory-samples', '20');
    h.run('SELECT', '3');
    fill(h, 20, 'a'); // older, in db 3
    h.run('SELECT', '0');
    fill(h, 20, 'b');
    limitBelow(h, Math.floor((evictorOf(h.engine).fullEstimate() / 40) * 20));
    expect(h.db(0).size + h.db(3).size).toBeLessThanOrEqual(20);
    expect(h.db(3).size).toBeLessThanOrEqual(3);
    expect(h.db(0).size).toBeGreaterThanOrEqual(17);
  });
});

describe('what an eviction does', () => {
  it('counts evicted_keys, fires the evicted event, propagates DEL, touches WATCH', () => {
    const h = harness();
    const other = h.other();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    ok(h, 'CONFIG', 'SET', 'maxmemory-samples', '50');
    fill(h, 5);
    expect(other.run('WATCH', 'k0')).toBe('+OK\r\n');
    h.reset();
    limitBelow(h, 1);
    expect(h.entry('k0')).toBe(undefined);
    expect(h.events).toEqual(['e evicted 0 k0']);
    expect(h.props).toEqual([['DEL', 'k0']]);
    expect(h.engine.stats.evictedKeys).toBe(1);
    expect(h.run('INFO', 'stats')).toContain('evicted_keys:1\r\n');
    other.run('MULTI');
    other.run('SET', 'x', '1');
    expect(other.run('EXEC')).toBe('*-1\r\n');
  });

  it('DELs of evictions are propagated on their own, not inside the command that caused them', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    ok(h, 'CONFIG', 'SET', 'maxmemory-samples', '50');
    fill(h, 5);
    const limit = evictorOf(h.engine).fullEstimate();
    ok(h, 'CONFIG', 'SET', 'maxmemory', String(limit));
    h.reset();
    h.run('MULTI');
    h.run('SET', 'n1', 'x'.repeat(50));
    h.run('SET', 'n2', 'x'.repeat(50));
    h.run('EXEC');
    expect(h.props).toEqual([['MULTI'], ['SET', 'n1', 'x'.repeat(50)], ['SET', 'n2', 'x'.repeat(50)], ['EXEC']]);
    h.reset();
    h.run('SET', 'n3', 'x'.repeat(50));
    // The write before went over; this command's check evicts first (the two oldest), then it runs.
    expect(h.props).toEqual([['DEL', 'k0'], ['DEL', 'k1'], ['SET', 'n3', 'x'.repeat(50)]]);
  });

  it('INFO shows maxmemory, the policy and the dataset estimate', () => {
    const h = harness();
    fill(h, 10);
    ok(h, 'CONFIG', 'SET', 'maxmemory', '123456789');
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    const info = h.run('INFO', 'memory');
    expect(info).toContain('maxmemory:123456789\r\n');
    expect(info).toContain('maxmemory_human:117.74M\r\n');
    expect(info).toContain('maxmemory_policy:allkeys-lfu\r\n');
    expect(info).toContain(`used_memory_dataset:${evictorOf(h.engine).dataset}\r\n`);
  });

  it('with tenacity 0 a command evicts a bounded batch and a timer finishes the job', async () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random');
    ok(h, 'CONFIG', 'SET', 'maxmemory-eviction-tenacity', '0');
    fill(h, 500);
    limitBelow(h, Math.floor((evictorOf(h.engine).fullEstimate() / 500) * 400));
    expect(h.engine.stats.evictedKeys).toBe(16);
    // Not OOM while the timer is working: writes are accepted.
    expect(h.run('SET', 'w', 'x')).toBe('+OK\r\n');
    for (let i = 0; i < 200 && evictorOf(h.engine).used() > evictorOf(h.engine).maxmemory; i++) {
      await new Promise((r) => setImmediate(r));
    }
    const ev = evictorOf(h.engine);
    expect(ev.used()).toBeLessThanOrEqual(ev.maxmemory);
    expect(h.engine.stats.evictedKeys).toBeGreaterThanOrEqual(100);
  });
});

describe('noeviction and OOM (processCommand rules)', () => {
  const full = () => {
    const h = harness();
    fill(h, 10);
    limitBelow(h, 1);
    return h;
  };

  it('refuses denyoom commands with the exact text, allows reads and deletes', () => {
    const h = full();
    expect(h.db().size).toBe(10);
    expect(h.run('SET', 'k0', 'y')).toBe(OOM);
    expect(h.run('RPUSH', 'l', 'a')).toBe(OOM);
    expect(h.run('GET', 'k0')).toBe('$50\r\n' + 'x'.repeat(50) + '\r\n');
    expect(h.run('EXPIRE', 'k0', '100')).toBe(':1\r\n'); // write but not denyoom
    expect(h.run('DEL', 'k1')).toBe(':1\r\n');
    expect(h.run('INFO', 'stats')).toContain('evicted_keys:0\r\n');
    expect(h.run('INFO', 'errorstats')).toContain('errorstat_OOM:count=2\r\n');
    // Freed enough: writes work again.
    expect(h.run('SET', 'k1', 'y')).toBe('+OK\r\n');
  });

  it('the OOM check comes before the subscriber-context check (RESP2)', () => {
    const h = full();
    const sub = h.other();
    sub.run('SUBSCRIBE', 'ch');
    expect(sub.run('SET', 'a', 'b')).toBe(OOM);
    expect(sub.run('GET', 'a')).toBe(
      "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
  });

  it('inside MULTI everything but EXEC/DISCARD is refused; EXEC then aborts', () => {
    const h = full();
    expect(h.run('MULTI')).toBe('+OK\r\n');
    expect(h.run('GET', 'k0')).toBe(OOM);
    expect(h.run('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    expect(h.run('MULTI')).toBe('+OK\r\n');
    expect(h.run('PING')).toBe(OOM);
    expect(h.run('DISCARD')).toBe('+OK\r\n');
  });

  it('EXEC is refused when the transaction queued a denyoom command and memory went over since', () => {
    const h = harness();
    fill(h, 10);
    const other = h.other();
    expect(other.run('MULTI')).toBe('+OK\r\n');
    expect(other.run('SET', 'a', '1')).toBe('+QUEUED\r\n');
    limitBelow(h, 1);
    expect(other.run('EXEC')).toBe("-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n");
    expect(other.run('GET', 'a')).toBe('$-1\r\n');
    // MULTI itself is not denyoom; DISCARD is never refused.
    expect(other.run('MULTI')).toBe('+OK\r\n');
    expect(other.run('DISCARD')).toBe('+OK\r\n');
  });

  it('a transaction of reads queued before going over still executes', () => {
    const h = harness();
    fill(h, 10);
    const other = h.other();
    other.run('MULTI');
    other.run('GET', 'k0');
    limitBelow(h, 1);
    expect(other.run('EXEC')).toBe('*1\r\n$50\r\n' + 'x'.repeat(50) + '\r\n');
  });
});

describe('LFU counter', () => {
  it('grows logarithmically with accesses and decays by lfu-decay-time minutes', () => {
    const h = harness();
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    h.run('SET', 'k', 'v');
    expect(h.run('OBJECT', 'FREQ', 'k')).toBe(':5\r\n');
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    expect(h.engine.keyspace.lfu).toBe(null);
    h.run('GET', 'k'); // not counted: the policy is not LFU
    ok(h, 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    expect(h.run('OBJECT', 'FREQ', 'k')).toBe(':5\r\n');
    h.run('GET', 'k');
    expect(h.run('OBJECT', 'FREQ', 'k')).toBe(':6\r\n'); // from LFU_INIT_VAL the first access always counts
    for (let i = 0; i < 1000; i++) h.run('GET', 'k');
    const f = Number(h.run('OBJECT', 'FREQ', 'k').slice(1));
    // With lfu-log-factor 10, ~1000 hits give a counter around 10 (Redis's table: 100 hits → 10ish, 1K → 18ish).
    expect(f).toBeGreaterThan(8);
    expect(f).toBeLessThan(25);
    h.advance(3 * 60_000);
    expect(h.run('OBJECT', 'FREQ', 'k')).toBe(`:${f - 3}\r\n`);
    ok(h, 'CONFIG', 'SET', 'lfu-decay-time', '0');
    expect(h.run('OBJECT', 'FREQ', 'k')).toBe(`:${f}\r\n`);
    // An overwrite keeps the counter (dbSetValue).
    h.run('SET', 'k', 'w');
    expect(Number(h.run('OBJECT', 'FREQ', 'k').slice(1))).toBeGreaterThanOrEqual(f);
  });
});
