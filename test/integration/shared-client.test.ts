import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { PodiumClient, type ClientState, type WebSocketConstructor } from '../../shared/client.ts';
import { ReplyError, toBytes, toNumber, toBigInt, type JsonValue } from '../../shared/wire.ts';

const WS = WebSocket as unknown as WebSocketConstructor;
let t: TestServer;
let url: string;
const clients: PodiumClient[] = [];

async function connect(opts: Parameters<typeof PodiumClient.connect>[1] = {}): Promise<PodiumClient> {
  const c = await PodiumClient.connect(url, { WebSocket: WS, minDelayMs: 20, maxDelayMs: 200, ...opts });
  clients.push(c);
  return c;
}

async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  t = await startTestServer({ config: { 'http-port': '-1' } });
  url = `ws://127.0.0.1:${t.httpPort}/v1/ws`;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await t.close();
});

describe('shared/client: calls', () => {
  it('needs a WebSocket constructor in Node', async () => {
    await expect(PodiumClient.connect(url)).rejects.toThrow(/no global WebSocket/);
  });

  it('runs commands, with text, binary and number helpers', async () => {
    const db = await connect();
    expect(await db.call(['SET', 'sc:k', 'héllo'])).toBe('OK');
    expect(await db.call(['GET', 'sc:k'])).toBe('héllo');
    await db.call(['SET', 'sc:bin', new Uint8Array([0xff, 0x00, 0x7f])]);
    expect(await t.client().getBuffer('sc:bin')).toEqual(Buffer.from([0xff, 0x00, 0x7f]));
    expect(toBytes((await db.call(['GET', 'sc:bin'])) as JsonValue)).toEqual(new Uint8Array([0xff, 0x00, 0x7f]));
    await db.call(['ZADD', 'sc:z', '+inf', 'a']);
    expect(toNumber(await db.call(['ZSCORE', 'sc:z', 'a']))).toBe(Infinity);
    expect(toBigInt(await db.call(['INCRBY', 'sc:n', '9007199254740993']))).toBe(9007199254740993n);
  });

  it('rejects with ReplyError carrying the Redis text and code; calls run in order', async () => {
    const db = await connect();
    const results = await Promise.allSettled([db.call(['SET', 'sc:s', 'x']), db.call(['LPUSH', 'sc:s', 'y']), db.call(['GET', 'sc:s'])]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'OK' });
    const err = (results[1] as PromiseRejectedResult).reason as ReplyError;
    expect(err).toBeInstanceOf(ReplyError);
    expect(err.message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(err.code).toBe('WRONGTYPE');
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'x' });
  });
});

describe('shared/client: auth', () => {
  let secured: TestServer;
  beforeAll(async () => {
    secured = await startTestServer({ config: { 'http-port': '-1', requirepass: 'pw' } });
  });
  afterAll(async () => {
    await secured.close();
  });

  it('sends the token as AUTH first; a wrong token fails the connect', async () => {
    const u = `ws://127.0.0.1:${secured.httpPort}/v1/ws`;
    const db = await PodiumClient.connect(u, { WebSocket: WS, token: 'pw' });
    clients.push(db);
    expect(await db.call(['PING'])).toBe('PONG');
    await expect(PodiumClient.connect(u, { WebSocket: WS, token: 'bad' })).rejects.toThrow(/WRONGPASS/);
  });
});

describe('shared/client: pub/sub and reconnect', () => {
  it('subscribe and psubscribe get messages; unsubscribe stops them', async () => {
    const db = await connect();
    const got: [string, JsonValue, string | undefined][] = [];
    const sub = await db.subscribe(['sc:news'], (ch, msg) => got.push([ch, msg, undefined]));
    const psub = await db.psubscribe(['sc:n*'], (ch, msg, pat) => got.push([ch, msg, pat]));
    const r = t.client();
    expect(await r.publish('sc:news', 'one')).toBe(2);
    await until(() => got.length === 2);
    expect(got).toEqual([
      ['sc:news', 'one', undefined],
      ['sc:news', 'one', 'sc:n*'],
    ]);
    await sub.unsubscribe();
    await psub.unsubscribe();
    expect(await r.publish('sc:news', 'two')).toBe(0);
  });

  it('reconnects after the server drops it, authenticates and subscribes again', async () => {
    const states: ClientState[] = [];
    const db = await connect({ onState: (s) => states.push(s) });
    const got: JsonValue[] = [];
    await db.subscribe(['sc:re'], (_ch, msg) => got.push(msg));
    const id = await db.call(['CLIENT', 'ID']);
    const r = t.client();
    expect(await r.call('CLIENT', 'KILL', 'ID', String(id))).toBe(1);
    await until(() => states.includes('reconnecting'));
    await until(() => db.state === 'open');
    expect(await db.call(['CLIENT', 'ID'])).not.toBe(id);
    expect(await r.publish('sc:re', 'after')).toBe(1);
    await until(() => got.length === 1);
    expect(got).toEqual(['after']);
  });

  it('a call in flight when the connection drops is rejected; calls made while reconnecting run after', async () => {
    const db = await connect();
    const id = await db.call(['CLIENT', 'ID']);
    const blocked = db.call(['BLPOP', 'sc:never', 0]);
    await new Promise((r) => setTimeout(r, 50));
    await t.client().call('CLIENT', 'KILL', 'ID', String(id));
    await expect(blocked).rejects.toThrow(/connection closed/);
    expect(db.state).toBe('reconnecting');
    expect(await db.call(['PING'])).toBe('PONG');
  });
});

describe('shared/client: live watches', () => {
  it('watch keeps a top-N window, and resumes it after a reconnect without a gap', async () => {
    const r = t.client();
    await r.zadd('sc:lb', 10, 'ann', 20, 'bob', 30, 'cid', 40, 'dan');
    const db = await connect();
    let updates = 0;
    const w = await db.watch(['LIVE.WATCH', 'sc:lb', 'TOP', 3, 'TICK', 10], () => updates++);
    const top = async () => {
      const flat = await r.zrevrange('sc:lb', 0, 2, 'WITHSCORES');
      const out: [string, number][] = [];
      for (let i = 0; i < flat.length; i += 2) out.push([flat[i], Number(flat[i + 1])]);
      return out;
    };
    const same = async () => JSON.stringify(w.view.window.map((e) => [e.member, e.score])) === JSON.stringify(await top());
    await until(same);
    await r.zincrby('sc:lb', 100, 'ann');
    await until(same);
    expect(w.view.window[0]).toEqual({ member: 'ann', score: 110, rank: 0 });
    const seqBefore = w.view.seq;
    // Drop the connection; change the board while the client is away.
    const id = await db.call(['CLIENT', 'ID']);
    await r.call('CLIENT', 'KILL', 'ID', String(id));
    await r.zadd('sc:lb', 35, 'eve');
    await r.zrem('sc:lb', 'dan');
    await until(() => db.state === 'open');
    await until(same);
    expect(w.view.window.map((e) => e.member)).toEqual(['ann', 'eve', 'cid']);
    expect(w.view.seq).toBeGreaterThan(seqBefore);
    expect(w.view.needsResume).toBe(false);
    expect(updates).toBeGreaterThanOrEqual(3);
    await w.unwatch();
  });
});
