/**
 * Sorted-set ranges: ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES and their invalid
 * combinations), ZRANGESTORE, the older ZRANGEBYSCORE/ZREVRANGEBYSCORE/ZRANGEBYLEX/ZREVRANGEBYLEX/
 * ZREVRANGE forms, and ZREMRANGEBYRANK/SCORE/LEX, over listpack and skiplist encodings, RESP2/RESP3.
 */
import { diffGroupWhenImplemented } from './lib/implemented.ts';

const BOARD = 'ZADD z 1 a 2 b 2 b2 3 c 4 d 5 e 5 e2 6 f -inf ninf +inf pinf 0.5 h';
const LEX = 'ZADD l 0 a 0 b 0 c 0 d 0 e 0 f 0 g 0 "" 0 "\\xff" 0 ab 0 B';

const rangeCases = (suffix: string, config?: Record<string, string>) => [
  {
    name: `ZRANGE by rank${suffix}`,
    config,
    script: `
      ${BOARD}
      ZRANGE z 0 -1
      ZRANGE z 0 -1 WITHSCORES
      ZRANGE z 2 4 withscores
      ZRANGE z -3 -1
      ZRANGE z -100 100
      ZRANGE z 5 2
      ZRANGE z 100 200
      ZRANGE z -1 -100
      ZRANGE z 0 0
      ZRANGE z 0 -1 REV
      ZRANGE z 0 2 REV WITHSCORES
      ZRANGE z -2 -1 REV
      ZRANGE z 0 abc
      ZRANGE z 1.5 2
      ZRANGE z 0 9223372036854775807
      ZRANGE z -9223372036854775808 2
      ZRANGE z 0 -1 LIMIT 0 1
      ZRANGE z 0 -1 WITHSCORES WITHSCORES REV REV
      ZRANGE z 0 -1 FOO
      ZRANGE z 0
      ZRANGE missing 0 -1
      ZRANGE missing 0 -1 WITHSCORES
      ZREVRANGE z 0 -1
      ZREVRANGE z 0 2 WITHSCORES
      ZREVRANGE z -2 -1 withscores
      ZREVRANGE z 0 -1 REV
      ZREVRANGE z 0 -1 WITHSCORES FOO
      ZREVRANGE missing 0 1
      ZREVRANGE z 0
      SET str x
      ZRANGE str 0 -1
      ZREVRANGE str 0 -1
      ZRANGE str 0 abc
    `,
  },
  {
    name: `ZRANGE BYSCORE and ZRANGEBYSCORE ZREVRANGEBYSCORE${suffix}`,
    config,
    script: `
      ${BOARD}
      ZRANGE z -inf +inf BYSCORE
      ZRANGE z -inf +inf BYSCORE WITHSCORES
      ZRANGE z 2 5 BYSCORE
      ZRANGE z (2 5 BYSCORE
      ZRANGE z 2 (5 BYSCORE WITHSCORES
      ZRANGE z (2 (5 BYSCORE
      ZRANGE z (-inf (+inf BYSCORE
      ZRANGE z 5 2 BYSCORE
      ZRANGE z +inf -inf BYSCORE REV
      ZRANGE z 5 2 BYSCORE REV WITHSCORES
      ZRANGE z (5 (2 BYSCORE REV
      ZRANGE z 2 5 BYSCORE REV
      ZRANGE z -inf +inf BYSCORE LIMIT 2 3
      ZRANGE z -inf +inf BYSCORE LIMIT 2 -1
      ZRANGE z -inf +inf BYSCORE LIMIT 0 0
      ZRANGE z -inf +inf BYSCORE LIMIT -1 3
      ZRANGE z -inf +inf BYSCORE LIMIT 100 3
      ZRANGE z +inf -inf BYSCORE REV LIMIT 1 2 WITHSCORES
      ZRANGE z -inf +inf BYSCORE LIMIT 1 2 LIMIT 3 2
      ZRANGE z -inf +inf BYSCORE LIMIT 1
      ZRANGE z -inf +inf BYSCORE LIMIT a 1
      ZRANGE z -inf +inf BYSCORE LIMIT 1 b
      ZRANGE z abc 1 BYSCORE
      ZRANGE z 1 [2 BYSCORE
      ZRANGE z 0 -1 BYSCORE BYLEX
      ZRANGE z 0 -1 BYLEX BYSCORE
      ZRANGE z 0 1 LIMIT 0 1
      ZRANGE z 0 1 REV LIMIT 0 1
      ZRANGE missing -inf +inf BYSCORE
      ZRANGE missing a b BYSCORE
      ZRANGEBYSCORE z -inf +inf
      ZRANGEBYSCORE z 2 5 WITHSCORES
      ZRANGEBYSCORE z (2 5 LIMIT 1 2
      ZRANGEBYSCORE z -inf +inf WITHSCORES LIMIT 3 2
      ZRANGEBYSCORE z -inf +inf LIMIT 3 2 WITHSCORES
      ZRANGEBYSCORE z 5 2
      ZRANGEBYSCORE z -inf +inf LIMIT
      ZRANGEBYSCORE z -inf +inf LIMIT 1 x
      ZRANGEBYSCORE z -inf +inf REV
      ZRANGEBYSCORE z -inf +inf BYSCORE
      ZRANGEBYSCORE z x 1
      ZRANGEBYSCORE z 1
      ZRANGEBYSCORE missing 0 1
      ZREVRANGEBYSCORE z +inf -inf
      ZREVRANGEBYSCORE z 5 (2 WITHSCORES
      ZREVRANGEBYSCORE z 5 2 LIMIT 1 1
      ZREVRANGEBYSCORE z 2 5
      ZREVRANGEBYSCORE z +inf -inf LIMIT 0 -1 WITHSCORES
      ZREVRANGEBYSCORE z +inf x
      SET str x
      ZRANGE str 0 1 BYSCORE
      ZRANGEBYSCORE str 0 1
      ZRANGEBYSCORE str a b
      ZREVRANGEBYSCORE str 1 0
    `,
  },
  {
    name: `ZRANGE BYLEX and ZRANGEBYLEX ZREVRANGEBYLEX${suffix}`,
    config,
    script: `
      ${LEX}
      ZRANGE l - + BYLEX
      ZRANGE l [a [c BYLEX
      ZRANGE l (a [c BYLEX
      ZRANGE l (a (c BYLEX
      ZRANGE l [c (c BYLEX
      ZRANGE l - (c BYLEX
      ZRANGE l [ + BYLEX
      ZRANGE l ( + BYLEX
      ZRANGE l + - BYLEX
      ZRANGE l + - BYLEX REV
      ZRANGE l [c [a BYLEX REV
      ZRANGE l (c - BYLEX REV
      ZRANGE l - + BYLEX LIMIT 2 3
      ZRANGE l + - BYLEX REV LIMIT 0 2
      ZRANGE l - + BYLEX LIMIT 2 -1
      ZRANGE l - + BYLEX WITHSCORES
      ZRANGE l a c BYLEX
      ZRANGE l [a c BYLEX
      ZRANGE missing - + BYLEX
      ZRANGE missing a b BYLEX
      ZRANGEBYLEX l - +
      ZRANGEBYLEX l [b (f
      ZRANGEBYLEX l [b (f LIMIT 1 2
      ZRANGEBYLEX l - + LIMIT 0 0
      ZRANGEBYLEX l - + WITHSCORES
      ZRANGEBYLEX l - + LIMIT 1
      ZRANGEBYLEX l a +
      ZRANGEBYLEX l -
      ZRANGEBYLEX missing - +
      ZREVRANGEBYLEX l + -
      ZREVRANGEBYLEX l (f [b
      ZREVRANGEBYLEX l + - LIMIT 1 3
      ZREVRANGEBYLEX l - +
      ZREVRANGEBYLEX l a -
      ZADD mixed 1 a 2 b 3 c
      ZRANGEBYLEX mixed - +
      ZRANGE mixed [b + BYLEX
      SET str x
      ZRANGEBYLEX str - +
      ZRANGE str - + BYLEX
    `,
  },
  {
    name: `ZRANGESTORE${suffix}`,
    config,
    script: `
      ${BOARD}
      ZRANGESTORE dst z 0 2
      ZRANGE dst 0 -1 WITHSCORES
      OBJECT ENCODING dst
      ZRANGESTORE dst z 2 5 BYSCORE LIMIT 1 2
      ZRANGE dst 0 -1 WITHSCORES
      ZRANGESTORE dst z +inf -inf BYSCORE REV
      ZRANGE dst 0 -1 WITHSCORES
      ZRANGESTORE dst z 0 -1 REV
      ZRANGE dst 0 -1 WITHSCORES
      ZRANGESTORE dst z 5 2
      EXISTS dst
      ZRANGESTORE dst missing 0 -1
      EXISTS dst
      SET dst str
      ZRANGESTORE dst z 0 0
      TYPE dst
      SET dst str EX 100
      ZRANGESTORE dst z 0 0
      TTL dst
      ${LEX}
      ZRANGESTORE dl l [b (f BYLEX
      ZRANGE dl 0 -1 WITHSCORES
      ZRANGESTORE dl l + - BYLEX REV LIMIT 0 2
      ZRANGE dl 0 -1
      ZRANGESTORE z z 0 1
      ZRANGE z 0 -1 WITHSCORES
      ZRANGESTORE dst z 0 -1 WITHSCORES
      ZRANGESTORE dst z 0 -1 LIMIT 0 1
      ZRANGESTORE dst z 0 -1 BYLEX WITHSCORES
      ZRANGESTORE dst z
      SET str x
      ZRANGESTORE dst str 0 -1
      ZRANGESTORE str z 0 -1
      TYPE str
    `,
  },
  {
    name: `ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX${suffix}`,
    config,
    script: `
      ${BOARD}
      ZREMRANGEBYRANK z 0 0
      ZREMRANGEBYRANK z -2 -1
      ZRANGE z 0 -1
      ZREMRANGEBYRANK z 5 2
      ZREMRANGEBYRANK z 100 200
      ZREMRANGEBYRANK z x 1
      ZREMRANGEBYRANK z 1
      ZREMRANGEBYSCORE z (2 5
      ZRANGE z 0 -1 WITHSCORES
      ZREMRANGEBYSCORE z 10 20
      ZREMRANGEBYSCORE z 5 2
      ZREMRANGEBYSCORE z x 2
      ZREMRANGEBYSCORE z -inf +inf
      EXISTS z
      ZREMRANGEBYSCORE z -inf +inf
      ZREMRANGEBYRANK z 0 -1
      ${LEX}
      ZREMRANGEBYLEX l [b (d
      ZRANGE l 0 -1
      ZREMRANGEBYLEX l (f +
      ZRANGE l 0 -1
      ZREMRANGEBYLEX l + -
      ZREMRANGEBYLEX l a b
      ZREMRANGEBYLEX l - +
      EXISTS l
      ZADD r 1 a 2 b 3 c
      ZREMRANGEBYRANK r 0 -1
      EXISTS r
      ZREMRANGEBYLEX missing - +
      SET str x
      ZREMRANGEBYRANK str 0 1
      ZREMRANGEBYSCORE str 0 1
      ZREMRANGEBYLEX str - +
      ZREMRANGEBYSCORE str a b
    `,
  },
];

diffGroupWhenImplemented('sorted-set ranges', [
  ...rangeCases(''),
  ...rangeCases(', skiplist', { 'zset-max-listpack-entries': '2' }),
  {
    name: 'ZRANGESTORE result encoding',
    config: { 'zset-max-listpack-entries': '3' },
    script: `
      ZADD z 1 a 2 b 3 c 4 d 5 e
      OBJECT ENCODING z
      ZRANGESTORE d z 0 1
      OBJECT ENCODING d
      ZRANGESTORE d z 0 -1
      OBJECT ENCODING d
      ZREMRANGEBYRANK z 0 2
      OBJECT ENCODING z
    `,
  },
  {
    name: 'WATCH and ranges: empty removals do not touch the key',
    script: `
      ZADD z 1 a 2 b
      WATCH z
      @conn b
      ZREMRANGEBYSCORE z 5 10
      ZREMRANGEBYRANK z 5 10
      ZREMRANGEBYLEX z [x [y
      ZRANGESTORE other missing 0 -1
      @conn a
      MULTI
      ZCARD z
      EXEC
      WATCH z
      @conn b
      ZREMRANGEBYRANK z 0 0
      @conn a
      MULTI
      ZCARD z
      EXEC
      WATCH dst
      @conn b
      ZRANGESTORE dst z 0 -1
      @conn a
      MULTI
      ZCARD dst
      EXEC
    `,
  },
]);
