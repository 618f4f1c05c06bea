/**
 * The RESP request parser. Every case runs as one chunk and byte by byte (and big inputs also at
 * random split points), and all feedings must give the same commands and the same outcome.
 * Expected behaviour and error texts were checked against redis-server 7.0.15 over raw sockets
 * (test/integration/protocol-diff.test.ts repeats the observable ones against it).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BIG_ARG, PROTO_INLINE_MAX_SIZE, RespParser, splitInlineArgs, type ParseOutcome, type ParserHost } from '../../server/protocol/resp-parser.ts';
import { seededRandom } from '../../server/lib/random.ts';

interface Opts {
  maxBulkLen?: number;
  maxQueryBuffer?: number;
  auth?: boolean;
}

function host(o: Opts = {}): ParserHost {
  return {
    limits: { maxBulkLen: o.maxBulkLen ?? 512 * 1024 * 1024, maxQueryBuffer: o.maxQueryBuffer ?? 1024 * 1024 * 1024 },
    authRequired: () => o.auth ?? false,
  };
}

interface Result {
  commands: string[][];
  outcome: ParseOutcome;
  /** Bytes the parser still holds (only meaningful when there was no outcome). */
  buffered: number;
}

/** Long arguments are shown as their length and hash, so a failure prints something readable. */
function short(a: string): string {
  return a.length <= 200 ? a : `<${a.length} bytes, sha1 ${createHash('sha1').update(a, 'latin1').digest('hex')}>`;
}

function feedChunks(chunks: Buffer[], o: Opts): Result {
  const p = new RespParser(host(o));
  const commands: string[][] = [];
  let outcome: ParseOutcome = null;
  for (const c of chunks) {
    outcome = p.feed(c, (a) => commands.push(a.map(short)));
    if (outcome !== null) break;
  }
  return { commands, outcome, buffered: outcome === null ? p.bufferedBytes : -1 };
}

function bytes(input: string | Buffer): Buffer {
  return typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
}

function byteByByte(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i++) out.push(b.subarray(i, i + 1));
  return out;
}

function randomSplits(b: Buffer, seed: number, pieces: number): Buffer[] {
  const r = seededRandom(seed);
  const cuts = new Set<number>();
  while (cuts.size < Math.min(pieces, b.length - 1)) cuts.add(1 + Math.floor(r() * (b.length - 1)));
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of sorted) {
    out.push(b.subarray(prev, c));
    prev = c;
  }
  out.push(b.subarray(prev));
  return out;
}

/** Parses `input` as one chunk and byte by byte; both must agree. Returns the one-chunk result. */
function parse(input: string | Buffer, o: Opts = {}): Result {
  const b = bytes(input);
  const whole = feedChunks([b], o);
  const single = feedChunks(byteByByte(b), o);
  expect(single.commands).toEqual(whole.commands);
  expect(single.outcome).toEqual(whole.outcome);
  expect(single.buffered).toBe(whole.buffered);
  return whole;
}

const perr = (what: string) => ({ protocolError: `ERR Protocol error: ${what}` });
const CLOSE = { close: 'closing client that reached max query buffer length' };

function mb(...args: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const x = bytes(a);
    parts.push(Buffer.from(`$${x.length}\r\n`), x, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

describe('multibulk requests', () => {
  it('parses a command', () => {
    expect(parse('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n')).toEqual({ commands: [['SET', 'k', 'hello']], outcome: null, buffered: 0 });
  });

  it('keeps an incomplete request and reports its bytes', () => {
    const r = parse('*2\r\n$3\r\nGET\r\n$3\r\nab');
    expect(r.commands).toEqual([]);
    expect(r.outcome).toBeNull();
    expect(r.buffered).toBeGreaterThan(0);
  });

  it('parses empty bulk arguments', () => {
    expect(parse('*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n').commands).toEqual([['SET', '', '']]);
  });

  it('skips *0 and *-1 (and any negative count) as Redis does', () => {
    expect(parse('*0\r\n*-1\r\n*-99\r\n*-9223372036854775808\r\n*1\r\n$4\r\nPING\r\n')).toEqual({ commands: [['PING']], outcome: null, buffered: 0 });
  });

  it('does not check the bytes after a bulk (Redis skips 2 bytes blindly)', () => {
    expect(parse('*1\r\n$4\r\nPINGxy*1\r\n$4\r\nECHO\r\n').commands).toEqual([['PING'], ['ECHO']]);
  });

  it('round-trips every byte value, including CR, LF and NUL inside arguments', () => {
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    const r = parse(mb('SET', all, '\r\n\0\xff'));
    expect(r.commands).toEqual([['SET', short(all), '\r\n\0\xff']]);
    expect(all.length).toBe(256);
  });

  it('parses many commands in one chunk, multibulk and inline mixed, in order', () => {
    const parts: Buffer[] = [];
    const want: string[][] = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 3 === 0) {
        parts.push(Buffer.from(`SET key:${i} ${i}\r\n`));
        want.push(['SET', `key:${i}`, String(i)]);
      } else {
        parts.push(mb('INCR', `n${i}`));
        want.push(['INCR', `n${i}`]);
      }
    }
    const input = Buffer.concat(parts);
    expect(parse(input)).toEqual({ commands: want, outcome: null, buffered: 0 });
    for (let seed = 1; seed <= 5; seed++) expect(feedChunks(randomSplits(input, seed, 200), {}).commands).toEqual(want);
  });

  it('accepts counts and lengths up to the limits', () => {
    expect(parse('*2147483647\r\n').outcome).toBeNull();
    expect(parse('*1\r\n$536870912\r\n').outcome).toBeNull();
    expect(parse('*1\r\n$100\r\n', { maxBulkLen: 100 }).outcome).toBeNull();
  });
});

describe('big bulk arguments (>= 32 KB, assembled in their own buffer)', () => {
  const r = seededRandom(1234);
  const big = Buffer.alloc(40000);
  for (let i = 0; i < big.length; i++) big[i] = Math.floor(r() * 256);
  const bigStr = short(big.toString('latin1'));

  it('parses a 40 KB argument as one chunk and byte by byte', () => {
    expect(parse(mb('SET', 'k', big)).commands).toEqual([['SET', 'k', bigStr]]);
  });

  it('parses it split at random points, followed by more commands', () => {
    const input = Buffer.concat([mb('SET', 'k', big), mb('GET', 'k'), Buffer.from('PING\r\n'), mb('SET', big, big)]);
    const want = [['SET', 'k', bigStr], ['GET', 'k'], ['PING'], ['SET', bigStr, bigStr]];
    expect(parse(input).commands).toEqual(want);
    for (let seed = 1; seed <= 20; seed++) {
      const got = feedChunks(randomSplits(input, seed, 1 + (seed % 7) * 5), {});
      expect(got.commands).toEqual(want);
      expect(got.buffered).toBe(0);
    }
  });

  it('treats the sizes around the threshold alike', () => {
    for (const n of [BIG_ARG - 1, BIG_ARG, BIG_ARG + 1]) {
      const v = 'v'.repeat(n);
      expect(parse(Buffer.concat([mb('SET', 'k', v), mb('PING')])).commands).toEqual([['SET', 'k', short(v)], ['PING']]);
    }
  });

  it('closes without a reply once more than client-query-buffer-limit bytes of one argument are buffered', () => {
    const limit = 100_000;
    // n + 2 (the value and its CRLF) is what Redis's query buffer holds.
    expect(parse(mb('SET', 'k', 'x'.repeat(limit - 2)), { maxQueryBuffer: limit }).commands).toEqual([['SET', 'k', short('x'.repeat(limit - 2))]]);
    expect(parse(mb('SET', 'k', 'x'.repeat(limit - 1)), { maxQueryBuffer: limit })).toEqual({ commands: [], outcome: CLOSE, buffered: -1 });
    // Only the bytes that arrived count: a big announced length alone does not close.
    expect(parse(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${limit * 10}\r\n` + 'x'.repeat(limit - 10), { maxQueryBuffer: limit }).outcome).toBeNull();
    expect(parse(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${limit * 10}\r\n` + 'x'.repeat(limit + 1), { maxQueryBuffer: limit }).outcome).toEqual(CLOSE);
  });

  it('does not count the arguments already parsed toward the query buffer limit', () => {
    const limit = 100_000;
    const v = 'y'.repeat(60_000);
    expect(parse(mb('SET', v, v), { maxQueryBuffer: limit }).commands).toEqual([['SET', short(v), short(v)]]);
  });

  it('delivers the commands before the one that hit the limit', () => {
    const limit = 100_000;
    const r1 = parse(Buffer.concat([mb('PING'), mb('SET', 'k', 'x'.repeat(limit))]), { maxQueryBuffer: limit });
    expect(r1).toEqual({ commands: [['PING']], outcome: CLOSE, buffered: -1 });
  });
});

describe('inline requests', () => {
  it('splits on spaces and accepts \\r\\n or \\n', () => {
    expect(parse('SET k v\r\nGET   k\nPING\r\n').commands).toEqual([['SET', 'k', 'v'], ['GET', 'k'], ['PING']]);
  });

  it('ignores empty and blank lines', () => {
    expect(parse('\r\n\n   \r\n\t\n\r\nPING\r\n')).toEqual({ commands: [['PING']], outcome: null, buffered: 0 });
  });

  it('handles double quotes with C escapes and \\xHH', () => {
    expect(parse('SET "a b" "\\x41\\x4a\\n\\r\\t\\b\\a\\"\\\\\\q"\r\n').commands).toEqual([['SET', 'a b', 'AJ\n\r\t\b\x07"\\q']]);
    // \x without two hex digits is an escaped 'x'.
    expect(parse('ECHO "\\x4g\\x"\r\n').commands).toEqual([['ECHO', 'x4gx']]);
    expect(parse('ECHO "\\xff\\x00"\r\n').commands).toEqual([['ECHO', '\xff\x00']]);
  });

  it("handles single quotes where only \\' is an escape", () => {
    expect(parse("ECHO 'it\\'s' 'a\\nb' ''\r\n").commands).toEqual([['ECHO', "it's", 'a\\nb', '']]);
  });

  it('joins quoted and unquoted parts of one argument', () => {
    expect(parse('ECHO ab"c d" x\r\n').commands).toEqual([['ECHO', 'abc d', 'x']]);
  });

  it('treats \\v and \\f as blanks between arguments but not as argument ends (sdssplitargs)', () => {
    expect(parse('\x0b\x0cECHO a\x0bb\r\n').commands).toEqual([['ECHO', 'a\x0bb']]);
    expect(parse('ECHO "ab"\x0b\r\n').commands).toEqual([['ECHO', 'ab']]);
  });

  it('replies a protocol error for unbalanced quotes, after the commands before it', () => {
    expect(parse('PING\r\nECHO "abc\r\nPING\r\n')).toEqual({ commands: [['PING']], outcome: perr('unbalanced quotes in request'), buffered: -1 });
    expect(parse("ECHO 'abc\r\n").outcome).toEqual(perr('unbalanced quotes in request'));
    expect(parse('ECHO "abc"d\r\n').outcome).toEqual(perr('unbalanced quotes in request'));
    expect(parse('ECHO a"b c"d\r\n').outcome).toEqual(perr('unbalanced quotes in request'));
    expect(parse('ECHO "\\x41\r\n').outcome).toEqual(perr('unbalanced quotes in request'));
    expect(parse('ECHO "abc\\\r\n').outcome).toEqual(perr('unbalanced quotes in request'));
  });

  it('rejects an inline request longer than 64 KB without a newline', () => {
    expect(parse('x'.repeat(PROTO_INLINE_MAX_SIZE))).toEqual({ commands: [], outcome: null, buffered: PROTO_INLINE_MAX_SIZE });
    expect(parse('PING\r\n' + 'x'.repeat(PROTO_INLINE_MAX_SIZE + 1))).toEqual({ commands: [['PING']], outcome: perr('too big inline request'), buffered: -1 });
  });

  it('waits forever on a line with a NUL before its newline (strchr stops there), then overflows', () => {
    expect(parse('PING a\0b\n')).toEqual({ commands: [], outcome: null, buffered: 9 });
    expect(parse('PING a\0b\n' + 'x'.repeat(PROTO_INLINE_MAX_SIZE)).outcome).toEqual(perr('too big inline request'));
  });

  it('exposes sdssplitargs on strings', () => {
    expect(splitInlineArgs('  set "a\\x20b" \'c\'  ')).toEqual(['set', 'a b', 'c']);
    expect(splitInlineArgs('"unterminated')).toBeNull();
    expect(splitInlineArgs('')).toEqual([]);
  });
});

describe('protocol errors (exact Redis texts)', () => {
  it('invalid multibulk length', () => {
    for (const line of ['*x', '*', '*1x', '*01', '*-0', '*+1', '* 1', '*2147483648', '*9223372036854775808', '*-9223372036854775809', '*99999999999999999999999']) {
      expect(parse(`${line}\r\n`).outcome, line).toEqual(perr('invalid multibulk length'));
    }
  });

  it('invalid bulk length', () => {
    for (const line of ['$-1', '$', '$x', '$+1', '$01', '$-0', '$1 ', '$9223372036854775808', '$536870913']) {
      expect(parse(`*1\r\n${line}\r\n`).outcome, line).toEqual(perr('invalid bulk length'));
    }
    expect(parse('*1\r\n$101\r\n', { maxBulkLen: 100 }).outcome).toEqual(perr('invalid bulk length'));
  });

  it("expected '$', got 'x'", () => {
    expect(parse('*1\r\nx4\r\n').outcome).toEqual(perr("expected '$', got 'x'"));
    expect(parse('*2\r\n$4\r\nECHO\r\n:4\r\n').outcome).toEqual(perr("expected '$', got ':'"));
    expect(parse('*1\r\n\xff\r\n').outcome).toEqual(perr("expected '$', got '\xff'"));
    // An empty line: the byte seen is the '\r' (the writer turns it into a space, as Redis does).
    expect(parse('*1\r\n\r\n').outcome).toEqual(perr("expected '$', got '\r'"));
    expect(parse('*1\r\n\n\r\n').outcome).toEqual(perr("expected '$', got '\n'"));
  });

  it('too big mbulk count string / too big bulk count string', () => {
    expect(parse('*' + '1'.repeat(PROTO_INLINE_MAX_SIZE - 1)).outcome).toBeNull();
    expect(parse('*' + '1'.repeat(PROTO_INLINE_MAX_SIZE)).outcome).toEqual(perr('too big mbulk count string'));
    expect(parse('*1\r\n$' + '1'.repeat(PROTO_INLINE_MAX_SIZE - 1)).outcome).toBeNull();
    expect(parse('*1\r\n$' + '1'.repeat(PROTO_INLINE_MAX_SIZE)).outcome).toEqual(perr('too big bulk count string'));
    expect(parse('*1\r\n$4\r\nPING\r\n*1\r\n' + '\0'.repeat(PROTO_INLINE_MAX_SIZE + 1))).toEqual({
      commands: [['PING']],
      outcome: perr('too big bulk count string'),
      buffered: -1,
    });
  });

  it('a NUL in a header line leaves the request waiting, like strchr in Redis', () => {
    expect(parse('*1\0\r\n').outcome).toBeNull();
    expect(parse('*1\r\n\0\r\n').outcome).toBeNull();
    expect(parse('*1\r\n$1\0\r\n').outcome).toBeNull();
    expect(parse('*1\0\r\n' + 'x'.repeat(PROTO_INLINE_MAX_SIZE)).outcome).toEqual(perr('too big mbulk count string'));
  });

  it('unauthenticated clients: at most 10 arguments and 16 KB per bulk', () => {
    expect(parse('*10\r\n', { auth: true }).outcome).toBeNull();
    expect(parse('*11\r\n', { auth: true }).outcome).toEqual(perr('unauthenticated multibulk length'));
    expect(parse('*11\r\n', { auth: false }).outcome).toBeNull();
    expect(parse('*1\r\n$16384\r\n', { auth: true }).outcome).toBeNull();
    expect(parse('*1\r\n$16385\r\n', { auth: true }).outcome).toEqual(perr('unauthenticated bulk length'));
    // The bulk length is validated first.
    expect(parse('*1\r\n$-5\r\n', { auth: true }).outcome).toEqual(perr('invalid bulk length'));
  });

  it('delivers the commands before the bad one', () => {
    expect(parse('PING\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$x\r\nPING\r\n')).toEqual({
      commands: [['PING'], ['PING']],
      outcome: perr('invalid bulk length'),
      buffered: -1,
    });
  });
});

describe('random garbage', () => {
  it('never throws, and any feeding gives the same result', () => {
    const r = seededRandom(77);
    const alphabet = ['*', '$', '\r', '\n', '\r\n', '1', '3', '-', '0', 'a', ' ', '"', "'", '\\', '\0', '\xff', 'PING', '*1\r\n$4\r\nPING\r\n'];
    for (let n = 0; n < 300; n++) {
      let s = '';
      const len = Math.floor(r() * 60);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      const b = bytes(s);
      const whole = parse(b);
      const split = feedChunks(randomSplits(b, n, 5), {});
      expect(split.commands).toEqual(whole.commands);
      expect(split.outcome).toEqual(whole.outcome);
    }
  });
});
