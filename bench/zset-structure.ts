/**
 * Micro-benchmark of the sorted-set data structure (not a test): ns/op for the operations a live
 * leaderboard does, and bytes per member, at 1,000,000 members with random scores.
 *
 *   node --expose-gc --import tsx bench/zset-structure.ts [n] [--no-redis] [--no-skiplist]
 *
 * Side by side, in the same run:
 * - "skiplist": a plain JS port of Redis's skiplist with spans (zslInsert/zslDelete/zslGetRank,
 *   a node object per element, plus a Map member → score as Redis's dict), the alternative the
 *   B+tree was chosen over;
 * - Redis itself (when redis-server is installed): used_memory growth for the same members and
 *   scores, loaded with redis-cli --pipe into a private server on a free port.
 * Memory is heap growth (heapUsed + arrayBuffers, after full GCs) / n, including the member
 * strings, which are made flat and one-byte like the RESP parser's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { seededRandom } from '../server/lib/random.ts';
import { SortedSet } from '../server/store/zset.ts';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const withRedis = !args.includes('--no-redis');
const withSkiplist = !args.includes('--no-skiplist');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(1);
}

function heap(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** A flat one-byte string, as the RESP parser makes (not a cons string of the concatenation). */
function flat(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

function makeData(seed: number): { members: string[]; scores: Float64Array } {
  const rand = seededRandom(seed);
  const members: string[] = new Array(N);
  const scores = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    members[i] = flat('member:' + i);
    scores[i] = Math.floor(rand() * 1e9) / 1000;
  }
  return { members, scores };
}

interface ZImpl {
  add(m: string, s: number): void;
  delete(m: string): void;
  score(m: string): number | undefined;
  rank(m: string): number;
  seek10(s: number): number;
}

// ---------------------------------------------------------------- reference: Redis's skiplist

const SL_MAXLEVEL = 32;
class SLNode {
  backward: SLNode | null = null;
  forward: (SLNode | null)[];
  span: number[];
  constructor(
    public score: number,
    public member: string,
    level: number,
  ) {
    this.forward = new Array(level).fill(null);
    this.span = new Array(level).fill(0);
  }
}

class SkipList implements ZImpl {
  header = new SLNode(0, '', SL_MAXLEVEL);
  tail: SLNode | null = null;
  length = 0;
  level = 1;
  dict = new Map<string, number>();
  private update: SLNode[] = new Array(SL_MAXLEVEL);
  private rankAcc: number[] = new Array(SL_MAXLEVEL).fill(0);
  constructor(private rand: () => number) {}

  private randomLevel(): number {
    let level = 1;
    while (this.rand() < 0.25 && level < SL_MAXLEVEL) level++;
    return level;
  }

  add(m: string, s: number): void {
    const old = this.dict.get(m);
    if (old !== undefined) {
      if (old === s) return;
      this.remove(old, m);
    }
    this.dict.set(m, s);
    this.insert(s, m);
  }

  delete(m: string): void {
    const old = this.dict.get(m);
    if (old === undefined) return;
    this.dict.delete(m);
    this.remove(old, m);
  }

  score(m: string): number | undefined {
    return this.dict.get(m);
  }

  private insert(score: number, member: string): void {
    const update = this.update;
    const rank = this.rankAcc;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      for (;;) {
        const f = x.forward[i];
        if (f === null || !(f.score < score || (f.score === score && f.member < member))) break;
        rank[i] += x.span[i];
        x = f;
      }
      update[i] = x;
    }
    const level = this.randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        update[i].span[i] = this.length;
      }
      this.level = level;
    }
    const node = new SLNode(score, member, level);
    for (let i = 0; i < level; i++) {
      node.forward[i] = update[i].forward[i];
      update[i].forward[i] = node;
      node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = rank[0] - rank[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    node.backward = update[0] === this.header ? null : update[0];
    if (node.forward[0] !== null) node.forward[0].backward = node;
    else this.tail = node;
    this.length++;
  }

  private remove(score: number, member: string): void {
    const update = this.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.forward[i];
        if (f === null || !(f.score < score || (f.score === score && f.member < member))) break;
        x = f;
      }
      update[i] = x;
    }
    const node = x.forward[0]!;
    for (let i = 0; i < this.level; i++) {
      if (update[i].forward[i] === node) {
        update[i].span[i] += node.span[i] - 1;
        update[i].forward[i] = node.forward[i];
      } else {
        update[i].span[i]--;
      }
    }
    if (node.forward[0] !== null) node.forward[0].backward = node.backward;
    else this.tail = node.backward;
    while (this.level > 1 && this.header.forward[this.level - 1] === null) this.level--;
    this.length--;
  }

  rank(m: string): number {
    const score = this.dict.get(m);
    if (score === undefined) return -1;
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.forward[i];
        if (f === null || !(f.score < score || (f.score === score && f.member <= m))) break;
        rank += x.span[i];
        x = f;
      }
      if (x.member === m && x !== this.header) return rank - 1;
    }
    return -1;
  }

  seek10(s: number): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = x.forward[i];
        if (f === null || !(f.score < s)) break;
        x = f;
      }
    }
    let acc = 0;
    let n = x.forward[0];
    for (let k = 0; k < 10 && n !== null; k++, n = n.forward[0]) acc += n.score;
    return acc;
  }
}

// ---------------------------------------------------------------- the store's SortedSet

class TreeImpl implements ZImpl {
  z = new SortedSet();
  add(m: string, s: number): void {
    this.z.add(m, s);
  }
  delete(m: string): void {
    this.z.delete(m);
  }
  score(m: string): number | undefined {
    return this.z.score(m);
  }
  rank(m: string): number {
    return this.z.rank(m);
  }
  seek10(s: number): number {
    let acc = 0;
    const c = this.z.cursor(this.z.scoreStart(s, false));
    for (let k = 0; k < 10 && c.valid; k++, c.advance()) acc += c.score;
    return acc;
  }
}

// ---------------------------------------------------------------- the runs

/**
 * CPU time of this process per op (user + system), so other work on the machine inflates it less
 * than wall time would.
 */
function time(label: string, ops: number, fn: () => number): number {
  const t0 = process.cpuUsage();
  const sink = fn();
  const used = process.cpuUsage(t0);
  const ns = ((used.user + used.system) * 1000) / ops;
  if (sink === 0.123456789) console.log(''); // keeps the result alive
  return ns;
}

interface Result {
  bytes: number;
  ns: Record<string, number>;
}

function run(name: string, make: () => ZImpl): Result {
  // Memory: the members are created inside the measured window; the set keeps them.
  const before = heap();
  let data: { members: string[]; scores: Float64Array } | null = makeData(1);
  let impl: ZImpl | null = make();
  for (let i = 0; i < N; i++) impl.add(data.members[i], data.scores[i]);
  const keep = impl;
  data = null;
  const bytes = (heap() - before) / N;
  impl = null;
  const z = keep;

  const { members, scores } = makeData(1);
  const rand = seededRandom(2);
  const pick = new Int32Array(N);
  for (let i = 0; i < N; i++) pick[i] = Math.floor(rand() * N);
  const ns: Record<string, number> = {};
  const OPS = Math.min(N, 1_000_000);
  ns.rank = time('rank', OPS, () => {
    let acc = 0;
    for (let i = 0; i < OPS; i++) acc += z.rank(members[pick[i]]);
    return acc;
  });
  ns.score = time('score', OPS, () => {
    let acc = 0;
    for (let i = 0; i < OPS; i++) acc += z.score(members[pick[i]])!;
    return acc;
  });
  ns['seek+10'] = time('seek', OPS, () => {
    let acc = 0;
    for (let i = 0; i < OPS; i++) acc += z.seek10(scores[pick[i]]);
    return acc;
  });
  ns.update = time('update', OPS, () => {
    for (let i = 0; i < OPS; i++) z.add(members[pick[i]], (pick[(i + 1) % N] % 1e6) / 7);
    return 1;
  });
  // ZINCRBY-like: a small change, so most members stay in their leaf.
  ns.incr = time('incr', OPS, () => {
    for (let i = 0; i < OPS; i++) {
      const m = members[pick[i]];
      z.add(m, z.score(m)! + (pick[(i + 7) % N] % 100) / 1000);
    }
    return 1;
  });
  // Delete a random half, then insert it back: inserts and deletes at ~1M size.
  const half = OPS >> 1;
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  ns.delete = time('delete', half, () => {
    for (let i = 0; i < half; i++) z.delete(members[order[i]]);
    return 1;
  });
  ns.insert = time('insert', half, () => {
    for (let i = 0; i < half; i++) z.add(members[order[i]], scores[order[i]]);
    return 1;
  });
  console.log(`${name}: built ${N} members`);
  return { bytes, ns };
}

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** RESP for ZADD key s1 m1 s2 m2 ... */
function zaddResp(key: string, members: ArrayLike<string>, scores: ArrayLike<number>, from: number, to: number): string {
  const parts: string[] = [`*${2 + 2 * (to - from)}\r\n$4\r\nZADD\r\n$${key.length}\r\n${key}\r\n`];
  for (let j = from; j < to; j++) {
    const s = String(scores[j]);
    parts.push(`$${s.length}\r\n${s}\r\n$${members[j].length}\r\n${members[j]}\r\n`);
  }
  return parts.join('');
}

/**
 * Loads each payload (RESP commands) into a private redis-server, from empty, and returns the
 * used_memory growth for each; null when redis-server is not installed.
 */
function redisUsedMemory(port: number, payloads: (() => string)[]): number[] | null {
  if (!existsSync('/usr/bin/redis-server')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'zset-bench-'));
  const cli = (...a: string[]) => spawnSync('redis-cli', ['-p', String(port), ...a], { encoding: 'utf8' }).stdout;
  const server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 100 && cli('ping').trim() !== 'PONG'; i++) spawnSync('sleep', ['0.05']);
    const used = () => {
      const info = /used_memory:(\d+)/.exec(cli('info', 'memory'));
      if (info === null) throw new Error('redis-server did not answer INFO');
      return Number(info[1]);
    };
    const file = join(dir, 'load.resp');
    const out: number[] = [];
    for (const payload of payloads) {
      cli('flushall');
      writeFileSync(file, payload(), 'latin1');
      const before = used();
      const r = spawnSync('sh', ['-c', `redis-cli -p ${port} --pipe < ${file}`], { encoding: 'utf8' });
      if (!/errors: 0,/.test(r.stdout)) throw new Error(`redis-cli --pipe: ${r.stdout} ${r.stderr}`);
      out.push(used() - before);
    }
    return out;
  } finally {
    cli('shutdown', 'nosave');
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function bigSetResp(): string {
  const { members, scores } = makeData(1);
  const parts: string[] = [];
  for (let i = 0; i < N; i += 1000) parts.push(zaddResp('lb', members, scores, i, Math.min(N, i + 1000)));
  return parts.join('');
}

// Small sets: many keys of k members each (one leaf, no index; Redis: listpack).
const SMALL_SIZES = [1, 8, 32, 128];
const SMALL_TOTAL = 200_000; // members per measurement

function smallSetData(k: number): { members: string[]; scores: number[] } {
  const members: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < k; i++) {
    members.push('member:' + (100000 + i));
    scores.push(Math.floor(i * 7.5 * 1000) / 1000);
  }
  return { members, scores };
}

function smallSetBytes(k: number): number {
  const K = Math.floor(SMALL_TOTAL / k);
  const { members, scores } = smallSetData(k);
  const before = heap();
  let sets: SortedSet[] | null = new Array(K);
  for (let j = 0; j < K; j++) {
    const z = new SortedSet();
    for (let i = 0; i < k; i++) z.add(flat(members[i]), scores[i]);
    sets[j] = z;
  }
  const bytes = (heap() - before) / K;
  if (sets[K - 1].size !== k) throw new Error('bad small set');
  sets = null;
  return bytes;
}

function smallSetsResp(k: number): string {
  const K = Math.floor(SMALL_TOTAL / k);
  const { members, scores } = smallSetData(k);
  const parts: string[] = [];
  for (let j = 0; j < K; j++) parts.push(zaddResp('z' + j, members, scores, 0, k));
  return parts.join('');
}

const results: [string, Result][] = [['B+tree (SortedSet)', run('btree', () => new TreeImpl())]];
if (withSkiplist) results.push(['skiplist (JS port)', run('skiplist', () => new SkipList(seededRandom(9)))]);
const small = SMALL_SIZES.map((k) => smallSetBytes(k));
let redis: number[] | null = null;
if (withRedis) {
  try {
    redis = redisUsedMemory(await freePort(), [bigSetResp, ...SMALL_SIZES.map((k) => () => smallSetsResp(k))]);
  } catch (e) {
    console.log(`redis measurement failed: ${(e as Error).message}`);
  }
}

console.log(`\nsorted set, ${N} members "member:<i>", random scores (node ${process.version})`);
const cols = ['insert', 'delete', 'update', 'incr', 'rank', 'score', 'seek+10'];
console.log(['structure'.padEnd(22), ...cols.map((c) => c.padStart(9)), 'bytes/member'.padStart(14)].join(''));
for (const [name, r] of results) {
  console.log([name.padEnd(22), ...cols.map((c) => r.ns[c].toFixed(0).padStart(9)), r.bytes.toFixed(1).padStart(14)].join(''));
}
console.log('(ns/op: CPU time per operation)');
if (redis !== null) {
  const perMember = redis[0] / N;
  console.log(`redis-server used_memory: ${perMember.toFixed(1)} bytes/member`);
  for (const [name, r] of results) console.log(`${name}: ${(r.bytes / perMember).toFixed(2)}x Redis's memory per member`);
}
console.log('\nsmall sets (bytes per set, members included; Redis also counts the key, ~50 bytes):');
SMALL_SIZES.forEach((k, i) => {
  const ours = small[i];
  const theirs = redis === null ? null : redis[1 + i] / Math.floor(SMALL_TOTAL / k);
  const cmp = theirs === null ? '' : `   redis ${theirs.toFixed(0).padStart(6)}  (${(ours / theirs).toFixed(2)}x)`;
  console.log(`  ${String(k).padStart(4)} members: ours ${ours.toFixed(0).padStart(6)}${cmp}`);
});
