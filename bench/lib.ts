/**
 * What the side-by-side benchmarks share: starting Podium and redis-server on free ports, asking a
 * server one inline command, running redis-benchmark and reading its CSV row, formatting, and for
 * the data-structure benchmarks the warm-up, the alternating rounds and the memory per item.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Exits with a hint when a tool the benchmark needs is missing. */
export function requireTools(...tools: string[]): void {
  for (const tool of tools) {
    if (!which(tool)) {
      console.error(`${tool} is not installed: apt-get install -y redis-server redis-tools`);
      process.exit(2);
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and returns the first reply line (or null if nothing listens). */
export function ask(port: number, line: string, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (v: string | null) => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(null), timeoutMs);
    s.on('connect', () => s.write(`${line}\r\n`));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const i = buf.indexOf('\r\n');
      if (i >= 0) done(buf.slice(0, i));
    });
    s.on('error', () => done(null));
  });
}

export interface Server {
  name: string;
  port: number;
  proc: ChildProcess;
}

export async function startServer(name: string, cmd: string, args: string[], port: number): Promise<Server> {
  const proc = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    if ((await ask(port, 'PING', 500)) === '+PONG') return { name, port, proc };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`${name} did not start on port ${port}: ${err}`);
}

export function stop(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.proc.exitCode !== null) return resolve();
    s.proc.once('exit', () => resolve());
    s.proc.kill('SIGTERM');
    setTimeout(() => s.proc.kill('SIGKILL'), 3000).unref();
  });
}

export interface Result {
  rps: number | null;
  /** Why there is no number (errors from the server, timeout). */
  note?: string;
}

/**
 * One redis-benchmark run; `args` are its options after host and port (-c, -n, -P, -t ...), `command`
 * a custom command's words (they must come last). `row` is the CSV row to read: the -t test's row
 * name, or the custom command's text.
 */
export function redisBenchmark(port: number, args: string[], row: string, timeoutMs: number, command: string[] = []): Result {
  const all = ['-h', '127.0.0.1', '-p', String(port), ...args, '--csv', '-q', ...command];
  const r = spawnSync('redis-benchmark', all, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { rps: null, note: (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'timeout' : String(r.error) };
  for (const line of r.stdout.split('\n')) {
    const cells = line.split('","').map((c) => c.replace(/^"|"$/g, ''));
    if (cells[0] === row && Number(cells[1]) > 0) return { rps: Number(cells[1]) };
  }
  const why = (r.stderr + r.stdout).split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
  const unknown = /ERR unknown command '[^']*'/.exec(why);
  return { rps: null, note: unknown ? unknown[0] : why.trim().slice(0, 60) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Median of the runs that produced a number, or the first failure's note. */
export function cells(rr: Result[], pr: Result[]): { redis: string; podium: string; ratio: string } {
  const rv = rr.filter((x) => x.rps !== null).map((x) => x.rps!);
  const pv = pr.filter((x) => x.rps !== null).map((x) => x.rps!);
  return {
    redis: rv.length ? fmt(median(rv)) : `n/a (${rr[0]?.note})`,
    podium: pv.length ? fmt(median(pv)) : `n/a (${pr[0]?.note})`,
    ratio: rv.length && pv.length ? (median(pv) / median(rv)).toFixed(2) : '–',
  };
}

export function encode(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

export const INCOMPLETE = Symbol('incomplete');
export type Reply = string | number | null | Error | Reply[];

/** Incremental RESP2 reader (latin1 text): next() returns a whole reply or INCOMPLETE. */
export class RespReader {
  private buf = '';
  private pos = 0;

  push(d: Buffer): void {
    const text = d.toString('latin1');
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
  }

  next(): Reply | typeof INCOMPLETE {
    const start = this.pos;
    const v = this.parse();
    if (v === INCOMPLETE) this.pos = start;
    return v;
  }

  private parse(): Reply | typeof INCOMPLETE {
    const buf = this.buf;
    if (this.pos >= buf.length) return INCOMPLETE;
    const end = buf.indexOf('\r\n', this.pos);
    if (end < 0) return INCOMPLETE;
    const type = buf[this.pos];
    const line = buf.slice(this.pos + 1, end);
    this.pos = end + 2;
    switch (type) {
      case '+':
        return line;
      case '-':
        return new Error(line);
      case ':':
        return Number(line);
      case '$': {
        const n = Number(line);
        if (n < 0) return null;
        if (this.pos + n + 2 > buf.length) return INCOMPLETE;
        const s = buf.slice(this.pos, this.pos + n);
        this.pos += n + 2;
        return s;
      }
      case '*': {
        const n = Number(line);
        if (n < 0) return null;
        const out: Reply[] = [];
        for (let i = 0; i < n; i++) {
          const v = this.parse();
          if (v === INCOMPLETE) return INCOMPLETE;
          out.push(v);
        }
        return out;
      }
      default:
        throw new Error(`unexpected reply byte ${JSON.stringify(type)}`);
    }
  }
}

/**
 * Sends `count` commands pipelined over one connection, `perWrite` of them a socket write (a few
 * hundred small ones keep the loop cheap without huge strings); resolves with the ms until every
 * reply is in.
 */
export function pipelined(port: number, count: number, command: (i: number) => string, perWrite = 200): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    const reader = new RespReader();
    const started = Date.now();
    let replies = 0;
    s.on('error', reject);
    s.on('data', (d) => {
      reader.push(d);
      for (let r = reader.next(); r !== INCOMPLETE; r = reader.next()) {
        if (r instanceof Error) {
          s.destroy();
          return reject(new Error(`fill failed: ${r.message}`));
        }
        if (++replies === count) {
          s.destroy();
          resolve(Date.now() - started);
        }
      }
    });
    s.on('connect', () => {
      let i = 0;
      const writeSome = () => {
        while (i < count) {
          let req = '';
          for (const stop = Math.min(count, i + perWrite); i < stop; i++) req += command(i);
          if (!s.write(req, 'latin1')) return void s.once('drain', writeSome);
        }
      };
      writeSome();
    });
  });
}

/** The two servers of a side-by-side benchmark; `servers` is [podium, redis]. */
export interface Pair {
  podium: Server;
  redis: Server;
  servers: Server[];
  redisVersion: string;
}

/**
 * Starts Podium (with bench/gc-signal.mjs, so podiumMemory can force a full GC; `podiumArgs` go after
 * its --port) and an empty redis-server on free ports, runs `body`, and stops both however it ends.
 */
export async function sideBySide(podiumArgs: string[], body: (pair: Pair) => Promise<void>): Promise<void> {
  const [pPort, rPort] = [await freePort(), await freePort()];
  const redisVersion = /v=(\S+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const servers: Server[] = [];
  process.on('SIGINT', () => {
    for (const s of servers) s.proc.kill('SIGKILL');
    process.exit(130);
  });
  try {
    servers.push(await startServer('Podium', process.execPath, ['--expose-gc', '--import', './bench/gc-signal.mjs', '--import', 'tsx', 'server/main.ts', '--port', String(pPort), ...podiumArgs], pPort));
    servers.push(await startServer('Redis', 'redis-server', ['--port', String(rPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir()], rPort));
    const [podium, redis] = servers;
    await body({ podium, redis, servers, redisVersion });
  } finally {
    await Promise.all(servers.map(stop));
  }
}

/** The end of a table's caption: what ran against what, on which machine, for how long. */
export function versus(pair: Pair, started: number): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `Redis ${pair.redisVersion} vs Podium on Node ${process.versions.node}; ${os.cpus().length} cores (${cpu}); ${Math.round((Date.now() - started) / 1000)} s`;
}

export interface Memory {
  used: number;
  rss: number;
}

/** INFO memory fields (redis-cli reads the whole bulk reply). */
export function memory(port: number): Memory {
  const r = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' });
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(r.stdout)?.[1] ?? NaN);
  return { used: field('used_memory'), rss: field('used_memory_rss') };
}

/** Podium's memory after a full GC (bench/gc-signal.mjs collects on SIGUSR2) and a settle delay. */
export async function podiumMemory(s: Server): Promise<Memory> {
  for (let i = 0; i < 2; i++) {
    s.proc.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
  }
  return memory(s.port);
}

export interface Fill {
  /** Milliseconds each server took to fill. */
  rFill: number;
  pFill: number;
  /** Memory growth over the fill (Podium's after a full GC). */
  rGrowth: Memory;
  pGrowth: Memory;
}

/**
 * Fills Redis, then Podium, checks both with `verify` (throws if off), and measures what the fill
 * cost each server in memory.
 */
export async function measureFill(pair: Pair, fill: (s: Server) => Promise<number>, verify: (s: Server) => Promise<void>): Promise<Fill> {
  const pBefore = await podiumMemory(pair.podium);
  const rBefore = memory(pair.redis.port);
  const rFill = await fill(pair.redis);
  const pFill = await fill(pair.podium);
  for (const s of pair.servers) await verify(s);
  const pAfter = await podiumMemory(pair.podium);
  const rAfter = memory(pair.redis.port);
  return {
    rFill,
    pFill,
    rGrowth: { used: rAfter.used - rBefore.used, rss: rAfter.rss - rBefore.rss },
    pGrowth: { used: pAfter.used - pBefore.used, rss: pAfter.rss - pBefore.rss },
  };
}

/**
 * Prints the memory table: bytes per item (`unit`, `count` of them) for used_memory (`usedLabel`
 * names what Podium reports there) and used_memory_rss, after the caption `what`.
 */
export function printMemory(f: Fill, count: number, unit: string, what: string, usedLabel: string): void {
  const per = (bytes: number) => (bytes / count).toFixed(1);
  const { rGrowth: r, pGrowth: p } = f;
  console.log(`\n${what}, growth from the empty server` +
    ` (Podium measured after a full GC; Redis used_memory is its allocator's count):\n`);
  console.log(`| measure | Redis bytes/${unit} | Podium bytes/${unit} | Podium/Redis | target |`);
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| used_memory (${usedLabel}) | ${per(r.used)} | ${per(p.used)} | ${(p.used / r.used).toFixed(2)} | ≤ 2.00 |`);
  console.log(`| used_memory_rss | ${per(r.rss)} | ${per(p.rss)} | ${(p.rss / r.rss).toFixed(2)} | |`);
}

/** The runs of each table row ("test|pipeline" or any key) per server. */
export class Results {
  private readonly runs = new Map<string, { redis: Result[]; podium: Result[] }>();

  constructor(private readonly pair: Pair) {}

  /** Keeps one run and prints it as progress on stderr. */
  record(key: string, s: Server, r: Result, label: string): void {
    if (!this.runs.has(key)) this.runs.set(key, { redis: [], podium: [] });
    this.runs.get(key)![s === this.pair.redis ? 'redis' : 'podium'].push(r);
    process.stderr.write(`  ${label} ${s.name}: ${r.rps !== null ? fmt(r.rps) + ' ops/s' : r.note}\n`);
  }

  cells(key: string): { redis: string; podium: string; ratio: string } {
    const { redis, podium } = this.runs.get(key)!;
    return cells(redis, podium);
  }
}

/** The ratio a throughput row aims at. */
export function target(pipeline: number): string {
  return pipeline === 1 ? '≥ 0.70' : '≥ 0.40';
}

/**
 * A warm-up of every test at -P 16 on both servers (not reported: lets V8 optimise Podium's paths
 * first), then `rounds` rounds of every test at every pipeline depth, the servers alternating test by
 * test so drift hits both alike; `afterRound` runs at the end of each round. Rows are "name|pipeline".
 */
export async function runRounds<T extends { name: string; share: number }>(
  pair: Pair,
  results: Results,
  o: { tests: T[]; pipelines: number[]; rounds: number; warmupN: number; run: (port: number, t: T, pipeline: number, n?: number) => Result; afterRound?: (round: number) => Promise<void> },
): Promise<void> {
  const { podium, redis, servers } = pair;
  for (const t of o.tests) for (const s of servers) o.run(s.port, t, 16, Math.round(o.warmupN * t.share));
  for (let round = 0; round < o.rounds; round++) {
    for (const pipeline of o.pipelines) {
      for (const t of o.tests) {
        const order = (round + o.tests.indexOf(t)) % 2 === 0 ? [redis, podium] : [podium, redis];
        for (const s of order) results.record(`${t.name}|${pipeline}`, s, o.run(s.port, t, pipeline), `round ${round + 1} ${t.name} -P ${pipeline}`);
      }
    }
    await o.afterRound?.(round);
  }
}
