/**
 * SCAN over TCP: full iterations, MATCH / COUNT / TYPE, and the cursor guarantee — every key
 * present for the whole scan is returned, however many keys are added and deleted in between
 * (including deletions large enough to compact the keyspace's slot table).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seededRandom } from '../../server/lib/random.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  t.server.engine.keyspace.flushAll();
});

async function fill(r: Redis, prefix: string, n: number): Promise<void> {
  const p = r.pipeline();
  for (let i = 0; i < n; i++) p.set(`${prefix}${i}`, '1');
  await p.exec();
}

async function scanAll(r: Redis, ...opts: (string | number)[]): Promise<{ keys: string[]; calls: number }> {
  let cursor = '0';
  const keys: string[] = [];
  let calls = 0;
  do {
    const [next, batch] = (await r.call('SCAN', cursor, ...opts)) as [string, string[]];
    keys.push(...batch);
    cursor = next;
    calls++;
  } while (cursor !== '0');
  return { keys, calls };
}

describe('SCAN', () => {
  it('iterates every key exactly once when nothing changes', async () => {
    const r = t.client();
    await fill(r, 'k:', 1000);
    const { keys, calls } = await scanAll(r, 'COUNT', 37);
    expect(keys).toHaveLength(1000);
    expect(new Set(keys).size).toBe(1000);
    expect(calls).toBeGreaterThan(20); // COUNT is honoured: many steps, not one
  });

  it('MATCH and TYPE filter; COUNT bounds the work per call', async () => {
    const r = t.client();
    await fill(r, 'str:', 50);
    const p = r.pipeline();
    for (let i = 0; i < 30; i++) p.rpush(`list:${i}`, 'x');
    for (let i = 0; i < 20; i++) p.hset(`hash:${i}`, 'f', 'v');
    await p.exec();
    expect((await scanAll(r, 'MATCH', 'list:*', 'COUNT', 7)).keys.sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `list:${i}`).sort(),
    );
    expect((await scanAll(r, 'TYPE', 'hash')).keys).toHaveLength(20);
    expect((await scanAll(r, 'TYPE', 'string', 'MATCH', 'str:1*')).keys.sort()).toEqual(
      ['str:1', ...Array.from({ length: 10 }, (_, i) => `str:1${i}`)].sort(),
    );
    expect((await scanAll(r, 'TYPE', 'zset')).keys).toEqual([]);
    // One call examines COUNT slots: a MATCH that filters everything can return an empty page.
    const [cursor, page] = await r.scan('0', 'MATCH', 'nothing*', 'COUNT', 10);
    expect(page).toEqual([]);
    expect(cursor).not.toBe('0');
  });

  it('never misses a key present for the whole scan while keys are added and deleted', async () => {
    const r = t.client();
    const rand = seededRandom(7);
    const map = t.server.engine.keyspace.dbs[0].main;
    await fill(r, 'stable:', 400);
    await fill(r, 'temp:', 8000);
    let tempLeft = Array.from({ length: 8000 }, (_, i) => `temp:${i}`);
    const genBefore = map.generation;
    let added = 0;
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, batch] = await r.scan(cursor, 'COUNT', 40);
      for (const k of batch) seen.add(k);
      cursor = next;
      calls++;
      // Between calls: add fresh keys, delete a random share of the temporary ones (by the end
      // nearly all, which shrinks the keyspace enough to compact its slot table), and delete
      // some of the fresh ones again.
      const p = r.pipeline();
      for (let i = 0; i < 15; i++) p.set(`new:${added++}`, '1');
      const drop = Math.min(tempLeft.length, 300);
      for (let i = 0; i < drop; i++) {
        const j = Math.floor(rand() * tempLeft.length);
        p.del(tempLeft[j]);
        tempLeft[j] = tempLeft[tempLeft.length - 1];
        tempLeft.pop();
      }
      for (let i = 0; i < 5; i++) p.del(`new:${Math.floor(rand() * added)}`);
      await p.exec();
    } while (cursor !== '0');
    expect(calls).toBeGreaterThan(30);
    expect(tempLeft.length).toBe(0);
    expect(map.generation).not.toBe(genBefore); // the slot table was compacted during the scan
    for (let i = 0; i < 400; i++) {
      if (!seen.has(`stable:${i}`)) throw new Error(`stable:${i} was never returned`);
    }
    tempLeft = [];
  });

  it('never returns an expired key', async () => {
    const r = t.client();
    const db = t.server.engine.keyspace.dbs[0];
    await r.set('live', '1');
    await r.set('dying', '1', 'PX', 1);
    // Expired by now, whether or not the active cycle already reclaimed it.
    await new Promise((res) => setTimeout(res, 5));
    const { keys } = await scanAll(r);
    expect(keys).toEqual(['live']);
    expect(db.main.has('dying')).toBe(false);
  });
});
