/**
 * Live subscriptions through the WebSocket gateway: the same LIVE.* commands, pushes as JSON frames
 * {"push":["live",{...}]}, applied by LiveView; resume on a second socket after the first is killed.
 */
import { describe, expect, it } from 'vitest';
import { serverSuite } from '../helpers/suite.ts';
import { WsJson } from '../helpers/ws-json.ts';
import { LiveView, livePushOf } from '../../shared/live.ts';

describe('live subscriptions over the WebSocket gateway', () => {
  const suite = serverSuite({ 'http-port': '-1', 'live-tick-ms': '10' }, (t) => WsJson.open(t.httpPort));
  const open = suite.open;

  it('watch: a JSON snapshot push, then deltas; resume on a new socket replays with the same seqs', async () => {
    const w = suite.t.client();
    await w.zadd('wsboard', 1, 'ann', 2, 'bob', 3, 'cid');
    const a = await open();
    const st = await a.call('LIVE.WATCH', 'wsboard', 'TOP', '2');
    expect(Object.keys(st.ok)).toEqual(['sub', 'epoch', 'seq']);
    const view = new LiveView();
    view.started(st.ok);
    const snap = await a.next();
    expect(snap).toEqual({ push: ['live', { sub: st.ok.sub, epoch: st.ok.epoch, seq: 1, type: 'snapshot', reset: false, start: 0, entries: [['cid', 3, 0], ['bob', 2, 1]] }] });
    expect(view.apply(snap)).toBe('applied');
    await w.zadd('wsboard', 10, 'ann');
    const d = await a.next();
    expect(d).toEqual({ push: ['live', { sub: st.ok.sub, epoch: st.ok.epoch, seq: 2, type: 'delta', start: 0, changes: [['leave', 'bob'], ['enter', 'ann', 10, 0]] }] });
    expect(view.apply(d)).toBe('applied');
    // More changes go out while the socket dies unread.
    await w.zadd('wsboard', 20, 'bob');
    await new Promise((r) => setTimeout(r, 40));
    a.close();
    await w.zadd('wsboard', 30, 'dan');
    const b = await open();
    const res = await b.call(...view.resumeCommand());
    expect(res.ok).toMatchObject({ sub: st.ok.sub, reset: false });
    expect(res.ok.replay).toBeGreaterThanOrEqual(1);
    view.started(res.ok);
    const truth = ['dan', 'bob'];
    while (view.window.map((e) => e.member).join() !== truth.join()) {
      const m = await b.next();
      expect(livePushOf(m)).not.toBeNull();
      expect(view.apply(m)).toBe('applied');
    }
    expect(view.window).toEqual([
      { member: 'dan', score: 30, rank: 0 },
      { member: 'bob', score: 20, rank: 1 },
    ]);
  });

  it('stream tail as JSON entries', async () => {
    const c = await open();
    const st = await c.call('LIVE.STREAM', 'wsstream', 'FIELDS', '1', 'v');
    const view = new LiveView();
    view.started(st.ok);
    const w = suite.t.client();
    await w.xadd('wsstream', '5-1', 'v', 'one', 'other', 'x');
    const m = await c.next();
    expect(m).toEqual({ push: ['live', { sub: st.ok.sub, epoch: st.ok.epoch, seq: 1, type: 'entries', entries: [['5-1', ['v', 'one']]] }] });
    expect(view.apply(m)).toBe('applied');
    expect(view.lastId).toBe('5-1');
    expect((await c.call('LIVE.UNWATCH', st.ok.sub)).ok).toBe(1);
    expect((await c.next()).push[1]).toMatchObject({ type: 'end', reason: 'unwatch' });
  });
});
