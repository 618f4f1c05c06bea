import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { WsProbe } from '../helpers/ws-probe.ts';

let t: TestServer | null = null;
const probes: WsProbe[] = [];

async function start(config: Record<string, string>): Promise<TestServer> {
  t = await startTestServer({ config: { 'http-port': '-1', ...config } });
  return t;
}

async function connect(headers: Record<string, string> = {}): Promise<WsProbe> {
  const p = await WsProbe.connect(t!.httpPort, headers);
  probes.push(p);
  return p;
}

afterEach(async () => {
  for (const p of probes.splice(0)) p.close();
  await t?.close();
  t = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gateway auth (requirepass)', () => {
  it('WebSocket: anything but AUTH first gets NOAUTH and close 1008', async () => {
    await start({ requirepass: 's3cret' });
    const ws = await connect();
    ws.send({ id: 1, cmd: ['GET', 'k'] });
    expect(await ws.next()).toEqual({ id: 1, err: 'NOAUTH Authentication required.' });
    expect(await ws.waitClose()).toEqual({ code: 1008, reason: 'authentication required' });
  });

  it('WebSocket: a wrong AUTH first gets WRONGPASS and close 1008', async () => {
    await start({ requirepass: 's3cret' });
    const ws = await connect();
    ws.send({ id: 1, cmd: ['AUTH', 'nope'] });
    expect(await ws.next()).toEqual({ id: 1, err: 'WRONGPASS invalid username-password pair or user is disabled.' });
    expect(await ws.waitClose()).toEqual({ code: 1008, reason: 'authentication failed' });
  });

  it('WebSocket: AUTH first, then commands (commands pipelined behind it too)', async () => {
    await start({ requirepass: 's3cret' });
    const ws = await connect();
    ws.send({ id: 1, cmd: ['AUTH', 's3cret'] });
    ws.send({ id: 2, cmd: ['SET', 'k', 'v'] });
    expect(await ws.next()).toEqual({ id: 1, ok: 'OK' });
    expect(await ws.next()).toEqual({ id: 2, ok: 'OK' });
  });

  it('WebSocket: HELLO 3 AUTH default <pw> first is accepted too', async () => {
    await start({ requirepass: 's3cret' });
    const ws = await connect();
    const f = (await ws.call('HELLO', '3', 'AUTH', 'default', 's3cret')) as { ok: Record<string, unknown> };
    expect(f.ok.proto).toBe(3);
    expect(await ws.call('PING')).toEqual({ id: 2, ok: 'PONG' });
  });

  it('WebSocket: a bearer token on the upgrade authenticates; a wrong one is refused with 401', async () => {
    await start({ requirepass: 's3cret' });
    const ws = await connect({ Authorization: 'Bearer s3cret' });
    expect(await ws.call('SET', 'k', 'v')).toEqual({ id: 1, ok: 'OK' });
    await expect(WsProbe.connect(t!.httpPort, { Authorization: 'Bearer wrong' })).rejects.toThrow('HTTP 401');
  });

  it('HTTP: no token → 401 NOAUTH, wrong token → 401 WRONGPASS, right token → 200; /healthz is open', async () => {
    await start({ requirepass: 's3cret' });
    const url = `http://127.0.0.1:${t!.httpPort}`;
    const body = JSON.stringify({ cmd: ['PING'] });
    let res = await fetch(`${url}/v1/cmd`, { method: 'POST', body });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ err: 'NOAUTH Authentication required.' });
    res = await fetch(`${url}/v1/cmd`, { method: 'POST', body, headers: { Authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ err: 'WRONGPASS invalid username-password pair or user is disabled.' });
    for (const path of ['/metrics', '/v1/leaderboards/lb']) expect((await fetch(url + path)).status).toBe(401);
    expect((await fetch(`${url}/v1/streams/s`, { method: 'POST', body: '{"a":1}' })).status).toBe(401);
    res = await fetch(`${url}/v1/cmd`, { method: 'POST', body, headers: { Authorization: 'Bearer s3cret' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: 'PONG' });
    res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('without requirepass no token is needed', async () => {
    await start({});
    const ws = await connect();
    expect(await ws.call('PING')).toEqual({ id: 1, ok: 'PONG' });
  });
});

describe('gateway shutdown', () => {
  it('closing the server closes WebSockets with 1001 and stops listening', async () => {
    const srv = await start({});
    const port = srv.httpPort;
    const ws = await connect();
    expect(await ws.call('PING')).toEqual({ id: 1, ok: 'PONG' });
    await srv.close();
    t = null;
    expect(await ws.waitClose()).toEqual({ code: 1001, reason: 'server shutting down' });
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe('gateway port', () => {
  it('a port already in use fails the start loudly (uSockets would share it by default)', async () => {
    const first = await start({});
    await expect(startTestServer({ config: { 'http-port': String(first.httpPort) } })).rejects.toThrow(
      `Could not listen on 127.0.0.1:${first.httpPort} for HTTP/WebSocket`,
    );
    expect((await fetch(`http://127.0.0.1:${first.httpPort}/healthz`)).status).toBe(200);
  });

  it('http-port 0 disables the gateway', async () => {
    const srv = await start({ 'http-port': '0' });
    expect(srv.httpPort).toBe(0);
    expect(await srv.client().call('CONFIG', 'GET', 'http-port')).toEqual(['http-port', '0']);
  });
});

describe('gateway limits', () => {
  it('an oversized message closes with 1009; an oversized HTTP body gets 413', async () => {
    await start({ 'gateway-max-payload': '4096' });
    const ws = await connect();
    expect(await ws.call('SET', 'k', 'x'.repeat(3000))).toEqual({ id: 1, ok: 'OK' });
    ws.send({ id: 2, cmd: ['SET', 'k', 'x'.repeat(5000)] });
    expect(await ws.waitClose()).toEqual({ code: 1009, reason: 'message too big (max 4096 bytes)' });
    const res = await fetch(`http://127.0.0.1:${t!.httpPort}/v1/cmd`, { method: 'POST', body: JSON.stringify({ cmd: ['SET', 'k', 'y'.repeat(5000)] }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ err: 'ERR request body too large (max 4096 bytes)' });
    expect(await t!.client().get('k')).toBe('x'.repeat(3000));
  });

  it('the per-connection rate limit closes with 1008', async () => {
    await start({ 'gateway-rate-limit': '5' });
    const ws = await connect();
    for (let i = 0; i < 20; i++) ws.cmd('INCR', 'rl');
    const closed = await ws.waitClose();
    expect(closed).toEqual({ code: 1008, reason: 'rate limit exceeded (5 commands/s)' });
    // The burst allowance (one second's worth) ran, nothing after it.
    expect(await t!.client().get('rl')).toBe('5');
  });

  it('connections over gateway-max-connections are closed with 1013', async () => {
    await start({ 'gateway-max-connections': '2' });
    const a = await connect();
    const b = await connect();
    const c = await connect();
    expect(await c.waitClose()).toEqual({ code: 1013, reason: 'max connections reached' });
    expect(await a.call('PING')).toEqual({ id: 1, ok: 'PONG' });
    expect(await b.call('PING')).toEqual({ id: 1, ok: 'PONG' });
    b.close();
    await sleep(100);
    const d = await connect();
    expect(await d.call('PING')).toEqual({ id: 1, ok: 'PONG' });
  });

  it('requests piling up behind a blocked command are bounded by client-query-buffer-limit', async () => {
    await start({ 'client-query-buffer-limit': '1mb' });
    const ws = await connect();
    ws.cmd('BLPOP', 'never', 0);
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 1100; i++) ws.cmd('ECHO', filler);
    expect(await ws.waitClose()).toEqual({ code: 1008, reason: 'too many requests waiting behind a blocked command (client-query-buffer-limit)' });
  });

  it('an idle connection is closed with 1001 after gateway-idle-timeout', async () => {
    await start({ 'gateway-idle-timeout': '1' });
    const ws = await connect();
    const busy = await connect();
    // Subscribers are spared, as Redis's timeout spares them.
    const subscriber = await connect();
    await subscriber.call('SUBSCRIBE', 'quiet');
    const started = Date.now();
    const timer = setInterval(() => busy.cmd('PING'), 200);
    try {
      expect(await ws.waitClose(4000)).toEqual({ code: 1001, reason: 'idle timeout' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(busy.closed).toBeNull();
      await sleep(300);
      expect(subscriber.closed).toBeNull();
    } finally {
      clearInterval(timer);
    }
  });

  it('a subscriber that does not read is closed (pubsub output buffer limit), never silently skipped', async () => {
    await start({ 'client-output-buffer-limit': 'pubsub 1mb 0 0' });
    const ws = await connect();
    await ws.call('SUBSCRIBE', 'flood');
    const reader = await connect();
    await reader.call('SUBSCRIBE', 'flood');
    // The slow one stops reading from its socket.
    (ws.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const r = t!.client();
    const payload = 'p'.repeat(64 * 1024);
    let receivers = 2;
    let published = 0;
    for (let i = 0; i < 1000 && receivers === 2; i++) {
      receivers = await r.publish('flood', payload);
      published++;
      if (i % 20 === 0) await sleep(20);
    }
    // The slow subscriber was dropped (the broker counts it no more) long before 1000 messages (64 MB).
    expect(receivers).toBe(1);
    expect(published).toBeLessThan(1000);
    (ws.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const closed = await ws.waitClose(10_000);
    expect(closed.code).toBe(1008);
    expect(closed.reason).toBe('output buffer limit reached (slow consumer)');
    // The reader that kept up is still there and got every message.
    const id = reader.cmd('PING');
    let messages = 0;
    for (;;) {
      const f = (await reader.next()) as { id?: number; push?: string[] };
      if (f.id === id) break;
      expect(f.push![2]).toBe(payload);
      messages++;
    }
    expect(messages).toBe(published);
  });
});
