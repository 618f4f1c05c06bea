/** Strings: SET family and its options, GET family, counters, ranges, LCS, encodings. */
import { diffGroup } from './lib/suite.ts';
import { seededRandom } from '../../server/lib/random.ts';
import { quote } from './lib/script.ts';

/** Seeded float spellings across magnitudes, signs, exponent forms and digit counts. */
function floatWords(seed: number, n: number): string[] {
  const rnd = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const mag = Math.floor(rnd() * 40) - 20;
    const v = (rnd() < 0.5 ? -1 : 1) * rnd() * 10 ** mag;
    const form = Math.floor(rnd() * 5);
    out.push(form === 0 ? v.toExponential(Math.floor(rnd() * 17)) : form === 1 ? v.toPrecision(1 + Math.floor(rnd() * 20)) : form === 2 ? String(Math.round(v)) : form === 3 ? v.toFixed(Math.floor(rnd() * 12)) : String(v));
  }
  return out;
}

/** Seeded strings over a small alphabet, for LCS. */
function words(seed: number, n: number, alphabet: string): string[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: Math.floor(rnd() * 24) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
}

const floats = floatWords(7, 300);
const lcsWords = words(9, 60, 'abcab');

diffGroup('strings', [
  {
    name: 'SET and GET',
    script: `
      GET missing
      SET k v
      GET k
      SET k other
      GET k
      SET empty ""
      GET empty
      STRLEN empty
      SET bin "\\x00\\xff\\r\\n\\x7f"
      GET bin
      STRLEN bin
      SET "key with spaces" "value with spaces"
      GET "key with spaces"
      set lower case
      GeT lower
      SET
      SET k
      GET
      GET a b
    `,
  },
  {
    name: 'SET options',
    script: `
      SET k v NX
      SET k w NX
      GET k
      SET k w XX
      GET k
      SET nokey v XX
      EXISTS nokey
      SET k v2 GET
      SET newkey v GET
      SET k v3 nx get
      SET k v3 XX GET
      SET k v NX XX
      SET k v XX NX
      SET k v EX 100 PX 100
      SET k v EX 100 KEEPTTL
      SET k v KEEPTTL EX 100
      SET k v EX
      SET k v PX
      SET k v FOO
      SET k v EX 0
      SET k v EX -1
      SET k v PX 0
      SET k v EX abc
      SET k v EX 1.5
      SET k v EX 9223372036854775807
      SET k v PX 9223372036854775807
      SET k v EX 9223372036854775808
      SET k v EXAT 0
      SET k v PXAT -5
      SET k v GET GET
      SET k v EX 100
      TTL k
      SET k v2 KEEPTTL
      TTL k
      SET k v3
      TTL k
      SET k v PX 100000
      PTTL k
      SET k v EXAT 4102444800
      TTL k
      EXPIRETIME k
      SET k v PXAT 4102444800000
      PEXPIRETIME k
      SET k v EXAT 1
      EXISTS k
      SET k v ex 100 xx get
      RPUSH list a
      SET list v GET
      GET list
      SET list v NX GET
      SET list v
      GET list
    `,
  },
  {
    name: 'expiry of SET EX/PX and SETEX',
    script: `
      SET k v PX 200
      SETEX s 100 v
      PSETEX p 200 v
      TTL s
      PTTL p
      @sleep 300
      GET k
      EXISTS p
      GET s
      SETEX s 0 v
      SETEX s -10 v
      SETEX s abc v
      PSETEX s 0 v
      SETEX s 10
      SETEX s 9223372036854775807 v
      PSETEX s 9223372036854775807 v
      GET s
    `,
  },
  {
    name: 'SETNX GETSET GETDEL',
    script: `
      SETNX k v
      SETNX k w
      GET k
      GETSET k new
      GETSET missing x
      GET missing
      GETDEL k
      GETDEL k
      EXISTS k
      SET t v EX 100
      GETSET t w
      TTL t
      LPUSH l x
      GETSET l v
      GETDEL l
      SETNX l v
      SETNX
      GETSET k
      GETDEL a b
    `,
  },
  {
    name: 'GETEX',
    script: `
      GETEX missing
      SET k v
      GETEX k
      TTL k
      GETEX k EX 100
      TTL k
      GETEX k PX 200000
      PTTL k
      GETEX k EXAT 4102444800
      EXPIRETIME k
      GETEX k PXAT 4102444800123
      PEXPIRETIME k
      GETEX k PERSIST
      TTL k
      GETEX k EX 0
      GETEX k EX -1
      GETEX k EX abc
      GETEX k EX 100 PX 100
      GETEX k PERSIST EX 100
      GETEX k EX
      GETEX k FOO
      GETEX k EX 9223372036854775807
      GETEX k EXAT 1
      EXISTS k
      HSET h f v
      GETEX h
      GETEX h EX 10
      GETEX
    `,
  },
  {
    name: 'MGET MSET MSETNX',
    script: `
      MSET a 1 b 2 c 3
      MGET a b c d
      MSET a 10 a 11
      GET a
      MSET a
      MSET a 1 b
      MSET
      MGET
      SADD s x
      MGET a s b
      MSET s v
      TYPE s
      MSETNX x 1 y 2
      MSETNX y 3 z 4
      MGET x y z
      MSETNX z 1 z 2
      GET z
      MSETNX q
      SET ttl v EX 100
      MSET ttl w
      TTL ttl
    `,
  },
  {
    name: 'INCR DECR INCRBY DECRBY',
    script: `
      INCR n
      INCR n
      DECR n
      INCRBY n 10
      INCRBY n -100
      DECRBY n 5
      DECRBY n -5
      GET n
      SET big 9223372036854775806
      INCR big
      INCR big
      GET big
      SET small -9223372036854775807
      DECR small
      DECR small
      DECRBY small 1
      INCRBY x 9223372036854775807
      INCRBY x 1
      SET y 0
      DECRBY y -9223372036854775808
      DECRBY y 9223372036854775807
      INCRBY y -9223372036854775808
      INCRBY n 9223372036854775808
      INCRBY n abc
      INCRBY n 1.5
      INCRBY n ""
      SET s abc
      INCR s
      SET f 1.5
      INCR f
      SET sp " 1"
      INCR sp
      SET z 01
      INCR z
      SET plus +1
      INCR plus
      SET neg0 -0
      INCR neg0
      SET e ""
      INCR e
      SET longnum 12345678901234567890
      INCR longnum
      LPUSH l a
      INCR l
      DECR l
      INCRBY l 1
      INCR
      INCRBY n
      DECRBY n 1 2
      SET ttl 5 EX 100
      INCR ttl
      TTL ttl
    `,
  },
  {
    name: 'INCRBYFLOAT',
    script: `
      INCRBYFLOAT f 1.5
      INCRBYFLOAT f 0.1
      INCRBYFLOAT f 0.2
      INCRBYFLOAT f -1.8
      GET f
      INCRBYFLOAT f 5.0e3
      INCRBYFLOAT f 1e-5
      SET i 10
      INCRBYFLOAT i 0
      INCRBYFLOAT i 3
      INCRBYFLOAT i -13
      INCRBYFLOAT i 1.1
      SET z 3.0e3
      INCRBYFLOAT z 1
      INCRBYFLOAT z 1e308
      INCRBYFLOAT z 1e308
      INCRBYFLOAT z inf
      INCRBYFLOAT z -inf
      INCRBYFLOAT z nan
      INCRBYFLOAT z abc
      INCRBYFLOAT z ""
      INCRBYFLOAT z " 1"
      SET s abc
      INCRBYFLOAT s 1
      SET tiny 1e-300
      INCRBYFLOAT tiny 0
      INCRBYFLOAT p 0.30000000000000004
      INCRBYFLOAT p 100000000000000000
      INCRBYFLOAT q 1234567.123456789
      INCRBYFLOAT r -0
      INCRBYFLOAT hex 0x10
      RPUSH l a
      INCRBYFLOAT l 1
      INCRBYFLOAT f
      SET ttl 1 EX 100
      INCRBYFLOAT ttl 1
      TTL ttl
    `,
  },
  {
    name: 'APPEND STRLEN',
    script: `
      APPEND k hello
      APPEND k " world"
      GET k
      STRLEN k
      STRLEN missing
      APPEND k ""
      APPEND e ""
      EXISTS e
      SET n 10
      APPEND n 5
      GET n
      SADD s x
      APPEND s x
      STRLEN s
      APPEND k
      STRLEN
    `,
  },
  {
    name: 'SETRANGE GETRANGE SUBSTR',
    script: `
      SET k "Hello World"
      SETRANGE k 6 Redis
      GET k
      SETRANGE k 20 tail
      GET k
      STRLEN k
      SETRANGE new 3 abc
      GET new
      SETRANGE none 5 ""
      EXISTS none
      SETRANGE k 0 ""
      SETRANGE k -1 x
      SETRANGE k abc x
      SETRANGE k 536870912 x
      SETRANGE big 536870912 ""
      GETRANGE k 0 4
      GETRANGE k -5 -1
      GETRANGE k 5 3
      GETRANGE k -100 100
      GETRANGE k 100 200
      GETRANGE k 0 -1
      GETRANGE k -1 -5
      GETRANGE k 0 abc
      GETRANGE missing 0 10
      GETRANGE k 9223372036854775807 9223372036854775807
      GETRANGE k -9223372036854775808 -9223372036854775808
      SUBSTR k 0 3
      SUBSTR k 0
      SET n 12345
      GETRANGE n 1 2
      SETRANGE n 1 x
      GET n
      HSET h f v
      SETRANGE h 0 x
      GETRANGE h 0 1
      GETRANGE k 0
      SETRANGE k 0
    `,
  },
  {
    name: 'LCS',
    script: `
      MSET key1 ohmytext key2 mynewtext
      LCS key1 key2
      LCS key1 key2 LEN
      LCS key1 key2 IDX
      LCS key1 key2 IDX MINMATCHLEN 4
      LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN
      LCS key1 key2 IDX WITHMATCHLEN
      LCS key1 key2 LEN IDX
      LCS key1 missing
      LCS missing missing2 IDX
      LCS key1 key2 MINMATCHLEN
      LCS key1 key2 MINMATCHLEN abc
      LCS key1 key2 MINMATCHLEN -1
      LCS key1 key2 FOO
      SADD s x
      LCS key1 s
      LCS key1
    `,
  },
  {
    name: 'string encodings',
    script: `
      SET i 12345
      OBJECT ENCODING i
      SET neg -12345
      OBJECT ENCODING neg
      SET big 9223372036854775807
      OBJECT ENCODING big
      SET huge 9223372036854775808
      OBJECT ENCODING huge
      SET lead 0123
      OBJECT ENCODING lead
      SET s short
      OBJECT ENCODING s
      SET s44 "12345678901234567890123456789012345678901234"
      OBJECT ENCODING s44
      SET s45 "123456789012345678901234567890123456789012345"
      OBJECT ENCODING s45
      APPEND s x
      OBJECT ENCODING s
      INCR i
      OBJECT ENCODING i
      APPEND i 1
      OBJECT ENCODING i
      INCR i
      OBJECT ENCODING i
      SETRANGE e 0 abc
      OBJECT ENCODING e
      INCRBYFLOAT fl 1.5
      OBJECT ENCODING fl
      SET fl2 1.5
      OBJECT ENCODING fl2
      SET sp " 1"
      OBJECT ENCODING sp
      GETSET i 7
      OBJECT ENCODING i
      SET empty ""
      OBJECT ENCODING empty
      OBJECT ENCODING missing
    `,
  },
  {
    name: 'INCRBYFLOAT number formatting (300 seeded increments)',
    script: floats
      .map((f, i) => (i % 3 === 0 ? `SET f${i % 7} ${f}\nINCRBYFLOAT f${i % 7} 0` : `INCRBYFLOAT f${i % 7} ${f}`))
      .join('\n'),
  },
  {
    name: 'LCS on seeded strings',
    script: lcsWords
      .map((w, i) => (i % 2 === 0 ? `SET a ${quote(w)}` : `SET b ${quote(w)}\nLCS a b\nLCS a b LEN\nLCS a b IDX WITHMATCHLEN\nLCS a b IDX MINMATCHLEN 2`))
      .join('\n'),
  },
  {
    name: 'large values',
    script: [
      `SET big ${'x'.repeat(100_000)}`,
      'STRLEN big',
      `APPEND big ${'y'.repeat(70_000)}`,
      'GETRANGE big 99990 100010',
      'GET big',
      'SETRANGE big 200000 z',
      'STRLEN big',
      'OBJECT ENCODING big',
      `SET k ${quote(Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('').repeat(64))}`,
      'GET k',
      'GETDEL k',
    ].join('\n'),
  },
]);
