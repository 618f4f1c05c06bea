/**
 * Blocking sorted-set pops: BZPOPMIN, BZPOPMAX, BZMPOP that are served at once, that block and are
 * served by ZADD/ZINCRBY/ZUNIONSTORE/MULTI from another client, time out, ignore wrong types, keep
 * arrival order, and do not block inside MULTI; argument errors.
 */
import { diffGroupWhenImplemented } from './lib/implemented.ts';

diffGroupWhenImplemented('blocking sorted sets', [
  {
    name: 'served at once when data exists',
    script: `
      ZADD z 1 a 2 b 3 c
      ZADD y 10 x
      BZPOPMIN z 0
      BZPOPMAX z 0
      BZPOPMIN missing y 0
      EXISTS y
      BZPOPMAX missing z 1
      EXISTS z
      ZADD z 1 a 2 b 3 c
      BZMPOP 0 1 z MIN
      BZMPOP 0 2 missing z MAX COUNT 5
      EXISTS z
      ZADD z 0.1 a 1e300 b
      BZMPOP 1 1 z min count 1
      BZPOPMIN z 0.5
    `,
  },
  {
    name: 'argument errors',
    script: `
      ZADD z 1 a
      BZPOPMIN z -1
      BZPOPMIN z abc
      BZPOPMIN z 1e400
      BZPOPMIN z ""
      BZPOPMIN z
      BZPOPMAX z -0.5
      BZMPOP -1 1 z MIN
      BZMPOP abc 1 z MIN
      BZMPOP 0 0 z MIN
      BZMPOP 0 2 z MIN
      BZMPOP 0 1 z MIDDLE
      BZMPOP 0 1 z MIN COUNT 0
      BZMPOP 0 1 z MIN COUNT -1
      BZMPOP 0 1 z MIN COUNT
      BZMPOP 0 1 z MIN FOO
      BZMPOP 0 1 z
      BZMPOP 0
      SET str x
      BZPOPMIN str 0
      BZPOPMAX missing str 0
      BZMPOP 0 2 missing str MIN
      BZPOPMIN z str 0
      ZCARD z
    `,
  },
  {
    name: 'BZPOPMIN served by ZADD from another client',
    script: `
      @send BZPOPMIN z 0
      @noreply 30
      @conn b
      ZADD z 3 c 1 a 2 b
      @conn a
      @reply
      ZRANGE z 0 -1 WITHSCORES
      @send BZPOPMAX k1 k2 0
      @conn b
      ZADD k2 5 x 6 y
      @conn a
      @reply
      ZRANGE k2 0 -1
      @send BZMPOP 0 2 m1 m2 MAX COUNT 2
      @conn b
      ZADD m2 1 a 2 b 3 c
      @conn a
      @reply
      ZRANGE m2 0 -1
      @send BZPOPMIN inc 0
      @conn b
      ZINCRBY inc 2.5 member
      @conn a
      @reply
      EXISTS inc
    `,
  },
  {
    name: 'waiters are served in arrival order',
    script: `
      @send BZPOPMIN q 0
      @conn b
      @send BZPOPMAX q 0
      @conn c
      @send BZMPOP 0 1 q MIN
      @conn d
      ZADD q 1 a 2 b
      ZCARD q
      @conn a
      @reply
      @conn b
      @reply
      @conn c
      @noreply 30
      @conn d
      ZADD q 3 c 4 d
      @conn c
      @reply
      ZRANGE q 0 -1
    `,
  },
  {
    name: 'timeouts',
    script: `
      @send BZPOPMIN q 0.05
      @reply
      @send BZPOPMAX q1 q2 0.05
      @reply
      @send BZMPOP 0.05 2 q1 q2 MIN COUNT 3
      @reply
      EXISTS q q1 q2
    `,
  },
  {
    name: 'a wrong type, a delete or an empty result does not wake the waiter',
    script: `
      @send BZPOPMIN q 0
      @conn b
      SET q str
      @conn a
      @noreply 30
      @conn b
      DEL q
      SADD q member
      RPUSH l x
      @conn a
      @noreply 30
      @conn b
      DEL q
      ZADD q XX 1 a
      ZADD q NX INCR 1 a
      ZPOPMIN q
      @conn a
      @reply
    `,
  },
  {
    name: 'stores and transactions serve blocked clients',
    script: `
      ZADD src 1 a 2 b
      @send BZPOPMAX dst 0
      @conn b
      ZUNIONSTORE dst 1 src
      @conn a
      @reply
      ZRANGE dst 0 -1
      @send BZPOPMIN r 0
      @conn b
      ZRANGESTORE r src 1 1
      @conn a
      @reply
      @send BZPOPMIN t 0
      @conn b
      MULTI
      ZADD t 5 x
      ZADD t 1 y
      ZCARD t
      EXEC
      @conn a
      @reply
      ZRANGE t 0 -1
      @send BZPOPMIN u 0
      @conn b
      MULTI
      ZADD u 1 x
      ZREM u x
      EXEC
      @conn a
      @noreply 30
      @conn b
      ZADD u 2 y
      @conn a
      @reply
    `,
  },
  {
    name: 'blocking pops inside MULTI do not block',
    script: `
      ZADD z 1 a
      MULTI
      BZPOPMIN missing 0
      BZPOPMAX missing 0
      BZMPOP 0 1 missing MIN
      BZPOPMIN z 0
      BZMPOP 0 1 z MAX
      EXEC
    `,
  },
  {
    name: 'CLIENT UNBLOCK a zset waiter',
    script: `
      @send BZPOPMIN q 0
      @conn b
      CLIENT UNBLOCK {id:a}
      @conn a
      @reply
      @send BZMPOP 0 1 q MAX
      @conn b
      CLIENT UNBLOCK {id:a} ERROR
      @conn a
      @reply
      PING
    `,
  },
]);
