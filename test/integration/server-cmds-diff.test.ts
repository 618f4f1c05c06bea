/**
 * Differential cases against a real redis-server 7.0 (skipped when it is not installed): the replies
 * and error texts of CLIENT PAUSE/UNBLOCK/TRACKING, SLOWLOG, LATENCY, SHUTDOWN, MONITOR and DEBUG.
 */
import { diffGroup } from '../differential/lib/suite.ts';

diffGroup('server commands', [
  {
    name: 'SLOWLOG arguments',
    script: `
      SLOWLOG GET x
      SLOWLOG GET -2
      SLOWLOG GET 0
      SLOWLOG GET 1 2
      SLOWLOG LEN x
      SLOWLOG RESET x
      SLOWLOG
      SLOWLOG FOO
      SLOWLOG HELP
      SLOWLOG RESET
    `,
  },
  {
    name: 'LATENCY with monitoring off',
    script: `
      LATENCY LATEST
      LATENCY HISTORY command
      LATENCY RESET
      LATENCY RESET a b
      LATENCY GRAPH command
      LATENCY DOCTOR
      LATENCY HISTORY
      LATENCY FOO
      LATENCY
      LATENCY HELP
      LATENCY HISTOGRAM nosuch
    `,
  },
  {
    name: 'LATENCY DOCTOR with a threshold and no events',
    config: { 'latency-monitor-threshold': '100' },
    script: `
      LATENCY DOCTOR
      LATENCY LATEST
    `,
  },
  {
    name: 'CLIENT PAUSE UNPAUSE UNBLOCK TRACKING arguments',
    script: `
      CLIENT PAUSE
      CLIENT PAUSE x
      CLIENT PAUSE x FOO
      CLIENT PAUSE 10 FOO
      CLIENT PAUSE -1
      CLIENT PAUSE 9999999999999999999
      CLIENT PAUSE 10 WRITE x
      CLIENT PAUSE 0
      CLIENT UNPAUSE
      CLIENT UNPAUSE x
      CLIENT UNBLOCK 999999
      CLIENT UNBLOCK x
      CLIENT UNBLOCK 1 FOO
      CLIENT UNBLOCK 1 timeout
      CLIENT UNBLOCK 1 2 3
      CLIENT UNBLOCK -5
      CLIENT GETREDIR
      CLIENT TRACKING
      CLIENT TRACKING off
      CLIENT TRACKING foo
      CLIENT TRACKING off REDIRECT 999999
      CLIENT TRACKING off REDIRECT x
      CLIENT TRACKING off BCAST PREFIX a OPTIN NOLOOP
      CLIENT TRACKING off PREFIX
      CLIENT TRACKINGINFO
      CLIENT CACHING yes
      CLIENT CACHING
    `,
  },
  {
    name: 'CLIENT PAUSE WRITE holds writes until UNPAUSE',
    script: `
      @conn a
      CLIENT PAUSE 100000 WRITE
      @conn b
      @send SET paused v
      @noreply 100
      @conn a
      GET paused
      CLIENT UNPAUSE
      @conn b
      @reply
      GET paused
    `,
  },
  {
    name: 'CLIENT UNBLOCK ends BLPOP',
    script: `
      @conn b
      PING
      @conn a
      CLIENT UNBLOCK {id:b}
      @conn b
      @send BLPOP q 0
      @noreply 50
      @conn a
      CLIENT UNBLOCK {id:b}
      @conn b
      @reply
      @send BLPOP q 0
      @noreply 50
      @conn a
      CLIENT UNBLOCK {id:b} ERROR
      @conn b
      @reply
      PING
    `,
  },
  {
    name: 'SHUTDOWN arguments and MULTI',
    script: `
      SHUTDOWN FOO
      SHUTDOWN NOSAVE SAVE
      SHUTDOWN ABORT
      SHUTDOWN ABORT NOW
      SHUTDOWN SAVE ABORT
      MULTI
      SHUTDOWN
      EXEC
      PING
    `,
  },
  {
    name: 'MONITOR inside MULTI, DEBUG refused',
    script: `
      MULTI
      MONITOR
      EXEC
      DEBUG SLEEP 0
      DEBUG
      DEBUG FOO
      PING
    `,
  },
]);
