/**
 * Stream benchmark: sensor readings appended, trimmed, read back in pages and consumed by a consumer
 * group, in Podium and in redis-server side by side (alternating servers test by test), and the
 * memory each server spends per entry. Prints markdown tables. See bench/README.md.
 *
 *   npm run bench:stream
 *   BENCH_STREAM_ENTRIES=200000 npm run bench:stream   # a smaller stream for the memory figure
 *   BENCH_N=100000 BENCH_ROUNDS=1 npm run bench:stream  # longer runs, one round
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { ask, cells, fmt, freePort, redisBenchmark, requireTools, startServer, stop, type Result, type Server } from './lib.ts';

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

function encode(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

const INCOMPLETE = Symbol('incomplete');
type Reply = string | number | null | Error | Reply[];

/** Incremental RESP2 reader (latin1 text): next() returns a whole reply or INCOMPLETE. */
class RespReader {
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

/** Sends `count` commands pipelined over one connection; resolves with the ms until every reply is in. */
function pipelined(port: number, count: number, command: (i: number) => string): Promise<number> {
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
          // A few hundred commands per write keeps the loop cheap without huge strings.
          let req = '';
          for (const stop = Math.min(count, i + 200); i < stop; i++) req += command(i);
          if (!s.write(req, 'latin1')) return void s.once('drain', writeSome);
        }
      };
      writeSome();
    });
  });
}

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

/** INFO memory fields (redis-cli reads the whole bulk reply). */
function memory(port: number): { used: number; rss: number } {
  const r = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' });
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(r.stdout)?.[1] ?? NaN);
  return { used: field('used_memory'), rss: field('used_memory_rss') };
}

/** Podium's memory after a full GC (bench/gc-signal.mjs collects on SIGUSR2) and a settle delay. */
async function podiumMemory(s: Server): Promise<{ used: number; rss: number }> {
  for (let i = 0; i < 2; i++) {
    s.proc.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
  }
  return memory(s.port);
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

function perEntry(bytes: number): string {
  return (bytes / ENTRIES).toFixed(1);
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
    servers.push(await startServer('Podium', process.execPath, ['--expose-gc', '--import', './bench/gc-signal.mjs', '--import', 'tsx', 'server/main.ts', '--port', String(pPort)], pPort));
    servers.push(await startServer('Redis', 'redis-server', ['--port', String(rPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir()], rPort));
    const [podium, redis] = servers;
    const started = Date.now();

    // Memory first, on the otherwise empty servers: ENTRIES readings with "*" IDs in "sensors".
    const xadd = encode(['XADD', 'sensors', '*', ...READING]);
    const pBefore = await podiumMemory(podium);
    const rBefore = memory(redis.port);
    const rFill = await pipelined(redis.port, ENTRIES, () => xadd);
    const pFill = await pipelined(podium.port, ENTRIES, () => xadd);
    for (const s of servers) {
      const len = await ask(s.port, 'XLEN sensors');
      if (len !== `:${ENTRIES}`) throw new Error(`${s.name}: XLEN sensors is ${len} after filling, expected :${ENTRIES}`);
    }
    const pAfter = await podiumMemory(podium);
    const rAfter = memory(redis.port);
    process.stderr.write(`  filled ${fmt(ENTRIES)} entries: Redis ${rFill} ms, Podium ${pFill} ms\n`);

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

    const results = new Map<string, { redis: Result[]; podium: Result[] }>();
    const record = (key: string, s: Server, r: Result, label: string) => {
      if (!results.has(key)) results.set(key, { redis: [], podium: [] });
      results.get(key)![s === redis ? 'redis' : 'podium'].push(r);
      process.stderr.write(`  ${label} ${s.name}: ${r.rps !== null ? fmt(r.rps) + ' ops/s' : r.note}\n`);
    };
    // Warm-up (not reported): lets V8 optimise Podium's stream paths first.
    for (const t of TESTS) for (const s of servers) runTest(s.port, t, 16, Math.round(WARMUP_N * t.share));
    for (let round = 0; round < ROUNDS; round++) {
      for (const pipeline of PIPELINES) {
        for (const t of TESTS) {
          const order = (round + TESTS.indexOf(t)) % 2 === 0 ? [redis, podium] : [podium, redis];
          for (const s of order) record(`${t.name}|${pipeline}`, s, runTest(s.port, t, pipeline), `round ${round + 1} ${t.name} -P ${pipeline}`);
        }
      }
      if (RUN_GROUPS) {
        const order = round % 2 === 0 ? [redis, podium] : [podium, redis];
        for (const s of order) {
          const note = groupNote.get(s);
          let r: Result = note ? { rps: null, note } : await consume(s.port, GROUP_ENTRIES);
          if (r.rps !== null) {
            // Every entry read must have been acknowledged: nothing may be left pending in the group.
            const pending = await request(s.port, ['XPENDING', 'sensors', 'g']);
            const count = Array.isArray(pending) ? pending[0] : pending;
            if (count !== 0) r = { rps: null, note: `XPENDING says ${count instanceof Error ? count.message : count} left pending` };
          }
          record('group', s, r, `round ${round + 1} XREADGROUP+XACK`);
        }
      }
    }

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`\nStream "sensors" of 5-field readings (${fmt(ENTRIES)} entries before the tests); redis-benchmark -c ${CLIENTS} -n ${N} (-P 1) / ${N_PIPELINED} (pipelined), ` +
      `XRANGE a quarter of that (${ROUNDS > 1 ? `median of ${ROUNDS} rounds` : '1 round'}); ` +
      `Redis ${redisVersion} vs Podium on Node ${process.versions.node}; ${os.cpus().length} cores (${cpu}); ${Math.round((Date.now() - started) / 1000)} s\n`);
    console.log('| test | command | pipeline | Redis ops/s | Podium ops/s | Podium/Redis | target |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const pipeline of PIPELINES) {
      for (const t of TESTS) {
        const { redis: rr, podium: pr } = results.get(`${t.name}|${pipeline}`)!;
        const c = cells(rr, pr);
        const target = pipeline === 1 ? '≥ 0.70' : '≥ 0.40';
        const cmd = t.cmd.replace(READING.join(' '), 't 21.5 h 40 … co2 412');
        console.log(`| ${t.name} | \`${cmd}\` | ${pipeline} | ${c.redis} | ${c.podium} | ${c.ratio} | ${target} |`);
      }
    }
    if (RUN_GROUPS) {
      const { redis: rr, podium: pr } = results.get('group')!;
      const c = cells(rr, pr);
      console.log(`| XREADGROUP + XACK (entries/s) | \`XREADGROUP GROUP g c<i> COUNT 10 STREAMS sensors >\` then \`XACK\` of its IDs, ${GROUP_CONNS} connections | ${GROUP_DEPTH} reads in flight | ${c.redis} | ${c.podium} | ${c.ratio} | ≥ 0.40 |`);
    }

    const rUsed = rAfter.used - rBefore.used;
    const pUsed = pAfter.used - pBefore.used;
    const rRss = rAfter.rss - rBefore.rss;
    const pRss = pAfter.rss - pBefore.rss;
    console.log(`\nMemory for ${fmt(ENTRIES)} entries (\`*\` IDs, 5 fields: ${READING.join(' ')}), growth from the empty server` +
      ` (Podium measured after a full GC; Redis used_memory is its allocator's count):\n`);
    console.log('| measure | Redis bytes/entry | Podium bytes/entry | Podium/Redis | target |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| used_memory (Podium: V8 heap used + external) | ${perEntry(rUsed)} | ${perEntry(pUsed)} | ${(pUsed / rUsed).toFixed(2)} | ≤ 2.00 |`);
    console.log(`| used_memory_rss | ${perEntry(rRss)} | ${perEntry(pRss)} | ${(pRss / rRss).toFixed(2)} | |`);
    console.log(`\nFill (${fmt(ENTRIES)} pipelined XADDs over one connection): Redis ${fmt(rFill)} ms, Podium ${fmt(pFill)} ms` +
      ` (${fmt(ENTRIES / (rFill / 1000))} vs ${fmt(ENTRIES / (pFill / 1000))} entries/s)`);
  } finally {
    await Promise.all(servers.map(stop));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
