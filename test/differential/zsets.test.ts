/**
 * Sorted sets, the single-key commands: ZADD (every option and invalid combination), ZINCRBY, ZCARD,
 * ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZREM, ZCOUNT, ZLEXCOUNT, ZSCAN, ZRANDMEMBER, ZPOPMIN/ZPOPMAX,
 * ZMPOP; score parsing and %.17g printing; encodings; hits and misses; WATCH. Each case runs over
 * RESP2 and RESP3 (HELLO 3), so the RESP3 reply shapes are compared too. ZRANK WITHSCORE is a 7.2
 * option and is left out. Cases whose commands Podium lacks are skipped, naming them.
 */
import { diffGroupWhenImplemented } from './lib/implemented.ts';

diffGroupWhenImplemented('sorted sets', [
  {
    name: 'ZADD basics, ZCARD ZSCORE',
    script: `
      ZADD z 1 a
      ZADD z 2 b 3 c
      ZADD z 1 a
      ZADD z 5 a 2 b 9 d
      ZCARD z
      ZSCORE z a
      ZSCORE z d
      ZSCORE z nosuch
      ZSCORE missing a
      ZCARD missing
      ZADD z 1 a 1 a 2 a
      ZSCORE z a
      ZADD z 0 ""
      ZADD z 0 "\\x00\\xff"
      ZRANGE z 0 -1 WITHSCORES
      ZADD z 1
      ZADD z 1 a 2
      ZADD z
      ZADD z abc a
      ZADD z 1 a abc b
      ZCARD z
      ZADD z nan a
      ZADD z "" a
      ZADD z " 1" a
      ZADD z "1 " a
      ZCARD
      ZCARD z extra
      ZSCORE z
      ZSCORE z a b
      SET str x
      ZADD str 1 a
      ZCARD str
      ZSCORE str a
    `,
  },
  {
    name: 'ZADD NX XX GT LT CH',
    script: `
      ZADD z 10 a 20 b
      ZADD z NX 1 a 3 c
      ZRANGE z 0 -1 WITHSCORES
      ZADD z XX 11 a 4 d
      ZRANGE z 0 -1 WITHSCORES
      ZADD z CH 11 a 12 b 5 e
      ZADD z CH NX 1 a 6 f
      ZADD z XX CH 30 a 30 zz
      ZADD z GT 25 a 40 b
      ZRANGE z 0 -1 WITHSCORES
      ZADD z GT CH 25 a 41 b 7 g
      ZADD z LT CH 100 a 1 b 8 h
      ZRANGE z 0 -1 WITHSCORES
      ZADD z XX GT CH 1000 a 1 b
      ZADD z XX LT CH 0 a 2000 b
      ZRANGE z 0 -1 WITHSCORES
      ZADD z nx xx 1 a
      ZADD z NX GT 1 a
      ZADD z NX LT 1 a
      ZADD z GT LT 1 a
      ZADD z NX XX GT 1 a
      ZADD z XX XX 1 a
      ZADD z CH CH 1 a
      ZADD z ch gt 99 x
      ZADD z FOO 1 a
      ZADD z NX
      ZADD z NX 1
      ZADD z CH 1 a 2
      ZCARD z
      ZADD new XX 1 a
      EXISTS new
      ZADD new XX INCR 1 a
      EXISTS new
    `,
  },
  {
    name: 'ZADD INCR and ZINCRBY',
    script: `
      ZADD z INCR 1 a
      ZADD z INCR 2.5 a
      ZADD z INCR -10 b
      ZADD z NX INCR 5 a
      ZADD z NX INCR 5 c
      ZADD z XX INCR 5 a
      ZADD z XX INCR 5 nosuch
      ZADD z GT INCR -1 a
      ZADD z GT INCR 1 a
      ZADD z LT INCR 1 a
      ZADD z LT INCR -1 a
      ZADD z INCR 1 a 2 b
      ZADD z INCR
      ZADD z INCR abc a
      ZADD z CH INCR 1 a
      ZADD z 0 inf
      ZADD z INCR +inf i
      ZADD z INCR -inf i
      ZSCORE z i
      ZINCRBY z 1 a
      ZINCRBY z -0.5 new
      ZINCRBY z 1e300 new
      ZINCRBY z 1e300 new
      ZINCRBY z inf j
      ZINCRBY z -inf j
      ZINCRBY z inf j
      ZINCRBY z nan j
      ZINCRBY z abc j
      ZINCRBY z 1
      ZINCRBY z 1 a b
      ZINCRBY missing 3 m
      ZRANGE z 0 -1 WITHSCORES
      SET str x
      ZINCRBY str 1 a
      ZADD str INCR 1 a
    `,
  },
  {
    name: 'score parsing and %.17g printing',
    script: `
      ZADD z 0.1 a 1e300 b -0.0 c 9007199254740993 d 3.0 e -1.5e-7 f 123456789012345678 g
      ZADD z 1.7976931348623157e308 h -inf i +inf j 0x10 k 1e-320 l 2.5E+3 m .5 n 5. o
      ZRANGE z 0 -1 WITHSCORES
      ZSCORE z a
      ZSCORE z c
      ZSCORE z d
      ZSCORE z k
      ZSCORE z l
      ZMSCORE z a b c d i j
      ZINCRBY z 0.2 a
      ZINCRBY z 0 c
      ZADD z 1e400 x
      ZADD z -1e400 x
      ZADD z 1e-400 x
      ZADD z inf x
      ZADD z -Infinity y
      ZADD z infinity y2
      ZADD z INF y3
      ZADD z 1e x
      ZADD z 1.2.3 x
      ZADD z 0x x
      ZADD z "1\\x00" x
      ZADD z 99999999999999999999999999999 big
      ZSCORE z big
      ZADD z -9223372036854775808 minint
      ZSCORE z minint
      ZCOUNT z -inf +inf
    `,
  },
  {
    name: 'equal scores order by member',
    script: `
      ZADD z 1 b 1 a 1 c 1 "" 1 ab 1 "\\xff" 1 "\\x00" 1 B 0 z 2 a0
      ZRANGE z 0 -1 WITHSCORES
      ZRANK z a
      ZRANK z ab
      ZREVRANK z ""
      ZREVRANK z "\\xff"
      ZADD z 1 a0
      ZRANGE z 0 -1
      ZREVRANGE z 0 -1
    `,
  },
  {
    name: 'ZMSCORE ZRANK ZREVRANK',
    script: `
      ZADD z 1 a 2 b 3 c
      ZMSCORE z a c nosuch
      ZMSCORE z nosuch
      ZMSCORE missing a b
      ZMSCORE z
      ZRANK z a
      ZRANK z c
      ZRANK z nosuch
      ZRANK missing a
      ZREVRANK z a
      ZREVRANK z c
      ZREVRANK z nosuch
      ZREVRANK missing a
      ZRANK z
      ZRANK z a b c
      ZREVRANK z
      SET str x
      ZMSCORE str a
      ZRANK str a
      ZREVRANK str a
    `,
  },
  {
    name: 'ZREM',
    script: `
      ZADD z 1 a 2 b 3 c 4 d
      ZREM z a
      ZREM z a
      ZREM z b nosuch c b
      ZRANGE z 0 -1
      ZREM missing a
      ZREM z d
      EXISTS z
      TYPE z
      ZREM z
      SET str x
      ZREM str a
    `,
  },
  {
    name: 'ZCOUNT ranges: inclusive, exclusive, infinities, errors',
    script: `
      ZADD z -inf ninf 1 a 2 b 2 b2 3 c 4.5 d +inf pinf
      ZCOUNT z -inf +inf
      ZCOUNT z 1 3
      ZCOUNT z (1 3
      ZCOUNT z 1 (3
      ZCOUNT z (1 (3
      ZCOUNT z (2 (2
      ZCOUNT z 2 2
      ZCOUNT z 3 1
      ZCOUNT z (-inf (+inf
      ZCOUNT z -inf -inf
      ZCOUNT z inf inf
      ZCOUNT z 4.5 +inf
      ZCOUNT z (4.5 inf
      ZCOUNT z -1e400 1e400
      ZCOUNT z " 1" 2
      ZCOUNT z 0x1 2
      ZCOUNT z "" 2
      ZCOUNT z abc 2
      ZCOUNT z 1 abc
      ZCOUNT z ((1 2
      ZCOUNT z [1 2
      ZCOUNT z nan 2
      ZCOUNT z ( 2
      ZCOUNT missing 0 1
      ZCOUNT missing a b
      ZCOUNT z 1
      SET str x
      ZCOUNT str 0 1
      ZCOUNT str a b
    `,
  },
  {
    name: 'ZLEXCOUNT',
    script: `
      ZADD z 0 a 0 b 0 c 0 d 0 e 0 "" 0 "\\xff"
      ZLEXCOUNT z - +
      ZLEXCOUNT z + -
      ZLEXCOUNT z [a [c
      ZLEXCOUNT z (a [c
      ZLEXCOUNT z (a (c
      ZLEXCOUNT z [c (c
      ZLEXCOUNT z [c [c
      ZLEXCOUNT z - (c
      ZLEXCOUNT z [b +
      ZLEXCOUNT z [ [b
      ZLEXCOUNT z ( +
      ZLEXCOUNT z "[\\xff" +
      ZLEXCOUNT z a c
      ZLEXCOUNT z [a c
      ZLEXCOUNT z -a +
      ZLEXCOUNT z - +x
      ZLEXCOUNT missing - +
      ZLEXCOUNT missing a b
      ZLEXCOUNT z -
      SET str x
      ZLEXCOUNT str - +
    `,
  },
  {
    name: 'ZSCAN',
    script: `
      ZSCAN missing 0
      ZADD z 1 a 2 b 3 key:1 4 key:2 0.1 f
      ZSCAN z 0
      ZSCAN z 0 MATCH key:*
      ZSCAN z 0 COUNT 1
      ZSCAN z 0 COUNT 1000 MATCH *a*
      ZSCAN z 0 COUNT 0
      ZSCAN z 0 MATCH
      ZSCAN z abc
      ZSCAN z 0 TYPE zset
      ZSCAN z 0 NOVALUES
      SET str x
      ZSCAN str 0
      ZSCAN z
    `,
  },
  {
    name: 'ZSCAN over a skiplist',
    config: { 'zset-max-listpack-entries': '4' },
    script: `
      ZADD z 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h 9 i 10 j 11 k 12 l 0.5 key:1 1.5 key:2
      OBJECT ENCODING z
      @scanall ZSCAN z 0 COUNT 1
      @scanall ZSCAN z 0 COUNT 3 MATCH key:*
      @scanall ZSCAN z 0
      ZSCAN z 0 COUNT 1000
    `,
  },
  {
    name: 'ZRANDMEMBER',
    script: `
      ZRANDMEMBER missing
      ZRANDMEMBER missing 3
      ZRANDMEMBER missing -3 WITHSCORES
      ZADD z 1 a 2 b 3 c 4 d 5 e
      ZRANDMEMBER z
      ZRANDMEMBER z 0
      ZRANDMEMBER z 0 WITHSCORES
      ZRANDMEMBER z 3
      ZRANDMEMBER z 5
      ZRANDMEMBER z 10
      ZRANDMEMBER z 10 WITHSCORES
      ZRANDMEMBER z 2 WITHSCORES
      ZRANDMEMBER z -3
      ZRANDMEMBER z -10 withscores
      ZRANDMEMBER z abc
      ZRANDMEMBER z 1 FOO
      ZRANDMEMBER z 1 WITHSCORES extra
      ZRANDMEMBER z -9223372036854775808
      ZRANDMEMBER z -9223372036854775807 WITHSCORES
      ZRANDMEMBER z 9223372036854775807
      SET str x
      ZRANDMEMBER str
      ZRANDMEMBER str 2
      ZRANDMEMBER
    `,
  },
  {
    name: 'ZPOPMIN ZPOPMAX',
    script: `
      ZPOPMIN missing
      ZPOPMAX missing 2
      ZADD z 1 a 2 b 3 c 4 d 5 e 5 f 0.1 g
      ZPOPMIN z
      ZPOPMAX z
      ZPOPMIN z 2
      ZPOPMAX z 1
      ZPOPMIN z 0
      ZPOPMAX z 0
      ZPOPMIN z -1
      ZPOPMAX z -2
      ZPOPMIN z abc
      ZPOPMIN z 1 2
      ZCARD z
      ZPOPMAX z 100
      EXISTS z
      ZPOPMIN z
      ZPOPMIN z 3
      ZADD one 1 x
      ZPOPMAX one
      EXISTS one
      SET str x
      ZPOPMIN str
      ZPOPMAX str 1
      ZPOPMIN missing -1
      ZPOPMIN
    `,
  },
  {
    name: 'ZMPOP',
    script: `
      ZADD z1 1 a 2 b 3 c
      ZADD z2 10 x 20 y
      ZMPOP 1 z1 MIN
      ZMPOP 1 z1 MAX
      ZMPOP 2 missing z2 MAX COUNT 5
      EXISTS z2
      ZMPOP 2 missing z1 min count 1
      ZMPOP 2 missing other MIN
      ZMPOP 1 z1 MIN
      ZADD z1 1 a 2 b 3 c
      ZMPOP 1 z1 MIN COUNT 2
      ZMPOP 0 z1 MIN
      ZMPOP -1 z1 MIN
      ZMPOP abc z1 MIN
      ZMPOP 1 z1 MIN COUNT 0
      ZMPOP 1 z1 MIN COUNT -1
      ZMPOP 1 z1 MIN COUNT abc
      ZMPOP 1 z1 MIN COUNT
      ZMPOP 1 z1 MIN COUNT 1 COUNT 2
      ZMPOP 1 z1 MIDDLE
      ZMPOP 1 z1
      ZMPOP 2 z1 MIN
      ZMPOP 3 z1 z2 MIN
      ZMPOP 1 z1 MIN FOO
      ZMPOP 1
      SET str x
      ZMPOP 2 str z1 MIN
      ZMPOP 2 z1 str MIN
      ZMPOP 2 missing str MAX
      ZCARD z1
    `,
  },
  {
    name: 'encodings: listpack, skiplist, conversions',
    config: { 'zset-max-listpack-entries': '4', 'zset-max-listpack-value': '8' },
    script: `
      ZADD z 1 a 2 b 3 c
      OBJECT ENCODING z
      ZADD z 4 d
      OBJECT ENCODING z
      ZADD z 5 e
      OBJECT ENCODING z
      ZREM z a b c d
      OBJECT ENCODING z
      ZADD long 1 12345678
      OBJECT ENCODING long
      ZADD long 1 123456789
      OBJECT ENCODING long
      ZPOPMIN long
      ZPOPMIN long
      ZADD long 1 x
      OBJECT ENCODING long
      ZINCRBY inc 1 abcdefghij
      OBJECT ENCODING inc
      ZADD viaincr INCR 1 abcdefghi
      OBJECT ENCODING viaincr
      ZADD big 1 a 2 b 3 c 4 d 5 e 6 f
      OBJECT ENCODING big
      ZRANGE big 0 -1 WITHSCORES
      ZRANK big c
      ZREVRANK big c
      ZCOUNT big (2 5
      ZLEXCOUNT big [b (e
      ZMSCORE big a f nosuch
      ZPOPMAX big 2
      ZPOPMIN big 2
      OBJECT ENCODING big
      ZRANGE big 0 -1 WITHSCORES
      COPY big bigcopy
      OBJECT ENCODING bigcopy
      ZRANGE bigcopy 0 -1 WITHSCORES
      ZADD big -0.0 negzero 0.1 tenth 1e-320 tiny 9007199254740993 d 1e300 huge
      ZRANGE big 0 -1 WITHSCORES
      ZSCORE big negzero
      ZINCRBY big 0 negzero
      ZMSCORE big negzero tenth tiny
    `,
  },
  {
    name: 'encodings at the default thresholds (128 entries, 64 bytes)',
    script: `
      ZADD z 1 "${'v'.repeat(64)}"
      OBJECT ENCODING z
      ZADD z 1 "${'w'.repeat(65)}"
      OBJECT ENCODING z
      ZADD y ${Array.from({ length: 128 }, (_, i) => `${i} m${i}`).join(' ')}
      OBJECT ENCODING y
      ZCARD y
      ZADD y 128 m128
      OBJECT ENCODING y
      ZRANGE y 60 70 WITHSCORES
      ZREVRANGE y 0 3
      ZRANK y m100
      ZREVRANK y m100
    `,
  },
  {
    name: 'keyspace hits and misses of sorted-set commands',
    resp2Only: true,
    script: `
      ZADD z 1 a 2 b 3 c
      CONFIG RESETSTAT
      ZSCORE z a
      ZSCORE missing a
      ZMSCORE z a b
      ZCARD z
      ZCARD missing
      ZRANK z a
      ZREVRANK missing a
      ZCOUNT z 0 10
      ZLEXCOUNT missing - +
      ZRANDMEMBER z
      ZRANDMEMBER missing 2
      ZSCAN z 0
      ZRANGE z 0 -1
      ZRANGE missing 0 -1
      @info stats keyspace_hits keyspace_misses
      ZADD z 4 d
      ZINCRBY z 1 a
      ZREM z a
      ZREM missing a
      @info stats keyspace_hits keyspace_misses
      ZPOPMIN z
      ZPOPMAX missing
      ZMPOP 2 missing z MIN
      @info stats keyspace_hits keyspace_misses
    `,
  },
  {
    name: 'WATCH: which zset writes touch the key',
    script: `
      ZADD z 1 a 2 b
      WATCH z
      @conn b
      ZADD z NX 5 a
      ZADD z XX 1 nosuch
      ZREM z nosuch
      ZADD z 1 a
      @conn a
      MULTI
      ZCARD z
      EXEC
      WATCH z
      @conn b
      ZADD z 3 a
      @conn a
      MULTI
      ZCARD z
      EXEC
      WATCH z
      @conn b
      ZINCRBY z 0 a
      @conn a
      MULTI
      ZCARD z
      EXEC
      WATCH z
      @conn b
      ZREM z a
      @conn a
      MULTI
      ZCARD z
      EXEC
      WATCH z
      @conn b
      ZPOPMIN z 0
      ZPOPMIN missing
      @conn a
      MULTI
      ZCARD z
      EXEC
      WATCH z
      @conn b
      ZPOPMAX z
      @conn a
      MULTI
      ZCARD z
      EXEC
    `,
  },
  {
    // ZRANK and ZREVRANK are left out: Podium takes 7.2's WITHSCORE, so their arity is -3, not 3.
    name: 'COMMAND INFO and COMMAND GETKEYS of sorted-set commands',
    script: `
      COMMAND INFO zadd zincrby zcard zscore zmscore zrem zcount zlexcount zscan zrandmember zpopmin zpopmax
      COMMAND INFO bzpopmin bzpopmax zmpop bzmpop zrange zrangestore zrevrange zrangebyscore zrevrangebyscore
      COMMAND INFO zrangebylex zrevrangebylex zremrangebyrank zremrangebyscore zremrangebylex
      COMMAND INFO zunion zinter zdiff zunionstore zinterstore zdiffstore zintercard
      COMMAND GETKEYS zunionstore dst 2 a b WEIGHTS 1 2
      COMMAND GETKEYS zinter 3 a b c
      COMMAND GETKEYS zintercard 2 a b LIMIT 1
      COMMAND GETKEYS zmpop 2 a b MIN
      COMMAND GETKEYS bzmpop 0 3 a b c MAX COUNT 2
      COMMAND GETKEYS bzpopmin a b 0
      COMMAND GETKEYS zrangestore dst src 0 -1
      COMMAND GETKEYS zdiffstore dst 1 a
    `,
  },
  {
    name: 'MULTI with sorted-set commands',
    script: `
      MULTI
      ZADD z 1 a 2 b 3 c
      ZINCRBY z 1.5 a
      ZSCORE z a
      ZMSCORE z a b x
      ZRANK z a
      ZRANGE z 0 -1 WITHSCORES
      ZPOPMIN z
      ZPOPMAX z 5
      ZADD z GT LT 1 a
      EXISTS z
      EXEC
      MULTI
      ZADD z 1 a
      ZADD z NX XX 1 a
      EXEC
      ZCARD z
      MULTI
      ZADD z 2 b
      ZADD z
      EXEC
      ZCARD z
    `,
  },
]);
