/** Blocking list commands across connections: served by pushes, FIFO among waiters, timeouts, wrong
 *  types while blocked, MULTI, databases, chained moves, CLIENT UNBLOCK and CLIENT KILL. */
import { diffGroup } from './lib/suite.ts';

diffGroup('blocking lists', [
  {
    name: 'BLPOP served by a push from another client',
    script: `
      @send BLPOP q 0
      @noreply 30
      @conn b
      LPUSH q x y
      @conn a
      @reply
      LRANGE q 0 -1
    `,
  },
  {
    name: 'waiters are served in arrival order',
    script: `
      @send BLPOP q 0
      @conn b
      @send BRPOP q 0
      @conn c
      @send BLPOP q 0
      @conn d
      RPUSH q 1 2
      LLEN q
      @conn a
      @reply
      @conn b
      @reply
      @conn c
      @noreply 30
      @conn d
      RPUSH q 3 4
      @conn c
      @reply
      LRANGE q 0 -1
    `,
  },
  {
    name: 'several keys, BRPOP BLMOVE BRPOPLPUSH BLMPOP',
    script: `
      @send BRPOP k1 k2 0
      @conn b
      RPUSH k2 x
      @conn a
      @reply
      @send BLMOVE src dst LEFT RIGHT 0
      @conn b
      RPUSH src v1 v2
      @conn a
      @reply
      LRANGE dst 0 -1
      LRANGE src 0 -1
      @send BRPOPLPUSH empty dst 0
      @conn b
      LPUSH empty e
      @conn a
      @reply
      LRANGE dst 0 -1
      @send BLMPOP 0 2 m1 m2 RIGHT COUNT 2
      @conn b
      RPUSH m2 1 2 3
      @conn a
      @reply
      LRANGE m2 0 -1
    `,
  },
  {
    name: 'timeouts',
    script: `
      @send BLPOP q 0.05
      @reply
      @send BLMOVE q dst LEFT LEFT 0.05
      @reply
      @send BLMPOP 0.05 1 q LEFT
      @reply
      @send BRPOPLPUSH q dst 0.05
      @reply
      EXISTS dst
    `,
  },
  {
    name: 'a wrong type or a delete does not wake the waiter',
    script: `
      @send BLPOP q 0
      @conn b
      SET q str
      @conn a
      @noreply 30
      @conn b
      DEL q
      SADD q member
      @conn a
      @noreply 30
      @conn b
      DEL q
      RPUSH q finally
      @conn a
      @reply
    `,
  },
  {
    name: 'pushes inside MULTI serve after EXEC',
    script: `
      @send BLPOP q 0
      @conn b
      MULTI
      RPUSH q 1
      RPUSH q 2
      LLEN q
      EXEC
      @conn a
      @reply
      LRANGE q 0 -1
      @send BLPOP k1 k2 0
      @conn b
      MULTI
      RPUSH k2 two
      RPUSH k1 one
      EXEC
      @conn a
      @reply
      LRANGE k1 0 -1
      LRANGE k2 0 -1
    `,
  },
  {
    name: 'push and pop in the same transaction leaves nothing to serve',
    script: `
      @send BLPOP q 0
      @conn b
      MULTI
      RPUSH q x
      LPOP q
      EXEC
      @conn a
      @noreply 30
      @conn b
      RPUSH q y
      @conn a
      @reply
    `,
  },
  {
    name: 'databases are separate',
    script: `
      SELECT 1
      @send BLPOP q 0
      @conn b
      RPUSH q db0
      @conn a
      @noreply 30
      @conn b
      SELECT 1
      RPUSH q db1
      @conn a
      @reply
      @conn b
      SELECT 0
      LRANGE q 0 -1
    `,
  },
  {
    name: 'chained moves serve the next waiter',
    script: `
      @send BLMOVE x y LEFT LEFT 0
      @conn b
      @send BLPOP y 0
      @conn c
      RPUSH x v
      @conn a
      @reply
      @conn b
      @reply
      @conn c
      EXISTS x y
    `,
  },
  {
    name: 'CLIENT UNBLOCK',
    script: `
      @send BLPOP q 0
      @conn b
      CLIENT UNBLOCK {id:a}
      CLIENT UNBLOCK {id:a}
      @conn a
      @reply
      @send BRPOP q 0
      @conn b
      CLIENT UNBLOCK {id:a} ERROR
      @conn a
      @reply
      @send BLMOVE q dst LEFT RIGHT 0
      @conn b
      CLIENT UNBLOCK {id:a} TIMEOUT
      CLIENT UNBLOCK {id:b}
      CLIENT UNBLOCK 999999
      CLIENT UNBLOCK abc
      CLIENT UNBLOCK {id:a} FOO
      @conn a
      @reply
      PING
    `,
  },
  {
    name: 'killing a blocked client',
    script: `
      @send BLPOP q 0
      @conn b
      CLIENT KILL ID {id:a}
      @conn a
      @reply
      @closed
      @conn b
      RPUSH q x
      LLEN q
    `,
  },
  {
    name: 'blocking commands inside MULTI do not block',
    script: `
      MULTI
      BLPOP q 0
      BLMOVE q dst LEFT LEFT 0
      BLMPOP 0 1 q LEFT
      BRPOPLPUSH q dst 0
      EXEC
    `,
  },
]);
