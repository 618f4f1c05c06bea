/**
 * Stream benchmark: sensor readings appended, trimmed, read back in pages and consumed by a consumer
 * group, in Podium and in redis-server side by side (alternating servers test by test), and the
 * memory each server spends per entry. Prints markdown tables. See bench/README.md.
 *
 *   npm run bench:stream
 *   BENCH_STREAM_ENTRIES=200000 npm run bench:stream   # a smaller stream for the memory figure
 *   BENCH_N=100000 BENCH_ROUNDS=1 npm run bench:stream  # longer runs, one round
 */
import net from 'node:net';
import { ask, encode, fmt, INCOMPLETE, measureFill, pipelined, printMemory, redisBenchmark, requireTools, RespReader, Results, runRounds, sideBySide, target, versus, type Reply, type Result, type Server } from './lib.ts';

const ENTRIES = Number(process.env.BENCH_STREAM_ENTRIES ?? 1_000_000);
/** Entries of the "ids" stream (explicit IDs 1-0 ... RANGE_ENTRIES-0) for XRANGE from a random ID. */
const RANGE_ENTRIES = 100_000;
/** Entries "capped" holds before the measured runs, so every XADD ... MAXLEN ~ 100000 trims. */
const CAPPED = 100_000;
const N = Number(process.env.BENCH_N ?? 50_000);
const N_PIPELINED = Number(process.env.BENCH_N_PIPELINED ?? N * 5);
const WARMUP_N = Number(process.env.BENCH_WARMUP_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PIPELINES = (process.env.BENCH_PIPELINES ?? '1,16').split(',').map(Number);
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 300_000);
/** Consumer-group driver: entries read and acked per run, connections, XREADGROUPs in flight each. */
const GROUP_ENTRIES = Number(process.env.BENCH_GROUP_ENTRIES ?? 100_000);
const GROUP_CONNS = Number(process.env.BENCH_GROUP_CONNS ?? 8);
const GROUP_DEPTH = Number(process.env.BENCH_GROUP_DEPTH ?? 4);

const READING = ['t', '21.5', 'h', '40', 'p', '1013', 'lux', '300', 'co2', '412'];

interface Test {
  name: string;
  cmd: string;
  /** Share of N this test runs (replies of 100 entries cost far more per request). */
  share: number;
  /** redis-benchmark -r (for __rand_int__), if the command uses it. */
  range?: number;
}

const TESTS: Test[] = [
  { name: 'XADD', cmd: `XADD sensors * ${READING.join(' ')}`, share: 1 },
  { name: 'XADD MAXLEN ~', cmd: `XADD capped MAXLEN ~ ${CAPPED} * ${READING.join(' ')}`, share: 1 },
  { name: 'XRANGE - + COUNT 100', cmd: 'XRANGE sensors - + COUNT 100', share: 0.25 },
  // __rand_int__ is 12 zero-padded digits: a valid ms part, so every start is an existing entry of "ids".
  { name: 'XRANGE random COUNT 100', cmd: 'XRANGE ids __rand_int__ + COUNT 100', share: 0.25, range: RANGE_ENTRIES },
].filter((t) => !process.env.BENCH_TESTS || process.env.BENCH_TESTS.split(',').some((x) => t.name.toLowerCase().startsWith(x.toLowerCase())));
const RUN_GROUPS = !process.env.BENCH_TESTS || process.env.BENCH_TESTS.toLowerCase().includes('xreadgroup');

/** One command over a fresh connection, its whole reply parsed. */
function request(port: number, args: string[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    const reader = new RespReader();
    s.on('error', reject);
    s.on('connect', () => s.write(encode(args), 'latin1'));
    s.on('data', (d) => {
      reader.push(d);
      const r = reader.next();
      if (r === INCOMPLETE) return;
      s.destroy();
      resolve(r);
    });
  });
}

function runTest(port: number, t: Test, pipeline: number, n?: number): Result {
  const reqs = n ?? Math.max(1000, Math.round((pipeline > 1 ? N_PIPELINED : N) * t.share));
  const args = ['-c', String(CLIENTS), '-n', String(reqs), '-P', String(pipeline)];
  if (t.range) args.push('-r', String(t.range));
  return redisBenchmark(port, args, t.cmd, RUN_TIMEOUT_MS, t.cmd.split(' '));
}

/**
 * Consumer-group driver (redis-benchmark cannot send an XACK built from the previous reply):
 * GROUP_CONNS connections, each consumer "c<i>" of group "g" on "sensors", each keeping GROUP_DEPTH
 * `XREADGROUP ... COUNT 10 STREAMS sensors >` in flight and answering every read with one XACK of
 * the IDs it got, written together with the next XREADGROUP. Stops issuing reads once `total`
 * entries were read; the rate counts entries read and acknowledged per second.
 */
function consume(port: number, total: number): Promise<Result> {
  return new Promise((resolve) => {
    const readCmd = (i: number) => encode(['XREADGROUP', 'GROUP', 'g', `c${i + 1}`, 'COUNT', '10', 'STREAMS', 'sensors', '>']);
    const sockets: net.Socket[] = [];
    let read = 0;
    let acked = 0;
    let open = GROUP_CONNS;
    let finished = false;
    const started = process.hrtime.bigint();
    const finish = (r: Result) => {
      if (finished) return;
      finished = true;
      for (const s of sockets) s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ rps: null, note: 'timeout' }), RUN_TIMEOUT_MS);
    for (let i = 0; i < GROUP_CONNS; i++) {
      const s = net.connect({ port, host: '127.0.0.1' });
      sockets.push(s);
      const reader = new RespReader();
      const next = readCmd(i);
      /** 'r' for an XREADGROUP reply expected, 'a' for an XACK reply. */
      const inflight: string[] = [];
      s.setNoDelay(true);
      s.on('error', (e) => finish({ rps: null, note: String(e) }));
      s.on('connect', () => {
        let req = '';
        for (let d = 0; d < GROUP_DEPTH; d++) {
          req += next;
          inflight.push('r');
        }
        s.write(req, 'latin1');
      });
      s.on('data', (d) => {
        reader.push(d);
        let out = '';
        for (let r = reader.next(); r !== INCOMPLETE; r = reader.next()) {
          const kind = inflight.shift();
          if (r instanceof Error) return finish({ rps: null, note: r.message.slice(0, 60) });
          if (kind === 'a') {
            acked += r as number;
            continue;
          }
          // [[key, [[id, [field, value, ...]], ...]]] or a null array when nothing is new.
          const entries = r === null ? [] : ((r as Reply[])[0] as Reply[])[1] as Reply[][];
          if (entries.length) {
            read += entries.length;
            const ack = ['XACK', 'sensors', 'g'];
            for (const e of entries) ack.push(e[0] as string);
            out += encode(ack);
            inflight.push('a');
          }
          if (entries.length && read < total) {
            out += next;
            inflight.push('r');
          }
        }
        if (out) s.write(out, 'latin1');
        if (inflight.length === 0 && --open === 0) {
          clearTimeout(timer);
          const secs = Number(process.hrtime.bigint() - started) / 1e9;
          if (acked !== read) return finish({ rps: null, note: `acked ${acked} of ${read}` });
          finish(read < total ? { rps: null, note: `stream ran out after ${read}` } : { rps: acked / secs });
        }
      });
    }
  });
}

async function main(): Promise<void> {
  requireTools('redis-server', 'redis-benchmark', 'redis-cli');
  await sideBySide([], async (pair) => {
    const { servers } = pair;
    const started = Date.now();

    // Memory first, on the otherwise empty servers: ENTRIES readings with "*" IDs in "sensors".
    const xadd = encode(['XADD', 'sensors', '*', ...READING]);
    const f = await measureFill(pair, (s) => pipelined(s.port, ENTRIES, () => xadd), async (s) => {
      const len = await ask(s.port, 'XLEN sensors');
      if (len !== `:${ENTRIES}`) throw new Error(`${s.name}: XLEN sensors is ${len} after filling, expected :${ENTRIES}`);
    });
    process.stderr.write(`  filled ${fmt(ENTRIES)} entries: Redis ${f.rFill} ms, Podium ${f.pFill} ms\n`);

    // Streams the other tests need: "ids" with IDs 1-0 ... for random XRANGE starts, "capped" at its cap.
    const fields = READING;
    for (const s of servers) {
      await pipelined(s.port, RANGE_ENTRIES, (i) => encode(['XADD', 'ids', `${i + 1}-0`, ...fields]));
      await pipelined(s.port, CAPPED, () => encode(['XADD', 'capped', '*', ...fields]));
    }

    // Consumer groups may not exist yet in Podium: then that row says why instead of a number.
    const groupNote = new Map<Server, string>();
    if (RUN_GROUPS) {
      for (const s of servers) {
        const r = await ask(s.port, 'XGROUP CREATE sensors g 0');
        if (r === '+OK') continue;
        const unknown = /ERR unknown command '[^']*'/.exec(r ?? '');
        groupNote.set(s, unknown ? `${unknown[0]}: not yet measurable` : (r ?? 'no reply').replace(/^-/, '').slice(0, 60));
      }
    }

    const results = new Results(pair);
    const groupRound = async (round: number) => {
      if (!RUN_GROUPS) return;
      const order = round % 2 === 0 ? [pair.redis, pair.podium] : [pair.podium, pair.redis];
      for (const s of order) {
        const note = groupNote.get(s);
        let r: Result = note ? { rps: null, note } : await consume(s.port, GROUP_ENTRIES);
        if (r.rps !== null) {
          // Every entry read must have been acknowledged: nothing may be left pending in the group.
          const pending = await request(s.port, ['XPENDING', 'sensors', 'g']);
          const count = Array.isArray(pending) ? pending[0] : pending;
          if (count !== 0) r = { rps: null, note: `XPENDING says ${count instanceof Error ? count.message : count} left pending` };
        }
        results.record('group', s, r, `round ${round + 1} XREADGROUP+XACK`);
      }
    };
    await runRounds(pair, results, { tests: TESTS, pipelines: PIPELINES, rounds: ROUNDS, warmupN: WARMUP_N, run: runTest, afterRound: groupRound });

    console.log(`\nStream "sensors" of 5-field readings (${fmt(ENTRIES)} entries before the tests); redis-benchmark -c ${CLIENTS} -n ${N} (-P 1) / ${N_PIPELINED} (pipelined), ` +
      `XRANGE a quarter of that (${ROUNDS > 1 ? `median of ${ROUNDS} rounds` : '1 round'}); ${versus(pair, started)}\n`);
    console.log('| test | command | pipeline | Redis ops/s | Podium ops/s | Podium/Redis | target |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const pipeline of PIPELINES) {
      for (const t of TESTS) {
        const c = results.cells(`${t.name}|${pipeline}`);
        const cmd = t.cmd.replace(READING.join(' '), 't 21.5 h 40 … co2 412');
        console.log(`| ${t.name} | \`${cmd}\` | ${pipeline} | ${c.redis} | ${c.podium} | ${c.ratio} | ${target(pipeline)} |`);
      }
    }
    if (RUN_GROUPS) {
      const c = results.cells('group');
      console.log(`| XREADGROUP + XACK (entries/s) | \`XREADGROUP GROUP g c<i> COUNT 10 STREAMS sensors >\` then \`XACK\` of its IDs, ${GROUP_CONNS} connections | ${GROUP_DEPTH} reads in flight | ${c.redis} | ${c.podium} | ${c.ratio} | ≥ 0.40 |`);
    }

    printMemory(f, ENTRIES, 'entry', `Memory for ${fmt(ENTRIES)} entries (\`*\` IDs, 5 fields: ${READING.join(' ')})`, 'Podium: V8 heap used + external');
    console.log(`\nFill (${fmt(ENTRIES)} pipelined XADDs over one connection): Redis ${fmt(f.rFill)} ms, Podium ${fmt(f.pFill)} ms` +
      ` (${fmt(ENTRIES / (f.rFill / 1000))} vs ${fmt(ENTRIES / (f.pFill / 1000))} entries/s)`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
