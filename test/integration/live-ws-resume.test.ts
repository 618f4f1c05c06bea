/**
 * A LIVE.STREAM tail over WebSocket under continuous XADD: the socket is killed mid-stream (with
 * pushes sent but never read), and a new socket resumes with LIVE.RESUME ... AFTER <last id>. The
 * entries received over both sockets, applied by LiveView, must be exactly XRANGE: no loss, no
 * duplicates, in order — whether the subscription's replay ring still holds what was missed, or the
 * missed part has to be re-read from the stream itself. Without AFTER, a resume the ring cannot
 * serve gets an explicit gap (reason resume) instead.
 */
import { describe, expect, it } from 'vitest';
import { serverSuite } from '../helpers/suite.ts';
import { WsJson, sleep } from '../helpers/ws-json.ts';
import { LiveView, livePushOf, type StreamEntry } from '../../shared/live.ts';
import { liveHub } from '../../server/commands/live/live-hub.ts';

describe('LIVE.STREAM over WebSocket: kill mid-stream, resume on a new socket', () => {
  const suite = serverSuite({ 'http-port': '-1', 'live-tick-ms': '5' }, (t) => WsJson.open(t.httpPort));
  const openWs = suite.open;

  for (const ring of ['ring holds the missed pushes', 'ring too small: re-read from the stream'] as const) {
    it(ring, async () => {
      const small = ring.startsWith('ring too small');
      const admin = suite.t.client();
      await admin.config('SET', 'live-replay-pushes', small ? '1' : '1000');
      const key = small ? 'tail:small' : 'tail:ring';
      const w = suite.t.client();

      const a = await openWs();
      const st = (await a.call('LIVE.STREAM', key, 'FIELDS', '1', 'n')).ok;
      const view = new LiveView({ maxEntries: 1e6 });
      view.started(st);
      const applied: StreamEntry[] = [];
      const receivedIds: string[] = [];
      const take = (msg: unknown) => {
        const p = livePushOf(msg);
        expect(p).not.toBeNull();
        if (p!.type === 'entries') for (const e of p!.entries) receivedIds.push(e[0]);
        const r = view.apply(msg);
        expect(['applied', 'duplicate']).toContain(r);
        if (r === 'applied' && p!.type === 'entries') applied.push(...p!.entries);
        return p!;
      };

      // Continuous writes, awaited one by one, until told to stop.
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await w.xadd(key, '*', 'n', String(written), 'other', 'x'.repeat(50));
          written++;
          if (written % 20 === 0) await sleep(1);
        }
      })();

      // Follow a while on the first socket.
      while (applied.length < 100) take(await a.next());
      // Kill it once the server has sent pushes this socket will never read.
      const sub = liveHub(suite.t.server.engine).subs.get(st.sub)!;
      while (sub.seq <= view.seq + 2) await sleep(1);
      a.kill();
      const seqAtKill = view.seq;
      await sleep(50); // writes go on while nobody is connected

      const b = await openWs();
      const cmd = view.resumeCommand();
      expect(cmd).toEqual(['LIVE.RESUME', st.sub, String(view.epoch), String(view.seq), 'AFTER', view.lastId]);
      const res = (await b.call(...cmd)).ok;
      expect(res.sub).toBe(st.sub);
      if (small) {
        // The ring (1 push) cannot hold what was missed: re-read from the stream, flagged replay.
        expect(res.reset).toBe(true);
      } else {
        expect(res.reset).toBe(false);
        expect(res.replay).toBe(res.seq - seqAtKill);
        expect(res.replay).toBeGreaterThan(2);
      }
      view.started(res);
      let replayFlag = false;
      // Keep following on the new socket while writes continue, then stop them and catch up.
      while (applied.length < written + 100 && written < 3000) {
        const p = take(await b.next());
        if (p.type === 'entries' && p.replay === true) replayFlag = true;
        expect(p.type).not.toBe('gap');
      }
      writing = false;
      await writer;
      const truth = (await w.xrange(key, '-', '+')) as [string, string[]][];
      const lastId = truth[truth.length - 1][0];
      while (view.lastId !== lastId) {
        const p = take(await b.next());
        if (p.type === 'entries' && p.replay === true) replayFlag = true;
        expect(p.type).not.toBe('gap');
      }
      expect(replayFlag).toBe(small);
      // Exactly the stream: every entry once, in order, projected onto FIELDS n.
      expect(applied.length).toBe(truth.length);
      expect(applied).toEqual(truth.map(([id, f]) => [id, ['n', f[1]]]));
      // Whatever came twice over the wire (replays) was recognised as such, never applied twice.
      expect([...new Set(receivedIds)]).toEqual(truth.map(([id]) => id));
      expect((await b.call('LIVE.UNWATCH', st.sub)).ok).toBe(1);
      await admin.config('SET', 'live-replay-pushes', '1000');
    }, 30000);
  }

  it('without AFTER, when the ring cannot replay: a gap (reason resume, missed = pushes missed), then the tail goes on', async () => {
    const admin = suite.t.client();
    await admin.config('SET', 'live-replay-pushes', '1');
    try {
      const key = 'tail:noafter';
      const w = suite.t.client();
      const a = await openWs();
      const st = (await a.call('LIVE.STREAM', key)).ok;
      const view = new LiveView();
      view.started(st);
      await w.xadd(key, '1-1', 'n', '1');
      expect(view.apply(await a.next())).toBe('applied');
      a.socket.pause();
      const sub = liveHub(suite.t.server.engine).subs.get(st.sub)!;
      for (let i = 2; sub.seq < view.seq + 3; i++) {
        await w.xadd(key, `${i}-1`, 'n', String(i));
        await sleep(10);
      }
      a.kill();
      const serverSeq = sub.seq;
      const b = await openWs();
      const res = (await b.call('LIVE.RESUME', st.sub, String(view.epoch), String(view.seq))).ok;
      expect(res).toMatchObject({ sub: st.sub, reset: true, replay: 0 });
      const gap = await b.next();
      const missed = serverSeq - view.seq;
      expect(livePushOf(gap)).toMatchObject({ type: 'gap', reason: 'resume', missed, epoch: res.epoch });
      view.started(res);
      expect(view.apply(gap)).toBe('applied');
      expect(view.lastGap).toEqual({ reason: 'resume', missed });
      const last = (await w.xadd(key, '999-1', 'n', 'last')) as string;
      const next = await b.next();
      expect(livePushOf(next)).toMatchObject({ type: 'entries', entries: [[last, ['n', 'last']]] });
      expect(view.apply(next)).toBe('applied');
    } finally {
      await admin.config('SET', 'live-replay-pushes', '1000');
    }
  });
});

