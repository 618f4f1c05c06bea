/**
 * A real redis-server and a Podium side by side for the enclosing describe, with one raw connection
 * to each: started in beforeAll, closed in afterAll. compareBytes() sends the same commands to both
 * and lists the replies whose bytes differ; blockingScenario() does the same for blocked readers.
 */
import { afterAll, beforeAll } from 'vitest';
import { RespConn, encodeRequest, startRedis, type RedisRef } from './redis-ref.ts';
import { startTestServer, type TestServer } from './server.ts';

export interface RedisPair {
  /** The redis-server (from beforeAll on). */
  readonly ref: RedisRef;
  /** The Podium server (from beforeAll on). */
  readonly pod: TestServer;
  /** Connection to redis-server. */
  readonly a: RespConn;
  /** Connection to Podium. */
  readonly b: RespConn;
}

/** `podium`: options for Podium's startTestServer (redis-server starts with its defaults). */
export function redisPair(podium: Parameters<typeof startTestServer>[0] = {}): RedisPair {
  let ref: RedisRef | undefined;
  let pod: TestServer | undefined;
  let a: RespConn | undefined;
  let b: RespConn | undefined;
  beforeAll(async () => {
    ref = await startRedis();
    pod = await startTestServer(podium);
    a = await RespConn.connect(ref.port);
    b = await RespConn.connect(pod.port);
  });
  afterAll(async () => {
    a?.close();
    b?.close();
    await pod?.close();
    await ref?.stop();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the servers start in beforeAll');
    return x;
  };
  return {
    get ref() {
      return started(ref);
    },
    get pod() {
      return started(pod);
    },
    get a() {
      return started(a);
    },
    get b() {
      return started(b);
    },
  };
}

export interface CompareOptions {
  /** Commands pipelined per round trip (both servers see the same order). Default 200. */
  batch?: number;
  /** Per-reply timeout in ms. Default 20000. */
  timeoutMs?: number;
  /** HELLO is sent but its reply not compared (it differs in the client id). Default false. */
  skipHello?: boolean;
  /** Applied to both replies before comparing (narrow normalisations, e.g. of times). */
  normalise?: (cmd: string[], raw: string) => string;
  /** Failure messages clip each part to this many characters. Default 300. */
  clip?: number;
}

/** Sends each command to both servers and returns the mismatches (empty when identical). */
export async function compareBytes(p: RedisPair, cmds: string[][], opts: CompareOptions = {}): Promise<string[]> {
  const size = opts.batch ?? 200;
  const timeoutMs = opts.timeoutMs ?? 20000;
  const clip = opts.clip ?? 300;
  const norm = opts.normalise ?? ((_cmd: string[], raw: string) => raw);
  const bad: string[] = [];
  for (let i = 0; i < cmds.length; i += size) {
    const batch = cmds.slice(i, i + size);
    const bytes = batch.map(encodeRequest).join('');
    const [ra, rb] = await Promise.all([p.a.sendRaw(bytes, batch.length, timeoutMs), p.b.sendRaw(bytes, batch.length, timeoutMs)]);
    for (let j = 0; j < batch.length; j++) {
      if (opts.skipHello && batch[j][0] === 'HELLO') continue;
      const na = norm(batch[j], ra[j].raw);
      const nb = norm(batch[j], rb[j].raw);
      if (na !== nb) bad.push(`${JSON.stringify(batch[j]).slice(0, clip)}: redis ${JSON.stringify(na).slice(0, clip)} podium ${JSON.stringify(nb).slice(0, clip)}`);
    }
  }
  return bad;
}

/**
 * Blocking on both servers: readers block (waiting until each server reports them blocked), a
 * writer runs its commands, then every reader's reply must match. Returns the mismatches.
 */
export async function blockingScenario(p: RedisPair, setup: string[][], readers: string[][], writes: string[][], resp3 = false): Promise<string[]> {
  const side = async (port: number) => {
    const w = await RespConn.connect(port);
    for (const c of setup) await w.send(c);
    const rs = await Promise.all(readers.map(() => RespConn.connect(port)));
    if (resp3) for (const r of rs) await r.send(['HELLO', '3']);
    const pending = rs.map((r, i) => r.send(readers[i], 3000));
    const deadline = Date.now() + 3000;
    for (;;) {
      const info = (await w.send(['INFO', 'clients'])).raw;
      if (new RegExp(`blocked_clients:${readers.length}\\b`).test(info) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const wr: string[] = [];
    for (const c of writes) wr.push((await w.send(c)).raw);
    const got = (await Promise.all(pending)).map((n) => n.raw);
    for (const r of rs) r.close();
    w.close();
    return [...wr, ...got];
  };
  const [x, y] = [await side(p.ref.port), await side(p.pod.port)];
  const out: string[] = [];
  for (let i = 0; i < x.length; i++) if (x[i].startsWith('<')) out.push(`#${i}: redis gave no reply: ${x[i]}`);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) out.push(`#${i}: redis ${JSON.stringify(x[i])} podium ${JSON.stringify(y[i])}`);
  return out;
}
