/**
 * The only places where Redis and Podium replies may legitimately differ, each normalised narrowly:
 * unordered collections compare as sorted multisets, random picks are checked against the collection
 * they were picked from, time-dependent numbers within a small tolerance, and server-identity texts
 * (INFO, CLIENT LIST, HELLO) by shape plus their deterministic fields. Everything else — and every
 * error reply — must match byte for byte.
 */
import type { RNode } from '../../helpers/redis-ref.ts';
import { show } from '../../helpers/redis-ref.ts';

/** Returns null when the replies agree, or a description of the difference. */
export type Check = (argv: string[], r: RNode, p: RNode, oracle: Oracle | null) => string | null;

/** Collections fetched from both servers just before a random pick, to check the pick against. */
export interface Oracle {
  redis: RNode;
  podium: RNode;
}

export interface Rule {
  /** The read (sent to both servers before the command) whose answer the check needs. */
  oracle?: (argv: string[]) => string[];
  check: Check;
}

export const exact: Check = (_a, r, p) => (r.raw === p.raw ? null : 'replies differ');

/** Exact when either side is an error or the types differ; else the rule's own check. */
function guarded(check: Check): Check {
  return (argv, r, p, o) => {
    if (r.t === '-' || p.t === '-' || r.t !== p.t || r.items === null || p.items === null) return exact(argv, r, p, o);
    return check(argv, r, p, o);
  };
}

function sortedRaws(items: RNode[]): string[] {
  return items.map((i) => i.raw).sort();
}

function pairs(n: RNode): string[] {
  const items = n.items!;
  const out: string[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push(items[i].raw + items[i + 1].raw);
  return out.sort();
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Same aggregate header and the same elements in any order. */
export const unordered: Check = guarded((_a, r, p) => {
  if (r.v !== p.v) return 'different element counts';
  return sameList(sortedRaws(r.items!), sortedRaws(p.items!)) ? null : 'different elements (compared unordered)';
});

/** Field/value pairs in any order (RESP2 flat array or RESP3 map). */
export const unorderedPairs: Check = guarded((_a, r, p) => {
  if (r.v !== p.v) return 'different element counts';
  return sameList(pairs(r), pairs(p)) ? null : 'different field/value pairs (compared unordered)';
});

/**
 * A SCAN-family reply. Page contents are implementation-defined (Redis's own depend on its per-process
 * hash seed), so in general only the shape is compared and full iterations are compared by @scanall.
 * Two cases are deterministic in Redis and must match as sets, with cursor 0: a collection in a small
 * encoding (listpack/intset: everything in one call, so more than COUNT elements), and an unfiltered
 * scan of fewer than COUNT elements in total (Redis reached the end before COUNT).
 */
function scanCheck(paired: boolean): Check {
  return guarded((argv, r, p) => {
    const keyspace = argv[0].toLowerCase() === 'scan';
    const cursorArg = argv[keyspace ? 1 : 2];
    let count = 10;
    let filtered = false;
    for (let i = keyspace ? 2 : 3; i + 1 < argv.length; i += 2) {
      const opt = argv[i].toLowerCase();
      if (opt === 'count') count = Number(argv[i + 1]);
      else if (opt === 'match' || opt === 'type') filtered = true;
    }
    if (r.items!.length !== 2 || p.items!.length !== 2) return exact(argv, r, p, null);
    const [rc, re] = r.items!;
    const [pc, pe] = p.items!;
    if (rc.t !== '$' || pc.t !== '$' || !/^\d+$/.test(pc.v ?? '')) return 'cursor is not a bulk number';
    if (re.t !== pe.t || re.items === null || pe.items === null) return 'element list types differ';
    const returned = re.items.length / (paired ? 2 : 1);
    const allInOneCall = cursorArg === '0' && rc.v === '0' && ((!keyspace && returned > count) || (!filtered && returned < count));
    if (allInOneCall) {
      if (pc.v !== '0') return `Redis returned everything in one call (cursor 0), Podium returned cursor ${pc.v}`;
      const a = paired ? pairs(re) : sortedRaws(re.items);
      const b = paired ? pairs(pe) : sortedRaws(pe.items);
      return sameList(a, b) ? null : 'different elements (compared unordered)';
    }
    if (paired && pe.items.length % 2 !== 0) return 'odd number of field/value items';
    return null;
  });
}

/** An integer that may differ by `tol` (TTLs and clocks read a moment apart); negatives are exact. */
function nearInt(tol: number): Check {
  return (argv, r, p) => {
    if (r.t !== ':' || p.t !== ':') return exact(argv, r, p, null);
    const a = Number(r.v);
    const b = Number(p.v);
    if (a < 0 || b < 0) return a === b ? null : 'replies differ';
    return Math.abs(a - b) <= tol ? null : `differ by more than ${tol}`;
  };
}

/** Any non-negative integer (values that depend on the implementation: ids, memory sizes, times). */
const anyInt: Check = (argv, r, p) => {
  if (r.t !== ':' || p.t !== ':') return exact(argv, r, p, null);
  return /^\d+$/.test(p.v ?? '') ? null : 'not a non-negative integer';
};

const timeCheck: Check = guarded((argv, r, p) => {
  const ok = (n: RNode) => n.items!.length === 2 && n.items!.every((i) => i.t === '$' && /^\d+$/.test(i.v ?? ''));
  if (!ok(r) || !ok(p)) return exact(argv, r, p, null);
  if (Number(p.items![1].v) >= 1_000_000) return 'microseconds out of range';
  return Math.abs(Number(r.items![0].v) - Number(p.items![0].v)) <= 2 ? null : 'clocks differ by more than 2 s';
});

/** Text of a bulk or verbatim reply. */
function text(n: RNode): string {
  const v = n.v ?? '';
  return n.t === '=' ? v.slice(4) : v;
}

/** INFO: the same sections, and the keyspace section's key counts exactly (avg_ttl is time-bound). */
const infoCheck: Check = (argv, r, p) => {
  if (r.t === '-' || p.t === '-' || r.t !== p.t) return exact(argv, r, p, null);
  const rt = text(r);
  const pt = text(p);
  const headers = (s: string) => s.split('\r\n').filter((l) => l.startsWith('# '));
  const rh = headers(rt);
  const ph = headers(pt);
  if (!sameList(rh, ph)) return `sections differ: Redis ${show(rh.join(','))}, Podium ${show(ph.join(','))}`;
  const keyspace = (s: string) =>
    s
      .split('\r\n')
      .filter((l) => /^db\d+:/.test(l))
      .map((l) => l.replace(/,avg_ttl=\d+/, ''));
  if (!sameList(keyspace(rt), keyspace(pt))) return 'keyspace section differs';
  if (!pt.endsWith('\r\n')) return 'INFO text does not end with CRLF';
  return null;
};

/** Fields of a CLIENT LIST line whose values are deterministic in a test. */
const CLIENT_EXACT_FIELDS = new Set(['name', 'db', 'sub', 'psub', 'ssub', 'multi', 'flags', 'cmd', 'user', 'resp', 'redir', 'events', 'lib-name', 'lib-ver']);
/** The harness's own Redis connection (FLUSHALL, CONFIG between cases) is not part of the test. */
export const ADMIN_NAME = '__diff_admin__';

function clientLines(s: string): string[][] {
  return s
    .split('\n')
    .filter((l) => l !== '' && !l.includes(`name=${ADMIN_NAME} `))
    .map((l) => l.split(' '));
}

const clientListCheck: Check = (argv, r, p) => {
  if (r.t === '-' || p.t === '-' || r.t !== p.t) return exact(argv, r, p, null);
  const rt = text(r);
  const pt = text(p);
  if (rt.endsWith('\n') !== pt.endsWith('\n')) return 'line endings differ';
  const rl = clientLines(rt);
  const pl = clientLines(pt);
  if (rl.length !== pl.length) return `Redis lists ${rl.length} clients, Podium ${pl.length}`;
  for (let i = 0; i < rl.length; i++) {
    const rf = rl[i].map((f) => f.slice(0, f.indexOf('=')));
    const pf = pl[i].map((f) => f.slice(0, f.indexOf('=')));
    if (!sameList(rf, pf)) return `client ${i}: fields differ: Redis ${rf.join(' ')}, Podium ${pf.join(' ')}`;
    for (let j = 0; j < rf.length; j++) {
      const rv = rl[i][j].slice(rf[j].length + 1);
      const pv = pl[i][j].slice(pf[j].length + 1);
      if (CLIENT_EXACT_FIELDS.has(rf[j])) {
        if (rv !== pv) return `client ${i}: ${rf[j]}=${rv} in Redis, ${pf[j]}=${pv} in Podium`;
      } else if (/^-?\d+$/.test(rv) !== /^-?\d+$/.test(pv)) {
        return `client ${i}: ${rf[j]} is ${show(rv)} in Redis, ${show(pv)} in Podium`;
      }
    }
  }
  return null;
};

/** HELLO: the same fields in the same order; server/version/id are Podium's own. */
const helloCheck: Check = guarded((argv, r, p) => {
  const ri = r.items!;
  const pi = p.items!;
  if (ri.length !== pi.length) return 'different field counts';
  for (let i = 0; i + 1 < ri.length; i += 2) {
    if (ri[i].raw !== pi[i].raw) return `field ${i / 2}: ${show(ri[i].raw)} vs ${show(pi[i].raw)}`;
    const name = ri[i].v;
    if (name === 'server' || name === 'version') {
      if (pi[i + 1].t !== ri[i + 1].t) return `${name}: different reply type`;
    } else if (name === 'id') {
      if (pi[i + 1].t !== ':' || Number(pi[i + 1].v) <= 0) return 'id is not a positive integer';
    } else if (ri[i + 1].raw !== pi[i + 1].raw) {
      return `${name}: ${show(ri[i + 1].raw)} vs ${show(pi[i + 1].raw)}`;
    }
  }
  return null;
});

// ---- random picks: checked against the collection each server held just before ----

function members(n: RNode): string[] | null {
  if (n.t === '-') return null;
  return n.items === null ? [] : n.items.map((i) => i.v ?? '');
}

function hashOf(n: RNode): Map<string, string> | null {
  if (n.t === '-') return null;
  const m = new Map<string, string>();
  const it = n.items ?? [];
  for (let i = 0; i + 1 < it.length; i += 2) m.set(it[i].v ?? '', it[i + 1].v ?? '');
  return m;
}

function oracleDiff(o: Oracle, paired: boolean): string | null {
  if (o.redis.t === '-' || o.podium.t === '-') return o.redis.raw === o.podium.raw ? null : `state before differs: ${show(o.redis.raw)} vs ${show(o.podium.raw)}`;
  const a = paired ? pairs(o.redis) : sortedRaws(o.redis.items ?? []);
  const b = paired ? pairs(o.podium) : sortedRaws(o.podium.items ?? []);
  return sameList(a, b) ? null : `state before differs: Redis ${show(o.redis.raw)}, Podium ${show(o.podium.raw)}`;
}

/** Items of a pick reply: one bulk, a flat array, or (RESP3 HRANDFIELD WITHVALUES) pairs. */
function pickItems(n: RNode): RNode[] {
  if (n.items === null) return n.v === null ? [] : [n];
  const out: RNode[] = [];
  for (const i of n.items) {
    if (i.items !== null) out.push(...i.items);
    else out.push(i);
  }
  return out;
}

/** Checks a random pick against its source. `count`: undefined = single element form. */
function checkPick(picked: RNode, pool: string[], distinct: boolean, withValues: Map<string, string> | null, expectLen: number): string | null {
  const items = pickItems(picked);
  const step = withValues ? 2 : 1;
  if (items.length / step !== expectLen) return `picked ${items.length / step} elements, Redis picked ${expectLen}`;
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i += step) {
    const m = items[i].v ?? '';
    if (!pool.includes(m)) return `picked ${show(m)}, which is not in the collection`;
    if (withValues && withValues.get(m) !== items[i + 1].v) return `value of ${show(m)} is wrong`;
    if (distinct && seen.has(m)) return `picked ${show(m)} twice`;
    seen.add(m);
  }
  return null;
}

function randomPick(kind: 'set' | 'hash' | 'keys'): Check {
  return (argv, r, p, o) => {
    if (r.t === '-' || p.t === '-' || r.t !== p.t) return exact(argv, r, p, null);
    // Inside EXEC there is no oracle: the harness's fixed sequences only pick deterministically there.
    if (o === null) return unordered(argv, r, p, null) ?? null;
    const diff = oracleDiff(o, kind === 'hash');
    if (diff !== null) return diff;
    const withValues = kind === 'hash' && argv.length > 3 && argv[3].toUpperCase() === 'WITHVALUES' ? hashOf(o.podium) : null;
    const pool = kind === 'hash' ? [...(hashOf(o.podium) ?? new Map()).keys()] : members(o.podium) ?? [];
    const single = (kind === 'keys' || argv.length < 3);
    if (single) {
      if (r.v === null || p.v === null) return r.raw === p.raw ? null : 'null vs element';
      return checkPick(p, pool, true, null, 1);
    }
    const count = Number(argv[2]);
    const rItems = pickItems(r).length / (withValues ? 2 : 1);
    return checkPick(p, pool, count >= 0 || argv[0].toLowerCase() === 'spop', withValues, rItems);
  };
}

/** Member -> score node text of a ZRANGE ... WITHSCORES reply (RESP2 flat, RESP3 [member, score] pairs). */
function zsetOf(n: RNode): Map<string, string> {
  const m = new Map<string, string>();
  const flat = pickItems(n);
  for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i].v ?? '', flat[i + 1].v ?? '');
  return m;
}

/**
 * ZRANDMEMBER: checked against ZRANGE key 0 -1 WITHSCORES read just before (an ordered reply, so the
 * two servers' states must match exactly); scores of WITHSCORES picks must be the member's own.
 */
const zsetRandomPick: Check = (argv, r, p, o) => {
  if (r.t === '-' || p.t === '-' || r.t !== p.t) return exact(argv, r, p, null);
  if (o === null) return unordered(argv, r, p, null) ?? null;
  if (o.redis.raw !== o.podium.raw) return `state before differs: Redis ${show(o.redis.raw)}, Podium ${show(o.podium.raw)}`;
  const zset = o.podium.t === '-' ? new Map<string, string>() : zsetOf(o.podium);
  if (argv.length < 3) {
    if (r.v === null || p.v === null) return r.raw === p.raw ? null : 'null vs element';
    return checkPick(p, [...zset.keys()], true, null, 1);
  }
  const withScores = argv.length > 3 && argv[3].toUpperCase() === 'WITHSCORES' ? zset : null;
  const rItems = pickItems(r).length / (withScores ? 2 : 1);
  return checkPick(p, [...zset.keys()], Number(argv[2]) >= 0, withScores, rItems);
};

// ---- the table ----

const RULES = new Map<string, Rule>([
  ['smembers', { check: unordered }],
  ['sinter', { check: unordered }],
  ['sunion', { check: unordered }],
  ['sdiff', { check: unordered }],
  ['keys', { check: unordered }],
  ['hkeys', { check: unordered }],
  ['hvals', { check: unordered }],
  ['hgetall', { check: unorderedPairs }],
  ['scan', { check: scanCheck(false) }],
  ['sscan', { check: scanCheck(false) }],
  ['hscan', { check: scanCheck(true) }],
  ['zscan', { check: scanCheck(true) }],
  ['ttl', { check: nearInt(1) }],
  ['expiretime', { check: nearInt(1) }],
  ['pttl', { check: nearInt(250) }],
  ['pexpiretime', { check: nearInt(250) }],
  ['object|idletime', { check: nearInt(1) }],
  ['time', { check: timeCheck }],
  ['lastsave', { check: anyInt }],
  ['client|id', { check: anyInt }],
  ['memory|usage', { check: anyInt }],
  ['info', { check: infoCheck }],
  ['client|list', { check: clientListCheck }],
  ['client|info', { check: clientListCheck }],
  ['hello', { check: helloCheck }],
  ['srandmember', { oracle: (a) => ['SMEMBERS', a[1]], check: randomPick('set') }],
  ['spop', { oracle: (a) => ['SMEMBERS', a[1]], check: randomPick('set') }],
  ['hrandfield', { oracle: (a) => ['HGETALL', a[1]], check: randomPick('hash') }],
  ['randomkey', { oracle: () => ['KEYS', '*'], check: randomPick('keys') }],
  ['zrandmember', { oracle: (a) => ['ZRANGE', a[1], '0', '-1', 'WITHSCORES'], check: zsetRandomPick }],
]);

const CONTAINERS = new Set(['client', 'object', 'memory', 'config', 'command', 'debug']);

/** The rule for a command line, or null for an exact byte comparison. */
export function ruleFor(argv: string[]): Rule | null {
  if (argv.length === 0) return null;
  const name = argv[0].toLowerCase();
  if (CONTAINERS.has(name) && argv.length > 1) return RULES.get(`${name}|${argv[1].toLowerCase()}`) ?? null;
  return RULES.get(name) ?? null;
}

/** Compares one reply pair under its command's rule. */
export function compareReplies(argv: string[], r: RNode, p: RNode, oracle: Oracle | null): string | null {
  const rule = ruleFor(argv);
  if (r.raw === p.raw) return null;
  return (rule?.check ?? exact)(argv, r, p, oracle);
}
