/** Lists (non-blocking paths): pushes and pops, ranges, LSET/LINSERT/LREM/LTRIM, LPOS, LMOVE, LMPOP,
 *  and the blocking commands where they do not block (data present, inside MULTI, short timeouts). */
import { diffGroup } from './lib/suite.ts';

diffGroup('lists', [
  {
    name: 'LPUSH RPUSH LPUSHX RPUSHX LLEN LRANGE',
    script: `
      LPUSH l a b c
      RPUSH l x y
      LRANGE l 0 -1
      LLEN l
      LLEN missing
      LPUSHX missing a
      RPUSHX missing a
      EXISTS missing
      LPUSHX l first
      RPUSHX l last
      LPUSHX l m1 m2
      LRANGE l 0 -1
      RPUSH e ""
      LRANGE e 0 -1
      RPUSH b "\\x00\\xff" "\\r\\n"
      LRANGE b 0 -1
      LPUSH l
      RPUSH
      LPUSHX l
      LLEN
      SET str x
      LPUSH str a
      RPUSH str a
      LPUSHX str a
      RPUSHX str a
      LLEN str
      LRANGE str 0 -1
    `,
  },
  {
    name: 'LRANGE and LINDEX indexes',
    script: `
      RPUSH l 0 1 2 3 4 5 6 7 8 9
      LRANGE l 0 0
      LRANGE l 2 5
      LRANGE l -3 -1
      LRANGE l -100 100
      LRANGE l 5 2
      LRANGE l 10 20
      LRANGE l -1 -3
      LRANGE l 0 -11
      LRANGE l 9223372036854775807 9223372036854775807
      LRANGE l -9223372036854775808 9223372036854775807
      LRANGE l 0 abc
      LRANGE l 1.5 2
      LRANGE l 9223372036854775808 1
      LRANGE missing 0 -1
      LRANGE l 0
      LINDEX l 0
      LINDEX l 9
      LINDEX l 10
      LINDEX l -1
      LINDEX l -10
      LINDEX l -11
      LINDEX l abc
      LINDEX missing 0
      LINDEX l
      SET str x
      LINDEX str 0
    `,
  },
  {
    name: 'LPOP RPOP with counts',
    script: `
      RPUSH l a b c d e
      LPOP l
      RPOP l
      LPOP l 2
      RPOP l 0
      LPOP l 0
      LPOP l 10
      EXISTS l
      LPOP l
      LPOP l 2
      RPOP missing 0
      RPUSH l a b
      LPOP l -1
      LPOP l abc
      RPOP l 1.5
      LPOP l 9223372036854775807
      LPOP l 1 2
      LPOP
      SET str x
      LPOP str
      RPOP str 2
    `,
  },
  {
    name: 'LSET LINSERT',
    script: `
      RPUSH l a b c
      LSET l 0 A
      LSET l -1 C
      LSET l 3 x
      LSET l -4 x
      LSET l abc x
      LSET missing 0 x
      LRANGE l 0 -1
      LINSERT l BEFORE b b0
      LINSERT l AFTER b b1
      LINSERT l after C end
      LINSERT l before A start
      LINSERT l BEFORE nopivot x
      LINSERT missing BEFORE a x
      LINSERT l MIDDLE b x
      LRANGE l 0 -1
      RPUSH dup x y x
      LINSERT dup AFTER x z
      LRANGE dup 0 -1
      LINSERT l BEFORE b
      LSET l 0
      SET str x
      LSET str 0 a
      LINSERT str BEFORE a b
    `,
  },
  {
    name: 'LREM LTRIM',
    script: `
      RPUSH l a b a c a b a
      LREM l 2 a
      LRANGE l 0 -1
      LREM l -1 a
      LRANGE l 0 -1
      LREM l 0 b
      LRANGE l 0 -1
      LREM l 0 nothing
      LREM missing 0 a
      LREM l abc a
      LREM l 0 a
      LREM l 0 c
      EXISTS l
      RPUSH t 0 1 2 3 4 5 6 7 8 9
      LTRIM t 2 -3
      LRANGE t 0 -1
      LTRIM t -2 -1
      LRANGE t 0 -1
      LTRIM t 1 0
      EXISTS t
      RPUSH t 1 2 3
      LTRIM t 0 100
      LTRIM t -100 -100
      LRANGE t 0 -1
      EXISTS t
      LTRIM missing 0 1
      LTRIM t a b
      LTRIM t 0
      LREM l 0
      SET str x
      LREM str 0 a
      LTRIM str 0 1
    `,
  },
  {
    name: 'LPOS',
    script: `
      RPUSH l a b c 1 2 3 c c
      LPOS l c
      LPOS l nothing
      LPOS missing c
      LPOS l c RANK 2
      LPOS l c RANK -1
      LPOS l c RANK -3
      LPOS l c RANK 4
      LPOS l c RANK 0
      LPOS l c RANK -9223372036854775808
      LPOS l c COUNT 0
      LPOS l c COUNT 2
      LPOS l c COUNT 1
      LPOS l nothing COUNT 0
      LPOS missing c COUNT 0
      LPOS l c COUNT -1
      LPOS l c MAXLEN 3
      LPOS l c MAXLEN 3 COUNT 0
      LPOS l c MAXLEN 0 COUNT 0
      LPOS l c MAXLEN -1
      LPOS l c RANK -1 COUNT 2 MAXLEN 2
      LPOS l c RANK abc
      LPOS l c COUNT
      LPOS l c FOO 1
      LPOS l c rank 1 count 0 maxlen 0
      LPOS l
      SET str x
      LPOS str a
    `,
  },
  {
    name: 'LMOVE RPOPLPUSH',
    script: `
      RPUSH src a b c
      LMOVE src dst LEFT RIGHT
      LMOVE src dst RIGHT LEFT
      LRANGE src 0 -1
      LRANGE dst 0 -1
      LMOVE src src LEFT RIGHT
      LRANGE src 0 -1
      RPUSH rot 1 2 3
      LMOVE rot rot RIGHT LEFT
      LRANGE rot 0 -1
      RPOPLPUSH rot rot
      LRANGE rot 0 -1
      RPOPLPUSH src dst
      EXISTS src
      RPOPLPUSH src dst
      LMOVE missing dst LEFT LEFT
      LMOVE src dst UP DOWN
      LMOVE src dst left right
      SET str x
      LMOVE dst str LEFT LEFT
      LMOVE str dst LEFT LEFT
      RPOPLPUSH dst str
      LMOVE missing str LEFT LEFT
      LRANGE dst 0 -1
      LMOVE src dst LEFT
      RPOPLPUSH src
    `,
  },
  {
    name: 'LMPOP',
    script: `
      RPUSH a 1 2 3
      RPUSH b x y
      LMPOP 2 a b LEFT
      LMPOP 2 a b RIGHT COUNT 5
      LMPOP 2 a b LEFT COUNT 1
      LMPOP 2 missing b RIGHT
      LMPOP 2 missing b LEFT
      LMPOP 1 missing LEFT
      LMPOP 0 a LEFT
      LMPOP -1 a LEFT
      LMPOP abc a LEFT
      LMPOP 3 a b LEFT
      LMPOP 1 a MIDDLE
      LMPOP 1 a LEFT COUNT 0
      LMPOP 1 a LEFT COUNT -1
      LMPOP 1 a LEFT COUNT abc
      LMPOP 1 a LEFT COUNT
      LMPOP 1 a LEFT COUNT 1 COUNT 2
      LMPOP 1 a LEFT FOO
      SET str x
      RPUSH c 1
      LMPOP 2 str c LEFT
      LMPOP 2 missing str LEFT
      LMPOP 2 c str LEFT
      LMPOP 1
    `,
  },
  {
    name: 'blocking pops that do not block',
    script: `
      RPUSH l a b c d e f
      RPUSH m x
      BLPOP l 0
      BRPOP l 0
      BLPOP missing l 0
      BRPOP missing m 0
      BLMOVE l dst LEFT RIGHT 0
      BRPOPLPUSH dst l 0
      LRANGE l 0 -1
      BLMPOP 0 2 missing l LEFT COUNT 5
      BLPOP missing 0.01
      BRPOP missing 0.01
      BLMOVE missing dst LEFT RIGHT 0.01
      BRPOPLPUSH missing dst 0.01
      BLMPOP 0.01 1 missing LEFT
      BLPOP l -1
      BLPOP l abc
      BLPOP l 1e100
      BLMPOP -1 1 l LEFT
      BLMPOP 0 0 l LEFT
      BLMOVE l dst LEFT RIGHT -1
      SET str x
      BLPOP str 0
      BLPOP missing str 0
      BLMOVE str dst LEFT LEFT 0
      BLPOP l
      MULTI
      BLPOP missing 0
      BRPOP missing 0
      BLMOVE missing dst LEFT RIGHT 0
      BLMPOP 0 1 missing LEFT
      RPUSH q 1
      BLPOP q 0
      EXEC
    `,
  },
  {
    name: 'list encoding',
    script: `
      RPUSH l a
      OBJECT ENCODING l
      RPUSH big 0123456789012345678901234567890123456789012345678901234567890123456789
      OBJECT ENCODING big
      LPOP l
      OBJECT ENCODING l
    `,
  },
]);
