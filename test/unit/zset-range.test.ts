/**
 * Range and algebra commands in-process, against naive models under seeded random operations
 * (sets small enough to stay one leaf and big enough for a deep tree), plus keyspace events,
 * propagation and dirty counts of the writing forms.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { harness as inProcess, type Harness as H } from '../helpers/in-process.ts';
import { arr } from '../helpers/resp-text.ts';
import { seededRandom } from '../../server/lib/random.ts';

const harness = (seed = 1) => inProcess({ seed, eventClass: (type) => type !== 'm' });

type Pair = [string, number];

/** Score text as Redis prints it; the models only use integers, quarters and infinities. */
const fmt = (s: number) => (s === Infinity ? 'inf' : s === -Infinity ? '-inf' : Object.is(s, -0) ? '-0' : String(s));
const cmpPair = (a: Pair, b: Pair) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function reply(items: Pair[], withScores: boolean): string {
  return withScores ? arr(...items.flatMap(([m, s]) => [m, fmt(s)])) : arr(...items.map(([m]) => m));
}

/** The set's elements in order, read back through ZSCAN-free means: the model's own copy. */
class Model {
  items = new Map<string, number>();
  sorted(): Pair[] {
    return [...this.items].sort(cmpPair);
  }
}

function rankWindow(n: number, start: number, end: number): [number, number] | null {
  if (start < 0) start += n;
  if (end < 0) end += n;
  if (start < 0) start = 0;
  if (start > end || start >= n) return null;
  if (end >= n) end = n - 1;
  return [start, end];
}

interface Bound {
  v: number;
  ex: boolean;
  text: string;
}
interface LexB {
  kind: '-' | '+' | '[' | '(';
  v: string;
  text: string;
}

function inMin(s: number, b: Bound) {
  return b.ex ? s > b.v : s >= b.v;
}
function inMax(s: number, b: Bound) {
  return b.ex ? s < b.v : s <= b.v;
}
function lexGe(m: string, b: LexB) {
  return b.kind === '-' ? true : b.kind === '+' ? false : b.kind === '[' ? m >= b.v : m > b.v;
}
function lexLe(m: string, b: LexB) {
  return b.kind === '+' ? true : b.kind === '-' ? false : b.kind === '[' ? m <= b.v : m < b.v;
}

function applyLimit(items: Pair[], offset: number, count: number): Pair[] {
  if (offset < 0) return [];
  return items.slice(offset, count < 0 ? undefined : offset + count);
}

describe('ranges against a naive model', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`random rank, score and lex ranges, seed ${seed}`, () => {
      const t = harness(seed);
      const rnd = seededRandom(seed * 7919);
      const int = (n: number) => Math.floor(rnd() * n);
      const pick = <T>(a: readonly T[]): T => a[int(a.length)];
      const size = [5, 100, 129, 3000][seed - 1];
      const scored = new Model();
      const lex = new Model();
      const letters = () => String.fromCharCode(97 + int(26), 97 + int(26), 97 + int(26));
      for (let i = 0; i < size; i++) {
        const m = `m${int(size * 2)}`;
        const s = pick([-Infinity, Infinity, int(50) - 25, (int(200) - 100) / 4]);
        t.run('ZADD', 'z', s === Infinity ? '+inf' : s === -Infinity ? '-inf' : String(s), m);
        scored.items.set(m, s);
        const w = letters();
        t.run('ZADD', 'l', '0', w);
        lex.items.set(w, 0);
      }
      const bound = (): Bound => {
        const v = pick([-Infinity, Infinity, int(50) - 25, (int(200) - 100) / 4]);
        const ex = rnd() < 0.4;
        const txt = v === Infinity ? '+inf' : v === -Infinity ? '-inf' : String(v);
        return { v, ex, text: (ex ? '(' : '') + txt };
      };
      const lexBound = (): LexB => {
        const r = int(10);
        if (r === 0) return { kind: '-', v: '', text: '-' };
        if (r === 1) return { kind: '+', v: '', text: '+' };
        const v = letters().slice(0, 1 + int(3));
        const kind = rnd() < 0.5 ? '[' : '(';
        return { kind, v, text: kind + v };
      };
      for (let q = 0; q < 400; q++) {
        const items = scored.sorted();
        const n = items.length;
        const ws = rnd() < 0.5;
        const wsArg = ws ? ['WITHSCORES'] : [];
        const kind = int(4);
        if (kind === 0) {
          const start = int(n * 2 + 2) - n - 1;
          const end = int(n * 2 + 2) - n - 1;
          const rev = rnd() < 0.5;
          const w = rankWindow(n, start, end);
          const src = rev ? [...items].reverse() : items;
          const want = w === null ? [] : src.slice(w[0], w[1] + 1);
          const argv = rev && rnd() < 0.5 ? ['ZREVRANGE', 'z', String(start), String(end), ...wsArg] : ['ZRANGE', 'z', String(start), String(end), ...wsArg, ...(rev ? ['REV'] : [])];
          expect(t.run(...argv), argv.join(' ')).toBe(reply(want, ws));
        } else if (kind === 1) {
          const min = bound();
          const max = bound();
          const rev = rnd() < 0.5;
          const lim = rnd() < 0.5 ? [int(n + 3) - 1, int(n + 3) - 2] : null;
          let want = items.filter(([, s]) => inMin(s, min) && inMax(s, max));
          if (rev) want.reverse();
          if (lim) want = applyLimit(want, lim[0], lim[1]);
          const limArg = lim ? ['LIMIT', String(lim[0]), String(lim[1])] : [];
          const argv = rev
            ? rnd() < 0.5
              ? ['ZREVRANGEBYSCORE', 'z', max.text, min.text, ...wsArg, ...limArg]
              : ['ZRANGE', 'z', max.text, min.text, 'BYSCORE', 'REV', ...limArg, ...wsArg]
            : rnd() < 0.5
              ? ['ZRANGEBYSCORE', 'z', min.text, max.text, ...limArg, ...wsArg]
              : ['ZRANGE', 'z', min.text, max.text, ...wsArg, 'BYSCORE', ...limArg];
          expect(t.run(...argv), argv.join(' ')).toBe(reply(want, ws));
        } else if (kind === 2) {
          const min = lexBound();
          const max = lexBound();
          const rev = rnd() < 0.5;
          const lim = rnd() < 0.5 ? [int(n + 3) - 1, int(n + 3) - 2] : null;
          let want = lex.sorted().filter(([m]) => lexGe(m, min) && lexLe(m, max));
          if (rev) want.reverse();
          if (lim) want = applyLimit(want, lim[0], lim[1]);
          const limArg = lim ? ['LIMIT', String(lim[0]), String(lim[1])] : [];
          const argv = rev ? ['ZREVRANGEBYLEX', 'l', max.text, min.text, ...limArg] : ['ZRANGE', 'l', min.text, max.text, 'BYLEX', ...limArg];
          expect(t.run(...argv), argv.join(' ')).toBe(reply(want, false));
        } else if (rnd() < 0.3) {
          // A removal, then the whole set must still match the model.
          const which = int(3);
          let removed: Pair[];
          let argv: string[];
          if (which === 0) {
            const start = int(n + 2) - 1;
            const end = start + int(20);
            const w = rankWindow(n, start, end);
            removed = w === null ? [] : items.slice(w[0], w[1] + 1);
            argv = ['ZREMRANGEBYRANK', 'z', String(start), String(end)];
          } else if (which === 1) {
            const min = bound();
            const v = min.v + int(3);
            const max: Bound = { v, ex: false, text: Number.isFinite(v) ? String(v) : v > 0 ? '+inf' : '-inf' };
            removed = items.filter(([, s]) => inMin(s, min) && inMax(s, max));
            argv = ['ZREMRANGEBYSCORE', 'z', min.text, max.text];
          } else {
            const min = lexBound();
            const max = lexBound();
            const gone = lex.sorted().filter(([m]) => lexGe(m, min) && lexLe(m, max));
            expect(t.run('ZREMRANGEBYLEX', 'l', min.text, max.text)).toBe(`:${gone.length}\r\n`);
            for (const [m] of gone) lex.items.delete(m);
            expect(t.run('ZRANGE', 'l', '0', '-1')).toBe(reply(lex.sorted(), false));
            continue;
          }
          expect(t.run(...argv), argv.join(' ')).toBe(`:${removed.length}\r\n`);
          for (const [m] of removed) scored.items.delete(m);
          expect(t.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe(reply(scored.sorted(), true));
        }
      }
    });
  }

  it('ZRANGESTORE stores exactly what ZRANGE answers, in any direction', () => {
    const t = harness();
    const rnd = seededRandom(99);
    const args: string[] = [];
    for (let i = 0; i < 500; i++) args.push(String(Math.floor(rnd() * 100)), `k${i}`);
    t.run('ZADD', 'src', ...args);
    for (const range of [
      ['0', '-1'],
      ['10', '20', 'REV'],
      ['(10', '50', 'BYSCORE', 'LIMIT', '3', '40'],
      ['+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '200'],
      ['-', '+', 'BYLEX', 'LIMIT', '100', '-1'],
    ]) {
      const stored = t.run('ZRANGESTORE', 'dst', 'src', ...range);
      const answered = t.run('ZRANGE', 'src', ...range);
      const count = Number(answered.slice(1, answered.indexOf('\r')));
      expect(stored, range.join(' ')).toBe(`:${count}\r\n`);
      // Stored ascending whatever the direction: compare as sorted member lists.
      const members = (r: string) => r.split('\r\n').filter((_, i) => i > 0 && i % 2 === 0);
      expect(members(t.run('ZRANGE', 'dst', '0', '-1')).sort()).toEqual(members(answered).sort());
      expect(t.entry('dst')!.value.encoding()).toBe(count > 128 ? 'skiplist' : 'listpack');
    }
  });
});

/** Redis's aggregation, written out plainly. */
function aggregate(target: number, val: number, how: string): number {
  if (how === 'SUM') {
    const r = target + val;
    return Number.isNaN(r) ? 0 : r;
  }
  if (how === 'MIN') return val < target ? val : target;
  return val > target ? val : target;
}

describe('algebra against a naive model', () => {
  for (const seed of [1, 2, 3]) {
    it(`random ZUNION ZINTER ZDIFF ZINTERCARD, seed ${seed}`, () => {
      const t = harness(seed);
      const rnd = seededRandom(seed * 31);
      const int = (n: number) => Math.floor(rnd() * n);
      const pick = <T>(a: readonly T[]): T => a[int(a.length)];
      const inputs = new Map<string, Map<string, number>>();
      for (const [k, size] of [['z1', 10], ['z2', 150], ['z3', 400], ['z4', 60]] as const) {
        const m = new Map<string, number>();
        for (let i = 0; i < size; i++) {
          const s = pick([-Infinity, Infinity, int(20) - 10, (int(80) - 40) / 4]);
          const name = `m${int(500)}`;
          m.set(name, s);
          t.run('ZADD', k, s === Infinity ? '+inf' : s === -Infinity ? '-inf' : String(s), name);
        }
        inputs.set(k, m);
      }
      const plain = new Map<string, number>();
      for (let i = 0; i < 80; i++) {
        const name = `m${int(500)}`;
        plain.set(name, 1);
        t.run('SADD', 'set', name);
      }
      inputs.set('set', plain);
      inputs.set('none', new Map());
      const names = [...inputs.keys()];
      for (let q = 0; q < 150; q++) {
        const keys = Array.from({ length: 1 + int(4) }, () => pick(names));
        const op = pick(['ZUNION', 'ZINTER', 'ZDIFF', 'ZINTERCARD']);
        const weights = op === 'ZUNION' || op === 'ZINTER' ? (rnd() < 0.6 ? keys.map(() => pick([1, 2, -1, 0, 0.5, Infinity, -Infinity])) : null) : null;
        const how = op === 'ZUNION' || op === 'ZINTER' ? pick(['SUM', 'MIN', 'MAX']) : 'SUM';
        const srcs = keys.map((k, i) => ({ map: inputs.get(k)!, w: weights ? weights[i] : 1 }));
        const result = new Map<string, number>();
        if (op === 'ZUNION') {
          for (const src of [...srcs].sort((a, b) => a.map.size - b.map.size)) {
            for (const [m, s] of src.map) {
              let v = src.w * s;
              if (Number.isNaN(v)) v = 0;
              const old = result.get(m);
              result.set(m, old === undefined ? v : aggregate(old, v, how));
            }
          }
        } else if (op === 'ZINTER' || op === 'ZINTERCARD') {
          const order = [...srcs].sort((a, b) => a.map.size - b.map.size);
          for (const [m, s] of order[0].map) {
            let score = order[0].w * s;
            if (Number.isNaN(score)) score = 0;
            let all = true;
            for (const o of order.slice(1)) {
              const v = o.map.get(m);
              if (v === undefined) {
                all = false;
                break;
              }
              score = aggregate(score, v * o.w, how);
            }
            if (all) result.set(m, score);
          }
        } else {
          for (const [m, s] of srcs[0].map) if (!srcs.slice(1).some((o) => o.map.has(m))) result.set(m, s);
        }
        const wArg = weights ? ['WEIGHTS', ...weights.map((w) => (w === Infinity ? 'inf' : w === -Infinity ? '-inf' : String(w)))] : [];
        const aArg = op === 'ZUNION' || op === 'ZINTER' ? ['AGGREGATE', how] : [];
        if (op === 'ZINTERCARD') {
          const limit = rnd() < 0.5 ? int(30) : 0;
          const want = limit === 0 ? result.size : Math.min(limit, result.size);
          const argv = ['ZINTERCARD', String(keys.length), ...keys, ...(limit || rnd() < 0.5 ? ['LIMIT', String(limit)] : [])];
          expect(t.run(...argv), argv.join(' ')).toBe(`:${want}\r\n`);
          continue;
        }
        const want = [...result].sort(cmpPair);
        const argv = [op, String(keys.length), ...keys, ...wArg, ...aArg, 'WITHSCORES'];
        expect(t.run(...argv), argv.join(' ')).toBe(reply(want, true));
        const stored = t.run(`${op}STORE`, 'dst', String(keys.length), ...keys, ...wArg, ...aArg);
        expect(stored).toBe(`:${want.length}\r\n`);
        if (want.length === 0) expect(t.entry('dst')).toBeUndefined();
        else {
          // A listpack result holds 0 where the computation gave -0.
          const lp = want.length <= 128;
          const kept = want.map(([m, s]): Pair => [m, lp && s === 0 ? 0 : s]);
          expect(t.run('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')).toBe(reply(kept, true));
          expect(t.entry('dst')!.value.encoding()).toBe(lp ? 'listpack' : 'skiplist');
        }
      }
    });
  }
});

describe('the write path', () => {
  let t: H;
  beforeEach(() => {
    t = harness();
    t.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    t.run('SET', 'str', 'v');
    t.reset();
  });

  it('ZREMRANGEBY*: one event per command, del when emptied, dirty by count, verbatim propagation', () => {
    const dirty0 = t.engine.dirty;
    expect(t.run('ZREMRANGEBYRANK', 'z', '0', '1')).toBe(':2\r\n');
    expect(t.engine.dirty - dirty0).toBe(2);
    expect(t.run('ZREMRANGEBYSCORE', 'z', '100', '200')).toBe(':0\r\n');
    expect(t.run('ZREMRANGEBYRANK', 'nokey', '0', '1')).toBe(':0\r\n');
    expect(t.engine.dirty - dirty0).toBe(2);
    expect(t.run('ZREMRANGEBYSCORE', 'z', '3', '3')).toBe(':1\r\n');
    expect(t.run('ZREMRANGEBYLEX', 'z', '-', '+')).toBe(':1\r\n');
    expect(t.events).toEqual(['z zremrangebyrank z', 'z zremrangebyscore z', 'z zremrangebylex z', 'g del z']);
    expect(t.props).toEqual([
      ['ZREMRANGEBYRANK', 'z', '0', '1'],
      ['ZREMRANGEBYSCORE', 'z', '3', '3'],
      ['ZREMRANGEBYLEX', 'z', '-', '+'],
    ]);
    expect(t.entry('z')).toBeUndefined();
  });

  it('ZRANGESTORE: zrangestore event, or del of an existing destination when empty', () => {
    expect(t.run('ZRANGESTORE', 'd', 'z', '0', '1')).toBe(':2\r\n');
    expect(t.run('ZRANGESTORE', 'd', 'z', '5', '9')).toBe(':0\r\n');
    expect(t.run('ZRANGESTORE', 'd', 'z', '5', '9')).toBe(':0\r\n');
    expect(t.run('ZRANGESTORE', 'str', 'nokey', '0', '-1')).toBe(':0\r\n');
    expect(t.events).toEqual(['z zrangestore d', 'g del d', 'g del str']);
    expect(t.props).toEqual([
      ['ZRANGESTORE', 'd', 'z', '0', '1'],
      ['ZRANGESTORE', 'd', 'z', '5', '9'],
      ['ZRANGESTORE', 'str', 'nokey', '0', '-1'],
    ]);
  });

  it('Z*STORE events; reads and failures write nothing', () => {
    expect(t.run('ZUNIONSTORE', 'd', '1', 'z')).toBe(':4\r\n');
    expect(t.run('ZINTERSTORE', 'd', '2', 'z', 'd')).toBe(':4\r\n');
    expect(t.run('ZDIFFSTORE', 'd', '2', 'z', 'd')).toBe(':0\r\n');
    expect(t.run('ZDIFFSTORE', 'd', '2', 'z', 'z')).toBe(':0\r\n');
    expect(t.run('ZUNIONSTORE', 'd', '2', 'z', 'str')).toContain('WRONGTYPE');
    expect(t.run('ZUNIONSTORE', 'd', '1', 'z', 'WEIGHTS', 'x')).toBe('-ERR weight value is not a float\r\n');
    expect(t.run('ZUNION', '1', 'z')).toBe(arr('a', 'b', 'c', 'd'));
    expect(t.run('ZRANGE', 'z', '0', '-1')).toBe(arr('a', 'b', 'c', 'd'));
    expect(t.events).toEqual(['z zunionstore d', 'z zinterstore d', 'g del d']);
    expect(t.props.map((p) => p[0])).toEqual(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']);
    expect(t.entry('d')).toBeUndefined();
  });

  it('a stored result is independent of its sources', () => {
    t.run('ZUNIONSTORE', 'd', '1', 'z');
    t.run('ZRANGESTORE', 'e', 'z', '0', '-1');
    t.run('ZREMRANGEBYRANK', 'z', '0', '-1');
    expect(t.run('ZRANGE', 'd', '0', '-1')).toBe(arr('a', 'b', 'c', 'd'));
    expect(t.run('ZRANGE', 'e', '0', '-1')).toBe(arr('a', 'b', 'c', 'd'));
  });
});
