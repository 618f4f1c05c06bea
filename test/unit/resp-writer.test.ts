/**
 * The RESP writer: exact bytes of every reply type in RESP2 and RESP3 (as redis-server 7.0 sends
 * them), doubles in %.17g, big bulks, and take() handing out memory that is never written again.
 */
import { describe, expect, it } from 'vitest';
import { RespWriter } from '../../server/protocol/resp-writer.ts';

function w(proto: 2 | 3): RespWriter {
  const x = new RespWriter();
  x.proto = proto;
  return x;
}

function out(x: RespWriter): string {
  return x.take()?.toString('latin1') ?? '';
}

describe('scalar replies', () => {
  for (const proto of [2, 3] as const) {
    it(`simple, error, integer, bulk in RESP${proto}`, () => {
      const x = w(proto);
      x.simple('OK');
      x.error('ERR syntax error');
      x.error('WRONGTYPE Operation against a key holding the wrong kind of value');
      x.integer(0);
      x.integer(-1);
      x.integer(9007199254740993n);
      x.integer(-9223372036854775808n);
      x.bulk('');
      x.bulk('hello');
      expect(out(x)).toBe(
        '+OK\r\n-ERR syntax error\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n:0\r\n:-1\r\n:9007199254740993\r\n:-9223372036854775808\r\n$0\r\n\r\n$5\r\nhello\r\n',
      );
    });
  }

  it('replaces CR and LF inside errors with spaces so the protocol stays intact', () => {
    const x = w(2);
    x.error("ERR Protocol error: expected '$', got '\r'");
    x.error('ERR a\nb\r\nc');
    expect(out(x)).toBe("-ERR Protocol error: expected '$', got ' '\r\n-ERR a b  c\r\n");
  });

  it('bulk strings carry every byte value unchanged', () => {
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    const x = w(2);
    x.bulk(all);
    x.bulk('\r\n');
    x.bulk(all.slice(0, 31)); // below and above the short-string loop
    const b = x.take()!;
    const want = Buffer.concat([
      Buffer.from('$256\r\n'),
      Buffer.from(all, 'latin1'),
      Buffer.from('\r\n$2\r\n\r\n\r\n$31\r\n'),
      Buffer.from(all.slice(0, 31), 'latin1'),
      Buffer.from('\r\n'),
    ]);
    expect(b.equals(want)).toBe(true);
  });

  it('null, null array, boolean: RESP2 vs RESP3', () => {
    const a = w(2);
    a.null();
    a.nullArray();
    a.bool(true);
    a.bool(false);
    expect(out(a)).toBe('$-1\r\n*-1\r\n:1\r\n:0\r\n');
    const b = w(3);
    b.null();
    b.nullArray();
    b.bool(true);
    b.bool(false);
    expect(out(b)).toBe('_\r\n_\r\n#t\r\n#f\r\n');
  });

  it('verbatim strings: RESP3 "=" with a format, RESP2 a plain bulk', () => {
    const a = w(2);
    a.verbatim('# Server\r\nredis_version:7.0.15\r\n');
    expect(out(a)).toBe('$32\r\n# Server\r\nredis_version:7.0.15\r\n\r\n');
    const b = w(3);
    b.verbatim('# Server\r\nredis_version:7.0.15\r\n');
    b.verbatim('x', 'mkd');
    expect(out(b)).toBe('=36\r\ntxt:# Server\r\nredis_version:7.0.15\r\n\r\n=5\r\nmkd:x\r\n');
  });
});

describe('aggregates', () => {
  it('array, map, set, push in RESP2 (maps flatten to 2n, sets and pushes are arrays)', () => {
    const x = w(2);
    x.array(2);
    x.bulk('a');
    x.integer(1);
    x.map(2);
    x.bulk('k1');
    x.bulk('v1');
    x.bulk('k2');
    x.null();
    x.set(1);
    x.bulk('m');
    x.push(3);
    x.bulk('message');
    x.bulk('ch');
    x.bulk('hi');
    x.array(0);
    x.map(0);
    expect(out(x)).toBe('*2\r\n$1\r\na\r\n:1\r\n*4\r\n$2\r\nk1\r\n$2\r\nv1\r\n$2\r\nk2\r\n$-1\r\n*1\r\n$1\r\nm\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n*0\r\n*0\r\n');
  });

  it('array, map, set, push in RESP3', () => {
    const x = w(3);
    x.array(1);
    x.null();
    x.map(1);
    x.bulk('k');
    x.double(1.5);
    x.set(2);
    x.bulk('a');
    x.bulk('b');
    x.push(2);
    x.bulk('invalidate');
    x.nullArray();
    x.map(0);
    x.set(0);
    expect(out(x)).toBe('*1\r\n_\r\n%1\r\n$1\r\nk\r\n,1.5\r\n~2\r\n$1\r\na\r\n$1\r\nb\r\n>2\r\n$10\r\ninvalidate\r\n_\r\n%0\r\n~0\r\n');
  });

  it('LCS IDX shape as Redis sends it in RESP3 (map of matches and len)', () => {
    const x = w(3);
    x.map(2);
    x.bulk('matches');
    x.array(1);
    x.array(3);
    x.array(2);
    x.integer(4);
    x.integer(7);
    x.array(2);
    x.integer(5);
    x.integer(8);
    x.integer(4);
    x.bulk('len');
    x.integer(6);
    expect(out(x)).toBe('%2\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n');
  });
});

describe('doubles (%.17g, as Redis 7.0 prints them)', () => {
  // Values and texts checked with ZADD/ZSCORE against redis-server 7.0.15 in both protocols.
  const cases: [number, string][] = [
    [1.1, '1.1000000000000001'],
    [1e300, '1.0000000000000001e+300'],
    [1e-5, '1.0000000000000001e-05'],
    [0.0001, '0.0001'],
    [0.500003814697265625, '0.50000381469726562'],
    [5e-324, '4.9406564584124654e-324'],
    [123456789012345678, '1.2345678901234568e+17'],
    [0, '0'],
    [-0, '-0'],
    [3, '3'],
    [-2.5, '-2.5'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ];
  it('RESP2: bulk strings', () => {
    for (const [d, s] of cases) {
      const x = w(2);
      x.double(d);
      expect(out(x), String(d)).toBe(`$${s.length}\r\n${s}\r\n`);
    }
  });
  it('RESP3: "," lines', () => {
    for (const [d, s] of cases) {
      const x = w(3);
      x.double(d);
      expect(out(x), String(d)).toBe(`,${s}\r\n`);
    }
  });
});

describe('buffers', () => {
  it('writes bulks far bigger than the initial buffer', () => {
    const x = w(2);
    const big = 'abcdefghij'.repeat(2_000_000); // 20 MB
    x.simple('before');
    x.bulk(big);
    x.simple('after');
    const b = x.take()!;
    const head = '+before\r\n$20000000\r\n';
    expect(b.length).toBe(head.length + big.length + 2 + '+after\r\n'.length);
    expect(b.subarray(0, head.length).toString('latin1')).toBe(head);
    expect(b.subarray(head.length, head.length + big.length).toString('latin1') === big).toBe(true);
    expect(b.subarray(b.length - 10).toString('latin1')).toBe('\r\n+after\r\n');
  });

  it('take() returns null when nothing was written, and pending counts unsent bytes', () => {
    const x = w(2);
    expect(x.take()).toBeNull();
    x.simple('OK');
    expect(x.pending).toBe(5);
    x.take();
    expect(x.pending).toBe(0);
    expect(x.take()).toBeNull();
  });

  it('never writes into memory it handed out with take()', () => {
    const x = w(2);
    const taken: [Buffer, string][] = [];
    for (let i = 0; i < 5000; i++) {
      x.bulk(`value-${i}-`.repeat((i % 50) + 1));
      if (i % 3 === 0) x.integer(i);
      if (i % 7 === 0) {
        const b = x.take()!;
        taken.push([b, b.toString('latin1')]);
      }
    }
    x.bulk('x'.repeat(100_000));
    taken.push([x.take()!, '']);
    for (let i = 0; i < 100; i++) x.simple('more');
    x.take();
    for (const [b, snapshot] of taken.slice(0, -1)) expect(b.toString('latin1')).toBe(snapshot);
  });

  it('a big reply does not leave a big buffer behind', () => {
    const x = w(2);
    x.bulk('y'.repeat(5_000_000));
    const first = x.take()!;
    x.simple('OK');
    const second = x.take()!;
    expect(second.toString('latin1')).toBe('+OK\r\n');
    expect(second.buffer.byteLength).toBeLessThan(first.buffer.byteLength);
    expect(second.buffer.byteLength).toBeLessThanOrEqual(64 * 1024);
  });
});
