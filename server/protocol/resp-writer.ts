import type { Reply } from '../commands/reply.ts';
import { formatDouble } from '../commands/format.ts';

const CRLF = 0x0d0a;
const MIN_CHUNK = 16 * 1024;
const MAX_KEPT = 1024 * 1024;

/**
 * Encodes replies as RESP2 or RESP3 into a growing byte buffer. The transport collects everything a
 * read batch produced and sends it in one write (`take()`), so a pipeline of N commands costs one
 * syscall, not N.
 *
 * Buffers handed out by take() are never written again: the writer moves on past them, so the socket
 * can hold them without copies.
 */
export class RespWriter implements Reply {
  proto: 2 | 3 = 2;
  private buf: Buffer = Buffer.allocUnsafe(MIN_CHUNK);
  private start = 0;
  private pos = 0;

  /** Bytes written since the last take(). */
  get pending(): number {
    return this.pos - this.start;
  }

  /** Returns the bytes written since the last take(), or null when there are none. */
  take(): Buffer | null {
    if (this.pos === this.start) return null;
    const out = this.buf.subarray(this.start, this.pos);
    // Start a fresh buffer when this one is nearly full, or was grown for a big reply (a connection
    // that once sent 20 MB should not keep 40 MB for the rest of its life).
    if (this.buf.length - this.pos < 1024 || this.buf.length > MAX_KEPT) {
      this.buf = Buffer.allocUnsafe(MIN_CHUNK);
      this.pos = 0;
    }
    this.start = this.pos;
    return out;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    const size = Math.max(MIN_CHUNK, (used + n) * 2);
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, this.start, this.pos);
    this.buf = nb;
    this.start = 0;
    this.pos = used;
  }

  /** Writes a line of ASCII/latin1 text `<prefix><s>\r\n`. */
  private line(prefix: number, s: string): void {
    const n = s.length;
    this.ensure(n + 3);
    const b = this.buf;
    let p = this.pos;
    b[p++] = prefix;
    if (n < 32) {
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    } else {
      p += b.latin1Write(s, p, n);
    }
    b.writeUInt16BE(CRLF, p);
    this.pos = p + 2;
  }

  simple(s: string): void {
    this.line(0x2b, s); // +
  }

  error(msg: string): void {
    // Redis replaces newlines in error texts so the protocol stays intact.
    if (msg.indexOf('\r') >= 0 || msg.indexOf('\n') >= 0) msg = msg.replace(/[\r\n]/g, ' ');
    this.line(0x2d, msg); // -
  }

  integer(n: number | bigint): void {
    this.line(0x3a, String(n)); // :
  }

  bulk(s: string): void {
    const n = s.length;
    const header = String(n);
    this.ensure(n + header.length + 5);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x24; // $
    for (let i = 0; i < header.length; i++) b[p++] = header.charCodeAt(i);
    b.writeUInt16BE(CRLF, p);
    p += 2;
    if (n < 32) {
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    } else {
      p += b.latin1Write(s, p, n);
    }
    b.writeUInt16BE(CRLF, p);
    this.pos = p + 2;
  }

  /** Writes raw bytes already in RESP form (used for pre-encoded messages). */
  raw(bytes: Buffer): void {
    this.ensure(bytes.length);
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  null(): void {
    if (this.proto === 3) this.line(0x5f, ''); // _
    else this.line(0x24, '-1');
  }

  nullArray(): void {
    if (this.proto === 3) this.line(0x5f, '');
    else this.line(0x2a, '-1');
  }

  array(n: number): void {
    this.line(0x2a, String(n)); // *
  }

  map(n: number): void {
    if (this.proto === 3) this.line(0x25, String(n)); // %
    else this.line(0x2a, String(n * 2));
  }

  set(n: number): void {
    if (this.proto === 3) this.line(0x7e, String(n)); // ~
    else this.line(0x2a, String(n));
  }

  double(d: number): void {
    if (this.proto === 3) this.line(0x2c, formatDouble(d)); // ,
    else this.bulk(formatDouble(d));
  }

  bool(b: boolean): void {
    if (this.proto === 3) this.line(0x23, b ? 't' : 'f'); // #
    else this.line(0x3a, b ? '1' : '0');
  }

  verbatim(s: string, format = 'txt'): void {
    if (this.proto === 3) {
      const body = format + ':' + s;
      this.line(0x3d, String(body.length)); // =
      this.ensure(body.length + 2);
      this.pos += this.buf.latin1Write(body, this.pos, body.length);
      this.buf.writeUInt16BE(CRLF, this.pos);
      this.pos += 2;
    } else {
      this.bulk(s);
    }
  }

  push(n: number): void {
    if (this.proto === 3) this.line(0x3e, String(n)); // >
    else this.line(0x2a, String(n));
  }
}
