/**
 * Live subscriptions on a real server, points of issue 5 not covered elsewhere: the per-watch TICK
 * coalesces changes; a resume whose missed pushes are gone from the ring gets a fresh snapshot
 * flagged reset (never a silent gap); the JSON form of scores and binary members in live pushes;
 * LIVE.* refused over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { serverSuite } from '../helpers/suite.ts';
import { WsJson, sleep } from '../helpers/ws-json.ts';
import { pairs, windowOf } from '../helpers/live-window.ts';
import { LiveView, livePushOf } from '../../shared/live.ts';
import { liveHub } from '../../server/commands/live/live-hub.ts';

describe('live subscriptions: TICK, reset on resume, JSON form, HTTP', () => {
  const suite = serverSuite({ 'http-port': '-1' }, (t) => WsJson.open(t.httpPort));
  const openWs = suite.open;

  it('TICK: a 1000 ms watch gets all writes made within its tick as one delta; a 10 ms watch of the same board gets them as they come', async () => {
    const w = suite.t.client();
    await w.zadd('ticked', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    const slow = await openWs();
    const fast = await openWs();
    const views = [new LiveView(), new LiveView()];
    const s1 = (await slow.call('LIVE.WATCH', 'ticked', 'TOP', '5', 'TICK', '1000')).ok;
    const s2 = (await fast.call('LIVE.WATCH', 'ticked', 'TOP', '5', 'TICK', '10')).ok;
    views[0].started(s1);
    views[1].started(s2);
    expect(views[0].apply(await slow.next())).toBe('applied');
    expect(views[1].apply(await fast.next())).toBe('applied');
    const t0 = Date.now();
    for (let i = 0; i < 8; i++) {
      await w.zincrby('ticked', 3, ['a', 'b', 'c', 'd', 'e'][i % 5]);
      await sleep(25);
    }
    const truth = pairs(await w.zrevrange('ticked', 0, 4, 'WITHSCORES'));
    expect(Date.now() - t0).toBeLessThan(900); // the writes really fell within one slow tick
    let fastDeltas = 0;
    while (JSON.stringify(windowOf(views[1])) !== JSON.stringify(truth)) {
      const m = await fast.next();
      expect(views[1].apply(m)).toBe('applied');
      fastDeltas++;
    }
    expect(fastDeltas).toBeGreaterThanOrEqual(4);
    const d = await slow.next(3000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(livePushOf(d)).toMatchObject({ type: 'delta', seq: 2 });
    expect(views[0].apply(d)).toBe('applied');
    expect(windowOf(views[0])).toEqual(truth);
    // Nothing more: one delta for the whole tick.
    await sleep(1200);
    expect(slow.pending).toBe(0);
  });

  it('a resume that the replay ring cannot serve gets a snapshot flagged reset, in a new epoch, then goes on live', async () => {
    const admin = suite.t.client();
    await admin.config('SET', 'live-replay-pushes', '1');
    try {
      const w = suite.t.client();
      await w.zadd('reset-on-resume', 1, 'a', 2, 'b', 3, 'c');
      const a = await openWs();
      const st = (await a.call('LIVE.WATCH', 'reset-on-resume', 'TOP', '3', 'TICK', '5')).ok;
      const view = new LiveView();
      view.started(st);
      expect(view.apply(await a.next())).toBe('applied');
      const sub = liveHub(suite.t.server.engine).subs.get(st.sub)!;
      // Pushes sent to a socket that will never read them: more than the ring (1 push) keeps.
      a.socket.pause();
      for (let i = 0; sub.seq < view.seq + 3; i++) {
        await w.zincrby('reset-on-resume', 10, ['a', 'b', 'c'][i % 3]);
        await sleep(10);
      }
      a.kill();
      await w.zadd('reset-on-resume', 100, 'd');
      const b = await openWs();
      const res = (await b.call(...view.resumeCommand())).ok;
      expect(res).toMatchObject({ sub: st.sub, reset: true, replay: 0 });
      expect(res.epoch).not.toBe(st.epoch);
      view.started(res);
      const snap = await b.next();
      expect(livePushOf(snap)).toMatchObject({ type: 'snapshot', reset: true, epoch: res.epoch });
      // The seq jumped (pushes were lost with the socket), but a reset snapshot replaces the state.
      expect(livePushOf(snap)!.seq).toBeGreaterThan(view.seq + 1);
      expect(view.apply(snap)).toBe('applied');
      expect(windowOf(view)).toEqual(pairs(await w.zrevrange('reset-on-resume', 0, 2, 'WITHSCORES')));
      await w.zadd('reset-on-resume', 1000, 'a');
      const d = await b.next();
      expect(view.apply(d)).toBe('applied');
      expect(windowOf(view)).toEqual(pairs(await w.zrevrange('reset-on-resume', 0, 2, 'WITHSCORES')));
    } finally {
      await admin.config('SET', 'live-replay-pushes', '1000');
    }
  });

  it('JSON form of live pushes: inf scores as strings, non-UTF-8 members as base64, applied by LiveView', async () => {
    const w = suite.t.client();
    const bin = Buffer.from([0xff, 0x00, 0xfe]);
    await w.zadd('jsonlive', '+inf', 'top', 1, bin, '-inf', 'bottom');
    const c = await openWs();
    const st = (await c.call('LIVE.WATCH', 'jsonlive', 'TOP', '3')).ok;
    const snap = await c.next();
    expect(snap).toEqual({
      push: ['live', { sub: st.sub, epoch: st.epoch, seq: 1, type: 'snapshot', reset: false, start: 0, entries: [['top', 'inf', 0], [{ base64: bin.toString('base64') }, 1, 1], ['bottom', '-inf', 2]] }],
    });
    const view = new LiveView();
    view.started(st);
    expect(view.apply(snap)).toBe('applied');
    expect(view.window.map((e) => e.score)).toEqual([Infinity, 1, -Infinity]);
    expect(view.window[1].member).toBe(bin.toString('latin1'));
  });

  it('LIVE.* over HTTP is refused with the documented error', async () => {
    const r = await fetch(`http://127.0.0.1:${suite.t.httpPort}/v1/cmd`, { method: 'POST', body: JSON.stringify({ cmd: ['LIVE.WATCH', 'ticked', 'TOP', '3'] }) });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ err: 'ERR live subscriptions need a connection that takes pushes (RESP3 or WebSocket), not HTTP' });
  });
});
