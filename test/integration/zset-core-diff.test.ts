/**
 * The core sorted-set commands differentially against a real redis-server 7.0 (runs only where it
 * is installed): the same command sequences on both servers, raw reply bytes compared, in RESP2 and
 * in RESP3. Random replies (ZRANDMEMBER with distinct picks from a larger set) are left to
 * zset-core.test.ts; here only their deterministic cases run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespConn, redisUnavailable, startRedis, type RNode, type RedisRef } from '../helpers/redis-ref.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ref: RedisRef;
let pod: TestServer;

/** Splits a line into words; "a b" quotes keep spaces, \xHH escapes give raw bytes. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    if (m[1] !== undefined) out.push(m[1].replace(/\\x([0-9a-f]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1'));
    else out.push(m[2]);
  }
  return out;
}

/**
 * A scan reply ([cursor, [m, s, ...]]) as its cursor plus sorted "m s" pairs: a skiplist-encoded
 * set is scanned in hash-table order in Redis, so only the content can be compared.
 */
function scanContent(n: RNode): string {
  const flat = n.items![1].items!.map((i) => i.v);
  const pairs: string[] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]} ${flat[i + 1]}`);
  return `${n.items![0].v} | ${pairs.sort().join(', ')}`;
}

/** Runs `script` on fresh connections to both servers (after FLUSHALL) and compares every reply. */
async function same(script: string, resp3 = false): Promise<void> {
  const [a, b] = await Promise.all([RespConn.connect(ref.port), RespConn.connect(pod.port)]);
  try {
    for (const c of [a, b]) {
      await c.send(['FLUSHALL']);
      await c.send(['CONFIG', 'SET', 'zset-max-listpack-entries', '128']);
      await c.send(['CONFIG', 'SET', 'zset-max-listpack-value', '64']);
      if (resp3) await c.send(['HELLO', '3']);
    }
    for (const raw of script.split('\n')) {
      let line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      // "~ ZSCAN ...": compare the scan's content, not its order.
      const unordered = line.startsWith('~ ');
      if (unordered) line = line.slice(2);
      const argv = words(line);
      const [x, y] = await Promise.all([a.send(argv), b.send(argv)]);
      // Two timeouts would compare equal: every command here must answer.
      expect(x.t, `redis-server did not answer ${line}`).not.toMatch(/^(timeout|closed)$/);
      if (unordered) expect(scanContent(y), `${resp3 ? 'RESP3 ' : ''}${line}`).toBe(scanContent(x));
      else expect(y.raw, `${resp3 ? 'RESP3 ' : ''}${line}`).toBe(x.raw);
    }
  } finally {
    a.close();
    b.close();
  }
}

const LONG = 'x'.repeat(65);

const SCRIPTS: Record<string, string> = {
  'ZADD options, CH, INCR and their errors': `
    ZADD z 1 a 2 b 3 c
    ZADD z 1 a 5 b 0.5 d
    ZADD z CH 1 a 6 b 0.25 e
    ZADD z NX 10 a 11 f
    ZADD z XX 10 a 11 g
    ZADD z XX CH 10 a 11 g
    ZADD z GT CH 1 a 20 b 7 h
    ZADD z LT CH 100 a 1 b
    ZADD z XX GT CH 50 a 0 b
    ZADD z xx lt ch 40 a
    ZADD z ch ch nx 3 zz
    ZRANGE z 0 -1 WITHSCORES
    ZADD z INCR 2.5 a
    ZADD z INCR NX 2.5 a
    ZADD z INCR XX 1 nosuch
    ZADD z INCR GT -1 a
    ZADD z INCR LT -1 a
    ZADD z INCR LT 0 a
    ZADD z INCR 0 a
    ZADD z INCR 1 newone
    ZADD z NX XX 1 a
    ZADD z GT LT 1 a
    ZADD z NX GT 1 a
    ZADD z NX LT 1 a
    ZADD z GT LT NX XX 1 a
    ZADD z INCR 1 a 2 b
    ZADD z INCR NX XX 1 a 2 b
    ZADD z 1 a 2
    ZADD z NX
    ZADD z nx 1
    ZADD z 1 a x b
    ZADD z abc a
    ZADD z "" a
    ZADD z " 1" a
    ZADD z "1 " a
    ZADD z nan a
    ZADD z 1e400 a
    ZADD z 1e-400 a
    ZADD z inf a -inf b +inf c
    ZADD z -INF d Infinity e
    ZADD z 0x10 hex
    ZADD z 1e5 e1 .5 dot 5. dot2 -.5 ndot +3 plus 007 zeros
    ZRANGE z 0 -1 WITHSCORES
    ZADD z INCR -inf c
    ZINCRBY z -inf c
    ZINCRBY z 1 c
    ZADD nokey XX 1 a
    ZADD nokey XX INCR 1 a
    EXISTS nokey
    ZADD nokey GT 5 a
    ZADD nokey LT INCR 5 b
    ZRANGE nokey 0 -1 WITHSCORES
    SET str v
    ZADD str 1 a
    ZADD str x a
    ZADD str NX XX 1 a
    ZINCRBY str 1 a
    ZINCRBY str x a
  `,
  'ZINCRBY parses like ZADD': `
    ZINCRBY z 1.5 a
    ZINCRBY z 0.1 a
    ZINCRBY z -0.1 a
    ZINCRBY z nx a
    ZINCRBY z incr a
    ZINCRBY z abc a
    ZINCRBY z 1
    ZINCRBY z 1e308 big
    ZINCRBY z 1e308 big
    ZINCRBY z 0 a
    ZSCORE z a
    ZSCORE z big
  `,
  'scores print as %.17g in RESP2, doubles in RESP3': `
    ZADD z 0.1 a 1e300 b -1e-300 c 123456789012345678 d 3.0 e 1.5e17 f 4503599627370497 g -0 h 0 i
    ZSCORE z a
    ZSCORE z b
    ZSCORE z c
    ZSCORE z d
    ZSCORE z e
    ZSCORE z f
    ZSCORE z g
    ZSCORE z h
    ZMSCORE z a b nosuch c
    ZMSCORE nokey a b
    ZRANGE z 0 -1 WITHSCORES
    ZINCRBY z 0.2 a
  `,
  'negative zero in listpack and skiplist sets': `
    ZADD lp -0 a
    ZSCORE lp a
    ZADD lp INCR -0 b
    ZSCORE lp b
    ZADD lp 5 c
    ZADD lp -0 c
    ZSCORE lp c
    ZSCAN lp 0
    ZADD sk -0 ${LONG}
    OBJECT ENCODING sk
    ZSCORE sk ${LONG}
    ZADD sk INCR -0 b
    ~ ZSCAN sk 0
    CONFIG SET zset-max-listpack-entries 2
    ZADD cv -0 a -0 b -0 c -0 d
    OBJECT ENCODING cv
    ~ ZSCAN cv 0 COUNT 100
    ZMSCORE cv a b c d
  `,
  'ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK': `
    ZADD z 1 a 2 b 3 c 3 d 4 e
    ZCARD z
    ZCARD nokey
    ZSCORE z c
    ZSCORE z nosuch
    ZSCORE nokey a
    ZMSCORE z a nosuch e
    ZRANK z a
    ZRANK z d
    ZRANK z nosuch
    ZRANK nokey a
    ZREVRANK z a
    ZREVRANK z d
    ZREVRANK z nosuch
    ZREVRANK nokey a
    ZRANK z a b c
    ZREVRANK z a b c
    ZRANK z
    ZCARD
    ZSCORE z
    ZMSCORE z
    SET str v
    ZCARD str
    ZSCORE str a
    ZMSCORE str a
    ZRANK str a
    ZREVRANK str a
  `,
  'ZCOUNT ZLEXCOUNT': `
    ZADD z 1 a 2 b 3 c 4 d 5 e
    ZCOUNT z -inf +inf
    ZCOUNT z 2 4
    ZCOUNT z (2 4
    ZCOUNT z (2 (4
    ZCOUNT z 4 2
    ZCOUNT z (3 3
    ZCOUNT z 3 3
    ZCOUNT z "" 10
    ZCOUNT z " 1" 10
    ZCOUNT z 1e400 1e500
    ZCOUNT z -1e400 1e400
    ZCOUNT z x 1
    ZCOUNT z 1 (x
    ZCOUNT z nan 1
    ZCOUNT nokey 1 2
    ZCOUNT nokey x 2
    ZADD l 0 a 0 b 0 c 0 d 0 e
    ZLEXCOUNT l - +
    ZLEXCOUNT l [b [d
    ZLEXCOUNT l (b (d
    ZLEXCOUNT l (b [b
    ZLEXCOUNT l [b [b
    ZLEXCOUNT l + -
    ZLEXCOUNT l [z +
    ZLEXCOUNT l - (a
    ZLEXCOUNT l a b
    ZLEXCOUNT l "" +
    ZLEXCOUNT nokey - +
    ZLEXCOUNT nokey a b
    SET str v
    ZCOUNT str 1 2
    ZCOUNT str x 2
    ZLEXCOUNT str - +
    ZLEXCOUNT str a b
  `,
  'ZREM and the emptied key': `
    ZADD z 1 a 2 b 3 c
    ZREM z a nosuch
    ZREM z nosuch
    ZREM z b c b
    EXISTS z
    ZREM z a
    ZREM nokey a
    ZREM z
    SET str v
    ZREM str a
  `,
  'encodings: listpack to skiplist, one way': `
    ZADD z 1 a
    OBJECT ENCODING z
    ZADD big 1 ${LONG}
    OBJECT ENCODING big
    ZADD mix 1 a 2 ${LONG}
    OBJECT ENCODING mix
    ZADD z 2 ${LONG}
    OBJECT ENCODING z
    ZREM z ${LONG}
    OBJECT ENCODING z
    ZADD z 3 ${'y'.repeat(64)}
    OBJECT ENCODING z
    ZADD y 3 ${'y'.repeat(64)}
    OBJECT ENCODING y
    ZADD y XX 1 ${LONG}
    OBJECT ENCODING y
    CONFIG SET zset-max-listpack-entries 3
    ZADD c 1 a 2 b 3 c
    OBJECT ENCODING c
    ZADD c 4 d
    OBJECT ENCODING c
    ZPOPMIN c 3
    OBJECT ENCODING c
    ZADD e NX 1 a 2 b 3 c 4 d
    OBJECT ENCODING e
    CONFIG SET zset-max-listpack-entries 0
    ZADD zero 1 a
    OBJECT ENCODING zero
    CONFIG SET zset-max-listpack-entries 128
    CONFIG SET zset-max-listpack-value 0
    ZADD v 1 a
    OBJECT ENCODING v
    ZADD w 1 ""
    OBJECT ENCODING w
    ZADD w 2 ""
    OBJECT ENCODING w
  `,
  'ZSCAN of listpack sets and errors': `
    ZADD z 1 a 0.1 b 1e300 c inf d -inf e 2.5 f 3 abc
    ZSCAN z 0
    ZSCAN z 0 COUNT 1
    ZSCAN z 0 MATCH a*
    ZSCAN z 0 MATCH *c COUNT 2
    ZSCAN z 123
    ZSCAN z x
    ZSCAN z -1
    ZSCAN z 0 COUNT 0
    ZSCAN z 0 COUNT x
    ZSCAN z 0 COUNT -1
    ZSCAN z 0 TYPE zset
    ZSCAN z 0 MATCH
    ZSCAN z 0 FOO bar
    ZSCAN nokey 0
    ZSCAN nokey x
    ZSCAN nokey 0 COUNT 0
    ZSCAN nokey 0 FOO
    SET str v
    ZSCAN str 0
    ZSCAN str x
  `,
  'ZSCAN of a skiplist set returns every member once': `
    CONFIG SET zset-max-listpack-entries 2
    ZADD z 1 a 0.1 b 1e300 c inf d -inf e 2.5 f 3 abc
    OBJECT ENCODING z
    ~ ZSCAN z 0 COUNT 1000
    ~ ZSCAN z 0 COUNT 1000 MATCH a*
  `,
  'ZRANDMEMBER deterministic cases and errors': `
    ZADD z 1 a 2 b 3 c
    ZRANDMEMBER z 3
    ZRANDMEMBER z 10
    ZRANDMEMBER z 3 WITHSCORES
    ZRANDMEMBER z 100 withscores
    ZRANDMEMBER z 0
    ZRANDMEMBER z 0 WITHSCORES
    ZADD one 7.5 only
    ZRANDMEMBER one
    ZRANDMEMBER one 1
    ZRANDMEMBER one -3
    ZRANDMEMBER one -3 WITHSCORES
    ZRANDMEMBER one 1 WITHSCORES
    ZRANDMEMBER nokey
    ZRANDMEMBER nokey 5
    ZRANDMEMBER nokey -5 WITHSCORES
    ZRANDMEMBER nokey x
    ZRANDMEMBER z x
    ZRANDMEMBER z 1.5
    ZRANDMEMBER z 1 x
    ZRANDMEMBER z 1 WITHSCORES x
    ZRANDMEMBER nokey 1 x
    ZRANDMEMBER z -9223372036854775808
    ZRANDMEMBER z -9223372036854775807 x
    ZRANDMEMBER z 9223372036854775807 WITHSCORES
    ZRANDMEMBER z 4611686018427387904 WITHSCORES
    ZRANDMEMBER z -4611686018427387904 WITHSCORES
    ZRANDMEMBER nokey 4611686018427387904 WITHSCORES
    ZRANDMEMBER z 4611686018427387903 WITHSCORES
    ZRANDMEMBER z 9223372036854775808
    SET str v
    ZRANDMEMBER str
    ZRANDMEMBER str 1
    ZRANDMEMBER str x
  `,
  'ZPOPMIN ZPOPMAX': `
    ZADD z 1 a 2 b 3 c 4 d 5 e 5 f
    ZPOPMIN z
    ZPOPMAX z
    ZPOPMIN z 1
    ZPOPMAX z 2
    ZPOPMIN z 0
    ZPOPMIN z 10
    EXISTS z
    ZPOPMIN z
    ZPOPMAX z 3
    ZPOPMIN nokey 0
    ZPOPMIN z -1
    ZPOPMIN z x
    ZPOPMIN z 1 2
    ZPOPMAX nokey -1
    SET str v
    ZPOPMIN str
    ZPOPMIN str 0
    ZPOPMAX str x
  `,
  'ZMPOP and argument errors of ZMPOP and BZMPOP': `
    ZADD z1 1 a 2 b 3 c
    ZADD z2 10 x 20 y
    ZMPOP 1 z1 MIN
    ZMPOP 2 nokey z2 MAX COUNT 10
    EXISTS z2
    ZMPOP 3 nokey z2 z1 max count 1
    ZMPOP 1 nokey MIN
    ZMPOP 0 z1 MIN
    ZMPOP -1 z1 MIN
    ZMPOP x z1 MIN
    ZMPOP 2 z1 MIN
    ZMPOP 1 z1 FOO
    ZMPOP 1 z1 MIN COUNT
    ZMPOP 1 z1 MIN COUNT 0
    ZMPOP 1 z1 MIN COUNT -1
    ZMPOP 1 z1 MIN COUNT x
    ZMPOP 1 z1 MIN COUNT 1 COUNT 1
    ZMPOP 1 z1 MIN FOO
    SET str v
    ZMPOP 2 str z1 MIN
    ZMPOP 2 z1 str MIN
    ZMPOP 2 nokey str MIN
    BZMPOP 0 0 z1 MIN
    BZMPOP x 0 z1 MIN
    BZMPOP x 1 z1 FOO
    BZMPOP x 1 z1 MIN COUNT 0
    BZMPOP x 1 z1 MIN
    BZMPOP -1 1 z1 MIN
    ZADD z1 1 a 2 b 3 c
    BZMPOP 0 1 z1 MIN COUNT 2
    BZMPOP 0 2 str z1 MAX
    BZMPOP 0 2 z1 str MAX COUNT 5
    EXISTS z1
    BZPOPMIN str 0
    BZPOPMIN z1 -1
    BZPOPMIN z1 x
    ZADD z1 1 a 2 b
    BZPOPMIN nokey z1 0
    BZPOPMAX z1 0
    EXISTS z1
  `,
  'blocking pops inside MULTI answer at once': `
    MULTI
    BZPOPMIN nokey 0
    BZPOPMAX nokey 0
    BZMPOP 0 1 nokey MIN
    ZADD z 1 a 2 b
    BZPOPMIN z 0
    BZMPOP 0 1 z MAX COUNT 5
    EXEC
  `,
};

describe.skipIf(redisUnavailable !== null)('sorted-set core commands against redis-server 7.0', () => {
  beforeAll(async () => {
    ref = await startRedis();
    pod = await startTestServer();
  });
  afterAll(async () => {
    await pod?.close();
    await ref?.stop();
  });

  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(`${name} (RESP2)`, () => same(script));
    it(`${name} (RESP3)`, () => same(script, true));
  }
});
