/**
 * Calibrates store/memory-estimate.ts: fills keys of one shape through the real command handlers,
 * measures heap growth after forced GCs, and compares it with the estimate the eviction layer keeps.
 *
 *   node --expose-gc --import tsx bench/eviction-calibrate.ts [scale]
 *   SHAPE='hash 10 x 20B' node --expose-gc --import tsx bench/eviction-calibrate.ts   # one shape
 *
 * Prints one line per shape: keys, measured bytes per key, estimated bytes per key, estimate/measured.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Config } from '../server/config.ts';
import { Engine } from '../server/engine/engine.ts';
import { commandGroups } from '../server/commands/index.ts';
import { evictorOf } from '../server/engine/evict.ts';
import { connect } from '../test/helpers/in-process.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const scale = Number(process.argv[2] ?? '1');

/** A flat one-byte string, as the RESP parser produces (concatenation would make cons strings). */
const flat = (s: string) => Buffer.from(s, 'latin1').latin1Slice(0, s.length);
const pad = (p: string, n: number) => flat((p + 'x'.repeat(n)).slice(0, n));

interface Shape {
  name: string;
  keys: number;
  fill(run: (...argv: string[]) => void, i: number): void;
}

const shapes: Shape[] = [
  { name: 'string 100B', keys: 100_000, fill: (run, i) => run('SET', flat(`key:${i}`), pad(`v${i}`, 100)) },
  { name: 'string int', keys: 100_000, fill: (run, i) => run('SET', flat(`key:${i}`), flat(String(100000 + i))) },
  { name: 'string 1000B', keys: 20_000, fill: (run, i) => run('SET', flat(`key:${i}`), pad(`v${i}`, 1000)) },
  { name: 'string 20B + TTL', keys: 100_000, fill: (run, i) => run('SET', flat(`key:${i}`), pad(`v${i}`, 20), 'EX', '100000') },
  {
    name: 'hash 10 x 20B',
    keys: 20_000,
    fill: (run, i) => {
      const argv = ['HSET', flat(`h:${i}`)];
      for (let f = 0; f < 10; f++) argv.push(flat(`field:${f}`), pad(`v${i}:${f}`, 20));
      run(...argv);
    },
  },
  {
    name: 'hash 200 x 20B',
    keys: 500,
    fill: (run, i) => {
      const argv = ['HSET', flat(`h:${i}`)];
      for (let f = 0; f < 200; f++) argv.push(flat(`field:${f}`), pad(`v${i}:${f}`, 20));
      run(...argv);
    },
  },
  {
    name: 'set 10 ints',
    keys: 20_000,
    fill: (run, i) => {
      const argv = ['SADD', flat(`s:${i}`)];
      for (let m = 0; m < 10; m++) argv.push(flat(String(i * 10 + m)));
      run(...argv);
    },
  },
  {
    name: 'set 200 x 16B',
    keys: 500,
    fill: (run, i) => {
      const argv = ['SADD', flat(`s:${i}`)];
      for (let m = 0; m < 200; m++) argv.push(pad(`m${i}:${m}:`, 16));
      run(...argv);
    },
  },
  {
    name: 'list 10 x 20B',
    keys: 20_000,
    fill: (run, i) => {
      const argv = ['RPUSH', flat(`l:${i}`)];
      for (let m = 0; m < 10; m++) argv.push(pad(`e${i}:${m}:`, 20));
      run(...argv);
    },
  },
  {
    name: 'list 1000 x 20B',
    keys: 100,
    fill: (run, i) => {
      const argv = ['RPUSH', flat(`l:${i}`)];
      for (let m = 0; m < 1000; m++) argv.push(pad(`e${i}:${m}:`, 20));
      run(...argv);
    },
  },
  {
    name: 'zset 10 x 12B',
    keys: 20_000,
    fill: (run, i) => {
      const argv = ['ZADD', flat(`z:${i}`)];
      for (let m = 0; m < 10; m++) argv.push(flat(String(m * 1.5)), pad(`p${i}:${m}:`, 12));
      run(...argv);
    },
  },
  {
    name: 'zset 500 x 12B',
    keys: 200,
    fill: (run, i) => {
      const argv = ['ZADD', flat(`z:${i}`)];
      for (let m = 0; m < 500; m++) argv.push(flat(String(m * 1.5)), pad(`p${i}:${m}:`, 12));
      run(...argv);
    },
  },
  {
    name: 'stream 100 x 2 fields',
    keys: 500,
    fill: (run, i) => {
      const key = flat(`x:${i}`);
      for (let m = 0; m < 100; m++) run('XADD', key, '*', 'temp', flat(String(20 + (m % 10))), 'sensor', pad(`s${m}`, 8));
    },
  },
  {
    name: 'hash 50, one HSET each',
    keys: 2_000,
    fill: (run, i) => {
      const key = flat(`h:${i}`);
      for (let f = 0; f < 50; f++) run('HSET', key, flat(`field:${f}`), pad(`v${i}:${f}`, 20));
    },
  },
  {
    name: 'list 50, one LPUSH each',
    keys: 2_000,
    fill: (run, i) => {
      const key = flat(`l:${i}`);
      for (let m = 0; m < 50; m++) run('LPUSH', key, pad(`e${i}:${m}:`, 20));
    },
  },
  {
    name: 'stream 10000 x 2 fields',
    keys: 10,
    fill: (run, i) => {
      const key = flat(`x:${i}`);
      for (let m = 0; m < 10000; m++) run('XADD', key, '*', 'temp', flat(String(20 + (m % 10))), 'sensor', pad(`s${m}`, 8));
    },
  },
];

/** Heap plus external memory after full GCs, letting ArrayBuffer finalizers (Buffers) run between them. */
async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

const only = process.env.SHAPE;
if (only === undefined) {
  // Each shape in its own process: garbage an earlier shape leaves behind would skew the next one.
  console.log('shape'.padEnd(24), 'keys'.padStart(7), 'measured/key'.padStart(13), 'estimate/key'.padStart(13), 'ratio'.padStart(7));
  for (const s of shapes) {
    const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      env: { ...process.env, SHAPE: s.name },
      encoding: 'utf8',
    });
    process.stdout.write(out.stdout.split('\n').slice(1).join('\n'));
    if (out.status !== 0) process.stderr.write(out.stderr);
  }
  process.exit(0);
}
console.log('shape'.padEnd(24), 'keys'.padStart(7), 'measured/key'.padStart(13), 'estimate/key'.padStart(13), 'ratio'.padStart(7));
for (const s of shapes) {
  if (s.name !== only) continue;
  const n = Math.max(1, Math.round(s.keys * scale));
  const config = new Config();
  let engine: Engine | null = new Engine({ config, commands: commandGroups, seed: 1, clock: { now: () => 1_700_000_000_000 } });
  const t = connect(engine);
  const run = (...argv: string[]) => {
    t.run(...argv);
  };
  run('SET', 'warmup', 'x');
  run('DEL', 'warmup');
  const h0 = await heap();
  for (let i = 0; i < n; i++) s.fill(run, i);
  const h1 = await heap();
  const est = evictorOf(engine).fullEstimate();
  const measured = (h1 - h0) / n;
  const estimate = est / n;
  console.log(s.name.padEnd(24), String(n).padStart(7), measured.toFixed(0).padStart(13), estimate.toFixed(0).padStart(13), (estimate / measured).toFixed(2).padStart(7));
  engine = null;
}
