/** Connection: PING/ECHO/SELECT/QUIT/RESET, HELLO and protocol switching, AUTH, CLIENT subcommands,
 *  INFO/TIME/DBSIZE/LASTSAVE by shape, inline commands. */
import { diffGroup } from './lib/suite.ts';

diffGroup('connection', [
  {
    name: 'PING ECHO',
    script: `
      PING
      PING hello
      PING ""
      PING a b
      ping
      ECHO hello
      ECHO ""
      ECHO "\\x00\\xff\\r\\n"
      ECHO
      ECHO a b
    `,
  },
  {
    name: 'SELECT',
    script: `
      SET k db0
      SELECT 1
      GET k
      SET k db1
      SELECT 15
      SELECT 16
      SELECT -1
      SELECT abc
      SELECT ""
      SELECT 0
      GET k
      @conn b
      GET k
      SELECT
      SELECT 1 2
    `,
  },
  {
    name: 'QUIT',
    resp2Only: true,
    script: `
      SET k v
      QUIT
      @closed
      @conn b
      GET k
      QUIT extra args
      @closed
    `,
  },
  {
    name: 'HELLO',
    resp2Only: true,
    script: `
      HELLO
      HELLO 2
      HELLO 3
      PING
      HGETALL missing
      HELLO 2
      HELLO 4
      HELLO 1
      HELLO 0
      HELLO abc
      HELLO -1
      HELLO 3 SETNAME myname
      CLIENT GETNAME
      HELLO 2 SETNAME "bad name"
      HELLO 3 AUTH default wrong
      HELLO 3 AUTH default
      HELLO 3 FOO
      HELLO 3 SETNAME
      HELLO 2 AUTH
      CLIENT GETNAME
    `,
  },
  {
    name: 'AUTH without a password',
    script: `
      AUTH foo
      AUTH default foo
      AUTH default ""
      AUTH
      AUTH a b c
      PING
    `,
  },
  {
    name: 'AUTH with requirepass',
    resp2Only: true,
    config: { requirepass: 'secret' },
    script: `
      PING
      GET k
      SELECT 1
      HELLO 3
      CLIENT SETNAME x
      AUTH wrong
      AUTH default wrong
      AUTH nosuchuser secret
      GET k
      NOSUCHCOMMAND
      AUTH secret
      PING
      SET k v
      @conn b
      GET k
      HELLO 2 AUTH default wrong
      HELLO 2 AUTH default secret
      GET k
      @conn c
      AUTH default secret
      GET k
      MULTI
      EXEC
    `,
  },
  {
    name: 'CLIENT SETNAME GETNAME ID INFO LIST',
    script: `
      CLIENT GETNAME
      CLIENT SETNAME conn-a
      CLIENT GETNAME
      CLIENT SETNAME "has space"
      CLIENT SETNAME "new\\nline"
      CLIENT SETNAME ""
      CLIENT GETNAME
      CLIENT SETNAME conn-a
      CLIENT ID
      CLIENT INFO
      @conn b
      CLIENT SETNAME conn-b
      SELECT 3
      CLIENT LIST
      CLIENT LIST TYPE normal
      CLIENT LIST TYPE pubsub
      CLIENT LIST TYPE master
      CLIENT LIST TYPE replica
      CLIENT LIST TYPE foo
      CLIENT LIST ID
      CLIENT LIST ID abc
      CLIENT LIST FOO
      CLIENT SETNAME
      CLIENT SETNAME a b
      CLIENT GETNAME x
      CLIENT ID x
      CLIENT
      CLIENT NOSUCH
      CLIENT HELP x
    `,
  },
  {
    name: 'CLIENT KILL',
    script: `
      @conn b
      CLIENT SETNAME victim
      @conn c
      PING
      @conn a
      CLIENT KILL ID {id:b}
      CLIENT KILL ID {id:b}
      CLIENT KILL ID 999999
      CLIENT KILL ID abc
      CLIENT KILL 1.2.3.4:5
      CLIENT KILL ADDR 1.2.3.4:5
      CLIENT KILL TYPE pubsub
      CLIENT KILL TYPE nosuchtype
      CLIENT KILL ID {id:c} SKIPME no
      CLIENT KILL ID {id:a} SKIPME yes
      CLIENT KILL ID {id:a} SKIPME maybe
      CLIENT KILL FOO bar
      CLIENT KILL ID
      @conn b
      @closed
      @conn c
      @closed
      @conn a
      CLIENT LIST
      CLIENT KILL ID {id:a}
      @closed
    `,
  },
  {
    name: 'CLIENT PAUSE UNPAUSE',
    script: `
      SET k v
      CLIENT PAUSE 5000 WRITE
      @conn b
      GET k
      @send SET k paused
      @noreply 50
      @conn c
      @send INCR n
      @conn a
      CLIENT UNPAUSE
      @conn b
      @reply
      GET k
      @conn c
      @reply
      @conn a
      CLIENT PAUSE 800
      @conn b
      @send GET k
      @noreply 50
      @reply
      CLIENT PAUSE abc
      CLIENT PAUSE -1
      CLIENT PAUSE 10 FOO
      CLIENT PAUSE
      CLIENT UNPAUSE x
    `,
  },
  {
    name: 'CLIENT TRACKING without tracking on',
    script: `
      CLIENT GETREDIR
      CLIENT TRACKINGINFO
      CLIENT TRACKING off
      CLIENT TRACKING maybe
      CLIENT TRACKING off BCAST
      CLIENT TRACKING off REDIRECT 999999
      CLIENT TRACKING off PREFIX a
      CLIENT TRACKING off FOO
      CLIENT CACHING yes
      CLIENT CACHING no
      CLIENT CACHING maybe
      CLIENT TRACKINGINFO
      CLIENT GETREDIR x
    `,
  },
  {
    name: 'HELP texts',
    script: `
      CLIENT HELP
      OBJECT HELP
    `,
  },
  {
    name: 'CLIENT LIST during MULTI',
    script: `
      CLIENT SETNAME watcher
      @conn b
      CLIENT SETNAME inmulti
      MULTI
      PING
      PING
      @conn a
      CLIENT LIST
      @conn b
      DISCARD
    `,
  },
  {
    name: 'CLIENT NO-EVICT REPLY',
    script: `
      CLIENT NO-EVICT on
      CLIENT NO-EVICT off
      CLIENT NO-EVICT maybe
      CLIENT NO-EVICT
      CLIENT REPLY ON
      CLIENT REPLY maybe
      @raw "*3\\r\\n$6\\r\\nCLIENT\\r\\n$5\\r\\nREPLY\\r\\n$4\\r\\nSKIP\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$7\\r\\nskipped\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$5\\r\\nshown\\r\\n" 1
      @raw "*3\\r\\n$6\\r\\nCLIENT\\r\\n$5\\r\\nREPLY\\r\\n$3\\r\\nOFF\\r\\n*1\\r\\n$4\\r\\nPING\\r\\n*3\\r\\n$6\\r\\nCLIENT\\r\\n$5\\r\\nREPLY\\r\\n$2\\r\\nON\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$4\\r\\nback\\r\\n" 2
      PING
    `,
  },
  {
    name: 'RESET',
    resp2Only: true,
    script: `
      SELECT 2
      CLIENT SETNAME named
      HELLO 3
      MULTI
      SET a 1
      RESET
      CLIENT GETNAME
      SET inreset 1
      SELECT 0
      EXISTS inreset
      PING
      WATCH k
      RESET
      RESET extra
      HGETALL missing
    `,
  },
  {
    name: 'INFO TIME DBSIZE LASTSAVE',
    script: `
      MSET a 1 b 2
      SET t v EX 100
      SELECT 1
      SET c 3
      SELECT 0
      DBSIZE
      INFO keyspace
      INFO KEYSPACE
      TIME
      TIME x
      LASTSAVE
      INFO server
      INFO clients
      INFO stats
      INFO nosuchsection
      INFO
    `,
  },
  {
    name: 'statistics: keyspace hits and misses, errors, command counts',
    resp2Only: true,
    script: `
      CONFIG RESETSTAT
      SET s 1
      GET s
      GET missing
      MGET s missing s
      EXISTS s missing
      TYPE s
      TYPE missing
      STRLEN s
      GETRANGE s 0 1
      HGET s f
      LRANGE s 0 -1
      SMEMBERS s
      INCR s
      APPEND s x
      GETSET s y
      GETDEL s
      GETEX missing
      HSET h f v
      HGET h f
      HGET h nofield
      HGETALL h
      HEXISTS h nofield
      HRANDFIELD h
      RPUSH l a b
      LRANGE l 0 -1
      LINDEX l 5
      LPOS l a
      SADD st a
      SISMEMBER st a
      SMEMBERS st
      SINTER st missing
      SUNIONSTORE d st missing
      SCARD missing
      TTL s
      TTL h
      PTTL missing
      OBJECT ENCODING h
      RENAME h h2
      COPY h2 h3
      DBSIZE
      KEYS *
      SET e v PX 1
      @sleep 20
      GET e
      NOSUCHCOMMAND
      GET
      SET a b c d
      INCR l
      MULTI
      GET
      EXEC
      @info stats keyspace_hits keyspace_misses expired_keys evicted_keys total_error_replies unexpected_error_replies
      @info errorstats
      @info commandstats
    `,
  },
  {
    name: 'inline commands',
    resp2Only: true,
    script: `
      @raw "PING\\r\\n"
      @raw "ECHO hello\\r\\n"
      @raw "SET inline \\"quoted value\\"\\r\\nGET inline\\r\\n" 2
      @raw "PING\\n"
      @raw "\\r\\n\\r\\nPING\\r\\n"
      @raw "ECHO 'single q'\\r\\n"
      @raw "*1\\r\\n$4\\r\\nPING\\r\\nPING\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$1\\r\\nx\\r\\n" 3
    `,
  },
]);
