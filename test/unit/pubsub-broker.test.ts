/**
 * The pub/sub broker in-process: exact bytes of deliveries through the RESP writer, the fan-out hook
 * for transports with topics (a fake fanout stands in for uWebSockets.js), writers without raw(),
 * receiver counts, and the keyspace-notification hooks being installed only while enabled.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { harness, connect, testLink, type Harness as H } from '../helpers/in-process.ts';
import { Client } from '../../server/engine/client.ts';
import { RespWriter } from '../../server/protocol/resp-writer.ts';
import type { ChannelFanout } from '../../server/engine/broker.ts';
import type { Reply } from '../../server/engine/reply.ts';

let t: H;
beforeEach(() => {
  t = harness();
});

const b = (s: string) => `$${s.length}\r\n${s}\r\n`;
const msg2 = (ch: string, m: string) => `*3\r\n${b('message')}${b(ch)}${b(m)}`;
const msg3 = (ch: string, m: string) => `>3\r\n${b('message')}${b(ch)}${b(m)}`;
const pmsg2 = (p: string, ch: string, m: string) => `*4\r\n${b('pmessage')}${b(p)}${b(ch)}${b(m)}`;

/** A fanout that records what the broker asks of it. */
function fakeFanout() {
  const log: string[] = [];
  const f: ChannelFanout = {
    join: (c, ch, shard) => log.push(`join ${c.id} ${ch} ${shard}`),
    leave: (c, ch, shard) => log.push(`leave ${c.id} ${ch} ${shard}`),
    publish: (ch, shard, payload) => log.push(`publish ${ch} ${shard} ${payload}`),
  };
  return { f, log };
}

/** A client whose transport fans out exact channels itself. */
function fanoutClient(h: H, f: ChannelFanout) {
  const writer = new RespWriter();
  const link = { ...testLink(), kind: 'ws', fanout: f };
  const c = new Client(h.engine, writer, link);
  h.engine.clients.set(c.id, c);
  return { c, take: () => writer.take()?.toString('latin1') ?? '' };
}

/** A writer with no raw(): records the Reply calls it gets (as a JSON writer would). */
function recordingClient(h: H) {
  const calls: string[] = [];
  const w = {
    proto: 2 as 2 | 3,
    simple: (s: string) => calls.push(`simple ${s}`),
    error: (s: string) => calls.push(`error ${s}`),
    integer: (n: number | bigint) => calls.push(`int ${n}`),
    bulk: (s: string) => calls.push(`bulk ${s}`),
    null: () => calls.push('null'),
    nullArray: () => calls.push('nullArray'),
    array: (n: number) => calls.push(`array ${n}`),
    map: (n: number) => calls.push(`map ${n}`),
    set: (n: number) => calls.push(`set ${n}`),
    double: (d: number) => calls.push(`double ${d}`),
    bool: (x: boolean) => calls.push(`bool ${x}`),
    verbatim: (s: string) => calls.push(`verbatim ${s}`),
    push: (n: number) => calls.push(`push ${n}`),
  } satisfies Reply & { proto: 2 | 3 };
  const c = new Client(h.engine, w, testLink());
  h.engine.clients.set(c.id, c);
  return { c, calls };
}

describe('delivery', () => {
  it('writes the same message as RESP2 arrays and RESP3 pushes, exact subscribers before patterns', () => {
    const s2 = t.other();
    const s3 = connect(t.engine, 3);
    s2.run('SUBSCRIBE', 'news');
    s2.run('PSUBSCRIBE', 'n*');
    s3.run('SUBSCRIBE', 'news');
    expect(t.run('PUBLISH', 'news', 'hi')).toBe(':3\r\n');
    expect(s2.take()).toBe(msg2('news', 'hi') + pmsg2('n*', 'news', 'hi'));
    expect(s3.take()).toBe(msg3('news', 'hi'));
    expect(t.run('PUBLISH', 'nope', 'x')).toBe(':1\r\n');
    expect(s2.take()).toBe(pmsg2('n*', 'nope', 'x'));
    expect(s3.take()).toBe('');
  });

  it('keeps bytes exact (binary channel and payload)', () => {
    const s = t.other();
    const ch = 'c\x00\xff\r\n';
    const m = '\x00\x01\xfe\xff\r\n';
    s.run('SUBSCRIBE', ch);
    expect(t.run('PUBLISH', ch, m)).toBe(':1\r\n');
    expect(s.take()).toBe(msg2(ch, m));
  });

  it('a client subscribed to the same pattern twice, or to a channel and a matching pattern, counts once per subscription', () => {
    const s = t.other();
    s.run('SUBSCRIBE', 'a', 'a');
    s.run('PSUBSCRIBE', '*', '*', 'a');
    expect(t.run('PUBLISH', 'a', 'm')).toBe(':3\r\n');
    expect(s.take()).toBe(msg2('a', 'm') + pmsg2('*', 'a', 'm') + pmsg2('a', 'a', 'm'));
  });

  it('writers without raw() get the ordinary Reply calls', () => {
    const r = recordingClient(t);
    r.c.engine.broker.subscribe(r.c, 'ch');
    r.c.engine.broker.psubscribe(r.c, 'c?');
    expect(t.run('PUBLISH', 'ch', 'v')).toBe(':2\r\n');
    expect(r.calls).toEqual(['push 3', 'bulk message', 'bulk ch', 'bulk v', 'push 4', 'bulk pmessage', 'bulk c?', 'bulk ch', 'bulk v']);
  });
});

describe('fanout hook', () => {
  it('publishes once per fanout for exact channels and counts every subscriber behind it', () => {
    const { f, log } = fakeFanout();
    const w1 = fanoutClient(t, f);
    const w2 = fanoutClient(t, f);
    const plain = t.other();
    const br = t.engine.broker;
    br.subscribe(w1.c, 'ch');
    br.subscribe(w2.c, 'ch');
    plain.run('SUBSCRIBE', 'ch');
    expect(log).toEqual([`join ${w1.c.id} ch false`, `join ${w2.c.id} ch false`]);
    log.length = 0;
    expect(t.run('PUBLISH', 'ch', 'hello')).toBe(':3\r\n');
    expect(log).toEqual(['publish ch false hello']);
    // Fanned-out clients get nothing through their writer for exact channels.
    expect(w1.take()).toBe('');
    expect(plain.take()).toBe(msg2('ch', 'hello'));
    expect(t.run('PUBSUB', 'NUMSUB', 'ch')).toBe(`*2\r\n${b('ch')}:3\r\n`);
  });

  it('two fanouts on one channel each get one publish', () => {
    const a = fakeFanout();
    const z = fakeFanout();
    const br = t.engine.broker;
    br.subscribe(fanoutClient(t, a.f).c, 'ch');
    br.subscribe(fanoutClient(t, z.f).c, 'ch');
    br.subscribe(fanoutClient(t, z.f).c, 'ch');
    a.log.length = 0;
    z.log.length = 0;
    expect(t.run('PUBLISH', 'ch', 'x')).toBe(':3\r\n');
    expect(a.log).toEqual(['publish ch false x']);
    expect(z.log).toEqual(['publish ch false x']);
  });

  it('shard channels go through the fanout with shard=true; patterns are always written per client', () => {
    const { f, log } = fakeFanout();
    const w = fanoutClient(t, f);
    const br = t.engine.broker;
    br.subscribe(w.c, 'sh', true);
    br.psubscribe(w.c, 's*');
    expect(t.run('SPUBLISH', 'sh', 'one')).toBe(':1\r\n');
    expect(t.run('PUBLISH', 'sh', 'two')).toBe(':1\r\n');
    expect(log).toEqual([`join ${w.c.id} sh true`, 'publish sh true one']);
    expect(w.take()).toBe(pmsg2('s*', 'sh', 'two'));
  });

  it('leave is called on unsubscribe and on disconnect; the channel disappears with its last subscriber', () => {
    const { f, log } = fakeFanout();
    const w = fanoutClient(t, f);
    const br = t.engine.broker;
    br.subscribe(w.c, 'a');
    br.subscribe(w.c, 'b');
    br.subscribe(w.c, 's', true);
    br.unsubscribe(w.c, 'a');
    expect(log.slice(3)).toEqual([`leave ${w.c.id} a false`]);
    t.engine.removeClient(w.c);
    expect(log.slice(4).sort()).toEqual([`leave ${w.c.id} b false`, `leave ${w.c.id} s true`]);
    expect(t.run('PUBLISH', 'b', 'x')).toBe(':0\r\n');
    expect(t.run('PUBSUB', 'CHANNELS')).toBe('*0\r\n');
    expect(t.run('PUBSUB', 'SHARDCHANNELS')).toBe('*0\r\n');
    expect(w.c.subscriptions).toBe(0);
  });
});

describe('subscription counts', () => {
  it('Client.subscriptions counts channels, patterns and shard channels; replies count them as Redis does', () => {
    const s = t.other();
    expect(s.run('SUBSCRIBE', 'a', 'b')).toBe(`*3\r\n${b('subscribe')}${b('a')}:1\r\n*3\r\n${b('subscribe')}${b('b')}:2\r\n`);
    expect(s.run('PSUBSCRIBE', 'p')).toBe(`*3\r\n${b('psubscribe')}${b('p')}:3\r\n`);
    expect(s.run('SSUBSCRIBE', 'x')).toBe(`*3\r\n${b('ssubscribe')}${b('x')}:1\r\n`);
    expect(s.client.subscriptions).toBe(4);
    expect(s.run('UNSUBSCRIBE')).toBe(`*3\r\n${b('unsubscribe')}${b('a')}:2\r\n*3\r\n${b('unsubscribe')}${b('b')}:1\r\n`);
    expect(s.run('PUNSUBSCRIBE')).toBe(`*3\r\n${b('punsubscribe')}${b('p')}:0\r\n`);
    expect(s.client.subscriptions).toBe(1);
    // Still in the subscriber context because of the shard channel.
    expect(s.run('GET', 'k')).toBe("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n");
    expect(s.run('SUNSUBSCRIBE')).toBe(`*3\r\n${b('sunsubscribe')}${b('x')}:0\r\n`);
    expect(s.client.subscriptions).toBe(0);
    expect(s.run('GET', 'k')).toBe('$-1\r\n');
  });
});

describe('keyspace notification hooks', () => {
  it('are installed only while notify-keyspace-events can produce a message', () => {
    const base = t.engine.notifyListeners.length; // the harness's own recorder
    expect(t.engine.keyspace.onNewKey).toBe(null);
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'g$'); // classes but neither K nor E: nothing to publish
    expect(t.engine.notifyListeners.length).toBe(base);
    expect(t.engine.keyspace.onNewKey).toBe(null);
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEn');
    expect(t.engine.notifyListeners.length).toBe(base + 1);
    expect(t.engine.keyspace.onNewKey).not.toBe(null);
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KA');
    expect(t.engine.notifyListeners.length).toBe(base + 1);
    t.run('CONFIG', 'SET', 'notify-keyspace-events', '');
    expect(t.engine.notifyListeners.length).toBe(base);
    expect(t.engine.keyspace.onNewKey).toBe(null);
  });

  it("'n' set together with A takes effect although CONFIG GET prints the same value without it", () => {
    const s = t.other();
    s.run('SUBSCRIBE', '__keyevent@0__:new');
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    t.run('SET', 'a', '1');
    expect(s.take()).toBe('');
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEAn');
    expect(t.run('CONFIG', 'GET', 'notify-keyspace-events')).toBe(`*2\r\n${b('notify-keyspace-events')}${b('AKE')}`);
    t.run('SET', 'b', '1');
    t.run('SET', 'b', '2');
    expect(s.take()).toBe(msg2('__keyevent@0__:new', 'b'));
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    t.run('SET', 'c', '1');
    expect(s.take()).toBe('');
  });

  it('publishes keyspace and keyevent messages with the db number; evictions come through engine.notify', () => {
    const s = t.other();
    s.run('PSUBSCRIBE', '__key*');
    t.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    t.run('SELECT', '3');
    t.run('SET', 'k', 'v');
    expect(s.take()).toBe(pmsg2('__key*', '__keyspace@3__:k', 'set') + pmsg2('__key*', '__keyevent@3__:set', 'k'));
    t.engine.notify('e', 'evicted', 5, 'gone');
    expect(s.take()).toBe(pmsg2('__key*', '__keyspace@5__:gone', 'evicted') + pmsg2('__key*', '__keyevent@5__:evicted', 'gone'));
  });
});
