/**
 * Sorted-set benchmark: a 1,000,000-member board "lb" in Podium and in redis-server side by side,
 * then redis-benchmark custom commands against each (alternating servers test by test), and the
 * memory each server spends per member. Prints markdown tables. See bench/README.md.
 *
 *   npm run bench:zset
 *   BENCH_ZSET_MEMBERS=200000 npm run bench:zset   # a smaller board
 *   BENCH_N=100000 BENCH_ROUNDS=1 npm run bench:zset   # longer runs, one round
 */
import { seededRandom } from '../server/lib/random.ts';
import { ask, fmt, measureFill, pipelined, printMemory, redisBenchmark, requireTools, Results, runRounds, sideBySide, target, versus, type Result } from './lib.ts';

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

/** Fills the board with pipelined ZADDs over one connection (one ZADD a write); resolves with the ms it took. */
function fill(port: number): Promise<number> {
  const rand = seededRandom(7);
  return pipelined(port, Math.ceil(MEMBERS / FILL_BATCH), (i) => {
    const n = Math.min(FILL_BATCH, MEMBERS - i * FILL_BATCH);
    let req = `*${2 + 2 * n}\r\n${bulk('ZADD')}${bulk('lb')}`;
    for (let j = 0; j < n; j++) req += bulk(String(Math.floor(rand() * 1_000_000))) + bulk(member(i * FILL_BATCH + j));
    return req;
  }, 1);
}

function runTest(port: number, t: Test, pipeline: number, n?: number): Result {
  const reqs = n ?? Math.max(1000, Math.round((pipeline > 1 ? N_PIPELINED : N) * t.share));
  return redisBenchmark(port, ['-c', String(CLIENTS), '-n', String(reqs), '-P', String(pipeline), '-r', '1000000'], t.cmd, RUN_TIMEOUT_MS, t.cmd.split(' '));
}

async function main(): Promise<void> {
  requireTools('redis-server', 'redis-benchmark', 'redis-cli');
  await sideBySide(['--http-port', '0'], async (pair) => {
    const started = Date.now();
    const f = await measureFill(pair, (s) => fill(s.port), async (s) => {
      const card = await ask(s.port, 'ZCARD lb');
      if (card !== `:${MEMBERS}`) throw new Error(`${s.name}: ZCARD lb is ${card} after filling, expected :${MEMBERS}`);
    });
    process.stderr.write(`  filled ${fmt(MEMBERS)} members: Redis ${f.rFill} ms, Podium ${f.pFill} ms\n`);

    const results = new Results(pair);
    await runRounds(pair, results, { tests: TESTS, pipelines: PIPELINES, rounds: ROUNDS, warmupN: WARMUP_N, run: runTest });

    console.log(`\nSorted set "lb" with ${fmt(MEMBERS)} members; redis-benchmark -c ${CLIENTS} -r 1000000 -n ${N} (-P 1) / ${N_PIPELINED} (pipelined), ` +
      `ZRANGE ... LIMIT 0 100 a quarter of that (${ROUNDS > 1 ? `median of ${ROUNDS} rounds` : '1 round'}); ${versus(pair, started)}\n`);
    console.log('| command | pipeline | Redis ops/s | Podium ops/s | Podium/Redis | target |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const pipeline of PIPELINES) {
      for (const t of TESTS) {
        const c = results.cells(`${t.name}|${pipeline}`);
        console.log(`| \`${t.cmd}\` | ${pipeline} | ${c.redis} | ${c.podium} | ${c.ratio} | ${target(pipeline)} |`);
      }
    }

    printMemory(f, MEMBERS, 'member', `Memory for ${fmt(MEMBERS)} members ("member:" + 12 digits, integer scores)`, 'Podium: V8 heap + external');
    console.log(`\nFill (pipelined ZADD of ${FILL_BATCH} members each over one connection): Redis ${fmt(f.rFill)} ms, Podium ${fmt(f.pFill)} ms`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
