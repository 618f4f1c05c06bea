/**
 * Core benchmark: redis-benchmark against Podium and against redis-server, side by side on this
 * machine, alternating the two servers test by test so drift (thermal, other load) hits both alike.
 * Prints a markdown table of ops/s and the ratio Podium/Redis. See bench/README.md.
 *
 *   npm run bench                  # defaults
 *   BENCH_N=200000 npm run bench   # requests per test at -P 1 (default 100000; -P 16 runs 10x that)
 *   BENCH_ROUNDS=1 npm run bench   # rounds; each cell is the median (default 3)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_N ?? 100_000);
/** Pipelined runs go ~10x faster; more requests keep them long enough to measure. */
const N_PIPELINED = Number(process.env.BENCH_N_PIPELINED ?? N * 10);
const WARMUP_N = Number(process.env.BENCH_WARMUP_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PIPELINES = (process.env.BENCH_PIPELINES ?? '1,16').split(',').map(Number);
const TESTS = (process.env.BENCH_TESTS ?? 'set,get,incr,lpush,rpop,sadd,hset,mset,lrange_100').split(',');
/** One redis-benchmark run may not take longer than this (a very slow or stuck server). */
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 300_000);

/** redis-benchmark's CSV row name for each -t test. */
const ROW_NAME: Record<string, string> = {
  set: 'SET',
  get: 'GET',
  incr: 'INCR',
  lpush: 'LPUSH',
  rpop: 'RPOP',
  sadd: 'SADD',
  hset: 'HSET',
  mset: 'MSET (10 keys)',
  lrange_100: 'LRANGE_100 (first 100 elements)',
};

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function freePort(): Promise<number> {
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
function ask(port: number, line: string, timeoutMs = 2000): Promise<string | null> {
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

interface Server {
  name: string;
  port: number;
  proc: ChildProcess;
}

async function startServer(name: string, cmd: string, args: string[], port: number): Promise<Server> {
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

function stop(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.proc.exitCode !== null) return resolve();
    s.proc.once('exit', () => resolve());
    s.proc.kill('SIGTERM');
    setTimeout(() => s.proc.kill('SIGKILL'), 3000).unref();
  });
}

interface Result {
  rps: number | null;
  /** Why there is no number (errors from the server, timeout). */
  note?: string;
}

/** One redis-benchmark run of a single test against one server. */
function runBenchmark(port: number, test: string, pipeline: number, n = pipeline > 1 ? N_PIPELINED : N): Result {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-c', String(CLIENTS), '-n', String(n), '-P', String(pipeline), '-t', test, '--csv', '-q'];
  const r = spawnSync('redis-benchmark', args, { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (r.error) return { rps: null, note: (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'timeout' : String(r.error) };
  const want = ROW_NAME[test];
  for (const line of r.stdout.split('\n')) {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    if (cells[0] === want && Number(cells[1]) > 0) return { rps: Number(cells[1]) };
  }
  const why = (r.stderr + r.stdout).split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
  const unknown = /ERR unknown command '[^']*'/.exec(why);
  return { rps: null, note: unknown ? unknown[0] : why.trim().slice(0, 60) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function main(): Promise<void> {
  for (const tool of ['redis-server', 'redis-benchmark']) {
    if (!which(tool)) {
      console.error(`${tool} is not installed: apt-get install -y redis-server redis-tools`);
      process.exit(2);
    }
  }
  const [pPort, rPort] = [await freePort(), await freePort()];
  const redisVersion = /v=(\S+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const servers: Server[] = [];
  const cleanup = () => {
    for (const s of servers) s.proc.kill('SIGKILL');
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    servers.push(await startServer('Podium', process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(pPort)], pPort));
    servers.push(await startServer('Redis', 'redis-server', ['--port', String(rPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir()], rPort));
    const [podium, redis] = servers;

    const results = new Map<string, { redis: Result[]; podium: Result[] }>();
    const started = Date.now();
    // Warm-up (not reported): lets V8 optimise Podium's hot paths before anything is measured.
    for (const test of TESTS) for (const s of servers) runBenchmark(s.port, test, 16, WARMUP_N);
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of servers) await ask(s.port, 'FLUSHALL');
      for (const pipeline of PIPELINES) {
        for (const test of TESTS) {
          // Alternate which server goes first, so neither always runs on a warmer (or hotter) machine.
          const order = (round + TESTS.indexOf(test)) % 2 === 0 ? [redis, podium] : [podium, redis];
          const key = `${test}|${pipeline}`;
          if (!results.has(key)) results.set(key, { redis: [], podium: [] });
          for (const s of order) {
            const r = runBenchmark(s.port, test, pipeline);
            results.get(key)![s === redis ? 'redis' : 'podium'].push(r);
            process.stderr.write(`  round ${round + 1} ${test} -P ${pipeline} ${s.name}: ${r.rps !== null ? fmt(r.rps) + ' ops/s' : r.note}\n`);
          }
        }
      }
    }

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`\nredis-benchmark -c ${CLIENTS} -n ${N} (-P 1) / ${N_PIPELINED} (pipelined) (${ROUNDS > 1 ? `median of ${ROUNDS} rounds` : '1 round'}), ` +
      `Redis ${redisVersion} vs Podium on Node ${process.versions.node}; ${os.cpus().length} cores (${cpu}); ` +
      `${Math.round((Date.now() - started) / 1000)} s\n`);
    console.log('| test | pipeline | Redis ops/s | Podium ops/s | Podium/Redis |');
    console.log('|---|---:|---:|---:|---:|');
    for (const pipeline of PIPELINES) {
      for (const test of TESTS) {
        const { redis: rr, podium: pr } = results.get(`${test}|${pipeline}`)!;
        const rv = rr.filter((x) => x.rps !== null).map((x) => x.rps!);
        const pv = pr.filter((x) => x.rps !== null).map((x) => x.rps!);
        const rCell = rv.length ? fmt(median(rv)) : `n/a (${rr[0]?.note})`;
        const pCell = pv.length ? fmt(median(pv)) : `n/a (${pr[0]?.note})`;
        const ratio = rv.length && pv.length ? (median(pv) / median(rv)).toFixed(2) : '–';
        console.log(`| ${ROW_NAME[test].split(' ')[0]} | ${pipeline} | ${rCell} | ${pCell} | ${ratio} |`);
      }
    }
  } finally {
    await Promise.all(servers.map(stop));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
