/**
 * A deliberately slow WebSocket reader on a live watch: the client stops reading its TCP socket
 * while every score of a 1000-entry board changes again and again. The server's pending output for
 * it must stay bounded (CLIENT LIST, /metrics), nothing may be generated for it while it is behind,
 * and once it reads again it must get what its declared policy says — CONFLATE: one delta from the
 * last window sent (no gap, seqs contiguous); RESET: a gap signal then a reset snapshot in a new
 * epoch — after which a LiveView that applied everything equals ZREVRANGE.
 */
import { describe, expect, it } from 'vitest';
import { serverSuite } from '../helpers/suite.ts';
import { WsJson, metric, sleep } from '../helpers/ws-json.ts';
import { pairs } from '../helpers/live-window.ts';
import { LiveView, livePushOf, type LivePush } from '../../shared/live.ts';

const LIMIT = 256 * 1024;
const name = (i: number) => 'player-' + String(i).padStart(4, '0') + '-' + 'x'.repeat(400);

describe('a slow WebSocket reader on a live watch', () => {
  const suite = serverSuite({ 'http-port': '-1', 'live-tick-ms': '10', 'live-max-buffer': String(LIMIT) }, (t) => WsJson.open(t.httpPort));

  const metrics = async () => (await fetch(`http://127.0.0.1:${suite.t.httpPort}/metrics`)).text();

  /** obl + omem of one client, from CLIENT LIST as any operator would read it. */
  async function pendingOutput(id: number): Promise<number> {
    const line = String(await suite.t.client().client('LIST', 'ID', String(id)));
    const obl = /\bobl=(\d+)/.exec(line);
    const omem = /\bomem=(\d+)/.exec(line);
    expect(obl).not.toBeNull();
    expect(omem).not.toBeNull();
    return Number(obl![1]) + Number(omem![1]);
  }

  for (const policy of ['CONFLATE', 'RESET'] as const) {
    it(`POLICY ${policy}: bounded pending output while paused, then ${policy === 'RESET' ? 'a gap and a reset snapshot' : 'one conflated delta'}; the view ends equal to ZREVRANGE`, async () => {
      const key = 'slowws:' + policy;
      const w = suite.t.client();
      const add: (string | number)[] = [];
      for (let i = 0; i < 1000; i++) add.push(i, name(i));
      await w.zadd(key, ...add);
      const c = await suite.open();
      const clientId = (await c.call('CLIENT', 'ID')).ok as number;
      const watch = ['LIVE.WATCH', key, 'TOP', '1000'];
      if (policy === 'RESET') watch.push('POLICY', 'RESET');
      const st = (await c.call(...watch)).ok;
      const view = new LiveView();
      view.started(st);
      expect(view.apply(await c.next())).toBe('applied');
      expect(view.window.length).toBe(1000);

      c.socket.pause();
      let maxOut = 0;
      let behind = false;
      let round = 0;
      const bump = async (k: number) => {
        const p = w.pipeline();
        for (let i = 0; i < 1000; i++) p.zincrby(key, (i * 31 + k * 17) % 11, name(i));
        await p.exec();
        await sleep(15);
        maxOut = Math.max(maxOut, await pendingOutput(clientId));
      };
      // Each round moves most of the board: every tick's delta is hundreds of KB until it is behind.
      // Scores only grow (the total strictly), so no earlier state equals the final one.
      while (!behind) {
        await bump(round++);
        behind = metric(await metrics(), 'podium_live_subscriptions{state="behind"}') === 1;
        expect(round).toBeLessThan(400);
      }
      // Behind: however many changes, nothing more is generated or queued for it.
      const pushesBefore = metric(await metrics(), 'podium_live_pushes_total{kind="all"}');
      for (let k = 0; k < 20; k++) await bump(round++);
      const m = await metrics();
      expect(metric(m, 'podium_live_pushes_total{kind="all"}')).toBe(pushesBefore);
      expect(metric(m, 'podium_live_subscriptions{state="behind"}')).toBe(1);
      // The limit, plus the one push that crossed it (a 1000-entry delta or snapshot, < 1 MB).
      expect(maxOut).toBeGreaterThan(LIMIT / 2);
      expect(maxOut).toBeLessThan(LIMIT + 1024 * 1024);
      const truth = pairs(await w.zrevrange(key, 0, 999, 'WITHSCORES'));

      c.socket.resume();
      const seen: LivePush[] = [];
      const seqs = [view.seq];
      const current = () => JSON.stringify(view.window.map((e) => [e.member, e.score]));
      while (current() !== JSON.stringify(truth)) {
        const msg = await c.next(20000);
        const p = livePushOf(msg);
        expect(p).not.toBeNull();
        seen.push(p!);
        seqs.push(p!.seq);
        expect(view.apply(msg)).toBe('applied');
      }
      // Every push arrived, in order; nothing was skipped silently.
      expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1)).toBe(true);
      // Far fewer pushes than rounds of changes: the ticks while behind were skipped, not queued.
      expect(seen.length).toBeLessThan(round);
      const gapAt = seen.findIndex((p) => p.type === 'gap');
      if (policy === 'CONFLATE') {
        expect(gapAt).toBe(-1);
        expect(seen.every((p) => p.type === 'delta' && p.epoch === st.epoch)).toBe(true);
      } else {
        expect(gapAt).toBeGreaterThanOrEqual(0);
        expect(seen[gapAt]).toMatchObject({ reason: 'slow' });
        expect((seen[gapAt] as { missed: number }).missed).toBeGreaterThan(0);
        expect(seen[gapAt + 1]).toMatchObject({ type: 'snapshot', reset: true, epoch: st.epoch + 1 });
        expect(view.epoch).toBe(st.epoch + 1);
      }
      // Caught up: the server holds nothing for it any more, and it is no longer behind.
      await sleep(50);
      expect(await pendingOutput(clientId)).toBe(0);
      const m2 = await metrics();
      expect(metric(m2, 'podium_live_subscriptions{state="behind"}')).toBe(0);
      // What it was sent on recovery: exactly the declared policy's pushes, made from the current state.
      expect(metric(m2, 'podium_live_pushes_total{kind="all"}') - pushesBefore).toBe(policy === 'CONFLATE' ? 1 : 2);
      // And it keeps following live changes afterwards.
      await w.zadd(key, 1e6, name(7));
      const after = await c.next();
      expect(view.apply(after)).toBe('applied');
      expect(view.window[0]).toEqual({ member: name(7), score: 1e6, rank: 0 });
      expect((await c.call('LIVE.UNWATCH', st.sub)).ok).toBe(1);
      c.kill();
    }, 60000);
  }

  it('LIVE.STREAM: a paused reader of a trimmed stream holds bounded output; on reading again, a trimmed gap with the exact count comes before the entries after the hole', async () => {
    const key = 'slowws:stream';
    const w = suite.t.client();
    const c = await suite.open();
    const clientId = (await c.call('CLIENT', 'ID')).ok as number;
    const st = (await c.call('LIVE.STREAM', key)).ok;
    const view = new LiveView({ maxEntries: 1e6 });
    view.started(st);
    const big = 'v'.repeat(2000);
    let n = 0;
    const add = async (count: number) => {
      const p = w.pipeline();
      for (let i = 0; i < count; i++) {
        n++;
        p.xadd(key, 'MAXLEN', '1000', `${n}-1`, 'n', String(n), 'pad', big);
      }
      await p.exec();
    };
    await add(10);
    while (view.lastId !== '10-1') expect(view.apply(await c.next())).toBe('applied');

    c.socket.pause();
    let maxOut = 0;
    let behind = false;
    while (!behind) {
      await add(200);
      await sleep(15);
      maxOut = Math.max(maxOut, await pendingOutput(clientId));
      behind = metric(await metrics(), 'podium_live_subscriptions{state="behind"}') === 1;
      expect(n).toBeLessThan(200000);
    }
    // While behind, far more than MAXLEN entries are added: unread ones are trimmed away.
    for (let k = 0; k < 15; k++) {
      await add(200);
      await sleep(10);
      maxOut = Math.max(maxOut, await pendingOutput(clientId));
    }
    expect(maxOut).toBeLessThan(LIMIT + 2 * 1024 * 1024);
    c.socket.resume();

    // Every entry is either received once, or counted by the gap signal that precedes the hole.
    const got: number[] = [10];
    let pendingGap = 0;
    let gaps = 0;
    while (view.lastId !== `${n}-1`) {
      const msg = await c.next(20000);
      const p = livePushOf(msg)!;
      expect(view.apply(msg)).toBe('applied');
      if (p.type === 'gap') {
        expect(p.reason).toBe('trimmed');
        pendingGap += p.missed;
        gaps++;
        continue;
      }
      expect(p.type).toBe('entries');
      if (p.type !== 'entries') continue;
      for (const [id] of p.entries) {
        const k = Number(id.split('-')[0]);
        expect(k - got[got.length - 1] - 1).toBe(pendingGap);
        pendingGap = 0;
        got.push(k);
      }
    }
    expect(gaps).toBeGreaterThanOrEqual(1);
    expect(pendingGap).toBe(0);
    expect(got.length - 1 + 10 < n).toBe(true); // some were trimmed before they could be read
    expect((await c.call('LIVE.UNWATCH', st.sub)).ok).toBe(1);
    c.kill();
  }, 60000);
});

