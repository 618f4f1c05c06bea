/**
 * Idle timeouts and live subscriptions: a connection whose only activity is receiving live pushes
 * is not idle. Redis's `timeout` (RESP and WebSocket clients) and the gateway's own
 * `gateway-idle-timeout` close idle clients but spare live watchers — shown next to plain idle
 * clients that ARE closed in the same run, so the test cannot pass by closing nobody.
 */
import { describe, expect, it } from 'vitest';
import { resp, type RawConn } from '../helpers/server.ts';
import { serverSuite } from '../helpers/suite.ts';
import { WsJson, sleep } from '../helpers/ws-json.ts';

/** Waits until the connection has received `text` somewhere, then consumes everything received. */
async function waitFor(c: RawConn, text: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!c.pending().includes(text)) {
    if (c.closed) throw new Error(`connection closed while waiting for ${JSON.stringify(text)}`);
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${JSON.stringify(text)}, have ${JSON.stringify(c.pending())}`);
    await sleep(5);
  }
  const got = c.pending();
  await c.readBytes(got.length);
  return got;
}

describe('idle timeouts spare live watchers', () => {
  const suite = serverSuite({ 'http-port': '-1', 'live-tick-ms': '10' }, (t) => WsJson.open(t.httpPort));
  const openWs = suite.open;

  it('CONFIG SET timeout 1: idle RESP2/RESP3/WebSocket clients are closed; RESP3 and WebSocket live watchers are not', async () => {
    await suite.t.client().zadd('idleboard', 1, 'ann', 2, 'bob');
    // A RESP3 watcher of a board and one of a stream.
    const board = await suite.t.raw();
    board.write(resp('HELLO', '3'));
    await waitFor(board, 'proto');
    board.write(resp('LIVE.WATCH', 'idleboard', 'TOP', '2'));
    await waitFor(board, 'snapshot');
    const tail = await suite.t.raw();
    tail.write(resp('HELLO', '3'));
    await waitFor(tail, 'proto');
    tail.write(resp('LIVE.STREAM', 'idlestream'));
    await waitFor(tail, 'epoch');
    // A WebSocket watcher.
    const wsWatch = await openWs();
    const wst = (await wsWatch.call('LIVE.WATCH', 'idleboard', 'TOP', '2')).ok;
    expect((await wsWatch.next()).push[1]).toMatchObject({ sub: wst.sub, type: 'snapshot' });
    // Idle clients that must be closed: RESP2, RESP3 without a watch, WebSocket without a watch.
    const plain2 = await suite.t.raw();
    plain2.write(resp('PING'));
    expect(await plain2.expect('+PONG\r\n')).toBe('+PONG\r\n');
    const plain3 = await suite.t.raw();
    plain3.write(resp('HELLO', '3'));
    await waitFor(plain3, 'proto');
    const wsPlain = await openWs();
    expect((await wsPlain.call('PING')).ok).toBe('PONG');

    const admin = await suite.t.raw();
    admin.write(resp('CONFIG', 'SET', 'timeout', '1'));
    expect(await admin.expect('+OK\r\n')).toBe('+OK\r\n');
    const since = Date.now();
    await plain2.waitClose(5000);
    await plain3.waitClose(5000);
    const closed = await new Promise<number>((resolve) => {
      if (wsPlain.closed) resolve(0);
      wsPlain.ws.once('close', (code) => resolve(code));
    });
    expect(closed === 0 || closed === 1000).toBe(true);
    expect(Date.now() - since).toBeGreaterThanOrEqual(900);
    // Well past the timeout, with nothing sent by them in the meantime.
    await sleep(1300);
    expect(board.closed).toBe(false);
    expect(tail.closed).toBe(false);
    expect(wsWatch.closed).toBe(false);
    expect(admin.closed).toBe(true); // idle too, so closed as well

    // They still get their pushes and answer commands.
    const w = suite.t.client();
    await w.zadd('idleboard', 5, 'ann');
    expect(await waitFor(board, 'delta')).toContain('ann');
    const d = await wsWatch.next();
    expect(d.push[1]).toMatchObject({ sub: wst.sub, type: 'delta', changes: [['move', 'ann', 1, 0, 5]] });
    await w.xadd('idlestream', '1-1', 'f', 'v');
    expect(await waitFor(tail, 'entries')).toContain('1-1');
    board.write(resp('PING'));
    expect(await waitFor(board, 'PONG')).toBe('+PONG\r\n');

    // The exemption belongs to the watch: once unwatched, the WebSocket is idle like any other.
    expect((await wsWatch.call('LIVE.UNWATCH', wst.sub)).ok).toBe(1);
    expect((await wsWatch.next()).push[1]).toMatchObject({ type: 'end', reason: 'unwatch' });
    const deadline = Date.now() + 5000;
    while (!wsWatch.closed && Date.now() < deadline) await sleep(20);
    expect(wsWatch.closed).toBe(true);
    expect(board.closed).toBe(false);

    await suite.t.client().config('SET', 'timeout', '0');
    board.close();
    tail.close();
  }, 20000);

  it('gateway-idle-timeout 1: a plain idle WebSocket is closed with 1001, a live watcher (and a subscriber) is not', async () => {
    await suite.t.client().config('SET', 'gateway-idle-timeout', '1');
    try {
      const watcher = await openWs();
      const subscriber = await openWs();
      const plain = await openWs();
      const st = (await watcher.call('LIVE.WATCH', 'idleboard2', 'TOP', '3')).ok;
      expect((await watcher.next()).push[1]).toMatchObject({ sub: st.sub, type: 'snapshot', entries: [] });
      expect((await subscriber.call('SUBSCRIBE', 'quiet')).ok).toEqual([['subscribe', 'quiet', 1]]);
      expect((await plain.call('PING')).ok).toBe('PONG');
      const code = await new Promise<[number, string]>((resolve) => plain.ws.once('close', (c, r) => resolve([c, r.toString()])));
      expect(code).toEqual([1001, 'idle timeout']);
      await sleep(1500);
      expect(watcher.closed).toBe(false);
      expect(subscriber.closed).toBe(false);
      await suite.t.client().zadd('idleboard2', 7, 'zed');
      expect((await watcher.next()).push[1]).toMatchObject({ sub: st.sub, type: 'delta', changes: [['enter', 'zed', 7, 0]] });
    } finally {
      await suite.t.client().config('SET', 'gateway-idle-timeout', '0');
    }
  }, 20000);
});
