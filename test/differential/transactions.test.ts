/** Transactions: MULTI/EXEC/DISCARD, queue-time errors (EXECABORT), run-time errors, WATCH/UNWATCH
 *  against writes from another connection, expiry, FLUSH and SWAPDB. */
import { diffGroup } from './lib/suite.ts';

diffGroup('transactions', [
  {
    name: 'MULTI EXEC DISCARD basics',
    script: `
      MULTI
      SET a 1
      INCR a
      GET a
      RPUSH l x y
      LRANGE l 0 -1
      EXEC
      MULTI
      EXEC
      MULTI
      SET b 1
      DISCARD
      GET b
      EXEC
      DISCARD
      MULTI
      MULTI
      SET c 1
      EXEC
      GET c
      MULTI a
      EXEC a
      DISCARD a
    `,
  },
  {
    name: 'queue-time errors abort EXEC',
    script: `
      MULTI
      SET a 1
      NOSUCHCOMMAND x
      SET b 2
      EXEC
      EXISTS a b
      MULTI
      SET a
      SET b 2
      EXEC
      EXISTS a b
      MULTI
      GET
      DISCARD
      MULTI
      INCR a b
      EXEC
      EXEC
    `,
  },
  {
    name: 'run-time errors do not abort',
    script: `
      SET s str
      RPUSH l x
      MULTI
      INCR s
      LPUSH s x
      SET n 1
      INCR n
      LPOP l
      HSET l f v
      INCRBY n abc
      SET k v EX -1
      GET n
      EXEC
      GET n
      LLEN l
    `,
  },
  {
    name: 'unordered and random replies inside EXEC',
    script: `
      SADD s a b c
      HSET h f1 v1 f2 v2 f3 v3
      MULTI
      SMEMBERS s
      HGETALL h
      HKEYS h
      SPOP s 10
      HRANDFIELD h 5
      SRANDMEMBER s
      EXEC
      MULTI
      KEYS *
      TTL h
      EXEC
    `,
  },
  {
    name: 'WATCH a key another client changes',
    script: `
      SET k 1
      WATCH k
      @conn b
      SET k 2
      @conn a
      MULTI
      INCR k
      EXEC
      GET k
      WATCH k
      MULTI
      INCR k
      EXEC
      GET k
    `,
  },
  {
    name: 'WATCH variants',
    script: `
      WATCH a b c
      @conn b
      LPUSH c x
      @conn a
      MULTI
      SET a 1
      EXEC
      EXISTS a
      WATCH a
      UNWATCH
      @conn b
      SET a changed
      @conn a
      MULTI
      SET a mine
      EXEC
      GET a
      WATCH missing
      @conn b
      DEL missing
      @conn a
      MULTI
      PING
      EXEC
      WATCH a
      SET a self
      MULTI
      GET a
      EXEC
      WATCH a
      MULTI
      WATCH a
      EXEC
      WATCH a
      DISCARD
      WATCH a
      MULTI
      DISCARD
      @conn b
      SET a again
      @conn a
      MULTI
      GET a
      EXEC
      WATCH
    `,
  },
  {
    name: 'WATCH with unchanged writes, SELECT and other databases',
    script: `
      SET a 1
      WATCH a
      @conn b
      SET a 1
      @conn a
      MULTI
      GET a
      EXEC
      WATCH a
      @conn b
      SELECT 1
      SET a other-db
      @conn a
      MULTI
      GET a
      EXEC
      SELECT 1
      WATCH a
      SELECT 0
      @conn b
      DEL a
      @conn a
      MULTI
      GET a
      EXEC
      WATCH a
      @conn b
      EXPIRE a 100
      @conn a
      MULTI
      TTL a
      EXEC
      WATCH a
      @conn b
      GET a
      EXISTS a
      @conn a
      MULTI
      GET a
      EXEC
    `,
  },
  {
    name: 'WATCH and expiry',
    script: `
      SET e v PX 200
      WATCH e
      @sleep 300
      MULTI
      GET e
      EXEC
      SET gone v PX 10
      @sleep 40
      WATCH gone
      MULTI
      GET gone
      EXEC
    `,
  },
  {
    name: 'WATCH and FLUSHALL FLUSHDB SWAPDB',
    script: `
      SET a 1
      WATCH a
      @conn b
      FLUSHALL
      @conn a
      MULTI
      PING
      EXEC
      WATCH missing
      @conn b
      FLUSHDB
      @conn a
      MULTI
      PING
      EXEC
      SELECT 1
      SET x 1
      SELECT 0
      WATCH x
      @conn b
      SWAPDB 0 1
      @conn a
      MULTI
      GET x
      EXEC
      WATCH y
      @conn b
      SWAPDB 0 1
      @conn a
      MULTI
      GET y
      EXEC
    `,
  },
  {
    name: 'MULTI with SELECT and database commands',
    script: `
      MULTI
      SET a 0
      SELECT 1
      SET a 1
      SELECT 9999
      GET a
      EXEC
      GET a
      SELECT 0
      GET a
      MULTI
      FLUSHDB
      DBSIZE
      EXEC
    `,
  },
  {
    name: 'commands refused inside MULTI',
    script: `
      MULTI
      WATCH x
      SET a 1
      EXEC
      GET a
    `,
  },
]);
