/**
 * COMMAND differentially against a real redis-server 7.0 (runs only where it is installed): the
 * generated COMMAND INFO / DOCS / GETKEYS / LIST replies must match Redis's for every command Podium
 * has, and key specs of every kind (range, keynum, keyword, unknown, several per command) must be
 * rendered and searched exactly as Redis does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespConn, redisUnavailable, startRedis, type RNode, type RedisRef } from '../helpers/redis-ref.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { Registry } from '../../server/engine/registry.ts';
import type { CommandDef } from '../../server/engine/command.ts';
import { RespWriter } from '../../server/protocol/resp-writer.ts';
import { commandKeyRefs, writeCommandInfo } from '../../server/commands/server/introspection.ts';

let ref: RedisRef;
let pod: TestServer;
let a: RespConn;
let b: RespConn;
let a3: RespConn;
let b3: RespConn;

async function both(argv: string[], resp3 = false): Promise<[RNode, RNode]> {
  return Promise.all(resp3 ? [a3.send(argv), b3.send(argv)] : [a.send(argv), b.send(argv)]);
}

/** A RESP3 reply as plain data: maps become objects, 'arguments' of COMMAND DOCS is left out. */
function plain(n: RNode): unknown {
  if (n.t === '%') {
    const o: Record<string, unknown> = {};
    const items = n.items!;
    for (let i = 0; i < items.length; i += 2) if (items[i].v !== 'arguments') o[items[i].v!] = plain(items[i + 1]);
    return o;
  }
  if (n.items) return n.items.map(plain);
  return n.v;
}

const OWN = [
  'config',
  'config|get',
  'config|set',
  'config|help',
  'config|rewrite',
  'config|resetstat',
  'command',
  'command|count',
  'command|info',
  'command|docs',
  'command|list',
  'command|getkeys',
  'command|getkeysandflags',
  'command|help',
];

describe.skipIf(redisUnavailable !== null)('COMMAND against redis-server 7.0', () => {
  beforeAll(async () => {
    ref = await startRedis();
    pod = await startTestServer();
    [a, b, a3, b3] = await Promise.all([RespConn.connect(ref.port), RespConn.connect(pod.port), RespConn.connect(ref.port), RespConn.connect(pod.port)]);
    await both(['HELLO', '3'], true);
  });
  afterAll(async () => {
    for (const c of [a, b, a3, b3]) c?.close();
    await pod?.close();
    await ref?.stop();
  });

  it('COMMAND INFO of CONFIG and COMMAND is byte for byte the same, RESP2 and RESP3', async () => {
    for (const name of OWN) {
      for (const r3 of [false, true]) {
        const [x, y] = await both(['COMMAND', 'INFO', name], r3);
        const ex = x.items![0].items!;
        const ey = y.items![0].items!;
        // Subcommands come in the order of Redis's hash table, which is seeded per process.
        expect(ey.slice(0, 9).map((i) => i.raw), `${name} resp${r3 ? 3 : 2}`).toEqual(ex.slice(0, 9).map((i) => i.raw));
        expect(ey[9].t).toBe(ex[9].t);
        expect((ey[9].items ?? []).map((i) => i.raw).sort(), `${name} subcommands`).toEqual((ex[9].items ?? []).map((i) => i.raw).sort());
      }
    }
    const [x, y] = await both(['COMMAND', 'INFO', 'nosuch', 'get|x', 'CONFIG|GET']);
    expect(y.raw).toBe(x.raw);
  });

  it('COMMAND DOCS of CONFIG and COMMAND matches (arguments are not described)', async () => {
    for (const name of OWN) {
      const [x, y] = await both(['COMMAND', 'DOCS', name], true);
      expect(plain(y), name).toEqual(plain(x));
    }
  });

  /** Deliberate differences: Podium's own LB.* namespace, and ZRANK/ZREVRANK accept Redis 7.2's WITHSCORE. */
  const OWN_NAMESPACE = /^(lb|live)\./;
  const ARITY_FROM_7_2 = new Set(['zrank', 'zrevrank']);

  it('every command: arity, flags, key positions and ACL categories as Redis', async () => {
    const [, list] = await both(['COMMAND', 'LIST']);
    const bad: string[] = [];
    for (const item of list.items!) {
      const name = item.v!;
      if (OWN_NAMESPACE.test(name)) continue;
      const [x, y] = await both(['COMMAND', 'INFO', name]);
      const rx = x.items![0].items;
      const ry = y.items![0].items!;
      if (!rx) {
        bad.push(`${name}: not a Redis command`);
        continue;
      }
      const sorted = (n: RNode) => n.items!.map((i) => i.v).sort().join(' ');
      for (const [i, what] of [[1, 'arity'], [3, 'first'], [4, 'last'], [5, 'step']] as const) {
        if (what === 'arity' && ARITY_FROM_7_2.has(name) && rx[i].v === '3' && ry[i].v === '-3') continue;
        if (rx[i].v !== ry[i].v) bad.push(`${name} ${what}: ${rx[i].v} vs ${ry[i].v}`);
      }
      if (sorted(rx[2]) !== sorted(ry[2])) bad.push(`${name} flags: ${sorted(rx[2])} vs ${sorted(ry[2])}`);
      if (sorted(rx[6]) !== sorted(ry[6])) bad.push(`${name} categories: ${sorted(rx[6])} vs ${sorted(ry[6])}`);
    }
    expect(bad).toEqual([]);
  });

  it('COMMAND LIST filters agree on the commands Podium has', async () => {
    const [, all] = await both(['COMMAND', 'LIST']);
    const ours = new Set(all.items!.map((i) => i.v!));
    for (const filter of [['PATTERN', 'conf*'], ['PATTERN', '*|help'], ['PATTERN', 's?t*'], ['ACLCAT', 'admin'], ['ACLCAT', 'fast'], ['ACLCAT', 'WRITE'], ['ACLCAT', 'keyspace'], ['ACLCAT', 'nosuch'], ['MODULE', 'x']]) {
      const [x, y] = await both(['COMMAND', 'LIST', 'FILTERBY', ...filter]);
      const want = x.items!.map((i) => i.v!).filter((n) => ours.has(n)).sort();
      expect(y.items!.map((i) => i.v!).filter((n) => !OWN_NAMESPACE.test(n)).sort(), filter.join(' ')).toEqual(want);
    }
    for (const bad of [['FILTERBY'], ['foo'], ['FILTERBY', 'foo', 'bar']]) {
      const [x, y] = await both(['COMMAND', 'LIST', ...bad]);
      expect(y.raw).toBe(x.raw);
    }
  });

  it('COMMAND GETKEYS and its errors', async () => {
    const [, all] = await both(['COMMAND', 'LIST']);
    const ours = new Set(all.items!.map((i) => i.v!));
    const cases = [
      ['GET', 'a'],
      ['MGET', 'a', 'b', 'c'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MSET', 'a', 'b', 'c'],
      ['SET', 'k', 'v', 'EX', '10'],
      ['SET', 'a'],
      ['GET'],
      ['GET', 'a', 'b'],
      ['PING'],
      ['CONFIG', 'GET', 'x'],
      ['CONFIG', 'nosuch', 'x'],
      ['nosuch', 'a'],
      ['LPUSH', 'l', 'x', 'y'],
      ['RPOPLPUSH', 'a', 'b'],
      ['SMOVE', 'a', 'b', 'm'],
      ['SINTERSTORE', 'd', 'a', 'b'],
      ['HSET', 'h', 'f', 'v'],
      ['DEL', 'a', 'b', 'c'],
      ['EXISTS', 'a'],
      ['OBJECT', 'ENCODING', 'k'],
      ['BLPOP', 'a', 'b', '0'],
      ['WATCH', 'a', 'b'],
    ].filter((argv) => ours.has(argv[0].toLowerCase()) || argv[0] === 'nosuch');
    for (const argv of cases) {
      for (const sub of ['GETKEYS', 'GETKEYSANDFLAGS']) {
        const [x, y] = await both(['COMMAND', sub, ...argv]);
        if (sub === 'GETKEYSANDFLAGS' && x.t === '*' && y.t === '*') {
          // Keys must agree; flags come from the table's key specs (see the synthetic specs test).
          expect(y.items!.map((i) => i.items![0].v), argv.join(' ')).toEqual(x.items!.map((i) => i.items![0].v));
        } else expect(y.raw, `${sub} ${argv.join(' ')}`).toBe(x.raw);
      }
    }
  });

  it('COMMAND HELP and errors', async () => {
    for (const argv of [['COMMAND', 'HELP'], ['COMMAND', 'COUNT', 'x'], ['COMMAND', 'nosuch'], ['COMMAND', 'GETKEYS'], ['COMMAND', 'DOCS', 'nosuch'], ['COMMAND', 'INFO', 'a|b|c']]) {
      const [x, y] = await both(argv);
      expect(y.raw, argv.join(' ')).toBe(x.raw);
    }
  });

  it('key specs of every kind render and search as Redis', async () => {
    // Tables mirroring Redis's own definitions of commands whose keys a single range cannot describe.
    const defs: CommandDef[] = [
      {
        name: 'zunionstore',
        arity: -4,
        flags: ['write', 'denyoom'],
        keys: [1, 1, 1],
        group: 'sorted-set',
        since: '2.0.0',
        summary: '',
        keySpecs: [
          { flags: ['OW', 'update'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
          { flags: ['RO', 'access'], begin: { index: 2 }, find: { keynum: [0, 1, 1] } },
        ],
      },
      {
        name: 'xread',
        arity: -4,
        flags: ['readonly', 'blocking'],
        group: 'stream',
        since: '5.0.0',
        summary: '',
        keySpecs: [{ flags: ['RO', 'access'], begin: { keyword: 'STREAMS', startFrom: 1 }, find: { range: [-1, 1, 2] } }],
      },
      {
        name: 'eval',
        arity: -3,
        flags: ['noscript', 'stale', 'skip_monitor', 'may_replicate', 'no_mandatory_keys'],
        group: 'scripting',
        since: '2.6.0',
        summary: '',
        keySpecs: [{ notes: 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE', flags: ['RW', 'access', 'update'], begin: { index: 2 }, find: { keynum: [0, 1, 1] } }],
      },
      {
        name: 'smove',
        arity: 4,
        flags: ['write', 'fast'],
        keys: [1, 2, 1],
        group: 'set',
        since: '1.0.0',
        summary: '',
        keySpecs: [
          { flags: ['RW', 'access', 'delete'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
          { flags: ['RW', 'insert'], begin: { index: 2 }, find: { range: [0, 1, 0] } },
        ],
      },
      {
        name: 'migrate',
        arity: -6,
        flags: ['write'],
        keys: [3, 3, 1],
        group: 'generic',
        since: '2.6.0',
        summary: '',
        acl: ['dangerous'],
        tips: ['nondeterministic_output'],
        keySpecs: [
          { flags: ['RW', 'access', 'delete'], begin: { index: 3 }, find: { range: [0, 1, 0] } },
          { flags: ['RW', 'access', 'delete', 'incomplete'], begin: { keyword: 'KEYS', startFrom: -2 }, find: { range: [-1, 1, 0] } },
        ],
        // migrateGetKeys: the key, or with an empty key the ones after KEYS
        getKeys: (argv) => {
          if (argv[3] !== '') return [3];
          const at = argv.findIndex((x, i) => i > 5 && x.toLowerCase() === 'keys');
          return at < 0 ? [] : argv.slice(at + 1).map((_, i) => at + 1 + i);
        },
      },
      {
        name: 'georadius',
        arity: -6,
        flags: ['write', 'denyoom'],
        keys: [1, 1, 1],
        group: 'geo',
        since: '3.2.0',
        summary: '',
        keySpecs: [
          { flags: ['RO', 'access'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
          { flags: ['OW', 'update'], begin: { keyword: 'STORE', startFrom: 6 }, find: { range: [0, 1, 0] } },
          { flags: ['OW', 'update'], begin: { keyword: 'STOREDIST', startFrom: 6 }, find: { range: [0, 1, 0] } },
        ],
      },
      {
        name: 'lmpop',
        arity: -4,
        flags: ['write'],
        group: 'list',
        since: '7.0.0',
        summary: '',
        keySpecs: [{ flags: ['RW', 'access', 'delete'], begin: { index: 1 }, find: { keynum: [0, 1, 1] } }],
      },
      {
        name: 'sort',
        arity: -2,
        flags: ['write', 'denyoom'],
        keys: [1, 1, 1],
        group: 'generic',
        since: '1.0.0',
        summary: '',
        aclCategories: ['set', 'sortedset', 'list', 'dangerous'],
        keySpecs: [
          { flags: ['RO', 'access'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
          { notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", flags: ['RO', 'access'], begin: 'unknown', find: 'unknown' },
          { notes: "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array", flags: ['OW', 'update'], begin: 'unknown', find: 'unknown' },
        ],
        // sortGetKeys: the sorted key, and the STORE destination
        getKeys: (argv) => {
          const out: (number | { pos: number; flags: string[] })[] = [1];
          for (let i = 2; i < argv.length - 1; i++) if (argv[i].toLowerCase() === 'store') out.push({ pos: i + 1, flags: ['OW', 'update'] });
          return out;
        },
      },
    ];
    const reg = new Registry();
    reg.add(defs);
    for (const def of defs) {
      const w = new RespWriter();
      writeCommandInfo(w, reg.lookup(def.name)!);
      const mine = w.take()!.toString('latin1');
      const [x] = await Promise.all([a.send(['COMMAND', 'INFO', def.name])]);
      expect(mine, def.name).toBe(x.items![0].raw);
    }
    const invocations = [
      ['zunionstore', 'dst', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['zunionstore', 'dst', '3', 'a', 'b'],
      ['zunionstore', 'dst', 'x', 'a'],
      ['xread', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0'],
      ['xread', 'streams', 'a', '0'],
      ['xread', 'COUNT', '2', 'x', 'a', '0'],
      ['eval', 's', '2', 'a', 'b', 'c'],
      ['eval', 's', '0'],
      ['eval', 's', '5', 'a'],
      ['smove', 'a', 'b', 'm'],
      ['migrate', 'h', '1', '', '0', '5', 'KEYS', 'a', 'b'],
      ['migrate', 'h', '1', 'k', '0', '5'],
      ['georadius', 'g', '0', '0', '1', 'km', 'STORE', 'd'],
      ['georadius', 'g', '0', '0', '1', 'km', 'STOREDIST', 'd2', 'STORE', 'd'],
      ['lmpop', '2', 'a', 'b', 'LEFT'],
      ['lmpop', '0', 'a', 'LEFT'],
      ['sort', 'k', 'BY', 'w_*', 'STORE', 'dst'],
      ['sort', 'k'],
    ];
    for (const argv of invocations) {
      const [x] = await Promise.all([a.send(['COMMAND', 'GETKEYSANDFLAGS', ...argv])]);
      const cmd = reg.lookup(argv[0])!;
      const refs = commandKeyRefs(cmd, argv);
      if (refs === null || refs.length === 0) {
        // What COMMAND GETKEYS answers when no key is found.
        const none = cmd.def.flags.includes('no_mandatory_keys') ? '*0\r\n' : '-ERR Invalid arguments specified for command\r\n';
        expect(x.raw, argv.join(' ')).toBe(none);
        continue;
      }
      const got = refs!.map((r) => [argv[r.pos], r.flags.join(' ')]);
      const want = (x.items ?? []).map((i) => [i.items![0].v, i.items![1].items!.map((f) => f.v).join(' ')]);
      expect(got, argv.join(' ')).toEqual(want);
    }
  });
});
