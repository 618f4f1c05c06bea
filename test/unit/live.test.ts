/**
 * Live subscriptions in-process: LIVE.* through the real dispatcher and RESP3 writer, ticks driven
 * by the test (manual hub, injected clock). Deltas applied by the client-side LiveView must always
 * give the window a naive model computes.
 */
import { describe, expect, it } from 'vitest';
import { connect, harness, testLink, type Harness } from '../helpers/in-process.ts';
import { parseReply } from '../helpers/redis-ref.ts';
import { resp3Js } from '../helpers/resp3.ts';
import { liveHub } from '../../server/commands/live/live-hub.ts';
import { diffWindows, type LiveWindow } from '../../server/commands/live/live-window.ts';
import { LiveView, livePushOf, type LivePush } from '../../shared/live.ts';
import { seededRandom } from '../../server/lib/random.ts';
import { Client } from '../../server/engine/client.ts';
import { RespWriter } from '../../server/protocol/resp-writer.ts';
import { processCommand } from '../../server/engine/dispatch.ts';

function parseAll(bytes: string): { t: string; v: unknown }[] {
  const out: { t: string; v: unknown }[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const r = parseReply(bytes, pos);
    if (r === null) throw new Error('incomplete reply: ' + JSON.stringify(bytes.slice(pos)));
    out.push({ t: r.node.t, v: resp3Js(r.node) });
    pos = r.end;
  }
  return out;
}

type Conn = ReturnType<typeof connect>;

function setup(opts: { seed?: number } = {}) {
  const h = harness({ seed: opts.seed ?? 1 });
  const hub = liveHub(h.engine);
  hub.manual = true;
  return { h, hub };
}

/** Pushes a connection received that no test looked at yet (ticks write between commands). */
const unread = new WeakMap<object, unknown[]>();

function stash(c: Conn, items: { t: string; v: unknown }[]): { t: string; v: unknown }[] {
  const rest: { t: string; v: unknown }[] = [];
  const q = unread.get(c) ?? [];
  unread.set(c, q);
  for (const r of items) {
    if (r.t === '>') q.push(r.v);
    else rest.push(r);
  }
  return rest;
}

/** Runs a command on conn; returns its one reply (pushes that came before it are kept for pushes()). */
function call(c: Conn, ...argv: string[]): any {
  stash(c, parseAll(c.take()));
  const got = stash(c, parseAll(c.run(...argv)));
  expect(got.length).toBe(1);
  return got[0].v;
}

/** Raw pushes written to conn since the last look, in order. */
function rawPushes(c: Conn): unknown[] {
  const rest = stash(c, parseAll(c.take()));
  expect(rest).toEqual([]);
  const q = unread.get(c) ?? [];
  unread.set(c, []);
  return q;
}

/** Pushes written to conn since the last look (as LiveView reads them). */
function pushes(c: Conn): LivePush[] {
  return rawPushes(c).map((v) => {
    const p = livePushOf(v);
    expect(p).not.toBeNull();
    return p as LivePush;
  });
}

/** Naive board order: DESC = ZREVRANGE (score desc, then member bytes desc). */
function naiveWindow(model: Map<string, number>, desc: boolean, mode: 'top' | 'around', n: number, member = ''): { member: string; score: number; rank: number }[] {
  const all = [...model].sort((a, b) => (a[1] !== b[1] ? a[1] - b[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (desc) all.reverse();
  let start = 0;
  let end = Math.min(n, all.length) - 1;
  if (mode === 'around') {
    const r = all.findIndex(([m]) => m === member);
    if (r < 0) return [];
    start = Math.max(0, r - n);
    end = Math.min(all.length - 1, r + n);
  }
  return all.slice(start, end + 1).map(([m, s], i) => ({ member: m, score: s, rank: start + i }));
}

function tick(h: Harness, hub: ReturnType<typeof liveHub>, ms = 50): void {
  h.advance(ms);
  hub.tick();
}

describe('LIVE.WATCH basics', () => {
  it('refuses RESP2 clients with a clear error', () => {
    const { h } = setup();
    expect(h.run('LIVE.WATCH', 'lb', 'TOP', '3')).toBe('-ERR live subscriptions need RESP3 push messages: send HELLO 3 first\r\n');
    expect(h.run('LIVE.STREAM', 's')).toBe('-ERR live subscriptions need RESP3 push messages: send HELLO 3 first\r\n');
  });

  it('validates its arguments before subscribing', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    expect(call(c, 'LIVE.WATCH', 'lb', 'TOP', '0')).toEqual({ error: 'ERR value is out of range, must be positive' });
    expect(call(c, 'LIVE.WATCH', 'lb', 'TOP', 'x')).toEqual({ error: 'ERR value is not an integer or out of range' });
    expect(call(c, 'LIVE.WATCH', 'lb', 'TOP', '1001')).toEqual({ error: 'ERR live window too large (at most 1000 entries)' });
    expect(call(c, 'LIVE.WATCH', 'lb', 'AROUND', 'ann', '500')).toEqual({ error: 'ERR live window too large (at most 1000 entries)' });
    expect(call(c, 'LIVE.WATCH', 'lb', 'SIDEWAYS', '3')).toEqual({ error: 'ERR syntax error' });
    expect(call(c, 'LIVE.WATCH', 'lb', 'TOP', '3', 'ASC', 'ASC')).toEqual({ error: 'ERR syntax error' });
    expect(call(c, 'LIVE.WATCH', 'lb', 'TOP', '3', 'TICK', '0')).toEqual({ error: 'ERR TICK must be between 1 and 60000 milliseconds' });
    expect(call(c, 'LIVE.WATCH', 'lb', 'TOP', '3', 'POLICY', 'DROP')).toEqual({ error: 'ERR syntax error' });
    call(c, 'SET', 'str', 'x');
    expect(call(c, 'LIVE.WATCH', 'str', 'TOP', '3')).toEqual({ error: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
    expect(call(c, 'LIVE.STREAM', 'str')).toEqual({ error: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
    call(c, 'LB.CREATE', 'board', 'ASC');
    expect(call(c, 'LIVE.WATCH', 'board', 'TOP', '3', 'DESC')).toEqual({ error: 'ERR ASC/DESC cannot be given for an LB board: it has its own direction' });
    expect(call(c, 'MULTI')).toBe('OK');
    expect(call(c, 'LIVE.WATCH', 'lb', 'TOP', '3')).toEqual({ error: 'ERR Command not allowed inside a transaction' });
    call(c, 'DISCARD');
    const http = new Client(h.engine, new RespWriter(), { ...testLink(), kind: 'http' });
    http.setResp(3);
    processCommand(h.engine, http, ['LIVE.WATCH', 'lb', 'TOP', '3']);
    expect((http.writer as RespWriter).take()!.toString('latin1')).toBe('-ERR live subscriptions need a connection that takes pushes (RESP3 or WebSocket), not HTTP\r\n');
    expect(hub.subs.size).toBe(0);
  });

  it('replies {sub, epoch, seq}, then a snapshot, then only coalesced changes', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    call(c, 'ZADD', 'lb', '10', 'ann', '20', 'bob', '30', 'cid', '40', 'dan', '5', 'eve');
    const st = call(c, 'LIVE.WATCH', 'lb', 'TOP', '3');
    expect(Object.keys(st)).toEqual(['sub', 'epoch', 'seq']);
    expect(st.seq).toBe(0);
    expect(pushes(c)).toEqual([]); // the snapshot goes out right after the command, not inside its reply
    hub.flushSoon();
    const [snap] = pushes(c);
    expect(snap).toEqual({ sub: st.sub, epoch: st.epoch, seq: 1, type: 'snapshot', reset: false, start: 0, entries: [['dan', 40, 0], ['cid', 30, 1], ['bob', 20, 2]] });
    // Nothing changed: no push.
    tick(h, hub);
    expect(pushes(c)).toEqual([]);
    // ann climbs past bob and cid in several writes within one tick: one delta, naming only what changed.
    call(c, 'ZINCRBY', 'lb', '5', 'ann');
    call(c, 'ZINCRBY', 'lb', '10', 'ann');
    call(c, 'ZINCRBY', 'lb', '20', 'ann');
    call(c, 'ZADD', 'lb', '1', 'zed'); // below the window: not a change of it
    expect(pushes(c)).toEqual([]);
    tick(h, hub);
    const [d] = pushes(c);
    expect(d).toEqual({
      sub: st.sub,
      epoch: st.epoch,
      seq: 2,
      type: 'delta',
      start: 0,
      changes: [
        { op: 'leave', member: 'bob' },
        { op: 'enter', member: 'ann', score: 45, rank: 0 },
      ],
    });
    // dan and cid swap: one move (the other follows from the order).
    call(c, 'ZADD', 'lb', '50', 'cid');
    tick(h, hub);
    expect(pushes(c)[0]).toMatchObject({ seq: 3, type: 'delta', changes: [{ op: 'move', member: 'cid', from: 2, to: 0, score: 50 }] });
    // A score change in place.
    call(c, 'ZADD', 'lb', '46', 'ann');
    tick(h, hub);
    expect(pushes(c)[0]).toMatchObject({ seq: 4, changes: [{ op: 'score', member: 'ann', score: 46, rank: 1 }] });
  });

  it('exact RESP3 bytes: a push of "live" and a map; changes are arrays, op first', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    call(c, 'ZADD', 'lb', '5', 'ann', '2.5', 'bob');
    const st = call(c, 'LIVE.WATCH', 'lb', 'TOP', '2');
    hub.flushSoon();
    const head = (seq: number, type: string, n: number) =>
      `>2\r\n$4\r\nlive\r\n%${n}\r\n$3\r\nsub\r\n$${st.sub.length}\r\n${st.sub}\r\n$5\r\nepoch\r\n:${st.epoch}\r\n$3\r\nseq\r\n:${seq}\r\n$4\r\ntype\r\n$${type.length}\r\n${type}\r\n`;
    expect(c.take()).toBe(head(1, 'snapshot', 7) + '$5\r\nreset\r\n#f\r\n$5\r\nstart\r\n:0\r\n$7\r\nentries\r\n*2\r\n*3\r\n$3\r\nann\r\n,5\r\n:0\r\n*3\r\n$3\r\nbob\r\n,2.5\r\n:1\r\n');
    call(c, 'ZADD', 'lb', '9', 'bob', '1', 'cid');
    tick(h, hub);
    expect(c.take()).toBe(head(2, 'delta', 6) + '$5\r\nstart\r\n:0\r\n$7\r\nchanges\r\n*1\r\n*5\r\n$4\r\nmove\r\n$3\r\nbob\r\n:1\r\n:0\r\n,9\r\n');
    call(c, 'ZREM', 'lb', 'ann');
    call(c, 'ZINCRBY', 'lb', '1', 'bob');
    tick(h, hub);
    expect(c.take()).toBe(
      head(3, 'delta', 6) + '$5\r\nstart\r\n:0\r\n$7\r\nchanges\r\n*3\r\n*2\r\n$5\r\nleave\r\n$3\r\nann\r\n*4\r\n$5\r\nenter\r\n$3\r\ncid\r\n,1\r\n:1\r\n*4\r\n$5\r\nscore\r\n$3\r\nbob\r\n,10\r\n:0\r\n',
    );
  });

  it('respects the watch tick: changes wait for it, then go out together', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    call(c, 'LIVE.WATCH', 'lb', 'TOP', '5', 'TICK', '200');
    hub.flushSoon();
    expect(pushes(c)[0]).toMatchObject({ type: 'snapshot', entries: [] });
    call(c, 'ZADD', 'lb', '1', 'a');
    tick(h, hub, 50); // first run since the snapshot at t=0: due only at t=200
    expect(pushes(c)).toEqual([]);
    call(c, 'ZADD', 'lb', '2', 'b');
    tick(h, hub, 150);
    const ps = pushes(c);
    expect(ps.length).toBe(1);
    expect(ps[0]).toMatchObject({ type: 'delta', changes: [{ op: 'enter', member: 'b', rank: 0 }, { op: 'enter', member: 'a', rank: 1 }] });
  });

  it('registers its notify listener only while subscriptions exist; UNWATCH ends with a push', () => {
    const { h, hub } = setup();
    const before = h.engine.notifyListeners.length;
    const c = connect(h.engine, 3);
    const a = call(c, 'LIVE.WATCH', 'lb', 'TOP', '5');
    const b = call(c, 'LIVE.STREAM', 's');
    expect(h.engine.notifyListeners.length).toBe(before + 1);
    hub.flushSoon();
    pushes(c);
    const list = call(c, 'LIVE.LIST');
    expect(list.map((x: any) => [x.sub, x.kind, x.key, x.state])).toEqual([
      [a.sub, 'top', 'lb', 'live'],
      [b.sub, 'stream', 's', 'live'],
    ]);
    expect(call(c, 'LIVE.UNWATCH', a.sub)).toBe(1);
    expect(call(c, 'LIVE.UNWATCH', a.sub)).toBe(0);
    hub.flushSoon();
    expect(pushes(c)).toEqual([{ sub: a.sub, epoch: a.epoch, seq: 2, type: 'end', reason: 'unwatch' }]);
    expect(call(c, 'LIVE.UNWATCH', b.sub)).toBe(1);
    hub.flushSoon();
    expect(pushes(c)[0]).toMatchObject({ type: 'end', seq: 1 });
    expect(h.engine.notifyListeners.length).toBe(before);
    expect(hub.subs.size).toBe(0);
    expect(call(c, 'LIVE.LIST')).toEqual([]);
  });
});

describe('deltas against a naive model', () => {
  for (const [mode, desc, seed] of [
    ['top', true, 1],
    ['top', false, 2],
    ['around', true, 3],
    ['around', false, 4],
  ] as const) {
    it(`${mode} ${desc ? 'DESC' : 'ASC'}: LiveView(snapshot + deltas) equals the true window after every tick`, () => {
      const { h, hub } = setup({ seed });
      const rnd = seededRandom(seed * 7919);
      const c = connect(h.engine, 3);
      const model = new Map<string, number>();
      const members = Array.from({ length: 60 }, (_, i) => 'm' + i);
      const n = mode === 'top' ? 10 : 4;
      const focus = 'm7';
      const args = mode === 'top' ? ['TOP', String(n)] : ['AROUND', focus, String(n)];
      const st = call(c, 'LIVE.WATCH', 'lb', ...args, desc ? 'DESC' : 'ASC');
      const view = new LiveView();
      view.started(st);
      hub.flushSoon();
      let lastSeq = 0;
      let deltaBytes = 0;
      const opsSeen = new Set<string>();
      for (let round = 0; round < 300; round++) {
        const ops = 1 + Math.floor(rnd() * 6);
        for (let k = 0; k < ops; k++) {
          const m = members[Math.floor(rnd() * members.length)];
          const x = rnd();
          // Few distinct scores, so ties (ordered by member bytes) happen often.
          const score = Math.floor(rnd() * 20);
          if (x < 0.4) {
            call(c, 'ZINCRBY', 'lb', String(score - 8), m);
            model.set(m, (model.get(m) ?? 0) + score - 8);
          } else if (x < 0.8) {
            call(c, 'ZADD', 'lb', String(score), m);
            model.set(m, score);
          } else if (x < 0.97) {
            call(c, 'ZREM', 'lb', m);
            model.delete(m);
          } else {
            call(c, 'DEL', 'lb');
            model.clear();
          }
        }
        tick(h, hub);
        for (const v of rawPushes(c)) {
          const p = livePushOf(v)!;
          if (p.type === 'delta') {
            deltaBytes += JSON.stringify(v).length;
            for (const ch of p.changes) opsSeen.add(ch.op);
          }
          expect(p.seq).toBe(++lastSeq);
          expect(view.apply(v)).toBe('applied');
        }
        expect(view.window).toEqual(naiveWindow(model, desc, mode, n, focus));
      }
      expect(lastSeq).toBeGreaterThan(50);
      expect(deltaBytes).toBeGreaterThan(0);
      expect([...opsSeen].sort()).toEqual(['enter', 'leave', 'move', 'score']);
    });
  }

  it('many watchers of one key (same and different windows, one of them behind) all stay exact', () => {
    const { h, hub } = setup({ seed: 9 });
    h.config.set('live-max-buffer', '1000', true);
    const rnd = seededRandom(77);
    const specs: string[][] = [
      ['TOP', '5'],
      ['TOP', '5'],
      ['TOP', '5'],
      ['TOP', '5', 'ASC'],
      ['AROUND', 'm3', '2'],
      ['AROUND', 'm3', '2'],
    ];
    const conns = specs.map(() => connect(h.engine, 3));
    const slow = slowClient(h);
    const all = [...conns, slow as unknown as Conn];
    const views = all.map((c, i) => {
      const v = new LiveView();
      v.started(call(c, 'LIVE.WATCH', 'lb', ...(specs[i] ?? ['TOP', '5'])));
      return v;
    });
    const truthOf = (i: number) => {
      const sp = specs[i] ?? ['TOP', '5'];
      return sp[0] === 'TOP' ? naiveWindow(model, sp[2] !== 'ASC', 'top', Number(sp[1])) : naiveWindow(model, true, 'around', Number(sp[2]), sp[1]);
    };
    const model = new Map<string, number>();
    hub.flushSoon();
    for (let round = 0; round < 200; round++) {
      slow.setPending(round % 40 < 15 ? 5000 : 0); // behind for 15 ticks out of 40
      for (let k = 0; k < 4; k++) {
        const m = 'm' + Math.floor(rnd() * 25);
        if (rnd() < 0.8) {
          const sc = Math.floor(rnd() * 30);
          call(conns[0], 'ZADD', 'lb', String(sc), m);
          model.set(m, sc);
        } else {
          call(conns[0], 'ZREM', 'lb', m);
          model.delete(m);
        }
      }
      tick(h, hub);
      all.forEach((c, i) => {
        for (const v of rawPushes(c)) expect(views[i].apply(v)).toBe('applied');
        if (c !== (slow as unknown) || round % 40 >= 15) expect(views[i].window, `watcher ${i} round ${round}`).toEqual(truthOf(i));
      });
    }
  });

  it('diffWindows keeps the longest unchanged order and names only the rest', () => {
    const w = (start: number, ms: string[]): LiveWindow => ({ start, members: ms, scores: ms.map(() => 1) });
    // e jumps from the end to the front: one move.
    expect(diffWindows(w(0, ['a', 'b', 'c', 'd', 'e']), w(0, ['e', 'a', 'b', 'c', 'd']))).toEqual([{ op: 'move', member: 'e', from: 4, to: 0, score: 1 }]);
    // The window slides by one (AROUND after the member climbed): a leave and an enter only.
    expect(diffWindows(w(5, ['a', 'b', 'c']), w(4, ['z', 'a', 'b']))).toEqual([
      { op: 'leave', member: 'c' },
      { op: 'enter', member: 'z', score: 1, rank: 4 },
    ]);
    expect(diffWindows(w(0, ['a', 'b']), w(0, ['a', 'b']))).toEqual([]);
  });
});

describe('LB boards', () => {
  it('a TIEBREAK FIRST ASC board is watched as LB.TOP shows it, under random submissions', () => {
    const { h, hub } = setup({ seed: 5 });
    const rnd = seededRandom(42);
    const c = connect(h.engine, 3);
    call(c, 'LB.CREATE', 'arena', 'ASC', 'MODE', 'SET', 'TIEBREAK', 'FIRST');
    const st = call(c, 'LIVE.WATCH', 'arena', 'TOP', '6');
    const around = call(c, 'LIVE.WATCH', 'arena', 'AROUND', 'p3', '2');
    const views = new Map([
      [st.sub, new LiveView()],
      [around.sub, new LiveView()],
    ]);
    hub.flushSoon();
    for (let round = 0; round < 150; round++) {
      for (let k = 0; k < 3; k++) {
        const m = 'p' + Math.floor(rnd() * 15);
        if (rnd() < 0.85) call(c, 'LB.SUBMIT', 'arena', m, String(Math.floor(rnd() * 5)));
        else call(c, 'LB.REMOVE', 'arena', m);
      }
      tick(h, hub);
      for (const v of rawPushes(c)) expect(views.get((v as any)[1].sub)!.apply(v)).toBe('applied');
      const top = call(c, 'LB.TOP', 'arena', '6') as [number, string, number][];
      expect(views.get(st.sub)!.window.map((e) => [e.rank, e.member, e.score])).toEqual(top);
      const ar = (call(c, 'LB.AROUND', 'arena', 'p3', '2') ?? []) as [number, string, number][];
      expect(views.get(around.sub)!.window.map((e) => [e.rank, e.member, e.score])).toEqual(ar);
    }
  });

  it('a DAILY board rolls over at midnight without any write', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    call(c, 'LB.CREATE', 'daily', 'PERIOD', 'DAILY');
    call(c, 'LB.SUBMIT', 'daily', 'ann', '5');
    call(c, 'LIVE.WATCH', 'daily', 'TOP', '3');
    hub.flushSoon();
    expect(pushes(c)[0]).toMatchObject({ type: 'snapshot', entries: [['ann', 5, 0]] });
    const now = h.engine.clock.now();
    const toMidnight = 86_400_000 - (now % 86_400_000);
    tick(h, hub, toMidnight - 100);
    expect(pushes(c)).toEqual([]);
    tick(h, hub, 200);
    expect(pushes(c)[0]).toMatchObject({ type: 'delta', changes: [{ op: 'leave', member: 'ann' }] });
  });

  it('a ROLLING board: submissions merge across buckets, and old ones leave the window with time', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    call(c, 'LB.CREATE', 'roll', 'PERIOD', 'ROLLING', '10', '10', 'MODE', 'INCR');
    call(c, 'LB.SUBMIT', 'roll', 'ann', '5');
    call(c, 'LIVE.WATCH', 'roll', 'TOP', '3');
    hub.flushSoon();
    expect(pushes(c)[0]).toMatchObject({ type: 'snapshot', entries: [['ann', 5, 0]] });
    tick(h, hub, 3000);
    call(c, 'LB.SUBMIT', 'roll', 'ann', '2');
    call(c, 'LB.SUBMIT', 'roll', 'bob', '4');
    tick(h, hub);
    expect(pushes(c)[0]).toMatchObject({ type: 'delta', changes: [{ op: 'enter', member: 'bob', score: 4, rank: 1 }, { op: 'score', member: 'ann', score: 7, rank: 0 }] });
    // The first submission's bucket leaves the window: ann drops to 2, below bob; no write needed.
    tick(h, hub, 7000);
    expect(pushes(c)[0]).toMatchObject({ type: 'delta', changes: [{ op: 'move', member: 'bob', from: 1, to: 0, score: 4 }, { op: 'score', member: 'ann', score: 2, rank: 1 }] });
  });

  it('FLUSHALL and SWAPDB (no keyspace events) are seen by the sweep', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    call(c, 'ZADD', 'lb', '1', 'a', '2', 'b');
    call(c, 'LIVE.WATCH', 'lb', 'TOP', '3');
    hub.flushSoon();
    pushes(c);
    call(c, 'FLUSHALL');
    tick(h, hub, 250);
    expect(pushes(c)[0]).toMatchObject({ type: 'delta', changes: [{ op: 'leave', member: 'b' }, { op: 'leave', member: 'a' }] });
    call(c, 'SELECT', '1');
    call(c, 'ZADD', 'lb', '9', 'x');
    call(c, 'SWAPDB', '0', '1');
    tick(h, hub, 250);
    expect(pushes(c)[0]).toMatchObject({ type: 'delta', changes: [{ op: 'enter', member: 'x', score: 9, rank: 0 }] });
  });
});

/** A client whose transport reports a settable amount of pending output. */
function slowClient(h: Harness) {
  const writer = new RespWriter();
  let pending = 0;
  const link = { ...testLink(), outputBytes: () => pending };
  const client = new Client(h.engine, writer, link);
  client.setResp(3);
  h.engine.clients.set(client.id, client);
  const take = () => writer.take()?.toString('latin1') ?? '';
  return {
    client,
    run(...argv: string[]) {
      processCommand(h.engine, client, argv);
      return take();
    },
    take,
    setPending: (n: number) => {
      pending = n;
    },
  };
}

describe('slow subscribers', () => {
  it('POLICY RESET: ticks are skipped while behind, then a gap and a reset snapshot in a new epoch', () => {
    const { h, hub } = setup();
    h.config.set('live-max-buffer', '1000', true);
    const s = slowClient(h);
    const c = s as unknown as Conn;
    const st = call(c, 'LIVE.WATCH', 'lb', 'TOP', '3', 'POLICY', 'RESET');
    hub.flushSoon();
    expect(pushes(c)[0]).toMatchObject({ seq: 1, type: 'snapshot', reset: false });
    s.setPending(5000);
    for (let i = 0; i < 4; i++) {
      call(c, 'ZADD', 'lb', String(i), 'm' + i);
      tick(h, hub);
    }
    expect(pushes(c)).toEqual([]);
    expect(call(c, 'LIVE.LIST')[0].state).toBe('behind');
    expect(hub.counts()).toEqual({ subscriptions: 1, detached: 0, behind: 1 });
    s.setPending(600); // over half the limit: still behind
    tick(h, hub);
    expect(pushes(c)).toEqual([]);
    s.setPending(0);
    tick(h, hub);
    const ps = pushes(c);
    expect(ps).toEqual([
      { sub: st.sub, epoch: st.epoch, seq: 2, type: 'gap', reason: 'slow', missed: 5 },
      { sub: st.sub, epoch: st.epoch + 1, seq: 3, type: 'snapshot', reset: true, start: 0, entries: [['m3', 3, 0], ['m2', 2, 1], ['m1', 1, 2]] },
    ]);
    const view = new LiveView();
    view.started(st);
    view.seq = 1; // it had the first snapshot
    for (const p of ps) expect(view.apply(p)).toBe('applied');
    expect(view.epoch).toBe(st.epoch + 1);
    expect(view.lastGap).toEqual({ reason: 'slow', missed: 5 });
    expect(hub.stats).toEqual({ pushes: 3, gaps: 1, resets: 1, replayed: 0 });
    expect(hub.counts()).toEqual({ subscriptions: 1, detached: 0, behind: 0 });
  });

  it('POLICY CONFLATE (default): one delta from the last window sent, nothing held meanwhile', () => {
    const { h, hub } = setup();
    h.config.set('live-max-buffer', '1000', true);
    const s = slowClient(h);
    const c = s as unknown as Conn;
    call(c, 'ZADD', 'lb', '1', 'a');
    const st = call(c, 'LIVE.WATCH', 'lb', 'TOP', '2');
    hub.flushSoon();
    pushes(c);
    s.setPending(5000);
    for (let i = 0; i < 20; i++) {
      call(c, 'ZADD', 'lb', String(10 + i), 'b' + (i % 3));
      tick(h, hub);
    }
    const sub = hub.subs.get(st.sub)!;
    expect(sub.ring.length).toBe(1); // nothing generated while behind
    s.setPending(0);
    tick(h, hub);
    expect(pushes(c)).toEqual([
      {
        sub: st.sub,
        epoch: st.epoch,
        seq: 2,
        type: 'delta',
        start: 0,
        changes: [
          { op: 'leave', member: 'a' },
          { op: 'enter', member: 'b1', score: 29, rank: 0 },
          { op: 'enter', member: 'b0', score: 28, rank: 1 },
        ],
      },
    ]);
  });
});

describe('resume', () => {
  it('replays what a dropped connection missed, with the same seqs, then goes on live', () => {
    const { h, hub } = setup();
    const a = connect(h.engine, 3);
    const st = call(a, 'LIVE.WATCH', 'lb', 'TOP', '3');
    const view = new LiveView();
    view.started(st);
    hub.flushSoon();
    for (const p of pushes(a)) view.apply(p);
    call(a, 'ZADD', 'lb', '1', 'x');
    tick(h, hub);
    // The delta was written but the connection dies before the client reads it.
    rawPushes(a);
    h.engine.removeClient(a.client);
    call(connect(h.engine), 'ZADD', 'lb', '2', 'y');
    tick(h, hub); // detached: nothing computed
    expect(hub.subs.get(st.sub)!.seq).toBe(2);
    const b = connect(h.engine, 3);
    const res = call(b, ...view.resumeCommand());
    expect(res).toEqual({ sub: st.sub, epoch: st.epoch, seq: 2, replay: 1, reset: false });
    view.started(res);
    hub.flushSoon();
    const replayed = pushes(b);
    expect(replayed.map((p) => p.seq)).toEqual([2]);
    expect(hub.stats.replayed).toBe(1);
    for (const p of replayed) expect(view.apply(p)).toBe('applied');
    tick(h, hub);
    const live = pushes(b);
    expect(live.map((p) => p.seq)).toEqual([3]);
    for (const p of live) expect(view.apply(p)).toBe('applied');
    expect(view.window.map((e) => e.member)).toEqual(['y', 'x']);
    // Pushes seen twice (a replay overlapping what arrived) are recognised as duplicates.
    expect(view.apply(live[0])).toBe('duplicate');
  });

  it('sends a reset snapshot when the ring no longer holds what was missed', () => {
    const { h, hub } = setup();
    h.config.set('live-replay-pushes', '2', true);
    const a = connect(h.engine, 3);
    const st = call(a, 'LIVE.WATCH', 'lb', 'TOP', '2');
    hub.flushSoon();
    const view = new LiveView();
    view.started(st);
    for (const p of pushes(a)) view.apply(p);
    for (let i = 0; i < 5; i++) {
      call(a, 'ZADD', 'lb', String(i), 'm' + i);
      tick(h, hub);
    }
    rawPushes(a);
    const b = connect(h.engine, 3);
    const res = call(b, ...view.resumeCommand());
    expect(res).toMatchObject({ replay: 0, reset: true });
    hub.flushSoon();
    const ps = pushes(b);
    expect(ps).toEqual([{ sub: st.sub, epoch: st.epoch + 1, seq: 7, type: 'snapshot', reset: true, start: 0, entries: [['m4', 4, 0], ['m3', 3, 1]] }]);
    expect(view.apply(ps[0])).toBe('applied');
    expect(view.window.map((e) => e.member)).toEqual(['m4', 'm3']);
  });

  it('LiveView reads the gateway JSON form: {"push": [...]}, base64 members, "inf" scores', () => {
    const view = new LiveView();
    view.started({ sub: 's1', epoch: 3, seq: 0 });
    const snap = { push: ['live', { sub: 's1', epoch: 3, seq: 1, type: 'snapshot', reset: false, start: 0, entries: [[{ base64: '/wA=' }, 'inf', 0], ['bob', 2.5, 1]] }] };
    expect(view.apply(snap)).toBe('applied');
    expect(view.window).toEqual([
      { member: '\xff\x00', score: Infinity, rank: 0 },
      { member: 'bob', score: 2.5, rank: 1 },
    ]);
    const delta = { push: ['live', { sub: 's1', epoch: 3, seq: 2, type: 'delta', start: 0, changes: [{ op: 'move', member: 'bob', from: 1, to: 0, score: 'inf' }] }] };
    expect(view.apply(delta)).toBe('applied');
    expect(view.window.map((e) => [e.member, e.rank])).toEqual([
      ['bob', 0],
      ['\xff\x00', 1],
    ]);
  });

  it('a seq jump makes the view ask for a resume instead of applying', () => {
    const view = new LiveView();
    view.started({ sub: 's1', epoch: 9, seq: 0 });
    expect(view.apply(['live', { sub: 's1', epoch: 9, seq: 1, type: 'snapshot', reset: false, start: 0, entries: [['a', 1, 0]] }])).toBe('applied');
    expect(view.apply({ push: ['live', { sub: 's1', epoch: 9, seq: 3, type: 'delta', start: 0, changes: [{ op: 'leave', member: 'a' }] }] })).toBe('gap');
    expect(view.needsResume).toBe(true);
    expect(view.window).toEqual([{ member: 'a', score: 1, rank: 0 }]);
    expect(view.resumeCommand()).toEqual(['LIVE.RESUME', 's1', '9', '1']);
    expect(view.apply({ sub: 'other', epoch: 1, seq: 2, type: 'end', reason: 'x' })).toBe('ignored');
  });

  it('subscriptions wait live-retention-ms for a resume, then are gone', () => {
    const { h, hub } = setup();
    h.config.set('live-retention-ms', '1000', true);
    const a = connect(h.engine, 3);
    const st = call(a, 'LIVE.WATCH', 'lb', 'TOP', '2');
    hub.flushSoon();
    h.engine.removeClient(a.client);
    tick(h, hub, 999);
    expect(hub.subs.has(st.sub)).toBe(true);
    tick(h, hub, 1);
    expect(hub.subs.has(st.sub)).toBe(false);
    const b = connect(h.engine, 3);
    expect(call(b, 'LIVE.RESUME', st.sub, String(st.epoch), '1')).toEqual({ error: 'ERR no such live subscription' });
    expect(h.engine.notifyListeners.length).toBe(1); // the harness's own recorder only
  });
});

describe('LIVE.STREAM', () => {
  it('pushes new entries, projected onto FIELDS, and ends when the stream is deleted', () => {
    const { h, hub } = setup();
    const c = connect(h.engine, 3);
    call(c, 'XADD', 's', '1-1', 'temp', '20', 'hum', '50');
    const st = call(c, 'LIVE.STREAM', 's', 'FIELDS', '1', 'temp');
    hub.flushSoon();
    expect(pushes(c)).toEqual([]); // FROM $ by default: only new entries
    call(c, 'XADD', 's', '2-1', 'temp', '21', 'hum', '51');
    call(c, 'XADD', 's', '3-1', 'hum', '52');
    call(c, 'XADD', 's', '4-1', 'hum', '53', 'temp', '22');
    tick(h, hub);
    expect(pushes(c)).toEqual([{ sub: st.sub, epoch: st.epoch, seq: 1, type: 'entries', entries: [['2-1', ['temp', '21']], ['4-1', ['temp', '22']]] }]);
    call(c, 'DEL', 's');
    tick(h, hub);
    expect(pushes(c)).toEqual([{ sub: st.sub, epoch: st.epoch, seq: 2, type: 'end', reason: 'deleted' }]);
    expect(hub.subs.size).toBe(0);
  });

  it('FROM id reads history; entries trimmed before they were read give a gap with the count', () => {
    const { h, hub } = setup();
    h.config.set('live-max-buffer', '1000', true);
    const s = slowClient(h);
    const c = s as unknown as Conn;
    call(c, 'XADD', 's', '1-1', 'v', 'a');
    call(c, 'XADD', 's', '2-1', 'v', 'b');
    call(c, 'LIVE.STREAM', 's', 'FROM', '0');
    hub.flushSoon();
    expect(pushes(c)[0]).toMatchObject({ type: 'entries', entries: [['1-1', ['v', 'a']], ['2-1', ['v', 'b']]] });
    s.setPending(5000);
    for (let i = 3; i <= 12; i++) call(c, 'XADD', 's', 'MAXLEN', '3', `${i}-1`, 'v', String(i));
    tick(h, hub);
    expect(pushes(c)).toEqual([]);
    s.setPending(0);
    tick(h, hub);
    const ps = pushes(c);
    expect(ps.map((p) => p.type)).toEqual(['gap', 'entries']);
    expect(ps[0]).toMatchObject({ reason: 'trimmed', missed: 7 });
    expect((ps[1] as any).entries.map((e: any) => e[0])).toEqual(['10-1', '11-1', '12-1']);
  });

  it('a resume AFTER an id the stream trimmed away signals the gap, then re-reads what is left', () => {
    const { h, hub } = setup();
    h.config.set('live-replay-pushes', '1', true);
    const a = connect(h.engine, 3);
    const st = call(a, 'LIVE.STREAM', 's');
    const view = new LiveView();
    view.started(st);
    hub.flushSoon();
    call(a, 'XADD', 's', '1-0', 'n', '1');
    tick(h, hub);
    for (const p of pushes(a)) view.apply(p);
    for (let i = 2; i <= 6; i++) {
      call(a, 'XADD', 's', 'MAXLEN', '2', `${i}-0`, 'n', String(i));
      tick(h, hub);
    }
    h.engine.removeClient(a.client);
    const b = connect(h.engine, 3);
    expect(call(b, ...view.resumeCommand())).toMatchObject({ reset: true, epoch: st.epoch + 1 });
    hub.flushSoon();
    const ps = pushes(b);
    expect(ps.map((p) => p.type)).toEqual(['gap', 'entries']);
    expect(ps[0]).toMatchObject({ reason: 'trimmed', missed: -1, epoch: st.epoch + 1 });
    expect(ps[1]).toMatchObject({ replay: true, entries: [['5-0', ['n', '5']], ['6-0', ['n', '6']]] });
    for (const p of ps) expect(view.apply(p)).toBe('applied');
    expect(view.entries.map((e) => e[0])).toEqual(['1-0', '5-0', '6-0']);
    expect(view.lastGap).toEqual({ reason: 'trimmed', missed: -1 });
  });

  it('a user cannot resume or end another user\'s subscription', () => {
    const { h, hub } = setup();
    const a = connect(h.engine, 3);
    const st = call(a, 'LIVE.WATCH', 'lb', 'TOP', '2');
    const b = connect(h.engine, 3);
    b.client.user = 'mallory';
    expect(call(b, 'LIVE.RESUME', st.sub, String(st.epoch), '0')).toEqual({ error: 'ERR no such live subscription' });
    expect(call(b, 'LIVE.UNWATCH', st.sub)).toBe(0);
    expect(hub.subs.has(st.sub)).toBe(true);
  });

  it('resumes from the stream itself (AFTER id) when the ring is gone, without loss or duplicates', () => {
    const { h, hub } = setup();
    h.config.set('live-replay-pushes', '1', true);
    const a = connect(h.engine, 3);
    const st = call(a, 'LIVE.STREAM', 's');
    const view = new LiveView();
    view.started(st);
    hub.flushSoon();
    const all: string[] = [];
    for (let i = 1; i <= 6; i++) {
      call(a, 'XADD', 's', `${i}-0`, 'n', String(i));
      all.push(`${i}-0`);
      tick(h, hub);
      if (i <= 2) for (const p of pushes(a)) view.apply(p);
    }
    rawPushes(a); // pushes 3..6 lost with the connection
    h.engine.removeClient(a.client);
    call(connect(h.engine), 'XADD', 's', '7-0', 'n', '7');
    all.push('7-0');
    const b = connect(h.engine, 3);
    expect(view.resumeCommand()).toEqual(['LIVE.RESUME', st.sub, String(st.epoch), '2', 'AFTER', '2-0']);
    const res = call(b, ...view.resumeCommand());
    expect(res).toMatchObject({ replay: 0, reset: true });
    hub.flushSoon();
    tick(h, hub);
    for (const p of pushes(b)) expect(view.apply(p)).toBe('applied');
    expect(view.entries.map((e) => e[0])).toEqual(all);
    expect(view.lastGap).toBeNull();
  });
});
