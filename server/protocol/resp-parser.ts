/**
 * Incremental RESP request parser (multibulk and inline), byte-for-byte compatible with Redis 7's
 * processMultibulkBuffer / processInlineBuffer: same limits, same "Protocol error: ..." texts.
 *
 * Arguments come out as byte strings (latin1: one char per byte), so every byte value round-trips.
 * Chunks may split a request at any byte. A large bulk argument is assembled in one preallocated
 * buffer instead of re-concatenating the input.
 */

/** Longest inline request / header line without a newline (Redis's PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const INT_MAX = 2147483647;
/** Bulk arguments at least this large are assembled in a dedicated buffer. */
const BIG_ARG = 32 * 1024;

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
  /** client-query-buffer-limit: bytes buffered for one incomplete request. */
  maxQueryBuffer: number;
}

export interface ParserHost {
  limits: ParserLimits;
  /** True while the client must still authenticate (tighter limits apply, as in Redis). */
  authRequired(): boolean;
}

export type ParseOutcome =
  | null
  /** Reply this error, then close the connection once the reply is written. */
  | { protocolError: string }
  /** Close without a reply (query buffer limit), as Redis does. */
  | { close: string };

export class RespParser {
  private pending: Buffer | null = null;
  /** Current multibulk: arguments still expected, and those collected so far. */
  private argsLeft = 0;
  private args: string[] = [];
  /** Current big bulk argument being assembled. */
  private big: Buffer | null = null;
  private bigFill = 0;
  /** Bytes held for the request in progress (query buffer accounting). */
  private held = 0;

  constructor(private host: ParserHost) {}

  /** Bytes buffered for the current incomplete request. */
  get bufferedBytes(): number {
    return (this.pending ? this.pending.length : 0) + this.bigFill;
  }

  /**
   * Parses as much of `chunk` as forms complete requests, calling `onCommand` for each in order.
   * Returns null, or what to do about bad input (after the commands before it were delivered).
   */
  feed(chunk: Buffer, onCommand: (args: string[]) => void): ParseOutcome {
    let b: Buffer;
    if (this.big !== null) {
      // Fill the big argument first.
      const need = this.big.length - this.bigFill;
      const n = Math.min(need, chunk.length);
      chunk.copy(this.big, this.bigFill, 0, n);
      this.bigFill += n;
      if (this.bigFill < this.big.length) return this.checkQueryLimit();
      // Drop the trailing CRLF (not checked, as in Redis).
      this.args.push(this.big.latin1Slice(0, this.big.length - 2));
      this.big = null;
      this.bigFill = 0;
      this.argsLeft--;
      if (this.argsLeft === 0) {
        const args = this.args;
        this.args = [];
        this.held = 0;
        onCommand(args);
      }
      b = chunk.subarray(n);
      if (b.length === 0) return null;
    } else if (this.pending !== null) {
      b = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    } else {
      b = chunk;
    }
    return this.parse(b, onCommand);
  }

  private checkQueryLimit(): ParseOutcome {
    if (this.bufferedBytes + this.held > this.host.limits.maxQueryBuffer) {
      return { close: 'closing client that reached max query buffer length' };
    }
    return null;
  }

  private parse(b: Buffer, onCommand: (args: string[]) => void): ParseOutcome {
    const len = b.length;
    let p = 0;
    while (p < len) {
      if (this.argsLeft === 0) {
        const c = b[p];
        if (c !== 0x2a /* * */) {
          // Inline command: a line ended by \n.
          const nl = b.indexOf(0x0a, p);
          if (nl < 0) {
            if (len - p > PROTO_INLINE_MAX_SIZE) return { protocolError: 'Protocol error: too big inline request' };
            return this.keep(b, p);
          }
          let end = nl;
          if (end > p && b[end - 1] === 0x0d) end--;
          const args = splitInlineArgs(b.latin1Slice(p, end));
          p = nl + 1;
          if (args === null) return { protocolError: 'Protocol error: unbalanced quotes in request' };
          if (args.length > 0) onCommand(args);
          continue;
        }
        // Multibulk count line.
        const cr = findCR(b, p, len);
        if (cr < 0 || cr + 1 >= len) {
          if (len - p > PROTO_INLINE_MAX_SIZE) return { protocolError: 'Protocol error: too big mbulk count string' };
          return this.keep(b, p);
        }
        const n = parseHeaderInt(b, p + 1, cr);
        if (n === null || n > INT_MAX) return { protocolError: 'Protocol error: invalid multibulk length' };
        if (n > 10 && this.host.authRequired()) {
          return { protocolError: 'Protocol error: unauthenticated multibulk length' };
        }
        p = cr + 2;
        if (n <= 0) continue;
        this.argsLeft = n;
        this.args = [];
        this.held = 0;
      }
      // Bulk arguments.
      while (this.argsLeft > 0) {
        if (p >= len) return this.keep(b, p);
        const cr = findCR(b, p, len);
        if (cr < 0 || cr + 1 >= len) {
          if (len - p > PROTO_INLINE_MAX_SIZE) return { protocolError: 'Protocol error: too big bulk count string' };
          return this.keep(b, p);
        }
        if (b[p] !== 0x24 /* $ */) {
          return { protocolError: `Protocol error: expected '$', got '${String.fromCharCode(b[p])}'` };
        }
        const n = parseHeaderInt(b, p + 1, cr);
        if (n === null || n < 0 || n > this.host.limits.maxBulkLen) {
          return { protocolError: 'Protocol error: invalid bulk length' };
        }
        if (n > 16384 && this.host.authRequired()) {
          return { protocolError: 'Protocol error: unauthenticated bulk length' };
        }
        const dataStart = cr + 2;
        if (dataStart + n + 2 <= len) {
          this.args.push(n <= SHORT_ARG ? shortString(b, dataStart, n) : b.latin1Slice(dataStart, dataStart + n));
          p = dataStart + n + 2;
          this.argsLeft--;
          continue;
        }
        // Incomplete argument.
        if (n >= BIG_ARG) {
          if (this.held + n > this.host.limits.maxQueryBuffer) {
            return { close: 'closing client that reached max query buffer length' };
          }
          this.big = Buffer.allocUnsafe(n + 2);
          const have = Math.max(0, len - dataStart);
          b.copy(this.big, 0, dataStart, dataStart + have);
          this.bigFill = have;
          this.held += dataStart - p;
          return null;
        }
        return this.keep(b, p);
      }
      const args = this.args;
      this.args = [];
      this.held = 0;
      onCommand(args);
    }
    return null;
  }

  /** Keeps the unparsed tail for the next chunk. */
  private keep(b: Buffer, p: number): ParseOutcome {
    if (p < b.length) this.pending = b.subarray(p);
    // Count collected args of the request in progress toward the query buffer limit.
    let held = 0;
    for (const a of this.args) held += a.length;
    this.held = held;
    return this.checkQueryLimit();
  }
}

/** Header lines are short: a JS scan beats a native indexOf call per line. */
function findCR(b: Buffer, from: number, len: number): number {
  const limit = Math.min(len, from + 32);
  for (let i = from; i < limit; i++) if (b[i] === 0x0d) return i;
  return limit === len ? -1 : b.indexOf(0x0d, limit);
}

/** Arguments up to this many bytes are built in JS (cheaper than a native call for tiny strings). */
const SHORT_ARG = 12;

function shortString(b: Buffer, from: number, n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[from]);
    case 2:
      return String.fromCharCode(b[from], b[from + 1]);
    case 3:
      return String.fromCharCode(b[from], b[from + 1], b[from + 2]);
    case 4:
      return String.fromCharCode(b[from], b[from + 1], b[from + 2], b[from + 3]);
    default: {
      let s = '';
      for (let i = from; i < from + n; i++) s += String.fromCharCode(b[i]);
      return s;
    }
  }
}

/** string2ll on the bytes [from, to): optional '-', digits, no leading zeros or '+', int64 range. */
function parseHeaderInt(b: Buffer, from: number, to: number): number | null {
  if (from >= to) return null;
  let i = from;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
    if (i >= to) return null;
  }
  if (b[i] === 0x30) return to - i === 1 && !neg ? 0 : null;
  let v = 0;
  for (; i < to; i++) {
    const c = b[i] - 0x30;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
    if (v > 9007199254740991) return neg ? -Infinity : Infinity; // beyond what any limit allows
  }
  return neg ? -v : v;
}

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * sdssplitargs: splits an inline request into arguments, with "double quoted" strings (C escapes,
 * \xHH) and 'single quoted' strings. Returns null on unbalanced quotes.
 */
export function splitInlineArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (ch: string) => ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '\v' || ch === '\f';
  while (true) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = '';
    while (!done) {
      if (inq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === 'x' && i + 3 < n + 0 && isHex(line[i + 2] ?? '') && isHex(line[i + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          // Closing quote must be followed by a space or nothing.
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (insq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const ch = line[i];
        if (isSpace(ch)) done = true;
        else if (ch === '"') inq = true;
        else if (ch === "'") insq = true;
        else cur += ch;
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
