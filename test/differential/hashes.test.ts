/** Hashes: field writes and reads, counters, random fields, HSCAN, encodings and their thresholds. */
import { diffGroup } from './lib/suite.ts';

diffGroup('hashes', [
  {
    name: 'HSET HGET HMSET HMGET HSETNX',
    script: `
      HSET h f1 v1
      HSET h f1 v1b f2 v2 f3 v3
      HGET h f1
      HGET h nofield
      HGET missing f
      HMGET h f1 nofield f2
      HMGET missing a b
      HMSET h f4 v4 f5 v5
      HMSET h f4
      HSETNX h f1 x
      HSETNX h f6 v6
      HGET h f6
      HSETNX newh f v
      HSET h "" empty
      HGET h ""
      HSET h "\\x00bin" "\\xff\\x00"
      HGET h "\\x00bin"
      HLEN h
      HSET h f
      HSET h f v g
      HSET h
      HGET h
      HMGET h
      HSETNX h f
      SET str x
      HSET str f v
      HGET str f
      HMGET str f
      HSETNX str f v
      HMSET str f v
    `,
  },
  {
    name: 'HDEL HLEN HEXISTS HSTRLEN',
    script: `
      HSET h a 1 b 22 c 333
      HLEN h
      HEXISTS h a
      HEXISTS h z
      HEXISTS missing a
      HSTRLEN h c
      HSTRLEN h z
      HSTRLEN missing a
      HDEL h a z
      HDEL h a
      HDEL h b c
      EXISTS h
      HLEN h
      HDEL missing a
      HSET h x 1 y 2
      HDEL h x x y
      EXISTS h
      HDEL h
      HLEN
      HEXISTS h
      HSTRLEN h
      SET str x
      HDEL str a
      HLEN str
      HEXISTS str a
      HSTRLEN str a
    `,
  },
  {
    name: 'HKEYS HVALS HGETALL',
    script: `
      HGETALL missing
      HKEYS missing
      HVALS missing
      HSET h a 1 b 2 c 3 d ""
      HKEYS h
      HVALS h
      HGETALL h
      HSET h a 10
      HGETALL h
      HKEYS
      HGETALL h x
      SET str x
      HKEYS str
      HVALS str
      HGETALL str
    `,
  },
  {
    name: 'HINCRBY HINCRBYFLOAT',
    script: `
      HINCRBY h n 5
      HINCRBY h n -10
      HGET h n
      HINCRBY h n abc
      HINCRBY h n 1.5
      HINCRBY h n 9223372036854775808
      HSET h big 9223372036854775806
      HINCRBY h big 1
      HINCRBY h big 1
      HSET h small -9223372036854775807
      HINCRBY h small -1
      HINCRBY h small -1
      HSET h s notanumber
      HINCRBY h s 1
      HSET h sp " 5"
      HINCRBY h sp 1
      HSET h e ""
      HINCRBY h e 1
      HINCRBYFLOAT h f 1.5
      HINCRBYFLOAT h f 0.1
      HINCRBYFLOAT h f -1.6
      HINCRBYFLOAT h f 2.5e3
      HINCRBYFLOAT h n 1
      HINCRBYFLOAT h s 1
      HINCRBYFLOAT h f abc
      HINCRBYFLOAT h f inf
      HINCRBYFLOAT h f nan
      HSET h huge 1e308
      HINCRBYFLOAT h huge 1e308
      HINCRBYFLOAT h e 1
      HINCRBYFLOAT newh x 3.0
      HGETALL newh
      HINCRBY h n
      HINCRBYFLOAT h f
      SET str 1
      HINCRBY str f 1
      HINCRBYFLOAT str f 1
    `,
  },
  {
    name: 'HRANDFIELD',
    script: `
      HRANDFIELD missing
      HRANDFIELD missing 5
      HRANDFIELD missing 5 WITHVALUES
      HRANDFIELD missing -5 WITHVALUES
      HSET h a 1 b 2 c 3 d 4 e 5
      HRANDFIELD h
      HRANDFIELD h 0
      HRANDFIELD h 0 WITHVALUES
      HRANDFIELD h 3
      HRANDFIELD h 5
      HRANDFIELD h 10
      HRANDFIELD h 10 WITHVALUES
      HRANDFIELD h 2 WITHVALUES
      HRANDFIELD h -3
      HRANDFIELD h -12
      HRANDFIELD h -7 WITHVALUES
      HRANDFIELD h -1 withvalues
      HRANDFIELD h 3 FOO
      HRANDFIELD h abc
      HRANDFIELD h 1.5
      HRANDFIELD h -9223372036854775808
      HRANDFIELD h -9223372036854775807 WITHVALUES
      HRANDFIELD h 9223372036854775807
      HRANDFIELD h 1 WITHVALUES extra
      HSET one only 1
      HRANDFIELD one
      HRANDFIELD one -3 WITHVALUES
      HRANDFIELD
      SET str x
      HRANDFIELD str
      HRANDFIELD str 1
    `,
  },
  {
    name: 'HSCAN',
    script: `
      HSCAN missing 0
      HSET h a 1 b 2 c 3 key:1 x key:2 y
      HSCAN h 0
      HSCAN h 0 COUNT 1
      HSCAN h 0 MATCH key:*
      HSCAN h 0 MATCH nomatch
      HSCAN h 0 COUNT 0
      HSCAN h 0 COUNT abc
      HSCAN h 0 MATCH
      HSCAN h 0 TYPE string
      HSCAN h abc
      HSCAN h
      SET str x
      HSCAN str 0
    `,
  },
  {
    name: 'hash encodings by entry count',
    config: { 'hash-max-listpack-entries': '4' },
    script: `
      HSET h a 1 b 2 c 3 d 4
      OBJECT ENCODING h
      HSET h e 5
      OBJECT ENCODING h
      HDEL h a b c d
      OBJECT ENCODING h
      HLEN h
      HSET small a 1
      OBJECT ENCODING small
      HSET big a 1 b 2 c 3 d 4 e 5
      OBJECT ENCODING big
      HSCAN big 0 COUNT 100
      @scanall HSCAN big 0 COUNT 1
      @scanall HSCAN big 0 COUNT 2 MATCH [a-c]
      HRANDFIELD big 3
      HRANDFIELD big -8 WITHVALUES
      HGETALL big
      COPY big big2
      OBJECT ENCODING big2
    `,
  },
  {
    name: 'hash encodings by value length',
    config: { 'hash-max-listpack-value': '8' },
    script: `
      HSET h f 12345678
      OBJECT ENCODING h
      HSET h g 123456789
      OBJECT ENCODING h
      HSET k longfieldname v
      OBJECT ENCODING k
      HSET n f 1
      HINCRBY n f 123456789
      OBJECT ENCODING n
      HINCRBYFLOAT n g 1.123456789
      OBJECT ENCODING n
      HSETNX x f 1234567890
      OBJECT ENCODING x
    `,
  },
]);
