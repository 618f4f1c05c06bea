/**
 * Cross-transport pub/sub: pattern subscribers over WebSocket and over RESP see the same messages
 * in the same order, whichever transport (RESP, WebSocket, HTTP) published them; keyspace and
 * keyevent notifications reach WebSocket pattern subscribers.
 */
import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { resp } from '../helpers/server.ts';
import { serverSuite } from '../helpers/suite.ts';
import { WsJson, metric, sleep } from '../helpers/ws-json.ts';

type PMsg = [pattern: string, channel: string, payload: string];

describe('pub/sub across transports', () => {
  const suite = serverSuite({ 'http-port': '-1' }, (t) => WsJson.open(t.httpPort));
  const openWs = suite.open;
  const http = async (cmd: string[]) => {
    const r = await fetch(`http://127.0.0.1:${suite.t.httpPort}/v1/cmd`, { method: 'POST', body: JSON.stringify({ cmd }) });
    return (await r.json()) as { ok?: unknown; err?: string };
  };

  /** A RESP pattern subscriber collecting pmessages. */
  async function respPsub(pattern: string): Promise<{ r: Redis; got: PMsg[] }> {
    const r = suite.t.client();
    const got: PMsg[] = [];
    r.on('pmessage', (p: string, ch: string, m: string) => got.push([p, ch, m]));
    await r.psubscribe(pattern);
    return { r, got };
  }

  /** Reads `n` pmessage pushes from a WebSocket subscriber (nothing else may arrive meanwhile). */
  async function wsPmessages(c: WsJson, n: number): Promise<PMsg[]> {
    const out: PMsg[] = [];
    while (out.length < n) {
      const f = await c.next();
      expect(f.id).toBeUndefined();
      expect(f.push[0]).toBe('pmessage');
      out.push(f.push.slice(1) as PMsg);
    }
    return out;
  }

  async function until(cond: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error('timeout waiting for ' + what);
      await sleep(2);
    }
  }

  it('PSUBSCRIBE over WebSocket and over RESP: same messages, same order, from publishers on RESP, WebSocket and HTTP', async () => {
    const ws = await openWs();
    expect((await ws.call('PSUBSCRIBE', 'room:*')).ok).toEqual([['psubscribe', 'room:*', 1]]);
    const rs = await respPsub('room:*');
    const wsPub = await openWs();
    const rPub = suite.t.client();

    // Awaited one after the other, alternating transports: this order is the order of delivery.
    const expected: PMsg[] = [];
    for (let i = 0; i < 30; i++) {
      const ch = 'room:' + (i % 3);
      const msg = `m${i}`;
      let receivers: unknown;
      if (i % 3 === 0) receivers = await rPub.publish(ch, msg);
      else if (i % 3 === 1) receivers = (await wsPub.call('PUBLISH', ch, msg)).ok;
      else receivers = (await http(['PUBLISH', ch, msg])).ok;
      // Receivers counted across all transports: one WebSocket and one RESP subscriber.
      expect(receivers).toBe(2);
      expected.push(['room:*', ch, msg]);
    }
    // A channel the pattern does not match reaches nobody.
    expect(await rPub.publish('lobby', 'x')).toBe(0);
    expect(await wsPmessages(ws, 30)).toEqual(expected);
    await until(() => rs.got.length >= 30, 'RESP pmessages');
    expect(rs.got).toEqual(expected);

    // Concurrent publishers, not awaited: both subscribers still see one and the same order, and
    // each publisher's own messages keep their order.
    const N = 200;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      sends.push(rPub.publish('room:r', 'r' + i));
      wsPub.send('PUBLISH', 'room:w', 'w' + i);
    }
    await Promise.all(sends);
    const wsGot = await wsPmessages(ws, 2 * N);
    await until(() => rs.got.length >= 30 + 2 * N, 'RESP pmessages');
    const respGot = rs.got.slice(30);
    expect(respGot).toEqual(wsGot);
    const fromR = wsGot.filter((m) => m[1] === 'room:r').map((m) => m[2]);
    const fromW = wsGot.filter((m) => m[1] === 'room:w').map((m) => m[2]);
    expect(fromR).toEqual(Array.from({ length: N }, (_, i) => 'r' + i));
    expect(fromW).toEqual(Array.from({ length: N }, (_, i) => 'w' + i));
    // wsPub's PUBLISH answers (in order, each counting both subscribers).
    for (let i = 0; i < N; i++) expect((await wsPub.next()).ok).toBe(2);

    expect((await ws.call('PUNSUBSCRIBE', 'room:*')).ok).toEqual([['punsubscribe', 'room:*', 0]]);
    expect(await rPub.publish('room:0', 'after')).toBe(1);
    await rs.r.punsubscribe('room:*');
  });

  it('keyspace and keyevent notifications (notify-keyspace-events KEA) reach a WebSocket subscriber of __keyevent@0__:*', async () => {
    const w = suite.t.client();
    expect(await w.config('SET', 'notify-keyspace-events', 'KEA')).toBe('OK');
    const ws = await openWs();
    expect((await ws.call('PSUBSCRIBE', '__keyevent@0__:*')).ok).toEqual([['psubscribe', '__keyevent@0__:*', 1]]);
    const ks = await openWs();
    expect((await ks.call('PSUBSCRIBE', '__keyspace@0__:ev:*')).ok).toEqual([['psubscribe', '__keyspace@0__:ev:*', 1]]);
    const rs = await respPsub('__keyevent@0__:*');

    await w.set('ev:s', 'v');
    await w.lpush('ev:l', 'a', 'b');
    await w.zadd('ev:z', 1, 'm');
    await w.hset('ev:h', 'f', 'v');
    await w.xadd('ev:x', '1-1', 'f', 'v');
    await w.del('ev:s');
    await w.pexpire('ev:l', 20);
    // A write over the WebSocket gateway fires the same events.
    const writer = await openWs();
    expect((await writer.call('INCR', 'ev:n')).ok).toBe(1);
    await sleep(60);
    expect(await w.exists('ev:l')).toBe(0); // expired (lazily here, if the active cycle did not yet)

    const expected: [string, string][] = [
      ['set', 'ev:s'],
      ['lpush', 'ev:l'],
      ['zadd', 'ev:z'],
      ['hset', 'ev:h'],
      ['xadd', 'ev:x'],
      ['del', 'ev:s'],
      ['expire', 'ev:l'],
      ['incrby', 'ev:n'],
      ['expired', 'ev:l'],
    ];
    const got = await wsPmessages(ws, expected.length);
    expect(got).toEqual(expected.map(([ev, key]) => ['__keyevent@0__:*', '__keyevent@0__:' + ev, key]));
    const ksGot = await wsPmessages(ks, expected.length);
    expect(ksGot).toEqual(expected.map(([ev, key]) => ['__keyspace@0__:ev:*', '__keyspace@0__:' + key, ev]));
    await until(() => rs.got.length >= expected.length, 'RESP keyevents');
    expect(rs.got).toEqual(got);
    await sleep(20);
    expect(ws.pending).toBe(0);

    // Switched off: nothing more.
    expect(await w.config('SET', 'notify-keyspace-events', '')).toBe('OK');
    await w.set('ev:s', 'again');
    expect((await ws.call('PING')).ok).toBe('PONG');
    expect(ws.pending).toBe(0);
    await rs.r.punsubscribe();
  });

  it('exact channels: PUBSUB NUMSUB counts WebSocket and RESP subscribers; one topic publish per message for all WebSocket subscribers', async () => {
    const subs = await Promise.all([openWs(), openWs(), openWs()]);
    for (const c of subs) expect((await c.call('SUBSCRIBE', 'fan')).ok).toEqual([['subscribe', 'fan', 1]]);
    const r = await suite.t.client();
    const got: string[] = [];
    r.on('message', (_ch: string, m: string) => got.push(m));
    await r.subscribe('fan');
    const pub = suite.t.client();
    expect(await pub.call('PUBSUB', 'NUMSUB', 'fan')).toEqual(['fan', 4]);
    const metrics = async () => (await fetch(`http://127.0.0.1:${suite.t.httpPort}/metrics`)).text();
    const before = metric(await metrics(), 'podium_gateway_topic_publishes_total');
    for (let i = 0; i < 10; i++) expect(await pub.publish('fan', 'f' + i)).toBe(4);
    const after = metric(await metrics(), 'podium_gateway_topic_publishes_total');
    // Encoded and handed to uWS once per message, not once per WebSocket subscriber.
    expect(after - before).toBe(10);
    const want = Array.from({ length: 10 }, (_, i) => ['message', 'fan', 'f' + i]);
    for (const c of subs) {
      const frames = [];
      for (let i = 0; i < 10; i++) frames.push((await c.next()).push);
      expect(frames).toEqual(want);
    }
    await until(() => got.length === 10, 'RESP messages');
    expect(got).toEqual(want.map((m) => m[2]));
    for (const c of subs) c.kill();
    await r.unsubscribe('fan');
  });

  it('client-output-buffer-limit pubsub soft limit: a subscriber over it for soft-seconds is closed, not before (RESP and WebSocket)', async () => {
    const admin = suite.t.client();
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 0 64kb 1');
    try {
      const ws = await openWs();
      const wsId = (await ws.call('CLIENT', 'ID')).ok as number;
      expect((await ws.call('SUBSCRIBE', 'flood')).ok).toEqual([['subscribe', 'flood', 1]]);
      const raw = await suite.t.raw();
      raw.write(resp('CLIENT', 'ID'));
      while (!raw.pending().endsWith('\r\n')) await sleep(2);
      const rawId = Number(/^:(\d+)\r\n$/.exec(await raw.readBytes(raw.pending().length))![1]);
      raw.write(resp('SUBSCRIBE', 'flood'));
      await raw.expect('*3\r\n$9\r\nsubscribe\r\n$5\r\nflood\r\n:1\r\n');
      ws.socket.pause();
      raw.socket.pause();
      const pub = suite.t.client();
      const payload = 'p'.repeat(16 * 1024);
      const overSince = new Map<number, number>();
      const closedAt = new Map<number, number>();
      const start = Date.now();
      while (closedAt.size < 2) {
        expect(Date.now() - start).toBeLessThan(15000);
        const p = pub.pipeline();
        for (let i = 0; i < 20; i++) p.publish('flood', payload);
        await p.exec();
        const list = String(await admin.client('LIST'));
        const now = Date.now();
        for (const id of [wsId, rawId]) {
          if (closedAt.has(id)) continue;
          const line = list.split('\n').find((l) => l.startsWith(`id=${id} `));
          if (line === undefined) {
            closedAt.set(id, now);
            continue;
          }
          const omem = Number(/\bomem=(\d+)/.exec(line)![1]) + Number(/\bobl=(\d+)/.exec(line)![1]);
          if (omem >= 64 * 1024 && !overSince.has(id)) overSince.set(id, now);
        }
        await sleep(10);
      }
      for (const id of [wsId, rawId]) {
        // Seen over the soft limit and still connected, then closed about soft-seconds later.
        expect(overSince.has(id)).toBe(true);
        const held = closedAt.get(id)! - overSince.get(id)!;
        expect(held).toBeGreaterThanOrEqual(800);
        expect(held).toBeLessThan(5000);
      }
      ws.socket.resume();
      raw.socket.resume();
      await raw.waitClose();
      const deadline = Date.now() + 5000;
      while (!ws.closed && Date.now() < deadline) await sleep(10);
      expect(ws.closed).toBe(true);
    } finally {
      await admin.config('SET', 'client-output-buffer-limit', 'normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60');
    }
  }, 30000);

  it("a message for the client's own pattern subscription made inside EXEC is a push of its own, not an element of the EXEC answer", async () => {
    const c = await openWs();
    expect((await c.call('PSUBSCRIBE', 'own:*')).ok).toEqual([['psubscribe', 'own:*', 1]]);
    const ids = [c.send('MULTI'), c.send('PUBLISH', 'own:1', 'hi'), c.send('SET', 'own:k', 'v'), c.send('SUBSCRIBE', 'own:exact'), c.send('EXEC'), c.send('PING')];
    const frames = [];
    for (let i = 0; i < 7; i++) frames.push(await c.next());
    // As Redis 7 in RESP3: the pmessage is out of band; the subscribe confirmation is one of EXEC's replies.
    expect(frames).toEqual([
      { id: ids[0], ok: 'OK' },
      { id: ids[1], ok: 'QUEUED' },
      { id: ids[2], ok: 'QUEUED' },
      { id: ids[3], ok: 'QUEUED' },
      { push: ['pmessage', 'own:*', 'own:1', 'hi'] },
      { id: ids[4], ok: [1, 'OK', ['subscribe', 'own:exact', 2]] },
      { id: ids[5], ok: 'PONG' },
    ]);
    // Keyspace events of the client's own writes inside EXEC, likewise.
    const w = suite.t.client();
    await w.config('SET', 'notify-keyspace-events', 'E$');
    try {
      expect((await c.call('PSUBSCRIBE', '__keyevent@0__:*')).ok).toEqual([['psubscribe', '__keyevent@0__:*', 3]]);
      const m = [c.send('MULTI'), c.send('SET', 'own:a', '1'), c.send('INCR', 'own:a'), c.send('EXEC')];
      const got = [];
      for (let i = 0; i < 6; i++) got.push(await c.next());
      expect(got).toEqual([
        { id: m[0], ok: 'OK' },
        { id: m[1], ok: 'QUEUED' },
        { id: m[2], ok: 'QUEUED' },
        { push: ['pmessage', '__keyevent@0__:*', '__keyevent@0__:set', 'own:a'] },
        { push: ['pmessage', '__keyevent@0__:*', '__keyevent@0__:incrby', 'own:a'] },
        { id: m[3], ok: ['OK', 2] },
      ]);
    } finally {
      await w.config('SET', 'notify-keyspace-events', '');
    }
  });
});

