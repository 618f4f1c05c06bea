/**
 * Live subscriptions on a real server over raw RESP3 sockets (ioredis does not speak RESP3):
 * snapshot then deltas, around-member following, resume after a killed connection with no loss or
 * duplicates, a slow reader (gap, reset snapshot, bounded server output), stream tails.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { resp } from '../helpers/server.ts';
import { Inbox } from '../helpers/inbox.ts';
import { serverSuite } from '../helpers/suite.ts';
import { parseReply } from '../helpers/redis-ref.ts';
import { resp3Js } from '../helpers/resp3.ts';
import { pairs, windowOf } from '../helpers/live-window.ts';
import { LiveView, livePushOf, type LivePush } from '../../shared/live.ts';
import { liveHub } from '../../server/commands/live/live-hub.ts';

/** A RESP3 connection that parses incrementally (a slow reader may receive megabytes at once). */
class Resp3Conn {
  private buf = '';
  private pos = 0;
  private readonly replies = new Inbox<{ t: string; v: unknown; raw: string }>();

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf = this.buf.slice(this.pos) + d.toString('latin1');
      this.pos = 0;
      for (;;) {
        const r = parseReply(this.buf, this.pos);
        if (r === null) break;
        this.replies.push({ t: r.node.t, v: resp3Js(r.node), raw: r.node.raw });
        this.pos = r.end;
      }
    });
    socket.on('close', () => this.replies.close('connection closed'));
    socket.on('error', () => {});
  }

  static async open(port: number, proto: 2 | 3 = 3): Promise<Resp3Conn> {
    const s = await new Promise<net.Socket>((resolve, reject) => {
      const sock = net.connect({ port, host: '127.0.0.1' }, () => resolve(sock));
      sock.once('error', reject);
    });
    const c = new Resp3Conn(s);
    if (proto === 3) expect((await c.call('HELLO', '3')) as object).toHaveProperty('proto', 3);
    return c;
  }

  send(...argv: string[]): void {
    this.socket.write(resp(...argv));
  }

  /** The next message (reply or push). */
  next(timeoutMs = 5000): Promise<{ t: string; v: unknown; raw: string }> {
    return this.replies.next(timeoutMs, 'a message');
  }

  /** Sends a command and returns its reply; pushes that arrive first are kept for nextPush(). */
  async call(...argv: string[]): Promise<any> {
    this.send(...argv);
    const held: { t: string; v: unknown; raw: string }[] = [];
    for (;;) {
      const m = await this.next();
      if (m.t === '>') {
        held.push(m);
        continue;
      }
      this.replies.unshift(...held);
      return m.v;
    }
  }

  async nextPush(timeoutMs?: number): Promise<LivePush & { raw: unknown }> {
    const m = await this.next(timeoutMs);
    expect(m.t).toBe('>');
    return Object.assign(livePushOf(m.v) as LivePush, { raw: m.v });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Applies pushes to `view` until `done(view)` holds, checking seqs never skip or repeat. */
async function follow(c: Resp3Conn, view: LiveView, seqs: number[], done: (v: LiveView) => boolean, timeoutMs = 5000): Promise<LivePush[]> {
  const deadline = Date.now() + timeoutMs;
  const seen: LivePush[] = [];
  while (!done(view)) {
    const p = await c.nextPush(Math.max(1, deadline - Date.now()));
    seen.push(p);
    expect(view.apply(p.raw)).toBe('applied');
    seqs.push(p.seq);
  }
  return seen;
}

const contiguous = (seqs: number[]) => seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1);

describe('live subscriptions over RESP3', () => {
  const suite = serverSuite({ 'live-tick-ms': '10' }, (t, proto: 2 | 3 = 3) => Resp3Conn.open(t.port, proto));
  const open = suite.open;

  it('refuses RESP2 connections', async () => {
    const c = await open(2);
    c.send('LIVE.WATCH', 'lb', 'TOP', '3');
    expect((await c.next()).raw).toBe('-ERR live subscriptions need RESP3 push messages: send HELLO 3 first\r\n');
  });

  it('sends a snapshot, then deltas that keep a LiveView equal to ZREVRANGE', async () => {
    const w = suite.t.client();
    await w.zadd('board', 10, 'ann', 20, 'bob', 30, 'cid', 40, 'dan');
    const c = await open();
    const st = await c.call('LIVE.WATCH', 'board', 'TOP', '3');
    expect(Object.keys(st)).toEqual(['sub', 'epoch', 'seq']);
    const view = new LiveView();
    view.started(st);
    const snap = await c.nextPush();
    expect(snap.raw).toEqual(['live', { sub: st.sub, epoch: st.epoch, seq: 1, type: 'snapshot', reset: false, start: 0, entries: [['dan', 40, 0], ['cid', 30, 1], ['bob', 20, 2]] }]);
    view.apply(snap.raw);
    const seqs = [1];
    for (let round = 0; round < 20; round++) {
      const p = w.pipeline();
      for (let k = 0; k < 5; k++) p.zincrby('board', (round * 7 + k * 13) % 17 - 6, ['ann', 'bob', 'cid', 'dan', 'eve', 'fay'][(round + k) % 6]);
      await p.exec();
      const truth = pairs(await w.zrevrange('board', 0, 2, 'WITHSCORES'));
      await follow(c, view, seqs, (v) => JSON.stringify(windowOf(v)) === JSON.stringify(truth));
    }
    expect(contiguous(seqs)).toBe(true);
  });

  it('AROUND follows the member as its rank moves', async () => {
    const w = suite.t.client();
    const members: (string | number)[] = [];
    for (let i = 0; i < 30; i++) members.push(i * 10, 'p' + i);
    await w.zadd('ladder', ...members);
    const c = await open();
    const st = await c.call('LIVE.WATCH', 'ladder', 'AROUND', 'p5', '2');
    const view = new LiveView();
    view.started(st);
    const seqs: number[] = [];
    const around = async () => {
      const r = await w.zrevrank('ladder', 'p5');
      if (r === null) return [];
      return pairs(await w.zrevrange('ladder', Math.max(0, r - 2), r + 2, 'WITHSCORES'));
    };
    await follow(c, view, seqs, (v) => v.seq >= 1);
    expect(view.window.map((e) => e.rank)).toEqual([22, 23, 24, 25, 26]);
    for (const score of [95, 155, 305, 1000, -5]) {
      await w.zadd('ladder', score, 'p5');
      const truth = await around();
      await follow(c, view, seqs, (v) => JSON.stringify(windowOf(v)) === JSON.stringify(truth));
      const rank = (await w.zrevrank('ladder', 'p5')) as number;
      expect(view.window.find((e) => e.member === 'p5')!.rank).toBe(rank);
    }
    expect(contiguous(seqs)).toBe(true);
  });

  it('resumes after a killed connection with no loss and no duplicates', async () => {
    const w = suite.t.client();
    const a = await open();
    const st = await a.call('LIVE.WATCH', 'resumed', 'TOP', '5');
    const view = new LiveView();
    view.started(st);
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      await w.zadd('resumed', i, 'm' + i);
      await follow(a, view, seqs, (v) => v.window.length === Math.min(5, i + 1));
    }
    // Writes keep coming while the connection dies without reading what was sent.
    const writing = (async () => {
      for (let i = 5; i < 40; i++) {
        await w.zadd('resumed', i % 2 === 0 ? i : -i, 'm' + i);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    // Let the server send at least one push this client will never read.
    const sub = liveHub(suite.t.server.engine).subs.get(st.sub)!;
    while (sub.seq <= view.seq) await new Promise((r) => setTimeout(r, 2));
    const seqBefore = view.seq;
    a.close();
    await writing;
    const b = await open();
    const res = await b.call(...view.resumeCommand());
    expect(res.sub).toBe(st.sub);
    expect(res.reset).toBe(false);
    view.started(res);
    const truth = pairs(await w.zrevrange('resumed', 0, 4, 'WITHSCORES'));
    await follow(b, view, seqs, (v) => v.seq >= res.seq && JSON.stringify(windowOf(v)) === JSON.stringify(truth));
    expect(contiguous(seqs)).toBe(true);
    expect(seqs[0]).toBe(1);
    // What the dead connection was sent but never read came back as a replay (same seqs).
    expect(res.replay).toBe(res.seq - seqBefore);
    expect(res.replay).toBeGreaterThan(0);
  });

  it('a slow reader gets a gap then a reset snapshot, and the server holds a bounded amount for it', async () => {
    await suite.t.client().config('SET', 'live-max-buffer', '256kb');
    const w = suite.t.client();
    const name = (i: number) => 'player-' + String(i).padStart(4, '0') + '-' + 'x'.repeat(400);
    const add: (string | number)[] = [];
    for (let i = 0; i < 1000; i++) add.push(i, name(i));
    await w.zadd('slow', ...add);
    const c = await open();
    const st = await c.call('LIVE.WATCH', 'slow', 'TOP', '1000', 'POLICY', 'RESET');
    const view = new LiveView();
    view.started(st);
    await follow(c, view, [], (v) => v.seq >= 1);
    c.socket.pause();
    const hub = liveHub(suite.t.server.engine);
    const sub = hub.subs.get(st.sub)!;
    const server = sub.client!;
    let maxOut = 0;
    let round = 0;
    // Every round changes every score: each tick's delta is ~400 KB until the reader is behind.
    while (!sub.behind || round < 40) {
      const p = w.pipeline();
      for (let i = 0; i < 1000; i++) p.zincrby('slow', ((i * 31 + round * 17) % 11) - 5, name(i));
      await p.exec();
      await new Promise((r) => setTimeout(r, 15));
      maxOut = Math.max(maxOut, server.link.outputBytes());
      round++;
      expect(round).toBeLessThan(400);
    }
    // Behind: nothing more is queued for it however many changes happen.
    for (let k = 0; k < 10; k++) {
      const p = w.pipeline();
      for (let i = 0; i < 1000; i++) p.zincrby('slow', 1, name(i));
      await p.exec();
      await new Promise((r) => setTimeout(r, 15));
      maxOut = Math.max(maxOut, server.link.outputBytes());
    }
    // Bounded by the limit plus one tick's push (the push that crossed it), whatever the write rate.
    expect(maxOut).toBeLessThan(256 * 1024 + 1024 * 1024);
    expect(sub.ring.bytes).toBeLessThanOrEqual(1024 * 1024);
    c.socket.resume();
    const truth = pairs(await w.zrevrange('slow', 0, 999, 'WITHSCORES'));
    const seqs: number[] = [];
    const seen = await follow(c, view, seqs, (v) => JSON.stringify(windowOf(v)) === JSON.stringify(truth), 20000);
    const gapAt = seen.findIndex((p) => p.type === 'gap');
    expect(gapAt).toBeGreaterThanOrEqual(0);
    expect(seen[gapAt]).toMatchObject({ reason: 'slow' });
    expect(seen[gapAt + 1]).toMatchObject({ type: 'snapshot', reset: true, epoch: st.epoch + 1 });
    expect(contiguous([1, ...seqs])).toBe(true);
    await suite.t.client().config('SET', 'live-max-buffer', '1mb');
  }, 60000);

  it('tails a stream with a field filter', async () => {
    const w = suite.t.client();
    await w.xadd('sensors', '1-0', 'temp', '20', 'hum', '40');
    const c = await open();
    const st = await c.call('LIVE.STREAM', 'sensors', 'FIELDS', '1', 'temp');
    const view = new LiveView();
    view.started(st);
    await w.xadd('sensors', '2-0', 'temp', '21', 'hum', '41');
    await w.xadd('sensors', '3-0', 'hum', '42');
    await w.xadd('sensors', '4-0', 'hum', '43', 'temp', '22');
    await follow(c, view, [], (v) => v.lastId === '4-0');
    expect(view.entries).toEqual([
      ['2-0', ['temp', '21']],
      ['4-0', ['temp', '22']],
    ]);
    expect(await c.call('LIVE.UNWATCH', st.sub)).toBe(1);
    const end = await c.nextPush();
    expect(end).toMatchObject({ type: 'end', reason: 'unwatch' });
  });
});
