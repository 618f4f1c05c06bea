/** The differential harness's own parts, checked without any server: reply framing, the script
 *  language, the normalisation rules (each must reject what it should), and generator determinism. */
import { describe, expect, it } from 'vitest';
import { parseReply, type RNode } from '../helpers/redis-ref.ts';
import { compareReplies } from './lib/rules.ts';
import { formatArgv, parseScript, quote, splitWords } from './lib/script.ts';
import { CommandGenerator } from './lib/generator.ts';

function node(raw: string): RNode {
  const r = parseReply(raw, 0);
  if (r === null || r.end !== raw.length) throw new Error(`not one whole reply: ${JSON.stringify(raw)}`);
  return r.node;
}
const bulks = (...xs: string[]) => `*${xs.length}\r\n${xs.map((x) => `$${x.length}\r\n${x}\r\n`).join('')}`;
const cmp = (argv: string, r: string, p: string, oracle?: [string, string]) =>
  compareReplies(splitWords(argv), node(r), node(p), oracle ? { redis: node(oracle[0]), podium: node(oracle[1]) } : null);

describe('reply framing', () => {
  const replies = [
    '+OK\r\n',
    '-ERR x\r\n',
    ':-5\r\n',
    '$-1\r\n',
    '$0\r\n\r\n',
    '$4\r\na\r\nb\r\n',
    '*-1\r\n',
    '*2\r\n$1\r\na\r\n*1\r\n:1\r\n',
    '%1\r\n+k\r\n~2\r\n:1\r\n:2\r\n',
    '_\r\n',
    ',1.5\r\n',
    '#t\r\n',
    '=8\r\ntxt:abcd\r\n',
    '(12345678901234567890\r\n',
    '!3\r\nERR\r\n',
    '>2\r\n+a\r\n+b\r\n',
  ];
  it('frames every RESP2/RESP3 type exactly, and waits for incomplete input', () => {
    for (const r of replies) {
      expect(parseReply(r, 0)?.end).toBe(r.length);
      for (let cut = 1; cut < r.length; cut++) {
        // A prefix is never taken for a whole reply, unless the prefix is itself one (never here).
        expect(parseReply(r.slice(0, cut), 0)).toBeNull();
      }
    }
    const all = replies.join('');
    let pos = 0;
    let n = 0;
    for (;;) {
      const r = parseReply(all, pos);
      if (r === null) break;
      pos = r.end;
      n++;
    }
    expect([n, pos]).toEqual([replies.length, all.length]);
  });
});

describe('script language', () => {
  it('splits words like redis-cli and round-trips through quote()', () => {
    expect(splitWords(`SET "a b" 'c d' "\\x00\\xff\\r\\n\\"" e`)).toEqual(['SET', 'a b', 'c d', '\x00\xff\r\n"', 'e']);
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    expect(splitWords(quote(all))).toEqual([all]);
    expect(splitWords(formatArgv(['x', '', 'a b', all]))).toEqual(['x', '', 'a b', all]);
  });
  it('parses directives and keeps line numbers', () => {
    const steps = parseScript('\n  # comment\n  GET k\n  @conn b\n  @sleep 5\n  @raw "PING\\r\\n" 1\n  @closed\n');
    expect(steps.map((s) => [s.kind, s.line])).toEqual([['cmd', 3], ['conn', 4], ['sleep', 5], ['raw', 6], ['closed', 7]]);
    expect(() => parseScript('@nope')).toThrow();
    expect(() => parseScript('GET "unbalanced')).toThrow();
  });
});

describe('normalisation rules', () => {
  it('compares ordinary replies and every error byte for byte', () => {
    expect(cmp('GET k', '$1\r\na\r\n', '$1\r\na\r\n')).toBeNull();
    expect(cmp('GET k', '$1\r\na\r\n', '$1\r\nb\r\n')).not.toBeNull();
    expect(cmp('SMEMBERS k', '-WRONGTYPE x\r\n', '-WRONGTYPE y\r\n')).not.toBeNull();
    expect(cmp('TTL k', '-ERR a\r\n', ':5\r\n')).not.toBeNull();
    expect(cmp('LRANGE k 0 -1', bulks('a', 'b'), bulks('b', 'a'))).not.toBeNull();
  });
  it('compares unordered collections as multisets, and nothing more loosely', () => {
    expect(cmp('SMEMBERS k', bulks('a', 'b', 'c'), bulks('c', 'a', 'b'))).toBeNull();
    expect(cmp('SMEMBERS k', bulks('a', 'b'), bulks('a', 'c'))).not.toBeNull();
    expect(cmp('SMEMBERS k', bulks('a', 'b'), bulks('a', 'b', 'b'))).not.toBeNull();
    expect(cmp('SMEMBERS k', '~2\r\n$1\r\na\r\n$1\r\nb\r\n', '*2\r\n$1\r\nb\r\n$1\r\na\r\n')).not.toBeNull();
    expect(cmp('HGETALL h', bulks('f', '1', 'g', '2'), bulks('g', '2', 'f', '1'))).toBeNull();
    expect(cmp('HGETALL h', bulks('f', '1', 'g', '2'), bulks('f', '2', 'g', '1'))).not.toBeNull();
    expect(cmp('KEYS *', bulks('x', 'y'), bulks('y', 'x'))).toBeNull();
  });
  it('SCAN: a one-call answer from cursor 0 must match as a multiset; later pages by shape', () => {
    const page = (cursor: string, ...xs: string[]) => `*2\r\n$${cursor.length}\r\n${cursor}\r\n${bulks(...xs)}`;
    expect(cmp('SCAN 0', page('0', 'a', 'b'), page('0', 'b', 'a'))).toBeNull();
    expect(cmp('SCAN 0', page('0', 'a', 'b'), page('0', 'b'))).not.toBeNull();
    expect(cmp('SCAN 0', page('0', 'a', 'b'), page('3', 'b'))).not.toBeNull();
    expect(cmp('SCAN 5', page('7', 'a'), page('2', 'b', 'c'))).toBeNull();
    expect(cmp('HSCAN h 0', page('0', 'f', '1', 'g', '2'), page('0', 'g', '2', 'f', '1'))).toBeNull();
    expect(cmp('HSCAN h 0', page('0', 'f', '1', 'g', '2'), page('0', 'g', '1', 'f', '2'))).not.toBeNull();
    // Small encodings answer everything at once whatever COUNT says: that must match.
    expect(cmp('SSCAN s 0 COUNT 1', page('0', 'a', 'b', 'c'), page('2', 'a'))).not.toBeNull();
    // COUNT reached or a filter applied: pages depend on Redis's hash seed; only the shape counts.
    expect(cmp('SCAN 0 COUNT 2', page('0', 'a', 'b'), page('5', 'c'))).toBeNull();
    expect(cmp('SCAN 0 MATCH x*', page('0', 'x1'), page('5'))).toBeNull();
    expect(cmp('SCAN 0 COUNT 2', page('0', 'a', 'b'), '-ERR x\r\n')).not.toBeNull();
  });
  it('allows TTLs a second apart, PTTLs 250 ms apart, and negatives only exactly', () => {
    expect(cmp('TTL k', ':100\r\n', ':99\r\n')).toBeNull();
    expect(cmp('TTL k', ':100\r\n', ':98\r\n')).not.toBeNull();
    expect(cmp('TTL k', ':-1\r\n', ':-2\r\n')).not.toBeNull();
    expect(cmp('TTL k', ':0\r\n', ':-2\r\n')).not.toBeNull();
    expect(cmp('PTTL k', ':100000\r\n', ':99900\r\n')).toBeNull();
    expect(cmp('PTTL k', ':100000\r\n', ':100\r\n')).not.toBeNull();
  });
  it('checks random picks against the collection they came from', () => {
    const set: [string, string] = [bulks('a', 'b', 'c'), bulks('c', 'b', 'a')];
    expect(cmp('SRANDMEMBER s', '$1\r\na\r\n', '$1\r\nc\r\n', set)).toBeNull();
    expect(cmp('SRANDMEMBER s', '$1\r\na\r\n', '$1\r\nz\r\n', set)).not.toBeNull();
    expect(cmp('SRANDMEMBER s 2', bulks('a', 'b'), bulks('c', 'a'), set)).toBeNull();
    expect(cmp('SRANDMEMBER s 2', bulks('a', 'b'), bulks('a', 'a'), set)).not.toBeNull();
    expect(cmp('SRANDMEMBER s 2', bulks('a', 'b'), bulks('a'), set)).not.toBeNull();
    expect(cmp('SRANDMEMBER s -3', bulks('a', 'a', 'b'), bulks('c', 'c', 'c'), set)).toBeNull();
    expect(cmp('SPOP s', '$1\r\na\r\n', '$1\r\nb\r\n', set)).toBeNull();
    expect(cmp('SRANDMEMBER s', '$1\r\na\r\n', '$1\r\na\r\n', [bulks('a', 'b'), bulks('a')])).toBeNull();
    expect(cmp('SRANDMEMBER s 2', bulks('a', 'b'), bulks('b', 'a'), [bulks('a', 'b'), bulks('a', 'c')])).not.toBeNull();
    const hash: [string, string] = [bulks('f', '1', 'g', '2'), bulks('g', '2', 'f', '1')];
    expect(cmp('HRANDFIELD h 2 WITHVALUES', bulks('f', '1', 'g', '2'), bulks('g', '2', 'f', '1'), hash)).toBeNull();
    expect(cmp('HRANDFIELD h 2 WITHVALUES', bulks('f', '1', 'g', '2'), bulks('g', '1', 'f', '2'), hash)).not.toBeNull();
    expect(cmp('RANDOMKEY', '$1\r\nx\r\n', '$1\r\ny\r\n', [bulks('x', 'y'), bulks('y', 'x')])).toBeNull();
    expect(cmp('RANDOMKEY', '$1\r\nx\r\n', '$-1\r\n', [bulks('x', 'y'), bulks('y', 'x')])).not.toBeNull();
  });
  it('CLIENT LIST: same clients and fields, deterministic values exact, the harness connection ignored', () => {
    const line = (id: number, name: string, extra = '') => `id=${id} addr=127.0.0.1:${id} name=${name} db=0 flags=N cmd=client|list${extra}`;
    const admin = line(3, '__diff_admin__') + ' ';
    const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
    expect(cmp('CLIENT LIST', bulk(`${admin}\n${line(5, 'a')}\n`), bulk(`${line(9, 'a')}\n`))).toBeNull();
    expect(cmp('CLIENT LIST', bulk(`${line(5, 'a')}\n`), bulk(`${line(9, 'b')}\n`))).not.toBeNull();
    expect(cmp('CLIENT LIST', bulk(`${line(5, 'a')}\n`), bulk(`${line(9, 'a', ' x=1')}\n`))).not.toBeNull();
    expect(cmp('CLIENT LIST', bulk(`${line(5, 'a')}\n`), bulk(`${line(9, 'a')}\n${line(10, 'b')}\n`))).not.toBeNull();
  });
  it('INFO: same sections and exact key counts', () => {
    const info = (s: string) => `$${s.length}\r\n${s}\r\n`;
    const a = '# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=99812\r\n';
    expect(cmp('INFO keyspace', info(a), info('# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n'))).toBeNull();
    expect(cmp('INFO keyspace', info(a), info('# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\n'))).not.toBeNull();
    expect(cmp('INFO', info('# Server\r\nx:1\r\n\r\n# Clients\r\n'), info('# Server\r\nx:1\r\n'))).not.toBeNull();
  });
  it('EXEC replies are compared under each queued command rule (see differ.ts), TIME by shape', () => {
    expect(cmp('TIME', bulks('1700000000', '5'), bulks('1700000001', '999999'))).toBeNull();
    expect(cmp('TIME', bulks('1700000000', '5'), bulks('1600000000', '5'))).not.toBeNull();
  });
});

describe('command generator', () => {
  it('is determined by its seed', () => {
    const run = (seed: number) => {
      const g = new CommandGenerator(seed, ['keys', 'strings', 'hashes', 'sets', 'lists', 'transactions']);
      return Array.from({ length: 500 }, () => formatArgv(g.next()));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
  it('never puts a random pick inside MULTI and always closes a MULTI', () => {
    const g = new CommandGenerator(3, ['transactions', 'sets', 'hashes', 'keys']);
    let inMulti = false;
    let multis = 0;
    for (let i = 0; i < 5000; i++) {
      const a = g.next();
      const name = a[0].toUpperCase();
      if (name === 'MULTI' && a.length === 1) {
        expect(inMulti).toBe(false);
        inMulti = true;
        multis++;
      } else if (inMulti && (name === 'EXEC' || name === 'DISCARD')) inMulti = false;
      else if (inMulti) expect(['SPOP', 'SRANDMEMBER', 'HRANDFIELD', 'RANDOMKEY']).not.toContain(name);
    }
    expect(multis).toBeGreaterThan(50);
  });
});
