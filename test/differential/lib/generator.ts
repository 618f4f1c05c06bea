/**
 * Seeded random command sequences over a small key space and a small member alphabet, mixing types so
 * WRONGTYPE, empty collections, deletions by emptying, overflow and bad arguments happen often.
 * Expiries are long (or in the past), so both servers see the same keys at every step.
 */
import { seededRandom } from '../../../server/lib/random.ts';

export type Group = 'keys' | 'strings' | 'hashes' | 'sets' | 'lists' | 'transactions' | 'zsets';

class Rand {
  private next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  some<T>(xs: readonly T[], lo: number, hi: number): T[] {
    const n = this.int(lo, hi);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(xs));
    return out;
  }
}

const BASE_KEYS = ['a', 'b', 'c', 'd', 'e', 'k:1', 'k:2'];
const BASE_MEMBERS = ['a', 'b', 'c', 'x', 'y', '1', '2', '3', '-1', '10', '3.5', '', 'hello world', '\x00\xff', '9223372036854775807'];
const LONG = 'L'.repeat(70);
const EXTRA_VALUES = ['0', '100', '-7', '1.5', '1e3', ' 1', 'abc', LONG, '18446744073709551616', '-9223372036854775808'];

export interface GeneratorOptions {
  /** Extra keys beyond the 7 base ones (k:3, k:4, ...): more keys = multi-page SCANs. */
  extraKeys?: number;
  /** Extra members beyond the base alphabet (m0, m1, ... and integers): bigger collections. */
  extraMembers?: number;
  /** Weight factor of the other groups' writes that every mix includes (default 1): lower keeps a
   *  single group's keys mostly of its own type. */
  foreignWeight?: number;
}
const BAD_INTS = ['abc', '1.5', '', '9223372036854775808', '-9223372036854775809', ' 1'];
const PATTERNS = ['*', 'a', 'k:*', '?', '[a-c]', '*1', 'nomatch', 'k\\:1', '[^a]*', 'h[', ''];
const FAR = 4102444800; // 2100-01-01, seconds
/** Sorted-set scores: ties, infinities, %.17g-sensitive values, -0 and now and then an invalid one. */
const SCORES = ['0', '1', '1', '2', '3', '-1', '0.5', '1.5', '10', '0.1', '0.2', '-0', '1e300', '-inf', '+inf', '2.5e-5', '9007199254740993'];
const BAD_SCORES = ['abc', 'nan', '', '1e400', '1.2.3'];
const SCORE_BOUNDS = ['-inf', '+inf', '0', '1', '(1', '2', '(2', '3', '(0.5', '10', '(10', '-1', '(-inf', '(+inf', '0.1'];
/**
 * Lex ranges are only defined over equal scores: over mixed scores Redis's answer follows its skiplist
 * levels (random), so lex commands use their own keys, which only ever hold score-0 members.
 */
/**
 * Podium takes Redis 7.2's ZRANK/ZREVRANK WITHSCORE (arity -3, where 7.0 has 3), so an extra word is
 * a deliberate difference (queued in MULTI instead of rejected); it is not generated.
 */
const ARITY_WIDENED = new Set(['ZRANK', 'ZREVRANK']);
const LEX_KEYS = ['lx', 'lx', 'lx2'];
const LEX_BOUNDS = ['-', '+', '[a', '(a', '[b', '(c', '[x', '(y', '[1', '(3', '[', '(', '[hello world'];

interface Entry {
  group: Group;
  weight: number;
  gen: () => string[];
  /** In every mix, whatever the groups. */
  always?: boolean;
  /** Never generated inside MULTI: random picks (checked against a read of their collection, which
   *  cannot be made mid-MULTI), MULTI itself, and switching connections. */
  outside?: boolean;
}

export class CommandGenerator {
  private r: Rand;
  private groups: Group[];
  private inMulti = 0;
  private table: Entry[];
  private total = 0;

  private readonly KEYS: string[];
  private readonly MEMBERS: string[];
  private readonly VALUES: string[];

  constructor(seed: number, groups: Group[], opts: GeneratorOptions = {}) {
    this.r = new Rand(seed);
    this.groups = groups;
    this.KEYS = [...BASE_KEYS, ...Array.from({ length: opts.extraKeys ?? 0 }, (_, i) => `k:${i + 3}`)];
    this.MEMBERS = [...BASE_MEMBERS, ...Array.from({ length: opts.extraMembers ?? 0 }, (_, i) => (i % 2 ? `m${i}` : String(i * 7)))];
    this.VALUES = [...this.MEMBERS, ...EXTRA_VALUES];
    this.table = this.buildTable().filter((e) => groups.includes(e.group) || this.isForeignWriter(e));
    const fw = opts.foreignWeight ?? 1;
    if (fw !== 1) for (const e of this.table) if (!groups.includes(e.group)) e.weight *= fw;
    for (const e of this.table) this.total += e.weight;
  }

  /** Plain writes of every type (and DEL) stay in every mix so that WRONGTYPE and TYPE changes happen. */
  private isForeignWriter(e: Entry): boolean {
    return e.always === true;
  }

  private key(): string {
    return this.r.pick(this.KEYS);
  }
  private member(): string {
    return this.r.pick(this.MEMBERS);
  }
  private value(): string {
    return this.r.pick(this.VALUES);
  }
  private smallInt(lo = -3, hi = 12): string {
    return this.r.chance(0.04) ? this.r.pick(BAD_INTS) : String(this.r.int(lo, hi));
  }
  /** A relative expiry that never runs out during a test (or deletes at once, or is invalid). */
  private ttl(ms = false): string {
    const x = this.r.float();
    if (x < 0.75) return String(this.r.int(1000, 100000) * (ms ? 1000 : 1));
    if (x < 0.85) return this.r.pick(['0', '-1', '-100']);
    return this.r.pick([...BAD_INTS, '9223372036854775807']);
  }
  private count(): string {
    const x = this.r.float();
    if (x < 0.6) return String(this.r.int(0, 8));
    if (x < 0.85) return String(-this.r.int(1, 8));
    return this.r.pick(BAD_INTS);
  }
  private index(): string {
    return this.r.chance(0.03) ? this.r.pick(BAD_INTS) : String(this.r.int(-12, 12));
  }
  private float(): string {
    return this.r.pick(['1', '-1', '0.5', '2.5', '-3.25', '1e2', '0.1', '10.5', 'abc', 'inf', '1e308', '-0']);
  }
  private fieldValues(n: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.member(), this.value());
    return out;
  }

  private buildTable() {
    const r = this.r;
    const k = () => this.key();
    const m = () => this.member();
    const v = () => this.value();
    const t: Entry[] = [];
    const add = (group: Group, weight: number, gen: () => string[], opts: Omit<Entry, 'group' | 'weight' | 'gen'> = {}) => t.push({ group, weight, gen, ...opts });

    // strings
    add('strings', 6, () => {
      const a = ['SET', k(), v()];
      if (r.chance(0.3)) a.push(r.pick(['NX', 'XX']));
      if (r.chance(0.2)) a.push('GET');
      if (r.chance(0.3)) {
        const o = r.pick(['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL']);
        a.push(o);
        if (o === 'EX' || o === 'PX') a.push(this.ttl(o === 'PX'));
        // Never a past time here: Redis 7.0 stores such a key and leaves it to lazy or active expiry,
        // so DBSIZE and RANDOMKEY would then depend on timing and on RANDOMKEY's own pick.
        if (o === 'EXAT') a.push(String(FAR + r.int(0, 100)));
        if (o === 'PXAT') a.push(String(FAR * 1000 + r.int(0, 100)));
      }
      return a;
    }, { always: true });
    add('strings', 5, () => ['GET', k()]);
    add('strings', 1, () => ['GETSET', k(), v()]);
    add('strings', 1, () => ['GETDEL', k()]);
    add('strings', 1, () => (r.chance(0.5) ? ['GETEX', k()] : ['GETEX', k(), ...r.pick([['EX', this.ttl()], ['PX', this.ttl(true)], ['PERSIST'], ['PXAT', String(FAR * 1000)], ['EX', '10', 'PERSIST']])]));
    add('strings', 2, () => ['APPEND', k(), v()]);
    add('strings', 1, () => ['STRLEN', k()]);
    add('strings', 3, () => ['INCR', k()]);
    add('strings', 1, () => ['DECR', k()]);
    add('strings', 2, () => ['INCRBY', k(), r.chance(0.1) ? r.pick(['9223372036854775807', '-9223372036854775808']) : this.smallInt(-100, 100)]);
    add('strings', 1, () => ['DECRBY', k(), this.smallInt(-100, 100)]);
    add('strings', 2, () => ['INCRBYFLOAT', k(), this.float()]);
    add('strings', 2, () => ['MGET', ...r.some(this.KEYS, 1, 4)]);
    add('strings', 1, () => ['MSET', ...this.fieldValues(r.int(1, 3)).map((x, i) => (i % 2 === 0 ? k() : x))]);
    add('strings', 1, () => ['MSETNX', ...this.fieldValues(r.int(1, 2)).map((x, i) => (i % 2 === 0 ? k() : x))]);
    add('strings', 1, () => ['SETNX', k(), v()]);
    add('strings', 1, () => ['SETRANGE', k(), this.smallInt(0, 20), v()]);
    add('strings', 2, () => ['GETRANGE', k(), this.index(), this.index()]);
    add('strings', 1, () => ['SETEX', k(), this.ttl(), v()]);
    add('strings', 1, () => ['LCS', k(), k(), ...r.pick([[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '1']])]);

    // keys
    add('keys', 3, () => [r.pick(['DEL', 'UNLINK']), ...r.some(this.KEYS, 1, 3)], { always: true });
    add('keys', 2, () => ['EXISTS', ...r.some(this.KEYS, 1, 3)]);
    add('keys', 3, () => ['TYPE', k()], { always: true });
    add('keys', 2, () => {
      const cmd = r.pick(['EXPIRE', 'PEXPIRE']);
      const a = [cmd, k(), this.ttl(cmd === 'PEXPIRE')];
      if (r.chance(0.3)) a.push(r.pick(['NX', 'XX', 'GT', 'LT']));
      return a;
    });
    add('keys', 1, () => [r.pick(['EXPIREAT', 'PEXPIREAT']), k(), r.pick([String(FAR), String(FAR * 1000), '1', 'abc'])]);
    add('keys', 1, () => ['PERSIST', k()]);
    add('keys', 2, () => [r.pick(['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']), k()]);
    add('keys', 1, () => [r.pick(['RENAME', 'RENAMENX']), k(), k()]);
    add('keys', 1, () => {
      const a = ['COPY', k(), k()];
      if (r.chance(0.3)) a.push('DB', r.pick(['0', '1']));
      if (r.chance(0.4)) a.push('REPLACE');
      return a;
    });
    add('keys', 0.5, () => ['MOVE', k(), r.pick(['0', '1'])]);
    add('keys', 3, () => ['OBJECT', 'ENCODING', k()], { always: true });
    add('keys', 1, () => ['DBSIZE']);
    add('keys', 1, () => ['KEYS', r.pick(PATTERNS)]);
    add('keys', 1, () => {
      const a = ['SCAN', '0'];
      if (r.chance(0.4)) a.push('MATCH', r.pick(PATTERNS));
      // TYPE reads every scanned key (a keyspace hit each), so a partial page would make the hit
      // count depend on Redis's hash seed: filter by type only over the whole keyspace at once.
      if (r.chance(0.4)) a.push('TYPE', r.pick(['string', 'list', 'set', 'hash']), 'COUNT', '1000');
      else if (r.chance(0.3)) a.push('COUNT', r.pick(['10', '100', '0']));
      return a;
    });
    add('keys', 1, () => ['RANDOMKEY'], { outside: true });
    // A whole SCAN-family iteration with a small COUNT, compared as a set ("@scanall" is a harness
    // directive): pages are the implementation's own, the union is not.
    add('keys', 0.5, () => ['@scanall', 'SCAN', '0', 'COUNT', String(r.int(1, 5)), ...(r.chance(0.3) ? ['MATCH', r.pick(PATTERNS)] : [])], { outside: true });
    add('keys', 0.5, () => ['TOUCH', ...r.some(this.KEYS, 1, 3)]);
    add('keys', 0.4, () => ['SELECT', r.pick(['0', '0', '1'])]);
    add('keys', 0.2, () => ['SWAPDB', '0', '1']);
    add('keys', 0.1, () => ['FLUSHDB']);

    // hashes
    add('hashes', 6, () => ['HSET', k(), ...this.fieldValues(r.int(1, 3))], { always: true });
    add('hashes', 1, () => ['HSETNX', k(), m(), v()]);
    add('hashes', 3, () => ['HGET', k(), m()]);
    add('hashes', 1, () => ['HMGET', k(), ...r.some(this.MEMBERS, 1, 3)]);
    add('hashes', 2, () => ['HDEL', k(), ...r.some(this.MEMBERS, 1, 3)]);
    add('hashes', 1, () => ['HLEN', k()]);
    add('hashes', 1, () => ['HEXISTS', k(), m()]);
    add('hashes', 2, () => ['HINCRBY', k(), m(), this.smallInt(-50, 50)]);
    add('hashes', 1, () => ['HINCRBYFLOAT', k(), m(), this.float()]);
    add('hashes', 1, () => [r.pick(['HKEYS', 'HVALS', 'HGETALL']), k()]);
    add('hashes', 1, () => ['HSTRLEN', k(), m()]);
    add('hashes', 1, () => {
      const a = ['HRANDFIELD', k()];
      if (r.chance(0.7)) a.push(this.count());
      if (a.length === 3 && r.chance(0.5)) a.push('WITHVALUES');
      return a;
    }, { outside: true });
    add('hashes', 1, () => (r.chance(0.5) ? ['HSCAN', k(), '0'] : ['HSCAN', k(), '0', 'MATCH', r.pick(PATTERNS), 'COUNT', '100']));
    add('hashes', 0.5, () => ['@scanall', 'HSCAN', k(), '0', 'COUNT', String(r.int(1, 5))], { outside: true });
    add('hashes', 0.5, () => ['HMSET', k(), ...this.fieldValues(r.int(1, 2))]);

    // sets
    add('sets', 6, () => ['SADD', k(), ...r.some(this.MEMBERS, 1, 4)], { always: true });
    add('sets', 2, () => ['SREM', k(), ...r.some(this.MEMBERS, 1, 3)]);
    add('sets', 2, () => ['SISMEMBER', k(), m()]);
    add('sets', 1, () => ['SMISMEMBER', k(), ...r.some(this.MEMBERS, 1, 3)]);
    add('sets', 1, () => ['SCARD', k()]);
    add('sets', 2, () => ['SMEMBERS', k()]);
    add('sets', 2, () => [r.pick(['SINTER', 'SUNION', 'SDIFF']), ...r.some(this.KEYS, 1, 3)]);
    add('sets', 1, () => [r.pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), k(), ...r.some(this.KEYS, 1, 3)]);
    add('sets', 1, () => {
      const keys = r.some(this.KEYS, 1, 3);
      const a = ['SINTERCARD', r.chance(0.9) ? String(keys.length) : r.pick(['0', '5', 'abc']), ...keys];
      if (r.chance(0.3)) a.push('LIMIT', this.smallInt(0, 3));
      return a;
    });
    add('sets', 1, () => ['SMOVE', k(), k(), m()]);
    add('sets', 1, () => (r.chance(0.5) ? ['SPOP', k()] : ['SPOP', k(), this.count()]), { outside: true });
    add('sets', 1, () => (r.chance(0.4) ? ['SRANDMEMBER', k()] : ['SRANDMEMBER', k(), this.count()]), { outside: true });
    add('sets', 1, () => (r.chance(0.5) ? ['SSCAN', k(), '0'] : ['SSCAN', k(), '0', 'MATCH', r.pick(PATTERNS)]));
    add('sets', 0.5, () => ['@scanall', 'SSCAN', k(), '0', 'COUNT', String(r.int(1, 5))], { outside: true });

    // lists
    add('lists', 5, () => [r.pick(['LPUSH', 'RPUSH']), k(), ...r.some(this.VALUES, 1, 4)], { always: true });
    add('lists', 1, () => [r.pick(['LPUSHX', 'RPUSHX']), k(), ...r.some(this.VALUES, 1, 2)]);
    add('lists', 3, () => (r.chance(0.6) ? [r.pick(['LPOP', 'RPOP']), k()] : [r.pick(['LPOP', 'RPOP']), k(), this.count()]));
    add('lists', 1, () => ['LLEN', k()]);
    add('lists', 3, () => ['LRANGE', k(), this.index(), this.index()]);
    add('lists', 1, () => ['LINDEX', k(), this.index()]);
    add('lists', 1, () => ['LSET', k(), this.index(), v()]);
    add('lists', 1, () => ['LINSERT', k(), r.pick(['BEFORE', 'AFTER', 'before', 'MIDDLE']), v(), v()]);
    add('lists', 1, () => ['LREM', k(), this.smallInt(-2, 2), v()]);
    add('lists', 1, () => ['LTRIM', k(), this.index(), this.index()]);
    add('lists', 1, () => {
      const a = ['LPOS', k(), v()];
      if (r.chance(0.4)) a.push('RANK', r.pick(['1', '2', '-1', '-2', '0']));
      if (r.chance(0.4)) a.push('COUNT', r.pick(['0', '1', '2', '-1']));
      if (r.chance(0.2)) a.push('MAXLEN', r.pick(['0', '2', '-1']));
      return a;
    });
    add('lists', 1, () => ['LMOVE', k(), k(), r.pick(['LEFT', 'RIGHT']), r.pick(['LEFT', 'RIGHT'])]);
    add('lists', 0.5, () => ['RPOPLPUSH', k(), k()]);
    add('lists', 1, () => {
      const keys = r.some(this.KEYS, 1, 3);
      const a = ['LMPOP', String(keys.length), ...keys, r.pick(['LEFT', 'RIGHT'])];
      if (r.chance(0.5)) a.push('COUNT', this.smallInt(0, 4));
      return a;
    });

    // sorted sets (not "always": the other groups' sequences stay as they were)
    const score = () => (r.chance(0.03) ? r.pick(BAD_SCORES) : r.pick(SCORES));
    const scoreBound = () => (r.chance(0.03) ? r.pick(['abc', '[1', 'nan']) : r.pick(SCORE_BOUNDS));
    const lexBound = () => (r.chance(0.03) ? r.pick(['a', '1', '']) : r.pick(LEX_BOUNDS));
    const lk = () => r.pick(LEX_KEYS);
    const limit = () => (r.chance(0.3) ? ['LIMIT', String(r.int(-1, 3)), String(r.int(-1, 4))] : []);
    const zkeys = () => {
      const keys = r.some(this.KEYS, 1, 3);
      return [r.chance(0.95) ? String(keys.length) : r.pick(['0', '4', 'abc']), ...keys];
    };
    add('zsets', 6, () => {
      const a = ['ZADD', k()];
      if (r.chance(0.3)) a.push(...r.some(['NX', 'XX', 'GT', 'LT', 'CH'], 1, 2));
      if (r.chance(0.1)) a.push('INCR');
      const n = a.includes('INCR') && r.chance(0.9) ? 1 : r.int(1, 4);
      for (let i = 0; i < n; i++) a.push(score(), m());
      return a;
    });
    add('zsets', 2, () => ['ZINCRBY', k(), score(), m()]);
    add('zsets', 1.5, () => ['ZADD', lk(), ...r.some(this.MEMBERS, 1, 4).flatMap((x) => ['0', x])]);
    add('zsets', 0.5, () => ['ZREM', lk(), ...r.some(this.MEMBERS, 1, 3)]);
    add('zsets', 0.2, () => (r.chance(0.5) ? ['SET', 'lx2', v()] : ['DEL', 'lx2']));
    // Frees keys that other types' writes took, so zset commands do not mostly meet WRONGTYPE.
    add('zsets', 3, () => ['DEL', k()]);
    add('zsets', 2, () => ['ZREM', k(), ...r.some(this.MEMBERS, 1, 3)]);
    add('zsets', 2, () => ['ZSCORE', k(), m()]);
    add('zsets', 1, () => ['ZMSCORE', k(), ...r.some(this.MEMBERS, 1, 3)]);
    add('zsets', 1, () => ['ZCARD', k()]);
    add('zsets', 2, () => [r.pick(['ZRANK', 'ZREVRANK']), k(), m()]);
    add('zsets', 1, () => ['ZCOUNT', k(), scoreBound(), scoreBound()]);
    add('zsets', 1, () => ['ZLEXCOUNT', lk(), lexBound(), lexBound()]);
    add('zsets', 4, () => {
      const x = r.float();
      const a = ['ZRANGE', x < 0.75 ? k() : lk()];
      if (x < 0.4) a.push(this.index(), this.index());
      else if (x < 0.75) a.push(scoreBound(), scoreBound(), 'BYSCORE');
      else a.push(lexBound(), lexBound(), 'BYLEX');
      if (r.chance(0.3)) a.push('REV');
      if (x >= 0.4 || r.chance(0.05)) a.push(...limit());
      if (r.chance(x < 0.75 ? 0.5 : 0.05)) a.push('WITHSCORES');
      return a;
    });
    add('zsets', 2, () => {
      const cmd = r.pick(['ZREVRANGE', 'ZRANGEBYSCORE', 'ZREVRANGEBYSCORE', 'ZRANGEBYLEX', 'ZREVRANGEBYLEX']);
      const a = [cmd, cmd.endsWith('LEX') ? lk() : k()];
      if (cmd === 'ZREVRANGE') a.push(this.index(), this.index());
      else if (cmd.endsWith('LEX')) a.push(lexBound(), lexBound());
      else a.push(scoreBound(), scoreBound());
      if (!cmd.endsWith('LEX') && r.chance(0.5)) a.push('WITHSCORES');
      if (cmd !== 'ZREVRANGE') a.push(...limit());
      return a;
    });
    add('zsets', 1, () => {
      const x = r.float();
      const a = ['ZRANGESTORE', k(), x < 0.8 ? k() : lk()];
      if (x < 0.5) a.push(this.index(), this.index());
      else if (x < 0.8) a.push(scoreBound(), scoreBound(), 'BYSCORE', ...limit());
      else a.push(lexBound(), lexBound(), 'BYLEX', ...limit());
      if (r.chance(0.2)) a.push('REV');
      return a;
    });
    add('zsets', 1, () => {
      const x = r.float();
      if (x < 0.4) return ['ZREMRANGEBYRANK', k(), this.index(), this.index()];
      if (x < 0.75) return ['ZREMRANGEBYSCORE', k(), scoreBound(), scoreBound()];
      return ['ZREMRANGEBYLEX', lk(), lexBound(), lexBound()];
    });
    add('zsets', 2, () => (r.chance(0.5) ? [r.pick(['ZPOPMIN', 'ZPOPMAX']), k()] : [r.pick(['ZPOPMIN', 'ZPOPMAX']), k(), this.count()]));
    add('zsets', 1, () => {
      const a = ['ZMPOP', ...zkeys(), r.pick(['MIN', 'MAX', 'min'])];
      if (r.chance(0.5)) a.push('COUNT', this.smallInt(0, 4));
      return a;
    });
    // Blocking forms: served at once, or a short timeout on both servers (nil inside MULTI).
    add('zsets', 0.5, () => {
      const x = r.float();
      if (x < 0.6) return [r.pick(['BZPOPMIN', 'BZPOPMAX']), ...r.some(this.KEYS, 1, 2), r.pick(['0.01', '0.02'])];
      const a = ['BZMPOP', '0.01', ...zkeys(), r.pick(['MIN', 'MAX'])];
      if (r.chance(0.5)) a.push('COUNT', this.smallInt(1, 3));
      return a;
    });
    add('zsets', 2, () => {
      const a = [r.pick(['ZUNION', 'ZINTER', 'ZDIFF']), ...zkeys()];
      const n = Number(a[1]);
      if (a[0] !== 'ZDIFF' && r.chance(0.3) && n > 0 && n < 4) a.push('WEIGHTS', ...Array.from({ length: n }, () => r.pick(['1', '2', '0', '-1', '0.5', 'inf'])));
      if (a[0] !== 'ZDIFF' && r.chance(0.3)) a.push('AGGREGATE', r.pick(['SUM', 'MIN', 'MAX']));
      if (r.chance(0.6)) a.push('WITHSCORES');
      return a;
    });
    add('zsets', 1, () => {
      const a = [r.pick(['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']), k(), ...zkeys()];
      const n = Number(a[2]);
      if (a[0] !== 'ZDIFFSTORE' && r.chance(0.3) && n > 0 && n < 4) a.push('WEIGHTS', ...Array.from({ length: n }, () => r.pick(['1', '2', '0', '-1', '0.5'])));
      if (a[0] !== 'ZDIFFSTORE' && r.chance(0.3)) a.push('AGGREGATE', r.pick(['SUM', 'MIN', 'MAX']));
      return a;
    });
    add('zsets', 0.5, () => {
      const a = ['ZINTERCARD', ...zkeys()];
      if (r.chance(0.3)) a.push('LIMIT', this.smallInt(0, 3));
      return a;
    });
    add('zsets', 1, () => {
      const a = ['ZRANDMEMBER', k()];
      if (r.chance(0.7)) a.push(this.count());
      if (a.length === 3 && r.chance(0.4)) a.push('WITHSCORES');
      return a;
    }, { outside: true });
    add('zsets', 1, () => (r.chance(0.5) ? ['ZSCAN', k(), '0'] : ['ZSCAN', k(), '0', 'MATCH', r.pick(PATTERNS), 'COUNT', '100']));
    add('zsets', 0.5, () => ['@scanall', 'ZSCAN', k(), '0', 'COUNT', String(r.int(1, 5))], { outside: true });

    // transactions: MULTI is opened here, closed by next()
    add('transactions', 2, () => {
      this.inMulti = r.int(1, 5);
      return ['MULTI'];
    }, { outside: true });
    // Another connection: its writes must invalidate the first one's WATCH (every write command's
    // signal is checked this way). "@conn NAME" is a harness directive, not a command.
    add('transactions', 1, () => ['@conn', r.pick(['a', 'b'])], { outside: true });
    add('transactions', 1, () => ['WATCH', ...r.some(this.KEYS, 1, 2)]);
    add('transactions', 0.3, () => ['UNWATCH']);
    add('transactions', 0.1, () => [r.pick(['EXEC', 'DISCARD'])]);
    return t;
  }

  /** The next command line. */
  next(): string[] {
    if (this.inMulti > 0) {
      this.inMulti--;
      if (this.inMulti === 0) return [this.r.chance(0.8) ? 'EXEC' : 'DISCARD'];
    }
    for (;;) {
      let x = this.r.float() * this.total;
      let e = this.table[0];
      for (const c of this.table) {
        x -= c.weight;
        if (x < 0) {
          e = c;
          break;
        }
      }
      // Random picks are checked against the collection they pick from, which cannot be read mid-MULTI.
      if (this.inMulti > 0 && e.outside) continue;
      const argv = e.gen();
      if (argv[0].startsWith('@')) return argv;
      // Wrong arity now and then: drop the last word or add one.
      if (argv.length > 1 && this.r.chance(0.03)) argv.pop();
      else if (this.r.chance(0.02) && !ARITY_WIDENED.has(argv[0])) argv.push('extra');
      return argv;
    }
  }
}
