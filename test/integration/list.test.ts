/**
 * Lists over TCP: exact RESP2 replies, each recorded from a real redis-server 7.0.15 running the
 * same command sequence (sections run in order on one connection; keys do not overlap).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

type Case = [string[], string];

const sections: Record<string, Case[]> = {
  'push and pop': [
    [['rpush', 'p1', 'a', 'b', 'c'], ':3\r\n'],
    [['lpush', 'p1', 'z'], ':4\r\n'],
    [['llen', 'p1'], ':4\r\n'],
    [['lpushx', 'p1nokey', 'a'], ':0\r\n'],
    [['rpushx', 'p1nokey', 'a'], ':0\r\n'],
    [['lpushx', 'p1', 'x', 'y'], ':6\r\n'],
    [['rpushx', 'p1', 'q'], ':7\r\n'],
    [['lrange', 'p1', '0', '-1'], '*7\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nq\r\n'],
    [['lpop', 'p1'], '$1\r\ny\r\n'],
    [['rpop', 'p1'], '$1\r\nq\r\n'],
    [['lpop', 'p1', '0'], '*0\r\n'],
    [['lpop', 'p1', '2'], '*2\r\n$1\r\nx\r\n$1\r\nz\r\n'],
    [['rpop', 'p1', '2'], '*2\r\n$1\r\nc\r\n$1\r\nb\r\n'],
    [['lrange', 'p1', '0', '-1'], '*1\r\n$1\r\na\r\n'],
    [['rpop', 'p1', '100'], '*1\r\n$1\r\na\r\n'],
    [['get', 'p1'], '$-1\r\n'],
    [['lpop', 'p1nokey'], '$-1\r\n'],
    [['lpop', 'p1nokey', '0'], '*-1\r\n'],
    [['rpop', 'p1nokey', '3'], '*-1\r\n'],
    [['rpush', 'p1', 'a'], ':1\r\n'],
    [['lpop', 'p1', '-1'], '-ERR value is out of range, must be positive\r\n'],
    [['lpop', 'p1', 'abc'], '-ERR value is out of range, must be positive\r\n'],
    [['rpop', 'p1', '9223372036854775807'], '*1\r\n$1\r\na\r\n'],
    [['lpop', 'p1', '1', '2'], '-ERR wrong number of arguments for \'lpop\' command\r\n'],
    [['rpop'], '-ERR wrong number of arguments for \'rpop\' command\r\n'],
    [['lpush', 'p1'], '-ERR wrong number of arguments for \'lpush\' command\r\n'],
    [['rpushx', 'p1'], '-ERR wrong number of arguments for \'rpushx\' command\r\n'],
    [['set', 'p1s', 'v'], '+OK\r\n'],
    [['lpush', 'p1s', 'a'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['rpushx', 'p1s', 'a'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lpop', 'p1s'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['rpop', 'p1s', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['llen', 'p1s'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['llen', 'p1nokey'], ':0\r\n'],
  ],
  'lrange and lindex': [
    [['rpush', 'r1', 'a', 'b', 'c', 'd', 'e'], ':5\r\n'],
    [['lrange', 'r1', '0', '-1'], '*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'],
    [['lrange', 'r1', '1', '2'], '*2\r\n$1\r\nb\r\n$1\r\nc\r\n'],
    [['lrange', 'r1', '-2', '-1'], '*2\r\n$1\r\nd\r\n$1\r\ne\r\n'],
    [['lrange', 'r1', '-100', '100'], '*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'],
    [['lrange', 'r1', '3', '1'], '*0\r\n'],
    [['lrange', 'r1', '5', '10'], '*0\r\n'],
    [['lrange', 'r1', '-1', '-5'], '*0\r\n'],
    [['lrange', 'r1', '9223372036854775807', '-9223372036854775808'], '*0\r\n'],
    [['lrange', 'r1', '-9223372036854775808', '9223372036854775807'], '*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'],
    [['lrange', 'r1', 'x', '1'], '-ERR value is not an integer or out of range\r\n'],
    [['lrange', 'r1', '0', '1.5'], '-ERR value is not an integer or out of range\r\n'],
    [['lrange', 'r1nokey', 'x', '1'], '-ERR value is not an integer or out of range\r\n'],
    [['lrange', 'r1nokey', '0', '-1'], '*0\r\n'],
    [['set', 'r1s', 'v'], '+OK\r\n'],
    [['lrange', 'r1s', '0', '1'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lindex', 'r1', '0'], '$1\r\na\r\n'],
    [['lindex', 'r1', '-1'], '$1\r\ne\r\n'],
    [['lindex', 'r1', '5'], '$-1\r\n'],
    [['lindex', 'r1', '-6'], '$-1\r\n'],
    [['lindex', 'r1', 'x'], '-ERR value is not an integer or out of range\r\n'],
    [['lindex', 'r1nokey', 'x'], '$-1\r\n'],
    [['lindex', 'r1s', 'x'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lindex', 'r1', '9223372036854775807'], '$-1\r\n'],
    [['lindex', 'r1', '-9223372036854775808'], '$-1\r\n'],
  ],
  'lset linsert lrem ltrim': [
    [['rpush', 'e1', 'a', 'b', 'c', 'a', 'b', 'c', 'a'], ':7\r\n'],
    [['lset', 'e1nokey', '0', 'v'], '-ERR no such key\r\n'],
    [['set', 'e1s', 'v'], '+OK\r\n'],
    [['lset', 'e1s', '0', 'v'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lset', 'e1', 'x', 'v'], '-ERR value is not an integer or out of range\r\n'],
    [['lset', 'e1', '7', 'v'], '-ERR index out of range\r\n'],
    [['lset', 'e1', '-8', 'v'], '-ERR index out of range\r\n'],
    [['lset', 'e1', '-7', 'z'], '+OK\r\n'],
    [['lset', 'e1', '6', 'y'], '+OK\r\n'],
    [['lset', 'e1', '-9223372036854775808', 'v'], '-ERR index out of range\r\n'],
    [['lrange', 'e1', '0', '-1'], '*7\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\ny\r\n'],
    [['linsert', 'e1', 'middle', 'a', 'b'], '-ERR syntax error\r\n'],
    [['linsert', 'e1nokey', 'middle', 'a', 'b'], '-ERR syntax error\r\n'],
    [['linsert', 'e1nokey', 'before', 'a', 'b'], ':0\r\n'],
    [['linsert', 'e1s', 'before', 'a', 'b'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['linsert', 'e1', 'before', 'zz', 'b'], ':-1\r\n'],
    [['linsert', 'e1', 'after', 'c', 'X'], ':8\r\n'],
    [['linsert', 'e1', 'BEFORE', 'b', 'Y'], ':9\r\n'],
    [['lrange', 'e1', '0', '-1'], '*9\r\n$1\r\nz\r\n$1\r\nY\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nX\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\ny\r\n'],
    [['lrem', 'e1', 'x', 'b'], '-ERR value is not an integer or out of range\r\n'],
    [['lrem', 'e1nokey', '0', 'a'], ':0\r\n'],
    [['lrem', 'e1s', '0', 'a'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lrem', 'e1', '-1', 'c'], ':1\r\n'],
    [['lrem', 'e1', '1', 'b'], ':1\r\n'],
    [['lrange', 'e1', '0', '-1'], '*7\r\n$1\r\nz\r\n$1\r\nY\r\n$1\r\nc\r\n$1\r\nX\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\ny\r\n'],
    [['lrem', 'e1', '0', 'a'], ':1\r\n'],
    [['lrange', 'e1', '0', '-1'], '*6\r\n$1\r\nz\r\n$1\r\nY\r\n$1\r\nc\r\n$1\r\nX\r\n$1\r\nb\r\n$1\r\ny\r\n'],
    [['ltrim', 'e1nokey', 'x', '1'], '-ERR value is not an integer or out of range\r\n'],
    [['ltrim', 'e1nokey', '0', '1'], '+OK\r\n'],
    [['ltrim', 'e1s', '0', '1'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['ltrim', 'e1', '1', '-2'], '+OK\r\n'],
    [['lrange', 'e1', '0', '-1'], '*4\r\n$1\r\nY\r\n$1\r\nc\r\n$1\r\nX\r\n$1\r\nb\r\n'],
    [['ltrim', 'e1', '0', '100'], '+OK\r\n'],
    [['lrange', 'e1', '0', '-1'], '*4\r\n$1\r\nY\r\n$1\r\nc\r\n$1\r\nX\r\n$1\r\nb\r\n'],
    [['ltrim', 'e1', '-1', '-1'], '+OK\r\n'],
    [['lrange', 'e1', '0', '-1'], '*1\r\n$1\r\nb\r\n'],
    [['ltrim', 'e1', '5', '1'], '+OK\r\n'],
    [['get', 'e1'], '$-1\r\n'],
    [['rpush', 'e2', 'x', 'x', 'x'], ':3\r\n'],
    [['lrem', 'e2', '0', 'x'], ':3\r\n'],
    [['get', 'e2'], '$-1\r\n'],
  ],
  'lpos': [
    [['rpush', 's1', 'a', 'b', 'c', 'a', 'b', 'c', 'a'], ':7\r\n'],
    [['lpos', 's1', 'a'], ':0\r\n'],
    [['lpos', 's1', 'c'], ':2\r\n'],
    [['lpos', 's1', 'z'], '$-1\r\n'],
    [['lpos', 's1', 'a', 'rank', '2'], ':3\r\n'],
    [['lpos', 's1', 'a', 'rank', '-1'], ':6\r\n'],
    [['lpos', 's1', 'a', 'rank', '-2'], ':3\r\n'],
    [['lpos', 's1', 'a', 'rank', '4'], '$-1\r\n'],
    [['lpos', 's1', 'a', 'count', '0'], '*3\r\n:0\r\n:3\r\n:6\r\n'],
    [['lpos', 's1', 'a', 'count', '2'], '*2\r\n:0\r\n:3\r\n'],
    [['lpos', 's1', 'a', 'rank', '2', 'count', '0'], '*2\r\n:3\r\n:6\r\n'],
    [['lpos', 's1', 'a', 'rank', '-1', 'count', '2', 'maxlen', '4'], '*2\r\n:6\r\n:3\r\n'],
    [['lpos', 's1', 'a', 'maxlen', '3', 'count', '0'], '*1\r\n:0\r\n'],
    [['lpos', 's1', 'a', 'rank', '2', 'maxlen', '3'], '$-1\r\n'],
    [['lpos', 's1', 'z', 'count', '0'], '*0\r\n'],
    [['lpos', 's1', 'a', 'count', '0', 'count', '1'], '*1\r\n:0\r\n'],
    [['lpos', 's1', 'a', 'rank', '0'], '-ERR RANK can\'t be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n'],
    [['lpos', 's1', 'a', 'rank', 'abc'], '-ERR value is not an integer or out of range\r\n'],
    [['lpos', 's1', 'a', 'count', '-1'], '-ERR COUNT can\'t be negative\r\n'],
    [['lpos', 's1', 'a', 'count', 'abc'], '-ERR COUNT can\'t be negative\r\n'],
    [['lpos', 's1', 'a', 'maxlen', '-1'], '-ERR MAXLEN can\'t be negative\r\n'],
    [['lpos', 's1', 'a', 'maxlen', 'x'], '-ERR MAXLEN can\'t be negative\r\n'],
    [['lpos', 's1', 'a', 'count'], '-ERR syntax error\r\n'],
    [['lpos', 's1', 'a', 'foo'], '-ERR syntax error\r\n'],
    [['lpos', 's1', 'a', 'rank', '-9223372036854775808'], ':6\r\n'],
    [['lpos', 's1', 'a', 'rank', '-9223372036854775808', 'count', '1'], '*3\r\n:6\r\n:3\r\n:0\r\n'],
    [['lpos', 's1', 'a', 'rank', '-9223372036854775807'], '$-1\r\n'],
    [['lpos', 's1', 'a', 'rank', '9223372036854775807'], '$-1\r\n'],
    [['lpos', 's1nokey', 'a'], '$-1\r\n'],
    [['lpos', 's1nokey', 'a', 'count', '1'], '*0\r\n'],
    [['lpos', 's1nokey', 'a', 'foo'], '-ERR syntax error\r\n'],
    [['lpos', 's1nokey', 'a', 'rank', '0'], '-ERR RANK can\'t be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n'],
    [['set', 's1s', 'v'], '+OK\r\n'],
    [['lpos', 's1s', 'a'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lpos', 's1'], '-ERR wrong number of arguments for \'lpos\' command\r\n'],
  ],
  'lmove rpoplpush lmpop': [
    [['rpush', 'm1', 'a', 'b', 'c'], ':3\r\n'],
    [['lmove', 'm1', 'm2', 'left', 'right'], '$1\r\na\r\n'],
    [['lmove', 'm1', 'm2', 'RIGHT', 'LEFT'], '$1\r\nc\r\n'],
    [['lrange', 'm2', '0', '-1'], '*2\r\n$1\r\nc\r\n$1\r\na\r\n'],
    [['lmove', 'm1', 'm1', 'left', 'right'], '$1\r\nb\r\n'],
    [['lrange', 'm1', '0', '-1'], '*1\r\n$1\r\nb\r\n'],
    [['lmove', 'm1', 'm2', 'up', 'left'], '-ERR syntax error\r\n'],
    [['lmove', 'm1', 'm2', 'left', 'down'], '-ERR syntax error\r\n'],
    [['set', 'm1s', 'v'], '+OK\r\n'],
    [['lmove', 'm1', 'm1s', 'left', 'left'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lmove', 'm1s', 'm1', 'left', 'left'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lrange', 'm1', '0', '-1'], '*1\r\n$1\r\nb\r\n'],
    [['lmove', 'm1nokey', 'm1', 'left', 'left'], '$-1\r\n'],
    [['lmove', 'm1nokey', 'm1s', 'left', 'left'], '$-1\r\n'],
    [['rpoplpush', 'm1nokey', 'm1'], '$-1\r\n'],
    [['rpoplpush', 'm2', 'm1'], '$1\r\na\r\n'],
    [['rpoplpush', 'm1', 'm1'], '$1\r\nb\r\n'],
    [['lrange', 'm1', '0', '-1'], '*2\r\n$1\r\nb\r\n$1\r\na\r\n'],
    [['lrange', 'm2', '0', '-1'], '*1\r\n$1\r\nc\r\n'],
    [['rpoplpush', 'm1', 'm3'], '$1\r\na\r\n'],
    [['get', 'm1'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lrange', 'm3', '0', '-1'], '*1\r\n$1\r\na\r\n'],
    [['rpush', 'm4', '1', '2', '3', '4', '5'], ':5\r\n'],
    [['lmpop', '1', 'm4', 'left'], '*2\r\n$2\r\nm4\r\n*1\r\n$1\r\n1\r\n'],
    [['lmpop', '2', 'm1nokey', 'm4', 'right', 'count', '2'], '*2\r\n$2\r\nm4\r\n*2\r\n$1\r\n5\r\n$1\r\n4\r\n'],
    [['lmpop', '2', 'm4', 'm3', 'right', 'count', '10'], '*2\r\n$2\r\nm4\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n'],
    [['get', 'm4'], '$-1\r\n'],
    [['lmpop', '2', 'm4', 'm1nokey', 'left'], '*-1\r\n'],
    [['lmpop', '2', 'm4', 'm1s', 'left'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lmpop', '2', 'm1s', 'm3', 'left'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lmpop', '0', 'm3', 'left'], '-ERR numkeys should be greater than 0\r\n'],
    [['lmpop', '-1', 'm3', 'left'], '-ERR numkeys should be greater than 0\r\n'],
    [['lmpop', 'abc', 'm3', 'left'], '-ERR numkeys should be greater than 0\r\n'],
    [['lmpop', '2', 'm3', 'left'], '-ERR syntax error\r\n'],
    [['lmpop', '1', 'm3', 'middle'], '-ERR syntax error\r\n'],
    [['lmpop', '1', 'm3', 'left', 'count', '0'], '-ERR count should be greater than 0\r\n'],
    [['lmpop', '1', 'm3', 'left', 'count', '-1'], '-ERR count should be greater than 0\r\n'],
    [['lmpop', '1', 'm3', 'left', 'count', 'x'], '-ERR count should be greater than 0\r\n'],
    [['lmpop', '1', 'm3', 'left', 'count', '1', 'count', '1'], '-ERR syntax error\r\n'],
    [['lmpop', '1', 'm3', 'left', 'count'], '-ERR syntax error\r\n'],
    [['lmpop', '9223372036854775807', 'm3', 'left'], '-ERR syntax error\r\n'],
    [['lmpop', '1', 'm3', 'left', 'foo'], '-ERR syntax error\r\n'],
    [['lmpop', '1'], '-ERR wrong number of arguments for \'lmpop\' command\r\n'],
    [['lmove', 'm3', 'm4', 'left'], '-ERR wrong number of arguments for \'lmove\' command\r\n'],
  ],
  'blocking forms that need not block': [
    [['rpush', 'b1', 'a', 'b', 'c', 'd', 'e'], ':5\r\n'],
    [['blpop', 'b1nokey', 'b1', '0'], '*2\r\n$2\r\nb1\r\n$1\r\na\r\n'],
    [['brpop', 'b1', '0'], '*2\r\n$2\r\nb1\r\n$1\r\ne\r\n'],
    [['blmove', 'b1', 'b2', 'left', 'right', '0'], '$1\r\nb\r\n'],
    [['brpoplpush', 'b2', 'b3', '0'], '$1\r\nb\r\n'],
    [['lrange', 'b3', '0', '-1'], '*1\r\n$1\r\nb\r\n'],
    [['blmpop', '0', '2', 'b1nokey', 'b1', 'left', 'count', '5'], '*2\r\n$2\r\nb1\r\n*2\r\n$1\r\nc\r\n$1\r\nd\r\n'],
    [['get', 'b1'], '$-1\r\n'],
    [['set', 'b1s', 'v'], '+OK\r\n'],
    [['blpop', 'b1s', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['brpop', 'b1nokey', 'b1s', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['blmove', 'b1s', 'b2', 'left', 'left', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['brpoplpush', 'b1s', 'b2', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['blmpop', '0', '1', 'b1s', 'left'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['rpush', 'b4', 'x'], ':1\r\n'],
    [['blmove', 'b4', 'b1s', 'left', 'left', '0'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
    [['lrange', 'b4', '0', '-1'], '*1\r\n$1\r\nx\r\n'],
    [['blpop', 'b1nokey', 'x'], '-ERR timeout is not a float or out of range\r\n'],
    [['blpop', 'b1nokey', '-1'], '-ERR timeout is negative\r\n'],
    [['blpop', 'b1nokey', '-0.5'], '-ERR timeout is negative\r\n'],
    [['blpop', 'b1nokey', 'inf'], '-ERR timeout is negative\r\n'],
    [['blpop', 'b1nokey', '1e20'], '-ERR timeout is negative\r\n'],
    [['blpop', 'b1nokey', 'nan'], '-ERR timeout is not a float or out of range\r\n'],
    [['blpop', 'b1nokey', ' 1'], '-ERR timeout is not a float or out of range\r\n'],
    [['blpop', 'b1nokey', '9223372036854775.808'], '-ERR timeout is negative\r\n'],
    [['brpop', 'b1nokey', '1e5000'], '-ERR timeout is not a float or out of range\r\n'],
    [['blmove', 'b1nokey', 'b2', 'up', 'right', '0'], '-ERR syntax error\r\n'],
    [['blmove', 'b1nokey', 'b2', 'left', 'right', 'x'], '-ERR timeout is not a float or out of range\r\n'],
    [['brpoplpush', 'b1nokey', 'b2', 'x'], '-ERR timeout is not a float or out of range\r\n'],
    [['blmpop', 'x', '1', 'b1nokey', 'left'], '-ERR timeout is not a float or out of range\r\n'],
    [['blmpop', 'x', '0', 'b1nokey', 'left'], '-ERR numkeys should be greater than 0\r\n'],
    [['blmpop', '0', '1', 'b1nokey', 'middle'], '-ERR syntax error\r\n'],
    [['blmpop', '0', '1', 'b1nokey', 'left', 'count', '0'], '-ERR count should be greater than 0\r\n'],
    [['blpop', 'b1'], '-ERR wrong number of arguments for \'blpop\' command\r\n'],
    [['blmpop', '0', '1'], '-ERR wrong number of arguments for \'blmpop\' command\r\n'],
  ],
};

describe('list commands reply exactly as Redis 7.0', () => {
  for (const [name, cases] of Object.entries(sections)) {
    it(name, async () => {
      const c = await t.raw();
      for (const [argv, want] of cases) {
        c.write(resp(...argv));
        const got = await c.expect(want);
        expect(got, argv.join(' ')).toBe(want);
      }
      // Nothing more than the expected bytes arrived.
      await new Promise((r) => setTimeout(r, 20));
      expect(c.pending()).toBe('');
    });
  }
});

describe('lists with real clients', () => {
  it('round-trips every byte value as elements and keys', async () => {
    const c = await t.raw();
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    c.write(resp('RPUSH', all, all, '', '\r\n'));
    expect(await c.expect(':3\r\n')).toBe(':3\r\n');
    c.write(resp('LRANGE', all, '0', '-1'));
    const want = `*3\r\n$256\r\n${all}\r\n$0\r\n\r\n$2\r\n\r\n\r\n`;
    expect(await c.expect(want)).toBe(want);
    c.write(resp('LPOS', all, all));
    expect(await c.expect(':0\r\n')).toBe(':0\r\n');
    c.write(resp('LREM', all, '0', ''));
    expect(await c.expect(':1\r\n')).toBe(':1\r\n');
  });

  it('works through ioredis', async () => {
    const r = t.client({ enableReadyCheck: false });
    expect(await r.rpush('io:l', 'a', 'b', 'c')).toBe(3);
    expect(await r.lpush('io:l', 'z')).toBe(4);
    expect(await r.lrange('io:l', 0, -1)).toEqual(['z', 'a', 'b', 'c']);
    expect(await r.lpop('io:l', 2)).toEqual(['z', 'a']);
    expect(await r.rpop('io:l')).toBe('c');
    expect(await r.lmove('io:l', 'io:m', 'LEFT', 'RIGHT')).toBe('b');
    expect(await r.lpop('io:l')).toBe(null);
    expect(await r.lmpop(1, 'io:m', 'LEFT', 'COUNT', 5)).toEqual(['io:m', ['b']]);
    expect(await r.blpop('io:none', 0.05)).toBe(null);
    await expect(r.lset('io:none', 0, 'x')).rejects.toThrow('ERR no such key');
  });

  it('keeps a long list intact under pushes and pops at both ends', async () => {
    const r = t.client({ enableReadyCheck: false });
    const model: string[] = [];
    const p = r.pipeline();
    for (let i = 0; i < 3000; i++) {
      const v = `v${i}`;
      if (i % 3 === 0) {
        p.lpush('io:long', v);
        model.unshift(v);
      } else {
        p.rpush('io:long', v);
        model.push(v);
      }
      if (i % 7 === 0) {
        p.lpop('io:long');
        model.shift();
      }
    }
    await p.exec();
    expect(await r.llen('io:long')).toBe(model.length);
    expect(await r.lrange('io:long', 0, -1)).toEqual(model);
    expect(await r.lrange('io:long', 100, 199)).toEqual(model.slice(100, 200));
    expect(await r.lindex('io:long', -5)).toBe(model[model.length - 5]);
    expect(await r.ltrim('io:long', 10, -11)).toBe('OK');
    expect(await r.lrange('io:long', 0, -1)).toEqual(model.slice(10, -10));
  });
});
