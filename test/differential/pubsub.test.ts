/**
 * Pub/sub against redis-server 7.0: the same steps on both servers over several named connections
 * (subscribers, a publisher), then each connection's whole received byte stream is compared.
 *
 * Messages reach a subscriber asynchronously, so after every step each connection that can answer is
 * synchronised with a `PING sync:N` and the step completes only when both servers' streams contain
 * that reply: every message a step caused sits before the marker on both sides, and the streams are
 * comparable byte for byte. Sequences avoid what Redis orders by hash (several patterns matching one
 * channel, UNSUBSCRIBE of several channels without arguments, PUBSUB CHANNELS listing several).
 *
 * Script lines: `conn: CMD args` (redis-cli quoting), several commands sent at once separated by
 * ` || `, and `@sleep MS`.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { encodeRequest, redisUnavailable, show, startRedis, type RedisRef } from '../helpers/redis-ref.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { splitWords } from './lib/script.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket that records everything it receives (latin1). */
class Stream {
  data = '';
  closed = false;
  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d) => (this.data += d.toString('latin1')));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<Stream> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(new Stream(s)));
      s.once('error', reject);
    });
  }

  send(argvs: string[][]): void {
    this.socket.write(Buffer.from(argvs.map(encodeRequest).join(''), 'latin1'));
  }

  async waitFor(text: string, from: number, timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.data.indexOf(text, from) < 0) {
      if (this.closed || Date.now() > deadline) return false;
      await sleep(2);
    }
    return true;
  }
}

interface Conn {
  name: string;
  r: Stream;
  p: Stream;
  /** Inside MULTI, under CLIENT REPLY OFF, or closed: cannot answer a sync PING. */
  mute: boolean;
}

interface Case {
  name: string;
  script: string;
  resp2Only?: boolean;
}

let redis: RedisRef;
let podium: TestServer;
let syncN = 0;

async function run(c: Case, resp3: boolean): Promise<void> {
  const conns = new Map<string, Conn>();
  const open = async (name: string): Promise<Conn> => {
    let conn = conns.get(name);
    if (conn !== undefined) return conn;
    const [r, p] = await Promise.all([Stream.connect(redis.port), Stream.connect(podium.port)]);
    conn = { name, r, p, mute: false };
    conns.set(name, conn);
    if (resp3) {
      // The HELLO reply carries the client id: sync past it and drop it from both streams.
      for (const s of [r, p]) s.send([['HELLO', '3'], ['PING', 'hello-done']]);
      await Promise.all([r.waitFor('hello-done\r\n', 0), p.waitFor('hello-done\r\n', 0)]);
      r.data = '';
      p.data = '';
    }
    return conn;
  };
  /** The step's own connection first: once its commands are done, what they published is queued for the others. */
  const syncAll = async (first?: Conn): Promise<void> => {
    const order = first === undefined ? [...conns.values()] : [first, ...[...conns.values()].filter((x) => x !== first)];
    for (const conn of order) {
      if (conn.mute || conn.r.closed || conn.p.closed) continue;
      const marker = `sync:${++syncN}`;
      const want = `$${marker.length}\r\n${marker}\r\n`;
      const from = [conn.r.data.length, conn.p.data.length];
      conn.r.send([['PING', marker]]);
      conn.p.send([['PING', marker]]);
      const [okR, okP] = await Promise.all([conn.r.waitFor(want, from[0]), conn.p.waitFor(want, from[1])]);
      if (!okR) throw new Error(`${c.name}: redis did not answer the sync PING on ${conn.name} (the script is wrong)`);
      if (!okP) conn.mute = true; // the streams will differ; reported below
    }
  };
  try {
    for (const raw of c.script.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('@sleep')) {
        await sleep(Number(line.split(/\s+/)[1]));
        await syncAll();
        continue;
      }
      const colon = line.indexOf(':');
      const conn = await open(line.slice(0, colon).trim());
      const argvs = line
        .slice(colon + 1)
        .split(' || ')
        .map((part) => splitWords(part.trim()));
      conn.r.send(argvs);
      conn.p.send(argvs);
      for (const argv of argvs) {
        const name = argv.map((a) => a.toLowerCase()).join(' ');
        if (name === 'multi' || name === 'client reply off' || name === 'quit') conn.mute = true;
        if (name === 'exec' || name === 'discard' || name === 'client reply on' || name === 'reset') conn.mute = false;
      }
      await syncAll(conn);
    }
    await sleep(20);
    const diffs: string[] = [];
    for (const conn of conns.values()) {
      if (conn.r.data !== conn.p.data) diffs.push(`[${conn.name}]\n  redis:  ${show(conn.r.data)}\n  podium: ${show(conn.p.data)}`);
    }
    if (diffs.length > 0) throw new Error(`${c.name}${resp3 ? ' (RESP3)' : ''}: streams differ\n${diffs.join('\n')}`);
  } finally {
    for (const conn of conns.values()) {
      conn.r.socket.destroy();
      conn.p.socket.destroy();
    }
  }
}

/** Both servers empty, with no subscriptions left from the previous case and no notifications on. */
async function reset(): Promise<void> {
  const [r, p] = await Promise.all([Stream.connect(redis.port), Stream.connect(podium.port)]);
  try {
    for (let i = 0; i < 200; i++) {
      const from = [r.data.length, p.data.length];
      const probe = [['CONFIG', 'SET', 'notify-keyspace-events', ''], ['FLUSHALL'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'CHANNELS'], ['PUBSUB', 'SHARDCHANNELS'], ['PING', 'probe-done']];
      r.send(probe);
      p.send(probe);
      await Promise.all([r.waitFor('probe-done\r\n', from[0]), p.waitFor('probe-done\r\n', from[1])]);
      const clean = '+OK\r\n+OK\r\n:0\r\n*0\r\n*0\r\n$10\r\nprobe-done\r\n';
      if (r.data.slice(from[0]) === clean && p.data.slice(from[1]) === clean) return;
      await sleep(5);
    }
    throw new Error('subscriptions of the previous case are still there');
  } finally {
    r.socket.destroy();
    p.socket.destroy();
  }
}

const CASES: Case[] = [
  {
    name: 'SUBSCRIBE, PUBLISH, subscriber context',
    script: `
      sub: SUBSCRIBE a b a
      pub: PUBLISH a one
      pub: PUBLISH b two
      pub: PUBLISH c nobody
      pub: PUBLISH a "\\x00\\xff\\r\\n binary"
      sub: PING
      sub: PING hi
      sub: GET a
      sub: SET a b
      sub: UNSUBSCRIBE b nope
      pub: PUBLISH b lost
      pub: PUBLISH a three
      sub: UNSUBSCRIBE
      sub: GET a
      sub: PING
      pub: PUBLISH a gone
    `,
  },
  {
    name: 'unsubscribing with nothing subscribed',
    script: `
      c: UNSUBSCRIBE
      c: PUNSUBSCRIBE
      c: SUNSUBSCRIBE
      c: UNSUBSCRIBE x y
      c: PUNSUBSCRIBE p*
      c: SUNSUBSCRIBE s
      c: GET x
    `,
  },
  {
    name: 'patterns',
    script: `
      sub: SUBSCRIBE hello
      sub: PSUBSCRIBE h?llo
      pub: PUBLISH hello 1
      pub: PUBLISH hallo 2
      pub: PUBLISH hxxllo 3
      sub: PUNSUBSCRIBE h?llo
      sub: PSUBSCRIBE a[b-d]* "x\\\\*" [^z]
      pub: PUBLISH acx 4
      pub: PUBLISH ae 5
      pub: PUBLISH x* 6
      pub: PUBLISH xy 7
      pub: PUBLISH z 8
      pub: PUBLISH q 9
      pub: PUBSUB NUMPAT
      sub: PUNSUBSCRIBE a[b-d]* nope
      pub: PUBSUB NUMPAT
      sub: PSUBSCRIBE a[b-d]*
      pub: PUBSUB NUMPAT
      other: PSUBSCRIBE [^z]
      pub: PUBSUB NUMPAT
      pub: PUBLISH q 10
    `,
  },
  {
    name: 'shard channels',
    script: `
      sub: SSUBSCRIBE s1 s2 s1
      pub: SPUBLISH s1 m1
      pub: PUBLISH s1 plain
      pub: SPUBLISH nobody m
      pub: PUBSUB SHARDNUMSUB s1 s2 s3
      pub: PUBSUB SHARDNUMSUB
      pub: PUBSUB NUMSUB s1
      sub: GET k
      sub: UNSUBSCRIBE
      sub: SUNSUBSCRIBE s1
      pub: PUBSUB SHARDCHANNELS
      pub: PUBSUB SHARDCHANNELS s*
      pub: PUBSUB SHARDCHANNELS x*
      pub: SPUBLISH s2 m2
      sub: SUNSUBSCRIBE
      sub: GET k
      pub: SPUBLISH s2 m3
    `,
  },
  {
    name: 'channels and patterns together, counts',
    script: `
      sub: SUBSCRIBE c1
      sub: PSUBSCRIBE p*
      sub: SSUBSCRIBE s
      sub: SUBSCRIBE c2
      sub: PUNSUBSCRIBE
      sub: UNSUBSCRIBE c1
      sub: PSUBSCRIBE q*
      sub: UNSUBSCRIBE c2
      sub: PUNSUBSCRIBE q*
      sub: GET k
      sub: SUNSUBSCRIBE s
      sub: GET k
    `,
  },
  {
    name: 'PUBSUB introspection',
    script: `
      a: SUBSCRIBE news
      b: SUBSCRIBE news
      b: PSUBSCRIBE n*
      q: PUBSUB CHANNELS
      q: PUBSUB CHANNELS n*
      q: PUBSUB CHANNELS x*
      q: PUBSUB NUMSUB news other news
      q: PUBSUB NUMSUB
      q: PUBSUB NUMPAT
      q: PUBSUB SHARDCHANNELS
      q: PUBSUB HELP
      q: PUBSUB help extra
      q: PUBSUB CHANNELS a b
      q: PUBSUB SHARDCHANNELS a b
      q: PUBSUB NUMPAT x
      q: PUBSUB FOO
      q: PUBSUB
      q: PUBLISH news hi
      q: PUBLISH
      q: SPUBLISH a
      q: SUBSCRIBE
      q: PSUBSCRIBE
      q: SSUBSCRIBE
    `,
  },
  {
    name: 'RESET and QUIT end subscriptions',
    script: `
      sub: SUBSCRIBE r1
      sub: PSUBSCRIBE r*
      sub: SSUBSCRIBE rs
      sub: RESET
      pub: PUBLISH r1 x
      pub: SPUBLISH rs x
      sub: GET r1
      sub: SUBSCRIBE r2
      sub: QUIT
      @sleep 50
      pub: PUBLISH r2 x
      pub: PUBSUB NUMSUB r2
    `,
  },
  {
    name: 'confirmations under CLIENT REPLY OFF, SUBSCRIBE in MULTI',
    script: `
      c: CLIENT REPLY OFF || SUBSCRIBE q || PING || UNSUBSCRIBE q || CLIENT REPLY ON
      c: MULTI
      c: SUBSCRIBE m1
      c: PING
      c: EXEC
      pub: PUBLISH m1 x
      c: UNSUBSCRIBE m1
      c: CLIENT REPLY OFF || SUBSCRIBE off || GET x
      pub: PUBLISH off delivered-while-replies-are-off
      # (CLIENT REPLY ON is refused in the RESP2 subscriber context; RESET is allowed and ends both.)
      c: RESET
      c: UNSUBSCRIBE off
    `,
  },
  {
    name: 'a publisher subscribed to its own channel',
    script: `
      c: SUBSCRIBE self
      d: PSUBSCRIBE s*
      d: PUBLISH self from-d
    `,
  },
  {
    name: 'keyspace notifications',
    script: `
      sub: PSUBSCRIBE __key*__:*
      pub: CONFIG SET notify-keyspace-events KEA
      pub: CONFIG GET notify-keyspace-events
      pub: SET k v
      pub: APPEND k w
      pub: INCR n
      pub: LPUSH l a b
      pub: RPOP l
      pub: LPOP l
      pub: SADD s a
      pub: SREM s a
      pub: HSET h f v
      pub: HDEL h f
      pub: ZADD z 1 a
      pub: ZINCRBY z 2 a
      pub: XADD x 1-1 f v
      pub: EXPIRE k 100
      pub: PERSIST k
      pub: RENAME k k2
      pub: DEL k2 n
      pub: SELECT 3
      pub: SET db3 v
      pub: SELECT 0
      pub: CONFIG SET notify-keyspace-events KEAn
      pub: CONFIG GET notify-keyspace-events
      pub: SET fresh 1
      pub: SET fresh 2
      pub: CONFIG SET notify-keyspace-events Em
      pub: GET missing
      pub: SET k v
      pub: CONFIG SET notify-keyspace-events Kx
      pub: SET e v PX 10
      # Long enough for both active expire cycles (10 per second) to find it before anyone reads it.
      @sleep 400
      pub: GET e
      pub: CONFIG SET notify-keyspace-events Kgx
      pub: CONFIG GET notify-keyspace-events
      pub: CONFIG SET notify-keyspace-events ""
      pub: SET quiet v
    `,
  },
];

describe.skipIf(redisUnavailable !== null)('differential: pubsub', () => {
  beforeAll(async () => {
    [redis, podium] = await Promise.all([startRedis(), startTestServer({ seed: 1 })]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), podium?.close()]);
  });

  for (const proto of [2, 3] as const) {
    describe(`RESP${proto}`, () => {
      for (const c of CASES) {
        if (proto === 3 && c.resp2Only) continue;
        it(c.name, async () => {
          await reset();
          await run(c, proto === 3);
        });
      }
    });
  }
});
