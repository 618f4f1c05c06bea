/**
 * Core benchmark: redis-benchmark against Podium and against redis-server, side by side on this
 * machine, alternating the two servers test by test so drift (thermal, other load) hits both alike.
 * Prints a markdown table of ops/s and the ratio Podium/Redis. See bench/README.md.
 *
 *   npm run bench                  # defaults
 *   BENCH_N=200000 npm run bench   # requests per test at -P 1 (default 100000; -P 16 runs 10x that)
 *   BENCH_ROUNDS=1 npm run bench   # rounds; each cell is the median (default 3)
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { ask, cells, fmt, freePort, redisBenchmark, requireTools, startServer, stop, type Result, type Server } from './lib.ts';

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

/** One redis-benchmark run of a single test against one server. */
function runBenchmark(port: number, test: string, pipeline: number, n = pipeline > 1 ? N_PIPELINED : N): Result {
  return redisBenchmark(port, ['-c', String(CLIENTS), '-n', String(n), '-P', String(pipeline), '-t', test], ROW_NAME[test], RUN_TIMEOUT_MS);
}

async function main(): Promise<void> {
  requireTools('redis-server', 'redis-benchmark');
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
    servers.push(await startServer('Podium', process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(pPort), '--http-port', '0'], pPort));
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
        const c = cells(rr, pr);
        console.log(`| ${ROW_NAME[test].split(' ')[0]} | ${pipeline} | ${c.redis} | ${c.podium} | ${c.ratio} |`);
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
