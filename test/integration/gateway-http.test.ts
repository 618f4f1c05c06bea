import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { WsProbe } from '../helpers/ws-probe.ts';

let t: TestServer;
let url: string;

beforeAll(async () => {
  t = await startTestServer({ config: { 'http-port': '-1' } });
  url = `http://127.0.0.1:${t.httpPort}`;
});

afterAll(async () => {
  await t.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) };
}

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path);
  return { status: res.status, body: await res.json() };
}

describe('POST /v1/cmd', () => {
  it('runs one command', async () => {
    expect(await post('/v1/cmd', { cmd: ['SET', 'h:k', 'héllo'] })).toEqual({ status: 200, body: { ok: 'OK' } });
    expect(await post('/v1/cmd', { cmd: ['GET', 'h:k'] })).toEqual({ status: 200, body: { ok: 'héllo' } });
    expect(await t.client().get('h:k')).toBe('héllo');
    expect(await post('/v1/cmd', { cmd: ['GET', 'h:none'] })).toEqual({ status: 200, body: { ok: null } });
  });

  it('answers command errors with 200 and the Redis text', async () => {
    expect(await post('/v1/cmd', { cmd: ['INCR', 'h:k'] })).toEqual({ status: 200, body: { err: 'ERR value is not an integer or out of range' } });
    expect(await post('/v1/cmd', { cmd: ['GET'] })).toEqual({ status: 200, body: { err: "ERR wrong number of arguments for 'get' command" } });
  });

  it('runs a batch in order on one connection (MULTI/EXEC works inside it)', async () => {
    const res = await post('/v1/cmd', [
      { cmd: ['DEL', 'h:cnt'] },
      { cmd: ['INCR', 'h:cnt'] },
      { cmd: ['MULTI'] },
      { cmd: ['INCRBY', 'h:cnt', 10] },
      { cmd: ['GET', 'h:cnt'] },
      { cmd: ['EXEC'] },
      { cmd: 'nope' },
      { cmd: ['ZADD', 'h:z', '2.5', 'a'] },
      { cmd: ['ZSCORE', 'h:z', 'a'] },
    ]);
    expect(res).toEqual({
      status: 200,
      body: [
        { ok: 0 },
        { ok: 1 },
        { ok: 'OK' },
        { ok: 'QUEUED' },
        { ok: 'QUEUED' },
        { ok: [11, '11'] },
        { err: 'ERR invalid request: "cmd" must be a non-empty array of arguments' },
        { ok: 1 },
        { ok: 2.5 },
      ],
    });
  });

  it('rejects bad JSON and bad shapes with 400', async () => {
    const bad = await post('/v1/cmd', '{"cmd":');
    expect(bad.status).toBe(400);
    expect((bad.body as { err: string }).err).toMatch(/^ERR invalid JSON: /);
    expect(await post('/v1/cmd', { command: ['PING'] })).toEqual({ status: 400, body: { err: 'ERR invalid request: "cmd" must be a non-empty array of arguments' } });
    expect(await post('/v1/cmd', 42)).toEqual({ status: 400, body: { err: 'ERR invalid request: expected {"cmd":[...]}' } });
  });

  it('binary values round-trip as base64', async () => {
    expect(await post('/v1/cmd', { cmd: ['SET', 'h:bin', { base64: 'AP+A' }] })).toEqual({ status: 200, body: { ok: 'OK' } });
    expect(await t.client().getBuffer('h:bin')).toEqual(Buffer.from([0x00, 0xff, 0x80]));
    expect(await post('/v1/cmd', { cmd: ['GET', 'h:bin'] })).toEqual({ status: 200, body: { ok: { base64: 'AP+A' } } });
  });

  it('a blocking command waits for its data, or answers its timeout', async () => {
    const pending = post('/v1/cmd', { cmd: ['BLPOP', 'h:q', 0] });
    await new Promise((r) => setTimeout(r, 100));
    await t.client().rpush('h:q', 'job');
    expect(await pending).toEqual({ status: 200, body: { ok: ['h:q', 'job'] } });
    const started = Date.now();
    expect(await post('/v1/cmd', { cmd: ['BLPOP', 'h:q', '0.2'] })).toEqual({ status: 200, body: { ok: null } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('unknown routes are 404', async () => {
    expect(await get('/v2/nothing')).toEqual({ status: 404, body: { err: 'ERR not found' } });
  });
});

describe('POST /v1/streams/{key}', () => {
  it('appends one JSON reading, an array of readings, and NDJSON lines; returns the ids', async () => {
    const one = await post('/v1/streams/h:s1', { temp: 21.5, unit: 'C' });
    expect(one.status).toBe(200);
    const ids1 = (one.body as { ids: string[] }).ids;
    expect(ids1).toHaveLength(1);
    const arr = await post('/v1/streams/h:s1', [{ temp: 22 }, { temp: 23, ok: true }]);
    const ids2 = (arr.body as { ids: string[] }).ids;
    expect(ids2).toHaveLength(2);
    const nd = await post('/v1/streams/h:s1', '{"temp":24}\n\n{"temp":25}\n', { 'content-type': 'application/x-ndjson' });
    const ids3 = (nd.body as { ids: string[] }).ids;
    expect(ids3).toHaveLength(2);
    const r = t.client();
    const entries = await r.xrange('h:s1', '-', '+');
    expect(entries).toEqual([
      [ids1[0], ['temp', '21.5', 'unit', 'C']],
      [ids2[0], ['temp', '22']],
      [ids2[1], ['temp', '23', 'ok', 'true']],
      [ids3[0], ['temp', '24']],
      [ids3[1], ['temp', '25']],
    ]);
  });

  it('a bad NDJSON line rejects the whole batch with its line number; nothing is written', async () => {
    const r = t.client();
    await r.xadd('h:s2', '*', 'temp', '1');
    const res = await post('/v1/streams/h:s2', '{"temp":2}\n{"temp":3}\n{"temp":\n{"temp":5}', { 'content-type': 'application/x-ndjson' });
    expect(res.status).toBe(400);
    const body = res.body as { err: string; line: number };
    expect(body.line).toBe(3);
    expect(body.err).toMatch(/^ERR line 3: invalid JSON: /);
    const res2 = await post('/v1/streams/h:s2', '{"temp":2}\n{"temp":{"nested":1}}', { 'content-type': 'application/x-ndjson' });
    expect(res2).toEqual({
      status: 400,
      body: { err: 'ERR line 2: field "temp": a value must be a string, a number, a boolean or {"base64":"..."}', line: 2 },
    });
    const res3 = await post('/v1/streams/h:s2', [{ a: 1 }, {}]);
    expect(res3).toEqual({ status: 400, body: { err: 'ERR item 1: a reading needs at least one field', index: 1 } });
    expect(await r.xlen('h:s2')).toBe(1);
  });

  it('?maxlen trims approximately, a wrong type is WRONGTYPE, the key is percent-decoded', async () => {
    const r = t.client();
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ i })).join('\n');
    const res = await post('/v1/streams/h:s3?maxlen=100', lines, { 'content-type': 'application/x-ndjson' });
    expect((res.body as { ids: string[] }).ids).toHaveLength(300);
    const len = await r.xlen('h:s3');
    expect(len).toBeGreaterThanOrEqual(100);
    expect(len).toBeLessThan(300);
    await r.set('h:str', 'x');
    expect(await post('/v1/streams/h:str', { a: 1 })).toEqual({ status: 400, body: { err: 'WRONGTYPE Operation against a key holding the wrong kind of value' } });
    expect(await post('/v1/streams/h:s1?maxlen=-1', { a: 1 })).toEqual({ status: 400, body: { err: 'ERR maxlen must be a non-negative integer' } });
    expect((await post('/v1/streams/sensor%2F%C3%A9', { a: 1 })).status).toBe(200);
    expect(await r.xlen('sensor/é')).toBe(1);
  });
});

describe('GET /v1/leaderboards/{key}', () => {
  beforeAll(async () => {
    const r = t.client();
    await r.zadd('h:lb', 10, 'ann', 30, 'bob', 20, 'cid', 50, 'dan', 40, 'eve');
  });

  it('?top=N: highest first, with 0-based ranks', async () => {
    expect(await get('/v1/leaderboards/h:lb?top=3')).toEqual({
      status: 200,
      body: {
        key: 'h:lb',
        total: 5,
        entries: [
          { member: 'dan', score: 50, rank: 0 },
          { member: 'eve', score: 40, rank: 1 },
          { member: 'bob', score: 30, rank: 2 },
        ],
      },
    });
  });

  it('?rev=0 is ascending; the default is the top 10', async () => {
    const res = (await get('/v1/leaderboards/h:lb?rev=0')).body as { entries: { member: string; rank: number }[] };
    expect(res.entries.map((e) => [e.member, e.rank])).toEqual([
      ['ann', 0],
      ['cid', 1],
      ['bob', 2],
      ['eve', 3],
      ['dan', 4],
    ]);
  });

  it('?around=member&n=N: N above and N below, ranks as ZREVRANK', async () => {
    const res = (await get('/v1/leaderboards/h:lb?around=bob&n=1')).body as { entries: unknown[] };
    expect(res.entries).toEqual([
      { member: 'eve', score: 40, rank: 1 },
      { member: 'bob', score: 30, rank: 2 },
      { member: 'cid', score: 20, rank: 3 },
    ]);
    expect(await t.client().zrevrank('h:lb', 'bob')).toBe(2);
    const edge = (await get('/v1/leaderboards/h:lb?around=dan&n=2')).body as { entries: { member: string }[] };
    expect(edge.entries.map((e) => e.member)).toEqual(['dan', 'eve', 'bob']);
  });

  it('a missing member is 404, a missing board is empty, a wrong type is 400', async () => {
    expect(await get('/v1/leaderboards/h:lb?around=zed')).toEqual({ status: 404, body: { err: 'ERR member not found in the leaderboard' } });
    expect(await get('/v1/leaderboards/h:nolb')).toEqual({ status: 200, body: { key: 'h:nolb', total: 0, entries: [] } });
    await t.client().set('h:notz', 'x');
    expect(await get('/v1/leaderboards/h:notz')).toEqual({ status: 400, body: { err: 'WRONGTYPE Operation against a key holding the wrong kind of value' } });
    expect(await get('/v1/leaderboards/h:lb?top=abc')).toEqual({ status: 400, body: { err: 'ERR top and n must be non-negative integers' } });
  });
});

describe('GET /healthz and /metrics', () => {
  it('healthz', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('metrics is valid Prometheus text with commands, latency, clients, memory, keys, pub/sub and gateway counters', async () => {
    const ws = await WsProbe.connect(t.httpPort);
    try {
      await ws.call('SUBSCRIBE', 'h:metrics-ch');
      await ws.call('LIVE.WATCH', 'h:metrics-lb', 'TOP', '3');
      const r = t.client();
      await r.set('h:m1', 'x');
      await r.set('h:m2', 'y');
      const res = await fetch(url + '/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      const samples = new Map<string, number>();
      for (const line of text.split('\n')) {
        if (line === '') continue;
        if (line.startsWith('#')) {
          expect(line).toMatch(/^# (HELP|TYPE) [a-z_]+ .+$/);
          continue;
        }
        const m = /^([a-z_]+(?:\{[a-z_]+="(?:[^"\\]|\\.)*"(?:,[a-z_]+="(?:[^"\\]|\\.)*")*\})?) (-?[0-9.e+-]+)$/.exec(line);
        expect(m, line).not.toBeNull();
        samples.set(m![1], Number(m![2]));
      }
      const setCalls = samples.get('podium_command_calls_total{cmd="set"}')!;
      expect(setCalls).toBeGreaterThanOrEqual(2);
      expect(samples.get('podium_command_duration_seconds_count{cmd="set"}')).toBe(setCalls);
      expect(samples.get('podium_command_duration_seconds_bucket{cmd="set",le="+Inf"}')).toBe(setCalls);
      expect(samples.get('podium_connected_clients{transport="ws"}')).toBe(1);
      expect(samples.get('podium_connected_clients{transport="tcp"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('podium_memory_bytes{kind="rss"}')).toBeGreaterThan(0);
      expect(samples.get('podium_keys{db="0"}')).toBe(await r.dbsize());
      expect(samples.get('podium_pubsub_channels')).toBe(1);
      expect(samples.get('podium_live_subscriptions{state="attached"}')).toBe(1);
      expect(samples.get('podium_live_subscriptions{state="detached"}')).toBe(0);
      expect(samples.get('podium_live_pushes_total{kind="all"}')).toBe(1);
      expect(samples.get('podium_gateway_ws_connections')).toBe(1);
      expect(samples.get('podium_gateway_messages_total{direction="in"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('podium_gateway_http_requests_total{route="/v1/cmd",status="200"}')).toBeGreaterThan(5);
    } finally {
      ws.close();
    }
  });
});
