/**
 * Gateway benchmark (issue 5), on loopback, printing markdown tables:
 *  (a) fan-out: one publisher, N WebSocket subscribers on one channel, Podium (uWebSockets.js topics)
 *      side by side with a broadcast server written with `ws` alone (bench/gateway/baseline-server.ts):
 *      deliveries per second at saturation, and p50/p99 publish-to-receive latency at a fixed rate;
 *  (b) ingest: ZINCRBY score updates over WebSocket, sensor readings over WebSocket (XADD) and as
 *      NDJSON batches over HTTP;
 *  (c) a top-10 live watch on a 1,000,000-member board under ~50,000 ZINCRBY/s: latency from a write
 *      that enters the top 10 to the delta that shows it, and bytes per second sent to the watcher
 *      compared with re-sending the whole top-10.
 * See bench/README.md for the method and the knobs.
 *
 *   npm run bench:gateway
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { freePort, fmt, ROOT, startServer, stop, type Server } from './lib.ts';
import { connectRawWs, type RawWs } from './gateway/ws-raw.ts';

const SUBS = (process.env.BENCH_SUBS ?? '1000,10000').split(',').map(Number);
const FANOUT_SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 5);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 32);
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 50);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);
const PAYLOAD = Number(process.env.BENCH_PAYLOAD ?? 64);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 5);
const BOARD = Number(process.env.BENCH_BOARD ?? 1_000_000);
const WATCH_RATE = Number(process.env.BENCH_WATCH_RATE ?? 50_000);
const WATCH_SECONDS = Number(process.env.BENCH_WATCH_SECONDS ?? 10);
/** Shares of the writes that go to 100 contenders near the top (how often the top 10 changes). */
const HOT_SHARES = (process.env.BENCH_WATCH_HOT ?? '0.1,0.001').split(',').map(Number);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Target {
  name: string;
  server: Server;
  wsPort: number;
}

async function startPodium(): Promise<Target> {
  const port = await freePort();
  const http = await freePort();
  const args = ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--http-port', String(http), '--save', '', '--appendonly', 'no',
    '--gateway-max-connections', '20000', '--maxclients', '20000'];
  const server = await startServer('podium', process.execPath, args, port);
  return { name: 'Podium', server, wsPort: http };
}

async function startBaseline(): Promise<Target> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/gateway/baseline-server.ts', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    proc.once('exit', (code) => reject(new Error(`baseline exited ${code}`)));
  });
  return { name: 'ws baseline', server: { name: 'ws', port, proc }, wsPort: port };
}

/** A JSON request/reply connection over the raw client (replies matched by id, pushes ignored). */
class Caller {
  private pending = new Map<number, (v: { ok?: unknown; err?: string }) => void>();
  private nextId = 1;
  ws!: RawWs;
  static async open(port: number): Promise<Caller> {
    const c = new Caller();
    c.ws = await connectRawWs(port, '/v1/ws', (b) => c.onFrame(b));
    return c;
  }
  private onFrame(b: Buffer): void {
    if (b[2] !== 0x69) return; // {"id":...} replies start with {"i; pushes are skipped cheaply
    const msg = JSON.parse(b.toString('utf8')) as { id?: number; ok?: unknown; err?: string };
    const f = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (f) {
      this.pending.delete(msg.id!);
      f(msg);
    }
  }
  call(cmd: string[]): Promise<{ ok?: unknown; err?: string }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, cmd }));
    });
  }
  get inFlight(): number {
    return this.pending.size;
  }
}

// ---------------------------------------------------------------------------------------------
// (a) fan-out

interface FanoutResult {
  deliveriesPerSec: number;
  p50: number;
  p99: number;
  lost: number;
}

async function fanout(t: Target, subs: number): Promise<FanoutResult> {
  let delivered = 0;
  const latencies: number[] = [];
  let measuring = false;
  const onMessage = (b: Buffer) => {
    delivered++;
    if (!measuring) return;
    const i = b.indexOf(0x54 /* T */, 20);
    if (i < 0) return;
    let v = 0;
    for (let j = i + 1; j < b.length; j++) {
      const d = b[j] - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    latencies.push(now() * 1000 - v);
  };
  const clients: RawWs[] = [];
  for (let i = 0; i < subs; i += 250) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(250, subs - i) }, () => connectRawWs(t.wsPort, '/v1/ws', onMessage)),
    );
    for (const ws of batch) {
      ws.send(JSON.stringify({ id: 1, cmd: ['SUBSCRIBE', 'bench'] }));
      clients.push(ws);
    }
  }
  const pub = await Caller.open(t.wsPort);
  // Every subscriber is ready when one PUBLISH reaches all of them.
  for (let tries = 0; ; tries++) {
    const r = await pub.call(['PUBLISH', 'bench', 'ready?']);
    if (r.ok === subs) break;
    if (tries > 200) throw new Error(`${t.name}: only ${String(r.ok)} of ${subs} subscribed`);
    await sleep(50);
  }
  await sleep(200);
  const pad = 'x'.repeat(Math.max(0, PAYLOAD - 20));
  const payload = () => `T${Math.round(now() * 1000)}|${pad}`;

  // Saturation: keep IN_FLIGHT messages not yet delivered to every subscriber.
  delivered = 0;
  let published = 0;
  const t0 = now();
  while (now() - t0 < FANOUT_SECONDS * 1000) {
    while (published - delivered / subs < IN_FLIGHT) {
      void pub.call(['PUBLISH', 'bench', payload()]);
      published++;
    }
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = (now() - t0) / 1000;
  const deliveriesPerSec = delivered / elapsed;
  // Drain what is still in flight before the latency phase.
  const drainUntil = now() + 30_000;
  while (delivered < published * subs && now() < drainUntil) await sleep(20);

  // Latency at a fixed publish rate.
  delivered = 0;
  measuring = true;
  const n = LATENCY_RATE * LATENCY_SECONDS;
  const start = now();
  for (let k = 0; k < n; k++) {
    const due = start + (k * 1000) / LATENCY_RATE;
    while (now() < due) await sleep(Math.max(0, due - now() - 1));
    void pub.call(['PUBLISH', 'bench', payload()]);
  }
  const until = now() + 10_000;
  while (delivered < n * subs && now() < until) await sleep(20);
  measuring = false;
  const lost = n * subs - delivered;
  latencies.sort((a, b) => a - b);
  for (const c of clients) c.close();
  pub.ws.close();
  await sleep(500);
  return {
    deliveriesPerSec,
    p50: latencies[Math.floor(latencies.length * 0.5)] / 1000,
    p99: latencies[Math.floor(latencies.length * 0.99)] / 1000,
    lost,
  };
}

// ---------------------------------------------------------------------------------------------
// (b) ingest

async function wsIngest(port: number, conns: number, make: (i: number) => string[]): Promise<number> {
  const callers = await Promise.all(Array.from({ length: conns }, () => Caller.open(port)));
  let done = 0;
  let i = 0;
  const t0 = now();
  while (now() - t0 < INGEST_SECONDS * 1000) {
    for (const c of callers) {
      while (c.inFlight < 64) {
        void c.call(make(i++)).then(() => done++);
      }
    }
    await new Promise((r) => setImmediate(r));
  }
  const rate = done / ((now() - t0) / 1000);
  await sleep(200);
  for (const c of callers) c.ws.close();
  return rate;
}

async function httpIngest(port: number, conns: number, batch: number): Promise<number> {
  let readings = 0;
  const t0 = now();
  const body = Array.from({ length: batch }, (_, k) => JSON.stringify({ t: 21.5 + k, h: 40, p: 1013, lux: 300, co2: 412 })).join('\n');
  const worker = async () => {
    while (now() - t0 < INGEST_SECONDS * 1000) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/streams/sensors:http`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body,
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      readings += batch;
    }
  };
  await Promise.all(Array.from({ length: conns }, worker));
  return readings / ((now() - t0) / 1000);
}

// ---------------------------------------------------------------------------------------------
// (c) live top-10 watch under load

/** Sends RESP commands without waiting (pipelined), counting replies (integers and bulk strings). */
class RespPipe {
  sock: net.Socket;
  replies = 0;
  private rest = '';
  private skipLine = false;
  constructor(port: number) {
    this.sock = net.connect({ port, host: '127.0.0.1', noDelay: true });
    this.sock.on('data', (d: Buffer) => {
      const lines = (this.rest + d.toString('latin1')).split('\r\n');
      this.rest = lines.pop()!;
      for (const line of lines) {
        if (this.skipLine) {
          this.skipLine = false;
          continue;
        }
        this.replies++;
        // A bulk string's header is followed by its data line (scores, members: never "\r\n").
        if (line[0] === '$' && line !== '$-1') this.skipLine = true;
      }
    });
  }
  send(cmds: string[][]): void {
    let s = '';
    for (const c of cmds) {
      s += `*${c.length}\r\n`;
      for (const a of c) s += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
    }
    this.sock.write(s);
  }
}

interface WatchResult {
  writesPerSec: number;
  /** Writes that changed the top 10 (member, order or score). */
  changesPerSec: number;
  p50: number;
  p99: number;
  deltaBytesPerSec: number;
  pushesPerSec: number;
  snapshotBytes: number;
}

async function fillBoard(respPort: number): Promise<void> {
  const fill = new RespPipe(respPort);
  const per = 1000;
  for (let i = 0; i < BOARD; i += per) {
    const cmd = ['ZADD', 'board'];
    for (let j = i; j < Math.min(BOARD, i + per); j++) cmd.push(String(Math.floor(Math.random() * 1_000_000)), `player:${j}`);
    fill.send([cmd]);
    if (((i / per) & 63) === 63) while (fill.replies < i / per) await sleep(5);
  }
  while (fill.replies < Math.ceil(BOARD / per)) await sleep(10);
  log(`  board filled with ${BOARD} members`);
  fill.sock.destroy();
}

async function liveWatch(respPort: number, wsPort: number, hotShare: number): Promise<WatchResult> {

  let bytes = 0;
  let pushes = 0;
  let snapshotBytes = 0;
  const seen = new Map<string, number>();
  const watcher = await connectRawWs(wsPort, '/v1/ws', (b) => {
    const text = b.toString('utf8');
    if (!text.startsWith('{"push"')) return;
    if (text.includes('"snapshot"')) {
      snapshotBytes = b.length;
      return;
    }
    bytes += b.length + 2;
    pushes++;
    for (const m of text.matchAll(/probe:(\d+)/g)) if (!seen.has(m[1])) seen.set(m[1], now());
  });
  watcher.send(JSON.stringify({ id: 1, cmd: ['LIVE.WATCH', 'board', 'TOP', '10'] }));
  await sleep(500);

  const load = new RespPipe(respPort);
  // A hundred contenders just above the field, so the top 10 keeps changing hands.
  // The driver keeps their scores too: the rest of the board (below 1,000,000, gaining ~5 points a
  // second each) never reaches them, so it knows exactly which writes change the top 10.
  const contenders = ['ZADD', 'board'];
  const hotScore: number[] = [];
  for (let h = 0; h < 100; h++) {
    hotScore.push(1_000_000 + Math.floor(Math.random() * 100_000));
    contenders.push(String(hotScore[h]), `hot:${h}`);
  }
  const hotName = (h: number) => `hot:${h}`;
  const top10 = () => {
    const ids = [...hotScore.keys()].sort((a, b) => hotScore[b] - hotScore[a] || (hotName(b) < hotName(a) ? -1 : 1));
    return ids.slice(0, 10).map((h) => `${h}:${hotScore[h]}`).join(',');
  };
  let window = top10();
  let changes = 0;
  load.send([contenders]);
  await sleep(200);
  const sent = new Map<string, number>();
  let writes = 0;
  let probe = 0;
  let extra = 1;
  bytes = 0;
  pushes = 0;
  const t0 = now();
  const batchEvery = 10;
  const perBatch = Math.round((WATCH_RATE * batchEvery) / 1000);
  let next = t0;
  let nextProbe = t0 + 100;
  let probeOut: string | null = null;
  while (now() - t0 < WATCH_SECONDS * 1000) {
    const cmds: string[][] = [];
    for (let k = 0; k < perBatch; k++) {
      // A share of the writes goes to the contenders; the rest to the whole board.
      if (Math.random() < hotShare) {
        const h = Math.floor(Math.random() * 100);
        const by = 1 + Math.floor(Math.random() * 5000);
        hotScore[h] += by;
        const w = top10();
        if (w !== window) {
          window = w;
          changes++;
        }
        cmds.push(['ZINCRBY', 'board', String(by), hotName(h)]);
      } else {
        cmds.push(['ZINCRBY', 'board', String(1 + Math.floor(Math.random() * 10)), `player:${Math.floor(Math.random() * BOARD)}`]);
      }
    }
    // Latency probe: a member that enters at rank 0 (its arrival is timed) and leaves 100 ms later.
    if (probeOut !== null && now() >= nextProbe - 150) {
      cmds.push(['ZREM', 'board', probeOut]);
      probeOut = null;
      extra++;
      changes++;
    }
    if (now() >= nextProbe) {
      const p = String(probe++);
      sent.set(p, now());
      probeOut = `probe:${p}`;
      cmds.push(['ZADD', 'board', String(1e12), probeOut]);
      extra++;
      changes++;
      nextProbe += 250;
    }
    load.send(cmds);
    writes += perBatch;
    next += batchEvery;
    const wait = next - now();
    if (wait > 0) await sleep(wait);
  }
  const elapsed = (now() - t0) / 1000;
  while (load.replies < writes + extra && now() - t0 < (WATCH_SECONDS + 10) * 1000) await sleep(10);
  await sleep(300);
  const lat: number[] = [];
  for (const [p, t] of sent) {
    const r = seen.get(p);
    if (r !== undefined) lat.push(r - t);
  }
  lat.sort((a, b) => a - b);
  watcher.close();
  load.sock.destroy();
  if (lat.length < sent.size) log(`  warning: ${sent.size - lat.length} of ${sent.size} probes never seen`);
  return {
    writesPerSec: (load.replies - extra) / elapsed,
    changesPerSec: changes / elapsed,
    p50: lat[Math.floor(lat.length * 0.5)] ?? NaN,
    p99: lat[Math.floor(lat.length * 0.99)] ?? NaN,
    deltaBytesPerSec: bytes / elapsed,
    pushesPerSec: pushes / elapsed,
    snapshotBytes,
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const podium = await startPodium();
  const baseline = await startBaseline();
  try {
    if (!SKIP.has('fanout')) {
      console.log('\n### Fan-out (one channel, one publisher)\n');
      console.log(`| subscribers | server | deliveries/s | ratio vs ws | p50 ms | p99 ms (at ${LATENCY_RATE} msg/s) | lost |`);
      console.log('|---|---|---|---|---|---|---|');
      for (const subs of SUBS) {
        const rows: [Target, FanoutResult][] = [];
        for (const t of [baseline, podium]) {
          log(`fan-out ${subs} subscribers on ${t.name}`);
          rows.push([t, await fanout(t, subs)]);
        }
        const base = rows[0][1].deliveriesPerSec;
        for (const [t, r] of rows) {
          console.log(`| ${fmt(subs)} | ${t.name} | ${fmt(r.deliveriesPerSec)} | ${(r.deliveriesPerSec / base).toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.lost} |`);
        }
      }
    }
    // The baseline may still be draining a backlog: stop it so it does not compete for the cores.
    await stop(baseline.server);
    if (!SKIP.has('ingest')) {
      console.log('\n### Ingest (Podium)\n');
      console.log('| path | per second |');
      console.log('|---|---|');
      const zincr = await wsIngest(podium.wsPort, 4, (i) => ['ZINCRBY', 'ingest:lb', '1', `player:${i % 100000}`]);
      console.log(`| ZINCRBY over WebSocket (4 connections, 64 in flight each) | ${fmt(zincr)} |`);
      const xadd = await wsIngest(podium.wsPort, 4, (i) => ['XADD', 'sensors:ws', 'MAXLEN', '~', '100000', '*', 't', String(20 + (i % 10)), 'h', '40', 'p', '1013', 'lux', '300', 'co2', '412']);
      console.log(`| sensor readings, XADD over WebSocket (4 connections, 64 in flight each) | ${fmt(xadd)} |`);
      const http = await httpIngest(podium.wsPort, 4, 100);
      console.log(`| sensor readings, NDJSON batches of 100 over HTTP (4 concurrent) | ${fmt(http)} |`);
    }
    if (!SKIP.has('watch')) {
      log('live watch');
      await fillBoard(podium.server.port);
      console.log(`\n### Live top-10 watch on a ${fmt(BOARD)}-member board under ${fmt(WATCH_RATE)} ZINCRBY/s\n`);
      console.log('| writes to 100 contenders near the top | ZINCRBY/s applied | top-10 changes/s | write → delta p50 / p99 ms | pushes/s | delta bytes/s | top-10 re-sent on every change, bytes/s | top-10 re-sent per push, bytes/s |');
      console.log('|---|---|---|---|---|---|---|---|');
      for (const share of HOT_SHARES) {
        const r = await liveWatch(podium.server.port, podium.wsPort, share);
        const perChange = r.changesPerSec * r.snapshotBytes;
        const perPush = r.pushesPerSec * r.snapshotBytes;
        console.log(
          `| ${(share * 100).toFixed(1)}% (${fmt(share * r.writesPerSec)}/s) | ${fmt(r.writesPerSec)} | ${fmt(r.changesPerSec)} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} | ${r.pushesPerSec.toFixed(1)} | ` +
            `${fmt(r.deltaBytesPerSec)} | ${fmt(perChange)} (${(perChange / r.deltaBytesPerSec).toFixed(0)}x) | ${fmt(perPush)} (${(perPush / r.deltaBytesPerSec).toFixed(1)}x) |`,
        );
      }
    }
  } finally {
    await stop(podium.server);
    await stop(baseline.server);
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
