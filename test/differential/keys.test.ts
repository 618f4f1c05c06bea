/** Keys and expiry: DEL/EXISTS/TYPE, EXPIRE family with options, RENAME/COPY/MOVE, databases, KEYS/SCAN,
 *  RANDOMKEY, OBJECT. */
import { diffGroup } from './lib/suite.ts';

diffGroup('keys', [
  {
    name: 'DEL UNLINK EXISTS TYPE TOUCH',
    script: `
      MSET a 1 b 2 c 3
      RPUSH l x
      SADD s x
      HSET h f v
      EXISTS a
      EXISTS a b missing
      EXISTS a a a
      TYPE a
      TYPE l
      TYPE s
      TYPE h
      TYPE missing
      TOUCH a b missing
      DEL a missing
      DEL a
      UNLINK b c missing
      UNLINK b
      DEL l s h
      EXISTS l s h
      DBSIZE
      MSET x 1 y 2
      DEL x x y y
      DEL
      UNLINK
      EXISTS
      TYPE
      TYPE a b
      TOUCH
    `,
  },
  {
    name: 'EXPIRE PEXPIRE TTL PTTL PERSIST',
    script: `
      SET k v
      TTL k
      PTTL k
      TTL missing
      PTTL missing
      EXPIRE k 100
      TTL k
      PTTL k
      EXPIRE k 200
      TTL k
      PERSIST k
      PERSIST k
      PERSIST missing
      TTL k
      PEXPIRE k 100000
      PTTL k
      EXPIRE missing 10
      PEXPIRE missing 10
      EXPIRE k abc
      EXPIRE k 1.5
      EXPIRE k ""
      PEXPIRE k 1e3
      EXPIRE k 9223372036854775807
      EXPIRE k 9223370000000000
      PEXPIRE k 9223372036854775807
      EXPIRE k -9223372036854775808
      PEXPIRE k -9223372036854775808
      EXISTS k
      SET k v
      EXPIRE k 0
      EXISTS k
      SET k v
      EXPIRE k -1
      EXISTS k
      SET k v
      PEXPIRE k -100
      EXISTS k
      EXPIRE k
      EXPIRE
      TTL
      PERSIST
      PTTL a b
    `,
  },
  {
    name: 'EXPIRE options NX XX GT LT',
    script: `
      SET k v
      EXPIRE k 100 XX
      TTL k
      EXPIRE k 100 GT
      TTL k
      EXPIRE k 100 LT
      TTL k
      PERSIST k
      EXPIRE k 100 NX
      EXPIRE k 200 NX
      TTL k
      EXPIRE k 50 XX
      TTL k
      EXPIRE k 100 GT
      EXPIRE k 20 GT
      TTL k
      EXPIRE k 200 LT
      EXPIRE k 10 LT
      TTL k
      EXPIRE k 10 nx
      EXPIRE k 10 NX XX
      EXPIRE k 10 GT LT
      EXPIRE k 10 NX GT
      EXPIRE k 30 XX GT
      EXPIRE k 10 XX XX
      EXPIRE k 10 FOO
      EXPIRE k 10 XX FOO
      PEXPIRE k 10000 NX
      PEXPIRE k 5000 LT
      PTTL k
      EXPIREAT k 4102444800 GT
      EXPIRETIME k
      PEXPIREAT k 4102444800001 LT
      PEXPIREAT k 4102444800002 GT
      PEXPIRETIME k
      EXPIRE missing 10 NX
      EXPIRE k -1 GT
      EXISTS k
      SET k v
      EXPIRE k -1 NX
      EXISTS k
      SET k v
      EXPIRE k -1 XX
      EXISTS k
    `,
  },
  {
    name: 'EXPIREAT PEXPIREAT EXPIRETIME PEXPIRETIME',
    script: `
      SET k v
      EXPIRETIME k
      PEXPIRETIME k
      EXPIRETIME missing
      PEXPIRETIME missing
      EXPIREAT k 4102444800
      EXPIRETIME k
      PEXPIRETIME k
      TTL k
      PEXPIREAT k 4102444800123
      PEXPIRETIME k
      EXPIRETIME k
      EXPIREAT k 1
      EXISTS k
      SET k v
      PEXPIREAT k 0
      EXISTS k
      SET k v
      EXPIREAT k -5
      EXISTS k
      SET k v
      EXPIREAT k abc
      EXPIREAT k 9223372036854775807
      PEXPIREAT k 9223372036854775807
      EXPIRETIME k
      EXPIREAT missing 4102444800
      EXPIREAT k
      EXPIRETIME
      PEXPIRETIME a b
    `,
  },
  {
    name: 'keys expire and disappear',
    script: `
      SET a v PX 200
      SET b v
      PEXPIRE b 200
      RPUSH l x
      PEXPIRE l 200
      HSET h f v
      PEXPIRE h 200
      SET stay v
      DBSIZE
      @sleep 300
      GET a
      EXISTS b
      LLEN l
      HLEN h
      TTL a
      PTTL b
      TYPE l
      KEYS *
      DBSIZE
      SET b new
      TTL b
    `,
  },
  {
    name: 'RENAME RENAMENX',
    script: `
      SET a 1
      RENAME a b
      GET a
      GET b
      RENAME missing x
      RENAMENX missing x
      SET c 3
      RENAMENX b c
      RENAMENX b d
      GET d
      RENAME d c
      GET c
      RENAME c c
      RENAMENX c c
      RENAME missing missing
      SET t v EX 100
      RENAME t t2
      TTL t2
      SET t3 x
      RENAME t2 t3
      TTL t3
      SET p v EX 100
      SET q w
      RENAME q p
      TTL p
      RPUSH l 1 2 3
      RENAME l l2
      LRANGE l2 0 -1
      TYPE l
      SET s str
      RENAME l2 s
      TYPE s
      RENAME a
      RENAME a b c
      RENAMENX a
    `,
  },
  {
    name: 'COPY',
    script: `
      SET a v
      COPY a b
      GET b
      COPY a b
      COPY a b REPLACE
      COPY missing x
      COPY a a
      COPY a a REPLACE
      COPY a a DB 1
      SELECT 1
      GET a
      SELECT 0
      COPY a x DB 1 REPLACE
      COPY a x db 1
      COPY a x DB 16
      COPY a x DB -1
      COPY a x DB abc
      COPY a x DB
      COPY a x FOO
      COPY a x REPLACE REPLACE
      SET t v EX 100
      COPY t t2
      TTL t2
      RPUSH l a b c
      COPY l l2
      RPUSH l2 d
      LRANGE l 0 -1
      LRANGE l2 0 -1
      HSET h f v
      COPY h h2
      HSET h2 g w
      HGETALL h
      HGETALL h2
      SADD s 1 2 3
      COPY s s2
      SADD s2 4
      SMEMBERS s
      SMEMBERS s2
      OBJECT ENCODING s2
      COPY h s REPLACE
      TYPE s
      COPY a
    `,
  },
  {
    name: 'MOVE SELECT SWAPDB',
    script: `
      SET k v
      MOVE k 1
      EXISTS k
      SELECT 1
      GET k
      MOVE k 1
      MOVE k 0
      MOVE missing 0
      SET k other
      SELECT 0
      SET k mine
      SELECT 1
      MOVE k 0
      GET k
      MOVE k 16
      MOVE k -1
      MOVE k abc
      SELECT 0
      SWAPDB 0 1
      GET k
      SELECT 1
      GET k
      SWAPDB 0 0
      SWAPDB 0 16
      SWAPDB -1 0
      SWAPDB a 0
      SWAPDB 0 b
      SWAPDB 0
      SELECT 16
      SELECT -1
      SELECT abc
      SELECT 1.5
      SELECT
      SET t v EX 100
      MOVE t 2
      SELECT 2
      TTL t
      DBSIZE
      SELECT 0
      DBSIZE
    `,
  },
  {
    name: 'FLUSHDB FLUSHALL DBSIZE',
    script: `
      MSET a 1 b 2
      SELECT 1
      SET c 3
      DBSIZE
      FLUSHDB
      DBSIZE
      SELECT 0
      DBSIZE
      SELECT 1
      SET c 3
      SELECT 0
      FLUSHALL
      DBSIZE
      SELECT 1
      DBSIZE
      SET x 1
      FLUSHDB ASYNC
      SET x 1
      FLUSHDB SYNC
      FLUSHALL ASYNC
      FLUSHALL SYNC
      FLUSHDB FOO
      FLUSHALL FOO
      FLUSHDB ASYNC SYNC
      DBSIZE x
    `,
  },
  {
    name: 'KEYS patterns',
    script: `
      MSET hello 1 hallo 2 hxllo 3 hllo 4 heeeello 5 "h*llo" 6 "h?llo" 7 foo 8 "a\\\\b" 9 "" 10 "\\xff" 11
      KEYS *
      KEYS h?llo
      KEYS h*llo
      KEYS h[ae]llo
      KEYS h[^e]llo
      KEYS h[a-b]llo
      KEYS h[b-a]llo
      KEYS "h\\\\*llo"
      KEYS "h\\\\?llo"
      KEYS "a\\\\\\\\b"
      KEYS nomatch*
      KEYS ""
      KEYS "\\xff"
      KEYS h[
      KEYS h[a
      KEYS [
      KEYS "\\\\"
      KEYS *o
      KEYS f*
      KEYS HELLO
      KEYS
      KEYS a b
    `,
  },
  {
    name: 'SCAN',
    script: `
      SCAN 0
      MSET a 1 b 2 c 3 key:1 x key:2 y
      RPUSH list x
      SADD set x
      HSET hash f v
      SCAN 0
      SCAN 0 COUNT 100
      SCAN 0 MATCH key:*
      SCAN 0 MATCH key:* COUNT 1000
      SCAN 0 TYPE string
      SCAN 0 TYPE list
      SCAN 0 TYPE set
      SCAN 0 TYPE hash
      SCAN 0 TYPE zset
      SCAN 0 TYPE nosuchtype
      SCAN 0 type STRING
      SCAN 0 MATCH * TYPE string COUNT 5
      @scanall SCAN 0 COUNT 1
      @scanall SCAN 0 COUNT 2 MATCH key:*
      @scanall SCAN 0 COUNT 3 TYPE string
      MSET k1 1 k2 2 k3 3 k4 4 k5 5 k6 6 k7 7 k8 8 k9 9 k10 10 k11 11 k12 12 k13 13 k14 14 k15 15
      @scanall SCAN 0
      @scanall SCAN 0 COUNT 1
      @scanall SCAN 0 COUNT 4 MATCH k1*
      SCAN 0 COUNT 0
      SCAN 0 COUNT -1
      SCAN 0 COUNT abc
      SCAN 0 MATCH
      SCAN 0 FOO bar
      SCAN abc
      SCAN -1
      SCAN 18446744073709551616
      SCAN
    `,
  },
  {
    name: 'RANDOMKEY',
    script: `
      RANDOMKEY
      SET only v
      RANDOMKEY
      MSET a 1 b 2 c 3
      RANDOMKEY
      RANDOMKEY
      RANDOMKEY
      RANDOMKEY x
    `,
  },
  {
    name: 'OBJECT subcommands',
    script: `
      SET k v
      OBJECT ENCODING k
      OBJECT ENCODING missing
      OBJECT REFCOUNT k
      OBJECT REFCOUNT missing
      SET n 100
      OBJECT REFCOUNT n
      SET big 100000
      OBJECT REFCOUNT big
      OBJECT IDLETIME k
      OBJECT IDLETIME missing
      OBJECT FREQ k
      OBJECT FREQ missing
      OBJECT FOO k
      OBJECT ENCODING
      OBJECT ENCODING a b
      OBJECT
      RPUSH l a
      OBJECT ENCODING l
      SADD s 1
      OBJECT ENCODING s
      SADD s2 a
      OBJECT ENCODING s2
      HSET h f v
      OBJECT ENCODING h
    `,
  },
  {
    name: 'wrong arguments and unknown commands',
    script: `
      NOSUCHCOMMAND
      NOSUCHCOMMAND a b
      nosuch "with space" "\\xff"
      EXPIRE
      EXPIRE k
      PEXPIRE k
      EXPIREAT k
      PEXPIREAT k
      PERSIST
      MOVE k
      COPY k
      SWAPDB
      RANDOMKEY a
      DBSIZE a
    `,
  },
]);
