/**
 * ZRANGE & co. differentially against redis-server 7.0 (skipped where it is not installed): fixed
 * sequences covering every bound kind, LIMIT and REV edge, store variant and error, plus seeded
 * random sequences over listpack and skiplist sized sets. Raw replies must match byte for byte,
 * in RESP2 and RESP3.
 */
import { diffGroup } from '../differential/lib/suite.ts';
import { seededRandom } from '../../server/lib/random.ts';

const SETUP = `
      ZADD z 1 a 2 b 3 c 4 d 5 e
      ZADD z -inf ninf +inf pinf 2 bb
      ZADD l 0 a 0 b 0 c 0 d 0 e 0 f
`;

/** Random range queries over sets of 3 to 300 members (lex queries over an equal-score set). */
function randomScript(seed: number, steps: number): string {
  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(a: readonly T[]): T => a[int(a.length)];
  const lines: string[] = [];
  const score = () => pick(['-inf', '+inf', String(int(20) - 5), String((int(40) - 10) / 4), '1e3', '-0', '0']);
  for (const k of ['k1', 'k2', 'k3']) {
    const n = pick([3, 50, 140, 300]);
    for (let i = 0; i < n; i += 50) {
      const words = ['ZADD', k];
      for (let j = i; j < Math.min(n, i + 50); j++) words.push(score(), `m${int(400)}`);
      lines.push(words.join(' '));
    }
  }
  for (let i = 0; i < 4; i++) {
    const words = ['ZADD', 'l1'];
    for (let j = 0; j < 50; j++) words.push('0', String.fromCharCode(97 + int(26), 97 + int(26)));
    lines.push(words.join(' '));
  }
  const keys = ['k1', 'k2', 'k3', 'nokey'];
  const bound = () => pick(['-inf', '+inf', String(int(20) - 5), `(${int(20) - 5}`, String((int(40) - 10) / 4), `(${(int(40) - 10) / 4}`]);
  const lex = () => pick(['-', '+', `[${String.fromCharCode(97 + int(26))}`, `(${String.fromCharCode(97 + int(26), 97 + int(26))}`, '[a', '(z']);
  const idx = () => String(pick([int(20), -int(20), int(400), -int(400), 0, -1]));
  const limit = () => (rnd() < 0.5 ? '' : ` LIMIT ${pick([0, 1, 5, int(200), -1])} ${pick([0, 1, 10, -1, -5, int(300)])}`);
  const ws = () => (rnd() < 0.5 ? ' WITHSCORES' : '');
  const rev = () => (rnd() < 0.4 ? ' REV' : '');
  for (let i = 0; i < steps; i++) {
    const k = pick(keys);
    switch (int(12)) {
      case 0: lines.push(`ZRANGE ${k} ${idx()} ${idx()}${ws()}${rev()}`); break;
      case 1: lines.push(`ZRANGE ${k} ${bound()} ${bound()} BYSCORE${rev()}${limit()}${ws()}`); break;
      case 2: lines.push(`ZRANGE l1 ${lex()} ${lex()} BYLEX${rev()}${limit()}`); break;
      case 3: lines.push(`ZREVRANGE ${k} ${idx()} ${idx()}${ws()}`); break;
      case 4: lines.push(`ZRANGEBYSCORE ${k} ${bound()} ${bound()}${limit()}${ws()}`); break;
      case 5: lines.push(`ZREVRANGEBYSCORE ${k} ${bound()} ${bound()}${limit()}${ws()}`); break;
      case 6: lines.push(`ZREVRANGEBYLEX l1 ${lex()} ${lex()}${limit()}`); break;
      case 7:
        lines.push(pick([`ZRANGESTORE dst ${k} ${bound()} ${bound()} BYSCORE${rev()}${limit()}`, `ZRANGESTORE dst ${k} ${idx()} ${idx()}${rev()}`, `ZRANGESTORE dst l1 ${lex()} ${lex()} BYLEX${rev()}${limit()}`]));
        lines.push('ZRANGE dst 0 -1 WITHSCORES', 'OBJECT ENCODING dst');
        break;
      case 8: if (rnd() < 0.3) lines.push(`ZREMRANGEBYRANK ${k} ${idx()} ${idx()}`); break;
      case 9: if (rnd() < 0.3) lines.push(`ZREMRANGEBYSCORE ${k} ${bound()} ${bound()}`); break;
      case 10: if (rnd() < 0.3) lines.push(`ZREMRANGEBYLEX l1 ${lex()} ${lex()}`); break;
      default: lines.push(`ZADD ${pick(['k1', 'k2', 'k3'])} ${score()} m${int(400)} ${score()} m${int(400)}`, `ZRANGE ${k} 0 -1 WITHSCORES`);
    }
  }
  return lines.join('\n');
}

/** 201 members scoring -0: the first 128 added while listpack-encoded keep 0, the rest -0. */
const NEG_ZERO = `ZADD big ${Array.from({ length: 200 }, (_, i) => `-0 m${1000 + i}`).join(' ')} -0 x`;

diffGroup('zset ranges', [
  {
    name: 'ZRANGE by rank, REV, WITHSCORES, LIMIT rules',
    script: `${SETUP}
      ZRANGE z 0 -1
      ZRANGE z 0 -1 WITHSCORES
      ZRANGE z 0 -1 withscores REV
      ZRANGE z -3 -1 WITHSCORES
      ZRANGE z -100 100
      ZRANGE z 5 2
      ZRANGE z 7 100
      ZRANGE z 8 100
      ZRANGE z -1 -2
      ZRANGE z 0 0 REV
      ZRANGE z -2 -1 REV WITHSCORES
      ZRANGE z 1 1 REV REV
      ZRANGE z 0 -1 LIMIT 0 -1
      ZRANGE z 0 -1 LIMIT 5 -1
      ZRANGE z 0 -1 LIMIT 0 -2
      ZRANGE z 0 -1 LIMIT 0 1
      ZRANGE z 0 -1 LIMIT 0
      ZRANGE z 0 -1 LIMIT x 1
      ZRANGE z x 1
      ZRANGE z 0 1.5
      ZRANGE z 0 99999999999999999999
      ZRANGE z -9223372036854775808 9223372036854775807
      ZRANGE z 0 -1 foo
      ZRANGE z 0 -1 WITHSCORES LIMIT 1 1
      ZRANGE z 0 -1 LIMIT 1 1 WITHSCORES BYLEX
      ZRANGE nokey 0 -1
      ZRANGE nokey 0 -1 WITHSCORES
      ZRANGE nokey x 1
      ZRANGE z
      ZRANGE z 0
    `,
  },
  {
    name: 'ZRANGE BYSCORE: exclusive and infinite bounds, REV, LIMIT',
    script: `${SETUP}
      ZRANGE z -inf +inf BYSCORE
      ZRANGE z -inf +inf BYSCORE WITHSCORES
      ZRANGE z +inf -inf BYSCORE REV WITHSCORES
      ZRANGE z +inf -inf BYSCORE REV LIMIT 0 100
      ZRANGE z +inf -inf BYSCORE REV LIMIT 2 3 WITHSCORES
      ZRANGE z -inf +inf BYSCORE REV
      ZRANGE z (1 (5 BYSCORE
      ZRANGE z (1 5 BYSCORE
      ZRANGE z 1 (5 BYSCORE
      ZRANGE z (2 (2 BYSCORE
      ZRANGE z 2 2 BYSCORE WITHSCORES
      ZRANGE z 5 1 BYSCORE
      ZRANGE z 1 5 BYSCORE REV
      ZRANGE z 5 1 BYSCORE REV
      ZRANGE z (5 (1 BYSCORE REV
      ZRANGE z (-inf (+inf BYSCORE
      ZRANGE z -inf -inf BYSCORE
      ZRANGE z +inf +inf BYSCORE WITHSCORES
      ZRANGE z -inf +inf BYSCORE LIMIT 1 2
      ZRANGE z -inf +inf BYSCORE LIMIT -1 2
      ZRANGE z -inf +inf BYSCORE LIMIT 1 -1
      ZRANGE z -inf +inf BYSCORE LIMIT 1 -5
      ZRANGE z -inf +inf BYSCORE LIMIT 1 0
      ZRANGE z -inf +inf BYSCORE LIMIT 7 10
      ZRANGE z -inf +inf BYSCORE LIMIT 8 10
      ZRANGE z -inf +inf BYSCORE LIMIT 100 10
      ZRANGE z -inf +inf BYSCORE LIMIT 1 2 LIMIT 2 3
      ZRANGE z (1 +inf BYSCORE LIMIT 0 1 WITHSCORES
      ZRANGE z x 1 BYSCORE
      ZRANGE z ( 1 BYSCORE
      ZRANGE z (( 1 BYSCORE
      ZRANGE z nan 1 BYSCORE
      ZRANGE z 1e400 1 BYSCORE
      ZRANGE z -1e400 1e400 BYSCORE
      ZRANGE z " 1" 3 BYSCORE
      ZRANGE z "1 " 3 BYSCORE
      ZRANGE z 0x1 3 BYSCORE
      ZRANGE z "" 3 BYSCORE
      ZRANGE z -inf +inf BYSCORE BYLEX
      ZRANGE z -inf +inf BYSCORE BYSCORE
      ZRANGE z -inf +inf BYSCORE LIMIT 1
      ZRANGE z -inf +inf BYSCORE LIMIT 1 x
      ZRANGE nokey -inf +inf BYSCORE WITHSCORES
      ZRANGE nokey x 1 BYSCORE
    `,
  },
  {
    name: 'ZRANGE BYLEX: - + [x (x, REV, LIMIT, errors',
    script: `${SETUP}
      ZRANGE l - + BYLEX
      ZRANGE l + - BYLEX REV
      ZRANGE l [b (e BYLEX
      ZRANGE l (b [e BYLEX
      ZRANGE l (e (b BYLEX REV
      ZRANGE l [e [b BYLEX REV LIMIT 1 2
      ZRANGE l - + BYLEX LIMIT 2 -1
      ZRANGE l - + BYLEX LIMIT -2 1
      ZRANGE l - + BYLEX LIMIT 6 1
      ZRANGE l [e [b BYLEX
      ZRANGE l [b [b BYLEX
      ZRANGE l (b (b BYLEX
      ZRANGE l [bb [cc BYLEX
      ZRANGE l b c BYLEX
      ZRANGE l [a - BYLEX
      ZRANGE l + [z BYLEX
      ZRANGE l - [ BYLEX
      ZRANGE l ( + BYLEX
      ZRANGE l - + BYLEX WITHSCORES
      ZRANGE nokey - + BYLEX
      ZRANGE nokey a b BYLEX
      ZRANGEBYLEX l - +
      ZRANGEBYLEX l [c +
      ZRANGEBYLEX l [c + LIMIT 1 1
      ZRANGEBYLEX l [c + WITHSCORES
      ZRANGEBYLEX l [c + REV
      ZRANGEBYLEX l [c + BYSCORE
      ZRANGEBYLEX l [c
      ZREVRANGEBYLEX l + -
      ZREVRANGEBYLEX l (d - LIMIT 0 2
      ZREVRANGEBYLEX l - +
      ZREVRANGEBYLEX l x +
      ZADD bin 0 "\\x00" 0 "\\xff" 0 "a\\x00b" 0 ""
      ZRANGE bin - + BYLEX
      ZRANGE bin ( [a BYLEX
      ZRANGE bin "[\\x00" "(\\xff" BYLEX
      ZRANGE bin + "(a\\x00b" BYLEX REV
    `,
  },
  {
    name: 'legacy ZRANGEBYSCORE ZREVRANGEBYSCORE ZREVRANGE',
    script: `${SETUP}
      ZRANGEBYSCORE z -inf +inf
      ZRANGEBYSCORE z -inf +inf WITHSCORES
      ZRANGEBYSCORE z 2 4 WITHSCORES LIMIT 1 2
      ZRANGEBYSCORE z 2 4 LIMIT 1
      ZRANGEBYSCORE z 2 4 REV
      ZRANGEBYSCORE z 2 4 BYSCORE
      ZRANGEBYSCORE z a 4
      ZRANGEBYSCORE z 2 4 WITHSCORES WITHSCORES
      ZREVRANGEBYSCORE z +inf -inf
      ZREVRANGEBYSCORE z +inf -inf WITHSCORES LIMIT 1 3
      ZREVRANGEBYSCORE z -inf +inf
      ZREVRANGEBYSCORE z (5 (1
      ZREVRANGEBYSCORE z 5 x
      ZREVRANGE z 0 2
      ZREVRANGE z 0 2 WITHSCORES
      ZREVRANGE z -2 -1 WITHSCORES
      ZREVRANGE z 0 -1 REV
      ZREVRANGE z 0 -1 LIMIT 0 1
      ZREVRANGE z 0 -1 LIMIT 0 -1
      ZREVRANGE z 0 -1 BYSCORE
      ZREVRANGE nokey 0 -1
      SET str v
      ZRANGE str 0 -1
      ZRANGEBYSCORE str 0 1
      ZRANGEBYSCORE str x 1
      ZREVRANGEBYLEX str + -
      ZREVRANGE str 0 1
      ZRANGE str 0 1 LIMIT 0 1
      ZRANGE str 0 -1 BYLEX
    `,
  },
  {
    name: 'ZRANGESTORE',
    script: `${SETUP}
      ZRANGESTORE d z 0 -1
      ZRANGE d 0 -1 WITHSCORES
      OBJECT ENCODING d
      ZRANGESTORE d z 1 2 REV
      ZRANGE d 0 -1 WITHSCORES
      ZRANGESTORE d z (1 +inf BYSCORE LIMIT 1 2
      ZRANGE d 0 -1 WITHSCORES
      ZRANGESTORE d z +inf -inf BYSCORE REV LIMIT 0 3
      ZRANGE d 0 -1 WITHSCORES
      ZRANGESTORE d l [b [d BYLEX
      ZRANGE d 0 -1 WITHSCORES
      ZRANGESTORE d z 0 -1 WITHSCORES
      ZRANGESTORE d z 0 -1 LIMIT 0 1
      ZRANGESTORE d z 0 -1 BYLEX
      ZRANGESTORE d z 5 1
      EXISTS d
      ZRANGESTORE d z 0 0
      ZRANGESTORE d nokey 0 -1
      EXISTS d
      ZRANGESTORE d nokey x 1
      SET str v
      EXPIRE str 100
      ZRANGESTORE str z 0 1
      TYPE str
      TTL str
      ZRANGESTORE z z 1 2
      ZRANGE z 0 -1 WITHSCORES
      SET str2 v
      ZRANGESTORE d str2 0 -1
      ZRANGESTORE d z
    `,
  },
  {
    name: 'ZRANGESTORE encodings and the sign of -0',
    script: `
      ${NEG_ZERO}
      OBJECT ENCODING big
      ZRANGESTORE d big 0 -1
      ZRANGE d 120 135 WITHSCORES
      OBJECT ENCODING d
      ZRANGESTORE d big 0 -1 REV
      ZRANGE d 120 135 WITHSCORES
      ZRANGESTORE d big +inf -inf BYSCORE REV
      ZRANGE d 120 135 WITHSCORES
      ZRANGE d 190 -1 WITHSCORES
      ZRANGESTORE d big -inf +inf BYSCORE LIMIT 0 150
      ZRANGE d 120 -1 WITHSCORES
      OBJECT ENCODING d
      ZRANGESTORE d big 150 200
      ZRANGE d 0 -1 WITHSCORES
      OBJECT ENCODING d
      ZRANGESTORE d big - + BYLEX
      ZRANGE d 125 130 WITHSCORES
      CONFIG SET zset-max-listpack-entries 4
      CONFIG SET zset-max-listpack-value 3
      ZRANGESTORE d big 0 3
      OBJECT ENCODING d
      ZRANGESTORE d big 0 4
      OBJECT ENCODING d
      ZRANGESTORE d big -inf +inf BYSCORE LIMIT 0 4
      OBJECT ENCODING d
      ZRANGESTORE d big -inf +inf BYSCORE LIMIT 0 5
      OBJECT ENCODING d
      ZADD sm 1 a 2 bb 3 ccc 4 dddd
      ZRANGESTORE d sm 0 2
      OBJECT ENCODING d
      ZRANGESTORE d sm 0 -1
      OBJECT ENCODING d
      ZRANGESTORE d sm -inf +inf BYSCORE
      OBJECT ENCODING d
      CONFIG SET zset-max-listpack-entries 0
      ZRANGESTORE d sm 0 0
      OBJECT ENCODING d
      CONFIG SET zset-max-listpack-entries 128
      CONFIG SET zset-max-listpack-value 64
    `,
  },
  {
    name: 'ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX',
    script: `${SETUP}
      SET str v
      ZREMRANGEBYRANK str 0 1
      ZREMRANGEBYRANK str x 1
      ZREMRANGEBYSCORE str 0 1
      ZREMRANGEBYLEX str - +
      ZREMRANGEBYRANK nokey 0 1
      ZREMRANGEBYRANK nokey x 1
      ZREMRANGEBYSCORE nokey x 1
      ZREMRANGEBYLEX nokey x 1
      ZREMRANGEBYRANK z 0 0
      ZREMRANGEBYRANK z -2 -1
      ZREMRANGEBYRANK z 3 1
      ZREMRANGEBYRANK z 10 11
      ZREMRANGEBYRANK z -100 -50
      ZRANGE z 0 -1 WITHSCORES
      ZREMRANGEBYSCORE z (2 3
      ZREMRANGEBYSCORE z 100 200
      ZREMRANGEBYSCORE z (1 (1
      ZREMRANGEBYSCORE z 5 1
      ZREMRANGEBYSCORE z x 1
      ZRANGE z 0 -1 WITHSCORES
      ZREMRANGEBYLEX l (b [d
      ZREMRANGEBYLEX l [x +
      ZREMRANGEBYLEX l a +
      ZRANGE l 0 -1
      ZREMRANGEBYLEX l - +
      EXISTS l
      ZREMRANGEBYRANK z 0 -1
      EXISTS z
      ZREMRANGEBYRANK z 0
      ZREMRANGEBYSCORE z 0 1 2
    `,
  },
  { name: 'random ranges, seed 1', script: randomScript(1, 300) },
  { name: 'random ranges, seed 2', script: randomScript(2, 300) },
  { name: 'random ranges, seed 3', script: randomScript(3, 300) },
]);
