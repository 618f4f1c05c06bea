/**
 * Sorted-set algebra: ZUNION ZINTER ZDIFF and their STORE forms (WEIGHTS, AGGREGATE, WITHSCORES,
 * plain sets as inputs, infinities and NaN-producing weights, result encodings), ZINTERCARD.
 */
import { diffGroupWhenImplemented } from './lib/implemented.ts';

const INPUTS = `
      ZADD z1 1 a 2 b 3 c
      ZADD z2 10 b 20 c 30 d
      ZADD z3 -1 c 5 d 0.5 e
      SADD s a d x
`;

diffGroupWhenImplemented('sorted-set algebra', [
  {
    name: 'ZUNION ZINTER ZDIFF',
    script: `
      ${INPUTS}
      ZUNION 2 z1 z2
      ZUNION 2 z1 z2 WITHSCORES
      ZUNION 3 z1 z2 z3 WITHSCORES
      ZUNION 2 z1 missing WITHSCORES
      ZUNION 1 missing
      ZUNION 2 z1 s WITHSCORES
      ZUNION 2 z1 z2 WEIGHTS 2 0.5 WITHSCORES
      ZUNION 2 z1 z2 WEIGHTS -1 1 WITHSCORES
      ZUNION 2 z1 z2 AGGREGATE MIN WITHSCORES
      ZUNION 2 z1 z2 AGGREGATE max WITHSCORES
      ZUNION 2 z1 z2 AGGREGATE SUM WEIGHTS 1 2 WITHSCORES
      ZUNION 2 z1 z2 WEIGHTS 1 2 AGGREGATE MAX AGGREGATE MIN WITHSCORES
      ZINTER 2 z1 z2
      ZINTER 2 z1 z2 WITHSCORES
      ZINTER 3 z1 z2 z3 WITHSCORES
      ZINTER 2 z2 z3 AGGREGATE MIN WITHSCORES
      ZINTER 2 z2 z3 AGGREGATE MAX WEIGHTS 1 -1 WITHSCORES
      ZINTER 2 z1 missing WITHSCORES
      ZINTER 2 z1 s WITHSCORES
      ZINTER 2 s z2 WEIGHTS 3 1 WITHSCORES
      ZDIFF 2 z1 z2
      ZDIFF 2 z1 z2 WITHSCORES
      ZDIFF 3 z2 z1 z3 WITHSCORES
      ZDIFF 1 z2 WITHSCORES
      ZDIFF 2 missing z1
      ZDIFF 2 z1 missing WITHSCORES
      ZDIFF 2 z1 s WITHSCORES
      ZDIFF 2 z1 z1
    `,
  },
  {
    name: 'ZUNION ZINTER ZDIFF errors',
    script: `
      ${INPUTS}
      ZUNION 0 z1
      ZUNION -1 z1
      ZUNION abc z1
      ZUNION 3 z1 z2
      ZUNION 2 z1
      ZUNION 1 z1 WEIGHTS
      ZUNION 2 z1 z2 WEIGHTS 1
      ZUNION 2 z1 z2 WEIGHTS 1 x
      ZUNION 2 z1 z2 WEIGHTS 1 nan
      ZUNION 2 z1 z2 AGGREGATE
      ZUNION 2 z1 z2 AGGREGATE AVG
      ZUNION 2 z1 z2 FOO
      ZUNION 2 z1 z2 WITHSCORES FOO
      ZINTER 0 z1
      ZINTER 2 z1
      ZINTER 2 z1 z2 WEIGHTS 1 2 3
      ZDIFF 0 z1
      ZDIFF 2 z1
      ZDIFF 2 z1 z2 WEIGHTS 1 1
      ZDIFF 2 z1 z2 AGGREGATE SUM
      ZDIFF 2 z1 z2 FOO
      ZUNION
      ZUNION 1
      SET str x
      ZUNION 2 z1 str
      ZINTER 2 z1 str
      ZINTER 2 missing str
      ZDIFF 2 z1 str
      ZDIFF 2 str z1
      ZDIFF 2 missing str
      HSET h f v
      ZUNION 2 z1 h
    `,
  },
  {
    name: 'ZUNIONSTORE ZINTERSTORE ZDIFFSTORE',
    script: `
      ${INPUTS}
      ZUNIONSTORE dst 2 z1 z2
      ZRANGE dst 0 -1 WITHSCORES
      OBJECT ENCODING dst
      ZUNIONSTORE dst 2 z1 z2 WEIGHTS 2 3 AGGREGATE MAX
      ZRANGE dst 0 -1 WITHSCORES
      ZINTERSTORE dst 2 z1 z2
      ZRANGE dst 0 -1 WITHSCORES
      ZINTERSTORE dst 2 z1 z3 AGGREGATE MIN
      ZRANGE dst 0 -1 WITHSCORES
      ZINTERSTORE dst 2 z1 missing
      EXISTS dst
      ZDIFFSTORE dst 2 z2 z1
      ZRANGE dst 0 -1 WITHSCORES
      ZDIFFSTORE dst 2 z1 z1
      EXISTS dst
      ZUNIONSTORE dst 2 z1 s
      ZRANGE dst 0 -1 WITHSCORES
      ZINTERSTORE dst 2 s z2
      ZRANGE dst 0 -1 WITHSCORES
      ZDIFFSTORE dst 2 s z1
      ZRANGE dst 0 -1 WITHSCORES
      ZUNIONSTORE z1 2 z1 z2
      ZRANGE z1 0 -1 WITHSCORES
      SET t v EX 100
      ZUNIONSTORE t 1 z2
      TTL t
      TYPE t
      SET str x
      ZUNIONSTORE str 1 z2
      TYPE str
      SET str2 x
      ZUNIONSTORE dst 2 z1 str2
      ZINTERSTORE dst 2 z1 str2
      ZDIFFSTORE dst 2 z1 str2
      ZDIFFSTORE dst 2 missing str2
      EXISTS dst
      ZUNIONSTORE dst 2 z1 z2 WITHSCORES
      ZINTERSTORE dst 2 z1 z2 WITHSCORES
      ZDIFFSTORE dst 2 z1 z2 WITHSCORES
      ZUNIONSTORE dst 0 z1
      ZINTERSTORE dst 3 z1 z2
      ZDIFFSTORE dst 0 z1
      ZUNIONSTORE dst 1 z1 WEIGHTS
      ZUNIONSTORE dst 1 z1 AGGREGATE X
      ZUNIONSTORE dst
      ZDIFFSTORE dst 1
    `,
  },
  {
    name: 'algebra with infinities, NaN weights and %.17g scores',
    script: `
      ZADD a 1 x +inf y -inf z 0.1 w
      ZADD b 2 x -inf y -inf z 0.2 w
      ZUNION 2 a b WITHSCORES
      ZINTER 2 a b WITHSCORES
      ZUNION 2 a b WEIGHTS 0 1 WITHSCORES
      ZUNION 2 a b WEIGHTS inf 1 WITHSCORES
      ZUNION 2 a b WEIGHTS 0 0 WITHSCORES
      ZUNION 2 a b WEIGHTS -inf 1 AGGREGATE MAX WITHSCORES
      ZINTER 2 a b AGGREGATE MIN WITHSCORES
      ZUNION 2 a b WEIGHTS 1e308 1e308 WITHSCORES
      ZUNIONSTORE d 2 a b WEIGHTS 0 0
      ZRANGE d 0 -1 WITHSCORES
      ZSCORE d y
      ZUNION 2 a b WEIGHTS 0x10 1 WITHSCORES
      ZUNION 2 a b WEIGHTS 1e400 1 WITHSCORES
      ZUNION 2 a b WEIGHTS " 1" 1 WITHSCORES
    `,
  },
  {
    name: 'ZINTERCARD',
    script: `
      ${INPUTS}
      ZINTERCARD 2 z1 z2
      ZINTERCARD 3 z1 z2 z3
      ZINTERCARD 1 z1
      ZINTERCARD 2 z1 s
      ZINTERCARD 2 z1 missing
      ZINTERCARD 2 z1 z2 LIMIT 1
      ZINTERCARD 2 z1 z2 LIMIT 0
      ZINTERCARD 2 z1 z2 LIMIT 100
      ZINTERCARD 2 z1 z2 LIMIT -1
      ZINTERCARD 2 z1 z2 LIMIT abc
      ZINTERCARD 2 z1 z2 LIMIT
      ZINTERCARD 2 z1 z2 FOO 1
      ZINTERCARD 2 z1 z2 WITHSCORES
      ZINTERCARD 0 z1
      ZINTERCARD -1 z1
      ZINTERCARD abc z1
      ZINTERCARD 3 z1 z2
      ZINTERCARD 1
      SET str x
      ZINTERCARD 2 z1 str
      ZINTERCARD 2 missing str
    `,
  },
  {
    name: 'algebra result encodings',
    config: { 'zset-max-listpack-entries': '3', 'zset-max-listpack-value': '8' },
    script: `
      ZADD a 1 a 2 b 3 c 4 d
      ZADD b 1 c 2 d
      ZADD long 1 abcdefghijk
      OBJECT ENCODING a
      OBJECT ENCODING b
      ZINTERSTORE d 2 a b
      OBJECT ENCODING d
      ZUNIONSTORE d 2 a b
      OBJECT ENCODING d
      ZDIFFSTORE d 2 a b
      OBJECT ENCODING d
      ZRANGE d 0 -1 WITHSCORES
      ZUNIONSTORE d 2 b long
      OBJECT ENCODING d
      ZUNIONSTORE d 1 b
      OBJECT ENCODING d
      SADD s 1 2 3 4 5
      ZUNIONSTORE d 1 s
      OBJECT ENCODING d
      ZRANGE d 0 -1 WITHSCORES
    `,
  },
  {
    name: 'listpack disabled (zset-max-listpack-entries 0)',
    config: { 'zset-max-listpack-entries': '0' },
    script: `
      ZADD a 1 x
      OBJECT ENCODING a
      ZINCRBY b 1 x
      OBJECT ENCODING b
      ZUNIONSTORE d 2 a b
      OBJECT ENCODING d
      ZRANGESTORE e a 0 -1
      OBJECT ENCODING e
      ZRANGE d 0 -1 WITHSCORES
    `,
  },
  {
    name: 'WATCH and the STORE forms',
    script: `
      ZADD z1 1 a
      WATCH dst
      @conn b
      ZINTERSTORE dst 2 z1 missing
      ZDIFFSTORE dst 1 missing
      @conn a
      MULTI
      EXISTS dst
      EXEC
      WATCH dst
      @conn b
      ZUNIONSTORE dst 1 z1
      @conn a
      MULTI
      EXISTS dst
      EXEC
      WATCH dst
      @conn b
      ZINTERSTORE dst 2 z1 missing
      @conn a
      MULTI
      EXISTS dst
      EXEC
      EXISTS dst
    `,
  },
  {
    name: 'keyspace hits and misses of algebra',
    resp2Only: true,
    script: `
      ${INPUTS}
      CONFIG RESETSTAT
      ZUNION 3 z1 missing z2
      ZINTER 2 z1 z2
      ZINTER 2 missing z1
      ZDIFF 3 z1 missing z2
      ZINTERCARD 2 z1 z2
      @info stats keyspace_hits keyspace_misses
      ZUNIONSTORE d 2 z1 missing
      ZINTERSTORE d 2 z1 z2
      ZDIFFSTORE d 2 missing z1
      @info stats keyspace_hits keyspace_misses
    `,
  },
]);
