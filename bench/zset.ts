/**
 * Sorted-set benchmark: a 1,000,000-member board "lb" in Podium and in redis-server side by side,
 * then redis-benchmark custom commands against each (alternating servers test by test), and the
 * memory each server spends per member. Prints markdown tables. See bench/README.md.
 *
 *   npm run bench:zset
 *   BENCH_ZSET_MEMBERS=200000 npm run bench:zset   # a smaller board
 *   BENCH_N=100000 BENCH_ROUNDS=1 npm run bench:zset   # longer runs, one round
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { seededRandom } from '../server/lib/random.ts';
import { ask, cells, fmt, freePort, redisBenchmark, requireTools, startServer, stop, type Result, type Server } from './lib.ts';

const MEMBERS = Number(process.env.BENCH_ZSET_MEMBERS ?? 1_000_000);
const N = Number(process.env.BENCH_N ?? 50_000);
const N_PIPELINED = Number(process.env.BENCH_N_PIPELINED ?? N * 5);
const WARMUP_N = Number(process.env.BENCH_WARMUP_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PIPELINES = (process.env.BENCH_PIPELINES ?? '1,16').split(',').map(Number);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 300_000);
/** Members per ZADD while filling (pipelined over one connection). */
const FILL_BATCH = 1000;

interface Test {
  name: string;
  cmd: string;
  /** Share of N this test runs (replies of 100 members cost far more per request). */
  share: number;
}

/** Members are "member:" + redis-benchmark's __rand_int__ (12 digits, zero-padded), so every
 *  random member of the tests below exists on the board and ZADD/ZINCRBY update in place. */
const TESTS: Test[] = [
  { name: 'ZADD (update)', cmd: 'ZADD lb __rand_int__ member:__rand_int__', share: 1 },
  { name: 'ZINCRBY', cmd: 'ZINCRBY lb 1 member:__rand_int__', share: 1 },
  { name: 'ZSCORE', cmd: 'ZSCORE lb member:__rand_int__', share: 1 },
  { name: 'ZREVRANK', cmd: 'ZREVRANK lb member:__rand_int__', share: 1 },
  { name: 'ZREVRANGE 0 9 WITHSCORES', cmd: 'ZREVRANGE lb 0 9 WITHSCORES', share: 1 },
  { name: 'ZRANGE BYSCORE REV LIMIT 0 100', cmd: 'ZRANGE lb +inf -inf BYSCORE REV LIMIT 0 100', share: 0.25 },
].filter((t) => !process.env.BENCH_TESTS || process.env.BENCH_TESTS.split(',').some((x) => t.cmd.toLowerCase().startsWith(x.toLowerCase())));

function member(i: number): string {
  return `member:${String(i).padStart(12, '0')}`;
}

function bulk(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

/** Fills the board with pipelined ZADDs over one connection; resolves when every reply is in. */
function fill(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const rand = seededRandom(7);
    const commands = Math.ceil(MEMBERS / FILL_BATCH);
    const s = net.connect({ port, host: '127.0.0.1' });
    const started = Date.now();
    let replies = 0;
    let tail = '';
    s.on('error', reject);
    s.on('data', (d) => {
      // Each reply is one line (":1000\r\n" or an error).
      const text = tail + d.toString('latin1');
      const lines = text.split('\r\n');
      tail = lines.pop()!;
      for (const l of lines) {
        if (l.startsWith('-')) {
          s.destroy();
          return reject(new Error(`ZADD failed: ${l}`));
        }
        replies++;
      }
      if (replies === commands) {
        s.destroy();
        resolve(Date.now() - started);
      }
    });
    s.on('connect', () => {
      let i = 0;
      const writeSome = () => {
        while (i < commands) {
          const n = Math.min(FILL_BATCH, MEMBERS - i * FILL_BATCH);
          let req = `*${2 + 2 * n}\r\n${bulk('ZADD')}${bulk('lb')}`;
          for (let j = 0; j < n; j++) req += bulk(String(Math.floor(rand() * 1_000_000))) + bulk(member(i * FILL_BATCH + j));
          i++;
          if (!s.write(req)) return void s.once('drain', writeSome);
        }
      };
      writeSome();
    });
  });
}

/** INFO memory fields (redis-cli reads the whole bulk reply). */
function memory(port: number): { used: number; rss: number } {
  const r = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' });
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(r.stdout)?.[1] ?? NaN);
  return { used: field('used_memory'), rss: field('used_memory_rss') };
}

/** Podium's memory after a full GC (bench/gc-signal.mjs collects on SIGUSR2). */
async function podiumMemory(s: Server): Promise<{ used: number; rss: number }> {
  for (let i = 0; i < 2; i++) {
    s.proc.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
  }
  return memory(s.port);
}

function runTest(port: number, t: Test, pipeline: number, n?: number): Result {
  const reqs = n ?? Math.max(1000, Math.round((pipeline > 1 ? N_PIPELINED : N) * t.share));
  return redisBenchmark(port, ['-c', String(CLIENTS), '-n', String(reqs), '-P', String(pipeline), '-r', '1000000'], t.cmd, RUN_TIMEOUT_MS, t.cmd.split(' '));
}

function perMember(bytes: number): string {
  return (bytes / MEMBERS).toFixed(1);
}

async function main(): Promise<void> {
  requireTools('redis-server', 'redis-benchmark', 'redis-cli');
  const [pPort, rPort] = [await freePort(), await freePort()];
  const redisVersion = /v=(\S+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const servers: Server[] = [];
  process.on('SIGINT', () => {
    for (const s of servers) s.proc.kill('SIGKILL');
    process.exit(130);
  });
  try {
    servers.push(await startServer('Podium', process.execPath, ['--expose-gc', '--import', './bench/gc-signal.mjs', '--import', 'tsx', 'server/main.ts', '--port', String(pPort), '--http-port', '0'], pPort));
    servers.push(await startServer('Redis', 'redis-server', ['--port', String(rPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir()], rPort));
    const [podium, redis] = servers;
    const started = Date.now();

    const pBefore = await podiumMemory(podium);
    const rBefore = memory(redis.port);
    const rFill = await fill(redis.port);
    const pFill = await fill(podium.port);
    for (const s of servers) {
      const card = await ask(s.port, 'ZCARD lb');
      if (card !== `:${MEMBERS}`) throw new Error(`${s.name}: ZCARD lb is ${card} after filling, expected :${MEMBERS}`);
    }
    const pAfter = await podiumMemory(podium);
    const rAfter = memory(redis.port);
    process.stderr.write(`  filled ${fmt(MEMBERS)} members: Redis ${rFill} ms, Podium ${pFill} ms\n`);

    const results = new Map<string, { redis: Result[]; podium: Result[] }>();
    // Warm-up (not reported): lets V8 optimise Podium's sorted-set paths first.
    for (const t of TESTS) for (const s of servers) runTest(s.port, t, 16, Math.round(WARMUP_N * t.share));
    for (let round = 0; round < ROUNDS; round++) {
      for (const pipeline of PIPELINES) {
        for (const t of TESTS) {
          const order = (round + TESTS.indexOf(t)) % 2 === 0 ? [redis, podium] : [podium, redis];
          const key = `${t.name}|${pipeline}`;
          if (!results.has(key)) results.set(key, { redis: [], podium: [] });
          for (const s of order) {
            const r = runTest(s.port, t, pipeline);
            results.get(key)![s === redis ? 'redis' : 'podium'].push(r);
            process.stderr.write(`  round ${round + 1} ${t.name} -P ${pipeline} ${s.name}: ${r.rps !== null ? fmt(r.rps) + ' ops/s' : r.note}\n`);
          }
        }
      }
    }

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`\nSorted set "lb" with ${fmt(MEMBERS)} members; redis-benchmark -c ${CLIENTS} -r 1000000 -n ${N} (-P 1) / ${N_PIPELINED} (pipelined), ` +
      `ZRANGE ... LIMIT 0 100 a quarter of that (${ROUNDS > 1 ? `median of ${ROUNDS} rounds` : '1 round'}); ` +
      `Redis ${redisVersion} vs Podium on Node ${process.versions.node}; ${os.cpus().length} cores (${cpu}); ${Math.round((Date.now() - started) / 1000)} s\n`);
    console.log('| command | pipeline | Redis ops/s | Podium ops/s | Podium/Redis | target |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const pipeline of PIPELINES) {
      for (const t of TESTS) {
        const { redis: rr, podium: pr } = results.get(`${t.name}|${pipeline}`)!;
        const c = cells(rr, pr);
        const target = pipeline === 1 ? '≥ 0.70' : '≥ 0.40';
        console.log(`| \`${t.cmd}\` | ${pipeline} | ${c.redis} | ${c.podium} | ${c.ratio} | ${target} |`);
      }
    }

    const rUsed = rAfter.used - rBefore.used;
    const pUsed = pAfter.used - pBefore.used;
    const pRss = pAfter.rss - pBefore.rss;
    console.log(`\nMemory for ${fmt(MEMBERS)} members ("member:" + 12 digits, integer scores), growth from the empty server` +
      ` (Podium measured after a full GC; Redis used_memory is its allocator's count):\n`);
    console.log('| measure | Redis bytes/member | Podium bytes/member | Podium/Redis | target |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| used_memory (Podium: V8 heap + external) | ${perMember(rUsed)} | ${perMember(pUsed)} | ${(pUsed / rUsed).toFixed(2)} | ≤ 2.00 |`);
    console.log(`| used_memory_rss | ${perMember(rAfter.rss - rBefore.rss)} | ${perMember(pRss)} | ${(pRss / (rAfter.rss - rBefore.rss)).toFixed(2)} | |`);
    console.log(`\nFill (pipelined ZADD of ${FILL_BATCH} members each over one connection): Redis ${fmt(rFill)} ms, Podium ${fmt(pFill)} ms`);
  } finally {
    await Promise.all(servers.map(stop));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
