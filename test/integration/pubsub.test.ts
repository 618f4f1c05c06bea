/**
 * Pub/sub over real sockets: ioredis subscribers and raw RESP2/RESP3 connections (exact bytes),
 * ordering, patterns, shard channels, PUBSUB introspection, the RESP2 subscriber context, RESET and
 * disconnects, CLIENT LIST / INFO fields, keyspace notifications (including expired, new and keymiss),
 * and client-output-buffer-limit for pubsub clients. Replies were checked against redis-server 7.0.15
 * (test/differential/pubsub.test.ts compares many of them live).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { bulk, OK } from '../helpers/resp-text.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const push2 = (...items: (string | number | null)[]) => `*${items.length}\r\n${items.map(item).join('')}`;
const push3 = (...items: (string | number | null)[]) => `>${items.length}\r\n${items.map(item3).join('')}`;
function item(x: string | number | null): string {
  return x === null ? '$-1\r\n' : typeof x === 'number' ? `:${x}\r\n` : bulk(x);
}
function item3(x: string | number | null): string {
  return x === null ? '_\r\n' : item(x);
}
const CONTEXT_ERR = (cmd: string) =>
  `-ERR Can't execute '${cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** A raw connection that sent HELLO 3 (its HELLO reply consumed). */
async function raw3(): Promise<RawConn> {
  const c = await t.raw();
  c.write(resp('HELLO', '3'));
  await c.readBytes(1);
  // Read the rest of the HELLO map by waiting until it ends with the modules entry.
  for (let i = 0; i < 100 && !c.pending().endsWith('$7\r\nmodules\r\n*0\r\n'); i++) await sleep(5);
  await c.readBytes(c.pending().length);
  return c;
}

/** Publishes through a fresh request on `pub` and returns the receiver count text. */
async function publish(pub: RawConn, channel: string, message: string, cmd = 'PUBLISH'): Promise<string> {
  pub.write(resp(cmd, channel, message));
  return readLine(pub);
}

async function readLine(c: RawConn): Promise<string> {
  let s = '';
  while (!s.endsWith('\r\n')) s += await c.readBytes(1);
  return s;
}

describe('RESP2 subscriber', () => {
  it('confirms each channel, receives messages in order, and answers PING as ["pong", arg]', async () => {
    const sub = await t.raw();
    const pub = await t.raw();
    sub.write(resp('SUBSCRIBE', 'a', 'b', 'a'));
    expect(await sub.expect(push2('subscribe', 'a', 1) + push2('subscribe', 'b', 2) + push2('subscribe', 'a', 2))).toBe(
      push2('subscribe', 'a', 1) + push2('subscribe', 'b', 2) + push2('subscribe', 'a', 2),
    );
    for (let i = 0; i < 50; i++) expect(await publish(pub, i % 2 ? 'a' : 'b', `m${i}`)).toBe(':1\r\n');
    let expected = '';
    for (let i = 0; i < 50; i++) expected += push2('message', i % 2 ? 'a' : 'b', `m${i}`);
    expect(await sub.expect(expected)).toBe(expected);
    sub.write(resp('PING'));
    expect(await sub.expect(push2('pong', ''))).toBe(push2('pong', ''));
    sub.write(resp('PING', 'hi'));
    expect(await sub.expect(push2('pong', 'hi'))).toBe(push2('pong', 'hi'));
    sub.write(resp('GET', 'k'));
    expect(await sub.expect(CONTEXT_ERR('get'))).toBe(CONTEXT_ERR('get'));
    sub.write(resp('CLIENT', 'LIST'));
    expect(await sub.expect(CONTEXT_ERR('client|list'))).toBe(CONTEXT_ERR('client|list'));
    sub.write(resp('UNSUBSCRIBE'));
    const unsub = push2('unsubscribe', 'a', 1) + push2('unsubscribe', 'b', 0);
    expect(await sub.expect(unsub)).toBe(unsub);
    sub.write(resp('GET', 'k'));
    expect(await sub.expect('$-1\r\n')).toBe('$-1\r\n');
    sub.close();
    pub.close();
  });

  it('unsubscribing with nothing subscribed replies a null name and count 0, per kind', async () => {
    const c = await t.raw();
    c.write(Buffer.concat([resp('UNSUBSCRIBE'), resp('PUNSUBSCRIBE'), resp('SUNSUBSCRIBE'), resp('UNSUBSCRIBE', 'x', 'y')]));
    const want = push2('unsubscribe', null, 0) + push2('punsubscribe', null, 0) + push2('sunsubscribe', null, 0) + push2('unsubscribe', 'x', 0) + push2('unsubscribe', 'y', 0);
    expect(await c.expect(want)).toBe(want);
    // Not subscribed after all that: ordinary commands run.
    c.write(resp('PING'));
    expect(await c.expect('+PONG\r\n')).toBe('+PONG\r\n');
    c.close();
  });

  it('patterns: pmessage with the pattern, exact channel first, glob as Redis matches it', async () => {
    const sub = await t.raw();
    const pub = await t.raw();
    sub.write(resp('SUBSCRIBE', 'news.eu'));
    sub.write(resp('PSUBSCRIBE', 'news.*', 'n[aeiou]ws.??', 'x\\*'));
    const conf = push2('subscribe', 'news.eu', 1) + push2('psubscribe', 'news.*', 2) + push2('psubscribe', 'n[aeiou]ws.??', 3) + push2('psubscribe', 'x\\*', 4);
    expect(await sub.expect(conf)).toBe(conf);
    expect(await publish(pub, 'news.eu', 'hello')).toBe(':3\r\n');
    expect(await publish(pub, 'news.asia', 'far')).toBe(':1\r\n');
    expect(await publish(pub, 'x*', 'star')).toBe(':1\r\n');
    expect(await publish(pub, 'xy', 'no')).toBe(':0\r\n');
    const want =
      push2('message', 'news.eu', 'hello') +
      push2('pmessage', 'news.*', 'news.eu', 'hello') +
      push2('pmessage', 'n[aeiou]ws.??', 'news.eu', 'hello') +
      push2('pmessage', 'news.*', 'news.asia', 'far') +
      push2('pmessage', 'x\\*', 'x*', 'star');
    expect(await sub.expect(want)).toBe(want);
    sub.write(resp('PUNSUBSCRIBE', 'news.*', 'nope'));
    const un = push2('punsubscribe', 'news.*', 3) + push2('punsubscribe', 'nope', 3);
    expect(await sub.expect(un)).toBe(un);
    sub.close();
    pub.close();
  });

  it('shard channels: smessage, own counts, no pattern delivery, PUBLISH does not reach them', async () => {
    const sub = await t.raw();
    const pub = await t.raw();
    sub.write(resp('SSUBSCRIBE', 's1', 's2'));
    sub.write(resp('PSUBSCRIBE', 's*'));
    const conf = push2('ssubscribe', 's1', 1) + push2('ssubscribe', 's2', 2) + push2('psubscribe', 's*', 1);
    expect(await sub.expect(conf)).toBe(conf);
    expect(await publish(pub, 's1', 'shard', 'SPUBLISH')).toBe(':1\r\n');
    expect(await publish(pub, 's1', 'plain')).toBe(':1\r\n'); // only the pattern
    expect(await publish(pub, 'nobody', 'x', 'SPUBLISH')).toBe(':0\r\n');
    const want = push2('smessage', 's1', 'shard') + push2('pmessage', 's*', 's1', 'plain');
    expect(await sub.expect(want)).toBe(want);
    sub.write(resp('PUNSUBSCRIBE'));
    sub.write(resp('GET', 'k')); // still subscribed to shard channels
    const r = push2('punsubscribe', 's*', 0) + CONTEXT_ERR('get');
    expect(await sub.expect(r)).toBe(r);
    sub.write(resp('SUNSUBSCRIBE', 's2'));
    sub.write(resp('SUNSUBSCRIBE'));
    sub.write(resp('GET', 'k'));
    const r2 = push2('sunsubscribe', 's2', 1) + push2('sunsubscribe', 's1', 0) + '$-1\r\n';
    expect(await sub.expect(r2)).toBe(r2);
    sub.close();
    pub.close();
  });

  it('confirmations are pushed even under CLIENT REPLY OFF, as in Redis', async () => {
    const c = await t.raw();
    c.write(Buffer.concat([resp('CLIENT', 'REPLY', 'OFF'), resp('SUBSCRIBE', 'q'), resp('PING'), resp('UNSUBSCRIBE', 'q'), resp('CLIENT', 'REPLY', 'ON')]));
    const want = push2('subscribe', 'q', 1) + push2('unsubscribe', 'q', 0) + OK;
    expect(await c.expect(want)).toBe(want);
    c.close();
  });

  it('SUBSCRIBE inside MULTI runs at EXEC; the confirmations are part of the EXEC reply', async () => {
    const c = await t.raw();
    const pub = await t.raw();
    c.write(Buffer.concat([resp('MULTI'), resp('SUBSCRIBE', 'm1'), resp('SET', 'k', 'v'), resp('EXEC')]));
    const want = OK + '+QUEUED\r\n+QUEUED\r\n*2\r\n' + push2('subscribe', 'm1', 1) + OK;
    expect(await c.expect(want)).toBe(want);
    expect(await publish(pub, 'm1', 'x')).toBe(':1\r\n');
    expect(await c.expect(push2('message', 'm1', 'x'))).toBe(push2('message', 'm1', 'x'));
    c.close();
    pub.close();
  });
});

describe('RESP3 subscriber', () => {
  it('gets pushes, and may run any command while subscribed', async () => {
    const sub = await raw3();
    const pub = await t.raw();
    sub.write(resp('SUBSCRIBE', 'c3'));
    sub.write(resp('PSUBSCRIBE', 'c*'));
    const conf = push3('subscribe', 'c3', 1) + push3('psubscribe', 'c*', 2);
    expect(await sub.expect(conf)).toBe(conf);
    expect(await publish(pub, 'c3', 'v')).toBe(':2\r\n');
    const msgs = push3('message', 'c3', 'v') + push3('pmessage', 'c*', 'c3', 'v');
    expect(await sub.expect(msgs)).toBe(msgs);
    sub.write(resp('SET', 'k3', 'x'));
    sub.write(resp('PING'));
    sub.write(resp('UNSUBSCRIBE', 'nope'));
    sub.write(resp('PUNSUBSCRIBE'));
    sub.write(resp('UNSUBSCRIBE'));
    sub.write(resp('SUNSUBSCRIBE'));
    const rest = OK + '+PONG\r\n' + push3('unsubscribe', 'nope', 2) + push3('punsubscribe', 'c*', 1) + push3('unsubscribe', 'c3', 0) + push3('sunsubscribe', null, 0);
    expect(await sub.expect(rest)).toBe(rest);
    sub.close();
    pub.close();
  });

  it('a client publishing to a channel it is subscribed to gets the push before the PUBLISH reply', async () => {
    const c = await raw3();
    c.write(resp('SUBSCRIBE', 'self'));
    await c.expect(push3('subscribe', 'self', 1));
    c.write(resp('PUBLISH', 'self', 'me'));
    const want = push3('message', 'self', 'me') + ':1\r\n';
    expect(await c.expect(want)).toBe(want);
    c.close();
  });
});

describe('ioredis', () => {
  it('subscriber and publisher: every message, in order, across channels, patterns and shard channels', async () => {
    const sub = t.client();
    const pub = t.client();
    const got: string[] = [];
    sub.on('message', (ch: string, m: string) => got.push(`message ${ch} ${m}`));
    sub.on('pmessage', (p: string, ch: string, m: string) => got.push(`pmessage ${p} ${ch} ${m}`));
    sub.on('smessage', (ch: string, m: string) => got.push(`smessage ${ch} ${m}`));
    expect(await sub.subscribe('io1', 'io2')).toBe(2);
    expect(await sub.psubscribe('io*')).toBe(3);
    expect(await sub.ssubscribe('sh')).toBe(1);
    const want: string[] = [];
    for (let i = 0; i < 200; i++) {
      const ch = i % 3 === 0 ? 'io1' : i % 3 === 1 ? 'io2' : 'iox';
      void pub.publish(ch, `n${i}`);
      if (ch !== 'iox') want.push(`message ${ch} n${i}`);
      want.push(`pmessage io* ${ch} n${i}`);
      if (i % 50 === 0) {
        void pub.spublish('sh', `s${i}`);
        want.push(`smessage sh s${i}`);
      }
    }
    expect(await pub.publish('io1', 'last')).toBe(2);
    want.push('message io1 last', 'pmessage io* io1 last');
    for (let i = 0; i < 200 && got.length < want.length; i++) await sleep(5);
    expect(got).toEqual(want);
    // (ioredis resolves an argument-less unsubscribe only when leaving subscriber mode: name them.)
    expect(await sub.unsubscribe('io1', 'io2')).toBe(1);
    expect(await sub.punsubscribe('io*')).toBe(0);
    expect(await sub.sunsubscribe('sh')).toBe(0);
    expect(await pub.publish('io1', 'gone')).toBe(0);
  });
});

describe('PUBSUB introspection, CLIENT LIST and INFO', () => {
  it('CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB follow subscriptions', async () => {
    const a = await t.raw();
    const b = await t.raw();
    const q = t.client();
    a.write(resp('SUBSCRIBE', 'intro.x', 'intro.y'));
    a.write(resp('PSUBSCRIBE', 'intro.*', 'p2'));
    a.write(resp('SSUBSCRIBE', 'sh.1'));
    b.write(resp('SUBSCRIBE', 'intro.x'));
    b.write(resp('PSUBSCRIBE', 'intro.*'));
    await a.expect(push2('subscribe', 'intro.x', 1) + push2('subscribe', 'intro.y', 2) + push2('psubscribe', 'intro.*', 3) + push2('psubscribe', 'p2', 4) + push2('ssubscribe', 'sh.1', 1));
    await b.expect(push2('subscribe', 'intro.x', 1) + push2('psubscribe', 'intro.*', 2));
    expect((await q.call('PUBSUB', 'CHANNELS', 'intro.*')) as string[]).toEqual(['intro.x', 'intro.y']);
    expect((await q.call('PUBSUB', 'CHANNELS', '*y')) as string[]).toEqual(['intro.y']);
    expect(await q.call('PUBSUB', 'NUMSUB', 'intro.x', 'intro.y', 'none')).toEqual(['intro.x', 2, 'intro.y', 1, 'none', 0]);
    expect(await q.call('PUBSUB', 'NUMSUB')).toEqual([]);
    expect(await q.call('PUBSUB', 'NUMPAT')).toBe(2); // unique patterns
    expect(await q.call('PUBSUB', 'SHARDCHANNELS')).toEqual(['sh.1']);
    expect(await q.call('PUBSUB', 'SHARDCHANNELS', 'x*')).toEqual([]);
    expect(await q.call('PUBSUB', 'SHARDNUMSUB', 'sh.1', 'intro.x')).toEqual(['sh.1', 1, 'intro.x', 0]);

    const info = (await q.info('stats')) as string;
    expect(info).toMatch(/\r\npubsub_channels:2\r\npubsub_patterns:2\r\npubsubshard_channels:1\r\n/);

    const list = ((await q.call('CLIENT', 'LIST')) as string).split('\n').filter(Boolean);
    const lineA = list.find((l) => l.includes(' sub=2 '))!;
    expect(lineA).toMatch(/ flags=P db=0 sub=2 psub=2 ssub=1 /);
    expect(list.filter((l) => / flags=P db=0 sub=1 psub=1 ssub=0 /.test(l))).toHaveLength(1);
    expect(((await q.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string).split('\n').filter(Boolean)).toHaveLength(2);

    a.close();
    b.close();
    for (let i = 0; i < 100 && (await q.call('PUBSUB', 'NUMPAT')) !== 0; i++) await sleep(10);
    expect(await q.call('PUBSUB', 'CHANNELS')).toEqual([]);
    expect(await q.call('PUBSUB', 'NUMPAT')).toBe(0);
    expect(await q.call('PUBSUB', 'SHARDCHANNELS')).toEqual([]);
  });

  it('errors: arity, subcommand syntax and HELP', async () => {
    const c = await t.raw();
    const cases: [Buffer, string][] = [
      [resp('SUBSCRIBE'), "-ERR wrong number of arguments for 'subscribe' command\r\n"],
      [resp('PSUBSCRIBE'), "-ERR wrong number of arguments for 'psubscribe' command\r\n"],
      [resp('SSUBSCRIBE'), "-ERR wrong number of arguments for 'ssubscribe' command\r\n"],
      [resp('PUBLISH', 'a'), "-ERR wrong number of arguments for 'publish' command\r\n"],
      [resp('SPUBLISH', 'a', 'b', 'c'), "-ERR wrong number of arguments for 'spublish' command\r\n"],
      [resp('PUBSUB'), "-ERR wrong number of arguments for 'pubsub' command\r\n"],
      [resp('PUBSUB', 'NUMPAT', 'x'), "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n"],
      [resp('PUBSUB', 'channels', 'a', 'b'), "-ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.\r\n"],
      [resp('PUBSUB', 'SHARDCHANNELS', 'a', 'b'), "-ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP.\r\n"],
      [resp('PUBSUB', 'foo'), "-ERR unknown subcommand 'foo'. Try PUBSUB HELP.\r\n"],
    ];
    for (const [req, want] of cases) {
      c.write(req);
      expect(await c.expect(want)).toBe(want);
    }
    c.write(resp('PUBSUB', 'HELP'));
    const head = '*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CHANNELS [<pattern>]\r\n';
    expect(await c.expect(head)).toBe(head);
    c.close();
  });

  it('COMMAND INFO shows Redis 7.0 flags and key positions', async () => {
    const q = t.client();
    const info = (await q.call('COMMAND', 'INFO', 'subscribe', 'publish', 'spublish', 'ssubscribe', 'sunsubscribe')) as unknown[][];
    expect(info.map((x) => x.slice(0, 6))).toEqual([
      ['subscribe', -2, ['pubsub', 'noscript', 'loading', 'stale'], 0, 0, 0],
      ['publish', 3, ['pubsub', 'loading', 'stale', 'fast'], 0, 0, 0],
      ['spublish', 3, ['pubsub', 'loading', 'stale', 'fast'], 1, 1, 1],
      ['ssubscribe', -2, ['pubsub', 'noscript', 'loading', 'stale'], 1, -1, 1],
      ['sunsubscribe', -1, ['pubsub', 'noscript', 'loading', 'stale'], 1, -1, 1],
    ]);
  });
});

describe('RESET and disconnect', () => {
  it('RESET ends every subscription silently and leaves the subscriber context', async () => {
    const c = await t.raw();
    const pub = await t.raw();
    c.write(resp('SUBSCRIBE', 'r1'));
    c.write(resp('PSUBSCRIBE', 'r*'));
    c.write(resp('SSUBSCRIBE', 'rs'));
    await c.expect(push2('subscribe', 'r1', 1) + push2('psubscribe', 'r*', 2) + push2('ssubscribe', 'rs', 1));
    c.write(resp('RESET'));
    expect(await c.expect('+RESET\r\n')).toBe('+RESET\r\n');
    expect(await publish(pub, 'r1', 'x')).toBe(':0\r\n');
    expect(await publish(pub, 'rs', 'x', 'SPUBLISH')).toBe(':0\r\n');
    c.write(resp('GET', 'reset:missing'));
    expect(await c.expect('$-1\r\n')).toBe('$-1\r\n');
    c.close();
    pub.close();
  });

  it('a disconnected subscriber is removed from every channel', async () => {
    const q = t.client();
    const c = await t.raw();
    c.write(resp('SUBSCRIBE', 'gone'));
    c.write(resp('SSUBSCRIBE', 'gone'));
    await c.expect(push2('subscribe', 'gone', 1) + push2('ssubscribe', 'gone', 1));
    expect(await q.call('PUBSUB', 'NUMSUB', 'gone')).toEqual(['gone', 1]);
    c.close();
    for (let i = 0; i < 100 && (await q.publish('gone', 'x')) !== 0; i++) await sleep(10);
    expect(await q.call('PUBSUB', 'NUMSUB', 'gone')).toEqual(['gone', 0]);
    expect(await q.call('PUBSUB', 'SHARDNUMSUB', 'gone')).toEqual(['gone', 0]);
  });
});

describe('keyspace notifications', () => {
  it('CONFIG SET/GET notify-keyspace-events prints the flags back as Redis does', async () => {
    const q = t.client();
    const cases: [string, string][] = [
      ['KEA', 'AKE'],
      ['Kgx', 'gxK'],
      ['Am', 'Am'],
      ['EKn', 'nKE'],
      ['KEAnm', 'AKEm'],
      ['$lshzxetd', '$lshzxetd'],
      ['g$lshzxetdK', 'AK'],
      ['', ''],
    ];
    for (const [set, get] of cases) {
      expect(await q.config('SET', 'notify-keyspace-events', set)).toBe('OK');
      expect(await q.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', get]);
    }
    await expect(q.config('SET', 'notify-keyspace-events', 'KEQ')).rejects.toThrow(
      "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
    );
  });

  it('keyspace and keyevent messages for writes, new keys, key misses and expirations', async () => {
    const q = t.client();
    const sub = await t.raw();
    sub.write(resp('PSUBSCRIBE', '__key*@0__:*'));
    await sub.expect(push2('psubscribe', '__key*@0__:*', 1));
    const P = (ch: string, m: string) => push2('pmessage', '__key*@0__:*', ch, m);
    const both = (key: string, event: string) => P(`__keyspace@0__:${key}`, event) + P(`__keyevent@0__:${event}`, key);
    try {
      await q.config('SET', 'notify-keyspace-events', 'KEA');
      await q.set('ke:a', '1');
      await q.lpush('ke:l', 'x', 'y');
      await q.del('ke:a');
      let want = both('ke:a', 'set') + both('ke:l', 'lpush') + both('ke:a', 'del');
      expect(await sub.expect(want)).toBe(want);

      // 'n' fires before the write's own event, once, when the key is created.
      await q.config('SET', 'notify-keyspace-events', 'KEAn');
      await q.set('ke:n', '1');
      await q.set('ke:n', '2');
      want = both('ke:n', 'new') + both('ke:n', 'set') + both('ke:n', 'set');
      expect(await sub.expect(want)).toBe(want);

      // keymiss only with 'm'; only keyevent when K is off.
      await q.config('SET', 'notify-keyspace-events', 'Em');
      await q.get('ke:missing');
      await q.set('ke:b', '1'); // no '$' class: nothing
      await q.get('ke:missing2');
      want = P('__keyevent@0__:keymiss', 'ke:missing') + P('__keyevent@0__:keymiss', 'ke:missing2');
      expect(await sub.expect(want)).toBe(want);

      // expired, from the active expire cycle (nobody touches the key).
      await q.config('SET', 'notify-keyspace-events', 'Kx');
      await q.set('ke:e', '1', 'PX', '20');
      want = P('__keyspace@0__:ke:e', 'expired');
      expect(await sub.expect(want, 3000)).toBe(want);
      expect(sub.pending()).toBe('');
    } finally {
      await q.config('SET', 'notify-keyspace-events', '');
      sub.close();
    }
  });

  it('messages name the database, and no notifications are sent once disabled', async () => {
    const q = t.client();
    const sub = await t.raw();
    sub.write(resp('SUBSCRIBE', '__keyevent@5__:hset'));
    await sub.expect(push2('subscribe', '__keyevent@5__:hset', 1));
    await q.config('SET', 'notify-keyspace-events', 'Eh');
    await q.select(5);
    await q.hset('ke:h', 'f', 'v');
    await q.config('SET', 'notify-keyspace-events', '');
    await q.hset('ke:h', 'g', 'v');
    await q.select(0);
    sub.write(resp('PING'));
    const want = push2('message', '__keyevent@5__:hset', 'ke:h') + push2('pong', '');
    expect(await sub.expect(want)).toBe(want);
    sub.close();
  });
});

describe('evicted keyspace events', () => {
  it('every key the eviction layer removes is announced on __keyevent@<db>__:evicted', async () => {
    const q = t.client();
    const sub = await t.raw();
    sub.write(resp('SUBSCRIBE', '__keyevent@0__:evicted'));
    await sub.expect(push2('subscribe', '__keyevent@0__:evicted', 1));
    const evictedKeys = async () => Number(/evicted_keys:(\d+)/.exec((await q.info('stats')) as string)![1]);
    try {
      await q.flushall();
      await q.mset('ev:1', 'a', 'ev:2', 'b');
      await q.config('SET', 'notify-keyspace-events', 'Ee');
      const before = await evictedKeys();
      await q.config('SET', 'maxmemory-policy', 'allkeys-lru');
      await q.config('SET', 'maxmemory', '1');
      await q.set('ev:3', 'c').catch(() => null); // evicts what it can; may end OOM
      await q.config('SET', 'maxmemory', '0');
      const evicted = (await evictedKeys()) - before;
      expect(evicted).toBeGreaterThanOrEqual(2);
      sub.write(resp('PING', 'done'));
      const tail = push2('pong', 'done');
      for (let i = 0; i < 200 && !sub.pending().endsWith(tail); i++) await sleep(5);
      const text = sub.pending();
      const keys = [...text.matchAll(/\$22\r\n__keyevent@0__:evicted\r\n\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1]);
      expect(keys).toHaveLength(evicted);
      expect(keys).toEqual(expect.arrayContaining(['ev:1', 'ev:2']));
    } finally {
      await q.config('SET', 'maxmemory', '0');
      await q.config('SET', 'maxmemory-policy', 'noeviction');
      await q.config('SET', 'notify-keyspace-events', '');
      sub.close();
    }
  });
});

describe('client-output-buffer-limit pubsub', () => {
  it('disconnects a subscriber that does not read once over the hard limit, logging as Redis does', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const q = t.client();
    const normal = await t.raw(); // a paused normal client is not affected by the pubsub class
    try {
      await q.config('SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0');
      const sub = await t.raw();
      sub.write(resp('SUBSCRIBE', 'flood'));
      await sub.expect(push2('subscribe', 'flood', 1));
      sub.socket.pause();
      const payload = 'x'.repeat(100_000);
      let receivers = 1;
      let sent = 0;
      while (receivers === 1 && sent < 1000) {
        const batch = await Promise.all(Array.from({ length: 10 }, () => q.publish('flood', payload)));
        sent += 10;
        receivers = batch[batch.length - 1];
      }
      expect(receivers).toBe(0);
      // Memory was not allowed to grow far beyond the limit plus what the kernel holds.
      expect(sent * payload.length).toBeLessThan(200_000_000);
      expect(await q.call('PUBSUB', 'NUMSUB', 'flood')).toEqual(['flood', 0]);
      const lines = warn.mock.calls.map((c) => String(c[0]));
      expect(lines.some((l) => /^Client id=\d+ addr=127\.0\.0\.1:\d+ laddr=\S+ fd=-?\d+ name= age=\d+ idle=\d+ flags=P db=0 sub=1 psub=0 ssub=0 .* scheduled to be closed ASAP for overcoming of output buffer limits\.$/.test(l))).toBe(true);
      sub.socket.resume();
      await sub.waitClose();
      normal.write(resp('PING'));
      expect(await normal.expect('+PONG\r\n')).toBe('+PONG\r\n');
    } finally {
      await q.config('SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
      warn.mockRestore();
      normal.close();
    }
  });
});
