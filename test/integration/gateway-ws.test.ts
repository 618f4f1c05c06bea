import { describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.ts';
import { serverSuite } from '../helpers/suite.ts';
import { WsProbe } from '../helpers/ws-probe.ts';

const suite = serverSuite({ 'http-port': '-1' }, (t) => WsProbe.connect(t.httpPort));
const connect = suite.open;

describe('WebSocket /v1/ws: commands and the JSON mapping', () => {
  it('listens on its own ephemeral port and reports it in CONFIG GET http-port', async () => {
    expect(suite.t.httpPort).toBeGreaterThan(0);
    expect(suite.t.httpPort).not.toBe(suite.t.port);
    const r = suite.t.client();
    expect(await r.call('CONFIG', 'GET', 'http-port')).toEqual(['http-port', String(suite.t.httpPort)]);
  });

  it('answers each request with its id, in order', async () => {
    const ws = await connect();
    ws.send({ id: 'a', cmd: ['SET', 'ws:k', 'v1'] });
    ws.send({ id: 7, cmd: ['GET', 'ws:k'] });
    ws.send({ cmd: ['GET', 'ws:k'] });
    expect(await ws.next()).toEqual({ id: 'a', ok: 'OK' });
    expect(await ws.next()).toEqual({ id: 7, ok: 'v1' });
    expect(await ws.next()).toEqual({ ok: 'v1' });
  });

  it('maps text as UTF-8 and binary values as base64, both ways, and agrees with RESP', async () => {
    const ws = await connect();
    const r = suite.t.client();
    expect(await ws.call('SET', 'ws:utf8', 'héllo ✓')).toEqual({ id: 1, ok: 'OK' });
    expect((await r.getBuffer('ws:utf8'))!.equals(Buffer.from('héllo ✓', 'utf8'))).toBe(true);
    expect(await ws.call('GET', 'ws:utf8')).toEqual({ id: 2, ok: 'héllo ✓' });
    // Bytes that are not UTF-8 go in and come out as {"base64": ...}.
    expect(await ws.call('SET', { base64: Buffer.from([0xff, 0x00, 0x80]).toString('base64') }, 'bin')).toEqual({ id: 3, ok: 'OK' });
    expect(await r.get(Buffer.from([0xff, 0x00, 0x80]) as unknown as string)).toBe('bin');
    await r.set('ws:bin', Buffer.from([0x00, 0xfe, 0x41]));
    expect(await ws.call('GET', 'ws:bin')).toEqual({ id: 4, ok: { base64: Buffer.from([0x00, 0xfe, 0x41]).toString('base64') } });
    // Valid UTF-8 containing \x00 is still text.
    await r.set('ws:nul', Buffer.from('a\x00b'));
    expect(await ws.call('GET', 'ws:nul')).toEqual({ id: 5, ok: 'a\x00b' });
  });

  it('maps integers, big integers, doubles, inf, null, maps and sets', async () => {
    const ws = await connect();
    expect(await ws.call('INCRBY', 'ws:n', 10)).toEqual({ id: 1, ok: 10 });
    expect(await ws.call('INCRBY', 'ws:n', '9007199254740990')).toEqual({ id: 2, ok: '9007199254741000' });
    expect(await ws.call('DECRBY', 'ws:m', '9223372036854775807')).toEqual({ id: 3, ok: '-9223372036854775807' });
    expect(await ws.call('ZADD', 'ws:z', '1.5', 'a', '+inf', 'b', '-inf', 'c')).toEqual({ id: 4, ok: 3 });
    expect(await ws.call('ZSCORE', 'ws:z', 'a')).toEqual({ id: 5, ok: 1.5 });
    expect(await ws.call('ZSCORE', 'ws:z', 'b')).toEqual({ id: 6, ok: 'inf' });
    expect(await ws.call('ZRANGE', 'ws:z', 0, -1, 'WITHSCORES')).toEqual({ id: 7, ok: [['c', '-inf'], ['a', 1.5], ['b', 'inf']] });
    expect(await ws.call('GET', 'ws:missing')).toEqual({ id: 8, ok: null });
    expect(await ws.call('HSET', 'ws:h', 'f1', 'v1', 'f2', 2)).toEqual({ id: 9, ok: 2 });
    expect(await ws.call('HGETALL', 'ws:h')).toEqual({ id: 10, ok: { f1: 'v1', f2: '2' } });
    expect(await ws.call('SADD', 'ws:s', 'x')).toEqual({ id: 11, ok: 1 });
    expect(await ws.call('SMEMBERS', 'ws:s')).toEqual({ id: 12, ok: ['x'] });
    expect(await ws.call('LPOP', 'ws:nolist', 2)).toEqual({ id: 13, ok: null });
  });

  it("sends Redis's error texts verbatim", async () => {
    const ws = await connect();
    expect(await ws.call('NOSUCH', 'a')).toEqual({ id: 1, err: "ERR unknown command 'NOSUCH', with args beginning with: 'a' " });
    expect(await ws.call('GET')).toEqual({ id: 2, err: "ERR wrong number of arguments for 'get' command" });
    await ws.call('SET', 'ws:str', 'x');
    expect(await ws.call('LPUSH', 'ws:str', 'y')).toEqual({ id: 4, err: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
  });

  it('runs MULTI/EXEC; errors inside EXEC are {"error": ...}', async () => {
    const ws = await connect();
    expect(await ws.call('MULTI')).toEqual({ id: 1, ok: 'OK' });
    expect(await ws.call('SET', 'ws:t', 'abc')).toEqual({ id: 2, ok: 'QUEUED' });
    expect(await ws.call('INCR', 'ws:t')).toEqual({ id: 3, ok: 'QUEUED' });
    expect(await ws.call('GET', 'ws:t')).toEqual({ id: 4, ok: 'QUEUED' });
    expect(await ws.call('EXEC')).toEqual({ id: 5, ok: ['OK', { error: 'ERR value is not an integer or out of range' }, 'abc'] });
    expect(await ws.call('EXEC')).toEqual({ id: 6, err: 'ERR EXEC without MULTI' });
  });

  it('answers a blocked command later with its id, and the commands sent after it in order', async () => {
    const ws = await connect();
    const blpop = ws.cmd('BLPOP', 'ws:queue', 0);
    const ping = ws.cmd('PING');
    await new Promise((r) => setTimeout(r, 100));
    expect(ws.pending).toBe(0);
    const r = suite.t.client();
    expect(await r.call('CLIENT', 'LIST', 'TYPE', 'normal')).toMatch(/cmd=blpop/);
    await r.rpush('ws:queue', 'job1');
    expect(await ws.next()).toEqual({ id: blpop, ok: ['ws:queue', 'job1'] });
    expect(await ws.next()).toEqual({ id: ping, ok: 'PONG' });
    // A timeout answers null, with the id.
    expect(await ws.call('BLPOP', 'ws:queue', '0.05')).toEqual({ id: 3, ok: null });
  });

  it('keeps the connection after bad JSON, a bad request shape and binary frames', async () => {
    const ws = await connect();
    ws.send('{"id":1,');
    const bad = (await ws.next()) as { err: string };
    expect(Object.keys(bad)).toEqual(['err']);
    expect(bad.err).toMatch(/^ERR invalid JSON: /);
    ws.send({ id: 2, cmd: [] });
    expect(await ws.next()).toEqual({ id: 2, err: 'ERR invalid request: "cmd" must be a non-empty array of arguments' });
    ws.send({ id: 3, cmd: ['GET', ['nested']] });
    expect(await ws.next()).toEqual({ id: 3, err: 'ERR invalid request: argument 1 must be a string, a number or {"base64":"..."}' });
    ws.send({ id: 4 });
    expect(await ws.next()).toEqual({ id: 4, err: 'ERR invalid request: "cmd" must be a non-empty array of arguments' });
    ws.send('[1,2]');
    expect(await ws.next()).toEqual({ err: 'ERR invalid request: expected an object {"id":..., "cmd":[...]}' });
    ws.ws.send(Buffer.from(JSON.stringify({ id: 5, cmd: ['PING'] })), { binary: true });
    expect(await ws.next()).toEqual({ err: 'ERR binary frames are not supported: send each request as a JSON text frame' });
    expect(await ws.call('PING')).toEqual({ id: 1, ok: 'PONG' });
    expect(ws.closed).toBeNull();
  });

  it('a bad frame behind a blocked command is answered in its turn', async () => {
    const ws = await connect();
    const blpop = ws.cmd('BLPOP', 'ws:q2', 0);
    ws.send('nope');
    await new Promise((r) => setTimeout(r, 50));
    expect(ws.pending).toBe(0);
    await suite.t.client().rpush('ws:q2', 'x');
    expect(await ws.next()).toEqual({ id: blpop, ok: ['ws:q2', 'x'] });
    expect(((await ws.next()) as { err: string }).err).toMatch(/^ERR invalid JSON/);
  });

  it('QUIT answers OK and closes with 1000', async () => {
    const ws = await connect();
    expect(await ws.call('QUIT')).toEqual({ id: 1, ok: 'OK' });
    expect(await ws.waitClose()).toEqual({ code: 1000, reason: 'closed by server' });
  });

  it('shows WebSocket clients in CLIENT LIST and CLIENT KILL closes them', async () => {
    const ws = await connect();
    const id = ((await ws.call('CLIENT', 'ID')) as { ok: number }).ok;
    const r = suite.t.client();
    expect(await r.call('CLIENT', 'LIST', 'ID', String(id))).toMatch(new RegExp(`^id=${id} addr=`));
    expect(await r.call('CLIENT', 'KILL', 'ID', String(id))).toBe(1);
    expect((await ws.waitClose()).code).toBe(1000);
  });
});

describe('WebSocket pub/sub', () => {
  it('SUBSCRIBE is answered by its confirmations; messages are pushes without id', async () => {
    const ws = await connect();
    expect(await ws.call('SUBSCRIBE', 'ws:ch1', 'ws:ch2')).toEqual({
      id: 1,
      ok: [
        ['subscribe', 'ws:ch1', 1],
        ['subscribe', 'ws:ch2', 2],
      ],
    });
    const r = suite.t.client();
    expect(await r.publish('ws:ch1', 'hello')).toBe(1);
    expect(await ws.next()).toEqual({ push: ['message', 'ws:ch1', 'hello'] });
    // RESP3 rules: a subscribed client still runs any command, ids stay right around the pushes.
    expect(await ws.call('SET', 'ws:sub:k', 'v')).toEqual({ id: 2, ok: 'OK' });
    await r.publish('ws:ch2', Buffer.from([0xff]));
    expect(await ws.next()).toEqual({ push: ['message', 'ws:ch2', { base64: '/w==' }] });
    expect(await ws.call('PSUBSCRIBE', 'ws:p*')).toEqual({ id: 3, ok: [['psubscribe', 'ws:p*', 3]] });
    await r.publish('ws:pat', 'x');
    expect(await ws.next()).toEqual({ push: ['pmessage', 'ws:p*', 'ws:pat', 'x'] });
    expect(await ws.call('UNSUBSCRIBE')).toEqual({
      id: 4,
      ok: [
        ['unsubscribe', 'ws:ch1', 2],
        ['unsubscribe', 'ws:ch2', 1],
      ],
    });
    expect(await r.publish('ws:ch1', 'gone')).toBe(0);
  });

  it('a RESP subscriber and a WebSocket subscriber get every message, in order', async () => {
    const ws = await connect();
    await ws.call('SUBSCRIBE', 'ws:race');
    const sub = suite.t.client();
    const got: string[] = [];
    sub.on('message', (_ch: string, msg: string) => got.push(msg));
    await sub.subscribe('ws:race');
    const pubs = [suite.t.client(), await connect()];
    const N = 300;
    const sent: string[] = [];
    for (let i = 0; i < N; i++) {
      const msg = `m${i}`;
      sent.push(msg);
      // Alternate publishers (RESP and WebSocket) in one order, awaited one by one.
      if (i % 2 === 0) expect(await (pubs[0] as ReturnType<TestServer['client']>).publish('ws:race', msg)).toBe(2);
      else expect(((await (pubs[1] as WsProbe).call('PUBLISH', 'ws:race', msg)) as { ok: number }).ok).toBe(2);
    }
    const wsGot: string[] = [];
    while (wsGot.length < N) wsGot.push(((await ws.next()) as { push: string[] }).push[2]);
    const deadline = Date.now() + 5000;
    while (got.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(wsGot).toEqual(sent);
    expect(got).toEqual(sent);
  });

  it('a client publishing to its own channel gets the message before the PUBLISH reply, exact before pattern', async () => {
    const ws = await connect();
    await ws.call('SUBSCRIBE', 'ws:self');
    await ws.call('PSUBSCRIBE', 'ws:se*');
    const id = ws.cmd('PUBLISH', 'ws:self', 'me');
    expect(await ws.next()).toEqual({ push: ['message', 'ws:self', 'me'] });
    expect(await ws.next()).toEqual({ push: ['pmessage', 'ws:se*', 'ws:self', 'me'] });
    expect(await ws.next()).toEqual({ id, ok: 2 });
  });

  it('exact (topic) and pattern (per-client) deliveries keep publish order, across publishers and transports', async () => {
    const sub = await connect();
    await sub.call('SUBSCRIBE', 'ws:ord');
    await sub.call('PSUBSCRIBE', 'ws:o*');
    const pub = await connect();
    await pub.call('MULTI');
    await pub.call('PUBLISH', 'ws:ord', 'a');
    await pub.call('PUBLISH', 'ws:ord', 'b');
    expect(await pub.call('EXEC')).toEqual({ id: 4, ok: [2, 2] });
    await suite.t.client().publish('ws:ord', 'c');
    const got: unknown[] = [];
    for (let i = 0; i < 6; i++) got.push(await sub.next());
    expect(got).toEqual([
      { push: ['message', 'ws:ord', 'a'] },
      { push: ['pmessage', 'ws:o*', 'ws:ord', 'a'] },
      { push: ['message', 'ws:ord', 'b'] },
      { push: ['pmessage', 'ws:o*', 'ws:ord', 'b'] },
      { push: ['message', 'ws:ord', 'c'] },
      { push: ['pmessage', 'ws:o*', 'ws:ord', 'c'] },
    ]);
  });

  it('SSUBSCRIBE delivers smessage through topics too', async () => {
    const ws = await connect();
    expect(await ws.call('SSUBSCRIBE', 'ws:shard')).toEqual({ id: 1, ok: [['ssubscribe', 'ws:shard', 1]] });
    expect(await suite.t.client().call('SPUBLISH', 'ws:shard', 'sm')).toBe(1);
    expect(await ws.next()).toEqual({ push: ['smessage', 'ws:shard', 'sm'] });
  });

  it('a disconnected WebSocket subscriber stops counting as a receiver', async () => {
    const ws = await connect();
    await ws.call('SUBSCRIBE', 'ws:leave');
    const r = suite.t.client();
    expect(await r.publish('ws:leave', 'a')).toBe(1);
    ws.close();
    const deadline = Date.now() + 2000;
    while ((await r.call('PUBSUB', 'NUMSUB', 'ws:leave'))?.toString() !== 'ws:leave,0' && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    expect(await r.publish('ws:leave', 'b')).toBe(0);
  });
});
