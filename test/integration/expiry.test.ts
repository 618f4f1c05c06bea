/**
 * Expiry end to end: the active cycle reclaims keys nobody touches, lazy expiry reclaims on
 * access, expired keys are invisible everywhere, WATCH sees an expiry as a change, and TTL
 * commands answer on a controlled clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type TestServer } from '../helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

describe('active expiry (real clock)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reclaims 1000 short-lived keys that are never accessed again', async () => {
    const r = t.client();
    const db = t.server.engine.keyspace.dbs[0];
    const expiredBefore = t.server.engine.stats.expiredKeys;
    const p = r.pipeline();
    for (let i = 0; i < 1000; i++) p.set(`short:${i}`, 'x'.repeat(100), 'PX', 50);
    await p.set('keeper', 'v').exec();
    expect(db.size).toBe(1001);
    expect(db.expires.size).toBe(1000);
    // No command touches the keys from here on: only the cron's cycle can remove them.
    expect(await waitFor(() => db.size === 1, 3000)).toBe(true);
    expect(db.expires.size).toBe(0);
    expect(db.main.has('keeper')).toBe(true);
    expect(t.server.engine.stats.expiredKeys - expiredBefore).toBe(1000);
  });
});

describe('on a controlled clock', () => {
  let t: TestServer;
  let now = 1_700_000_000_000;
  beforeAll(async () => {
    t = await startTestServer({ clock: { now: () => now } });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs `fn` with the active expire cycle switched off for db 0, to observe lazy expiry alone. */
  async function withoutActiveExpiry(fn: () => Promise<void>): Promise<void> {
    const db = t.server.engine.keyspace.dbs[0];
    const step = db.activeExpireStep;
    db.activeExpireStep = () => [0, 0];
    try {
      await fn();
    } finally {
      db.activeExpireStep = step;
    }
  }

  it('lazy expiry: an expired key is reclaimed when accessed, and invisible before', async () => {
    const r = t.client();
    const db = t.server.engine.keyspace.dbs[0];
    await r.flushall();
    await withoutActiveExpiry(async () => {
      await r.set('lazy', 'v', 'PX', 100);
      await r.set('lazy2', 'v', 'PX', 100);
      await r.set('other', 'v');
      now += 101;
      expect(db.main.has('lazy')).toBe(true); // logically expired, still stored
      expect(await r.dbsize()).toBe(3); // Redis counts keys not yet reclaimed
      expect(await r.keys('*')).toEqual(['other']); // KEYS hides them without reclaiming
      expect(await r.dbsize()).toBe(3);
      const expired = t.server.engine.stats.expiredKeys;
      expect(await r.get('lazy')).toBe(null);
      expect(db.main.has('lazy')).toBe(false);
      expect(t.server.engine.stats.expiredKeys - expired).toBe(1);
      expect(await r.exists('lazy2')).toBe(0); // EXISTS reclaims too
      expect(await r.dbsize()).toBe(1);
    });
  });

  it('TTL, PTTL, EXPIRETIME, PEXPIRETIME follow the clock', async () => {
    const r = t.client();
    await r.flushall();
    await r.set('k', 'v');
    expect(await r.expire('k', 100)).toBe(1);
    expect(await r.ttl('k')).toBe(100);
    expect(await r.pttl('k')).toBe(100000);
    expect(await r.call('EXPIRETIME', 'k')).toBe(Math.round((now + 100000) / 1000));
    expect(await r.call('PEXPIRETIME', 'k')).toBe(now + 100000);
    now += 40_400;
    expect(await r.ttl('k')).toBe(60);
    expect(await r.pttl('k')).toBe(59600);
    now += 59_600;
    expect(await r.pttl('k')).toBe(0); // alive through its last millisecond
    now += 1;
    expect(await r.pttl('k')).toBe(-2);
    expect(await r.ttl('k')).toBe(-2);
  });

  it('expired keys are invisible to EXISTS, TYPE, RANDOMKEY, SCAN, COPY, RENAME, MOVE', async () => {
    const r = t.client();
    await r.flushall();
    await withoutActiveExpiry(async () => {
      const setup = async () => {
        await r.set('gone', 'v', 'PX', 10);
        now += 11;
      };
      await setup();
      expect(await r.exists('gone')).toBe(0);
      await setup();
      expect(await r.type('gone')).toBe('none');
      await setup();
      expect(await r.randomkey()).toBe(null);
      await setup();
      expect(await r.scan('0')).toEqual(['0', []]);
      await setup();
      expect(await r.copy('gone', 'copy')).toBe(0);
      await setup();
      await expect(r.rename('gone', 'x')).rejects.toThrow('ERR no such key');
      await setup();
      expect(await r.move('gone', 1)).toBe(0);
      await setup();
      expect(await r.object('ENCODING', 'gone')).toBe(null);
      await setup();
      expect(await r.persist('gone')).toBe(0);
      await setup();
      expect(await r.expire('gone', 100)).toBe(0);
      expect(await r.dbsize()).toBe(0);
    });
  });

  it('EXPIRE in the past deletes at once', async () => {
    const r = t.client();
    await r.set('k', 'v');
    expect(await r.pexpireat('k', now)).toBe(1);
    expect(await r.exists('k')).toBe(0);
    await r.set('k', 'v');
    expect(await r.expire('k', -10)).toBe(1);
    expect(await r.exists('k')).toBe(0);
  });
});

describe('WATCH and expiry', () => {
  let t: TestServer;
  let now = 1_700_000_000_000;
  beforeAll(async () => {
    t = await startTestServer({ clock: { now: () => now } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a watched key that expires before EXEC aborts it (reclaimed or not)', async () => {
    const c = await t.raw();
    const other = t.client();
    const db = t.server.engine.keyspace.dbs[0];
    const step = db.activeExpireStep;
    db.activeExpireStep = () => [0, 0];
    try {
      // Not reclaimed: EXEC sees the key as logically expired.
      await other.set('w', 'v', 'PX', 100);
      c.write(resp('WATCH', 'w'));
      expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
      now += 101;
      expect(db.main.has('w')).toBe(true);
      c.write(resp('MULTI'));
      c.write(resp('SET', 'x', '1'));
      c.write(resp('EXEC'));
      let want = '+OK\r\n+QUEUED\r\n*-1\r\n';
      expect(await c.expect(want)).toBe(want);
      expect(await other.exists('x')).toBe(0);

      // Reclaimed by another client's read before EXEC.
      await other.set('w', 'v', 'PX', 100);
      c.write(resp('WATCH', 'w'));
      expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
      now += 101;
      expect(await other.get('w')).toBe(null);
      c.write(resp('MULTI'));
      c.write(resp('SET', 'x', '1'));
      c.write(resp('EXEC'));
      want = '+OK\r\n+QUEUED\r\n*-1\r\n';
      expect(await c.expect(want)).toBe(want);
    } finally {
      db.activeExpireStep = step;
    }
  });

  it('a key already expired when watched is no change when reclaimed later', async () => {
    const c = await t.raw();
    const other = t.client();
    const db = t.server.engine.keyspace.dbs[0];
    const step = db.activeExpireStep;
    db.activeExpireStep = () => [0, 0];
    try {
      await other.set('w2', 'v', 'PX', 10);
      now += 11;
      c.write(resp('WATCH', 'w2'));
      expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
      expect(await other.get('w2')).toBe(null); // reclaims it
      c.write(resp('MULTI'));
      c.write(resp('SET', 'y', '1'));
      c.write(resp('EXEC'));
      const want = '+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n';
      expect(await c.expect(want)).toBe(want);
    } finally {
      db.activeExpireStep = step;
    }
  });

  it('with the real cron running, EXEC after the TTL passed returns a null array', async () => {
    const c = await t.raw();
    const other = t.client();
    await other.set('w3', 'v', 'PX', 50);
    c.write(resp('WATCH', 'w3'));
    expect(await c.expect('+OK\r\n')).toBe('+OK\r\n');
    now += 51;
    await sleep(250); // at least two cron periods at hz 10
    c.write(resp('MULTI'));
    c.write(resp('EXEC'));
    const want = '+OK\r\n*-1\r\n';
    expect(await c.expect(want)).toBe(want);
  });
});
