/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD differentially against redis-server 7.0
 * (skipped where it is not installed): weights and aggregates with inf and NaN, sets as inputs,
 * summation order, result encodings, errors and their order, and seeded random sequences.
 */
import { diffGroup } from '../differential/lib/suite.ts';
import { seededRandom } from '../../server/lib/random.ts';

const SETUP = `
      ZADD a 1 x 2 y 3 z
      ZADD b 10 y 20 z 30 w
      ZADD c -inf x inf y 5 q
      SADD s x w 7 8
      SADD is 1 2 3
      SET str v
`;

function randomScript(seed: number, steps: number): string {
  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(a: readonly T[]): T => a[int(a.length)];
  const score = () => pick(['-inf', '+inf', String(int(20) - 5), String((int(40) - 10) / 4), '1e3', '-0', '0', '0.1', '1e16']);
  const lines: string[] = [];
  for (const k of ['k1', 'k2', 'k3']) {
    const n = pick([3, 50, 140, 300]);
    for (let i = 0; i < n; i += 50) {
      const words = ['ZADD', k];
      for (let j = i; j < Math.min(n, i + 50); j++) words.push(score(), `m${int(400)}`);
      lines.push(words.join(' '));
    }
  }
  lines.push(`SADD set1 ${Array.from({ length: 30 }, () => `m${int(400)}`).join(' ')}`);
  lines.push(`SADD set2 ${Array.from({ length: 200 }, () => `m${int(400)}`).join(' ')}`);
  const keys = ['k1', 'k2', 'k3', 'set1', 'set2', 'nokey'];
  for (let i = 0; i < steps; i++) {
    const ks = Array.from({ length: 1 + int(4) }, () => pick(keys));
    const op = pick(['ZUNION', 'ZINTER', 'ZDIFF']);
    const weights = rnd() < 0.5 ? ` WEIGHTS ${ks.map(() => pick(['1', '2', '-1', '0', '0.5', 'inf', '-inf', '0.1'])).join(' ')}` : '';
    const aggr = rnd() < 0.5 ? ` AGGREGATE ${pick(['SUM', 'MIN', 'MAX'])}` : '';
    const opts = op === 'ZDIFF' ? '' : weights + aggr;
    switch (int(4)) {
      case 0:
      case 1:
        lines.push(`${op} ${ks.length} ${ks.join(' ')}${opts} WITHSCORES`);
        break;
      case 2:
        lines.push(`${op}STORE dst ${ks.length} ${ks.join(' ')}${opts}`, 'ZRANGE dst 0 -1 WITHSCORES', 'OBJECT ENCODING dst');
        break;
      default:
        lines.push(`ZINTERCARD ${ks.length} ${ks.join(' ')}${rnd() < 0.5 ? ` LIMIT ${int(40)}` : ''}`);
        lines.push(`ZADD ${pick(['k1', 'k2', 'k3'])} ${score()} m${int(400)}`);
    }
  }
  return lines.join('\n');
}

diffGroup('zset algebra', [
  {
    name: 'ZUNION: weights, aggregates, inf and NaN, sets',
    script: `${SETUP}
      ZUNION 2 a b
      ZUNION 2 a b WITHSCORES
      ZUNION 3 a b c WITHSCORES
      ZUNION 3 a b c WEIGHTS 1 0 2 WITHSCORES
      ZUNION 3 a b c WEIGHTS 0 0 0 WITHSCORES
      ZUNION 3 a b c WEIGHTS 1 1 -1 WITHSCORES
      ZUNION 3 a b c AGGREGATE MIN WITHSCORES
      ZUNION 3 a b c aggregate max WITHSCORES
      ZUNION 3 a b c aggregate sum weights 2 3 4 withscores
      ZUNION 3 a b c WEIGHTS inf -inf 0 WITHSCORES
      ZUNION 3 a b c WEIGHTS 1.5 2.5e0 -0.25 WITHSCORES
      ZUNION 3 a b c WEIGHTS 1 2 3 WEIGHTS 3 2 1 AGGREGATE MIN AGGREGATE MAX WITHSCORES
      ZUNION 2 a s WITHSCORES
      ZUNION 2 is a WEIGHTS 3 1 WITHSCORES
      ZUNION 2 a nokey WITHSCORES
      ZUNION 1 nokey WITHSCORES
      ZUNION 2 a a WITHSCORES
      ZUNION 1 a WEIGHTS 0 WITHSCORES
      ZUNION 1 c WEIGHTS -1 WITHSCORES
      ZUNION 1 a withscores withscores
    `,
  },
  {
    name: 'ZINTER and ZINTERCARD: NaN only from SUM, MIN/MAX skip it',
    script: `${SETUP}
      ZINTER 2 a b WITHSCORES
      ZINTER 3 a b c WITHSCORES
      ZINTER 2 a c WITHSCORES
      ZINTER 2 a c WEIGHTS 0 1 WITHSCORES
      ZINTER 2 c a WEIGHTS 0 1 WITHSCORES
      ZINTER 2 c a WEIGHTS 1 0 AGGREGATE MIN WITHSCORES
      ZINTER 2 c a WEIGHTS 1 0 AGGREGATE MAX WITHSCORES
      ZINTER 2 a c WEIGHTS 1 0 AGGREGATE MIN WITHSCORES
      ZINTER 2 a c WEIGHTS 1 0 WITHSCORES
      ZINTER 2 a c WEIGHTS 1 -1 WITHSCORES
      ZINTER 2 a s WITHSCORES
      ZINTER 2 s a WEIGHTS 2 3 AGGREGATE MAX WITHSCORES
      ZINTER 2 s is WITHSCORES
      ZINTER 2 a nokey
      ZINTER 1 a
      ZINTER 2 a a WITHSCORES
      ZINTERCARD 2 a b
      ZINTERCARD 2 a b LIMIT 1
      ZINTERCARD 2 a b LIMIT 0
      ZINTERCARD 2 a b LIMIT 5
      ZINTERCARD 2 a b limit 1 LIMIT 0
      ZINTERCARD 2 a nokey
      ZINTERCARD 2 a s
      ZINTERCARD 1 is
    `,
  },
  {
    name: 'ZDIFF',
    script: `${SETUP}
      ZDIFF 2 a b WITHSCORES
      ZDIFF 2 b a WITHSCORES
      ZDIFF 3 c a b WITHSCORES
      ZDIFF 2 a s WITHSCORES
      ZDIFF 2 s a WITHSCORES
      ZDIFF 1 is WITHSCORES
      ZDIFF 2 nokey a
      ZDIFF 2 a nokey
      ZDIFF 2 a a
      ZDIFF 1 a
    `,
  },
  {
    name: 'summation follows input size order (stable), then argument order',
    script: `
      ZADD p 1e16 m 0 e1
      ZADD q -1e16 m
      ZADD r 1 m
      ZUNION 3 p q r WITHSCORES
      ZUNION 3 r q p WITHSCORES
      ZINTER 3 p q r WITHSCORES
      ZINTER 3 q r p WITHSCORES
      ZINTER 3 r p q WITHSCORES
      ZADD t 0.1 m
      ZADD u 0.2 m
      ZADD v 0.3 m
      ZUNION 3 t u v WITHSCORES
      ZUNION 3 v u t WITHSCORES
      ZUNION 3 t u v WEIGHTS 3 7 1e-3 WITHSCORES
      ZINTER 3 v t u WEIGHTS 3 7 1e-3 WITHSCORES
    `,
  },
  {
    name: 'errors and their order',
    script: `${SETUP}
      ZUNION 2 a str
      ZUNION 2 str nokey BADOPT
      ZUNION 2 str a WEIGHTS x
      ZUNION 0 a
      ZUNION -1 a
      ZUNION x a
      ZUNION 3 a b
      ZUNION 2 a b WEIGHTS 1
      ZUNION 2 a b WEIGHTS 1 x
      ZUNION 2 a b WEIGHTS 1 nan
      ZUNION 2 a b WEIGHTS 1 " 1"
      ZUNION 2 a b WEIGHTS 1 1e400
      ZUNION 2 a b WEIGHTS 1 0x10 WITHSCORES
      ZUNION 2 a b AGGREGATE
      ZUNION 2 a b AGGREGATE avg
      ZUNION 2 a b LIMIT 1
      ZUNION 1
      ZINTER 2 a str
      ZINTER 0 a
      ZINTER 1 a LIMIT 1
      ZDIFF 2 a b WEIGHTS 1 2
      ZDIFF 2 a b AGGREGATE SUM
      ZDIFF 0 a
      ZDIFF 2 a str
      ZDIFF 2 str a
      ZINTERCARD 2 a b LIMIT -1
      ZINTERCARD 2 a b LIMIT x
      ZINTERCARD 2 a b LIMIT
      ZINTERCARD 2 a b WITHSCORES
      ZINTERCARD 2 a b WEIGHTS 1 1
      ZINTERCARD 2 a b AGGREGATE MIN
      ZINTERCARD 0 a
      ZINTERCARD 3 a b
      ZINTERCARD 1 str
      ZINTERCARD x a
      ZUNIONSTORE d 0 a
      ZINTERSTORE d 0 a
      ZDIFFSTORE d 0 a
      ZUNIONSTORE d 2 a
      ZUNIONSTORE d 2 a b WITHSCORES
      ZINTERSTORE d 2 a str
      ZDIFFSTORE d 1 a WEIGHTS 2
      ZUNIONSTORE d x a
      ZUNIONSTORE d
      EXISTS d
    `,
  },
  {
    name: 'STORE forms: results, deletion, overwrite, encodings',
    script: `${SETUP}
      ZUNIONSTORE d 2 a b
      ZRANGE d 0 -1 WITHSCORES
      OBJECT ENCODING d
      ZUNIONSTORE d 2 a b WEIGHTS 2 1 AGGREGATE MIN
      ZRANGE d 0 -1 WITHSCORES
      ZINTERSTORE d 2 a b
      ZRANGE d 0 -1 WITHSCORES
      ZINTERSTORE d 2 a nokey
      EXISTS d
      ZINTERSTORE d 2 a b
      ZDIFFSTORE d 2 a b
      ZRANGE d 0 -1 WITHSCORES
      ZDIFFSTORE d 2 a a
      EXISTS d
      ZDIFFSTORE d 2 s a
      ZRANGE d 0 -1 WITHSCORES
      TYPE d
      EXPIRE str 100
      ZUNIONSTORE str 1 a
      TYPE str
      TTL str
      ZUNIONSTORE d 1 nokey
      ZUNIONSTORE a 2 a b
      ZRANGE a 0 -1 WITHSCORES
      ZINTERSTORE d 1 s
      OBJECT ENCODING d
      ZADD long 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
      ZUNIONSTORE d 2 long b
      OBJECT ENCODING d
      ZDIFFSTORE d 2 b long
      OBJECT ENCODING d
      ZADD k -1.5 m 2 n
      ZUNION 1 k WEIGHTS 0 WITHSCORES
      ZUNIONSTORE d 1 k WEIGHTS 0
      ZRANGE d 0 -1 WITHSCORES
      ZINTER 1 k WEIGHTS 0 WITHSCORES
    `,
  },
  {
    name: 'STORE encodings follow the listpack limits',
    config: { 'zset-max-listpack-entries': '4', 'zset-max-listpack-value': '3' },
    script: `
      ZADD sm 1 a 2 bb 3 ccc
      ZADD sm2 1 dddd
      ZADD sm3 1 a 2 b 3 c 4 d 5 e
      OBJECT ENCODING sm2
      ZUNIONSTORE d 1 sm
      OBJECT ENCODING d
      ZUNIONSTORE d 2 sm sm2
      OBJECT ENCODING d
      ZDIFFSTORE d 2 sm2 sm
      OBJECT ENCODING d
      ZDIFFSTORE d 2 sm sm2
      OBJECT ENCODING d
      ZINTERSTORE d 2 sm3 sm3
      OBJECT ENCODING d
      ZDIFFSTORE d 2 sm3 sm
      OBJECT ENCODING d
      ZRANGE d 0 -1 WITHSCORES
    `,
  },
  { name: 'random algebra, seed 1', script: randomScript(1, 150) },
  { name: 'random algebra, seed 2', script: randomScript(2, 150) },
  { name: 'random algebra, seed 3', script: randomScript(3, 150) },
]);
