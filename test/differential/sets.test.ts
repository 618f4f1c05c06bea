/** Sets: membership, algebra and its STORE forms, SINTERCARD, SMOVE, random picks, SSCAN, encodings. */
import { diffGroup } from './lib/suite.ts';

diffGroup('sets', [
  {
    name: 'SADD SREM SISMEMBER SMISMEMBER SCARD SMEMBERS',
    script: `
      SADD s a b c
      SADD s a d
      SADD s a a a
      SCARD s
      SMEMBERS s
      SISMEMBER s a
      SISMEMBER s z
      SISMEMBER missing a
      SMISMEMBER s a z b
      SMISMEMBER missing a b
      SREM s a z
      SREM s z
      SREM s b c d
      EXISTS s
      SCARD s
      SMEMBERS missing
      SADD s ""
      SADD s "\\x00\\xff"
      SMEMBERS s
      SADD s
      SREM s
      SISMEMBER s
      SMISMEMBER s
      SCARD
      SMEMBERS a b
      SET str x
      SADD str a
      SREM str a
      SISMEMBER str a
      SMISMEMBER str a
      SCARD str
      SMEMBERS str
    `,
  },
  {
    name: 'SINTER SUNION SDIFF',
    script: `
      SADD a 1 2 3 4
      SADD b 3 4 5
      SADD c 4 5 6 x
      SINTER a b
      SINTER a b c
      SINTER a missing
      SINTER missing a
      SINTER a
      SUNION a b c
      SUNION a missing
      SUNION missing
      SDIFF a b
      SDIFF a b c
      SDIFF b a
      SDIFF a missing
      SDIFF missing a
      SDIFF a a
      SET str x
      SINTER a str
      SINTER missing str
      SINTER str missing
      SUNION a str
      SDIFF a str
      SDIFF missing str
      SDIFF str a
      SINTER
      SUNION
      SDIFF
    `,
  },
  {
    name: 'SINTERSTORE SUNIONSTORE SDIFFSTORE',
    script: `
      SADD a 1 2 3 4
      SADD b 3 4 5 x
      SINTERSTORE dst a b
      SMEMBERS dst
      OBJECT ENCODING dst
      SUNIONSTORE dst a b
      SMEMBERS dst
      OBJECT ENCODING dst
      SDIFFSTORE dst a b
      SMEMBERS dst
      SINTERSTORE dst a missing
      EXISTS dst
      SET dst str
      SUNIONSTORE dst a
      TYPE dst
      SET dst str
      SDIFFSTORE dst missing
      EXISTS dst
      SINTERSTORE a a b
      SMEMBERS a
      SET str x
      SINTERSTORE dst a str
      SUNIONSTORE dst str
      SDIFFSTORE dst a str
      SUNIONSTORE str a
      TYPE str
      SET t v EX 100
      SUNIONSTORE t a
      TTL t
      SINTERSTORE dst
      SUNIONSTORE
    `,
  },
  {
    name: 'SINTERCARD',
    script: `
      SADD a 1 2 3 4 5
      SADD b 3 4 5 6
      SINTERCARD 2 a b
      SINTERCARD 2 a b LIMIT 2
      SINTERCARD 2 a b LIMIT 0
      SINTERCARD 2 a b LIMIT 100
      SINTERCARD 1 a
      SINTERCARD 2 a missing
      SINTERCARD 0 a
      SINTERCARD -1 a
      SINTERCARD abc a
      SINTERCARD 3 a b
      SINTERCARD 2 a b LIMIT -1
      SINTERCARD 2 a b LIMIT abc
      SINTERCARD 2 a b LIMIT
      SINTERCARD 2 a b FOO 1
      SET str x
      SINTERCARD 2 a str
      SINTERCARD 2 missing str
      SINTERCARD 1
    `,
  },
  {
    name: 'SMOVE',
    script: `
      SADD a 1 2 3
      SADD b x
      SMOVE a b 1
      SMOVE a b 1
      SMOVE a b 9
      SMEMBERS a
      SMEMBERS b
      SMOVE a new 2
      SMEMBERS new
      SMOVE a a 3
      SMOVE a a 9
      SMOVE a b 3
      EXISTS a
      SMOVE missing b 1
      SET str x
      SMOVE b str x
      SMOVE str b x
      SMEMBERS b
      SMOVE missing str x
      SMOVE b str nomember
      SMOVE a b
    `,
  },
  {
    name: 'SPOP SRANDMEMBER',
    script: `
      SPOP missing
      SPOP missing 3
      SRANDMEMBER missing
      SRANDMEMBER missing 3
      SRANDMEMBER missing -3
      SADD s a b c d e
      SRANDMEMBER s
      SRANDMEMBER s 0
      SRANDMEMBER s 3
      SRANDMEMBER s 5
      SRANDMEMBER s 10
      SRANDMEMBER s -3
      SRANDMEMBER s -10
      SRANDMEMBER s abc
      SRANDMEMBER s -9223372036854775808
      SRANDMEMBER s 1 2
      SPOP s
      SCARD s
      SPOP s 2
      SCARD s
      SPOP s 0
      SPOP s -1
      SPOP s abc
      SPOP s 10
      EXISTS s
      SADD one x
      SPOP one
      EXISTS one
      SADD ints 1 2 3
      SPOP ints 3
      SADD big 1 2 3 4 5 6 7 8 9 10 a b c d e f g h i j
      SPOP big 15
      SCARD big
      SRANDMEMBER big 2
      SPOP s 1 2
      SPOP
      SET str x
      SPOP str
      SRANDMEMBER str
      SRANDMEMBER str 2
    `,
  },
  {
    name: 'keyspace hits and misses of set commands',
    resp2Only: true,
    script: `
      SADD s a b c
      SADD t c d
      CONFIG RESETSTAT
      SISMEMBER s a
      SISMEMBER missing a
      SMISMEMBER s a z
      SCARD s
      SMEMBERS missing
      SRANDMEMBER s
      SRANDMEMBER s 2
      SRANDMEMBER missing 2
      SINTER s t missing
      SUNION s t
      SDIFF s missing
      SINTERCARD 2 s t
      SINTERSTORE d s t
      SMOVE s t a
      @info stats keyspace_hits keyspace_misses
      SPOP s 1
      @info stats keyspace_hits keyspace_misses
      SPOP t 10
      @info stats keyspace_hits keyspace_misses
      SPOP missing 2
      SPOP d
      @info stats keyspace_hits keyspace_misses
    `,
  },
  {
    name: 'SSCAN',
    script: `
      SSCAN missing 0
      SADD s a b c key:1 key:2
      SSCAN s 0
      SSCAN s 0 MATCH key:*
      SSCAN s 0 COUNT 1000
      SSCAN s 0 COUNT 0
      SSCAN s 0 MATCH
      SSCAN s abc
      SADD ints 1 2 3 10 20
      SSCAN ints 0
      SSCAN ints 0 MATCH 1*
      SSCAN ints 0 TYPE string
      SET str x
      SSCAN str 0
      SSCAN s
    `,
  },
  {
    name: 'set encodings',
    config: { 'set-max-intset-entries': '4' },
    script: `
      SADD s 1 2 3
      OBJECT ENCODING s
      SADD s 4
      OBJECT ENCODING s
      SADD s 5
      OBJECT ENCODING s
      SREM s 1 2 3 4
      OBJECT ENCODING s
      SADD t 1 -2 9223372036854775807 -9223372036854775808
      OBJECT ENCODING t
      SADD u 9223372036854775808
      OBJECT ENCODING u
      SADD v 01
      OBJECT ENCODING v
      SADD w " 1"
      OBJECT ENCODING w
      SADD x 1
      SADD x a
      OBJECT ENCODING x
      SREM x a
      OBJECT ENCODING x
      SADD y 1 2
      SADD z 2 3
      SINTERSTORE d y z
      OBJECT ENCODING d
      SUNIONSTORE d y z x
      OBJECT ENCODING d
      SMEMBERS t
      SDIFFSTORE d s y
      OBJECT ENCODING d
      SADD many a b c d e f g h i j k l m n o p q r s t
      @scanall SSCAN many 0 COUNT 1
      @scanall SSCAN many 0 COUNT 3 MATCH [a-j]
      SSCAN many 0 COUNT 1000
      SADD manyints 1 2 3 4 5 6 7 8
      @scanall SSCAN manyints 0 COUNT 1
    `,
  },
]);
