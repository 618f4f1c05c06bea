/**
 * maxmemory on the real server with ioredis: CONFIG SET maxmemory and a policy, fill, keys get
 * evicted (INFO evicted_keys, the 'evicted' keyspace event), the timer that finishes a large
 * eviction, and noeviction's exact OOM error with reads still served.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { Redis } from 'ioredis';

const OOM = "OOM command not allowed when used memory > 'maxmemory'.";

let t: TestServer;
let r: Redis;

beforeAll(async () => {
  t = await startTestServer();
  r = t.client();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await r.config('SET', 'maxmemory', '0');
  await r.config('SET', 'maxmemory-policy', 'noeviction');
  await r.config('SET', 'notify-keyspace-events', '');
  await r.flushall();
  await r.config('RESETSTAT');
});

function infoField(info: string, name: string): string {
  const m = new RegExp(`^${name}:(.*)\\r$`, 'm').exec(info);
  if (m === null) throw new Error(`no ${name} in INFO`);
  return m[1];
}

async function fill(n: number, prefix = 'key:', size = 200): Promise<void> {
  const p = r.pipeline();
  for (let i = 0; i < n; i++) p.set(`${prefix}${i}`, 'x'.repeat(size));
  await p.exec();
}

async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((res) => setTimeout(res, 10));
  }
}

describe('eviction', () => {
  it('allkeys-lru keeps memory under maxmemory, counts evicted_keys, publishes evicted events', async () => {
    const sub = t.client();
    const evicted: string[] = [];
    sub.on('message', (channel: string, key: string) => {
      if (channel === '__keyevent@0__:evicted') evicted.push(key);
    });
    await sub.subscribe('__keyevent@0__:evicted');
    await r.config('SET', 'notify-keyspace-events', 'Ee');
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await r.config('SET', 'maxmemory', '200kb');
    expect(await r.config('GET', 'maxmemory')).toEqual(['maxmemory', '204800']);
    await fill(3000);
    const size = await r.dbsize();
    expect(size).toBeGreaterThan(100);
    expect(size).toBeLessThan(3000);
    const stats = await r.info('stats');
    const count = Number(infoField(stats, 'evicted_keys'));
    expect(count).toBe(3000 - size);
    const mem = await r.info('memory');
    expect(infoField(mem, 'maxmemory')).toBe('204800');
    expect(infoField(mem, 'maxmemory_human')).toBe('200.00K');
    expect(infoField(mem, 'maxmemory_policy')).toBe('allkeys-lru');
    expect(Number(infoField(mem, 'used_memory_dataset'))).toBeLessThanOrEqual(204800);
    // The most recent writes survive; the first ones were evicted.
    expect(await r.exists('key:2999')).toBe(1);
    expect(await r.exists('key:0')).toBe(0);
    await until(async () => evicted.length === count);
    expect(evicted).toContain('key:0');
    expect(new Set(evicted).size).toBe(count);
  });

  it('a large eviction started by CONFIG SET maxmemory is finished by the timer', async () => {
    await r.config('SET', 'maxmemory-policy', 'allkeys-random');
    await r.config('SET', 'maxmemory-eviction-tenacity', '0');
    try {
      await fill(5000);
      await r.config('SET', 'maxmemory', '100kb');
      await until(async () => Number(infoField(await r.info('memory'), 'used_memory_dataset')) <= 102400);
      const size = await r.dbsize();
      expect(size).toBeLessThan(5000);
      expect(Number(infoField(await r.info('stats'), 'evicted_keys'))).toBe(5000 - size);
    } finally {
      await r.config('SET', 'maxmemory-eviction-tenacity', '10');
    }
  });

  it('volatile-ttl evicts only keys with a TTL', async () => {
    await fill(200, 'keep:', 100);
    const p = r.pipeline();
    for (let i = 0; i < 300; i++) p.set(`tmp:${i}`, 'x'.repeat(100), 'EX', 1000 + i);
    await p.exec();
    await r.config('SET', 'maxmemory-policy', 'volatile-ttl');
    await r.config('SET', 'maxmemory', '1gb'); // the estimate is kept (and shown) while maxmemory is set
    const before = Number(infoField(await r.info('memory'), 'used_memory_dataset'));
    await r.config('SET', 'maxmemory', String(Math.floor(before * 0.7)));
    expect((await r.keys('keep:*')).length).toBe(200);
    const left = await r.keys('tmp:*');
    expect(left.length).toBeLessThan(300);
    // Nearest expiries first: the lowest-numbered tmp keys went.
    expect(await r.exists('tmp:0')).toBe(0);
    expect(await r.exists('tmp:299')).toBe(1);
  });

  it('noeviction refuses writes with the exact error and still serves reads and deletes', async () => {
    await fill(100);
    await r.config('SET', 'maxmemory', '1gb');
    const before = Number(infoField(await r.info('memory'), 'used_memory_dataset'));
    await r.config('SET', 'maxmemory', String(before - 1));
    await expect(r.set('one-more', 'x'.repeat(200))).rejects.toThrow(OOM);
    await expect(r.lpush('list', 'a')).rejects.toThrow(OOM);
    expect(await r.get('key:1')).toBe('x'.repeat(200));
    expect(await r.dbsize()).toBe(100);
    // Still over: the next write is refused too, with nothing evicted.
    await expect(r.set('one-more', 'y')).rejects.toThrow(OOM);
    expect(infoField(await r.info('stats'), 'evicted_keys')).toBe('0');
    expect(infoField(await r.info('errorstats'), 'errorstat_OOM')).toBe('count=3');
    // Deleting makes room again.
    expect(await r.del('key:1', 'key:2')).toBe(2);
    expect(await r.set('one-more', 'y')).toBe('OK');
    // Raw bytes of the error.
    const raw = await t.raw();
    await r.config('SET', 'maxmemory', '1');
    raw.write('*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n');
    await raw.expect(`-${OOM}\r\n`);
  });
});
